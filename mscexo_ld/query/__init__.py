"""The query stage: canned and ad-hoc SPARQL queries on the embedded store or any endpoint, and the server.

- ``canned``: query files (``queries/*.rq`` and ad-hoc .rq files): header, listing, parameters, names;
- ``embedded``: the release in a pyoxigraph store (and rdflib as the cross-check), parameters as RDF terms;
- ``remote``: any SPARQL endpoint through SPARQLWrapper, and loading through the Graph Store Protocol;
- ``results``: engine-neutral cells and results, sorted list columns, the output formats;
- ``serve``: the read-only Oxigraph server for the release.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


# The stage's entry points, imported on first use: ``import mscexo_ld`` (which imports this package
# so that ``mscexo_ld.query`` can be the API function) must not load pyoxigraph or SPARQLWrapper.
_LAZY = {
    "BoundParams": "mscexo_ld.query.canned",
    "CannedQuery": "mscexo_ld.query.canned",
    "Cell": "mscexo_ld.query.results",
    "Param": "mscexo_ld.query.canned",
    "QueryError": "mscexo_ld.query.results",
    "Result": "mscexo_ld.query.results",
    "bind_as_values": "mscexo_ld.query.remote",
    "bind_params": "mscexo_ld.query.canned",
    "case_hints": "mscexo_ld.query.canned",
    "count_triples": "mscexo_ld.query.remote",
    "format_result": "mscexo_ld.query.results",
    "list_queries": "mscexo_ld.query.canned",
    "load_store": "mscexo_ld.query.embedded",
    "parse_query_file": "mscexo_ld.query.canned",
    "put_graph": "mscexo_ld.query.remote",
    "resolve_query": "mscexo_ld.query.canned",
    "run_endpoint": "mscexo_ld.query.remote",
    "run_oxigraph": "mscexo_ld.query.embedded",
    "run_rdflib": "mscexo_ld.query.embedded",
    "serve": "mscexo_ld.query.serve",
}

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


def __getattr__(name: str) -> Any:
    """An entry point of the stage, imported from its module on first use."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'mscexo_ld.query' has no attribute {name!r}")
