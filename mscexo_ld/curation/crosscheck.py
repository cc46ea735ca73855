"""Cross-checks: references between records (entity ids, reference numbers) that point at nothing.

Which fields point at which entity kind comes from the spec (``ref`` and ``entity_ref`` fields
of :mod:`mscexo_ld.schema`). A reference to a record that exists but was rejected is not
reported again (:class:`~mscexo_ld.curation.loaders.Known`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from mscexo_ld import schema as S
from mscexo_ld.curation.loaders import Known
from mscexo_ld.curation.problems import Problem
from mscexo_ld.records import Corpus, EntityRef, Origin, TableRecord


def entity_refs(spec: S.TableSpec, record: TableRecord) -> list[tuple[str, EntityRef]]:
    """(field, entity reference) pairs of a table record, for the dangling-reference check."""
    out = []
    for field in spec.fields:
        value = record.get(field.name)
        if value is None:
            continue
        if field.ref and isinstance(value, list):
            out += [(field.name, EntityRef(field.ref, v)) for v in value]
        elif field.ref:
            out.append((field.name, EntityRef(field.ref, str(value))))
        elif field.type == "any_ref_list" and isinstance(value, list):
            out += [(field.name, EntityRef(*v.split(":", 1))) for v in value]
    return out


def cross_check(corpus: Corpus, problems: list[Problem], known: Known | None = None) -> None:
    """Append a problem for every dangling reference between records; sort all problems by file and line."""
    known = known or Known()

    def missing(kind: str, ident: str) -> bool:
        return ident not in corpus.entities.get(kind, {}) and not known.tolerates(kind, ident)

    def report(origin: Origin, record: str, field: str, kind: str, ident: str, *, index: int | None = None) -> None:
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

    for kind, spec in S.ENTITIES.items():
        for field in (f for f in spec.fields if f.ref):
            for entity in corpus.entities.get(kind, {}).values():
                ident = getattr(entity, field.attribute)
                if ident and missing(field.ref, ident):
                    report(entity.origin, entity.id, field.name, field.ref, ident)
    finding_refs = [f for f in S.FINDING.fields if f.ref]
    regulation_refs = [f.name for f in S.REGULATION.fields if f.type == "entity_ref"]
    modification_refs = [f.name for f in S.MODIFICATION.fields if f.type == "entity_ref"]
    for f in corpus.findings.values():
        check_references(f.origin, f.id, f.references)
        for field in finding_refs:
            value = getattr(f, field.attribute)
            if isinstance(value, tuple):
                for i, ident in enumerate(value, start=1):
                    if missing(field.ref, ident):
                        report(f.origin, f.id, field.name, field.ref, ident, index=i)
            elif missing(field.ref, value):
                report(f.origin, f.id, field.name, field.ref, value)
        for i, r in enumerate(f.regulations, start=1):
            for name in regulation_refs:
                ref = getattr(r, name)
                if missing(ref.kind, ref.id):
                    report(f.origin, f.id, f"regulations[{i}].{name}", ref.kind, ref.id)
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
        for i, inv in enumerate(f.involvements, start=1):
            for ref in inv.involved:
                if missing(ref.kind, ref.id):
                    report(f.origin, f.id, f"involvements[{i}].involved", ref.kind, ref.id)
        for i, m in enumerate(f.modifications, start=1):
            for name in modification_refs:
                ref = getattr(m, name)
                if missing(ref.kind, ref.id):
                    report(f.origin, f.id, f"modifications[{i}].{name}", ref.kind, ref.id)

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
            for field_name, ref in entity_refs(S.TABLES[table], record):
                if missing(ref.kind, ref.id):
                    report(record.origin, record.id, field_name, ref.kind, ref.id)
    problems.sort(key=lambda p: (p.file, p.line or 0))
