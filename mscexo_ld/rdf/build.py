"""Typed records -> RDF graph. One builder per record type; no finding is hard-coded here."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from mscexo_ld import constants as C
from mscexo_ld.rdf.tables import add_table_record
from mscexo_ld.records import DIRECTIONS, MODEL_KINDS, MODIFICATION_TYPES, Corpus, Entity, EntityRef, Finding, Reference
from mscexo_ld.schema import QUOTE_ELISION, TABLES

M = C.MSCEXO


def iri(kind: str, ident: str | int) -> URIRef:
    """The stable IRI of a record: ``https://w3id.org/mscexo/id/{kind}/{id}``."""
    return URIRef(f"{C.ID_BASE}{kind}/{ident}")


def entity_iri(corpus: Corpus, ref: EntityRef) -> URIRef:
    """IRI of an entity; species are NCBITaxon IRIs, not nodes of ours."""
    if ref.kind == "species":
        entity = corpus.entity(ref)
        return URIRef(C.expand_curie(entity.mappings[0].curie))
    return iri(ref.kind, ref.id)


def new_graph() -> Graph:
    g = Graph()
    for prefix, namespace in C.RDF_PREFIXES.items():
        g.bind(prefix, namespace, override=True, replace=True)
    return g


def load_ontology() -> Graph:
    g = new_graph()
    g.parse(C.ONTOLOGY_FILE, format="turtle")
    return g


def _text(value: str) -> Literal:
    return Literal(value)


def add_entity(g: Graph, corpus: Corpus, entity: Entity) -> None:
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


def _class_of(kind: str) -> str:
    from mscexo_ld.records import ENTITY_KINDS

    cls = ENTITY_KINDS[kind]
    assert cls is not None
    return cls


def add_reference(g: Graph, reference: Reference) -> None:
    node = iri("reference", reference.number)
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
    node = iri("finding", finding.id)
    g.add((node, RDF.type, M.Finding))
    g.add((node, RDFS.label, _text(finding.statement)))
    quote = QUOTE_ELISION.join(" ".join(excerpt.split()) for excerpt in finding.quote)
    g.add((node, M.evidenceQuote, _text(quote)))
    g.add((node, DCTERMS.source, URIRef(C.REVIEW_IRI)))
    for number in finding.references:
        g.add((node, M.reportedIn, iri("reference", number)))
    g.add((node, M.agent, iri("agent", finding.agent)))
    g.add((node, M.organSystem, iri("organ-system", finding.organ_system)))
    g.add((node, M.condition, iri("condition", finding.condition)))
    for ident in finding.msc_sources:
        g.add((node, M.mscSource, iri("msc-source", ident)))
    for ident in finding.donor_species:
        g.add((node, M.donorSpecies, entity_iri(corpus, EntityRef("species", ident))))
    for ident in finding.cargo:
        g.add((node, M.cargo, iri("cargo", ident)))
    for ident in finding.models:
        g.add((node, M.model, iri("model", ident)))
    for ident in finding.outcomes:
        g.add((node, M.outcome, iri("outcome", ident)))
    for note in finding.notes:
        g.add((node, M.curatorNote, _text(note)))
    for i, mod in enumerate(finding.modifications, start=1):
        mnode = URIRef(f"{node}/modification/{i}")
        agent = corpus.entity(mod.agent)
        g.add((node, M.producerModification, mnode))
        g.add((mnode, RDF.type, M.ProducerModification))
        g.add((mnode, RDFS.label, _text(f"{mod.type} of {agent.label}")))
        g.add((mnode, M.modificationType, M[MODIFICATION_TYPES[mod.type]]))
        g.add((mnode, M.modificationAgent, entity_iri(corpus, mod.agent)))
        if mod.note:
            g.add((mnode, M.curatorNote, _text(mod.note)))
    for i, reg in enumerate(finding.regulations, start=1):
        rnode = URIRef(f"{node}/regulation/{i}")
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


def add_dataset(g: Graph, corpus: Corpus) -> None:
    node = URIRef(C.DATASET_IRI)
    g.add((node, RDF.type, URIRef("http://www.w3.org/ns/dcat#Dataset")))
    g.add((node, DCTERMS.title, Literal("mscexo-ld: findings on MSC-derived exosomes", lang="en")))
    g.add((node, DCTERMS.source, URIRef(C.REVIEW_IRI)))
    g.add((node, DCTERMS.license, URIRef(C.DATA_LICENSE)))
    g.add((node, OWL.versionInfo, Literal(C.VERSION)))
    g.add((node, DCTERMS.conformsTo, URIRef(C.ONTOLOGY_IRI)))


def build_data_graph(corpus: Corpus) -> Graph:
    """The instance data (ABox) of the corpus."""
    g = new_graph()
    add_dataset(g, corpus)
    for number in sorted(corpus.references):
        add_reference(g, corpus.references[number])
    for kind in sorted(corpus.entities):
        for ident in sorted(corpus.entities[kind]):
            add_entity(g, corpus, corpus.entities[kind][ident])
    for ident in sorted(corpus.findings):
        add_finding(g, corpus, corpus.findings[ident])
    for table in sorted(corpus.tables):
        for ident in sorted(corpus.tables[table]):
            add_table_record(g, TABLES[table], corpus.tables[table][ident], lambda ref: entity_iri(corpus, ref))
    return g


def build_graph(corpus: Corpus) -> Graph:
    """Ontology + data: the release graph."""
    g = load_ontology()
    g += build_data_graph(corpus)
    return g
