"""The reports' texts by language (English and German), and the summary issue wording."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from . import strings_de, strings_en

LANGUAGES = ("en", "de")
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class Texts:
    """Every text of one language."""

    lang: str
    letter: dict[str, str]
    pdf: dict[str, str]
    placeholders: dict[str, str]
    health: dict[str, str]
    status: dict[str, str]
    note_problems: dict[str, str]
    issue_subjects: dict[str, str]
    issue_levels: dict[str, str]
    issue_sides: dict[str, str]


def _texts(lang: str, module: ModuleType) -> Texts:
    return Texts(
        lang,
        module.LETTER,
        module.PDF,
        module.PLACEHOLDERS,
        module.HEALTH,
        module.STATUS,
        module.NOTE_PROBLEMS,
        module.ISSUE_SUBJECTS,
        module.ISSUE_LEVELS,
        module.ISSUE_SIDES,
    )


_BY_LANGUAGE = {"en": _texts("en", strings_en), "de": _texts("de", strings_de)}


def language(value: str | None) -> str:
    """Return "de" for German ("de", "de-DE", "de_AT"), else English (unknown means en)."""
    base = (value or "").strip().lower().replace("_", "-").split("-", 1)[0]
    return base if base in _BY_LANGUAGE else DEFAULT_LANGUAGE


def texts(lang: str) -> Texts:
    """Return the texts of a language (English for an unknown one)."""
    return _BY_LANGUAGE.get(lang, _BY_LANGUAGE[DEFAULT_LANGUAGE])


def issue_text(issue: str, words: Texts) -> str:
    """Return a summary issue id ("us_power_marginal_low", "snr_critical") in words."""
    for subject, name in words.issue_subjects.items():
        if not issue.startswith(subject + "_"):
            continue
        level, _, side = issue[len(subject) + 1 :].partition("_")
        text = f"{name}: {words.issue_levels.get(level, level)}"
        return f"{text} ({words.issue_sides.get(side, side)})" if side else text
    return issue
