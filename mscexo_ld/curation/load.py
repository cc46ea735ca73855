"""Curated input -> typed records.

Every problem is collected (not only the first) and reported with file, line, record id,
field, the value found and what was expected. Nothing is written anywhere.

Guards on the raw files, before any YAML is parsed: a size limit (:data:`MAX_FILE_BYTES`),
UTF-8 without a byte-order mark, and no invisible or special characters (tabs, control
characters, zero-width and other format characters, non-ASCII spaces). YAML aliases
(``*name``) are refused, so an alias bomb cannot expand, and nesting is limited
(:data:`MAX_DEPTH`).
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mscexo_ld import constants as C
from mscexo_ld.records import (
    AGENT_TYPES,
    CARGO_TYPES,
    DIRECTIONS,
    ENTITY_KINDS,
    MATCH_TYPES,
    MODEL_KINDS,
    MODIFICATION_AGENT_KINDS,
    MODIFICATION_TYPES,
    REGULATED_KINDS,
    REGULATOR_KINDS,
    Corpus,
    Entity,
    EntityRef,
    Finding,
    Mapping,
    Modification,
    Origin,
    Reference,
    Regulation,
    TableRecord,
)

#: Joins the excerpts of an elided quote in the graph; the quote check splits on it.
QUOTE_ELISION = " [\u2026] "
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
CURIE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9.]*:[A-Za-z0-9_.-]+$")
#: Largest curated file read (bytes). The largest real file is ~40 kB; a bigger file is a
#: mistake (a data dump, a wrong file) and is refused before it is read.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Deepest YAML nesting accepted (a finding nests 4 levels: list, record, regulations, regulation).
MAX_DEPTH = 20
#: Shortest evidence quote (the graph's joined quote), as SHACL requires (mscexo:evidenceQuote sh:minLength).
MIN_QUOTE_CHARS = 20
#: At most this many bad characters are reported one by one per file; the rest are summarised.
MAX_CHAR_PROBLEMS = 10


@dataclass(frozen=True)
class Problem:
    """One problem in the curated input."""

    file: str
    line: int | None
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.record:
            parts.append(f"record {_visible(self.record)}")
        if self.field:
            parts.append(f"field '{_visible(self.field)}'")
        return ": ".join(parts) + f": {self.message}"


class CurationError(Exception):
    """The curated input has problems; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _visible(text: str) -> str:
    """``text`` with invisible characters written as escapes (``F\\u200b109``)."""
    return text if text.isprintable() else repr(text)[1:-1]


# ----------------------------------------------------------------------------- characters

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


def _char_problem(ch: str, at_start: bool) -> str | None:
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


def _scan_characters(text: str) -> list[tuple[int, int, str, str]]:
    """(line, column, character, expected) of every character a curated file may not hold."""
    found = []
    line_starts = None
    for match in _SUSPECT.finditer(text):
        ch = match.group()
        why = _char_problem(ch, match.start() == 0)
        if why is None:
            continue
        if line_starts is None:
            line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
        line = bisect.bisect_right(line_starts, match.start())
        found.append((line, match.start() - line_starts[line - 1] + 1, ch, why))
    return found


#: Characters that look like other ones in a label: character -> the character it is mistaken for.
_LOOKALIKES = {
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
    zip("\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7", "ABEZHIKMNOPTYX")
)
#: Cyrillic letters that look like Latin ones.
_CYRILLIC_LATIN = dict(
    zip(
        "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0430\u0435\u043e\u0440"
        "\u0441\u0443\u0445\u0456\u0458\u0455",
        "ABEKMHOPCTXaeopcyxijs",
    )
)
#: Dashes (hyphen look-alikes): refused in gene and cargo labels, where '-' is part of the name.
_DASHES = {ch for ch, target in _LOOKALIKES.items() if target == "-"}
#: Greek lowercase letters of gene nomenclature (TNF-α, IL-1β, NF-κB, 14-3-3ζ); omicron excluded.
_GREEK_LOWER = {chr(c) for c in range(0x03B1, 0x03CA)} - {"\u03bf", "\u03c2"}


def _lookalike(value: str, strict: bool) -> str | None:
    """An expectation text when ``value`` holds a look-alike character, else None.

    ``strict`` (labels of genes, cargo and markers): ASCII and Greek lowercase letters only.
    Otherwise: no Cyrillic letters, no fullwidth forms, no sharp s / micro sign / omicron
    and no Greek capital that looks like a Latin one.
    """
    for i, ch in enumerate(value, start=1):
        if ch.isascii():
            continue
        target = _LOOKALIKES.get(ch) or _GREEK_LATIN.get(ch) or _CYRILLIC_LATIN.get(ch)
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


# ----------------------------------------------------------------------------- YAML with lines


class _Node:
    """A YAML value with its position: ``line`` (1-based), start and end (line, column)."""

    __slots__ = ("end", "flagged", "keys", "line", "start", "value")

    def __init__(self, value: Any, node: yaml.Node):
        self.value = value
        self.line = node.start_mark.line + 1
        self.start = (node.start_mark.line + 1, node.start_mark.column + 1)
        self.end = (node.end_mark.line + 1, node.end_mark.column + 1)
        self.keys: dict[str, tuple[int, int]] = {}
        self.flagged: frozenset[str] = frozenset()


class _DuplicateKey:
    def __init__(self, key: str, line: int, first: int, path: tuple[int | str, ...]):
        self.key, self.line, self.first, self.path = key, line, first, path


class _Refused(Exception):
    """A YAML construct curated input may not use (an alias, too deep nesting)."""

    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


def _alias_message(anchor: str | None) -> str:
    name = f"'*{anchor}'" if anchor else "an alias"
    return (
        f"found the YAML alias {name}; expected plain values: anchors and aliases (&name, *name, <<) are not "
        "allowed in curated input (write each value out)"
    )


def _depth_message() -> str:
    return f"found YAML nested deeper than {MAX_DEPTH} levels; expected a list of records with fields"


class _StrictLoader(yaml.SafeLoader):
    """The pure-Python safe loader, refusing aliases and deep nesting while composing."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark.line + 1, _alias_message(event.anchor))
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(self.peek_event().start_mark.line + 1, _depth_message())
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


#: libyaml's composer when available (15 times faster); any error or alias is re-read by _StrictLoader,
#: so messages are the same with and without libyaml.
_FastLoader = getattr(yaml, "CSafeLoader", None) or _StrictLoader


class _AliasSeen(Exception):
    pass


def _convert(
    node: yaml.Node, loader: Any, duplicates: list[_DuplicateKey], seen: set[int], path: tuple[int | str, ...] = ()
) -> _Node:
    if id(node) in seen:  # the same node object twice: an alias
        raise _AliasSeen()
    seen.add(id(node))
    if len(path) >= MAX_DEPTH:
        raise _Refused(node.start_mark.line + 1, _depth_message())
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in (
        "tag:yaml.org,2002:map",
        "tag:yaml.org,2002:seq",
    ):
        raise _Refused(node.start_mark.line + 1, f"found the YAML tag '{node.tag}'; expected plain values without tags")
    if isinstance(node, yaml.MappingNode):
        out: dict[str, _Node] = {}
        keys: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(
                    key_node.start_mark.line + 1, "found a list or mapping used as a key; expected a field name"
                )
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(
                    key_node.start_mark.line + 1,
                    "found the YAML merge key '<<'; " + _alias_message(None).split("; ", 1)[1],
                )
            key = str(_scalar(key_node, loader))
            position = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            value = _convert(value_node, loader, duplicates, seen, (*path, key))
            if key in keys:
                duplicates.append(_DuplicateKey(key, position[0], keys[key][0], (*path, key)))
                continue
            keys[key] = position
            out[key] = value
        result = _Node(out, node)
        result.keys = keys
        return result
    if isinstance(node, yaml.SequenceNode):
        return _Node([_convert(item, loader, duplicates, seen, (*path, i)) for i, item in enumerate(node.value)], node)
    return _Node(_scalar(node, loader), node)


#: Tags YAML gives plain scalars by itself; any other tag was written explicitly (!!binary, !!python/...).
_IMPLICIT_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_TAG_WORDS = {"int": "an integer", "float": "a number", "timestamp": "a date", "bool": "a boolean"}


def _scalar(node: yaml.Node, loader: Any) -> Any:
    line = node.start_mark.line + 1
    if node.tag not in _IMPLICIT_TAGS:
        raise _Refused(line, f"found the YAML tag '{node.tag}'; expected plain values without tags")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError:
        raise
    except Exception as exc:
        what = _TAG_WORDS.get(node.tag.rsplit(":", 1)[1], "a typed value")
        raise _Refused(
            line,
            f"found {node.value!r}, which YAML reads as {what} but is not a valid one ({exc}); "
            "expected a valid value, or quotes around it if it is text",
        ) from None


def _plain(node: _Node) -> Any:
    if isinstance(node.value, dict):
        return {k: _plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [_plain(v) for v in node.value]
    return node.value


def _compose(text: str, loader_class: Any) -> tuple[_Node | None, list[_DuplicateKey]]:
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, []
        duplicates: list[_DuplicateKey] = []
        return _convert(root, loader, duplicates, set()), duplicates
    finally:
        loader.dispose()


def _record_id(node: _Node) -> str | None:
    if isinstance(node.value, dict):
        for key in ("id", "number"):
            if key in node.value and node.value[key].value is not None:
                return str(node.value[key].value)
    return None


def _locate(tree: _Node | None, line: int, column: int) -> tuple[str | None, str | None]:
    """(record id, field path) of the text at (line, column) of a file: what a character problem is in."""
    if tree is None or not isinstance(tree.value, list):
        return None, None
    pos = (line, column)
    for item in tree.value:
        if item.start <= pos < item.end:
            return _record_id(item), _path_text(_path_at(item, pos)) or None
    return None, None


def _path_at(node: _Node, pos: tuple[int, int]) -> list[int | str]:
    """The path (keys, 0-based list positions) to the innermost field of ``node`` holding ``pos``."""
    if isinstance(node.value, dict):
        before = [(kpos, key) for key, kpos in node.keys.items() if kpos <= pos]
        if not before:
            return []
        key = max(before)[1]
        return [key, *_path_at(node.value[key], pos)]
    if isinstance(node.value, list):
        for i, item in enumerate(node.value):
            if item.start <= pos < item.end:
                return [i, *_path_at(item, pos)]
    return []


def _path_text(path: Iterable[int | str]) -> str:
    """('regulations', 1, 'direction') -> 'regulations[2].direction' (list positions 1-based)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _record_above(text: str, line: int) -> str | None:
    """The id of the record that starts nearest above ``line`` (for syntax errors, where there is no tree)."""
    lines = text.splitlines()[:line]
    for candidate in reversed(lines):
        m = re.match(r"^(?:-\s+)?(?:id|number):\s*[\"'\[{]?([^\"'#\s\[\]{},]+)", candidate)
        if m:
            return m.group(1)
    return None


#: PyYAML's token names, in words.
_TOKENS = {
    "'<block end>'": "the end of an indented block",
    "<block end>": "the end of an indented block",
    "'<block mapping start>'": "a more-indented field",
    "<block mapping start>": "a more-indented field",
    "'<block sequence start>'": "a more-indented list",
    "<block sequence start>": "a more-indented list",
    "'<scalar>'": "a value",
    "<scalar>": "a value",
    "'?'": "a field name",
    "'<stream end>'": "the end of the file",
    "<stream end>": "the end of the file",
}


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or str(exc)
    if problem.startswith("could not determine a constructor for the tag"):
        tag = problem.split("'")[1] if "'" in problem else problem
        if tag == "tag:yaml.org,2002:merge":
            return f"found the YAML merge key '<<'; {_alias_message(None).split('; ', 1)[1]}"
        return f"found the YAML tag '{tag}'; expected plain values without tags"
    indentation = "<block" in problem
    for token, words in _TOKENS.items():
        problem = problem.replace(token, words)
    if exc.problem_mark:
        problem += f" at column {exc.problem_mark.column + 1}"
    if problem.startswith("but found "):  # "expected a single document ...: but found another document"
        return f"YAML syntax error: found {problem[len('but found ') :]}; {exc.context}"
    context = ""
    if exc.context:
        context = f" ({exc.context}" + (f" at line {exc.context_mark.line + 1})" if exc.context_mark else ")")
    return f"YAML syntax error: {problem}{context}" + ("; check the indentation" if indentation else "")


def read_yaml_records(path: Path, rel: str, problems: list[Problem]) -> list[_Node] | None:
    """Read a YAML file that must hold a list of mappings; problems are appended.

    Returns None when the file cannot be read at all (so that references to the records it
    should hold are not reported as dangling as well).
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(
                Problem(
                    rel,
                    None,
                    None,
                    None,
                    f"found a file of {size:,} bytes; expected at most {MAX_FILE_BYTES:,} bytes "
                    f"({MAX_FILE_BYTES // 2**20} MiB) per curated file: it was not read. Split it "
                    "(KIND.part.yaml) or check that it is the right file",
                )
            )
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(rel, None, None, None, f"cannot read file: {exc.strerror}"))
        return None
    for bom, encoding in ((b"\xff\xfe", "UTF-16 (little-endian)"), (b"\xfe\xff", "UTF-16 (big-endian)")):
        if raw.startswith(bom):
            problems.append(
                Problem(
                    rel,
                    1,
                    None,
                    None,
                    f"found {encoding} text (byte-order mark "
                    f"{bom.hex(' ').upper()}); expected UTF-8: save the file as UTF-8",
                )
            )
            return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(
            Problem(
                rel,
                line,
                _record_above(raw[: exc.start].decode("utf-8", "replace"), line),
                None,
                f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start} (column {column}); expected UTF-8 "
                "text (was the file saved as Latin-1 or Windows-1252?)",
            )
        )
        return None
    bad_chars = _scan_characters(text)
    flagged_lines = {line for line, *_ in bad_chars}
    if text.startswith("\ufeff"):
        text = text[1:]  # reported above as a character problem
    if not text.strip():
        problems.append(Problem(rel, None, None, None, "empty file; expected a YAML list of records"))
        return None
    fatal: Problem | None = None
    tree: _Node | None = None
    duplicates: list[_DuplicateKey] = []
    try:
        try:
            tree, duplicates = _compose(text, _FastLoader)
        except (yaml.YAMLError, _Refused, _AliasSeen):
            if _FastLoader is _StrictLoader:
                raise
            tree, duplicates = _compose(text, _StrictLoader)  # the same input, for the pure-Python message
    except _Refused as exc:
        fatal = Problem(rel, exc.line, _record_above(text, exc.line), None, exc.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        record = None if "document" in str(exc.problem) else _record_above(text, line or 0)
        fatal = Problem(rel, line, record, None, _syntax_message(exc))
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        fatal = Problem(rel, line, None, None, f"found {describe_char(chr(exc.character))}; expected printable text")
    except yaml.YAMLError as exc:
        fatal = Problem(rel, None, None, None, f"YAML error: {exc}")
    # The characters first: a tab or a control character often causes the syntax error too.
    for n, (line, column, ch, why) in enumerate(bad_chars):
        if n == MAX_CHAR_PROBLEMS:
            rest = bad_chars[n:]
            more_lines = sorted({line for line, *_ in rest})
            problems.append(
                Problem(
                    rel,
                    rest[0][0],
                    None,
                    None,
                    f"found {len(rest)} more characters like those above, on lines "
                    f"{', '.join(map(str, more_lines[:20]))}{' ...' if len(more_lines) > 20 else ''}; "
                    "expected none: fix them the same way",
                )
            )
            break
        record, field = _locate(tree, line, column) if tree is not None else (_record_above(text, line), None)
        problems.append(
            Problem(rel, line, record, field, f"found '{_visible(ch)}' ({describe_char(ch)}) at column {column}; {why}")
        )
    if fatal is not None:
        if not (fatal.line in flagged_lines and bad_chars):
            problems.append(fatal)
        return None
    if tree is None:
        problems.append(
            Problem(rel, None, None, None, "no YAML document (only comments); expected a YAML list of records")
        )
        return None
    if not isinstance(tree.value, list):
        found = _kind_of(_plain(tree))
        hint = ""
        if isinstance(tree.value, dict):
            hint = f" (with keys {', '.join(list(tree.value)[:5])}): start each record with '- '"
        problems.append(
            Problem(rel, tree.line, _record_id(tree), None, f"found {found}{hint}; expected a YAML list of records")
        )
        return None
    for dup in duplicates:
        record = _record_id(tree.value[dup.path[0]]) if dup.path and isinstance(dup.path[0], int) else None
        field = _path_text(dup.path[1:] if dup.path and isinstance(dup.path[0], int) else dup.path)
        problems.append(
            Problem(
                rel,
                dup.line,
                record,
                field,
                f"key given twice in one record (first at line {dup.first}); expected each field once",
            )
        )
    flagged = frozenset(ch for *_, ch, _why in bad_chars)
    records = []
    for item in tree.value:
        if not isinstance(item.value, dict):
            problems.append(
                Problem(rel, item.line, None, None, f"found {_plain(item)!r}; expected a record (a mapping of fields)")
            )
            continue
        item.flagged = flagged
        records.append(item)
    return records


def _kind_of(value: Any) -> str:
    names = {
        dict: "a mapping",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        type(None): "nothing (null)",
    }
    return names.get(type(value), f"a {type(value).__name__}")


# ----------------------------------------------------------------------------- field checking


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)


def _clean(text: str, flagged: frozenset[str]) -> str:
    """``text`` without the characters already reported for its file (what the curator meant)."""
    return "".join(" " if unicodedata.category(ch) == "Zs" else "" if ch in flagged else ch for ch in text).strip()


def _yaml_hint(value: Any, expected: str) -> str:
    """Why YAML read an unquoted value as something other than the string the curator meant."""
    if isinstance(value, (bool, int, float)) or type(value).__module__ == "datetime":
        if any(word in expected for word in ("string", " id", "label", "excerpt", "reference KIND:ID")):
            kind = (
                "a boolean"
                if isinstance(value, bool)
                else "a date"
                if type(value).__module__ == "datetime"
                else "a number"
            )
            return f" (YAML reads this unquoted value as {kind}: put it in quotes)"
    return ""


class _Checked:
    """Shared field checking of records and nested records (regulations, modifications)."""

    flagged: frozenset[str] = frozenset()
    keys: dict[str, tuple[int, int]] = {}

    def _key_line(self, name: str, node: _Node) -> int:
        """The line of a field's key (its value may start on the next line)."""
        return self.keys.get(name, (node.line, 0))[0]

    def _report(self, field: str, message: str, line: int) -> None:
        raise NotImplementedError

    def _check(
        self,
        fields: dict[str, _Node],
        name: str,
        label: str,
        check: Callable[[Any], str | None],
        required: bool,
        default: Any,
        line: int,
    ) -> Any:
        node = fields.get(name)
        if node is None or node.value is None:
            if required:
                expected = check(None) or "a value"
                if node is None:
                    self._report(label, f"missing required field '{name}'; expected {expected}", line)
                else:
                    self._report(label, f"found an empty value (null); expected {expected}", self._key_line(name, node))
            return default
        value = _plain(node)
        message = check(value)
        if message:
            line = self._key_line(name, node)
            if self.flagged and any(ch in self.flagged for v in _strings(value) for ch in v):
                self._report(label, "", line)  # the character is reported already: only mark the record bad
            else:
                self._report(label, f"found {value!r}; expected {message}{_yaml_hint(value, message)}", line)
            return default
        return value

    def _unknown_fields(self, fields: dict[str, _Node], allowed: tuple[str, ...], prefix: str) -> None:
        for key in list(fields):
            if key in allowed:
                continue
            clean = _clean(key, self.flagged) if self.flagged else key
            if clean != key and clean in allowed and clean not in fields:
                fields[clean] = fields.pop(key)  # the stray character in the key is reported already
                self.keys = {**self.keys, clean: self.keys.get(key, (fields[clean].line, 0))}
                continue
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self._report(
                f"{prefix}{key}",
                f"unknown field '{_visible(key)}'{hint} Expected one of: {', '.join(allowed)}",
                self._key_line(key, fields[key]),
            )


class _Record(_Checked):
    """Field access on one record that reports problems with file, line, id and field."""

    def __init__(self, node: _Node, rel: str, id_field: str, allowed: Iterable[str], problems: list[Problem]):
        self.node, self.rel, self.problems = node, rel, problems
        self.flagged = node.flagged
        self.keys = node.keys
        self.fields: dict[str, _Node] = dict(node.value)
        raw_id = self.fields.get(id_field)
        self.id = str(raw_id.value) if raw_id is not None and raw_id.value is not None else None
        self.ok = True
        self._unknown_fields(self.fields, tuple(allowed), "")

    @property
    def origin(self) -> Origin:
        return Origin(self.rel, self.node.line)

    def intended_id(self) -> str | None:
        """The record's id as the curator meant it (without stray characters already reported)."""
        if self.id is None:
            return None
        return _clean(self.id, self.flagged) if self.flagged else self.id

    def error(self, field: str | None, message: str, line: int | None = None) -> None:
        self.ok = False
        if not message:
            return
        if line is None:
            line = self._key_line(field, self.fields[field]) if field in self.fields else self.node.line
        self.problems.append(Problem(self.rel, line, self.id, field, message))

    def _report(self, field: str, message: str, line: int) -> None:
        self.error(field, message, line)

    def get(self, field: str, check: Callable[[Any], str | None], *, required: bool, default: Any = None) -> Any:
        """Return the plain value of ``field``; ``check`` returns an error text or None."""
        return self._check(self.fields, field, field, check, required, default, self.node.line)

    def node_of(self, field: str) -> _Node | None:
        return self.fields.get(field)


_ODD_TEXT = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u00a0\u00ad\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]"
)


def _is_text(value: Any) -> str | None:
    """A string of printable characters (line breaks allowed: notes may be written as YAML blocks)."""
    if not isinstance(value, str) or not value.strip():
        return "a non-empty string"
    if value != value.strip():
        return "a string without leading or trailing white space"
    odd = _ODD_TEXT.search(value)
    if odd:
        ch = odd.group()
        if ch == "\u00a0":
            return "a string without non-breaking spaces (U+00A0)"
        return f"a string of printable characters; it contains '{_visible(ch)}' ({describe_char(ch)}) at character {odd.start() + 1}"
    return None


def _is_label(strict: bool) -> Callable[[Any], str | None]:
    """A label or statement: one line, and no look-alike characters (``strict``: gene, cargo and marker labels)."""

    def check(value: Any) -> str | None:
        message = _is_text(value)
        if message:
            return message
        if "\n" in value or "\r" in value:
            return "a one-line string (found a line break: write it on one line, or fold it with '>-')"
        return _lookalike(value, strict)

    return check


def _is_label_list(strict: bool) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return "a list of non-empty strings"
        for i, v in enumerate(value, start=1):
            message = _is_label(strict)(v)
            if message and _is_text(v):
                return f"a list of non-empty strings; item {i} is not {message}"
            if message:
                return f"{message} (in {v!r})"
        return None

    return check


def _is_long_text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "a non-empty string"
    return None


def _is_quote(value: Any) -> str | None:
    """One verbatim excerpt, or a list of excerpts (an elided quote)."""
    excerpts = value if isinstance(value, list) else [value]
    if not excerpts or any(_is_long_text(v) for v in excerpts):
        return "a verbatim excerpt of the review, or a list of excerpts"
    if any(QUOTE_ELISION.strip() in v for v in excerpts):
        return f"excerpts without {QUOTE_ELISION.strip()!r} (it joins the excerpts of a list)"
    joined = QUOTE_ELISION.join(" ".join(v.split()) for v in excerpts)
    if len(joined) < MIN_QUOTE_CHARS:
        return f"a verbatim excerpt of the review of at least {MIN_QUOTE_CHARS} characters (found {len(joined)})"
    return None


def _is_id(value: Any) -> str | None:
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        expected = "an id of ASCII letters, digits, '.', '_' or '-' (pattern ^[A-Za-z0-9][A-Za-z0-9._-]*$)"
        if isinstance(value, str):
            odd = next((ch for ch in value if not (ch.isascii() and (ch.isalnum() or ch in "._-"))), None)
            if odd is not None:
                expected += f"; it contains '{_visible(odd)}' ({describe_char(odd)})"
                if _LOOKALIKES.get(odd) == "-":
                    expected += ": write '-' (U+002D HYPHEN-MINUS)"
        return expected
    return None


def _is_id_list(value: Any) -> str | None:
    if not isinstance(value, list):
        return "a list of ids"
    for v in value:
        message = _is_id(v)
        if message:
            return f"a list of ids; {v!r} is not {message}"
    if len(set(value)) != len(value):
        return "a list of ids without repeats"
    return None


def _is_text_list(value: Any) -> str | None:
    if not isinstance(value, list):
        return "a list of non-empty strings"
    for i, v in enumerate(value, start=1):
        message = _is_text(v)
        if message:
            return f"a list of non-empty strings; item {i} is not {message}"
    return None


def _one_of(options: Iterable[str]) -> Callable[[Any], str | None]:
    options = tuple(options)
    return lambda v: None if v in options else "one of: " + ", ".join(options)


def _is_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "true or false"


def _is_reference_number(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= C.REVIEW_MAX_REFERENCE:
        return f"an integer reference number from 1 to {C.REVIEW_MAX_REFERENCE}"
    return None


def _is_reference_list(value: Any) -> str | None:
    if not isinstance(value, list) or not value or any(_is_reference_number(v) for v in value):
        return f"a non-empty list of reference numbers from 1 to {C.REVIEW_MAX_REFERENCE}"
    return None


def _is_list(value: Any) -> str | None:
    return None if isinstance(value, list) else "a list"


def _entity_ref(value: Any, kinds: tuple[str, ...]) -> str | None:
    if not isinstance(value, str) or ":" not in value:
        return "a prefixed entity reference KIND:ID with KIND one of " + ", ".join(kinds)
    kind, _, ident = value.partition(":")
    if kind not in kinds:
        return "a prefixed entity reference KIND:ID with KIND one of " + ", ".join(kinds)
    return _is_id(ident)


# ----------------------------------------------------------------------------- loaders

REFERENCE_FIELDS = ("number", "first_author", "out_of_scope", "note")
ENTITY_FIELDS = ("id", "label", "alt_labels", "mappings", "unmapped_reason", "note")
ENTITY_EXTRA_FIELDS = {
    "cargo": ("type",),
    "model": ("model_kind", "organism", "induction"),
    "agent": ("type",),
}
FINDING_FIELDS = (
    "id",
    "statement",
    "references",
    "agent",
    "organ_system",
    "condition",
    "msc_sources",
    "donor_species",
    "modifications",
    "cargo",
    "regulations",
    "models",
    "outcomes",
    "quote",
    "notes",
)
REGULATION_FIELDS = ("regulator", "regulated", "direction", "inferred", "note")
MODIFICATION_FIELDS = ("type", "agent", "note")
MAPPING_FIELDS = ("curie", "match")


def _rel(path: Path, base: Path) -> str:
    try:
        return str(path.resolve().relative_to(base.resolve().parent))
    except ValueError:
        return str(path)


class _Known:
    """Records that exist but were rejected, and kinds whose file could not be read at all.

    References to them are not reported as dangling as well: one mistake, one message.
    """

    def __init__(self) -> None:
        self.rejected: dict[str, set[Any]] = {}
        self.unreadable: set[str] = set()
        #: (file, record id) -> field path -> line, so that cross-record problems name the exact line.
        self.lines: dict[tuple[str, str], dict[str, int]] = {}

    def remember(self, rec: _Record, ident: Any) -> None:
        lines: dict[str, int] = {}
        _field_lines(rec.node, (), lines)
        self.lines[(rec.rel, str(ident))] = lines

    def line(self, origin: Origin, record: str, field: str, index: int | None = None) -> int:
        lines = self.lines.get((origin.file, record), {})
        return (lines.get(f"{field}[{index}]") if index is not None else None) or lines.get(field) or origin.line

    def reject(self, kind: str, ident: Any) -> None:
        if ident is not None:
            self.rejected.setdefault(kind, set()).add(ident)

    def tolerates(self, kind: str, ident: Any) -> bool:
        return kind in self.unreadable or ident in self.rejected.get(kind, ())


def _field_lines(node: _Node, path: tuple[int | str, ...], out: dict[str, int]) -> None:
    if isinstance(node.value, dict):
        for key, child in node.value.items():
            out[_path_text((*path, key))] = node.keys.get(key, (child.line, 0))[0]
            _field_lines(child, (*path, key), out)
    elif isinstance(node.value, list):
        for i, child in enumerate(node.value):
            out[_path_text((*path, i))] = child.line
            _field_lines(child, (*path, i), out)


def _records(path: Path, rel: str, problems: list[Problem], known: _Known | None, kind: str) -> list[_Node]:
    records = read_yaml_records(path, rel, problems)
    if records is None:
        if known is not None:
            known.unreadable.add(kind)
        return []
    return records


def load_references(
    path: Path,
    base: Path,
    problems: list[Problem],
    out: dict[int, Reference] | None = None,
    known: _Known | None = None,
) -> dict[int, Reference]:
    rel = _rel(path, base)
    out = {} if out is None else out
    for node in _records(path, rel, problems, known, "reference"):
        rec = _Record(node, rel, "number", REFERENCE_FIELDS, problems)
        number = rec.get("number", _is_reference_number, required=True)
        author = rec.get("first_author", _is_text, required=False)
        note = rec.get("note", _is_text, required=False)
        out_of_scope = rec.get("out_of_scope", _is_text, required=False)
        if number is not None and number in out:
            rec.error(
                "number",
                f"found reference number {number} again; expected each number once "
                f"(first defined at {out[number].origin})",
            )
            continue
        if number is None or not rec.ok:
            if known is not None:
                known.reject("reference", number)
            continue
        if known is not None:
            known.remember(rec, number)
        out[number] = Reference(
            number=number, origin=rec.origin, first_author=author, note=note, out_of_scope=out_of_scope
        )
    return out


def _load_mappings(rec: _Record, kind: str | None = None) -> tuple[Mapping, ...]:
    node = rec.node_of("mappings")
    if node is None or node.value is None:
        return ()
    if not isinstance(node.value, list):
        rec.error(
            "mappings", f"found {_plain(node)!r}; expected a list of {{curie: PREFIX:ID, match: exact|close}} mappings"
        )
        return ()
    out = []
    for item in node.value:
        if not isinstance(item.value, dict):
            rec.error(
                "mappings",
                f"found {_plain(item)!r}; expected a mapping {{curie: PREFIX:ID, match: exact|close}}",
                item.line,
            )
            continue
        sub = _SubRecord(rec, item, "mappings", MAPPING_FIELDS)
        curie = sub.get("curie", _is_curie, required=True)
        match = sub.get("match", _one_of(MATCH_TYPES), required=True)
        if curie is None or match is None:
            continue
        prefix = curie.split(":", 1)[0]
        if prefix not in C.EXTERNAL_PREFIXES:
            lower = {p.lower(): p for p in C.EXTERNAL_PREFIXES}
            close = difflib.get_close_matches(prefix.lower(), lower, n=1) or [
                p for p in lower if prefix.lower().startswith(p + ".")
            ]
            hint = f" (did you mean '{lower[close[0]]}'?)" if close else ""
            rec.error(
                "mappings.curie",
                f"found prefix {prefix!r} in {curie!r}; expected one of: {', '.join(C.EXTERNAL_PREFIXES)}{hint}",
                item.value["curie"].line,
            )
            continue
        out.append(Mapping(curie=curie, match=match))
    curies_seen = [m.curie for m in out]
    for curie in sorted({c for c in curies_seen if curies_seen.count(c) > 1}):
        rec.error("mappings", f"found CURIE {curie} mapped twice; expected each CURIE once")
    return tuple(out)


def _is_curie(value: Any) -> str | None:
    if not isinstance(value, str) or not CURIE_PATTERN.match(value):
        expected = "a CURIE PREFIX:ID"
        if isinstance(value, str):
            odd = next((ch for ch in value if not (ch.isascii() and (ch.isalnum() or ch in "._-:"))), None)
            if odd is not None:
                expected += f"; it contains '{_visible(odd)}' ({describe_char(odd)})"
        return expected
    return None


#: Kinds whose labels name genes or RNAs: ASCII and Greek lowercase letters only (no dashes but '-').
STRICT_LABEL_KINDS = ("gene", "cargo", "marker")


def load_entities(
    path: Path, kind: str, base: Path, problems: list[Problem], known: _Known | None = None
) -> dict[str, Entity]:
    rel = _rel(path, base)
    out: dict[str, Entity] = {}
    allowed = ENTITY_FIELDS + ENTITY_EXTRA_FIELDS.get(kind, ())
    strict = kind in STRICT_LABEL_KINDS
    for node in _records(path, rel, problems, known, kind):
        rec = _Record(node, rel, "id", allowed, problems)
        ident = rec.get("id", _is_id, required=True)
        label = rec.get("label", _is_label(strict), required=True)
        alt = rec.get("alt_labels", _is_label_list(strict), required=False, default=[])
        mappings = _load_mappings(rec, kind)
        unmapped = rec.get("unmapped_reason", _is_text, required=False)
        note = rec.get("note", _is_text, required=False)
        extra: dict[str, Any] = {}
        if kind == "cargo":
            extra["cargo_type"] = rec.get("type", _one_of(CARGO_TYPES), required=True)
        if kind == "agent":
            extra["agent_type"] = rec.get("type", _one_of(AGENT_TYPES), required=False, default="MSCExosome")
        if kind == "model":
            extra["model_kind"] = rec.get("model_kind", _one_of(MODEL_KINDS), required=True)
            extra["organism"] = rec.get("organism", _is_id, required=True)
            extra["induction"] = rec.get("induction", _is_text, required=False)
        if mappings and unmapped:
            rec.error(
                "unmapped_reason", "found an unmapped_reason on a record with mappings; expected one or the other"
            )
        if (
            kind == "species"
            and rec.ok
            and (
                len(mappings) != 1
                or mappings[0].match != "exact"
                or not re.fullmatch(r"NCBITaxon:[0-9]+", mappings[0].curie)
            )
        ):
            found = ", ".join(f"{m.curie} ({m.match})" for m in mappings) or "none"
            rec.error(
                "mappings",
                f"found {found}; expected exactly one exact NCBITaxon mapping (NCBITaxon:<digits>) for a species",
            )
        if ident is not None and ident in out:
            rec.error(
                "id",
                f"found id {ident!r} again; expected each id once in entities/{kind}.yaml "
                f"(first defined at {out[ident].origin})",
            )
            continue
        if ident is None or not rec.ok:
            if known is not None:
                known.reject(kind, ident if ident is not None else rec.intended_id())
            continue
        if known is not None:
            known.remember(rec, ident)
        out[ident] = Entity(
            kind=kind,
            id=ident,
            label=label,
            origin=rec.origin,
            alt_labels=tuple(alt),
            mappings=mappings,
            unmapped_reason=unmapped,
            note=note,
            **extra,
        )
    return out


def _sub_records(rec: _Record, name: str, allowed: tuple[str, ...]) -> Iterator[tuple[int, _SubRecord]]:
    """The mappings of a list field (``regulations``, ``modifications``), each as a _SubRecord."""
    node = rec.node_of(name)
    if node is None or node.value is None:
        return
    if not isinstance(node.value, list):
        rec.error(name, f"found {_plain(node)!r}; expected a list of mappings with fields {', '.join(allowed)}")
        return
    for i, item in enumerate(node.value, start=1):
        field = f"{name}[{i}]"
        if not isinstance(item.value, dict):
            rec.error(field, f"found {_plain(item)!r}; expected a mapping with fields {', '.join(allowed)}", item.line)
            continue
        yield i, _SubRecord(rec, item, field, allowed)


def _load_regulations(rec: _Record) -> tuple[Regulation, ...]:
    out = []
    for _i, sub in _sub_records(rec, "regulations", REGULATION_FIELDS):
        regulator = sub.get("regulator", lambda v: _entity_ref(v, REGULATOR_KINDS), required=True)
        regulated = sub.get("regulated", lambda v: _entity_ref(v, REGULATED_KINDS), required=True)
        direction = sub.get("direction", _one_of(DIRECTIONS), required=True)
        inferred = sub.get("inferred", _is_bool, required=False, default=False)
        note = sub.get("note", _is_text, required=False)
        if inferred and not note:
            rec.error(
                f"{sub.field}.note",
                "missing note; expected a note saying why the regulation is inferred",
                sub.node.line,
            )
        if regulator and regulated and direction:
            out.append(Regulation(_ref(regulator), _ref(regulated), direction, inferred, note))
    return tuple(out)


def _load_modifications(rec: _Record) -> tuple[Modification, ...]:
    out = []
    for _i, sub in _sub_records(rec, "modifications", MODIFICATION_FIELDS):
        mtype = sub.get("type", _one_of(MODIFICATION_TYPES), required=True)
        agent = sub.get("agent", lambda v: _entity_ref(v, MODIFICATION_AGENT_KINDS), required=True)
        note = sub.get("note", _is_text, required=False)
        if mtype and agent:
            out.append(Modification(mtype, _ref(agent), note))
    return tuple(out)


class _SubRecord(_Checked):
    """Field access inside a nested mapping; problems name ``parent_field.field``."""

    def __init__(self, rec: _Record, node: _Node, field: str, allowed: tuple[str, ...]):
        self.rec, self.node, self.field = rec, node, field
        self.flagged = rec.flagged
        self.keys = node.keys
        self.fields: dict[str, _Node] = dict(node.value)
        self._unknown_fields(self.fields, allowed, f"{field}.")

    def _report(self, field: str, message: str, line: int) -> None:
        self.rec.error(field, message, line)

    def get(self, name: str, check: Callable[[Any], str | None], *, required: bool, default: Any = None) -> Any:
        return self._check(self.fields, name, f"{self.field}.{name}", check, required, default, self.node.line)


def _ref(value: str) -> EntityRef:
    kind, _, ident = value.partition(":")
    return EntityRef(kind, ident)


def load_findings(path: Path, base: Path, problems: list[Problem], known: _Known | None = None) -> list[Finding]:
    rel = _rel(path, base)
    out = []
    for node in _records(path, rel, problems, known, "finding"):
        rec = _Record(node, rel, "id", FINDING_FIELDS, problems)
        values = dict(
            id=rec.get("id", _is_id, required=True),
            statement=rec.get("statement", _is_label(False), required=True),
            references=rec.get("references", _is_reference_list, required=True),
            agent=rec.get("agent", _is_id, required=False, default="msc-exos"),
            organ_system=rec.get("organ_system", _is_id, required=True),
            condition=rec.get("condition", _is_id, required=True),
            msc_sources=rec.get("msc_sources", _is_id_list, required=True),
            donor_species=rec.get("donor_species", _is_id_list, required=False, default=[]),
            cargo=rec.get("cargo", _is_id_list, required=False, default=[]),
            models=rec.get("models", _is_id_list, required=False, default=[]),
            outcomes=rec.get("outcomes", _is_id_list, required=False, default=[]),
            quote=rec.get("quote", _is_quote, required=True),
            notes=rec.get("notes", _is_text_list, required=False, default=[]),
        )
        regulations = _load_regulations(rec)
        modifications = _load_modifications(rec)
        if values["msc_sources"] == [] and not values["notes"] and rec.node_of("notes") is None:
            rec.error(
                "msc_sources",
                "found an empty list and no notes; expected at least one msc-source id, or "
                "notes saying why the text names no source",
            )
        if not rec.ok or values["id"] is None:
            continue
        if isinstance(values["quote"], str):
            values["quote"] = [values["quote"]]
        if known is not None:
            known.remember(rec, values["id"])
        out.append(
            Finding(
                origin=rec.origin,
                regulations=regulations,
                modifications=modifications,
                **{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()},
            )
        )
    return out


# ----------------------------------------------------------------------------- the corpus

#: Extensions of files that look curated but would not be read.
_MISNAMED = (".yml", ".YML", ".YAML", ".Yaml", ".json")


def _stray_files(folder: Path, base: Path, expected: str, problems: list[Problem]) -> None:
    """Files the loader would silently skip: a curated file must be named *.yaml."""
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.name.startswith(".") and path.suffix in _MISNAMED:
            problems.append(
                Problem(
                    _rel(path, base),
                    None,
                    None,
                    None,
                    f"found a '{path.suffix}' file, which is not read; expected {expected} "
                    f"(rename it to {path.stem}.yaml)",
                )
            )


def load_corpus(data_dir: Path = C.DATA_DIR) -> Corpus:
    """Load and cross-check all curated input under ``data_dir``; raise CurationError."""
    problems: list[Problem] = []
    known = _Known()
    base = data_dir
    corpus = Corpus(data_dir=data_dir)
    _stray_files(data_dir, base, "references.yaml or references.<part>.yaml", problems)
    for path in sorted(data_dir.glob("*.yaml")) if data_dir.is_dir() else []:
        if path.name != "references.yaml" and not path.name.startswith("references."):
            problems.append(
                Problem(
                    _rel(path, base),
                    None,
                    None,
                    None,
                    "found a YAML file that is not read here; expected only references.yaml or "
                    "references.<part>.yaml in the data folder (entities go in entities/, findings "
                    "in findings/, tables in tables/)",
                )
            )
    # references.yaml, plus references.<part>.yaml files (e.g. one per section while curating)
    for path in [data_dir / "references.yaml", *sorted(data_dir.glob("references.*.yaml"))]:
        load_references(path, base, problems, corpus.references, known)
    entity_dir = data_dir / "entities"
    _stray_files(entity_dir, base, "KIND.yaml or KIND.<part>.yaml", problems)
    present = sorted(entity_dir.glob("*.yaml")) if entity_dir.is_dir() else []
    for path in present:
        kind = path.name.split(".", 1)[0]  # gene.yaml, or gene.<part>.yaml
        if kind not in ENTITY_KINDS:
            close = difflib.get_close_matches(kind, ENTITY_KINDS, n=1)
            hint = f"; did you mean '{close[0]}.yaml'?" if close else ""
            problems.append(
                Problem(
                    _rel(path, base),
                    None,
                    None,
                    None,
                    f"unknown entity kind '{kind}'{hint} Expected one of: {', '.join(k + '.yaml' for k in ENTITY_KINDS)}",
                )
            )
            continue
        loaded = load_entities(path, kind, base, problems, known)
        known_here = corpus.entities.setdefault(kind, {})
        for ident, entity in loaded.items():
            if ident in known_here:
                problems.append(
                    Problem(
                        entity.origin.file,
                        entity.origin.line,
                        ident,
                        "id",
                        f"found id {ident!r} again; expected each id once across the {kind} files "
                        f"(first defined at {known_here[ident].origin})",
                    )
                )
            else:
                known_here[ident] = entity
    for kind in ENTITY_KINDS:
        corpus.entities.setdefault(kind, {})
    findings_dir = data_dir / "findings"
    _stray_files(findings_dir, base, "findings/*.yaml", problems)
    finding_files = sorted(findings_dir.glob("*.yaml")) if findings_dir.is_dir() else []
    if not finding_files:
        problems.append(
            Problem(_rel(findings_dir, base), None, None, None, "no findings/*.yaml files; expected at least one")
        )
    for path in finding_files:
        for finding in load_findings(path, base, problems, known):
            if finding.id in corpus.findings:
                problems.append(
                    Problem(
                        finding.origin.file,
                        finding.origin.line,
                        finding.id,
                        "id",
                        f"found finding id {finding.id!r} again; expected each finding id once "
                        f"(first defined at {corpus.findings[finding.id].origin})",
                    )
                )
                continue
            corpus.findings[finding.id] = finding
    tables_dir = data_dir / "tables"
    _stray_files(tables_dir, base, "tables/<table>.yaml", problems)
    for path in sorted(tables_dir.glob("*.yaml")) if tables_dir.is_dir() else []:
        load_table(path, base, problems, corpus, known)
    _cross_check(corpus, problems, known)
    if problems:
        raise CurationError(problems)
    return corpus


def load_table(path: Path, base: Path, problems: list[Problem], corpus: Corpus, known: _Known | None = None) -> None:
    from mscexo_ld.curation.tables import COMMON_FIELDS, TABLES, check_field

    rel = _rel(path, base)
    spec = TABLES.get(path.stem)
    if spec is None:
        close = difflib.get_close_matches(path.stem, TABLES, n=1)
        hint = f"; did you mean '{close[0]}.yaml'?" if close else ""
        problems.append(
            Problem(
                rel,
                None,
                None,
                None,
                f"unknown table '{path.stem}'{hint} Expected one of: " + ", ".join(f"{t}.yaml" for t in TABLES),
            )
        )
        return
    out = corpus.tables.setdefault(spec.name, {})
    for node in _records(path, rel, problems, known, spec.name):
        rec = _Record(node, rel, "id", COMMON_FIELDS + tuple(f.name for f in spec.fields), problems)
        ident = rec.get("id", _is_id, required=True)
        label = rec.get("label", _is_label(False), required=True)
        alt = rec.get("alt_labels", _is_label_list(False), required=False, default=[])
        quote = rec.get("quote", _is_quote, required=True)
        references = rec.get("references", _is_reference_list, required=False, default=[])
        mappings = _load_mappings(rec)
        unmapped = rec.get("unmapped_reason", _is_text, required=False)
        notes = rec.get("notes", _is_text_list, required=False, default=[])
        values = []
        for field in spec.fields:
            value = rec.get(field.name, lambda v, f=field: check_field(f, v), required=field.required)
            if value is not None:
                values.append((field.name, value))
        numbers = dict(values)
        low, high = numbers.get("diameter_min_nm"), numbers.get("diameter_max_nm")
        if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
            rec.error(
                "diameter_min_nm", f"found diameter_min_nm {low} above diameter_max_nm {high}; expected min <= max"
            )
        if ident is not None and ident in out:
            rec.error("id", f"found id {ident!r} again; expected each id once (first defined at {out[ident].origin})")
            continue
        if ident is None or not rec.ok:
            continue
        if known is not None:
            known.remember(rec, ident)
        out[ident] = TableRecord(
            table=spec.name,
            id=ident,
            label=label,
            origin=rec.origin,
            quote=tuple(quote if isinstance(quote, list) else [quote]),
            fields=tuple(values),
            references=tuple(references),
            mappings=mappings,
            unmapped_reason=unmapped,
            notes=tuple(notes),
            alt_labels=tuple(alt),
        )


def _cross_check(corpus: Corpus, problems: list[Problem], known: _Known | None = None) -> None:
    """Dangling references between records."""
    known = known or _Known()

    def missing(kind: str, ident: str) -> bool:
        return ident not in corpus.entities.get(kind, {}) and not known.tolerates(kind, ident)

    def report(origin: Origin, record: str, field: str, kind: str, ident: str, index: int | None = None) -> None:
        ids = corpus.entities.get(kind, {})
        close = difflib.get_close_matches(ident, ids, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        problems.append(
            Problem(
                origin.file,
                known.line(origin, record, field, index),
                record,
                field,
                f"found {ident!r}, which is not an id in entities/{kind}.yaml{hint}",
            )
        )

    def check_references(origin: Origin, record: str, numbers: Iterable[int]) -> None:
        for i, n in enumerate(numbers, start=1):
            if n not in corpus.references and not known.tolerates("reference", n):
                problems.append(
                    Problem(
                        origin.file,
                        known.line(origin, record, "references", i),
                        record,
                        "references",
                        f"found reference {n}, which is not in references.yaml; expected a number defined there",
                    )
                )

    for model in corpus.entities["model"].values():
        if model.organism and missing("species", model.organism):
            report(model.origin, model.id, "organism", "species", model.organism)
    for f in corpus.findings.values():
        check_references(f.origin, f.id, f.references)
        single = [
            ("organ_system", "organ-system", f.organ_system),
            ("condition", "condition", f.condition),
            ("agent", "agent", f.agent),
        ]
        multi = [
            ("msc_sources", "msc-source", f.msc_sources),
            ("donor_species", "species", f.donor_species),
            ("cargo", "cargo", f.cargo),
            ("models", "model", f.models),
            ("outcomes", "outcome", f.outcomes),
        ]
        for field, kind, ident in single:
            if missing(kind, ident):
                report(f.origin, f.id, field, kind, ident)
        for field, kind, idents in multi:
            for i, ident in enumerate(idents, start=1):
                if missing(kind, ident):
                    report(f.origin, f.id, field, kind, ident, i)
        for i, r in enumerate(f.regulations, start=1):
            for field, ref in (("regulator", r.regulator), ("regulated", r.regulated)):
                if missing(ref.kind, ref.id):
                    report(f.origin, f.id, f"regulations[{i}].{field}", ref.kind, ref.id)
            if r.regulator == r.regulated:
                problems.append(
                    Problem(
                        f.origin.file,
                        known.line(f.origin, f.id, f"regulations[{i}]"),
                        f.id,
                        f"regulations[{i}]",
                        f"found {r.regulator.kind}:{r.regulator.id} regulating itself; expected two different entities",
                    )
                )
        for i, m in enumerate(f.modifications, start=1):
            if missing(m.agent.kind, m.agent.id):
                report(f.origin, f.id, f"modifications[{i}].agent", m.agent.kind, m.agent.id)
    from mscexo_ld.curation.tables import TABLES, entity_refs

    cited = {n for f in corpus.findings.values() for n in f.references}
    cited |= {n for records in corpus.tables.values() for r in records.values() for n in r.references}
    for number, ref in corpus.references.items():
        if ref.out_of_scope and number in cited:
            problems.append(
                Problem(
                    ref.origin.file,
                    known.line(ref.origin, str(number), "out_of_scope"),
                    str(number),
                    "out_of_scope",
                    f"found an out_of_scope reason on reference {number}, which a finding or table "
                    "record cites; expected no out_of_scope on a cited reference",
                )
            )

    for table, records in corpus.tables.items():
        for record in records.values():
            check_references(record.origin, record.id, record.references)
            for field, ref in entity_refs(TABLES[table], record):
                if missing(ref.kind, ref.id):
                    report(record.origin, record.id, field, ref.kind, ref.id)
    problems.sort(key=lambda p: (p.file, p.line or 0))
