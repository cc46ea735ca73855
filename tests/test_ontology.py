"""The ontology implements DESIGN.md's public vocabulary, documented and aligned."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from mscexo_ld import constants as C

M = C.MSCEXO
PUBLIC_CLASSES = [
    "Finding",
    "Reference",
    "MSCSource",
    "Condition",
    "OrganSystem",
    "Cargo",
    "MicroRNA",
    "LongNonCodingRNA",
    "Protein",
    "SmallMolecule",
    "GeneProduct",
    "Mechanism",
    "Regulation",
    "TherapeuticOutcome",
    "ExperimentalModel",
    "ExosomeMarker",
    "IsolationMethod",
    "CharacterizationMethod",
    "ClinicalTrial",
]
PUBLIC_OBJECT_PROPERTIES = [
    "reportedIn",
    "mscSource",
    "donorSpecies",
    "condition",
    "organSystem",
    "cargo",
    "regulation",
    "regulator",
    "regulated",
    "direction",
    "outcome",
    "model",
]
PUBLIC_DATATYPE_PROPERTIES = ["referenceNumber", "firstAuthor", "evidenceQuote"]


def test_public_vocabulary_is_declared(ontology_graph: Graph) -> None:
    for name in PUBLIC_CLASSES:
        assert (M[name], RDF.type, OWL.Class) in ontology_graph, name
    for name in PUBLIC_OBJECT_PROPERTIES:
        assert (M[name], RDF.type, OWL.ObjectProperty) in ontology_graph, name
    for name in PUBLIC_DATATYPE_PROPERTIES:
        assert (M[name], RDF.type, OWL.DatatypeProperty) in ontology_graph, name
    for name in ("Increases", "Decreases"):
        assert (M[name], RDF.type, M.Direction) in ontology_graph
    for sub in ("MicroRNA", "LongNonCodingRNA", "Protein", "SmallMolecule"):
        assert (M[sub], RDFS.subClassOf, M.Cargo) in ontology_graph


def test_every_term_has_one_label_and_a_definition(ontology_graph: Graph) -> None:
    terms = {s for s in ontology_graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(M))}
    assert len(terms) > 40
    for term in terms:
        labels = list(ontology_graph.objects(term, RDFS.label))
        assert len(labels) == 1 and labels[0].language == "en", term
        assert ontology_graph.value(term, SKOS.definition) is not None, term


def test_domains_and_ranges(ontology_graph: Graph) -> None:
    for name in PUBLIC_OBJECT_PROPERTIES + PUBLIC_DATATYPE_PROPERTIES:
        assert ontology_graph.value(M[name], RDFS.domain) is not None, name
    assert ontology_graph.value(M.referenceNumber, RDFS.range) == URIRef("http://www.w3.org/2001/XMLSchema#integer")
    assert ontology_graph.value(M.reportedIn, RDFS.range) == M.Reference


def test_ontology_header(ontology_graph: Graph) -> None:
    onto = URIRef(C.ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in ontology_graph
    assert str(ontology_graph.value(onto, OWL.versionIRI)) == f"{C.ONTOLOGY_IRI}/{C.VERSION}"
    assert ontology_graph.value(onto, DCTERMS.license) is not None
    assert ontology_graph.value(onto, DCTERMS.creator) is not None
    assert ontology_graph.value(onto, DCTERMS.source) == URIRef(C.REVIEW_IRI)


def test_alignment_to_standard_ontologies(ontology_graph: Graph) -> None:
    assert (
        M.MesenchymalStemCell,
        SKOS.exactMatch,
        URIRef("http://purl.obolibrary.org/obo/CL_0000134"),
    ) in ontology_graph
    assert (M.Exosome, SKOS.closeMatch, URIRef("http://purl.obolibrary.org/obo/GO_0070062")) in ontology_graph


def test_disjointness_is_declared(ontology_graph: Graph) -> None:
    assert len(list(ontology_graph.subjects(RDF.type, OWL.AllDisjointClasses))) >= 2
