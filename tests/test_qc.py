"""Ontology QC: the release passes, and each check has a failing example."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from mscexo_ld import constants as C
from mscexo_ld.validate.qc import DEFINITION, check_qc

M = C.MSCEXO


def test_release_passes_qc(release_graph: Graph) -> None:
    result = check_qc(release_graph)
    assert result.passed, "\n".join(i.render() for i in result.issues)


def _messages(graph: Graph) -> list[str]:
    return [f"{i.focus} {i.message}" for i in check_qc(graph).issues]


def test_two_labels_or_none(ontology_graph: Graph) -> None:
    g = Graph() + ontology_graph
    g.add((M.Finding, RDFS.label, Literal("study result", lang="en")))
    g.remove((M.Reference, RDFS.label, None))
    found = _messages(g)
    assert f"{M.Finding} expected exactly one English rdfs:label, found 2 label(s), 2 in English" in found
    assert f"{M.Reference} expected exactly one English rdfs:label, found 0 label(s), 0 in English" in found


def test_label_not_in_english(ontology_graph: Graph) -> None:
    g = Graph() + ontology_graph
    g.remove((M.Cargo, RDFS.label, None))
    g.add((M.Cargo, RDFS.label, Literal("exosomal cargo")))
    assert f"{M.Cargo} expected exactly one English rdfs:label, found 1 label(s), 0 in English" in _messages(g)


def test_missing_definition(ontology_graph: Graph) -> None:
    g = Graph() + ontology_graph
    g.remove((M.Mechanism, DEFINITION, None))
    assert f"{M.Mechanism} missing definition (IAO:0000115)" in _messages(g)


def test_shared_label(ontology_graph: Graph) -> None:
    g = Graph() + ontology_graph
    g.remove((M.regulation, RDFS.label, None))
    g.add((M.regulation, RDFS.label, Literal("regulation", lang="en")))
    assert any("label 'regulation' shared by 2 terms" in m for m in _messages(g))


def test_undeclared_term(ontology_graph: Graph) -> None:
    g = Graph() + ontology_graph
    g.add((URIRef(C.ID_BASE + "finding/X"), M.reportedBy, URIRef(C.ID_BASE + "reference/1")))
    assert f"{M.reportedBy} reference to a term of our namespace that the ontology does not declare" in _messages(g)


def test_punning(ontology_graph: Graph) -> None:
    g = Graph() + ontology_graph
    g.add((M.Finding, RDF.type, OWL.ObjectProperty))
    assert f"{M.Finding} punning: declared as class and object property" in _messages(g)


def test_deprecated_term_in_use(ontology_graph: Graph) -> None:
    g = Graph() + ontology_graph
    g.add((M.firstAuthor, OWL.deprecated, Literal(True)))
    g.add((M.firstAuthor, URIRef("http://purl.org/dc/terms/isReplacedBy"), M.author))
    g.add((URIRef(C.ID_BASE + "reference/1"), M.firstAuthor, Literal("Sun")))
    assert any(
        m.startswith(f"{M.firstAuthor} deprecated term in use by 1 record(s); use {M.author}") for m in _messages(g)
    )
