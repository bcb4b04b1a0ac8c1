// Strings of the Glossary page (the entries themselves are in terms_en.js and terms_de.js).
import termsDe from "./terms_de.js";
import termsEn from "./terms_en.js";

export default {
  en: {
    title: "Glossary",
    intro: "The DOCSIS and network terms DOCSight shows, in plain words. Terms on the other pages link here.",
    search_label: "Search the glossary",
    index_label: "All terms",
    count: "{count} terms",
    count_filtered: "{shown} of {count} terms",
    no_match: "No entry matches “{query}”.",
    unknown_term: "The glossary has no entry “{term}”.",
    "section.basics": "Cable basics",
    "section.signal": "Channels and signal",
    "section.errors": "Errors and timeouts",
    "section.connection": "Connection quality",
    "section.lan": "Home network",
    "section.docsight": "How DOCSight rates",
    ...termsEn,
  },
  de: {
    title: "Glossar",
    intro: "Die DOCSIS- und Netzwerkbegriffe, die DOCSight zeigt, in einfachen Worten. Begriffe auf den anderen Seiten verweisen hierher.",
    search_label: "Glossar durchsuchen",
    index_label: "Alle Begriffe",
    count: "{count} Begriffe",
    count_filtered: "{shown} von {count} Begriffen",
    no_match: "Kein Eintrag passt zu „{query}“.",
    unknown_term: "Das Glossar hat keinen Eintrag „{term}“.",
    "section.basics": "Grundlagen Kabelnetz",
    "section.signal": "Kanäle und Signal",
    "section.errors": "Fehler und Timeouts",
    "section.connection": "Verbindungsqualität",
    "section.lan": "Heimnetz",
    "section.docsight": "Wie DOCSight bewertet",
    ...termsDe,
  },
};
