"""The release merges with an external ontology fragment it did not write.

The fragment (UBERON / CL / MONDO hierarchy above the terms the release maps to) is read offline
from the ``cellxgene-ontology-guide`` package; the network is blocked while it is built and
queried. Merged with the release (an rdflib Graph union, and a pyoxigraph store holding the two
as separate named graphs), SPARQL property paths answer questions neither graph answers alone.
Expected answers were checked by hand against data/findings/*.yaml and data/entities/.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.query import ResultRow

from mscexo_ld import constants as C
from mscexo_ld.export.ontology_fragment import ontology_fragment, source_versions
from mscexo_ld.rdf.canonical import sorted_ntriples

FINDING = f"{C.ID_BASE}finding/"
OBO = "http://purl.obolibrary.org/obo/"
RELEASE_GRAPH = ox.NamedNode(C.DATASET_IRI)
FRAGMENT_GRAPH = ox.NamedNode("urn:x-mscexo-test:cellxgene-ontology-guide")

PREFIXES = """
PREFIX mscexo: <https://w3id.org/mscexo/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX obo: <http://purl.obolibrary.org/obo/>
"""

#: Findings whose producer MSCs come from a tissue that is the given UBERON term, or a kind or
#: part of it (skos:broader* follows the package's is_a + part_of hierarchy).
MSC_SOURCE_UNDER = (
    PREFIXES
    + """
SELECT DISTINCT ?top ?finding WHERE {
  ?finding a mscexo:Finding ; mscexo:mscSource ?source .
  ?source skos:exactMatch|skos:closeMatch ?term .
  ?term skos:broader* ?top .
}"""
)

#: Findings on a condition mapped to the given MONDO term or a descendant, with the MONDO label
#: of the matched term (a label only the fragment carries).
CONDITION_UNDER = (
    PREFIXES
    + """
SELECT DISTINCT ?top ?finding ?termLabel WHERE {
  ?finding a mscexo:Finding ; mscexo:condition ?condition .
  ?condition skos:exactMatch|skos:closeMatch ?term .
  ?term skos:broader* ?top ; rdfs:label ?termLabel .
}"""
)

UMBILICAL_CORD = "UBERON_0002331"
BODILY_FLUID = "UBERON_0006314"
KIDNEY_DISEASE = "MONDO_0005240"

# Hand-checked in data/findings/*.yaml: msc_sources [umbilical-cord] (UBERON:0002331, exact).
# F111 and F115a use umbilical-cord-blood (UBERON:0012168), which UBERON places under
# "arterial blood" and "late embryo", not under umbilical cord: they are not in the answer.
UMBILICAL_CORD_FINDINGS = {
    "F83", "F84", "F85", "F90", "F95", "F96a", "F98", "F102", "F103",
    "F112", "F113", "F117", "F121", "F133", "F142", "F164",
}  # fmt: skip
# umbilical-cord-blood (F111, F115a: cord blood -> arterial blood -> blood -> haemolymphatic
# fluid -> bodily fluid) and menstrual-blood (F168: close match to UBERON:8480042 menstrual
# fluid -> bodily fluid). Amniotic fluid is also a bodily fluid in name, but UBERON puts it
# directly under "organism substance"; no finding uses it anyway.
BODILY_FLUID_FINDINGS = {"F111", "F115a", "F168"}
# kidney.yaml: cisplatin AKI (F83-F85, close to MONDO:0002492 acute kidney injury), AKI-to-CKD
# (F86a/b, close to MONDO:0005300 chronic kidney disease), renal fibrosis (F87, MONDO:0000494),
# diabetic nephropathy (F88/F89, MONDO:0005016 "diabetic kidney disease").
KIDNEY_DISEASE_FINDINGS = {
    ("F83", "acute kidney injury"), ("F84", "acute kidney injury"), ("F85", "acute kidney injury"),
    ("F86a", "chronic kidney disease"), ("F86b", "chronic kidney disease"),
    ("F87", "renal fibrosis"), ("F88", "diabetic kidney disease"), ("F89", "diabetic kidney disease"),
}  # fmt: skip
# organ_system: kidney but not a MONDO kidney disease: renal ischemia-reperfusion injury is a
# close match to the organ-unspecified MONDO:0005203 "ischemia reperfusion injury".
KIDNEY_ORGAN_SYSTEM_ONLY = {"F80", "F81", "F82a", "F82b"}


@pytest.fixture(scope="module")
def no_network() -> Iterator[None]:
    """Any attempt to open a connection while the fragment is built or queried fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access during an offline integration test")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", refuse)
        mp.setattr(socket, "create_connection", refuse)
        mp.setattr(socket, "getaddrinfo", refuse)
        yield


@pytest.fixture(scope="module")
def release_curies(release_graph: Graph) -> list[str]:
    iris = {str(o) for p in (SKOS.exactMatch, SKOS.closeMatch) for o in release_graph.objects(None, p)}
    return sorted(c for c in map(C.compress_iri, iris) if c)


@pytest.fixture(scope="module")
def fragment(no_network: None, release_curies: list[str]) -> Graph:
    return ontology_fragment(release_curies)


@pytest.fixture(scope="module")
def merged(release_graph: Graph, fragment: Graph) -> Graph:
    return release_graph + fragment


@pytest.fixture(scope="module")
def store(no_network: None, release_graph: Graph, fragment: Graph) -> ox.Store:
    """Release and fragment loaded as two named graphs of one pyoxigraph store."""
    s = ox.Store()
    s.load(sorted_ntriples(release_graph), format=ox.RdfFormat.N_TRIPLES, to_graph=RELEASE_GRAPH)
    s.load(sorted_ntriples(fragment), format=ox.RdfFormat.N_TRIPLES, to_graph=FRAGMENT_GRAPH)
    return s


# ?top is bound as an RDF term (rdflib initBindings / oxigraph substitutions), never pasted into
# the query; oxigraph wants a substituted variable in the projection, so it comes first and is dropped.


def rdflib_answer(graph: Graph, query: str, top: str) -> set[tuple[str, ...]]:
    rows = graph.query(query, initBindings={"top": URIRef(OBO + top)})
    return {tuple(_short(str(v)) for v in list(row)[1:]) for row in rows if isinstance(row, ResultRow)}


def oxigraph_answer(store: ox.Store, query: str, top: str, **options: object) -> set[tuple[str, ...]]:
    options.setdefault("use_default_graph_as_union", True)
    rows = store.query(query, substitutions={ox.Variable("top"): ox.NamedNode(OBO + top)}, **options)  # type: ignore[arg-type]
    assert isinstance(rows, ox.QuerySolutions)
    return {tuple(_short(t.value) for t in list(row)[1:]) for row in rows}


def _short(value: str) -> str:
    return value[len(FINDING) :] if value.startswith(FINDING) else value


def test_fragment_comes_from_the_pinned_package_offline(no_network: None) -> None:
    assert source_versions() == {
        "cellxgene-ontology-guide": "1.11.1",
        "CL": "v2026-03-26",
        "MONDO": "v2026-05-05",
        "UBERON": "v2026-04-01",
    }


def test_fragment_is_external_data_only(fragment: Graph, release_curies: list[str]) -> None:
    assert len(fragment) > 100
    assert all(str(s).startswith(OBO) for s in fragment.subjects())
    assert set(fragment.predicates()) <= {RDFS.label, SKOS.broader, URIRef("http://www.w3.org/2002/07/owl#deprecated")}
    for curie in release_curies:
        if curie.split(":")[0] in ("UBERON", "CL", "MONDO"):
            assert fragment.value(URIRef(C.expand_curie(curie)), RDFS.label) is not None, curie
    assert sorted_ntriples(ontology_fragment(release_curies)) == sorted_ntriples(fragment)


def test_fragment_hierarchy_is_the_package_closure(fragment: Graph, release_curies: list[str]) -> None:
    """skos:broader+ from each release term reaches exactly the package's ancestors of it."""
    from cellxgene_ontology_guide.ontology_parser import OntologyParser  # type: ignore[import-untyped]  # no py.typed

    parser = OntologyParser()
    for curie in release_curies:
        if curie.split(":")[0] not in ("UBERON", "CL", "MONDO"):
            continue
        rows = fragment.query(
            "SELECT ?a WHERE { ?t <http://www.w3.org/2004/02/skos/core#broader>+ ?a }",
            initBindings={"t": URIRef(C.expand_curie(curie))},
        )
        ancestors = {C.compress_iri(str(r[0])) for r in rows if isinstance(r, ResultRow)}
        assert ancestors == set(parser.get_term_ancestors(curie)), curie


@pytest.mark.parametrize(
    ("top", "expected"),
    [(UMBILICAL_CORD, UMBILICAL_CORD_FINDINGS), (BODILY_FLUID, BODILY_FLUID_FINDINGS)],
    ids=["any-part-of-umbilical-cord", "any-bodily-fluid"],
)
def test_findings_by_msc_source_hierarchy(merged: Graph, store: ox.Store, top: str, expected: set[str]) -> None:
    want = {(f,) for f in expected}
    assert rdflib_answer(merged, MSC_SOURCE_UNDER, top) == want
    assert oxigraph_answer(store, MSC_SOURCE_UNDER, top) == want


def test_findings_on_any_kidney_disease(merged: Graph, store: ox.Store, release_graph: Graph) -> None:
    assert rdflib_answer(merged, CONDITION_UNDER, KIDNEY_DISEASE) == KIDNEY_DISEASE_FINDINGS
    assert oxigraph_answer(store, CONDITION_UNDER, KIDNEY_DISEASE) == KIDNEY_DISEASE_FINDINGS
    # the curated organ system says "kidney" for four more findings, whose condition maps only
    # to an organ-unspecified MONDO term: the ontology answer is the stricter one.
    kidney = URIRef(f"{C.ID_BASE}organ-system/kidney")
    by_organ = {_short(str(f)) for f in release_graph.subjects(C.MSCEXO.organSystem, kidney)}
    assert by_organ - {f for f, _ in KIDNEY_DISEASE_FINDINGS} == KIDNEY_ORGAN_SYSTEM_ONLY


def test_neither_graph_answers_alone(release_graph: Graph, fragment: Graph, store: ox.Store) -> None:
    """The answers need the merge: the release has no hierarchy, the fragment no findings."""
    for graph in (release_graph, fragment):
        assert rdflib_answer(graph, CONDITION_UNDER, KIDNEY_DISEASE) == set()
        assert rdflib_answer(graph, MSC_SOURCE_UNDER, BODILY_FLUID) == set()
    # in the store, the same holds graph by graph; only the union answers
    for name in (RELEASE_GRAPH, FRAGMENT_GRAPH):
        assert (
            oxigraph_answer(
                store, CONDITION_UNDER, KIDNEY_DISEASE, use_default_graph_as_union=False, default_graph=name
            )
            == set()
        )
    assert oxigraph_answer(store, CONDITION_UNDER, KIDNEY_DISEASE) == KIDNEY_DISEASE_FINDINGS
