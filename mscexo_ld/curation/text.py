"""Character checks on curated text: invisible and special characters, and look-alike letters.

Guards on the raw files, before any YAML is parsed: UTF-8 without a byte-order mark, and no
invisible or special characters (tabs, control characters, zero-width and other format
characters, non-ASCII spaces). Labels may not hold letters that look like other ones.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


def visible(text: str) -> str:
    """``text`` with invisible characters written as escapes (``F\\u200b109``)."""
    return text if text.isprintable() else repr(text)[1:-1]


_CONTROL_NAMES = {
    "\t": "CHARACTER TABULATION (tab)",
    "\x00": "NULL",
    "\x07": "BELL",
    "\x08": "BACKSPACE",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE (NEL)",
}


def describe_char(ch: str) -> str:
    """``U+200B ZERO WIDTH SPACE``: the code point and Unicode name of one character."""
    name = unicodedata.name(ch, "") or _CONTROL_NAMES.get(ch, "control character")
    return f"U+{ord(ch):04X} {name}"


def char_problem(ch: str, at_start: bool) -> str | None:
    """Why ``ch`` may not occur in a curated file (None: it may)."""
    if ch == "\t":
        return "expected spaces: YAML indentation and values use spaces, never tabs"
    if ch == "\ufeff" and at_start:
        return "expected UTF-8 without a byte-order mark: save the file as UTF-8 without BOM"
    category = unicodedata.category(ch)
    if ch in ("\n", "\r"):
        return None
    if category == "Cc":
        return "expected printable text: delete the control character"
    if category == "Cf":
        return "expected no invisible (zero-width or format) characters: delete it"
    if category == "Zs" and ch != " ":
        if ch == "\u00a0":
            return "expected ordinary spaces (U+0020), not non-breaking spaces"
        return "expected ordinary spaces (U+0020), not special spaces"
    if category in ("Zl", "Zp"):
        return "expected ordinary line breaks (U+000A)"
    if category in ("Co", "Cn", "Cs"):
        return "expected assigned, public Unicode characters"
    return None


_SUSPECT = re.compile(r"[^\n\r\x20-\x7e]")
#: The characters _SUSPECT never matches.
_PLAIN = frozenset("\n\r" + "".join(map(chr, range(0x20, 0x7F))))


@dataclass
class CharScan:
    """The characters a curated file may not hold: the first ``limit`` in full, the rest counted.

    Memory stays bounded however many there are: ``shown`` holds at most ``limit`` entries
    (line, column, character, expected), ``more_lines`` the first 21 distinct lines of the rest.
    """

    shown: list[tuple[int, int, str, str]] = field(default_factory=list)
    more: int = 0
    more_lines: list[int] = field(default_factory=list)
    chars: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.shown)


def _breaks(text: str, start: int, end: int) -> int:
    """Line breaks (\\n, \\r, \\r\\n) in ``text[start:end]``."""
    return text.count("\n", start, end) + text.count("\r", start, end) - text.count("\r\n", start, end)


def scan_characters(text: str, limit: int = 10) -> CharScan:
    """Every character a curated file may not hold: the first ``limit`` as (line, column, character, expected)."""
    found = CharScan()
    line, line_start, last = 1, 0, 0
    reasons: dict[str, str | None] = {}  # the reason depends only on the character (and position 0)
    for match in _SUSPECT.finditer(text):
        ch = match.group()
        if match.start() == 0:
            why = char_problem(ch, True)
        else:
            if ch not in reasons:
                reasons[ch] = char_problem(ch, False)
            why = reasons[ch]
        if why is None:
            continue
        start = match.start()
        # neither text[last - 1] nor text[start] is a line break: no \r\n pair straddles a boundary
        line += _breaks(text, last, start)
        line_start = max(line_start, text.rfind("\n", last, start) + 1, text.rfind("\r", last, start) + 1)
        last = start
        found.chars.add(ch)
        if len(found.shown) < limit:
            found.shown.append((line, start - line_start + 1, ch, why))
            continue
        found.more += 1
        if len(found.more_lines) <= 20 and (not found.more_lines or found.more_lines[-1] != line):
            found.more_lines.append(line)
        if len(found.more_lines) > 20:  # every line needed is known: count the rest in bulk
            rest = text[match.end() :]
            for other in set(rest) - _PLAIN:
                if char_problem(other, False) is not None:
                    found.chars.add(other)
                    found.more += rest.count(other)
            break
    return found


def line_has_bad_character(text: str, line: int) -> bool:
    """Whether line ``line`` (1-based) of ``text`` holds a character :func:`scan_characters` reports."""
    start, n = 0, 1
    for m in _LINE_BREAK.finditer(text):
        if n == line:
            return _bad_in(text, start, m.start())
        start, n = m.end(), n + 1
    return n == line and _bad_in(text, start, len(text))


def _bad_in(text: str, start: int, end: int) -> bool:
    return any(char_problem(m.group(), m.start() == 0) for m in _SUSPECT.finditer(text, start, end))


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


#: Characters that look like other ones in a label: character -> the character it is mistaken for.
LOOKALIKES = {
    "\u00df": "\u03b2",  # German sharp s for Greek beta
    "\u00b5": "\u03bc",  # micro sign for Greek mu
    "\u03bf": "o",  # Greek omicron
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\ufe58": "-",
    "\ufe63": "-",
    "\uff0d": "-",
    "\u2018": "'",
    "\u2032": "'",
}
#: Greek capitals that look like Latin capitals.
_GREEK_LATIN = dict(
    zip(
        "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7",
        "ABEZHIKMNOPTYX",
        strict=True,
    )
)
#: Cyrillic letters that look like Latin ones.
_CYRILLIC_LATIN = dict(
    zip(
        "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0430\u0435\u043e\u0440"
        "\u0441\u0443\u0445\u0456\u0458\u0455",
        "ABEKMHOPCTXaeopcyxijs",
        strict=True,
    )
)
#: Dashes (hyphen look-alikes): refused in gene and cargo labels, where '-' is part of the name.
_DASHES = {ch for ch, target in LOOKALIKES.items() if target == "-"}
#: Greek lowercase letters of gene nomenclature (TNF-α, IL-1β, NF-κB, 14-3-3ζ); omicron excluded.
_GREEK_LOWER = {chr(c) for c in range(0x03B1, 0x03CA)} - {"\u03bf", "\u03c2"}


def lookalike(value: str, strict: bool) -> str | None:
    """An expectation text when ``value`` holds a look-alike character, else None.

    ``strict`` (labels of genes, cargo and markers): ASCII and Greek lowercase letters only.
    Otherwise: no Cyrillic letters, no fullwidth forms, no sharp s / micro sign / omicron
    and no Greek capital that looks like a Latin one.
    """
    for i, ch in enumerate(value, start=1):
        if ch.isascii():
            continue
        target = LOOKALIKES.get(ch) or _GREEK_LATIN.get(ch) or _CYRILLIC_LATIN.get(ch)
        if "\uff01" <= ch <= "\uff5e":
            target = chr(ord(ch) - 0xFEE0)
        if target is None and "\u0400" <= ch <= "\u04ff":
            return (
                f"a label in Latin (and Greek) letters; it contains '{ch}' ({describe_char(ch)}) at character {i}, "
                "a Cyrillic letter"
            )
        if target is None and strict and ch not in _GREEK_LOWER:
            return (
                f"a gene or cargo label of ASCII letters, digits and punctuation, or Greek lowercase letters; "
                f"it contains '{ch}' ({describe_char(ch)}) at character {i}"
            )
        if target is None or (not strict and ch in _DASHES | {"\u2018", "\u2032"}):
            continue
        shown = f"'{target}' ({describe_char(target)})" if len(target) == 1 else target
        return (
            f"a label without look-alike characters; it contains '{ch}' ({describe_char(ch)}) at character {i}, "
            f"which looks like {shown}: write that instead"
        )
    return None
