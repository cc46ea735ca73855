"""Any SPARQL endpoint over HTTP: canned queries through SPARQLWrapper, and loading the
release into a SPARQL 1.1 Graph Store Protocol endpoint.

Parameters reach a remote endpoint in the query's outer group, each value written as an RDF
term by pyoxigraph's serialiser (quotes, braces and backslashes escaped), so a parameter value
cannot change the query; on the embedded store they are SPARQL substitutions. An IRI
parameter whose variable every solution of the outer group binds (it occurs in a required
triple pattern) travels as ``FILTER(sameTerm(?v, <iri>))``: the same answers as a binding, and
optimisers push it into the pattern (measured at 1M triples in Oxigraph: 0.8 s where a
``VALUES`` block took 12 s). Any other parameter travels as a ``VALUES`` block placed first in
the group, which binds the variable across the whole group, FILTERs included. (Literals stay
in ``VALUES``: Virtuoso 7.2 finds no match for ``sameTerm(?v, "PTEN")`` on a stored "PTEN".)
"""

from __future__ import annotations

import base64
import http.client
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper

from mscexo_ld.query.canned import BoundParams, CannedQuery, case_hints
from mscexo_ld.query.embedded import outer_group_start
from mscexo_ld.query.results import QueryError, Result, param_term, result_from_json

#: rdflib's SPARQL parser (pyparsing) is not thread-safe on its first parses: parse actions first run
#: by several threads at once learn a wrong arity, and every later parse in the process fails with a
#: TypeError (``concurrent_load``'s clients did that). One parse at a time; the GIL serialises them anyway.
_RDFLIB_PARSE = threading.Lock()


def certainly_bound(text: str) -> set[str]:
    """Variables that every solution of a SELECT query's WHERE group binds (empty if unsure).

    Read from rdflib's SPARQL algebra: a variable of a required triple pattern is bound; one
    only under OPTIONAL, MINUS, a sub-select, VALUES or one side of a UNION is not.

    >>> sorted(certainly_bound('SELECT * WHERE { ?a <p> ?b OPTIONAL { ?b <q> ?c } }'))
    ['a', 'b']
    >>> sorted(certainly_bound('SELECT * WHERE { { ?a <p> ?b } UNION { ?a <q> ?c } FILTER(?c != 1) }'))
    ['a']
    >>> sorted(certainly_bound('SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a <p> ?b MINUS { ?a <q> ?d } } GROUP BY ?a'))
    ['a', 'b']
    >>> sorted(certainly_bound('SELECT * WHERE { { SELECT ?a WHERE { ?a <p> ?b } } }'))
    []
    """
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import Variable

    def bound(node: Any) -> set[str]:
        name = getattr(node, "name", None)
        if name == "BGP":
            return {str(t) for triple in node.triples for t in triple if isinstance(t, Variable)}
        if name == "Join":
            return bound(node.p1) | bound(node.p2)
        if name in ("LeftJoin", "Minus"):
            return bound(node.p1)
        if name == "Union":
            return bound(node.p1) & bound(node.p2)
        if name in ("Filter", "Extend", "Graph"):
            return bound(node.p)
        return set()  # sub-selects, VALUES, services, anything unknown: not certain

    try:
        with _RDFLIB_PARSE:
            node = prepareQuery(text).algebra
    except Exception:
        return set()
    if getattr(node, "name", None) != "SelectQuery":
        return set()
    node = node.p
    # Down through the solution modifiers to the WHERE group. A BIND or FILTER of the group
    # itself is passed the same way bound() would pass it; a sub-select (ToMultiSet) stops.
    while getattr(node, "name", None) in (
        "Project",
        "Distinct",
        "Reduced",
        "Slice",
        "OrderBy",
        "AggregateJoin",
        "Group",
        "Extend",
        "Filter",
    ):
        node = node.p
    return bound(node)


def bind_as_values(query: CannedQuery, params: BoundParams) -> str:
    """The query text with its parameters bound in the outer group (see the module's docstring)."""
    if not params:
        return query.text
    # IRIs only: Virtuoso 7.2 answers FILTER(sameTerm(?v, "PTEN")) with nothing for a stored "PTEN".
    iris = {name for name, (kind, _value) in params.items() if kind == "iri"}
    filtered = sorted(iris & certainly_bound(query.text))
    names = sorted(set(params) - set(filtered))
    block = "\n"
    if names:
        terms = " ".join(str(param_term(*params[name])) for name in names)
        block += f"  VALUES ({' '.join('?' + n for n in names)}) {{ ({terms}) }}\n"
    for name in filtered:
        block += f"  FILTER(sameTerm(?{name}, {param_term(*params[name])}))\n"
    at = outer_group_start(query.text)
    return query.text[:at] + block + query.text[at:]


def run_endpoint(url: str, query: CannedQuery, params: BoundParams, *, timeout: float = 60.0) -> Result:
    """Run a canned SELECT query on a SPARQL endpoint through SPARQLWrapper.

    An empty result carries hints on its parameters (``canned.case_hints``), asked of the same endpoint.
    """
    result = _select_endpoint(url, query, params, timeout=timeout)
    if not result.rows and params:
        result.hints = case_hints(params, lambda q, p: _select_endpoint(url, q, p, timeout=timeout))
    return result


def _select_endpoint(url: str, query: CannedQuery, params: BoundParams, *, timeout: float) -> Result:
    client = SPARQLWrapper(url)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(int(timeout))
    client.setQuery(bind_as_values(query, params))
    # SPARQLWrapper guesses the query type from keywords and can take a header comment's
    # "loading" for LOAD (an update); canned queries are SELECT queries.
    client.queryType = SELECT
    try:
        doc: Any = client.queryAndConvert()
    except (http.client.IncompleteRead, json.JSONDecodeError) as exc:
        # Oxigraph streams results: when its --timeout-s strikes mid-stream, or the connection
        # drops, the answer is HTTP 200 with a body that stops part-way.
        raise QueryError(
            f"{url}: the answer was cut off part-way ({type(exc).__name__}: {str(exc)[:120]}); "
            "the server most likely hit its query timeout while sending the result, or the "
            "connection dropped. Narrow the query (LIMIT, more specific patterns) or ask the "
            "server's operator for a longer timeout"
        ) from exc
    except Exception as exc:
        raise QueryError(f"{url}: {type(exc).__name__}: {exc}") from exc
    return result_from_json(doc, query.sorted_lists)


@dataclass
class LoadRun:
    """What ``concurrent_load`` saw: sorted latencies (s) of the answered queries, the errors, wall time."""

    latencies: list[float]
    errors: list[str]
    wall: float


def concurrent_load(
    url: str,
    jobs: list[tuple[CannedQuery, BoundParams]],
    clients: int,
    seconds: float,
    *,
    timeout: float = 10.0,
) -> LoadRun:
    """``clients`` threads, each cycling through ``jobs`` (from a different start) for ``seconds``."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(k: int) -> None:
        i = k
        while time.monotonic() < deadline:
            q, params = jobs[i % len(jobs)]
            started = time.perf_counter()
            try:
                run_endpoint(url, q, params, timeout=timeout)
                with lock:
                    latencies.append(time.perf_counter() - started)
            except Exception as exc:
                with lock:
                    errors.append(f"{q.name}: {exc}")
            i += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 2 * timeout + 30)
    return LoadRun(sorted(latencies), errors, time.perf_counter() - started)


def count_triples(url: str, graph: str | None, *, timeout: float = 60.0) -> int:
    """The number of triples in one graph (or the default graph) of a SPARQL endpoint."""
    client = SPARQLWrapper(url)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(int(timeout))
    pattern = f"GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    client.setQuery(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    doc: Any = client.queryAndConvert()
    return int(doc["results"]["bindings"][0]["n"]["value"])


def put_graph(
    store_url: str, graph: str | None, nt_file: Path, *, auth: str | None = None, timeout: float = 300.0
) -> int:
    """Replace one graph of a Graph Store Protocol endpoint with the file, in one PUT request."""
    from urllib.parse import quote

    target = store_url + ("&" if "?" in store_url else "?") + (f"graph={quote(graph, safe='')}" if graph else "default")
    request = urllib.request.Request(
        target, data=nt_file.read_bytes(), method="PUT", headers={"Content-Type": "application/n-triples"}
    )
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        raise QueryError(
            f"PUT {target}: HTTP {exc.code} {exc.reason}: {exc.read()[:500].decode(errors='replace')}"
        ) from exc
    except urllib.error.URLError as exc:
        raise QueryError(f"PUT {target}: {exc.reason}") from exc
