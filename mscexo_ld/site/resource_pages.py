"""Pages and files for every IRI of ours: generic resource pages, each resource's RDF, the dataset, search.

- :func:`resource_rdf`: the Turtle and JSON-LD beside each page, the resource's concise bounded
  description (a finding's with its regulations and modifications, whose IRIs resolve to it);
- :func:`resource_page`: the page of a reference, a table record or any other node of ours
  without a page of its own kind: every statement about it, and what points at it;
- :func:`dataset_page`: ``id/dataset.html``, the dataset description (``void.ttl``) for people;
- :func:`structured_data`: schema.org ``Dataset`` JSON-LD (Bioschemas Dataset profile) for the home page;
- :func:`search_index` and :func:`search_page`: the static search.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from markupsafe import Markup
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, SKOS
from rdflib.term import Node

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld.query import conneg
from mscexo_ld.rdf.canonical import bound_graph, canonical, jsonld_document, turtle
from mscexo_ld.rdf.void import PAV, SPDX, VOID
from mscexo_ld.site.common import (
    BUILD_DOWNLOADS,
    ENTITY_KIND_TITLES,
    SEARCH_PAGE,
    TABLE_TITLES,
    href,
    natural_key,
    release_path,
)
from mscexo_ld.site.graph_index import FINDING_ROLES, SiteGraph
from mscexo_ld.site.model import DatasetPage, Distribution, Fact, Link, ResourcePage, SearchPage
from mscexo_ld.site.templating import frame

M = C.MSCEXO
#: Bioschemas' Dataset profile, which the home page's schema.org markup follows.
BIOSCHEMAS_DATASET = "https://bioschemas.org/profiles/Dataset/1.0-RELEASE"
KEYWORDS = (
    "mesenchymal stem cells",
    "exosomes",
    "extracellular vesicles",
    "regenerative medicine",
    "microRNA",
    "linked data",
    "knowledge graph",
)


# ----------------------------------------------------------------------------- RDF beside each page


def owned_parts(site: SiteGraph) -> dict[str, list[URIRef]]:
    """Record IRI -> the IRIs under it (``…/finding/F109/regulation/1``, ``…/quote/1#target``): they resolve to it."""
    parts: dict[str, list[URIRef]] = defaultdict(list)
    for s in set(site.g.subjects()):
        if isinstance(s, URIRef) and iris.is_ours(s):
            path = str(s)[len(C.ID_BASE) :].split("/")
            if len(path) > 2:
                parts[C.ID_BASE + "/".join(path[:2])].append(s)
    return {owner: sorted(nodes, key=str) for owner, nodes in parts.items()}


def description(site: SiteGraph, node: URIRef, parts: dict[str, list[URIRef]] | None = None) -> Graph:
    """The concise bounded description of ``node``, with those of its parts (their IRIs resolve to its page).

    The graph has the project's prefixes bound (:func:`~mscexo_ld.rdf.canonical.bound_graph`).
    """
    g = bound_graph()
    site.g.cbd(node, target_graph=g)
    for part in (parts if parts is not None else owned_parts(site)).get(str(node), []):
        site.g.cbd(part, target_graph=g)
    return g


def _context_for(graph: Graph, context: dict[str, Any]) -> dict[str, Any]:
    """The terms of ``context`` that ``graph`` uses, and every prefix: a short context embedded in each file."""
    used = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
    return {k: v for k, v in context.items() if not isinstance(v, dict) or v.get("@id") in used}


def _sorted(value: Any) -> Any:
    """Object keys and arrays sorted (a document of one node has no ``@graph`` for ``jsonld`` to sort)."""
    if isinstance(value, dict):
        return {k: (v if k in ("@context", "@list") else _sorted(v)) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return sorted((_sorted(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def canonical_jsonld(graph: Graph, context: dict[str, Any], *, is_canonical: bool = False) -> str:
    """JSON-LD of ``graph`` with the terms of ``context`` it uses, every array in a stable order."""
    doc = _sorted(jsonld_document(graph, _context_for(graph, context), is_canonical=is_canonical))
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def resource_rdf(graph: Graph, context: dict[str, Any]) -> tuple[bytes, bytes]:
    """(Turtle, JSON-LD) of a resource's description, canonical (the same graph gives the same bytes).

    ``graph`` has the project's prefixes bound, as :func:`description` returns it; one with blank
    nodes is made canonical first (:func:`~mscexo_ld.rdf.canonical.canonical`), once for both files
    (the JSON-LD writer ignores a prefix the Turtle writer may bind: the context says how IRIs are written).
    """
    has_bnodes = any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in graph)
    canon = canonical(graph) if has_bnodes else graph
    ttl = turtle(canon, is_canonical=True)
    return ttl.encode("utf-8"), canonical_jsonld(canon, context, is_canonical=True).encode("utf-8")


# ----------------------------------------------------------------------------- pages of other resources


def _kind_link(node: URIRef, current: str) -> Link:
    parsed = iris.parse(node)
    kind = parsed.kind if parsed else ""
    if kind == "reference":
        return Link("References", href("references.html", current))
    if kind == "table-record" and parsed is not None:
        table = str(parsed.key[0])
        return Link(TABLE_TITLES.get(table, table), href(f"tables.html#{table}", current))
    return Link(kind or "resource")


def resource_page(site: SiteGraph, node: URIRef, current: str) -> ResourcePage:
    """The page of ``node``: each of its properties with its values, then what points at it."""
    g = site.g
    facts: dict[Node, list[Node]] = defaultdict(list)
    for p, o in g.predicate_objects(node):
        facts[p].append(o)
    incoming: dict[Node, list[Node]] = defaultdict(list)
    for s, p in g.subject_predicates(node):
        if isinstance(s, URIRef):
            incoming[p].append(s)

    def value(o: Node) -> Link:
        if isinstance(o, Literal):
            return Link(str(o))
        return site.link(o, current)

    def order(values: list[Node]) -> list[Node]:
        return sorted(values, key=lambda o: (natural_key(site.label(o) if isinstance(o, URIRef) else str(o)), str(o)))

    def fact(p: Node, values: list[Node], label_of: bool = False) -> Fact:
        title = site.link(p, current)
        shown = [site.link(v, current, site.local(v) if label_of and site.kind_id(v) else None) for v in order(values)]
        return Fact(title, tuple(shown) if label_of else tuple(value(v) for v in order(values)))

    label = site.label(node)
    return ResourcePage(
        frame=frame(current, label, version=site.version, document=current[:-5]),
        kind_link=_kind_link(node, current),
        label=label,
        facts=tuple(fact(p, facts[p]) for p in sorted(facts, key=lambda p: (site.label(p), str(p)))),
        incoming=tuple(fact(p, incoming[p], True) for p in sorted(incoming, key=lambda p: (site.label(p), str(p)))),
        iri=str(node),
    )


def own_pages(site: SiteGraph) -> list[URIRef]:
    """Nodes of ours with a page of their own that no other template renders: references, table records …"""
    done = {*site.findings, *(n for nodes in site.entities.values() for n in nodes)}
    out = []
    for s in set(site.g.subjects()):
        if not isinstance(s, URIRef) or s in done:
            continue
        doc = conneg.document(str(s))
        # only a node whose document is its own IRI's (a part, e.g. a quote's annotation, is on its owner's)
        if doc is not None and str(s) == conneg.W3ID_ROOT + doc.path and doc.path != conneg.DATASET_DOCUMENT:
            out.append(s)
    return sorted(out, key=lambda s: natural_key(str(s)))


# ----------------------------------------------------------------------------- the dataset


def dataset_page(void: Graph, version: str) -> DatasetPage:
    """``id/dataset.html`` from the dataset description: the summary, the version and each file."""
    cur = conneg.DATASET_DOCUMENT + ".html"
    summary, current = iris.dataset(), iris.dataset_version(version)

    def links(node: Node, predicate: URIRef) -> tuple[Link, ...]:
        out = []
        for o in sorted(void.objects(node, predicate), key=str):
            out.append(Link(str(o), str(o)) if isinstance(o, URIRef) else Link(str(o)))
        return tuple(out)

    rows = (
        ("version", current, PAV.version),
        ("issued", current, DCTERMS.issued),
        ("publisher", summary, DCTERMS.publisher),
        ("licence", summary, DCTERMS.license),
        ("source", current, DCTERMS.source),
        ("conforms to", current, DCTERMS.conformsTo),
        ("version IRI", summary, PAV.hasCurrentVersion),
    )
    facts = [Fact(Link(title), links(node, p) or (Link("none (a build, not a release)"),)) for title, node, p in rows]
    rdf = iris.release_file(version, C.GRAPH_NT)
    for title, p in (("SPARQL endpoint", VOID.sparqlEndpoint), ("triples", VOID.triples)):
        if void.value(rdf, p) is not None:
            facts.append(Fact(Link(title), links(rdf, p)))
    distributions = []
    for dist in sorted(void.objects(current, DCAT.distribution), key=str):
        name = str(dist).rsplit("/", 1)[-1]
        checksum = void.value(dist, SPDX.checksum)
        download = void.value(dist, DCAT.downloadURL)
        local = download == dist  # served beside the site: link to the copy inside it
        target = href(release_path(version, name), cur) if local else str(download)
        licence = void.value(dist, DCTERMS.license)
        distributions.append(
            Distribution(
                link=Link(name, target),
                media_type=str(void.value(dist, DCAT.mediaType) or "").rsplit("media-types/", 1)[-1],
                size=f"{int(str(void.value(dist, DCAT.byteSize) or 0)):,}",
                sha256=str(void.value(checksum, SPDX.checksumValue) or "") if checksum is not None else "",
                licence=Link("CC BY 4.0" if "/by/" in str(licence) else "CC BY-NC 4.0", str(licence)),
            )
        )
    return DatasetPage(
        frame=frame(cur, "Dataset", version=version, document=conneg.DATASET_DOCUMENT),
        title=str(void.value(summary, DCTERMS.title) or "mscexo-ld"),
        description=str(void.value(summary, DCTERMS.description) or ""),
        facts=tuple(facts),
        distributions=tuple(distributions),
        iri=str(summary),
    )


def structured_data(site: SiteGraph) -> Markup:
    """schema.org ``Dataset`` (Bioschemas Dataset profile) as JSON-LD, safe inside ``<script>``.

    Its minimum properties (name, description, identifier, keywords, license, url) and the
    recommended ones we have (creator, citation, version, distribution, isAccessibleForFree).
    """
    g = site.g
    ds = iris.dataset()
    data = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "http://purl.org/dc/terms/conformsTo": {"@id": BIOSCHEMAS_DATASET, "@type": "CreativeWork"},
        "@id": str(ds),
        "name": str(g.value(ds, DCTERMS.title) or "mscexo-ld"),
        "description": (
            "Every experimental result that a review of mesenchymal stem cell-derived exosomes (Ma et al., "
            "World J Stem Cells 2020) attributes to a cited study, as linked data: MSC source, cargo, molecular "
            "targets and their direction, pathways, models, condition, outcomes, reference and the verbatim "
            "evidence sentence, with standard identifiers."
        ),
        "identifier": str(ds),
        "url": conneg.W3ID_ROOT,
        "keywords": list(KEYWORDS),
        "license": C.DATA_LICENSE,
        "isAccessibleForFree": True,
        "version": site.version,
        "creator": {"@type": "Organization", "name": "mscexo-ld developers", "url": conneg.W3ID_ROOT},
        "citation": f"https://doi.org/{C.REVIEW_DOI}",
        "isBasedOn": f"https://doi.org/{C.REVIEW_DOI}",
        "distribution": [
            {
                "@type": "DataDownload",
                "name": name,
                "contentUrl": str(iris.release_file(site.version, name)),
                "encodingFormat": kind,
            }
            for name, kind in (
                (C.GRAPH_TTL, "text/turtle"),
                (C.GRAPH_NT, "application/n-triples"),
                (C.GRAPH_JSONLD, "application/ld+json"),
            )
            if name in site.downloads or name in BUILD_DOWNLOADS
        ],
    }
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True)
    # Nothing in it can end the <script> element or start markup: <, > and & become \u escapes.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # escaped above for the <script> context


# ----------------------------------------------------------------------------- search


def search_index(site: SiteGraph) -> bytes:
    """``search-index.js``: one entry per entity and finding, ``[label, kind, page, more text]``.

    A finding's text holds its statement and the labels (and other names) of everything it
    involves, so that "PTEN" finds the gene and every finding that acts on it.
    """
    g = site.g
    entries: list[list[str]] = []
    for kind, title in ENTITY_KIND_TITLES.items():
        for node in site.entities.get(kind, []):
            names = [*site.texts(node, SKOS.altLabel), *(i.link.text for i in site.identifiers(node))]
            entries.append([site.label(node), title.split(" (")[0].lower(), site.page_of(node) or "", " ".join(names)])
    for f in site.findings:
        involved: list[str] = []
        for predicate, _role, _title in FINDING_ROLES:
            involved += [site.label(o) for o in site.objects(f, predicate)]
        for r in site.regulations(f):
            involved += [site.label(g.value(r, M.regulator)), site.label(g.value(r, M.regulated))]
        for m in site.modifications(f):
            involved += [site.label(a) for a in g.objects(m, M.modificationAgent)]
        refs = [f"[{g.value(r, M.referenceNumber)}]" for r in g.objects(f, M.reportedIn)]
        text = " ".join([site.label(f), *sorted(set(involved)), *sorted(refs)])
        entries.append([f"{site.local(f)}: {site.label(f)}", "finding", site.page_of(f) or "", text])
    body = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    return f"window.MSCEXO_SEARCH = {body};\n".encode()


def search_page(site: SiteGraph) -> SearchPage:
    """``search.html``: filled by the search script; without it, the lists to browse."""
    cur = SEARCH_PAGE
    return SearchPage(
        frame=frame(cur, "Search", version=site.version),
        lists=(
            Link(f"All {len(site.findings)} findings, by organ system", href("findings.html", cur)),
            Link("All entities, by kind", href("entities.html", cur)),
            Link("All references", href("references.html", cur)),
            Link("The review's tables", href("tables.html", cur)),
        ),
    )


__all__ = [
    "dataset_page",
    "description",
    "own_pages",
    "resource_page",
    "resource_rdf",
    "search_index",
    "search_page",
    "structured_data",
]
