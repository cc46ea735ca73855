"""Curated input -> typed records.

Every problem is collected (not only the first) and reported with file, line, record id,
field, the value found and what was expected. Nothing is written anywhere.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import constants as C
from .records import (
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
            parts.append(f"record {self.record}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + f": {self.message}"


class CurationError(Exception):
    """The curated input has problems; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# ----------------------------------------------------------------------------- YAML with lines


class _Node:
    """A YAML value with its line (1-based)."""

    __slots__ = ("value", "line")

    def __init__(self, value: Any, line: int):
        self.value = value
        self.line = line


def _convert(node: yaml.Node, loader: yaml.SafeLoader) -> _Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, _Node] = {}
        keys: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key = str(key)
            if key in keys:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            keys[key] = key_node.start_mark.line + 1
            out[key] = _convert(value_node, loader)
        return _Node(out, line)
    if isinstance(node, yaml.SequenceNode):
        return _Node([_convert(item, loader) for item in node.value], line)
    return _Node(loader.construct_object(node, deep=True), line)


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


def _plain(node: _Node) -> Any:
    if isinstance(node.value, dict):
        return {k: _plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [_plain(v) for v in node.value]
    return node.value


def read_yaml_records(path: Path, rel: str, problems: list[Problem]) -> list[_Node]:
    """Read a YAML file that must hold a list of mappings; problems are appended."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(rel, None, None, None, f"cannot read file: {exc.strerror}"))
        return []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(rel, line, None, None, f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}; expected UTF-8 text")
        )
        return []
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        problems.append(Problem(rel, None, None, None, "empty file; expected a YAML list of records"))
        return []
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            problems.append(Problem(rel, None, None, None, "no YAML document; expected a YAML list of records"))
            return []
        tree = _convert(root, loader)
    except _DuplicateKey as exc:
        problems.append(Problem(rel, exc.line, None, exc.key, "key given twice in one record"))
        return []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problems.append(Problem(rel, line, None, None, f"YAML syntax error: {exc.problem or exc}"))
        return []
    except yaml.YAMLError as exc:
        problems.append(Problem(rel, None, None, None, f"YAML error: {exc}"))
        return []
    finally:
        loader.dispose()
    if not isinstance(tree.value, list):
        problems.append(
            Problem(rel, tree.line, None, None, f"found a {type(_plain(tree)).__name__}; expected a YAML list of records")
        )
        return []
    records = []
    for item in tree.value:
        if not isinstance(item.value, dict):
            problems.append(
                Problem(rel, item.line, None, None, f"found {_plain(item)!r}; expected a record (a mapping of fields)")
            )
            continue
        records.append(item)
    return records


# ----------------------------------------------------------------------------- field checking


class _Record:
    """Field access on one record that reports problems with file, line, id and field."""

    def __init__(self, node: _Node, rel: str, id_field: str, allowed: Iterable[str], problems: list[Problem]):
        self.node, self.rel, self.problems = node, rel, problems
        self.fields: dict[str, _Node] = node.value
        raw_id = self.fields.get(id_field)
        self.id = str(raw_id.value) if raw_id is not None and raw_id.value is not None else None
        self.ok = True
        allowed = tuple(allowed)
        for key, value in self.fields.items():
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                self.error(key, f"unknown field '{key}'{hint} Expected one of: {', '.join(allowed)}", value.line)

    @property
    def origin(self) -> Origin:
        return Origin(self.rel, self.node.line)

    def error(self, field: str | None, message: str, line: int | None = None) -> None:
        self.ok = False
        if line is None:
            line = self.fields[field].line if field in self.fields else self.node.line
        self.problems.append(Problem(self.rel, line, self.id, field, message))

    def get(self, field: str, check: Callable[[Any], str | None], *, required: bool, default: Any = None) -> Any:
        """Return the plain value of ``field``; ``check`` returns an error text or None."""
        node = self.fields.get(field)
        if node is None or node.value is None:
            if required:
                self.error(field, f"missing required field '{field}'")
            return default
        value = _plain(node)
        message = check(value)
        if message:
            self.error(field, f"found {value!r}; expected {message}", node.line)
            return default
        return value

    def node_of(self, field: str) -> _Node | None:
        return self.fields.get(field)


def _is_text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "a non-empty string"
    if value != value.strip():
        return "a string without leading or trailing white space"
    if "\u00a0" in value:
        return "a string without non-breaking spaces (U+00A0)"
    return None


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
    return None


def _is_id(value: Any) -> str | None:
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        return "an id of ASCII letters, digits, '.', '_' or '-' (pattern ^[A-Za-z0-9][A-Za-z0-9._-]*$)"
    return None


def _is_id_list(value: Any) -> str | None:
    if not isinstance(value, list) or any(_is_id(v) for v in value):
        return "a list of ids"
    if len(set(value)) != len(value):
        return "a list of ids without repeats"
    return None


def _is_text_list(value: Any) -> str | None:
    if not isinstance(value, list) or any(_is_text(v) for v in value):
        return "a list of non-empty strings"
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
    "id", "statement", "references", "agent", "organ_system", "condition", "msc_sources", "donor_species",
    "modifications", "cargo", "regulations", "models", "outcomes", "quote", "notes",
)
REGULATION_FIELDS = ("regulator", "regulated", "direction", "inferred", "note")
MODIFICATION_FIELDS = ("type", "agent", "note")
MAPPING_FIELDS = ("curie", "match")


def _rel(path: Path, base: Path) -> str:
    try:
        return str(path.resolve().relative_to(base.resolve().parent))
    except ValueError:
        return str(path)


def load_references(path: Path, base: Path, problems: list[Problem], out: dict[int, Reference] | None = None) -> dict[int, Reference]:
    rel = _rel(path, base)
    out = {} if out is None else out
    for node in read_yaml_records(path, rel, problems):
        rec = _Record(node, rel, "number", REFERENCE_FIELDS, problems)
        number = rec.get("number", _is_reference_number, required=True)
        author = rec.get("first_author", _is_text, required=False)
        note = rec.get("note", _is_text, required=False)
        out_of_scope = rec.get("out_of_scope", _is_text, required=False)
        if number is None or not rec.ok:
            continue
        if number in out:
            rec.error("number", f"duplicate reference number {number}; first defined at {out[number].origin}")
            continue
        out[number] = Reference(number=number, origin=rec.origin, first_author=author, note=note, out_of_scope=out_of_scope)
    return out


def _load_mappings(rec: _Record) -> tuple[Mapping, ...]:
    node = rec.node_of("mappings")
    if node is None or node.value is None:
        return ()
    if not isinstance(node.value, list):
        rec.error("mappings", f"found {_plain(node)!r}; expected a list of {{curie, match}} mappings")
        return ()
    out = []
    for item in node.value:
        if not isinstance(item.value, dict):
            rec.error("mappings", f"found {_plain(item)!r}; expected a mapping {{curie: PREFIX:ID, match: exact|close}}", item.line)
            continue
        for key in item.value:
            if key not in MAPPING_FIELDS:
                rec.error("mappings", f"unknown field '{key}' in a mapping; expected curie, match", item.line)
        curie = _plain(item.value["curie"]) if "curie" in item.value else None
        match = _plain(item.value["match"]) if "match" in item.value else None
        if not isinstance(curie, str) or not CURIE_PATTERN.match(curie):
            rec.error("mappings.curie", f"found {curie!r}; expected a CURIE PREFIX:ID", item.line)
            continue
        prefix = curie.split(":", 1)[0]
        if prefix not in C.EXTERNAL_PREFIXES:
            rec.error("mappings.curie", f"found prefix {prefix!r} in {curie!r}; expected one of: {', '.join(C.EXTERNAL_PREFIXES)}", item.line)
            continue
        if match not in MATCH_TYPES:
            rec.error("mappings.match", f"found {match!r}; expected one of: {', '.join(MATCH_TYPES)}", item.line)
            continue
        out.append(Mapping(curie=curie, match=match))
    curies_seen = [m.curie for m in out]
    for curie in sorted({c for c in curies_seen if curies_seen.count(c) > 1}):
        rec.error("mappings", f"CURIE {curie} mapped twice")
    return tuple(out)


def load_entities(path: Path, kind: str, base: Path, problems: list[Problem]) -> dict[str, Entity]:
    rel = _rel(path, base)
    out: dict[str, Entity] = {}
    allowed = ENTITY_FIELDS + ENTITY_EXTRA_FIELDS.get(kind, ())
    for node in read_yaml_records(path, rel, problems):
        rec = _Record(node, rel, "id", allowed, problems)
        ident = rec.get("id", _is_id, required=True)
        label = rec.get("label", _is_text, required=True)
        alt = rec.get("alt_labels", _is_text_list, required=False, default=[])
        mappings = _load_mappings(rec)
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
            rec.error("unmapped_reason", "found an unmapped_reason on a record with mappings; expected one or the other")
        if kind == "species" and (len(mappings) != 1 or mappings[0].match != "exact" or not mappings[0].curie.startswith("NCBITaxon:")):
            rec.error("mappings", "expected exactly one exact NCBITaxon mapping for a species")
        if ident is None or not rec.ok:
            continue
        if ident in out:
            rec.error("id", f"duplicate id {ident!r}; first defined at {out[ident].origin}")
            continue
        out[ident] = Entity(
            kind=kind, id=ident, label=label, origin=rec.origin, alt_labels=tuple(alt),
            mappings=mappings, unmapped_reason=unmapped, note=note, **extra,
        )
    return out


def _sub_records(rec: _Record, name: str, allowed: tuple[str, ...]) -> Iterator[tuple[int, "_SubRecord"]]:
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
            rec.error(f"{sub.field}.note", "missing note; expected a note saying why the regulation is inferred", sub.node.line)
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


class _SubRecord:
    """Field access inside a nested mapping; problems name ``parent_field.field``."""

    def __init__(self, rec: _Record, node: _Node, field: str, allowed: tuple[str, ...]):
        self.rec, self.node, self.field = rec, node, field
        for key, value in node.value.items():
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                rec.error(f"{field}.{key}", f"unknown field '{key}'{hint} Expected one of: {', '.join(allowed)}", value.line)

    def get(self, name: str, check: Callable[[Any], str | None], *, required: bool, default: Any = None) -> Any:
        node = self.node.value.get(name)
        if node is None or node.value is None:
            if required:
                self.rec.error(f"{self.field}.{name}", f"missing required field '{name}'", self.node.line)
            return default
        value = _plain(node)
        message = check(value)
        if message:
            self.rec.error(f"{self.field}.{name}", f"found {value!r}; expected {message}", node.line)
            return default
        return value


def _ref(value: str) -> EntityRef:
    kind, _, ident = value.partition(":")
    return EntityRef(kind, ident)


def load_findings(path: Path, base: Path, problems: list[Problem]) -> list[Finding]:
    rel = _rel(path, base)
    out = []
    for node in read_yaml_records(path, rel, problems):
        rec = _Record(node, rel, "id", FINDING_FIELDS, problems)
        values = dict(
            id=rec.get("id", _is_id, required=True),
            statement=rec.get("statement", _is_text, required=True),
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
        if not rec.ok or values["id"] is None:
            continue
        if isinstance(values["quote"], str):
            values["quote"] = [values["quote"]]
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


def load_corpus(data_dir: Path = C.DATA_DIR) -> Corpus:
    """Load and cross-check all curated input under ``data_dir``; raise CurationError."""
    problems: list[Problem] = []
    base = data_dir
    corpus = Corpus(data_dir=data_dir)
    # references.yaml, plus references.<part>.yaml files (e.g. one per section while curating)
    for path in [data_dir / "references.yaml", *sorted(data_dir.glob("references.*.yaml"))]:
        load_references(path, base, problems, corpus.references)
    entity_dir = data_dir / "entities"
    present = sorted(entity_dir.glob("*.yaml")) if entity_dir.is_dir() else []
    for path in present:
        kind = path.name.split(".", 1)[0]  # gene.yaml, or gene.<part>.yaml
        if kind not in ENTITY_KINDS:
            close = difflib.get_close_matches(kind, ENTITY_KINDS, n=1)
            hint = f"; did you mean '{close[0]}.yaml'?" if close else ""
            problems.append(Problem(_rel(path, base), None, None, None,
                                    f"unknown entity kind '{kind}'{hint} Expected one of: {', '.join(k + '.yaml' for k in ENTITY_KINDS)}"))
            continue
        loaded = load_entities(path, kind, base, problems)
        known = corpus.entities.setdefault(kind, {})
        for ident, entity in loaded.items():
            if ident in known:
                problems.append(Problem(entity.origin.file, entity.origin.line, ident, "id",
                                        f"duplicate id {ident!r}; first defined at {known[ident].origin}"))
            else:
                known[ident] = entity
    for kind in ENTITY_KINDS:
        corpus.entities.setdefault(kind, {})
    findings_dir = data_dir / "findings"
    finding_files = sorted(findings_dir.glob("*.yaml")) if findings_dir.is_dir() else []
    if not finding_files:
        problems.append(Problem(_rel(findings_dir, base), None, None, None, "no findings/*.yaml files; expected at least one"))
    for path in finding_files:
        for finding in load_findings(path, base, problems):
            if finding.id in corpus.findings:
                problems.append(Problem(finding.origin.file, finding.origin.line, finding.id, "id",
                                        f"duplicate finding id {finding.id!r}; first defined at {corpus.findings[finding.id].origin}"))
                continue
            corpus.findings[finding.id] = finding
    tables_dir = data_dir / "tables"
    for path in sorted(tables_dir.glob("*.yaml")) if tables_dir.is_dir() else []:
        load_table(path, base, problems, corpus)
    _cross_check(corpus, problems)
    if problems:
        raise CurationError(problems)
    return corpus


def load_table(path: Path, base: Path, problems: list[Problem], corpus: Corpus) -> None:
    from .tables import COMMON_FIELDS, TABLES, check_field

    rel = _rel(path, base)
    spec = TABLES.get(path.stem)
    if spec is None:
        close = difflib.get_close_matches(path.stem, TABLES, n=1)
        hint = f"; did you mean '{close[0]}.yaml'?" if close else ""
        problems.append(Problem(rel, None, None, None, f"unknown table '{path.stem}'{hint} Expected one of: "
                                + ", ".join(f"{t}.yaml" for t in TABLES)))
        return
    out = corpus.tables.setdefault(spec.name, {})
    for node in read_yaml_records(path, rel, problems):
        rec = _Record(node, rel, "id", COMMON_FIELDS + tuple(f.name for f in spec.fields), problems)
        ident = rec.get("id", _is_id, required=True)
        label = rec.get("label", _is_text, required=True)
        alt = rec.get("alt_labels", _is_text_list, required=False, default=[])
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
        if ident is None or not rec.ok:
            continue
        if ident in out:
            rec.error("id", f"duplicate id {ident!r}; first defined at {out[ident].origin}")
            continue
        out[ident] = TableRecord(
            table=spec.name, id=ident, label=label, origin=rec.origin,
            quote=tuple(quote if isinstance(quote, list) else [quote]), fields=tuple(values),
            references=tuple(references), mappings=mappings, unmapped_reason=unmapped, notes=tuple(notes),
            alt_labels=tuple(alt),
        )


def _cross_check(corpus: Corpus, problems: list[Problem]) -> None:
    """Dangling references between records."""

    def missing(kind: str, ident: str) -> bool:
        return ident not in corpus.entities.get(kind, {})

    def report(origin: Origin, record: str, field: str, kind: str, ident: str) -> None:
        known = corpus.entities.get(kind, {})
        close = difflib.get_close_matches(ident, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        problems.append(Problem(origin.file, origin.line, record, field,
                                f"found {ident!r}, which is not an id in entities/{kind}.yaml{hint}"))

    for model in corpus.entities["model"].values():
        if model.organism and missing("species", model.organism):
            report(model.origin, model.id, "organism", "species", model.organism)
    for f in corpus.findings.values():
        for n in f.references:
            if n not in corpus.references:
                problems.append(Problem(f.origin.file, f.origin.line, f.id, "references",
                                        f"found reference {n}, which is not in references.yaml"))
        single = [("organ_system", "organ-system", f.organ_system), ("condition", "condition", f.condition),
                  ("agent", "agent", f.agent)]
        multi = [("msc_sources", "msc-source", f.msc_sources), ("donor_species", "species", f.donor_species),
                 ("cargo", "cargo", f.cargo), ("models", "model", f.models), ("outcomes", "outcome", f.outcomes)]
        for field, kind, ident in single:
            if missing(kind, ident):
                report(f.origin, f.id, field, kind, ident)
        for field, kind, idents in multi:
            for ident in idents:
                if missing(kind, ident):
                    report(f.origin, f.id, field, kind, ident)
        for i, r in enumerate(f.regulations, start=1):
            for field, ref in (("regulator", r.regulator), ("regulated", r.regulated)):
                if missing(ref.kind, ref.id):
                    report(f.origin, f.id, f"regulations[{i}].{field}", ref.kind, ref.id)
            if r.regulator == r.regulated:
                problems.append(Problem(f.origin.file, f.origin.line, f.id, f"regulations[{i}]",
                                        f"found {r.regulator} regulating itself; expected two different entities"))
        for i, m in enumerate(f.modifications, start=1):
            if missing(m.agent.kind, m.agent.id):
                report(f.origin, f.id, f"modifications[{i}].agent", m.agent.kind, m.agent.id)
    from .tables import TABLES, entity_refs

    cited = {n for f in corpus.findings.values() for n in f.references}
    cited |= {n for records in corpus.tables.values() for r in records.values() for n in r.references}
    for number, ref in corpus.references.items():
        if ref.out_of_scope and number in cited:
            problems.append(Problem(ref.origin.file, ref.origin.line, str(number), "out_of_scope",
                                    f"found an out_of_scope reason on reference {number}, which a finding or table "
                                    "record cites; expected no out_of_scope on a cited reference"))

    for table, records in corpus.tables.items():
        for record in records.values():
            for n in record.references:
                if n not in corpus.references:
                    problems.append(Problem(record.origin.file, record.origin.line, record.id, "references",
                                            f"found reference {n}, which is not in references.yaml"))
            for field, ref in entity_refs(TABLES[table], record):
                if missing(ref.kind, ref.id):
                    report(record.origin, record.id, field, ref.kind, ref.id)
    problems.sort(key=lambda p: (p.file, p.line or 0))
