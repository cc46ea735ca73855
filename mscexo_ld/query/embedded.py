"""The embedded engines: the release loaded into a pyoxigraph store (and rdflib, the baseline and cross-check).

Parameters are RDF terms, never text pasted into the query: on pyoxigraph a ``VALUES`` block
placed first in the query's outer group, each term written by pyoxigraph's serialiser (as for a
remote endpoint, see ``remote``); on rdflib initial bindings of the variable of the same name.
(pyoxigraph's own ``substitutions`` give the same answers, but its optimiser does not see them:
``findings-for-standard-id`` took 4-10 ms on the release with a substitution, 0.4 ms with
``VALUES``.) A query that finds no rows gets ``Result.hints`` (see ``canned.case_hints``).

Every query on the store is guarded (``guard``): SERVICE is refused unless allowed, the answer is
read lazily and stopped at ``Limits.max_rows`` rows or ``Limits.timeout`` seconds;
``run_guarded`` also runs it in a child process that is killed at the time or memory limit.
"""

from __future__ import annotations

import functools
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from mscexo_ld.query.canned import BoundParams, CannedQuery, case_hints
from mscexo_ld.query.guard import (
    DEFAULT_LIMITS,
    Limits,
    QueryLimitError,
    refuse_service,
    run_forked,
    service_keyword,
)
from mscexo_ld.query.results import XSD_STRING, Cell, QueryError, Result, literal_cell, param_term, sort_lists
from mscexo_ld.resources import named_graphs_beside

if TYPE_CHECKING:
    from rdflib import Graph


def load_store(nt_file: Path, *, named_graphs: bool = True) -> ox.Store:
    """An in-memory pyoxigraph store holding the N-Triples file (the release: ``build/mscexo.nt``).

    The named graphs beside it (direct edges, hierarchy closure), when present and ``named_graphs``,
    go into their graphs. A query that reads no named graph (``guard.reads_named_graphs``) answers
    the same without them, and faster: their quads share predicates (``rdf:type``, ``rdfs:label``)
    with the default graph, and the store's lookups walk them too (regulators-of-gene: 2.4 ms with
    them, 1.5 ms without, on the release).
    """
    store = ox.Store()
    store.bulk_load(path=str(nt_file), format=ox.RdfFormat.N_TRIPLES)
    for quads in named_graphs_beside(nt_file) if named_graphs else ():
        store.bulk_load(path=str(quads), format=ox.RdfFormat.N_QUADS)
    return store


def _cell_from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Cell:
    if isinstance(term, ox.NamedNode):
        return Cell("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Cell("bnode", term.value)
    if isinstance(term, ox.Triple):
        raise QueryError(f"a result holds an RDF-star triple term, which is not supported: {term}")
    language = term.language
    if language:
        return Cell("literal", term.value, None, language)
    datatype = term.datatype.value
    if datatype == XSD_STRING:  # the common case, without the canonicalisation of literal_cell
        return Cell("literal", term.value)
    return literal_cell(term.value, datatype, None)


_CHECK_EVERY = 1024  # rows between two looks at the clock


def outer_group_start(text: str) -> int:
    """Index just after the '{' that opens a SELECT query's WHERE group.

    Comments, string literals and IRIs are skipped, so braces inside them do not count.

    >>> q = 'PREFIX x: <http://e/{}> # { not this\\nSELECT (GROUP_CONCAT(?a; separator="{") AS ?b) WHERE { ?s ?p ?o }'
    >>> q[outer_group_start(q):].strip()
    '?s ?p ?o }'
    """
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif c == "<" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] not in "=<":
            j = text.find(">", i)
            i = n if j < 0 else j + 1
            continue
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        elif c == "{":
            return i + 1
        i += 1
    raise QueryError("no '{' opening the query's WHERE group")


def with_values(text: str, params: BoundParams) -> str:
    """The query text with the parameters as one ``VALUES`` row first in its outer group.

    Each value is one RDF term written by pyoxigraph (quotes, braces, backslashes escaped), so a
    parameter cannot change the query.

    >>> print(with_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": ("literal", 'a"} DROP ALL')}))
    SELECT ?s WHERE { VALUES (?o) { ("a\\"} DROP ALL") } ?s ?p ?o }
    """
    if not params:
        return text
    names = sorted(params)
    terms = " ".join(str(param_term(*params[name])) for name in names)
    at = outer_group_start(text)
    return f"{text[:at]} VALUES ({' '.join('?' + n for n in names)}) {{ ({terms}) }}{text[at:]}"


def _select_oxigraph(store: ox.Store, query: CannedQuery, params: BoundParams, limits: Limits) -> Result:
    try:
        text = with_values(query.text, params)
    except QueryError as exc:  # no WHERE group to put the parameters in
        raise QueryError(f"{query.path}: {exc}") from exc
    started = time.monotonic()
    try:
        solutions = store.query(text)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError(f"{query.path}: only SELECT queries are supported as canned queries")
        variables = [v.value for v in solutions.variables]
        columns = list(enumerate(variables))
        rows = []
        for solution in solutions:  # lazily: the limits stop a long answer early
            row = {}
            for i, v in columns:
                term = solution[i]
                if term is not None:
                    row[v] = _cell_from_ox(term)
            rows.append(row)
            if len(rows) % _CHECK_EVERY == 0 or (limits.max_rows is not None and len(rows) > limits.max_rows):
                _check_limits(query, limits, len(rows), started)
    except SyntaxError as exc:
        raise QueryError(f"{query.path}: SPARQL syntax error: {exc}") from exc
    except (RuntimeError, OSError) as exc:
        raise QueryError(f"{query.path}: {exc}") from exc
    return sort_lists(Result(variables, rows), query.sorted_lists)


def _check_limits(query: CannedQuery, limits: Limits, rows: int, started: float) -> None:
    if limits.max_rows is not None and rows > limits.max_rows:
        raise QueryLimitError(
            f"{query.path}: the answer has more than {limits.max_rows} rows (--max-rows); add a LIMIT or raise it"
        )
    if limits.timeout is not None and time.monotonic() - started > limits.timeout:
        raise QueryLimitError(
            f"{query.path}: the query ran longer than the time limit of {limits.timeout:g} s (--timeout)"
        )


@functools.lru_cache(maxsize=512)
def _calls_service(text: str) -> bool:
    """Whether the query text calls a SERVICE (tokenising a query costs more than answering most: once per text)."""
    return service_keyword(text) is not None


def run_oxigraph(
    store: ox.Store,
    query: CannedQuery,
    params: BoundParams,
    *,
    allow_service: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> Result:
    """Run a SELECT query on the pyoxigraph store; an empty result carries hints on its parameters.

    In this process: SERVICE is refused (QueryLimitError) unless ``allow_service``; the rows are
    read lazily and stopped at ``limits.max_rows`` rows or ``limits.timeout`` seconds (checked
    between rows, so not while the engine computes before its first row: see ``run_guarded``).
    """
    if not allow_service and _calls_service(query.text):
        refuse_service(query.text, query.path)
    result = _select_oxigraph(store, query, params, limits)
    if not result.rows and params:
        result.hints = case_hints(params, lambda q, p: _select_oxigraph(store, q, p, limits))
    return result


def run_guarded(
    store: ox.Store,
    query: CannedQuery,
    params: BoundParams,
    *,
    allow_service: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> Result:
    """``run_oxigraph`` in a forked child, killed at ``limits.timeout`` seconds or ``limits.max_memory_mb`` MB.

    The time limit holds even while the engine computes before its first row (an ORDER BY over
    a cross product), and a query that exhausts memory ends the child, never this process.
    """
    if not allow_service:
        refuse_service(query.text, query.path)  # before the fork: refused without a child
    return run_forked(
        lambda: run_oxigraph(store, query, params, allow_service=allow_service, limits=limits), limits, where=query.path
    )


def load_rdflib(nt_file: Path, *, named_graphs: bool = True) -> Graph:
    """The release for rdflib (the baseline and cross-check), as ``load_store`` reads it for pyoxigraph.

    The N-Triples file in a Graph; with the named graphs beside it (when present and
    ``named_graphs``), a Dataset holding the N-Triples in its default graph and each named graph.
    """
    from rdflib import Dataset
    from rdflib import Graph as RdflibGraph

    graph = RdflibGraph().parse(nt_file, format="nt")
    quads = named_graphs_beside(nt_file) if named_graphs else []
    if not quads:
        return graph
    dataset = Dataset()
    for triple in graph:
        dataset.add(triple)  # into the default graph
    for path in quads:
        dataset.parse(path, format="nquads")
    return dataset


#: Canned queries rdflib cannot answer: rdflib 7.6 answers no rows when a ``GRAPH <g> { ?t skos:broader* ?a }``
#: pattern joins the default graph (checked by hand on a Dataset, with and without default_union);
#: pyoxigraph and Fuseki answer. The tests expect the failure; the benchmarks neither time nor compare it.
RDFLIB_CANNOT = frozenset({"findings-under-term"})


def _select_rdflib(graph: Graph, query: CannedQuery, params: BoundParams) -> Result:
    from rdflib import BNode, Literal, URIRef
    from rdflib.query import ResultRow

    bindings: dict[str, URIRef | Literal] = {}
    for name, (t, v) in params.items():
        bindings[name] = URIRef(v) if t == "iri" else Literal(int(v)) if t == "integer" else Literal(v)
    res = graph.query(query.text, initBindings=bindings)
    if res.type != "SELECT" or res.vars is None:
        raise QueryError(f"{query.path}: only SELECT queries are supported as canned queries")
    variables = [str(v) for v in res.vars]
    rows = []
    for r in res:
        if not isinstance(r, ResultRow):  # a SELECT answer yields ResultRows only
            continue
        row = {}
        for v in variables:
            term = r[v]
            if isinstance(term, URIRef):
                row[v] = Cell("iri", str(term))
            elif isinstance(term, BNode):
                row[v] = Cell("bnode", str(term))
            elif isinstance(term, Literal):
                row[v] = literal_cell(str(term), str(term.datatype) if term.datatype else None, term.language)
        rows.append(row)
    return sort_lists(Result(variables, rows), query.sorted_lists)


def run_rdflib(graph: Graph, query: CannedQuery, params: BoundParams) -> Result:
    """The same query on rdflib's in-memory SPARQL engine (the baseline, and a cross-check)."""
    result = _select_rdflib(graph, query, params)
    if not result.rows and params:
        result.hints = case_hints(params, lambda q, p: _select_rdflib(graph, q, p))
    return result
