"""A real SPARQL server: `mscexo-ld serve` (Oxigraph, read-only), `query --endpoint`, `load`.

Every server here is a real process on a free loopback port, started and stopped by the tests.
Over 400 lines because the server, its clients (query, load, the load test) and the stores it is
checked against share its fixtures.
"""

from __future__ import annotations

import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from mscexo_ld import constants as C
from mscexo_ld.cli import GRAPH_IRI, main
from mscexo_ld.query import CannedQuery, bind_params, list_queries, load_store, resolve_query, run_oxigraph
from mscexo_ld.query.remote import bind_as_values, concurrent_load, count_triples, run_endpoint
from mscexo_ld.query.serve import load_store as load_oxigraph_store
from mscexo_ld.query.serve import start_server, stop_process, wait_until_up

QUERIES = list_queries()


@pytest.fixture(scope="module")
def served(build_dir: Path, free_port: Callable[[], int]) -> Iterator[str]:
    """`mscexo-ld serve` as a subprocess; yields the query URL; stops it with SIGTERM."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mscexo_ld", "serve", "--port", str(port), "--build", str(build_dir), "--timeout", "10"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_up(url, seconds=60, process=process)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
        assert process.returncode == 0, err
        assert (
            f"SPARQL endpoint (read-only): {url}" in out
            and f"query UI:                    http://127.0.0.1:{port}/" in out
        )
        assert "stopping" in err


@pytest.fixture(scope="module")
def embedded(build_dir: Path) -> ox.Store:
    return load_store(build_dir / C.GRAPH_NT)


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_every_canned_query_gives_the_same_answer_on_the_server(
    query: CannedQuery, served: str, embedded: ox.Store
) -> None:
    params = bind_params(query, {})
    local = run_oxigraph(embedded, query, params)
    remote = run_endpoint(served, query, params)
    assert remote.variables == local.variables
    assert remote.as_tuples() == local.as_tuples()
    assert remote.rows


@pytest.mark.parametrize(
    "evil", ['PTEN" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o', "} ; DROP ALL", 'PTEN\\" }', "?gene"]
)
def test_parameters_cannot_change_the_query_on_the_server(evil: str, served: str, embedded: ox.Store) -> None:
    q = resolve_query("mirnas-via-gene")
    params = bind_params(q, {"gene": evil})
    assert run_endpoint(served, q, params).as_tuples() == run_oxigraph(embedded, q, params).as_tuples() == []
    assert 'VALUES (?gene) { ("' in bind_as_values(q, params)
    # An IRI parameter bound by a required pattern travels as FILTER(sameTerm(...)): just as safe.
    q = resolve_query("findings-for-standard-id")
    params = bind_params(q, {"standardId": "https://example.org/not-mapped"})  # evil IRIs are refused earlier
    assert "FILTER(sameTerm(?standardId, <" in bind_as_values(q, params)
    assert run_endpoint(served, q, params).as_tuples() == run_oxigraph(embedded, q, params).as_tuples() == []


def test_non_default_parameters_agree(served: str, embedded: ox.Store) -> None:
    for name, params in [
        ("references-for-mechanism", {"mechanism": "Wnt/β-catenin signaling"}),
        ("findings-for-reference", {"ref": "120"}),
        ("findings-for-standard-id", {"standardId": "https://identifiers.org/hgnc:9588"}),
        ("isolation-methods-by-advantage", {"advantage": "high yield"}),
    ]:
        q = resolve_query(name)
        bound = bind_params(q, params)
        local = run_oxigraph(embedded, q, bound).as_tuples()
        assert local and run_endpoint(served, q, bound).as_tuples() == local, name


def test_a_wrong_case_label_gets_the_same_hint_from_the_server(served: str, embedded: ox.Store) -> None:
    q = resolve_query("references-for-mechanism")
    for params, hints in [
        (
            {"mechanism": "pi3k/akt signaling"},
            ["mechanism=pi3k/akt signaling; did you mean mechanism=PI3K/AKT signaling?"],
        ),
        ({"direction": "Increases"}, ["direction=Increases; did you mean direction=increases?"]),
        ({"mechanism": 'PI3K/AKT" } ; DROP ALL'}, []),
    ]:
        bound = bind_params(q, params)
        remote = run_endpoint(served, q, bound)
        assert remote.rows == [] and remote.hints == run_oxigraph(embedded, q, bound).hints
        assert remote.hints == [f"hint: no rows for {hint}" for hint in hints]


def test_sparql_update_is_refused(served: str) -> None:
    update = served.replace("/query", "/update")
    request = urllib.request.Request(update, data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=10)
    assert info.value.code in (403, 405)
    assert count_triples(served, None) > 7000


def test_query_cli_on_the_endpoint(served: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "mirnas-via-gene", "--param", "gene=PTEN", "--endpoint", served, "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "gene,mirna,direction,inferred,ref,author,quote,finding" and len(rows) == 4
    assert main(["query", "mirnas-via-gene", "--endpoint", "http://127.0.0.1:9/query", "--timeout", "2"]) == 5


_CONCURRENT_FIRST_PARSES = """
import threading
from mscexo_ld.query import list_queries
from mscexo_ld.query.remote import certainly_bound
from rdflib.plugins.sparql import prepareQuery
texts = [q.text for q in list_queries()][:3]
barrier = threading.Barrier(8)
def client():
    barrier.wait()
    for text in texts:
        certainly_bound(text)
threads = [threading.Thread(target=client) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
for text in texts:
    prepareQuery(text)
print("parsed")
"""


def test_concurrent_clients_leave_rdflibs_sparql_parser_working() -> None:
    """concurrent_load's clients read their queries with rdflib in threads: rdflib's first parses at once
    (a fresh process) must not break its parser for the rest of the process (they did: a TypeError on every
    later parse, which failed `release --sign` after the load test in the same pytest worker)."""
    done = subprocess.run(
        [sys.executable, "-c", _CONCURRENT_FIRST_PARSES], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0 and done.stdout == "parsed\n", done.stderr[-2000:]


# slow: a load test, 8 clients for 5 s of wall on both cores; the server's answer tests stay fast
@pytest.mark.slow
def test_bounded_concurrent_load(served: str, capsys: pytest.CaptureFixture[str]) -> None:
    """8 clients for 5 s over the canned queries: zero errors; throughput and latency printed."""
    clients, seconds = 8, 5.0
    run = concurrent_load(served, [(q, bind_params(q, {})) for q in QUERIES], clients, seconds)
    errors, latencies = run.errors, run.latencies
    assert not errors, errors[:5]
    assert len(latencies) > 50
    ordered = latencies  # sorted by concurrent_load
    with capsys.disabled():
        print(
            f"\n[load] {clients} clients x {seconds:.0f} s, {len(QUERIES)} canned queries through SPARQLWrapper: "
            f"{len(latencies)} queries, {len(latencies) / seconds:.0f} queries/s, 0 errors, latency median "
            f"{statistics.median(ordered) * 1000:.1f} ms, p95 {ordered[int(0.95 * len(ordered)) - 1] * 1000:.1f} ms, "
            f"max {ordered[-1] * 1000:.1f} ms"
        )


def test_runaway_query_leaves_the_server_up_and_a_cut_off_answer_is_named(
    build_dir: Path, tmp_path: Path, free_port: Callable[[], int]
) -> None:
    """A cross product of the release (~4.7e11 rows) streams on; other clients are still answered; when the
    stream is cut (here: the server stops), `query --endpoint` says the answer was cut off, not a parse error."""
    from mscexo_ld.query import CannedQuery, QueryError

    load_oxigraph_store(build_dir / C.GRAPH_NT, tmp_path / "store")
    port = free_port()
    process = start_server(tmp_path / "store", "127.0.0.1", port, timeout_s=1)
    url = f"http://127.0.0.1:{port}/query"
    runaway = CannedQuery(
        name="runaway",
        path=tmp_path / "runaway.rq",
        title="",
        description="",
        params=(),
        text="SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    )
    failure: list[BaseException] = []

    def pull() -> None:
        try:
            run_endpoint(url, runaway, {}, timeout=60)
        except BaseException as exc:
            failure.append(exc)

    try:
        wait_until_up(url, process=process)
        puller = threading.Thread(target=pull)
        puller.start()
        time.sleep(2.0)  # past the server's 1 s timeout: the stream is still running
        q = resolve_query("mirnas-via-gene")
        started = time.perf_counter()
        assert len(run_endpoint(url, q, bind_params(q, {}), timeout=10).rows) == 3
        assert time.perf_counter() - started < 5
        assert puller.is_alive() and process.poll() is None
    finally:
        stop_process(process)
    puller.join(timeout=60)
    assert not puller.is_alive()
    assert failure and isinstance(failure[0], QueryError), failure
    assert "the answer was cut off part-way" in str(failure[0])


@pytest.fixture()
def writable_server(tmp_path: Path, free_port: Callable[[], int]) -> Iterator[str]:
    """A read-write Oxigraph server (the Graph Store Protocol target of `load`)."""
    port = free_port()
    process = start_server(tmp_path / "store", "127.0.0.1", port, timeout_s=30, read_only=False, log=tmp_path / "log")
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/query", process=process)
        yield base
    finally:
        stop_process(process)


def test_load_replaces_the_named_graph_and_verifies_the_count(
    writable_server: str, build_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, endpoint = f"{writable_server}/store", f"{writable_server}/query"
    expected = len(Graph().parse(build_dir / C.GRAPH_NT, format="nt"))
    args = ["load", "--store", store, "--endpoint", endpoint, "--build", str(build_dir)]
    assert main(args) == 0
    assert f"loaded {expected} triples into <{GRAPH_IRI}>" in capsys.readouterr().out
    assert main(args) == 0  # again: replaced, not added
    assert count_triples(endpoint, GRAPH_IRI) == expected
    assert main([*args, "--graph", "https://example.org/other"]) == 0
    assert count_triples(endpoint, GRAPH_IRI) == expected and count_triples(endpoint, None) == 0
    assert (
        main(["load", "--store", f"{writable_server}/nowhere", "--endpoint", endpoint, "--build", str(build_dir)]) == 5
    )


def test_oxigraph_store_loads_the_release(build_dir: Path, tmp_path: Path) -> None:
    load_oxigraph_store(build_dir / C.GRAPH_NT, tmp_path / "s")
    assert any((tmp_path / "s").iterdir())


def test_void_description(build_dir: Path, release_graph: Graph) -> None:
    void = Graph().parse(build_dir / "void.ttl", format="turtle")
    void_ns = "http://rdfs.org/ns/void#"
    ds = URIRef(C.DATASET_IRI)
    rdf = URIRef(f"https://w3id.org/mscexo/release/{C.VERSION}/{C.GRAPH_NT}")  # the RDF distribution (HCLS)
    assert int(str(void.value(rdf, URIRef(void_ns + "triples")))) == len(release_graph)
    assert void.value(ds, URIRef("http://purl.org/dc/terms/license")) == URIRef(C.DATA_LICENSE)
    assert void.value(URIRef(f"{C.DATASET_IRI}/{C.VERSION}"), URIRef("http://purl.org/dc/terms/source")) == URIRef(
        C.REVIEW_IRI
    )
    linksets = set(
        void.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(void_ns + "Linkset"))
    )
    assert URIRef(C.DATASET_IRI + "/linkset/HGNC-exact") in linksets
    dumps = {str(o).rsplit("/", 1)[-1] for o in void.objects(rdf, URIRef(void_ns + "dataDump"))}
    assert {"mscexo.nt", "mscexo.ttl", "mscexo.jsonld"} <= dumps
    assert void.value(rdf, URIRef(void_ns + "sparqlEndpoint")) is None  # a build advertises no (loopback) endpoint


# ----------------------------------------------------------------------------- a second store: Virtuoso

VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@pytest.fixture()
def virtuoso(tmp_path: Path, free_port: Callable[[], int]) -> Iterator[str]:
    """Debian's virtuoso-opensource-7 on free loopback ports (.ci/run installs it)."""
    import os
    import shutil

    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        if os.environ.get("MSCEXO_REQUIRE_VIRTUOSO") == "1":
            pytest.fail("MSCEXO_REQUIRE_VIRTUOSO=1 but virtuoso-t / isql-vt are not installed")
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource-7)")
    sql, http = free_port(), free_port()
    (tmp_path / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=tmp_path, sql=sql, http=http), encoding="utf-8")
    process = subprocess.Popen(
        ["virtuoso-t", "-f", "-c", str(tmp_path / "virtuoso.ini")],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{http}"
    try:
        wait_until_up(f"{base}/sparql", seconds=60, process=process)
        # Let the anonymous SPARQL user write through the (unauthenticated) graph CRUD endpoint.
        grants = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
        subprocess.run(
            ["isql-vt", f"127.0.0.1:{sql}", "dba", "dba", f"exec={grants}"], check=True, capture_output=True, timeout=60
        )
        yield base
    finally:
        stop_process(process, timeout=30)


@pytest.mark.slow
def test_load_into_virtuoso(
    virtuoso: str, build_dir: Path, embedded: ox.Store, capsys: pytest.CaptureFixture[str]
) -> None:
    store, endpoint = f"{virtuoso}/sparql-graph-crud", f"{virtuoso}/sparql"
    expected = len(Graph().parse(build_dir / C.GRAPH_NT, format="nt"))
    args = ["load", "--store", store, "--endpoint", endpoint, "--build", str(build_dir)]
    assert main(args) == 0
    assert main(args) == 0  # replaced, not added
    assert count_triples(endpoint, GRAPH_IRI) == expected
    assert f"loaded {expected} triples" in capsys.readouterr().out
    # The PTEN question, asked of Virtuoso (the graph named explicitly: Virtuoso's default graph is its union).
    q = resolve_query("mirnas-via-gene")
    params = bind_params(q, {})
    from dataclasses import replace

    in_graph = replace(q, text=q.text.replace("WHERE {", f"FROM <{GRAPH_IRI}>\nWHERE {{", 1))
    assert run_endpoint(endpoint, in_graph, params).as_tuples() == run_oxigraph(embedded, q, params).as_tuples()
    # An IRI parameter (sent as FILTER(sameTerm(...))): the same answer from Virtuoso too.
    q = resolve_query("findings-for-standard-id")
    params = bind_params(q, {})
    in_graph = replace(q, text=q.text.replace("WHERE {", f"FROM <{GRAPH_IRI}>\nWHERE {{", 1))
    assert "FILTER(sameTerm(" in bind_as_values(in_graph, params)
    local = run_oxigraph(embedded, q, params).as_tuples()
    assert local and run_endpoint(endpoint, in_graph, params).as_tuples() == local
    # A label parameter in the wrong case: the same hint (the label looked up in Virtuoso's union graph).
    q = resolve_query("mirnas-via-gene")
    params = bind_params(q, {"gene": "pten"})
    in_graph = replace(q, text=q.text.replace("WHERE {", f"FROM <{GRAPH_IRI}>\nWHERE {{", 1))
    result = run_endpoint(endpoint, in_graph, params)
    assert result.rows == [] and result.hints == ["hint: no rows for gene=pten; did you mean gene=PTEN?"]


@pytest.mark.slow
def test_serve_also_serves_the_site(tmp_path: Path, free_port: Callable[[], int]) -> None:
    out = tmp_path / "build"
    assert main(["build", "--out", str(out)]) == 0
    port, site_port = free_port(), free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mscexo_ld",
            "serve",
            "--port",
            str(port),
            "--site-port",
            str(site_port),
            "--build",
            str(out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/query", seconds=60, process=process)
        site = f"http://127.0.0.1:{site_port}/site/index.html"
        deadline = time.monotonic() + 10
        while True:
            try:
                with urllib.request.urlopen(site, timeout=5) as r:
                    page = r.read().decode("utf-8")
                break
            except urllib.error.URLError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert "mscexo" in page.lower() and "108" in page
        with urllib.request.urlopen(f"http://127.0.0.1:{site_port}/mscexo.ttl", timeout=5) as r:
            assert r.status == 200  # the site's download links resolve
    finally:
        process.send_signal(signal.SIGTERM)
        out_text, _err = process.communicate(timeout=20)
    assert (
        process.returncode == 0
        and f"site:                        http://127.0.0.1:{site_port}/site/index.html" in out_text
    )
