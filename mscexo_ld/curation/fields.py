"""Field checks: records read field by field against the spec, each value by its type's checker.

:class:`Record` and :class:`SubRecord` read one curated record (or one nested mapping, such as a
regulation) and report every problem with file, line, record id and field; :func:`checker`
gives the check of a :class:`~mscexo_ld.schema.FieldSpec`'s value type. A check returns
what was expected (an error text) or None.

A little over 400 lines: the record readers and the two dozen small value checks they
dispatch to are one job (the loader's messages come from here).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from mscexo_ld import constants as C
from mscexo_ld.curation.problems import Problem
from mscexo_ld.curation.text import LOOKALIKES, describe_char, lookalike, visible
from mscexo_ld.curation.yamlpos import Node, plain
from mscexo_ld.records import ENTITY_KINDS, Origin
from mscexo_ld.schema import ID_PATTERN, MIN_QUOTE_CHARS, PHASES, QUOTE_ELISION, FieldSpec

CURIE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9.]*:[A-Za-z0-9_.-]+$")
#: A value check: None when the value fits, else what was expected.
Check = Callable[[Any], "str | None"]


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
    typed = isinstance(value, (bool, int, float)) or type(value).__module__ == "datetime"
    if typed and any(word in expected for word in ("string", " id", "label", "excerpt", "reference KIND:ID")):
        kind = (
            "a boolean" if isinstance(value, bool) else "a date" if type(value).__module__ == "datetime" else "a number"
        )
        return f" (YAML reads this unquoted value as {kind}: put it in quotes)"
    return ""


class Checked:
    """Shared field checking of records and nested records (regulations, modifications)."""

    flagged: frozenset[str]
    keys: dict[str, tuple[int, int]]

    def _key_line(self, name: str, node: Node) -> int:
        """The line of a field's key (its value may start on the next line)."""
        return self.keys.get(name, (node.line, 0))[0]

    def _report(self, field: str, message: str, line: int) -> None:
        raise NotImplementedError

    def get(self, name: str, check: Check, *, required: bool, default: Any = None) -> Any:
        """Return the plain value of field ``name``; ``check`` returns an error text or None."""
        raise NotImplementedError

    def take(self, field: FieldSpec) -> Any:
        """The value of a field of the spec, checked by its type (its default when omitted or bad)."""
        return self.get(field.name, checker(field), required=field.required, default=field.missing)

    def _check(
        self,
        fields: dict[str, Node],
        name: str,
        label: str,
        check: Check,
        *,
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
        value = plain(node)
        message = check(value)
        if message:
            line = self._key_line(name, node)
            if self.flagged and any(ch in self.flagged for v in _strings(value) for ch in v):
                self._report(label, "", line)  # the character is reported already: only mark the record bad
            else:
                self._report(label, f"found {value!r}; expected {message}{_yaml_hint(value, message)}", line)
            return default
        return value

    def _unknown_fields(self, fields: dict[str, Node], allowed: tuple[str, ...], prefix: str) -> None:
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
                f"unknown field '{visible(key)}'{hint} Expected one of: {', '.join(allowed)}",
                self._key_line(key, fields[key]),
            )


class Record(Checked):
    """Field access on one record that reports problems with file, line, id and field."""

    def __init__(self, node: Node, rel: str, id_field: str, allowed: Iterable[str], problems: list[Problem]):
        self.node, self.rel, self.problems = node, rel, problems
        self.flagged = node.flagged
        self.keys = node.keys
        self.fields: dict[str, Node] = dict(node.value)
        raw_id = self.fields.get(id_field)
        self.id = str(raw_id.value) if raw_id is not None and raw_id.value is not None else None
        self.ok = True
        self._unknown_fields(self.fields, tuple(allowed), "")

    @property
    def origin(self) -> Origin:
        """Where the record starts."""
        return Origin(self.rel, self.node.line)

    def intended_id(self) -> str | None:
        """The record's id as the curator meant it (without stray characters already reported)."""
        if self.id is None:
            return None
        return _clean(self.id, self.flagged) if self.flagged else self.id

    def error(self, field: str | None, message: str, line: int | None = None) -> None:
        """Report a problem in ``field`` (an empty message only marks the record bad)."""
        self.ok = False
        if not message:
            return
        if line is None:
            line = self._key_line(field, self.fields[field]) if field in self.fields else self.node.line
        self.problems.append(Problem(self.rel, line, self.id, field, message))

    def _report(self, field: str, message: str, line: int) -> None:
        self.error(field, message, line)

    def get(self, field: str, check: Check, *, required: bool, default: Any = None) -> Any:
        """Return the plain value of ``field``; ``check`` returns an error text or None."""
        return self._check(self.fields, field, field, check, required=required, default=default, line=self.node.line)

    def node_of(self, field: str) -> Node | None:
        """The YAML node of ``field``, if given."""
        return self.fields.get(field)


_ODD_TEXT = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u00a0\u00ad\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]"
)


def is_text(value: Any) -> str | None:
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
        return (
            f"a string of printable characters; it contains '{visible(ch)}' ({describe_char(ch)}) "
            f"at character {odd.start() + 1}"
        )
    return None


def is_label(strict: bool) -> Callable[[Any], str | None]:
    """A label or statement: one line, and no look-alike characters (``strict``: gene, cargo and marker labels)."""

    def check(value: Any) -> str | None:
        message = is_text(value)
        if message:
            return message
        if "\n" in value or "\r" in value:
            return "a one-line string (found a line break: write it on one line, or fold it with '>-')"
        return lookalike(value, strict)

    return check


def is_label_list(strict: bool) -> Callable[[Any], str | None]:
    """A list of labels (``strict``: gene, cargo and marker labels)."""

    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return "a list of non-empty strings"
        for i, v in enumerate(value, start=1):
            message = is_label(strict)(v)
            if message and is_text(v):
                return f"a list of non-empty strings; item {i} is not {message}"
            if message:
                return f"{message} (in {v!r})"
        return None

    return check


def is_long_text(value: Any) -> str | None:
    """A non-empty string (line breaks and any printable characters allowed)."""
    if not isinstance(value, str) or not value.strip():
        return "a non-empty string"
    return None


def is_quote(value: Any) -> str | None:
    """One verbatim excerpt, or a list of excerpts (an elided quote)."""
    excerpts = value if isinstance(value, list) else [value]
    if not excerpts or any(is_long_text(v) for v in excerpts):
        return "a verbatim excerpt of the review, or a list of excerpts"
    if any(QUOTE_ELISION.strip() in v for v in excerpts):
        return f"excerpts without {QUOTE_ELISION.strip()!r} (it joins the excerpts of a list)"
    joined = QUOTE_ELISION.join(" ".join(v.split()) for v in excerpts)
    if len(joined) < MIN_QUOTE_CHARS:
        return f"a verbatim excerpt of the review of at least {MIN_QUOTE_CHARS} characters (found {len(joined)})"
    return None


def is_id(value: Any) -> str | None:
    """A local id (:data:`~mscexo_ld.schema.ID_PATTERN`)."""
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        expected = "an id of ASCII letters, digits, '.', '_' or '-' (pattern ^[A-Za-z0-9][A-Za-z0-9._-]*$)"
        if isinstance(value, str):
            odd = next((ch for ch in value if not (ch.isascii() and (ch.isalnum() or ch in "._-"))), None)
            if odd is not None:
                expected += f"; it contains '{visible(odd)}' ({describe_char(odd)})"
                if LOOKALIKES.get(odd) == "-":
                    expected += ": write '-' (U+002D HYPHEN-MINUS)"
        return expected
    return None


def is_id_list(value: Any) -> str | None:
    """A list of local ids without repeats (may be empty)."""
    if not isinstance(value, list):
        return "a list of ids"
    for v in value:
        message = is_id(v)
        if message:
            return f"a list of ids; {v!r} is not {message}"
    if len(set(value)) != len(value):
        return "a list of ids without repeats"
    return None


def is_text_list(value: Any) -> str | None:
    """A list of non-empty strings (may be empty)."""
    if not isinstance(value, list):
        return "a list of non-empty strings"
    for i, v in enumerate(value, start=1):
        message = is_text(v)
        if message:
            return f"a list of non-empty strings; item {i} is not {message}"
    return None


def one_of(options: Iterable[str]) -> Callable[[Any], str | None]:
    """The check that a value is one of ``options``."""
    options = tuple(options)
    return lambda v: None if v in options else "one of: " + ", ".join(options)


def is_bool(value: Any) -> str | None:
    """true or false."""
    return None if isinstance(value, bool) else "true or false"


def is_reference_number(value: Any) -> str | None:
    """A reference number of the review."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= C.REVIEW_MAX_REFERENCE:
        return f"an integer reference number from 1 to {C.REVIEW_MAX_REFERENCE}"
    return None


def is_reference_list(value: Any) -> str | None:
    """A non-empty list of reference numbers of the review."""
    if not isinstance(value, list) or not value or any(is_reference_number(v) for v in value):
        return f"a non-empty list of reference numbers from 1 to {C.REVIEW_MAX_REFERENCE}"
    return None


def is_citation_list(value: Any) -> str | None:
    """A list of reference numbers of the review; empty for a result the review states uncited."""
    if not isinstance(value, list) or any(is_reference_number(v) for v in value):
        return f"a list of reference numbers from 1 to {C.REVIEW_MAX_REFERENCE} (an empty list only with uncited: true)"
    return None


def is_index(value: Any) -> str | None:
    """A positive integer (a 1-based position in a list)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return "a positive integer (1 for the first item)"
    return None


def entity_ref_list(value: Any, kinds: tuple[str, ...]) -> str | None:
    """A non-empty list of prefixed entity references KIND:ID with KIND one of ``kinds``."""
    if not isinstance(value, list) or not value or any(entity_ref(v, kinds) for v in value):
        return "a non-empty list of prefixed entity references KIND:ID with KIND one of " + ", ".join(kinds)
    return None


def entity_ref(value: Any, kinds: tuple[str, ...]) -> str | None:
    """A prefixed entity reference KIND:ID with KIND one of ``kinds``."""
    if not isinstance(value, str) or ":" not in value:
        return "a prefixed entity reference KIND:ID with KIND one of " + ", ".join(kinds)
    kind, _, ident = value.partition(":")
    if kind not in kinds:
        return "a prefixed entity reference KIND:ID with KIND one of " + ", ".join(kinds)
    return is_id(ident)


class SubRecord(Checked):
    """Field access inside a nested mapping; problems name ``parent_field.field``."""

    def __init__(self, rec: Record, node: Node, field: str, allowed: tuple[str, ...]):
        self.rec, self.node, self.field = rec, node, field
        self.flagged = rec.flagged
        self.keys = node.keys
        self.fields: dict[str, Node] = dict(node.value)
        self._unknown_fields(self.fields, allowed, f"{field}.")

    def _report(self, field: str, message: str, line: int) -> None:
        self.rec.error(field, message, line)

    def get(self, name: str, check: Check, *, required: bool, default: Any = None) -> Any:
        """Return the plain value of field ``name`` of the nested mapping."""
        return self._check(
            self.fields, name, f"{self.field}.{name}", check, required=required, default=default, line=self.node.line
        )


def is_curie(value: Any) -> str | None:
    """A CURIE PREFIX:ID (the prefix is checked against the prefix map by the mapping loader)."""
    if not isinstance(value, str) or not CURIE_PATTERN.match(value):
        expected = "a CURIE PREFIX:ID"
        if isinstance(value, str):
            odd = next((ch for ch in value if not (ch.isascii() and (ch.isalnum() or ch in "._-:"))), None)
            if odd is not None:
                expected += f"; it contains '{visible(odd)}' ({describe_char(odd)})"
        return expected
    return None


def is_number(value: Any) -> str | None:
    """A non-negative number (not a boolean)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
        return None
    return "a non-negative number"


def is_nct(value: Any) -> str | None:
    """A ClinicalTrials.gov id."""
    if isinstance(value, str) and re.fullmatch(r"NCT\d{8}", value):
        return None
    return "an NCT id (NCT followed by 8 digits)"


def is_phase_list(value: Any) -> str | None:
    """A list of normalised trial phases (may be empty)."""
    if not isinstance(value, list) or any(v not in PHASES for v in value):
        return "a list of: " + ", ".join(PHASES)
    return None


def is_nonempty_text_list(value: Any) -> str | None:
    """A non-empty list of strings (a table's cells)."""
    if not isinstance(value, list) or not value or any(is_text(v) for v in value):
        return "a non-empty list of non-empty strings"
    return None


def is_nonempty_id_list(value: Any) -> str | None:
    """A non-empty list of ids (a table's entity references of one kind)."""
    if not isinstance(value, list) or not value or any(is_id(v) for v in value):
        return "a non-empty list of ids"
    return None


#: Kinds a table's ``any_ref_list`` may point at: those that are nodes of ours.
_NODE_KINDS = tuple(k for k, cls in ENTITY_KINDS.items() if cls)


def is_any_ref_list(value: Any) -> str | None:
    """A non-empty list of prefixed entity references KIND:ID."""
    if not isinstance(value, list) or not value or any(entity_ref(v, _NODE_KINDS) for v in value):
        return "a non-empty list of prefixed entity references KIND:ID"
    return None


#: The checks of the value types that take no options.
_CHECKS: dict[str, Check] = {
    "text": is_text,
    "label": is_label(False),
    "strict_label": is_label(True),
    "label_list": is_label_list(False),
    "strict_label_list": is_label_list(True),
    "text_list": is_text_list,
    "quote": is_quote,
    "id": is_id,
    "id_list": is_id_list,
    "reference_number": is_reference_number,
    "reference_list": is_reference_list,
    "citation_list": is_citation_list,
    "index": is_index,
    "bool": is_bool,
    "curie": is_curie,
    "number": is_number,
    "nct": is_nct,
    "phase_list": is_phase_list,
    "nonempty_text_list": is_nonempty_text_list,
    "nonempty_id_list": is_nonempty_id_list,
    "any_ref_list": is_any_ref_list,
}


def checker(field: FieldSpec) -> Check:
    """The check of ``field``'s value (``records`` fields are read item by item, not checked here)."""
    if field.type == "one_of":
        return one_of(field.options)
    if field.type == "entity_ref":
        kinds = field.options
        return lambda v: entity_ref(v, kinds)
    if field.type == "entity_ref_list":
        listed = field.options
        return lambda v: entity_ref_list(v, listed)
    return _CHECKS[field.type]


def checked_types() -> frozenset[str]:
    """The value types :func:`checker` knows (``records`` is read by the loaders)."""
    return frozenset(_CHECKS) | {"one_of", "entity_ref", "entity_ref_list", "records"}
