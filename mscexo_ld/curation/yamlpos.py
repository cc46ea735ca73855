"""YAML with line positions: curated files read into position-carrying nodes, with alias, depth and size guards.

YAML aliases (``*name``) are refused, so an alias bomb cannot expand; nesting is limited
(:data:`MAX_DEPTH`) and so is the file size (:data:`MAX_FILE_BYTES`, see :mod:`.safefile`). Every problem is
appended to a list with file, line and record id, never raised.

This module is a little over 400 lines: reading one file well (encodings, bad characters,
syntax errors in words, duplicate keys) is one job, and splitting it would scatter it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from mscexo_ld.curation.problems import Problem
from mscexo_ld.curation.safefile import MAX_FILE_BYTES, UnsafeFileError, read_capped
from mscexo_ld.curation.text import describe_char, line_has_bad_character, scan_characters, visible

#: Deepest YAML nesting accepted (a finding nests 4 levels: list, record, regulations, regulation).
MAX_DEPTH = 20
__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "Node", "path_text", "plain", "read_yaml_records"]

#: Most YAML values (scalars, lists, mappings) one curated file may hold. The largest real file
#: holds about 1,300; each value costs about 1.3 kB in memory once composed, so a file of a
#: million tiny bad records would take gigabytes: it is refused before it is composed.
MAX_NODES = 100_000
#: At most this many bad characters are reported one by one per file; the rest are summarised.
MAX_CHAR_PROBLEMS = 10


class Node:
    """A YAML value with its position: ``line`` (1-based), start and end (line, column)."""

    __slots__ = ("end", "flagged", "keys", "line", "start", "value")

    def __init__(self, value: Any, node: yaml.Node):
        self.value = value
        self.line: int = node.start_mark.line + 1
        self.start: tuple[int, int] = (node.start_mark.line + 1, node.start_mark.column + 1)
        self.end: tuple[int, int] = (node.end_mark.line + 1, node.end_mark.column + 1)
        self.keys: dict[str, tuple[int, int]] = {}
        self.flagged: frozenset[str] = frozenset()


class _DuplicateKey:
    def __init__(self, key: str, line: int, first: int, path: tuple[int | str, ...]):
        self.key, self.line, self.first, self.path = key, line, first, path


class _RefusedError(Exception):
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
        """Compose one node, refusing an alias or nesting deeper than MAX_DEPTH."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]  # PyYAML's stubs leave it untyped
            raise _RefusedError(event.start_mark.line + 1, _alias_message(event.anchor))
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()  # type: ignore[no-untyped-call]  # PyYAML's stubs leave it untyped
                raise _RefusedError(event.start_mark.line + 1, _depth_message())
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


#: libyaml's composer when available (15 times faster); any error or alias is re-read by _StrictLoader,
#: so messages are the same with and without libyaml.
_FastLoader = getattr(yaml, "CSafeLoader", None) or _StrictLoader


class _AliasSeenError(Exception):
    pass


def _convert(
    node: yaml.Node, loader: Any, duplicates: list[_DuplicateKey], seen: set[int], path: tuple[int | str, ...] = ()
) -> Node:
    if id(node) in seen:  # the same node object twice: an alias
        raise _AliasSeenError()
    seen.add(id(node))
    if len(path) >= MAX_DEPTH:
        raise _RefusedError(node.start_mark.line + 1, _depth_message())
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in (
        "tag:yaml.org,2002:map",
        "tag:yaml.org,2002:seq",
    ):
        raise _RefusedError(
            node.start_mark.line + 1, f"found the YAML tag '{node.tag}'; expected plain values without tags"
        )
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Node] = {}
        keys: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _RefusedError(
                    key_node.start_mark.line + 1, "found a list or mapping used as a key; expected a field name"
                )
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _RefusedError(
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
        result = Node(out, node)
        result.keys = keys
        return result
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(item, loader, duplicates, seen, (*path, i)) for i, item in enumerate(node.value)], node)
    return Node(_scalar(node, loader), node)


#: Tags YAML gives plain scalars by itself; any other tag was written explicitly (!!binary, !!python/...).
_IMPLICIT_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_TAG_WORDS = {"int": "an integer", "float": "a number", "timestamp": "a date", "bool": "a boolean"}


def _scalar(node: yaml.Node, loader: Any) -> Any:
    line = node.start_mark.line + 1
    if node.tag not in _IMPLICIT_TAGS:
        raise _RefusedError(line, f"found the YAML tag '{node.tag}'; expected plain values without tags")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError:
        raise
    except Exception as exc:
        what = _TAG_WORDS.get(node.tag.rsplit(":", 1)[1], "a typed value")
        raise _RefusedError(
            line,
            f"found {node.value!r}, which YAML reads as {what} but is not a valid one ({exc}); "
            "expected a valid value, or quotes around it if it is text",
        ) from None


def plain(node: Node) -> Any:
    """The plain Python value of a node (dicts, lists, scalars), positions dropped."""
    if isinstance(node.value, dict):
        return {k: plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [plain(v) for v in node.value]
    return node.value


def _compose(text: str, loader_class: Any) -> tuple[Node | None, list[_DuplicateKey]]:
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, []
        duplicates: list[_DuplicateKey] = []
        return _convert(root, loader, duplicates, set()), duplicates
    finally:
        loader.dispose()


def _too_many_nodes(text: str) -> int | None:
    """The line of the value past :data:`MAX_NODES`, or None (also on a syntax error, reported later).

    Counts parser events as they stream, so memory stays small and the count stops at the cap.
    """
    loader = _FastLoader(text)
    count = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                count += 1
                if count > MAX_NODES:
                    mark = event.start_mark
                    return int(mark.line) + 1 if mark is not None else 0
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


def _record_id(node: Node) -> str | None:
    if isinstance(node.value, dict):
        for key in ("id", "number"):
            if key in node.value and node.value[key].value is not None:
                return str(node.value[key].value)
    return None


def _locate(tree: Node | None, line: int, column: int) -> tuple[str | None, str | None]:
    """(record id, field path) of the text at (line, column) of a file: what a character problem is in."""
    if tree is None or not isinstance(tree.value, list):
        return None, None
    pos = (line, column)
    for item in tree.value:
        if item.start <= pos < item.end:
            return _record_id(item), path_text(_path_at(item, pos)) or None
    return None, None


def _path_at(node: Node, pos: tuple[int, int]) -> list[int | str]:
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


def path_text(path: Iterable[int | str]) -> str:
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


def read_yaml_records(path: Path, rel: str, problems: list[Problem], root: Path | None = None) -> list[Node] | None:
    """Read a YAML file that must hold a list of mappings; problems are appended.

    ``root`` is the data folder: the file must be a regular file inside it (see :mod:`.safefile`).

    Returns None when the file cannot be read at all (so that references to the records it
    should hold are not reported as dangling as well).
    """
    try:
        raw = read_capped(path, root)
    except UnsafeFileError as exc:
        problems.append(Problem(rel, None, None, None, exc.message))
        return None
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
    bad_chars = scan_characters(text, MAX_CHAR_PROBLEMS)
    scanned = text
    if text.startswith("\ufeff"):
        text = text[1:]  # reported above as a character problem
    if not text.strip():
        problems.append(Problem(rel, None, None, None, "empty file; expected a YAML list of records"))
        return None
    over = _too_many_nodes(text)
    if over is not None:
        problems.append(
            Problem(
                rel,
                over,
                None,
                None,
                f"found more than {MAX_NODES:,} YAML values; expected at most {MAX_NODES:,} per curated file "
                "(the largest real file holds about 1,300): it was not read further. Split it (KIND.part.yaml) or "
                "check that it is the right file",
            )
        )
        return None
    fatal: Problem | None = None
    tree: Node | None = None
    duplicates: list[_DuplicateKey] = []
    try:
        try:
            tree, duplicates = _compose(text, _FastLoader)
        except (yaml.YAMLError, _RefusedError, _AliasSeenError):
            if _FastLoader is _StrictLoader:
                raise
            tree, duplicates = _compose(text, _StrictLoader)  # the same input, for the pure-Python message
    except _RefusedError as exc:
        fatal = Problem(rel, exc.line, _record_above(text, exc.line), None, exc.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = mark.line + 1 if mark else None
        record = None if "document" in str(exc.problem) else _record_above(text, at or 0)
        fatal = Problem(rel, at, record, None, _syntax_message(exc))
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        fatal = Problem(rel, line, None, None, f"found {describe_char(chr(exc.character))}; expected printable text")
    except yaml.YAMLError as exc:
        fatal = Problem(rel, None, None, None, f"YAML error: {exc}")
    # The characters first: a tab or a control character often causes the syntax error too.
    for line, column, ch, why in bad_chars.shown:
        record, field = _locate(tree, line, column) if tree is not None else (_record_above(text, line), None)
        problems.append(
            Problem(rel, line, record, field, f"found '{visible(ch)}' ({describe_char(ch)}) at column {column}; {why}")
        )
    if bad_chars.more:
        more_lines = bad_chars.more_lines
        problems.append(
            Problem(
                rel,
                more_lines[0],
                None,
                None,
                f"found {bad_chars.more} more characters like those above, on lines "
                f"{', '.join(map(str, more_lines[:20]))}{' ...' if len(more_lines) > 20 else ''}; "
                "expected none: fix them the same way",
            )
        )
    if fatal is not None:
        if not (bad_chars and fatal.line is not None and line_has_bad_character(scanned, fatal.line)):
            problems.append(fatal)
        return None
    if tree is None:
        problems.append(
            Problem(rel, None, None, None, "no YAML document (only comments); expected a YAML list of records")
        )
        return None
    if not isinstance(tree.value, list):
        found = _kind_of(plain(tree))
        hint = ""
        if isinstance(tree.value, dict):
            hint = f" (with keys {', '.join(list(tree.value)[:5])}): start each record with '- '"
        problems.append(
            Problem(rel, tree.line, _record_id(tree), None, f"found {found}{hint}; expected a YAML list of records")
        )
        return None
    for dup in duplicates:
        record = _record_id(tree.value[dup.path[0]]) if dup.path and isinstance(dup.path[0], int) else None
        field = path_text(dup.path[1:] if dup.path and isinstance(dup.path[0], int) else dup.path)
        problems.append(
            Problem(
                rel,
                dup.line,
                record,
                field,
                f"key given twice in one record (first at line {dup.first}); expected each field once",
            )
        )
    flagged = frozenset(bad_chars.chars)
    records = []
    for item in tree.value:
        if not isinstance(item.value, dict):
            problems.append(
                Problem(rel, item.line, None, None, f"found {plain(item)!r}; expected a record (a mapping of fields)")
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
