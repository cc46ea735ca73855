"""No network or file egress: SERVICE on the embedded store, JSON-LD contexts and XML entities in `validate --data`.

Every attack is aimed at a real loopback listener that records each connection attempt: a refused
attack must leave it at 0 connections, and the same attack allowed (``--allow-service``) must reach
it, so each test would fail if the guard let the request through.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

import mscexo_ld
from mscexo_ld import constants as C
from mscexo_ld import pipeline
from mscexo_ld.query import QueryError, bind_params, list_queries, run_oxigraph
from mscexo_ld.query.canned import CannedQuery
from mscexo_ld.query.guard import QueryLimitError, service_keyword
from mscexo_ld.validate.inputs import read_into, read_store
from mscexo_ld.validate.shacl import read_turbo_data


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection and hangs up at once."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = int(self.sock.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections = 0
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mscexo_ld", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    lines = done.stderr.strip().splitlines()
    assert "Traceback" not in done.stderr
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def adhoc(text: str, name: str = "adhoc.rq") -> CannedQuery:
    return CannedQuery(name, Path(name), name, "", (), text)


@pytest.fixture(scope="module")
def one_triple() -> ox.Store:
    """A few triples, so that each pattern before a SERVICE has a row to join with."""
    store = ox.Store()
    ex = ox.NamedNode("http://example.org/a")
    objects = ["http://example.org/a", "http://example.org/", "http://example.org/a#x", "http://example.org/a#"]
    for o in objects:
        store.add(ox.Quad(ex, ex, ox.NamedNode(o)))
    store.add(ox.Quad(ex, ex, ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))))
    return store


# ----------------------------------------------------------------------------- SERVICE


def test_cli_refuses_service_and_connects_to_nothing(listener: Listener, tmp_path: Path, build_dir: Path) -> None:
    rq = tmp_path / "federated.rq"
    rq.write_text(f"SELECT * WHERE {{ service <{listener.url}> {{ ?s ?p ?o }} }}\n", encoding="utf-8")
    done = cli("query", str(rq), "--build", str(build_dir))
    assert done.returncode == 2
    line = one_line_error(done)
    assert "SERVICE" in line and "refused" in line and str(rq) in line
    assert done.stdout == ""
    time.sleep(0.2)
    assert listener.connections == 0


def test_cli_allow_service_reaches_the_listener(listener: Listener, tmp_path: Path, build_dir: Path) -> None:
    rq = tmp_path / "federated.rq"
    rq.write_text(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}\n", encoding="utf-8")
    done = cli("query", str(rq), "--build", str(build_dir), "--allow-service")
    assert listener.connections >= 1
    assert done.returncode == 2  # the listener hangs up: a one-line error, not a traceback
    one_line_error(done)


def test_cli_service_to_a_file_is_refused_without_traceback(tmp_path: Path, build_dir: Path) -> None:
    rq = tmp_path / "passwd.rq"
    rq.write_text("SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }\n", encoding="utf-8")
    done = cli("query", str(rq), "--build", str(build_dir))
    assert done.returncode == 2
    assert "SERVICE" in one_line_error(done)
    allowed = cli("query", str(rq), "--build", str(build_dir), "--allow-service")
    assert allowed.returncode == 2
    one_line_error(allowed)


def test_api_refuses_service(listener: Listener, tmp_path: Path, store: ox.Store) -> None:
    rq = tmp_path / "federated.rq"
    rq.write_text(f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}\n", encoding="utf-8")
    with pytest.raises(QueryError, match="SERVICE"):
        mscexo_ld.query(rq, store=store)
    query, bound = pipeline.prepare_query(rq, {})
    with pytest.raises(QueryLimitError, match="SERVICE"):
        pipeline.run_query(query, bound, store=store)
    assert listener.connections == 0
    result = pipeline.run_query(query, bound, store=store, allow_service=True)  # SILENT: an empty answer
    assert listener.connections >= 1
    assert result.rows in ([], [{}])


# Each text, with <U> the listener's URL: does oxigraph call U (True), or is SERVICE only mentioned (False)?
ATTACKS = [
    "SELECT * { SERVICE <U> { ?s ?p ?o } }",
    "select * { service silent <U> { ?s ?p ?o } }",
    "SELECT * { SeRvIcE<U>{?s ?p ?o} }",
    "PREFIX : <U> SELECT * { SERVICE:x { ?s ?p ?o } }",
    "PREFIX service: <U> SELECT * { SERVICE service:x { ?s ?p ?o } }",
    "SELECT * { SERVICE#comment\n<U> { ?s ?p ?o } }",
    'SELECT * { ?a ?b ?c FILTER("0"<"x>")SERVICE<U>{?s ?p ?o} }',
    "SELECT * { ?a ?b ?c BIND(1 AS ?d) FILTER(0<?d)SERVICE<U>{?s ?p ?o} }",
    "SELECT * { ?a ?b ?c . FILTER('0'<'a>')SERVICE<U>{?s ?p ?o} }",
    "PREFIX : <U> SELECT * { ?a ?b ?c BIND(1 AS ?d) FILTER(0<?d)SERVICE:x#>\n{?s ?p ?o} }",
    "PREFIX ex: <http://example.org/> SELECT * { ?a ?b ex:.SERVICE<U>{?s ?p ?o} }",
    "SELECT * { ?a ?b <http://example.org/a#x> SERVICE <U> { ?s ?p ?o } }",
    "SELECT * { ?a ?b <http://example.org/a\\u0023> SERVICE <U> { ?s ?p ?o } }",
    "SELECT * { { ?a ?b ?c } UNION { SERVICE <U> { ?s ?p ?o } } }",
    "SELECT * { ?a ?b ?c OPTIONAL { SERVICE <U> { ?s ?p ?o } } }",
    "SELECT * { ?a ?b ?c . { SELECT * { SERVICE <U> { ?s ?p ?o } } } }",
    "SELECT * { ?a ?b ?c FILTER EXISTS { SERVICE <U> { ?s ?p ?o } } }",
    "SELECT * { ?a ?b true . SERVICE <U> { ?s ?p ?o } }",
]
MENTIONS = [
    'SELECT ("SERVICE <U> { ?s ?p ?o }" AS ?x) {}',
    "SELECT ('''\nSERVICE <U> {}\n''' AS ?x) {}",
    "# SERVICE <U> { ?s ?p ?o }\nSELECT * { ?s ?p ?o }",
    "SELECT ?service { ?service ?p <http://example.org/service> }",
    "PREFIX ex: <http://example.org/> SELECT * { ?s ex:service ?o }",
    'SELECT * { ?s ?p "SERVICE"@en }',
    "SELECT * { ?s ?p ?o FILTER(?o != <http://example.org/service/x>) }",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_every_service_form_is_refused_and_is_a_real_call(text: str, one_triple: ox.Store) -> None:
    listener = Listener()
    try:
        query = adhoc(text.replace("<U>", f"<{listener.url}>"))
        with pytest.raises(QueryLimitError, match="SERVICE"):
            run_oxigraph(one_triple, query, {})
        time.sleep(0.05)
        assert listener.connections == 0
        with contextlib.suppress(QueryError):  # allowed, oxigraph calls the listener, which hangs up
            run_oxigraph(one_triple, query, {}, allow_service=True)
        assert listener.connections >= 1, "not an attack: oxigraph did not call the listener"
    finally:
        listener.close()


@pytest.mark.parametrize("text", MENTIONS)
def test_service_in_a_string_comment_iri_or_name_is_not_refused(text: str, one_triple: ox.Store) -> None:
    listener = Listener()
    try:
        assert service_keyword(text.replace("<U>", f"<{listener.url}>")) is None
        run_oxigraph(one_triple, adhoc(text.replace("<U>", f"<{listener.url}>")), {})
        assert listener.connections == 0
    finally:
        listener.close()


def test_no_canned_query_is_refused(store: ox.Store) -> None:
    queries = list_queries()
    assert len(queries) >= 40
    for q in queries:
        assert service_keyword(q.text) is None, q.name
        run_oxigraph(store, q, bind_params(q, {}))


def test_rdflib_agrees_on_the_attacks_it_parses() -> None:
    """A cross-check with another SPARQL parser: every attack rdflib parses holds a ServiceGraphPattern."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    parsed = 0
    for text in ATTACKS + MENTIONS:
        try:
            algebra = repr(translateQuery(parseQuery(text.replace("<U>", "<http://127.0.0.1:9/>"))).algebra)
        except Exception:  # rdflib's grammar differs from oxigraph's on a few of these
            continue
        parsed += 1
        assert ("ServiceGraphPattern" in algebra) == (text in ATTACKS), text
    assert parsed >= len(MENTIONS)


# ----------------------------------------------------------------------------- validate --data


def _validate(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return cli("validate", "--data", str(path), "--checks", "shacl", *extra, timeout=120)


@pytest.mark.parametrize(
    "context",
    [
        "URL",
        ["URL"],
        [{"ex": "http://example.org/"}, "URL"],
        {"@import": "URL"},
        "file:///etc/passwd",
    ],
    ids=["string", "list", "mixed-list", "import", "file"],
)
def test_jsonld_remote_context_is_not_fetched(
    context: object, listener: Listener, tmp_path: Path, build_dir: Path
) -> None:
    import json

    text = json.dumps(context).replace("URL", listener.url)
    path = tmp_path / "remote-context.jsonld"
    path.write_text(
        f'{{"@context": {text}, "@id": "http://example.org/x", "http://example.org/p": "v"}}', encoding="utf-8"
    )
    done = _validate(path)
    assert done.returncode == 1
    line = one_line_error(done)
    assert str(path) in line and "context" in line and "refused" in line
    with pytest.raises(ValueError, match="context"):
        read_store([path])
    with pytest.raises(ValueError, match="context"):
        read_turbo_data([path])
    time.sleep(0.2)
    assert listener.connections == 0


def test_jsonld_scoped_remote_context_is_not_fetched(listener: Listener, tmp_path: Path) -> None:
    from rdflib import Graph

    path = tmp_path / "scoped.jsonld"
    path.write_text(
        '{"@context": {"p": {"@id": "http://example.org/p", "@context": "' + listener.url + '"}},'
        ' "@id": "http://example.org/x", "p": {"@id": "http://example.org/y"}}',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="context"):
        read_into(Graph(), path)
    assert listener.connections == 0


def test_jsonld_inline_context_still_reads(tmp_path: Path) -> None:
    from rdflib import Graph

    path = tmp_path / "inline.jsonld"
    path.write_text(
        '{"@context": {"ex": "http://example.org/"}, "@id": "ex:x", "ex:p": "v"}',
        encoding="utf-8",
    )
    graph = Graph()
    read_into(graph, path)
    assert len(graph) == 1


def _rdfxml(doctype: str) -> str:
    return (
        f'<?xml version="1.0"?>\n{doctype}\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
        '  <rdf:Description rdf:about="http://example.org/x"><ex:p>&x;</ex:p></rdf:Description>\n'
        "</rdf:RDF>\n"
    )


@pytest.mark.parametrize("target", ["file:///etc/passwd", "URL"], ids=["file", "http"])
def test_rdfxml_external_entity_is_not_resolved(
    target: str, listener: Listener, tmp_path: Path, build_dir: Path
) -> None:
    path = tmp_path / "xxe.rdf"
    path.write_text(
        _rdfxml(f'<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "{target.replace("URL", listener.url)}">]>'), encoding="utf-8"
    )
    done = _validate(path)
    assert done.returncode == 1
    line = one_line_error(done)
    assert str(path) in line and "entity" in line and "refused" in line
    assert "root:" not in done.stdout + done.stderr
    time.sleep(0.2)
    assert listener.connections == 0


def test_rdfxml_external_dtd_is_not_fetched(listener: Listener, tmp_path: Path) -> None:
    from rdflib import Graph

    path = tmp_path / "dtd.rdf"
    path.write_text(_rdfxml(f'<!DOCTYPE rdf:RDF SYSTEM "{listener.url}">').replace("&x;", "v"), encoding="utf-8")
    with pytest.raises(ValueError, match="external DTD"):
        read_into(Graph(), path)
    assert listener.connections == 0


def test_rdfxml_billion_laughs_is_refused_fast(tmp_path: Path, build_dir: Path) -> None:
    entities = ['<!ENTITY x0 "lol lol lol lol lol lol lol lol lol lol">']
    entities += [f'<!ENTITY x{i} "{f"&x{i - 1};" * 10}">' for i in range(1, 10)]
    doctype = "<!DOCTYPE rdf:RDF [\n" + "\n".join(entities) + '\n<!ENTITY x "&x9;">\n]>'
    path = tmp_path / "laughs.rdf"
    path.write_text(_rdfxml(doctype), encoding="utf-8")
    assert path.stat().st_size < 1500
    started = time.perf_counter()
    done = _validate(path)  # on rdflib unguarded: more than 120 s of CPU
    seconds = time.perf_counter() - started
    print(f"billion laughs ({path.stat().st_size} bytes) refused in {seconds:.2f} s")
    assert seconds < 10
    assert done.returncode == 1
    assert "entity" in one_line_error(done)


def test_rdfxml_without_declarations_still_reads(tmp_path: Path) -> None:
    from rdflib import Graph

    path = tmp_path / "plain.rdf"
    path.write_text(_rdfxml("").replace("&x;", "v"), encoding="utf-8")
    graph = Graph()
    read_into(graph, path)
    assert len(graph) == 1
    assert len(read_store([path])) == 1


def test_the_release_jsonld_still_reads(build_dir: Path) -> None:
    from rdflib import Graph

    graph = Graph()
    read_into(graph, build_dir / C.GRAPH_JSONLD)
    assert len(graph) > 1000
