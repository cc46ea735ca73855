"""SSSOM export of the release graph: every ``skos:exactMatch`` / ``skos:closeMatch`` as a mapping.

``sssom_files(graph)`` returns ``mscexo.sssom.tsv``, an SSSOM mapping table
(https://mapping-commons.github.io/sssom/): the mapping set's metadata as YAML in ``#`` lines,
then one row per ``skos:exactMatch`` / ``skos:closeMatch`` triple of the graph whose subject is
an entity or a table record (our ontology's own terms have their mapping set,
:mod:`mscexo_ld.export.ontology_mappings`), sorted by subject, predicate and object. Columns:

* ``subject_id`` / ``subject_label``: our IRI as a CURIE of the same prefix map as the KGX
  export (``mscexo.gene:PTEN``) and its ``rdfs:label``;
* ``predicate_id``: ``skos:exactMatch`` or ``skos:closeMatch``, as curated;
* ``object_id`` / ``object_label``: the standard term and its label from the pinned term
  cache ``data/terms.tsv`` (empty where the cache has no label: ClinicalTrials.gov ids are
  verified against the review's Table 3, not the reference index);
* ``mapping_justification``: ``semapv:ManualMappingCuration`` (every mapping is curated by
  hand and checked against the term cache);
* ``mapping_date``: an argument with a fixed default; the clock is never read, so the same
  graph always gives the same bytes;
* ``comment``: on a close match, the entity's curator note, which records why the match is
  not exact.

The set's licence is the data licence (CC BY-NC 4.0); its creator is "mscexo-ld developers"
(no ORCID is curated, so no ``creator_id``). Rows are written with the ``csv`` module
(tab-separated, quoting only where a cell needs it, LF line endings), which is how the SSSOM
readers (``sssom``, ``sssom-pydantic``) read them back.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld.curation.terms import Term, read_cache
from mscexo_ld.export.curies import CONVERTER

SSSOM_FILE = "mscexo.sssom.tsv"
MAPPING_SET_ID = str(iris.mapping_set(SSSOM_FILE))
#: Used when no date is passed (a fixed value: output never depends on the clock).
DEFAULT_MAPPING_DATE = "2026-11-27"
JUSTIFICATION = "semapv:ManualMappingCuration"
CREATOR_LABEL = "mscexo-ld developers"

#: SSSOM built-in prefixes used here (listed in the curie_map too, with their built-in IRIs).
BUILTIN_PREFIXES = {"skos": "http://www.w3.org/2004/02/skos/core#", "semapv": "https://w3id.org/semapv/vocab/"}
PREDICATES = {SKOS.exactMatch: "skos:exactMatch", SKOS.closeMatch: "skos:closeMatch"}
COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "mapping_date",
    "comment",
)


def one_line(value: object) -> str:
    """The value as text on one line, runs of whitespace as one space (a TSV cell)."""
    return " ".join(str(value).split())


def first_label(graph: Graph, node: URIRef) -> str:
    """The node's first ``rdfs:label`` in code-point order, on one line ("" without one)."""
    labels = sorted(one_line(label) for label in graph.objects(node, RDFS.label))
    return labels[0] if labels else ""


def _comment(graph: Graph, node: URIRef, predicate: URIRef) -> str:
    if predicate != SKOS.closeMatch:
        return ""
    return " ".join(sorted(one_line(note) for note in graph.objects(node, C.MSCEXO.curatorNote)))


def mapping_rows(
    graph: Graph, mapping_date: str = DEFAULT_MAPPING_DATE, terms: dict[str, Term] | None = None
) -> list[dict[str, str]]:
    """One row per skos:exactMatch / skos:closeMatch triple of ``graph``, sorted."""
    terms = read_cache() if terms is None else terms
    rows = []
    for predicate, predicate_id in PREDICATES.items():
        for subject, obj in graph.subject_objects(predicate):
            if str(subject).startswith(str(C.MSCEXO)):  # an ontology term: ontology_mappings.py
                continue
            subject_id = CONVERTER.compress(str(subject), strict=True)
            object_id = CONVERTER.compress(str(obj), strict=True)
            term = terms.get(object_id)
            rows.append(
                {
                    "subject_id": subject_id,
                    "subject_label": first_label(graph, subject),  # type: ignore[arg-type]
                    "predicate_id": predicate_id,
                    "object_id": object_id,
                    "object_label": term.label if term else "",
                    "mapping_justification": JUSTIFICATION,
                    "mapping_date": mapping_date,
                    "comment": _comment(graph, subject, predicate),  # type: ignore[arg-type]
                }
            )
    return sorted(rows, key=lambda r: (r["subject_id"], r["predicate_id"], r["object_id"]))


def metadata(rows: list[dict[str, str]]) -> dict[str, object]:
    """The mapping set's metadata; the curie_map lists exactly the prefixes the rows use."""
    used = {
        value.split(":", 1)[0]
        for row in rows
        for key in ("subject_id", "predicate_id", "object_id", "mapping_justification")
        for value in [row[key]]
    }
    curie_map = {prefix: CONVERTER.prefix_map[prefix] for prefix in used if prefix not in BUILTIN_PREFIXES}
    curie_map.update({prefix: iri for prefix, iri in BUILTIN_PREFIXES.items() if prefix in used})
    return {
        "curie_map": dict(sorted(curie_map.items())),
        "mapping_set_id": MAPPING_SET_ID,
        "mapping_set_version": C.VERSION,
        "mapping_set_title": (
            "mscexo-ld: mappings of the entities of the MSC-derived exosome findings to standard identifiers"
        ),
        "mapping_set_description": (
            "The skos:exactMatch and skos:closeMatch mappings of mscexo-ld, the linked-data publication of the "
            f"findings of Ma et al., World J Stem Cells 2020; 12(8): 814-840 (doi:{C.REVIEW_DOI}). "
            "Each was curated by hand and checked against a pinned term cache (existence, not deprecated, label or "
            "synonym)."
        ),
        "license": C.DATA_LICENSE,
        "creator_label": [CREATOR_LABEL],
        "see_also": [C.REVIEW_IRI],
    }


def check_mapping_date(mapping_date: str) -> None:
    """ValueError unless ``mapping_date`` is an ISO date (YYYY-MM-DD)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", mapping_date):
        raise ValueError(f"mapping_date {mapping_date!r}: expected an ISO date YYYY-MM-DD")


def tsv_text(meta: dict[str, object], rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    """An SSSOM TSV file: ``meta`` as ``#`` YAML lines, a header row of ``columns``, then ``rows`` as given."""
    header = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, default_flow_style=False, width=10_000)
    buf = io.StringIO()
    buf.write("".join(f"#{line}\n" for line in header.splitlines()))
    writer = csv.DictWriter(buf, fieldnames=columns, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def sssom_tsv(graph: Graph, mapping_date: str = DEFAULT_MAPPING_DATE, terms: dict[str, Term] | None = None) -> str:
    """The SSSOM TSV text: ``#`` YAML metadata lines, a header row, sorted mapping rows."""
    check_mapping_date(mapping_date)
    rows = mapping_rows(graph, mapping_date, terms)
    return tsv_text(metadata(rows), rows, COLUMNS)


def sssom_files(
    graph: Graph, mapping_date: str = DEFAULT_MAPPING_DATE, term_cache: Path = C.TERM_CACHE_FILE
) -> dict[str, str]:
    """``{"mscexo.sssom.tsv": text}`` for the release graph."""
    return {SSSOM_FILE: sssom_tsv(graph, mapping_date, read_cache(term_cache))}


def export(graph: Graph, released: date | None = None) -> dict[str, bytes]:
    """The exporter (see :mod:`mscexo_ld.export.registry`): the SSSOM file as UTF-8, dated ``released`` if given."""
    mapping_date = DEFAULT_MAPPING_DATE if released is None else released.isoformat()
    return {name: text.encode("utf-8") for name, text in sssom_files(graph, mapping_date).items()}
