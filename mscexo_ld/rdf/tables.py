"""Table records -> RDF: one builder for every table of ``data/tables/``, driven by its spec.

A :class:`~mscexo_ld.schema.TableSpec` says which property each field becomes; a new table is
a new spec, not new code.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld.records import EntityRef, TableRecord
from mscexo_ld.schema import PHASES, QUOTE_ELISION, TableSpec

M = C.MSCEXO


def decimal_literal(value: float) -> Literal:
    """An xsd:decimal in canonical lexical form ("30.0"), so every serialisation round-trips it unchanged.

    >>> decimal_literal(30)
    rdflib.term.Literal('30.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    lexical = format(Decimal(str(value)), "f")
    if "." not in lexical:
        lexical += ".0"
    return Literal(lexical, datatype=XSD.decimal)


def add_table_record(g: Graph, spec: TableSpec, record: TableRecord, entity_iri: Callable[[EntityRef], URIRef]) -> None:
    """Emit one record; ``entity_iri(EntityRef)`` gives the IRI of a referenced entity."""
    node = iris.table_record(spec.name, record.id)
    g.add((node, RDF.type, M[spec.cls]))
    g.add((node, RDFS.label, Literal(record.label)))
    for alt in record.alt_labels:
        g.add((node, SKOS.altLabel, Literal(alt)))
    g.add((node, M.evidenceQuote, Literal(QUOTE_ELISION.join(" ".join(q.split()) for q in record.quote))))
    g.add((node, DCTERMS.source, URIRef(C.REVIEW_IRI)))
    for number in record.references:
        g.add((node, M.citedReference, iris.reference(number)))
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
        assert field.predicate is not None, f"table field {spec.name}.{field.name} has no predicate"
        values: list[Any] = value if isinstance(value, list) else [value]
        for v in values:
            if field.ref:
                g.add((node, field.predicate, entity_iri(EntityRef(field.ref, v))))
            elif field.type == "number":
                g.add((node, field.predicate, decimal_literal(v)))
            elif field.type == "phase_list":
                g.add((node, field.predicate, M[PHASES[v]]))
            elif field.type == "any_ref_list":
                g.add((node, field.predicate, entity_iri(EntityRef(*v.split(":", 1)))))
            else:  # text, a list of texts, an NCT id
                g.add((node, field.predicate, Literal(v)))
