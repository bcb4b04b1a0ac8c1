"""Numbers, shares and local times written the way each language writes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

DASH = "–"


@dataclass(frozen=True, slots=True)
class Formatter:
    """Formats figures for one language ("en": 1,234.5; "de": 1.234,5) and one time zone."""

    lang: str
    zone: ZoneInfo

    def number(self, value: float | None, digits: int = 1) -> str:
        """Return a decimal number, or a dash for None."""
        if value is None:
            return DASH
        text = f"{value:,.{digits}f}"
        return self._localised(text)

    def signed(self, value: float | None, digits: int = 1) -> str:
        """Return a decimal number with its sign (+1.5, -0.3), or a dash for None."""
        if value is None:
            return DASH
        return self._localised(f"{value:+,.{digits}f}")

    def count(self, value: int | None) -> str:
        """Return a whole number with thousands separators, or a dash for None."""
        return DASH if value is None else self._localised(f"{value:,d}")

    def share(self, part: int, whole: int) -> str:
        """Return part/whole as a percentage with one decimal ("12.5%", "12,5 %")."""
        pct = 100.0 * part / whole if whole else 0.0
        text = self.number(pct, 1)
        return f"{text} %" if self.lang == "de" else f"{text}%"

    def moment(self, epoch: float) -> str:
        """Return a local date and time ("2026-03-01 14:05", "01.03.2026 14:05")."""
        local = datetime.fromtimestamp(epoch, self.zone)
        pattern = "%d.%m.%Y %H:%M" if self.lang == "de" else "%Y-%m-%d %H:%M"
        return local.strftime(pattern)

    def moment_prose(self, epoch: float) -> str:
        """Return a local date and time for a sentence ("01.03.2026, 14:05 Uhr" in German)."""
        if self.lang != "de":
            return self.moment(epoch)
        local = datetime.fromtimestamp(epoch, self.zone)
        return local.strftime("%d.%m.%Y, %H:%M Uhr")

    def day(self, iso_date: str) -> str:
        """Return a YYYY-MM-DD calendar date in the language's form."""
        if self.lang != "de" or len(iso_date) != 10:
            return iso_date
        year, month, day = iso_date.split("-")
        return f"{day}.{month}.{year}"

    def frequency(self, raw: object) -> str:
        """Return a channel frequency in MHz when it is a bare number (Hz or MHz), else as given."""
        text = str(raw or "").strip()
        try:
            value = float(text)
        except ValueError:
            return text
        megahertz = value / 1e6 if value >= 1e5 else value
        return f"{self._localised(f'{megahertz:g}')} MHz"

    def _localised(self, text: str) -> str:
        if self.lang != "de":
            return text
        return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
