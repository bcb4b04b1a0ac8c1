// The sign-in page in the chosen language (the server writes it in English).
import { initialLanguage } from "./i18n.js";

const GERMAN = new Map([
  ["Sign in · DOCSight", "Anmelden · DOCSight"],
  ["Admin password", "Admin-Passwort"],
  ["Sign in", "Anmelden"],
  ["Sign in with the admin password.", "Mit dem Admin-Passwort anmelden."],
  ["Wrong password.", "Falsches Passwort."],
  ["The form expired. Please try again.", "Das Formular ist abgelaufen. Bitte erneut versuchen."],
  ["The form could not be read. Please try again.", "Das Formular war unlesbar. Bitte erneut versuchen."],
  [
    "No admin password is set. Open DOCSight from the Home Assistant sidebar, or set admin_password in the add-on options to sign in here.",
    "Es ist kein Admin-Passwort gesetzt. Öffne DOCSight über die Seitenleiste von Home Assistant oder setze admin_password in den Add-on-Optionen, um dich hier anzumelden.",
  ],
]);
const WAIT = /^Too many failed attempts\. Try again in (\d+) s\.$/;

function german(text) {
  const wait = WAIT.exec(text);
  if (wait) return `Zu viele Fehlversuche. In ${wait[1]} s erneut versuchen.`;
  return GERMAN.get(text) ?? text;
}

if (initialLanguage() === "de") {
  document.documentElement.lang = "de";
  document.title = german(document.title);
  for (const element of document.querySelectorAll(".message, #password-label, #sign-in")) {
    element.textContent = german(element.textContent.trim());
  }
}
