"""Character checks on curated text: invisible and special characters, and look-alike letters.

Guards on the raw files, before any YAML is parsed: UTF-8 without a byte-order mark, and no
invisible or special characters (tabs, control characters, zero-width and other format
characters, non-ASCII spaces). Labels may not hold letters that look like other ones.
"""

from __future__ import annotations

import bisect
import re
import unicodedata


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


def scan_characters(text: str) -> list[tuple[int, int, str, str]]:
    """(line, column, character, expected) of every character a curated file may not hold."""
    found = []
    line_starts = None
    for match in _SUSPECT.finditer(text):
        ch = match.group()
        why = char_problem(ch, match.start() == 0)
        if why is None:
            continue
        if line_starts is None:
            line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
        line = bisect.bisect_right(line_starts, match.start())
        found.append((line, match.start() - line_starts[line - 1] + 1, ch, why))
    return found


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
