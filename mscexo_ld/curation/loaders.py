"""Loaders: one curated file -> typed records, each field read as the spec says.

One loader per record kind (references, entities, findings, table records). A loader
appends every problem it finds and returns the records that are sound; :class:`Known`
remembers what was rejected, so that the cross-check reports one mistake once.

Over 400 lines because it is one loader per record kind, and a finding's fields (evidence types,
involvements, forms, regulations) are read here, next to the spec that names them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mscexo_ld import constants as C
from mscexo_ld import schema as S
from mscexo_ld.curation.evidence import check_evidence, check_phrases, load_involvements
from mscexo_ld.curation.fields import Record, SubRecord, checker
from mscexo_ld.curation.problems import Problem
from mscexo_ld.curation.yamlpos import Node, path_text, plain, read_yaml_records
from mscexo_ld.records import (
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


def rel_path(path: Path, base: Path) -> str:
    """``path`` as problems name it: relative to the folder above the data folder.

    A symbolic link is named as itself, not as its target (its folder is resolved, not the link).
    """
    try:
        return str((path.parent.resolve() / path.name).relative_to(base.resolve().parent))
    except ValueError:
        return str(path)


class Known:
    """Records that exist but were rejected, and kinds whose file could not be read at all.

    References to them are not reported as dangling as well: one mistake, one message.
    """

    def __init__(self) -> None:
        self.rejected: dict[str, set[Any]] = {}
        self.unreadable: set[str] = set()
        #: (file, record id) -> field path -> line, so that cross-record problems name the exact line.
        self.lines: dict[tuple[str, str], dict[str, int]] = {}

    def remember(self, rec: Record, ident: Any) -> None:
        """Note the lines of an accepted record's fields."""
        lines: dict[str, int] = {}
        _field_lines(rec.node, (), lines)
        self.lines[(rec.rel, str(ident))] = lines

    def line(self, origin: Origin, record: str, field: str, index: int | None = None) -> int:
        """The line of ``field`` (or its ``index``-th item, 1-based) of a remembered record."""
        lines = self.lines.get((origin.file, record), {})
        return (lines.get(f"{field}[{index}]") if index is not None else None) or lines.get(field) or origin.line

    def reject(self, kind: str, ident: Any) -> None:
        """Note a record that exists but was rejected."""
        if ident is not None:
            self.rejected.setdefault(kind, set()).add(ident)

    def tolerates(self, kind: str, ident: Any) -> bool:
        """Whether a reference to ``ident`` is not to be reported (its record was rejected or unread)."""
        return kind in self.unreadable or ident in self.rejected.get(kind, ())


def _field_lines(node: Node, path: tuple[int | str, ...], out: dict[str, int]) -> None:
    if isinstance(node.value, dict):
        for key, child in node.value.items():
            out[path_text((*path, key))] = node.keys.get(key, (child.line, 0))[0]
            _field_lines(child, (*path, key), out)
    elif isinstance(node.value, list):
        for i, child in enumerate(node.value):
            out[path_text((*path, i))] = child.line
            _field_lines(child, (*path, i), out)


def _records(
    path: Path, rel: str, problems: list[Problem], known: Known | None, kind: str, *, base: Path | None = None
) -> list[Node]:
    records = read_yaml_records(path, rel, problems, base)
    if records is None:
        if known is not None:
            known.unreadable.add(kind)
        return []
    return records


# ----------------------------------------------------------------------------- references


def load_references(
    path: Path,
    base: Path,
    problems: list[Problem],
    out: dict[int, Reference] | None = None,
    known: Known | None = None,
) -> dict[int, Reference]:
    """Read one references file into ``out`` (number -> reference)."""
    rel = rel_path(path, base)
    out = {} if out is None else out
    spec = S.REFERENCE
    for node in _records(path, rel, problems, known, "reference", base=base):
        rec = Record(node, rel, "number", spec.names, problems)
        # read in this order (not the spec's), so that problems on one line keep their order
        values = {name: rec.take(spec[name]) for name in ("number", "first_author", "note", "out_of_scope")}
        number = values["number"]
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
        out[number] = Reference(origin=rec.origin, **values)
    return out


# ----------------------------------------------------------------------------- entities


def _load_mappings(rec: Record, kind: str | None = None, cargo_type: str | None = None) -> tuple[Mapping, ...]:
    """The mappings of an entity record; with ``kind``, each vocabulary must fit the kind (schema.py)."""
    node = rec.node_of("mappings")
    if node is None or node.value is None:
        return ()
    if not isinstance(node.value, list):
        rec.error(
            "mappings", f"found {plain(node)!r}; expected a list of {{curie: PREFIX:ID, match: exact|close}} mappings"
        )
        return ()
    out = []
    for item in node.value:
        if not isinstance(item.value, dict):
            rec.error(
                "mappings",
                f"found {plain(item)!r}; expected a mapping {{curie: PREFIX:ID, match: exact|close}}",
                item.line,
            )
            continue
        sub = SubRecord(rec, item, "mappings", S.MAPPING.names)
        curie, match = (sub.take(f) for f in S.MAPPING.fields)
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
        mismatch = S.vocabulary_mismatch(prefix, kind, cargo_type) if kind is not None else None
        if mismatch is not None:
            rec.error("mappings.curie", f"found {curie!r}, a {prefix} identifier; {mismatch}", item.value["curie"].line)
            continue
        out.append(Mapping(curie=curie, match=match))
    curies_seen = [m.curie for m in out]
    for curie in sorted({c for c in curies_seen if curies_seen.count(c) > 1}):
        rec.error("mappings", f"found CURIE {curie} mapped twice; expected each CURIE once")
    return tuple(out)


def _read_fields(rec: Record, spec: S.RecordSpec, kind: str | None = None) -> dict[str, Any]:
    """Attribute -> value of every field of ``spec`` (``mappings`` read as mappings), in spec order.

    ``kind``: an entity kind, whose mappings must use a vocabulary that fits it.
    """
    values: dict[str, Any] = {}
    cargo_type = rec.node_of("type") if kind == "cargo" else None
    for field in spec.fields:
        if field.name == "mappings":
            subtype = cargo_type.value if cargo_type is not None and isinstance(cargo_type.value, str) else None
            values["mappings"] = _load_mappings(rec, kind, subtype)
        elif field.type != "records":
            value = rec.take(field)
            values[field.attribute] = tuple(value) if isinstance(value, list) else value
    return values


def load_entities(
    path: Path, kind: str, base: Path, problems: list[Problem], known: Known | None = None
) -> dict[str, Entity]:
    """Read one file of entities of ``kind`` (id -> entity)."""
    rel = rel_path(path, base)
    out: dict[str, Entity] = {}
    spec = S.ENTITIES[kind]
    for node in _records(path, rel, problems, known, kind, base=base):
        rec = Record(node, rel, "id", spec.names, problems)
        # species: one exact NCBITaxon mapping, checked below with its own message
        values = _read_fields(rec, spec, None if kind == "species" else kind)
        ident, mappings = values["id"], values["mappings"]
        if mappings and values["unmapped_reason"]:
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
        out[ident] = Entity(kind=kind, origin=rec.origin, **values)
    return out


# ----------------------------------------------------------------------------- findings


def _sub_records(rec: Record, spec: S.RecordSpec, name: str) -> Iterator[SubRecord]:
    """The mappings of a list field (``regulations``, ``modifications``), each as a SubRecord."""
    allowed = spec.names
    node = rec.node_of(name)
    if node is None or node.value is None:
        return
    if not isinstance(node.value, list):
        rec.error(name, f"found {plain(node)!r}; expected a list of mappings with fields {', '.join(allowed)}")
        return
    for i, item in enumerate(node.value, start=1):
        field = f"{name}[{i}]"
        if not isinstance(item.value, dict):
            rec.error(field, f"found {plain(item)!r}; expected a mapping with fields {', '.join(allowed)}", item.line)
            continue
        yield SubRecord(rec, item, field, allowed)


def _ref(value: str) -> EntityRef:
    kind, _, ident = value.partition(":")
    return EntityRef(kind, ident)


def _load_regulations(rec: Record) -> tuple[Regulation, ...]:
    out = []
    for sub in _sub_records(rec, S.REGULATION, "regulations"):
        regulator, regulated, direction, inferred, note, form, against = (sub.take(f) for f in S.REGULATION.fields)
        for flag, why in ((inferred, "the regulation is inferred"), (against, "the direction is against expectation")):
            if flag and not note:
                rec.error(f"{sub.field}.note", f"missing note; expected a note saying why {why}", sub.node.line)
        if regulator and regulated and direction:
            out.append(Regulation(_ref(regulator), _ref(regulated), direction, inferred, note, form, bool(against)))
    return tuple(out)


def _load_modifications(rec: Record) -> tuple[Modification, ...]:
    out = []
    for sub in _sub_records(rec, S.MODIFICATION, "modifications"):
        mtype, agent, note = (sub.take(f) for f in S.MODIFICATION.fields)
        if mtype and agent:
            out.append(Modification(mtype, _ref(agent), note))
    return tuple(out)


def load_findings(path: Path, base: Path, problems: list[Problem], known: Known | None = None) -> list[Finding]:
    """Read one findings file."""
    rel = rel_path(path, base)
    out = []
    for node in _records(path, rel, problems, known, "finding", base=base):
        rec = Record(node, rel, "id", S.FINDING.names, problems)
        values = _read_fields(rec, S.FINDING)
        regulations = _load_regulations(rec)
        modifications = _load_modifications(rec)
        involvements = load_involvements(rec, _sub_records(rec, S.INVOLVEMENT, "involvements"), len(regulations))
        check_evidence(rec, values)
        if values["msc_sources"] == () and not values["notes"] and rec.node_of("notes") is None:
            rec.error(
                "msc_sources",
                "found an empty list and no notes; expected at least one msc-source id, or "
                "notes saying why the text names no source",
            )
        if not rec.ok or values["id"] is None:
            continue
        if isinstance(values["quote"], str):
            values["quote"] = (values["quote"],)
        if known is not None:
            known.remember(rec, values["id"])
        check_phrases(rec, values["quote"], involvements)
        if not rec.ok:
            continue
        out.append(
            Finding(
                origin=rec.origin,
                regulations=regulations,
                modifications=modifications,
                involvements=involvements,
                **values,
            )
        )
    return out


# ----------------------------------------------------------------------------- tables


def load_table(path: Path, base: Path, problems: list[Problem], corpus: Corpus, known: Known | None = None) -> None:
    """Read one file of data/tables/ into ``corpus.tables``."""
    rel = rel_path(path, base)
    spec = S.TABLES.get(path.stem)
    if spec is None:
        close = difflib.get_close_matches(path.stem, S.TABLES, n=1)
        hint = f"; did you mean '{close[0]}.yaml'?" if close else ""
        problems.append(
            Problem(
                rel,
                None,
                None,
                None,
                f"unknown table '{path.stem}'{hint} Expected one of: " + ", ".join(f"{t}.yaml" for t in S.TABLES),
            )
        )
        return
    out = corpus.tables.setdefault(spec.name, {})
    record_spec = S.table_record_spec(spec)
    for node in _records(path, rel, problems, known, spec.name, base=base):
        rec = Record(node, rel, "id", record_spec.names, problems)
        common = _read_fields(rec, S.TABLE_COMMON)
        values = []
        for field in spec.fields:
            value = rec.get(field.name, checker(field), required=field.required)
            if value is not None:
                values.append((field.name, value))
        numbers = dict(values)
        low, high = numbers.get("diameter_min_nm"), numbers.get("diameter_max_nm")
        if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
            rec.error(
                "diameter_min_nm", f"found diameter_min_nm {low} above diameter_max_nm {high}; expected min <= max"
            )
        ident = common["id"]
        if ident is not None and ident in out:
            rec.error("id", f"found id {ident!r} again; expected each id once (first defined at {out[ident].origin})")
            continue
        if ident is None or not rec.ok:
            continue
        if known is not None:
            known.remember(rec, ident)
        quote = common.pop("quote")
        out[ident] = TableRecord(
            table=spec.name,
            origin=rec.origin,
            quote=quote if isinstance(quote, tuple) else (quote,),
            fields=tuple(values),
            **common,
        )
