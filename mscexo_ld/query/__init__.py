"""The query stage: canned and ad-hoc SPARQL queries on the embedded store or any endpoint, and the server.

- ``canned``: query files (``queries/*.rq`` and ad-hoc .rq files): header, listing, parameters, names;
- ``embedded``: the release in a pyoxigraph store (and rdflib as the cross-check), parameters as RDF terms;
- ``remote``: any SPARQL endpoint through SPARQLWrapper, and loading through the Graph Store Protocol;
- ``results``: engine-neutral cells and results, sorted list columns, the output formats;
- ``serve``: the read-only Oxigraph server for the release.
"""

from __future__ import annotations

from mscexo_ld.query.canned import (
    BoundParams,
    CannedQuery,
    Param,
    bind_params,
    case_hints,
    list_queries,
    parse_query_file,
    resolve_query,
)
from mscexo_ld.query.embedded import load_store, run_oxigraph, run_rdflib
from mscexo_ld.query.remote import bind_as_values, count_triples, put_graph, run_endpoint
from mscexo_ld.query.results import Cell, QueryError, Result, format_result
from mscexo_ld.query.serve import serve

__all__ = [
    "BoundParams",
    "CannedQuery",
    "Cell",
    "Param",
    "QueryError",
    "Result",
    "bind_as_values",
    "bind_params",
    "case_hints",
    "count_triples",
    "format_result",
    "list_queries",
    "load_store",
    "parse_query_file",
    "put_graph",
    "resolve_query",
    "run_endpoint",
    "run_oxigraph",
    "run_rdflib",
    "serve",
]
