"""SSSOM export of the ontology's own alignment: every ``mscexo:`` term to the maintained vocabularies.

``ontology_mappings_files(graph)`` returns ``ontology-mappings.sssom.tsv``, the mapping set of our
ontology's classes, properties and individuals (the entity mappings are in ``mscexo.sssom.tsv``,
:mod:`mscexo_ld.export.sssom`). One row per mapping or logical axiom of a term of ours that points
out of our namespace (:func:`mscexo_ld.validate.qc.alignments`): ``skos:exactMatch``,
``closeMatch``, ``broadMatch``, ``narrowMatch``, ``relatedMatch``, ``rdfs:subClassOf`` or
``rdfs:subPropertyOf``, to RO, OBI, IAO, COB, BFO, ECO, GO, CL, MONDO, UBERON, SIO, PROV,
Web Annotation, DCMI terms, SKOS or Biolink 4.4.6 terms. A term with none states why
(``mscexo:unmappedReason``): its row has ``object_id`` ``sssom:NoTermFound`` and the reason as
``comment``, as the SSSOM specification has it for a term no match was found for.

``object_label`` is the label the ontology declares for the external term, which
``tests/test_ontology.py`` checks against the pinned release of its vocabulary; ``object_source``
is that vocabulary (``rdfs:isDefinedBy``). Rows are sorted by subject, predicate and object; the
date is an argument with a fixed default (the clock is never read), so the same graph always gives
the same bytes. The set's licence is the ontology's (CC BY 4.0).
"""

from __future__ import annotations

from datetime import date

import curies
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld.export.sssom import (
    BUILTIN_PREFIXES,
    CREATOR_LABEL,
    DEFAULT_MAPPING_DATE,
    JUSTIFICATION,
    check_mapping_date,
    first_label,
    one_line,
    tsv_text,
)

#: The OBO definition property (IAO:0000115), which OAK, ROBOT and the OBO tools read.
DEFINITION = URIRef("http://purl.obolibrary.org/obo/IAO_0000115")

#: The mapping predicates an ontology term of ours may carry, with their SSSOM CURIE.
MAPPING_PREDICATES: dict[URIRef, str] = {
    SKOS.exactMatch: "skos:exactMatch",
    SKOS.closeMatch: "skos:closeMatch",
    SKOS.broadMatch: "skos:broadMatch",
    SKOS.narrowMatch: "skos:narrowMatch",
    SKOS.relatedMatch: "skos:relatedMatch",
}
#: The logical axioms that count as an alignment when they point out of our namespace.
AXIOM_PREDICATES: dict[URIRef, str] = {RDFS.subClassOf: "rdfs:subClassOf", RDFS.subPropertyOf: "rdfs:subPropertyOf"}

_OBO = "http://purl.obolibrary.org/obo/"
#: ``rdfs:isDefinedBy`` of a declared external term -> the pinned release it was checked against.
PINNED_VOCABULARIES: dict[str, str] = {
    f"{_OBO}ro.owl": "RO: ../shared/reference/obo/ro.obo (releases/2025-12-17)",
    f"{_OBO}obi.owl": "OBI: ../shared/reference/obo/obi.obo (2026-05-08)",
    f"{_OBO}iao.owl": "IAO, as imported in ../shared/reference/obo/obi.obo (2026-05-08)",
    f"{_OBO}cob.owl": "COB, as imported in ../shared/reference/obo/obi.obo (2026-05-08)",
    f"{_OBO}bfo.owl": "BFO, as imported in ../shared/reference/obo/obi.obo (2026-05-08)",
    f"{_OBO}eco.owl": "ECO: ../shared/reference/obo/eco.obo (2024-07-19)",
    f"{_OBO}go.owl": "GO: the reference index ../shared/reference/terms.tsv.gz",
    f"{_OBO}cl.owl": "CL: the reference index ../shared/reference/terms.tsv.gz",
    f"{_OBO}mondo.owl": "MONDO: the reference index ../shared/reference/terms.tsv.gz",
    f"{_OBO}uberon.owl": "UBERON: the reference index ../shared/reference/terms.tsv.gz",
    f"{_OBO}pato.owl": "PATO: the reference index ../shared/reference/terms.tsv.gz",
    "http://semanticscience.org/ontology/sio.owl": "SIO: ../shared/reference/obo/sio-release.owl (1.61)",
    "http://www.w3.org/ns/oa#": "Web Annotation: ../shared/reference/obo/oa.ttl",
    "http://www.w3.org/ns/prov-o#": "PROV-O: rdflib.namespace.PROV (every PROV-O term)",
    "http://purl.org/dc/terms/": "DCMI terms: rdflib.namespace.DCTERMS",
    "http://www.w3.org/2004/02/skos/core": "SKOS: rdflib.namespace.SKOS",
    "https://w3id.org/biolink/biolink-model": "Biolink Model 4.4.6: the biolink-model package (PyPI)",
}

ONTOLOGY_MAPPINGS_FILE = "ontology-mappings.sssom.tsv"
MAPPING_SET_ID = str(iris.mapping_set(ONTOLOGY_MAPPINGS_FILE))
ONTOLOGY_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
#: SSSOM's own object for "no term was found" (with the reason as the row's comment).
NO_TERM_FOUND = "sssom:NoTermFound"
#: The kinds of term a row's subject can be, by rdf:type, as SSSOM's ``subject_type`` names them.
SUBJECT_TYPES: dict[URIRef, str] = {
    OWL.Class: "owl class",
    OWL.ObjectProperty: "owl object property",
    OWL.DatatypeProperty: "owl data property",
    OWL.AnnotationProperty: "owl annotation property",
    OWL.NamedIndividual: "owl named individual",
}
#: The prefixes of the external vocabularies (Bioregistry's spelling; OBO ones as OBO PURLs).
VOCABULARY_PREFIXES: dict[str, str] = {
    **{p: f"{_OBO}{p}_" for p in ("RO", "OBI", "IAO", "COB", "BFO", "ECO", "GO", "CL", "MONDO", "UBERON", "PATO")},
    "SIO": "http://semanticscience.org/resource/SIO_",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "biolink": "https://w3id.org/biolink/vocab/",
    "rdfs": str(RDFS),
    "sssom": "https://w3id.org/sssom/",
}
CONVERTER = curies.Converter(
    [
        curies.Record(prefix="mscexo.ontology", uri_prefix=str(C.MSCEXO)),
        *(curies.Record(prefix=p, uri_prefix=u) for p, u in {**VOCABULARY_PREFIXES, **BUILTIN_PREFIXES}.items()),
    ]
)
COLUMNS = (
    "subject_id",
    "subject_label",
    "subject_type",
    "predicate_id",
    "object_id",
    "object_label",
    "object_source",
    "mapping_justification",
    "mapping_date",
    "comment",
)


def _type(graph: Graph, node: URIRef) -> str:
    return next((name for cls, name in SUBJECT_TYPES.items() if (node, RDF.type, cls) in graph), "")


def alignments(graph: Graph, term: URIRef) -> list[tuple[str, URIRef]]:
    """The mappings and logical axioms of ``term`` that point out of our namespace: (predicate CURIE, IRI), sorted."""
    out = []
    for predicate, name in {**MAPPING_PREDICATES, **AXIOM_PREDICATES}.items():
        out += [
            (name, o)
            for o in graph.objects(term, predicate)
            if isinstance(o, URIRef) and not str(o).startswith(str(C.MSCEXO))
        ]
    return sorted(out, key=lambda po: (po[0], str(po[1])))


def our_terms(graph: Graph) -> list[URIRef]:
    """The declared terms of our namespace (the subjects of the mapping set), sorted."""
    ns = str(C.MSCEXO)
    return sorted(
        {
            s
            for cls in SUBJECT_TYPES
            for s in graph.subjects(RDF.type, cls)
            if isinstance(s, URIRef) and str(s).startswith(ns)
        },
        key=str,
    )


def mapping_rows(graph: Graph, mapping_date: str = DEFAULT_MAPPING_DATE) -> list[dict[str, str]]:
    """One row per mapping or axiom of a term of ours, or one ``sssom:NoTermFound`` row with the reason; sorted."""
    rows = []
    for term in our_terms(graph):
        base = {
            "subject_id": CONVERTER.compress(str(term), strict=True),
            "subject_label": first_label(graph, term),
            "subject_type": _type(graph, term),
            "mapping_justification": JUSTIFICATION,
            "mapping_date": mapping_date,
        }
        found = alignments(graph, term)
        for predicate_id, target in found:
            source = graph.value(target, RDFS.isDefinedBy)
            rows.append(
                {
                    **base,
                    "predicate_id": predicate_id,
                    "object_id": CONVERTER.compress(str(target), strict=True),
                    "object_label": first_label(graph, target),
                    "object_source": str(source) if source is not None else "",
                    "comment": "",
                }
            )
        reason = graph.value(term, C.MSCEXO.unmappedReason)
        if not found and reason is not None:
            rows.append(
                {
                    **base,
                    "predicate_id": "skos:exactMatch",
                    "object_id": NO_TERM_FOUND,
                    "object_label": "",
                    "object_source": "",
                    "comment": one_line(reason),
                }
            )
    return sorted(rows, key=lambda r: (r["subject_id"], r["predicate_id"], r["object_id"]))


def metadata(rows: list[dict[str, str]]) -> dict[str, object]:
    """The mapping set's metadata; the curie_map lists exactly the prefixes the rows use (SSSOM's built-ins aside)."""
    used = {row[key].split(":", 1)[0] for row in rows for key in ("subject_id", "predicate_id", "object_id")}
    used.add(JUSTIFICATION.split(":", 1)[0])
    curie_map = {p: CONVERTER.prefix_map[p] for p in sorted(used) if p not in ("sssom", "rdfs")}
    return {
        "curie_map": curie_map,
        "mapping_set_id": MAPPING_SET_ID,
        "mapping_set_version": C.VERSION,
        "mapping_set_title": "mscexo-ld: the ontology's classes and properties aligned to maintained vocabularies",
        "mapping_set_description": (
            "Each class, property and individual of the mscexo ontology mapped (SKOS) or related by an axiom "
            "(rdfs:subClassOf, rdfs:subPropertyOf) to the closest term of RO, OBI, IAO, ECO, GO, CL, MONDO, UBERON, "
            "SIO, PROV-O, the Web Annotation vocabulary, DCMI terms or Biolink 4.4.6; where none fits, "
            "sssom:NoTermFound with the reason. Every object term was checked against a pinned release of its "
            "vocabulary."
        ),
        "license": ONTOLOGY_LICENSE,
        "creator_label": [CREATOR_LABEL],
        "subject_source": C.ONTOLOGY_IRI,
        "see_also": [C.REVIEW_IRI],
    }


def ontology_mappings_tsv(graph: Graph, mapping_date: str = DEFAULT_MAPPING_DATE) -> str:
    """The SSSOM TSV text: ``#`` YAML metadata lines, a header row, sorted rows."""
    check_mapping_date(mapping_date)
    rows = mapping_rows(graph, mapping_date)
    return tsv_text(metadata(rows), rows, COLUMNS)


def export(graph: Graph, released: date | None = None) -> dict[str, bytes]:
    """The exporter (see :mod:`mscexo_ld.export.registry`): the ontology's mapping set, dated ``released`` if given."""
    mapping_date = DEFAULT_MAPPING_DATE if released is None else released.isoformat()
    return {ONTOLOGY_MAPPINGS_FILE: ontology_mappings_tsv(graph, mapping_date).encode("utf-8")}
