"""Netgear status pages' scripts: the live Init*TagValue lists, commented-out code passed over.

Some firmware keeps a commented-out placeholder of a function (with a dummy tagValueList)
before the real one; only live script counts, as in the browser.
"""

from __future__ import annotations

import re

# Outside scripts: an HTML comment (scripts inside it are dead) or a script element.
_SCRIPT_OPEN = re.compile(r"<!--|<script\b[^>]*>", re.I)
_SCRIPT_CLOSE = re.compile(r"</script\s*>", re.I)
_TAG_FUNCTION = re.compile(r"function\s+(\w*TagValue)\s*\(")
_ANY_FUNCTION = re.compile(r"function\s+\w+\s*\(")
_ASSIGNMENT = re.compile(
    r"tagValueList\s*=\s*(?:'([^'\\]*(?:\\.[^'\\]*)*)'|\"([^\"\\]*(?:\\.[^\"\\]*)*)\")"
)
# Within one line of script: strings (maybe unterminated), block comments, comment marks.
_LINE_TOKEN = re.compile(
    r"'[^'\\\n]*(?:\\.[^'\\\n]*)*'?|\"[^\"\\\n]*(?:\\.[^\"\\\n]*)*\"?|/\*.*?(?:\*/|\Z)|//|<!--"
)


def live_scripts(text: str) -> list[str]:
    """Return the bodies of the script elements outside HTML comments (the text if none)."""
    bodies: list[str] = []
    position = 0
    while (opening := _SCRIPT_OPEN.search(text, position)) is not None:
        if opening.group() == "<!--":
            close = text.find("-->", opening.end())
            position = len(text) if close < 0 else close + 3
            continue
        closing = _SCRIPT_CLOSE.search(text, opening.end())
        bodies.append(text[opening.end() : closing.start() if closing else len(text)])
        position = closing.end() if closing else len(text)
    if not bodies and position == 0:
        return [text]
    return bodies


def _line_dead(script: str, start: int, position: int) -> bool:
    """Return whether a comment or a string opened between start and position on one line."""
    for token in _LINE_TOKEN.finditer(script, start, position):
        mark = token.group()
        if mark[0] in "'\"":
            if len(mark) == 1 or mark[-1] != mark[0]:
                return True
        elif mark.startswith("/*"):
            if len(mark) < 4 or not mark.endswith("*/"):
                return True
        else:
            return True
    return False


def _in_block_comment(script: str, position: int) -> bool:
    """Return whether position lies in a /* */ comment (openers in strings do not count)."""
    end = position
    while (opener := script.rfind("/*", 0, end)) >= 0:
        if script.find("*/", opener + 2, position) >= 0:
            return False
        if not is_commented(script, opener):
            return True
        end = opener
    return False


def is_commented(script: str, position: int) -> bool:
    """Return whether script code at position is dead: in a comment or a string.

    Only the candidate's line is read token by token; block comments are found by searching
    back for their opener, so long scripts cost no more than a few string searches.
    """
    start = script.rfind("\n", 0, position) + 1
    if _in_block_comment(script, start):
        close = script.find("*/", start, position)
        if close < 0:
            return True
        start = close + 2
    return _line_dead(script, start, position)


def tag_value_lists(text: str) -> dict[str, list[list[str]]]:
    """Return each Init*TagValue function's live tagValueLists, pipe-split, in page order.

    Commented-out code (`/* */`, `//`, an HTML comment around a script) is passed over; a
    function defined twice has two lists, the later one being what the browser runs.
    """
    lists: dict[str, list[list[str]]] = {}
    for script in live_scripts(text):
        for head in _TAG_FUNCTION.finditer(script):
            if is_commented(script, head.start()):
                continue
            following = _ANY_FUNCTION.search(script, head.end())
            end = following.start() if following else len(script)
            for assignment in _ASSIGNMENT.finditer(script, head.end(), end):
                if not is_commented(script, assignment.start()):
                    value = assignment.group(1)
                    value = assignment.group(2) if value is None else value
                    lists.setdefault(head.group(1), []).append(value.split("|"))
                    break
    return lists
