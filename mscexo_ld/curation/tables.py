"""The review's structured content: Table 1-3, the ISCT criteria, characterization methods, lists.

Each ``data/tables/<name>.yaml`` file holds records of one class. A :class:`TableSpec` says
which fields a record has, how each is checked and which RDF property it becomes; the loader
and the builder are generic over the specs, so a new table is a new spec, not new code.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from mscexo_ld import constants as C
from mscexo_ld.records import ENTITY_KINDS, EntityRef, TableRecord

M = C.MSCEXO
PHASES = {
    "early-phase-1": "EarlyPhase1",
    "phase-1": "Phase1",
    "phase-2": "Phase2",
    "phase-3": "Phase3",
    "phase-4": "Phase4",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # text | text_list | number | ref:KIND | ref_list:KIND | any_ref_list | enum_list | nct
    predicate: URIRef
    required: bool = False


@dataclass(frozen=True)
class TableSpec:
    name: str  # file stem
    cls: str  # class local name in the ontology
    kind: str  # IRI path segment
    fields: tuple[Field, ...]


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "ev-types",
            "ExtracellularVesicleType",
            "ev-type",
            (
                Field("diameter", "text", M.diameterAsPrinted, True),
                Field("diameter_min_nm", "number", M.minDiameterNm, True),
                Field("diameter_max_nm", "number", M.maxDiameterNm, True),
                Field("shape", "text", M.shape),
                Field("sucrose_density", "text", M.sucroseDensity),
                Field("sedimentation", "text", M.sedimentation),
                Field("origin", "text", M.biogenesisOrigin),
                Field("protein_markers", "ref_list:marker", M.proteinMarker),
                Field("lipids", "text_list", M.lipidContent),
                Field("nucleic_acids", "text_list", M.nucleicAcidContent),
            ),
        ),
        TableSpec(
            "isolation-methods",
            "IsolationMethod",
            "isolation-method",
            (
                Field("mechanism", "text", M.mechanismAsPrinted, True),
                Field("advantages", "text_list", M.advantage, True),
                Field("disadvantages", "text_list", M.disadvantage, True),
            ),
        ),
        TableSpec(
            "clinical-trials",
            "ClinicalTrial",
            "clinical-trial",
            (
                Field("nct", "nct", M.nctId, True),
                Field("title", "text", DCTERMS.title, True),
                Field("disease", "text", M.diseaseAsPrinted, True),
                Field("intervention", "text", M.intervention, True),
                Field("phase", "text", M.phaseAsPrinted, True),
                Field("phases", "enum_list", M.phase),
                Field("condition", "ref:condition", M.condition),
            ),
        ),
        TableSpec(
            "isct-criteria",
            "MSCIdentityCriteria",
            "criteria",
            (
                Field("culture_condition", "text", M.cultureCondition, True),
                Field("positive_markers", "ref_list:marker", M.positiveMarker, True),
                Field("negative_markers", "ref_list:marker", M.negativeMarker, True),
                Field("lineages", "ref_list:cell-type", M.differentiationLineage, True),
            ),
        ),
        TableSpec(
            "characterization-methods",
            "CharacterizationMethod",
            "characterization-method",
            (
                Field("abbreviation", "text", M.abbreviation),
                Field("measures", "text_list", M.measures, True),
            ),
        ),
        TableSpec("lists", "ReviewList", "list", (Field("members", "any_ref_list", M.member, True),)),
    )
}

COMMON_FIELDS = ("id", "label", "alt_labels", "quote", "references", "mappings", "unmapped_reason", "notes")


def check_field(field: Field, value: Any) -> str | None:
    """Return what was expected when ``value`` does not fit ``field``, else None."""
    from mscexo_ld.curation.load import _entity_ref, _is_id, _is_text

    kind = field.type
    if kind == "text":
        return _is_text(value)
    if kind == "text_list":
        if not isinstance(value, list) or not value or any(_is_text(v) for v in value):
            return "a non-empty list of non-empty strings"
        return None
    if kind == "number":
        return (
            None
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
            else "a non-negative number"
        )
    if kind == "nct":
        import re

        return (
            None
            if isinstance(value, str) and re.fullmatch(r"NCT\d{8}", value)
            else "an NCT id (NCT followed by 8 digits)"
        )
    if kind == "enum_list":
        if not isinstance(value, list) or any(v not in PHASES for v in value):
            return "a list of: " + ", ".join(PHASES)
        return None
    if kind.startswith("ref:"):
        return _is_id(value)
    if kind.startswith("ref_list:"):
        if not isinstance(value, list) or not value or any(_is_id(v) for v in value):
            return "a non-empty list of ids"
        return None
    if kind == "any_ref_list":
        kinds = tuple(k for k, cls in ENTITY_KINDS.items() if cls)
        if not isinstance(value, list) or not value or any(_entity_ref(v, kinds) for v in value):
            return "a non-empty list of prefixed entity references KIND:ID"
        return None
    raise AssertionError(kind)


def entity_refs(spec: TableSpec, record: TableRecord) -> list[tuple[str, EntityRef]]:
    """(field, entity reference) pairs of a record, for the dangling-reference check."""
    out = []
    for field in spec.fields:
        value = record.get(field.name)
        if value is None:
            continue
        if field.type.startswith("ref:"):
            out.append((field.name, EntityRef(field.type[4:], str(value))))
        elif field.type.startswith("ref_list:"):
            out += [(field.name, EntityRef(field.type[9:], v)) for v in value]  # type: ignore[union-attr]
        elif field.type == "any_ref_list":
            out += [(field.name, EntityRef(*v.split(":", 1))) for v in value]  # type: ignore[union-attr]
    return out


def decimal_literal(value: float) -> Literal:
    """An xsd:decimal in canonical lexical form ("30.0"), so every serialisation round-trips it unchanged.

    >>> decimal_literal(30)
    rdflib.term.Literal('30.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    lexical = format(Decimal(str(value)), "f")
    if "." not in lexical:
        lexical += ".0"
    return Literal(lexical, datatype=XSD.decimal)


def record_iri(spec: TableSpec, ident: str) -> URIRef:
    return URIRef(f"{C.ID_BASE}{spec.kind}/{ident}")


def add_table_record(g: Graph, spec: TableSpec, record: TableRecord, entity_iri: Any) -> None:
    """Emit one record; ``entity_iri(EntityRef)`` gives the IRI of a referenced entity."""
    from mscexo_ld.curation.load import QUOTE_ELISION

    node = record_iri(spec, record.id)
    g.add((node, RDF.type, M[spec.cls]))
    g.add((node, RDFS.label, Literal(record.label)))
    for alt in record.alt_labels:
        g.add((node, SKOS.altLabel, Literal(alt)))
    g.add((node, M.evidenceQuote, Literal(QUOTE_ELISION.join(" ".join(q.split()) for q in record.quote))))
    g.add((node, DCTERMS.source, URIRef(C.REVIEW_IRI)))
    for number in record.references:
        g.add((node, M.citedReference, URIRef(f"{C.ID_BASE}reference/{number}")))
    for mapping in record.mappings:
        predicate = SKOS.exactMatch if mapping.match == "exact" else SKOS.closeMatch
        g.add((node, predicate, URIRef(C.expand_curie(mapping.curie))))
    if record.unmapped_reason:
        g.add((node, M.unmappedReason, Literal(record.unmapped_reason)))
    for note in record.notes:
        g.add((node, M.curatorNote, Literal(note)))
    for field in spec.fields:
        value = record.get(field.name)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        for v in values:
            if field.type in ("text", "text_list", "nct"):
                g.add((node, field.predicate, Literal(v)))
            elif field.type == "number":
                g.add((node, field.predicate, decimal_literal(v)))
            elif field.type == "enum_list":
                g.add((node, field.predicate, M[PHASES[v]]))
            elif field.type == "any_ref_list":
                g.add((node, field.predicate, entity_iri(EntityRef(*v.split(":", 1)))))
            else:
                kind = field.type.split(":", 1)[1]
                g.add((node, field.predicate, entity_iri(EntityRef(kind, v))))
