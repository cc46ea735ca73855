"""The direct RO edges (rdf/direct_edges.py) and the queries written only in RO, PROV and OA terms.

The queries in ``queries/aligned/`` use no ``mscexo:`` term; their answers on the built release
must equal those of the canned ``mscexo:`` queries. Every RO relation used is checked against the
pinned ro.obo (skipped without ``../shared``, a failure under ``MSCEXO_REQUIRE_SHARED=1``).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import Graph, URIRef

import mscexo_ld
from mscexo_ld import constants as C
from mscexo_ld import iris, resources
from mscexo_ld.query.serve import wait_until_up
from mscexo_ld.rdf.direct_edges import DIRECT_EDGES_FILE, RELATIONS, direct_edges, nquads
from mscexo_ld.schema import QUOTE_ELISION

RO_OBO = Path(__file__).parents[1].parent / "shared" / "reference" / "obo" / "ro.obo"
M = C.MSCEXO


def _shared(path: Path) -> Path:
    if not path.is_file():
        if os.environ.get("MSCEXO_REQUIRE_SHARED") == "1":
            pytest.fail(f"MSCEXO_REQUIRE_SHARED=1 but {path} is missing")
        pytest.skip(f"{path} is missing (the pinned reference files live in ../shared)")
    return path


def _ro_terms() -> dict[str, tuple[str, bool]]:
    """CURIE -> (label, obsolete) of every term of the pinned ro.obo."""
    terms = {}
    for stanza in _shared(RO_OBO).read_text(encoding="utf-8").split("\n\n"):
        ident = re.search(r"^id: (\S+)$", stanza, re.M)
        name = re.search(r"^name: (.+)$", stanza, re.M)
        if ident and name:
            terms[ident.group(1)] = (name.group(1), "\nis_obsolete: true" in stanza)
    return terms


def test_every_ro_relation_exists_in_the_pinned_ro_with_its_label() -> None:
    terms = _ro_terms()
    for curie, label in RELATIONS.values():
        assert curie in terms, curie
        assert terms[curie] == (label, False), (curie, terms[curie])


def test_the_ro_relations_fit_their_ends_by_ros_own_domains() -> None:
    """Process-to-process relations are RO's 'regulates' family; entity ones are declared on material entities."""
    text = _shared(RO_OBO).read_text(encoding="utf-8")

    def stanza(curie: str) -> str:
        return text.split(f"\nid: {curie}\n", 1)[1].split("\n\n", 1)[0]

    for (first, second, _), (curie, _label) in RELATIONS.items():
        body = stanza(curie)
        if (first, second) == ("process", "process"):
            assert "is_a: RO:0002211 ! regulates" in body
        elif second == "process":
            assert "is_a: RO:0002263 ! acts upstream of" in body  # "c is a material entity and p is a process"
        elif first == "process":
            assert "domain: BFO:0000015 ! process" in body
        else:
            assert "regulates activity of" in body


def test_every_regulation_has_one_direct_edge_reified_back_to_its_finding(release_graph: Graph) -> None:
    g = direct_edges(release_graph)
    assert g.identifier == iris.direct_graph()
    regulations = list(release_graph.subject_objects(M.regulation))
    assert len(regulations) == 321
    for finding, regulation in regulations:
        s, p, o = (g.value(regulation, x) for x in (rdflib.RDF.subject, rdflib.RDF.predicate, rdflib.RDF.object))
        assert s == release_graph.value(regulation, M.regulator) and o == release_graph.value(regulation, M.regulated)
        assert (s, p, o) in g and (regulation, rdflib.PROV.wasDerivedFrom, finding) in g
        negative = "negative" in str(g.value(p, rdflib.RDFS.label))
        assert negative == (release_graph.value(regulation, M.direction) == M.Decreases)
    assert not any(term.startswith(str(M)) for triple in g for term in triple if isinstance(term, URIRef))


def test_direct_edges_are_byte_stable_and_shipped(release_graph: Graph, build_dir: Path) -> None:
    text = nquads(release_graph)
    assert text == nquads(release_graph) == (build_dir / DIRECT_EDGES_FILE).read_text(encoding="utf-8")
    assert (resources.shipped_dir() / DIRECT_EDGES_FILE).read_text(encoding="utf-8") == text, (
        "run `bash scripts/release-graph.sh`"
    )
    assert all(line.endswith(f" <{iris.direct_graph()}> .") for line in text.splitlines())


_TRIPLE = "<http://e/a> <http://e/p> <http://e/b>"
RDF12 = f"<http://e/r> <http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> <<( {_TRIPLE} )>> .\n"
RDF_STAR = f"<< {_TRIPLE} >> <http://e/q> <http://e/c> .\n"


def test_rdf_star_and_rdf_1_2_reifiers_are_not_readable_by_the_whole_chain() -> None:
    """Why the direct edges link back by standard reification: rdflib (which builds and serialises)
    parses neither RDF 1.2 triple terms nor RDF-star; pyoxigraph reads RDF 1.2 only."""
    for data in (RDF12, RDF_STAR):
        with pytest.raises(Exception):  # noqa: B017 (rdflib raises a different class per format)
            Graph().parse(data=data, format="nt")
    store = ox.Store()
    store.load(RDF12.encode(), format=ox.RdfFormat.N_TRIPLES)
    assert len(store) == 1
    with pytest.raises(SyntaxError):
        ox.Store().load(RDF_STAR.encode(), format=ox.RdfFormat.N_TRIPLES)


def test_jena_reads_rdf_1_2_only(tmp_path: Path, fuseki_installed: None) -> None:
    """Jena 5.6 (Fuseki's parser, `riot --validate`) accepts the RDF 1.2 triple term and refuses RDF-star."""
    from mscexo_ld.query.fuseki import fuseki_home, java_command

    java = java_command()[0]
    codes = []
    for name, data in (("rdf12.nt", RDF12), ("star.nt", RDF_STAR)):
        (tmp_path / name).write_text(data, encoding="utf-8")
        command = [java, "-cp", str(fuseki_home() / "lib" / "*"), "riotcmd.riot", "--validate", str(tmp_path / name)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        codes.append("ERROR" in done.stdout + done.stderr)
    assert codes == [False, True]


# ----------------------------------------------------------------------------- RO/PROV/OA-only queries


def _aligned(name: str) -> Path:
    path = Path(__file__).parents[1] / "queries" / "aligned" / f"{name}.rq"
    text = path.read_text(encoding="utf-8")
    assert "ontology#" not in text and "mscexo:" not in text.split("PREFIX", 1)[1], f"{name} uses an mscexo: term"
    return path


def _ref(iri: str | None) -> str:
    parsed = iris.parse(str(iri))
    assert parsed is not None and parsed.kind == "reference"
    return str(parsed.key[0])


def _quotes(rows: list[dict[str, str | None]]) -> dict[str, str]:
    """Finding -> its excerpts in text order, joined as the quote is."""
    by: dict[str, list[tuple[int, str]]] = {}
    for row in rows:
        by.setdefault(str(row["finding"]), []).append((int(str(row["start"])), str(row["exact"])))
    return {f: QUOTE_ELISION.join(e for _, e in sorted(set(v))) for f, v in by.items()}


def test_what_acts_on_pten_equals_the_canned_regulators_of_gene(store: ox.Store) -> None:
    aligned = mscexo_ld.query(_aligned("ro-regulators-of-gene"), store=store, gene="PTEN")
    canned = mscexo_ld.query("regulators-of-gene", store=store, gene="PTEN")
    assert len(aligned) == 5
    assert sorted((r["regulator"], r["direction"], _ref(r["reference"]), r["finding"]) for r in aligned) == sorted(
        (r["regulator"], r["direction"], r["ref"], r["finding"]) for r in canned
    )
    # the miRNAs of the canned "mirnas-via-gene" are among them, with the same direction
    mirnas = {(r["mirna"], r["direction"], r["ref"]) for r in mscexo_ld.query("mirnas-via-gene", store=store)}
    assert mirnas == {("miR-486-5p", "decreases", "109"), ("miR-21a-5p", "decreases", "119"),
                      ("miR-17-92 cluster", "decreases", "128")}  # fmt: skip
    assert mirnas <= {(r["regulator"], r["direction"], _ref(r["reference"])) for r in aligned}


def test_the_quote_and_reference_behind_each_edge_equal_the_canned_answers(store: ox.Store) -> None:
    aligned = mscexo_ld.query(_aligned("ro-evidence-for-gene"), store=store, gene="PTEN")
    quotes = _quotes(aligned)
    for row in mscexo_ld.query("mirnas-via-gene", store=store, gene="PTEN"):
        assert quotes[str(row["finding"])] == row["quote"]
    refs = {_ref(r["reference"]) for r in aligned}
    assert refs == {"109", "119", "128", "169"}
    for ref in refs:
        for row in mscexo_ld.query("findings-for-reference", store=store, ref=int(ref)):
            if row["finding"] in quotes:
                assert quotes[str(row["finding"])] == row["quote"]


@pytest.mark.parametrize("ref", [109, 128, 133])
def test_every_finding_citing_a_reference_equals_the_canned_answer(store: ox.Store, ref: int) -> None:
    aligned = mscexo_ld.query(_aligned("prov-findings-for-reference"), store=store, reference=str(iris.reference(ref)))
    canned = mscexo_ld.query("findings-for-reference", store=store, ref=ref)
    assert canned and _quotes(aligned) == {str(r["finding"]): str(r["quote"]) for r in canned}


def test_load_release_and_the_shipped_graph_carry_the_direct_edges() -> None:
    store = mscexo_ld.load_release(resources.release_graph_file())
    named = {str(g.value) for g in store.named_graphs()}
    assert named == {str(iris.direct_graph()), str(iris.hierarchy_graph())}
    rows = mscexo_ld.query(_aligned("ro-regulators-of-gene"), store=store, gene="PTEN")
    assert len(rows) == 5


@pytest.fixture(scope="module")
def served(build_dir: Path, free_port: Callable[[], int]) -> Iterator[str]:
    """`mscexo-ld serve` (Oxigraph) on the build: the direct edges load with the release."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mscexo_ld",
            "serve",
            "--port",
            str(port),
            "--build",
            str(build_dir),
            "--site-port",
            "0",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_up(url, seconds=60, process=process)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


def test_the_aligned_queries_give_the_same_answers_on_the_server(served: str, store: ox.Store) -> None:
    for name, params in (("ro-regulators-of-gene", {"gene": "PTEN"}), ("ro-evidence-for-gene", {"gene": "PTEN"})):
        local = mscexo_ld.query(_aligned(name), store=store, **params)
        remote = mscexo_ld.query(_aligned(name), endpoint=served, **params)
        assert local and remote == local


@pytest.fixture(scope="module")
def fuseki(
    fuseki_installed: None, build_dir: Path, free_port: Callable[[], int], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """`mscexo-ld serve --server fuseki` on the build (Fuseki 5.6, in memory): the direct edges load too."""
    from mscexo_ld.query.fuseki import DATASET

    port, tmp = free_port(), tmp_path_factory.mktemp("fuseki")
    command = [sys.executable, "-m", "mscexo_ld", "serve", "--server", "fuseki", "--build", str(build_dir)]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--timeout", "20", "--site-port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "TMPDIR": str(tmp)},
    )
    url = f"http://127.0.0.1:{port}/{DATASET}/query"
    try:
        wait_until_up(url, seconds=120, process=process)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


# slow: Fuseki, a Java server, started for this test (as every test of test_fuseki.py); the same queries on
# the Oxigraph server (above) stay in the default run
@pytest.mark.slow
def test_the_aligned_queries_give_the_same_answers_on_fuseki(fuseki: str, store: ox.Store) -> None:
    for name, params in (("ro-regulators-of-gene", {"gene": "PTEN"}), ("ro-evidence-for-gene", {"gene": "PTEN"})):
        local = mscexo_ld.query(_aligned(name), store=store, **params)
        remote = mscexo_ld.query(_aligned(name), endpoint=fuseki, **params)
        assert local and remote == local
