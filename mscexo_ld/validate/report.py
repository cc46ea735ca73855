"""Result objects shared by the checks, and provenance back to the curated input."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mscexo_ld import constants as C
from mscexo_ld.records import Corpus, Origin


@dataclass(frozen=True)
class Issue:
    """One problem found in the graph."""

    check: str
    message: str
    focus: str | None = None
    path: str | None = None
    value: str | None = None
    origin: str | None = None  # "data/findings/x.yaml:12 (record F109, field regulations[2])"

    def render(self) -> str:
        lines = [f"[{self.check}] {self.message}"]
        if self.focus:
            lines.append(f"    focus node: {self.focus}")
        if self.path:
            lines.append(f"    path:       {self.path}")
        if self.value:
            lines.append(f"    value:      {self.value}")
        if self.origin:
            lines.append(f"    curated at: {self.origin}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, str | None]:
        return {
            "check": self.check,
            "message": self.message,
            "focus": self.focus,
            "path": self.path,
            "value": self.value,
            "origin": self.origin,
        }


@dataclass
class CheckResult:
    name: str
    ran: bool = True
    issues: list[Issue] = field(default_factory=list)
    summary: str = ""
    report: Any = None  # the engine's own report (the SHACL validation report graph)

    @property
    def passed(self) -> bool:
        return self.ran and not self.issues


def origin_index(corpus: Corpus | None) -> dict[str, str]:
    """Map each IRI built from the corpus to where it was curated."""
    if corpus is None:
        return {}
    index: dict[str, str] = {}

    def where(o: Origin, record: str, field: str | None = None) -> str:
        return f"{o} (record {record}" + (f", field {field})" if field else ")")

    for number, ref in corpus.references.items():
        index[f"{C.ID_BASE}reference/{number}"] = where(ref.origin, str(number))
    for kind, entities in corpus.entities.items():
        for ident, ent in entities.items():
            index[f"{C.ID_BASE}{kind}/{ident}"] = where(ent.origin, ident)
    for ident, f in corpus.findings.items():
        base = f"{C.ID_BASE}finding/{ident}"
        index[base] = where(f.origin, ident)
        for i in range(1, len(f.regulations) + 1):
            index[f"{base}/regulation/{i}"] = where(f.origin, ident, f"regulations[{i}]")
        for i in range(1, len(f.modifications) + 1):
            index[f"{base}/modification/{i}"] = where(f.origin, ident, f"modifications[{i}]")
    from mscexo_ld.rdf.tables import record_iri
    from mscexo_ld.schema import TABLES

    for table, records in corpus.tables.items():
        for ident, record in records.items():
            index[str(record_iri(TABLES[table], ident))] = where(record.origin, ident)
    return index
