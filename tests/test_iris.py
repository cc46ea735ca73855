"""The IRI scheme (mscexo_ld/iris.py): mint and parse are inverse, and every IRI of the release parses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld.export.nanopub import nanopub_dataset
from mscexo_ld.rdf.void import void_graph
from mscexo_ld.records import Corpus
from mscexo_ld.schema import TABLES

ids = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,15}\Z")
ordinals = st.integers(min_value=1, max_value=10**6)
versions = st.tuples(*(st.integers(0, 999),) * 3).map(lambda t: ".".join(map(str, t)))
locals_ = st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_.-]{0,15}\Z")
vocabularies = st.from_regex(r"\A[A-Za-z][A-Za-z0-9.]{0,10}\Z")
taxa = st.integers(1, 10**7).map(lambda n: f"NCBITaxon:{n}")

#: A strategy for every kind of IRI: the valid keys of that kind.
KEYS: dict[str, st.SearchStrategy[tuple[str | int, ...]]] = {
    "dataset": st.just(()),
    "graph": st.just(()),
    "direct-graph": st.just(()),
    "hierarchy-graph": st.just(()),
    "ontology": st.just(()),
    "ontology-version": st.tuples(versions),
    "vocabulary": st.just(()),
    "term": st.tuples(locals_),
    "finding": st.tuples(ids),
    "regulation": st.tuples(ids, ordinals),
    "modification": st.tuples(ids, ordinals),
    "finding-edge": st.tuples(ids),
    "reference": st.tuples(ordinals),
    "entity": st.tuples(st.sampled_from(iris.ENTITY_SEGMENTS), ids),
    "taxon": st.tuples(taxa),
    "table-record": st.tuples(st.sampled_from(sorted(iris.TABLE_SEGMENTS)), ids),
    "quote": st.tuples(st.sampled_from(iris.QUOTE_SEGMENTS), ids, ordinals),
    "quote-part": st.tuples(st.sampled_from(iris.QUOTE_SEGMENTS), ids, ordinals, st.sampled_from(iris.QUOTE_PARTS)),
    "source-text": st.just(()),
    "software": st.tuples(ids),
    "dataset-version": st.tuples(versions),
    "dataset-class": st.tuples(locals_),
    "linkset": st.tuples(vocabularies, st.sampled_from(iris.LINKSET_MATCHES)),
    "linkset-target": st.tuples(vocabularies),
    "release-file": st.tuples(versions, ids),
    "mapping-set": st.tuples(ids),
    "nanopub": st.tuples(ids),
    "nanopub-part": st.tuples(ids, st.sampled_from(iris.NANOPUB_PARTS)),
}
parsed_values = st.sampled_from(sorted(KEYS)).flatmap(lambda kind: KEYS[kind].map(lambda key: iris.Parsed(kind, key)))


def test_every_kind_has_a_strategy() -> None:
    assert set(KEYS) == set(iris.MINTERS)


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(parsed_values)
def test_parse_inverts_mint(parsed: iris.Parsed) -> None:
    iri = iris.mint(parsed)
    assert iris.parse(iri) == parsed
    assert iris.mint(iris.parse(str(iri))) == iri  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.text(st.sampled_from("/#:.-_0aZ9"), max_size=12), st.sampled_from([C.ID_BASE, iris.NP_BASE, C.DATASET_IRI]))
def test_mint_inverts_parse_on_any_iri_it_accepts(tail: str, base: str) -> None:
    iri = base + tail
    parsed = iris.parse(iri)
    if parsed is not None:
        assert str(iris.mint(parsed)) == iri


def _ours(iri: str) -> bool:
    bases = (C.ID_BASE, C.ONTOLOGY_IRI, iris.NP_BASE, iris.RELEASE_BASE, iris.MAPPINGS_BASE, C.GRAPH_IRI)
    return iri.startswith(bases)


def _round_trips(graph: Graph) -> int:
    iris_seen = {t for triple in graph for t in triple if isinstance(t, URIRef) and _ours(str(t))}
    for iri in iris_seen:
        parsed = iris.parse(iri)
        assert parsed is not None, iri
        assert iris.mint(parsed) == iri
    return len(iris_seen)


def test_every_iri_of_the_release_graph_round_trips(release_graph: Graph) -> None:
    assert _round_trips(release_graph) > 1000


def test_every_iri_of_the_void_description_round_trips(release_graph: Graph) -> None:
    assert _round_trips(void_graph(release_graph, ["mscexo.ttl", "mscexo.nt"])) > 20


def test_every_iri_of_the_nanopublications_round_trips(release_graph: Graph) -> None:
    ds = nanopub_dataset(release_graph)
    graph = Graph()
    for s, p, o, g in ds.quads():
        graph.add((s, p, o))
        if isinstance(g, URIRef):
            graph.add((g, p, g))  # the graph names themselves
    assert _round_trips(graph) > 500


def test_species_are_taxon_iris(release_graph: Graph, corpus: Corpus) -> None:
    for species in corpus.entities["species"].values():
        iri = iris.taxon(species.mappings[0].curie)
        assert (iri, None, None) in release_graph
        assert iris.parse(iri) == iris.Parsed("taxon", (species.mappings[0].curie,))


def test_record_namespaces_hold_the_records_of_their_segment() -> None:
    assert iris.record_namespace("gene") == "https://w3id.org/mscexo/id/gene/"
    assert str(iris.entity("gene", "PTEN")).startswith(iris.record_namespace("gene"))
    assert str(iris.table_record("clinical-trials", "NCT1")).startswith(iris.record_namespace("clinical-trial"))
    assert str(iris.regulation("F1", 1)).startswith(iris.record_namespace("finding"))
    with pytest.raises(ValueError):
        iris.record_namespace("species")


def test_table_segments_are_the_table_specs() -> None:
    assert {name: spec.kind for name, spec in TABLES.items()} == iris.TABLE_SEGMENTS
    for name, spec in TABLES.items():
        assert iris.table_record(name, "x1") == URIRef(f"{C.ID_BASE}{spec.kind}/x1")


@pytest.mark.parametrize(
    ("iri", "parsed"),
    [
        ("https://w3id.org/mscexo/id/finding/F109", ("finding", ("F109",))),
        ("https://w3id.org/mscexo/id/finding/F109/regulation/2", ("regulation", ("F109", 2))),
        ("https://w3id.org/mscexo/id/finding/F12a/modification/1", ("modification", ("F12a", 1))),
        ("https://w3id.org/mscexo/id/reference/109", ("reference", (109,))),
        ("https://w3id.org/mscexo/id/gene/PTEN", ("entity", ("gene", "PTEN"))),
        ("https://w3id.org/mscexo/id/cargo/miR-486-5p", ("entity", ("cargo", "miR-486-5p"))),
        ("https://w3id.org/mscexo/id/clinical-trial/NCT04276987", ("table-record", ("clinical-trials", "NCT04276987"))),
        ("https://w3id.org/mscexo/id/criteria/isct-2006", ("table-record", ("isct-criteria", "isct-2006"))),
        ("https://w3id.org/mscexo/id/dataset", ("dataset", ())),
        ("https://w3id.org/mscexo/id/dataset/linkset/mirbase.mature-exact", ("linkset", ("mirbase.mature", "exact"))),
        ("https://w3id.org/mscexo/id/software/mscexo-ld", ("software", ("mscexo-ld",))),
        ("https://w3id.org/mscexo/graph", ("graph", ())),
        ("https://w3id.org/mscexo/ontology#Finding", ("term", ("Finding",))),
        ("https://w3id.org/mscexo/ontology/0.2.0", ("ontology-version", ("0.2.0",))),
        ("https://w3id.org/mscexo/np/F109", ("nanopub", ("F109",))),
        ("https://w3id.org/mscexo/np/F109#pubinfo", ("nanopub-part", ("F109", "pubinfo"))),
        ("https://w3id.org/mscexo/release/0.1.0/mscexo.ttl", ("release-file", ("0.1.0", "mscexo.ttl"))),
        ("https://w3id.org/mscexo/mappings/mscexo.sssom.tsv", ("mapping-set", ("mscexo.sssom.tsv",))),
        ("http://purl.obolibrary.org/obo/NCBITaxon_9606", ("taxon", ("NCBITaxon:9606",))),
    ],
)
def test_examples(iri: str, parsed: tuple[str, tuple[str | int, ...]]) -> None:
    assert iris.parse(iri) == iris.Parsed(*parsed)
    assert str(iris.mint(iris.Parsed(*parsed))) == iri


@pytest.mark.parametrize(
    "iri",
    [
        "https://w3id.org/mscexo/id/reference/007",  # would mint back as reference/7
        "https://w3id.org/mscexo/id/reference/0",
        "https://w3id.org/mscexo/id/finding/F1/regulation/0",
        "https://w3id.org/mscexo/id/finding/F1/regulation/x",
        "https://w3id.org/mscexo/id/finding/F1/outcome/1",
        "https://w3id.org/mscexo/id/gene/",
        "https://w3id.org/mscexo/id/species/human",  # species are NCBITaxon IRIs
        "https://w3id.org/mscexo/id/no-such-kind/x",
        "https://w3id.org/mscexo/id/gene/PTEN/1",
        "https://w3id.org/mscexo/id/dataset/linkset/HGNC-broad",
        "https://w3id.org/mscexo/np/F109#nothing",
        "https://w3id.org/mscexo/ontology/latest",
        "https://identifiers.org/hgnc:9588",
        "http://purl.obolibrary.org/obo/GO_0006915",
    ],
)
def test_iris_outside_the_scheme_do_not_parse(iri: str) -> None:
    assert iris.parse(iri) is None


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("finding", ("F1/2",)),
        ("finding", ("",)),
        ("finding", ("F1#x",)),
        ("entity", ("species", "human")),
        ("entity", ("planet", "x")),
        ("reference", (0,)),
        ("reference", (True,)),
        ("regulation", ("F1", -1)),
        ("table-record", ("no-such-table", "x")),
        ("nanopub-part", ("F1", "body")),
        ("taxon", ("HGNC:9588",)),
        ("release-file", ("latest", "mscexo.ttl")),
        ("linkset", ("HGNC", "broad")),
        ("no-such-kind", ()),
    ],
)
def test_mint_refuses_what_would_not_parse_back(kind: str, key: tuple[str | int, ...]) -> None:
    with pytest.raises(ValueError):
        iris.mint(iris.Parsed(kind, key))
