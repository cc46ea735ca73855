"""Nanopublication export: parsed back with a real TriG parser, one well-formed nanopub per finding."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, PROV, RDF

from mscexo_ld import constants as C
from mscexo_ld.export.nanopub import (
    CITO,
    DEFAULT_CREATED,
    NANOPUB_FILE,
    NP,
    NP_BASE,
    PARTS,
    graph_iri,
    nanopub_files,
    nanopub_iri,
)

M = C.MSCEXO
#: (rdflib's XSD namespace object is kept out of the module: pytest probes module attributes.)
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
FINDING = f"{C.ID_BASE}finding/"


@pytest.fixture(scope="module")
def trig(release_graph: Graph) -> str:
    files = nanopub_files(release_graph)
    assert list(files) == [NANOPUB_FILE]
    return files[NANOPUB_FILE]


@pytest.fixture(scope="module")
def dataset(trig: str) -> Dataset:
    ds = Dataset()
    ds.parse(data=trig, format="trig")
    return ds


@pytest.fixture(scope="module")
def finding_ids(release_graph: Graph) -> list[str]:
    return sorted(str(f)[len(FINDING) :] for f in set(release_graph.subjects(RDF.type, M.Finding)))


def named_graphs(ds: Dataset) -> dict[URIRef, Graph]:
    return {
        g.identifier: g
        for g in ds.graphs()
        if isinstance(g.identifier, URIRef) and g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)
    }


def test_one_nanopub_per_finding(dataset: Dataset, finding_ids: list[str]) -> None:
    nanopubs = {s for s, _, _, _ in dataset.quads((None, RDF.type, NP.Nanopublication, None))}
    assert len(finding_ids) > 100
    assert len(nanopubs) == len(finding_ids)
    assert nanopubs == {nanopub_iri(i) for i in finding_ids}


def test_each_nanopub_has_exactly_four_graphs_linked_from_its_head(dataset: Dataset, finding_ids: list[str]) -> None:
    graphs = named_graphs(dataset)
    assert len(dataset.default_graph) == 0
    assert set(graphs) == {graph_iri(i, part) for i in finding_ids for part in PARTS}
    for ident in finding_ids:
        n = nanopub_iri(ident)
        head = graphs[graph_iri(ident, "head")]
        assert set(head) == {
            (n, RDF.type, NP.Nanopublication),
            (n, NP.hasAssertion, graph_iri(ident, "assertion")),
            (n, NP.hasProvenance, graph_iri(ident, "provenance")),
            (n, NP.hasPublicationInfo, graph_iri(ident, "pubinfo")),
        }
        # the nanopub-java well-formedness rules: provenance is about the assertion graph,
        # publication info about the nanopublication.
        assert (graph_iri(ident, "assertion"), None, None) in graphs[graph_iri(ident, "provenance")]
        assert (n, None, None) in graphs[graph_iri(ident, "pubinfo")]


def test_F109_assertion_states_mir486_decreases_pten(dataset: Dataset) -> None:
    assertion = named_graphs(dataset)[graph_iri("F109", "assertion")]
    rows = list(
        assertion.query(
            """
            SELECT ?reg WHERE {
              ?finding mscexo:regulation ?reg .
              ?reg mscexo:regulator ?mir ; mscexo:regulated ?gene ; mscexo:direction mscexo:Decreases .
            }""",
            initNs={"mscexo": M},
            initBindings={
                "finding": URIRef(f"{FINDING}F109"),
                "mir": URIRef(f"{C.ID_BASE}cargo/miR-486-5p"),
                "gene": URIRef(f"{C.ID_BASE}gene/PTEN"),
            },
        )
    )
    assert len(rows) == 1
    # the assertion is the finding's own statement, not the labels of what it points at
    assert (URIRef(f"{C.ID_BASE}gene/PTEN"), None, None) not in assertion


def test_F109_provenance_cites_reference_109_and_the_review(dataset: Dataset) -> None:
    graphs = named_graphs(dataset)
    provenance = graphs[graph_iri("F109", "provenance")]
    a = graph_iri("F109", "assertion")
    ref = URIRef(f"{C.ID_BASE}reference/109")
    assert (a, CITO.citesAsEvidence, ref) in provenance
    assert (a, PROV.wasDerivedFrom, ref) in provenance
    assert (a, PROV.wasDerivedFrom, URIRef(C.REVIEW_IRI)) in provenance
    assert (ref, M.referenceNumber, Literal(109)) in provenance
    evidence = URIRef(f"{nanopub_iri('F109')}#evidence")
    assert (a, PROV.wasDerivedFrom, evidence) in provenance
    quote = str(provenance.value(evidence, PROV.value))
    assert "Sun et al[109] found that miR-486-5p carried by bone marrow-derived MSC-Exos suppressed PTEN" in quote
    assert (evidence, PROV.wasQuotedFrom, URIRef(C.REVIEW_IRI)) in provenance


def test_pubinfo_has_fixed_date_licence_and_creator(dataset: Dataset, finding_ids: list[str]) -> None:
    graphs = named_graphs(dataset)
    for ident in finding_ids:
        n, pubinfo = nanopub_iri(ident), graphs[graph_iri(ident, "pubinfo")]
        assert (n, DCTERMS.created, Literal(DEFAULT_CREATED.isoformat(), datatype=XSD_DATE)) in pubinfo
        assert (n, DCTERMS.license, URIRef(C.DATA_LICENSE)) in pubinfo
        assert pubinfo.value(n, DCTERMS.creator) == pubinfo.value(n, PROV.wasAttributedTo) is not None


def test_assertions_are_copied_from_the_release_and_cover_every_finding_triple(
    dataset: Dataset, release_graph: Graph, finding_ids: list[str]
) -> None:
    graphs = named_graphs(dataset)
    union = Graph()
    for ident in finding_ids:
        assertion = graphs[graph_iri(ident, "assertion")]
        finding = URIRef(f"{FINDING}{ident}")
        # each finding's own triples are in its own assertion ...
        assert set(release_graph.triples((finding, None, None))) <= set(assertion), ident
        union += assertion
    findings = set(release_graph.subjects(RDF.type, M.Finding))
    # ... so the union holds every triple whose subject is a finding,
    assert {t for t in release_graph if t[0] in findings} <= set(union)
    # and nothing in an assertion is made up: every triple is in the release graph.
    assert set(union) <= set(release_graph)
    # the regulation and modification nodes came along
    assert (None, RDF.type, M.Regulation) in union
    assert (None, RDF.type, M.ProducerModification) in union


def test_output_is_byte_stable_lf_and_independent_of_insertion_order(release_graph: Graph, trig: str) -> None:
    assert nanopub_files(release_graph)[NANOPUB_FILE] == trig
    shuffled = Graph()
    for triple in sorted(release_graph, reverse=True):
        shuffled.add(triple)
    assert nanopub_files(shuffled)[NANOPUB_FILE] == trig
    assert "\r" not in trig and trig.endswith("}\n")
    assert trig.index(f"<{NP_BASE}F72#head>") < trig.index(f"<{NP_BASE}F105#head>")  # natural order


def test_created_date_is_an_argument_not_the_clock(release_graph: Graph) -> None:
    text = nanopub_files(release_graph, created=date(2031, 2, 3))[NANOPUB_FILE]
    assert '"2031-02-03"^^<http://www.w3.org/2001/XMLSchema#date>' in text
    assert DEFAULT_CREATED.isoformat() not in text


@pytest.mark.filterwarnings("ignore:Dataset.*is deprecated:DeprecationWarning")  # inside nanopub / rdflib SPARQL
def test_well_formed_according_to_the_nanopub_library(dataset: Dataset, finding_ids: list[str]) -> None:
    """The ``nanopub`` package's offline structural check (``Nanopub.is_valid``), nanopub by nanopub."""
    nanopub = pytest.importorskip("nanopub")
    graphs = named_graphs(dataset)
    for ident in finding_ids:
        single = Dataset()
        for part in PARTS:
            name = graph_iri(ident, part)
            target = single.graph(name)
            for triple in graphs[name]:
                target.add(triple)
        np_ = nanopub.Nanopub(rdf=single)
        assert np_.is_valid, ident
        assert np_.metadata.np_uri == nanopub_iri(ident)
        assert np_.metadata.assertion == graph_iri(ident, "assertion")
