"""One builder per record kind: each adds the triples of one curated record to a graph.

:data:`mscexo_ld.rdf.build.BUILDERS` looks them up by kind; every IRI comes from :mod:`mscexo_ld.iris`.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld.rdf.evidence import add_finding_evidence
from mscexo_ld.rdf.tables import add_table_record
from mscexo_ld.records import (
    DIRECTIONS,
    ENTITY_KINDS,
    MODEL_KINDS,
    MODIFICATION_TYPES,
    Corpus,
    Entity,
    EntityRef,
    Finding,
    Reference,
    TableRecord,
)
from mscexo_ld.schema import QUOTE_ELISION, TABLES

M = C.MSCEXO


def entity_iri(corpus: Corpus, ref: EntityRef) -> URIRef:
    """IRI of an entity; species are NCBITaxon IRIs, not nodes of ours."""
    if ref.kind == "species":
        return iris.taxon(corpus.entity(ref).mappings[0].curie)
    return iris.entity(ref.kind, ref.id)


def _text(value: str) -> Literal:
    return Literal(value)


def _class_of(kind: str) -> str:
    cls = ENTITY_KINDS[kind]
    assert cls is not None
    return cls


def add_dataset(g: Graph) -> None:
    """The dataset record: title, source, licence, version, the ontology it conforms to."""
    node = iris.dataset()
    g.add((node, RDF.type, URIRef("http://www.w3.org/ns/dcat#Dataset")))
    g.add((node, DCTERMS.title, Literal("mscexo-ld: findings on MSC-derived exosomes", lang="en")))
    g.add((node, DCTERMS.source, URIRef(C.REVIEW_IRI)))
    g.add((node, DCTERMS.license, URIRef(C.DATA_LICENSE)))
    g.add((node, OWL.versionInfo, Literal(C.VERSION)))
    g.add((node, DCTERMS.conformsTo, iris.ontology()))


def add_entity(g: Graph, corpus: Corpus, entity: Entity) -> None:
    """An entity of any kind; a species only gets labels on its NCBITaxon IRI."""
    node = entity_iri(corpus, EntityRef(entity.kind, entity.id))
    if entity.kind == "species":
        # An external NCBITaxon IRI: give it the labels the graph's users read.
        g.add((node, RDFS.label, _text(entity.label)))
        for alt in entity.alt_labels:
            g.add((node, SKOS.altLabel, _text(alt)))
        return
    cls = {
        "cargo": entity.cargo_type,
        "model": MODEL_KINDS.get(entity.model_kind or ""),
        "agent": entity.agent_type,
    }.get(entity.kind) or _class_of(entity.kind)
    g.add((node, RDF.type, M[cls]))
    g.add((node, RDFS.label, _text(entity.label)))
    for alt in entity.alt_labels:
        g.add((node, SKOS.altLabel, _text(alt)))
    for mapping in entity.mappings:
        predicate = SKOS.exactMatch if mapping.match == "exact" else SKOS.closeMatch
        g.add((node, predicate, URIRef(C.expand_curie(mapping.curie))))
    if entity.unmapped_reason:
        g.add((node, M.unmappedReason, _text(entity.unmapped_reason)))
    if entity.note:
        g.add((node, M.curatorNote, _text(entity.note)))
    if entity.kind == "model":
        if entity.organism:
            g.add((node, M.organism, entity_iri(corpus, EntityRef("species", entity.organism))))
        if entity.induction:
            g.add((node, M.induction, _text(entity.induction)))


def add_reference(g: Graph, corpus: Corpus, reference: Reference) -> None:  # noqa: ARG001 (a builder)
    """A reference of the review: its number, first author and notes."""
    node = iris.reference(reference.number)
    g.add((node, RDF.type, M.Reference))
    label = f"[{reference.number}]" + (f" {reference.first_author} et al." if reference.first_author else "")
    g.add((node, RDFS.label, _text(f"Reference {label} of the review")))
    g.add((node, M.referenceNumber, Literal(reference.number, datatype=XSD.integer)))
    if reference.first_author:
        g.add((node, M.firstAuthor, _text(reference.first_author)))
    if reference.note:
        g.add((node, M.curatorNote, _text(reference.note)))
    if reference.out_of_scope:
        g.add((node, M.outOfScopeReason, _text(reference.out_of_scope)))
    g.add((node, DCTERMS.isReferencedBy, URIRef(C.REVIEW_IRI)))


def add_finding(g: Graph, corpus: Corpus, finding: Finding) -> None:
    """A finding with its references, entities, regulations and producer modifications."""
    node = iris.finding(finding.id)
    g.add((node, RDF.type, M.Finding))
    g.add((node, RDFS.label, _text(finding.statement)))
    quote = QUOTE_ELISION.join(" ".join(excerpt.split()) for excerpt in finding.quote)
    g.add((node, M.evidenceQuote, _text(quote)))
    g.add((node, DCTERMS.source, URIRef(C.REVIEW_IRI)))
    for number in finding.references:
        g.add((node, M.reportedIn, iris.reference(number)))
    g.add((node, M.agent, iris.entity("agent", finding.agent)))
    g.add((node, M.organSystem, iris.entity("organ-system", finding.organ_system)))
    g.add((node, M.condition, iris.entity("condition", finding.condition)))
    for ident in finding.msc_sources:
        g.add((node, M.mscSource, iris.entity("msc-source", ident)))
    for ident in finding.donor_species:
        g.add((node, M.donorSpecies, entity_iri(corpus, EntityRef("species", ident))))
    for ident in finding.cargo:
        g.add((node, M.cargo, iris.entity("cargo", ident)))
    for ident in finding.models:
        g.add((node, M.model, iris.entity("model", ident)))
    for ident in finding.outcomes:
        g.add((node, M.outcome, iris.entity("outcome", ident)))
    for note in finding.notes:
        g.add((node, M.curatorNote, _text(note)))
    for i, mod in enumerate(finding.modifications, start=1):
        mnode = iris.modification(finding.id, i)
        agent = corpus.entity(mod.agent)
        g.add((node, M.producerModification, mnode))
        g.add((mnode, RDF.type, M.ProducerModification))
        g.add((mnode, RDFS.label, _text(f"{mod.type} of {agent.label}")))
        g.add((mnode, M.modificationType, M[MODIFICATION_TYPES[mod.type]]))
        g.add((mnode, M.modificationAgent, entity_iri(corpus, mod.agent)))
        if mod.note:
            g.add((mnode, M.curatorNote, _text(mod.note)))
    for i, reg in enumerate(finding.regulations, start=1):
        rnode = iris.regulation(finding.id, i)
        regulator, regulated = corpus.entity(reg.regulator), corpus.entity(reg.regulated)
        g.add((node, M.regulation, rnode))
        g.add((rnode, RDF.type, M.Regulation))
        g.add((rnode, RDFS.label, _text(f"{regulator.label} {reg.direction} {regulated.label}")))
        g.add((rnode, M.regulator, entity_iri(corpus, reg.regulator)))
        g.add((rnode, M.regulated, entity_iri(corpus, reg.regulated)))
        g.add((rnode, M.direction, M[DIRECTIONS[reg.direction]]))
        g.add((rnode, M.curatorInferred, Literal(reg.inferred)))
        if reg.note:
            g.add((rnode, M.curatorNote, _text(reg.note)))
    add_finding_evidence(g, corpus, finding)


def add_table(g: Graph, corpus: Corpus, record: TableRecord) -> None:
    """A record of one of the review's tables, as its :class:`~mscexo_ld.schema.TableSpec` says."""
    add_table_record(g, TABLES[record.table], record, lambda ref: entity_iri(corpus, ref))
