"""The view model of ``queries.html``: every canned query of ``queries/``, answered on the release."""

from __future__ import annotations

from rdflib import URIRef

from mscexo_ld import constants as C
from mscexo_ld.site.graph_index import SiteGraph
from mscexo_ld.site.model import Link, QueriesPage, QueryParam, QueryView
from mscexo_ld.site.templating import frame

M = C.MSCEXO


def _shown(iri: str) -> str:
    """How an IRI in an answer is shown: our ids without the base, ontology terms as ``mscexo:``, else a CURIE."""
    if iri.startswith(C.ID_BASE):
        return iri[len(C.ID_BASE) :]
    if iri.startswith(str(M)):
        return "mscexo:" + iri[len(str(M)) :]
    return C.compress_iri(iri) or iri


def queries_page(site: SiteGraph, ntriples: str | None = None) -> QueriesPage:
    """Each canned query with its parameters, SPARQL text and answer (with the default parameters).

    ``ntriples``: the graph's canonical sorted N-Triples (made here when not given).
    """
    import pyoxigraph as ox

    from mscexo_ld.query import QueryError, bind_params, list_queries, run_oxigraph
    from mscexo_ld.rdf.canonical import sorted_ntriples

    cur = "queries.html"
    store = ox.Store()
    text = sorted_ntriples(site.g) if ntriples is None else ntriples
    store.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    views = []
    for q in list_queries():
        params = tuple(QueryParam(p.name, p.type, p.default or "", p.description) for p in q.params)
        try:
            result = run_oxigraph(store, q, bind_params(q, {}))
        except QueryError as exc:
            views.append(QueryView(q.name, q.title, q.description, params, q.text, str(exc), (), ()))
            continue
        rows = []
        for row in result.rows:
            cells: list[Link | None] = []
            for v in result.variables:
                cell = row.get(v)
                if cell is None:
                    cells.append(None)
                elif cell.kind == "iri":
                    cells.append(site.link(URIRef(cell.value), cur, _shown(cell.value)))
                else:
                    cells.append(Link(cell.value))
            rows.append(tuple(cells))
        views.append(
            QueryView(q.name, q.title, q.description, params, q.text, None, tuple(result.variables), tuple(rows))
        )
    return QueriesPage(frame(cur, "Queries", version=site.version, section=cur), tuple(views))
