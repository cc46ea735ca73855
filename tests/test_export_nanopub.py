"""Nanopublication export: parsed back with a real TriG parser, one well-formed nanopub per finding."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

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
XSD_DATETIME = URIRef("http://www.w3.org/2001/XMLSchema#dateTime")
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
        created = Literal(f"{DEFAULT_CREATED.isoformat()}T00:00:00+00:00", datatype=XSD_DATETIME)
        assert (n, DCTERMS.created, created) in pubinfo
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
    assert '"2031-02-03T00:00:00+00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>' in text
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


# --- signing (opt-in, release --sign) with nanopub-py and a throwaway key -----------------------------------------


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A nanopub-py profile with a fresh 2048-bit RSA key, made here and thrown away (never published)."""
    nanopub = pytest.importorskip("nanopub")
    folder = tmp_path_factory.mktemp("nanopub-profile")
    made = nanopub.Profile(orcid_id="https://orcid.org/0000-0000-0000-0000", name="throwaway test key")
    return Path(made.store(folder))


def _nanopubs(trig: str) -> dict[URIRef, Any]:
    """Each nanopublication of a TriG text alone (a ConjunctiveGraph, as nanopub-py takes it), by its IRI."""
    from rdflib import ConjunctiveGraph

    ds = Dataset()
    ds.parse(data=trig, format="trig")
    out: dict[URIRef, Any] = {}
    for n, _, _, context in ds.quads((None, RDF.type, NP.Nanopublication, None)):
        head = context if isinstance(context, URIRef) else context.identifier
        single = ConjunctiveGraph()
        names = [head] + [o for _, _, o in ds.graph(head).triples((n, None, None)) if o != NP.Nanopublication]
        for name in names:
            target = single.get_context(name)
            for triple in ds.graph(name):
                target.add(triple)
        out[n] = single
    return out


# slow: two whole releases in-process, one signed by nanopub-py (11-17 s); the unsigned checks above stay fast
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # ConjunctiveGraph inside nanopub-py / rdflib
def test_release_sign_writes_signed_nanopubs_with_trusty_uris_and_keeps_the_unsigned_file(
    tmp_path: Path, profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`release --sign PROFILE`: every nanopublication signed (RSA) with a trusty URI; the unsigned file is unchanged.

    nanopub-py must not touch the network: requests' transport is replaced by one that fails the test.
    """
    import requests
    from nanopub import Nanopub

    from mscexo_ld.cli import main
    from mscexo_ld.export.nanopub import SIGNED_NANOPUB_FILE

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"nanopub-py tried the network: {args} {kwargs}")

    monkeypatch.setattr(requests.Session, "send", no_network)
    out = tmp_path / "releases"
    assert main(["release", "--version", "0.9.0", "--date", "2026-12-01", "--out", str(out / "plain")]) == 0
    assert (
        main(
            [
                "release",
                "--version",
                "0.9.0",
                "--date",
                "2026-12-01",
                "--out",
                str(out / "signed"),
                "--sign",
                str(profile),
            ]
        )
        == 0
    )
    plain, signed = out / "plain" / "0.9.0", out / "signed" / "0.9.0"
    assert not (plain / SIGNED_NANOPUB_FILE).exists()
    # the unsigned default stays byte-identical, with or without --sign
    assert (signed / NANOPUB_FILE).read_bytes() == (plain / NANOPUB_FILE).read_bytes()
    assert SIGNED_NANOPUB_FILE in (signed / "SHA256SUMS").read_text()
    assert SIGNED_NANOPUB_FILE in (signed / "void.ttl").read_text()

    unsigned = _nanopubs((plain / NANOPUB_FILE).read_text(encoding="utf-8"))
    nanopubs = _nanopubs((signed / SIGNED_NANOPUB_FILE).read_text(encoding="utf-8"))
    assert len(nanopubs) == len(unsigned) > 100
    public_key = (profile.parent / "id_rsa.pub").read_text().strip()
    for n in sorted(nanopubs)[:8]:
        assert str(n).startswith("https://w3id.org/mscexo/np/RA"), n
        np_ = Nanopub(rdf=nanopubs[n])
        assert np_.is_valid
        assert np_.has_valid_signature and np_.has_valid_trusty, n
        assert np_.metadata.trusty == str(n).rsplit("/", 1)[1]
        assert str(np_.signed_with_public_key) == public_key
    for n, single in nanopubs.items():
        assert (None, URIRef("http://purl.org/nanopub/x/hasSignature"), None) in single, n
    # the assertions are the unsigned ones, unchanged
    assertions = {
        frozenset(g) for d in unsigned.values() for g in d.contexts() if str(g.identifier).endswith("#assertion")
    }
    signed_assertions = {
        frozenset(g) for d in nanopubs.values() for g in d.contexts() if str(g.identifier).endswith("#assertion")
    }
    assert signed_assertions == assertions


def test_release_sign_with_an_unusable_profile_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mscexo_ld.cli import main

    missing = tmp_path / "nowhere" / "profile.yml"
    code = main(
        ["release", "--version", "0.9.0", "--date", "2026-12-01", "--out", str(tmp_path / "r"), "--sign", str(missing)]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "Traceback" not in err
    assert not (tmp_path / "r" / "0.9.0").exists()
