"""The browsable publication: a static HTML site of the release (``build/site/``).

The site mirrors the IRI scheme: the page of ``https://w3id.org/mscexo/{path}`` is
``{path}.html``, with the resource's description as ``{path}.ttl`` and ``{path}.jsonld`` beside
it (:func:`mscexo_ld.query.conneg.document`), so that the w3id redirect rules and ``serve`` map
each IRI onto a file by content negotiation. ``site_files(graph)`` renders, from the release
graph alone (plus the canned queries of ``queries/``), every page as ``{relative path: bytes}``:

- ``index.html``: what the dataset is, counts, a heat map of findings by organ system and MSC
  source (``findings-heatmap.svg``, drawn with matplotlib), how to cite, downloads, licence, and
  schema.org ``Dataset`` markup (Bioschemas profile);
- ``findings.html`` and ``id/finding/<id>.html``: one page per finding;
- ``entities.html`` and ``id/<kind>/<id>.html``: one page per entity, with every finding that
  involves it (species, NCBITaxon's IRIs, on ``species/NCBITaxon_<n>.html``);
- ``references.html``, ``tables.html`` and ``id/reference/<n>.html``, ``id/<table kind>/<id>.html``;
- ``queries.html``: every canned query with its SPARQL text and its answer;
- ``search.html``, ``search.js`` and ``search-index.js``: the search box of every page;
- ``site.css`` (the package's ``static/style.css``) and ``.htaccess`` (media types, for Apache).

:func:`release_site_files` adds what is made from the release files: their copies in
``release/X.Y.Z/`` (the download links, relative, work when ``site/`` is deployed alone), with
every earlier release and ``releases.html`` listing them, the dataset description
(``id/dataset.*``) and the ontology (``ontology.ttl``, ``.owl``, ``.jsonld``).

How a page is made: :class:`~mscexo_ld.site.graph_index.SiteGraph` indexes the graph;
:mod:`~mscexo_ld.site.pages`, :mod:`~mscexo_ld.site.resource_pages` (and
:mod:`~mscexo_ld.site.queries_page`) compute each page's view model, plain data defined in
:mod:`~mscexo_ld.site.model`; :func:`~mscexo_ld.site.templating.render` fills
``templates/<page>.html`` (Jinja2, autoescape on) with it.

Every value is escaped by the templates; everything is sorted and free of timestamps (the same
graph gives byte-identical files); links are relative, so the site works from ``file://`` and
from any server path; the only script is the optional search box (``search.js``).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Mapping
from pathlib import Path

from rdflib import Graph, URIRef

from mscexo_ld import constants as C
from mscexo_ld.query import conneg
from mscexo_ld.query.conneg import ONTOLOGY_DOCUMENT
from mscexo_ld.rdf.canonical import sorted_ntriples
from mscexo_ld.rdf.serialize import jsonld_context
from mscexo_ld.rdf.void import VOID_FILE
from mscexo_ld.rdf.write import replace_folder
from mscexo_ld.site.common import (
    BUILD_DOWNLOADS,
    CSS_FILE,
    DOWNLOAD_INFO,
    ENTITY_KIND_TITLES,
    FIGURE_FILE,
    NOT_STATED,
    ONTOLOGY_PAGE,
    SEARCH_INDEX,
    SEARCH_PAGE,
    SEARCH_SCRIPT,
    SITE_DIR,
    href,
    natural_key,
)
from mscexo_ld.site.graph_index import SiteGraph
from mscexo_ld.site.heatmap import heatmap_svg
from mscexo_ld.site.pages import (
    entities_index,
    entity_page,
    finding_page,
    findings_index,
    home_page,
    page_path,
    references_page,
    tables_page,
)
from mscexo_ld.site.queries_page import queries_page
from mscexo_ld.site.quote_context import quote_excerpts
from mscexo_ld.site.releases import releases_files
from mscexo_ld.site.resource_pages import (
    canonical_jsonld,
    dataset_page,
    description,
    own_pages,
    owned_parts,
    resource_page,
    resource_rdf,
    search_index,
    search_page,
)
from mscexo_ld.site.templating import render, static, stylesheet

#: The site's own Apache settings (used where it is served by Apache httpd: media types of the RDF files).
HTACCESS = ".htaccess"
HTACCESS_TEXT = """# mscexo-ld site: media types of the RDF files (Apache httpd, AllowOverride FileInfo)
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/rdf+xml .owl
AddType application/n-triples .nt
AddType application/trig .trig
AddType application/n-quads .nq
AddType text/tab-separated-values .tsv
AddCharset utf-8 .html .ttl .jsonld .owl .nt .nq .trig .tsv .md .js .css
"""

__all__ = [
    "BUILD_DOWNLOADS",
    "CSS_FILE",
    "DOWNLOAD_INFO",
    "FIGURE_FILE",
    "ONTOLOGY_PAGE",
    "SITE_DIR",
    "figure",
    "href",
    "natural_key",
    "release_site_files",
    "site_files",
    "write_site",
]


def figure(site: SiteGraph) -> bytes:
    """``findings-heatmap.svg``: findings by organ system (rows) and MSC source (columns)."""
    rows, cols, cells = site.heatmap_data()
    return heatmap_svg(
        [site.label(r) for r in rows],
        [site.label(c) if c else NOT_STATED for c in cols],
        [[cells.get((r, c), 0) for c in cols] for r in rows],
    )


def site_files(
    graph: Graph, *, downloads: Iterable[str] = BUILD_DOWNLOADS, ntriples: str | None = None
) -> dict[str, bytes]:
    """Every file of the static site made from the graph: ``{path relative to build/site/: content}``, deterministic.

    ``graph`` is the release graph (ontology + data, as ``build_graph`` returns it); the
    canned queries are read from ``queries/``. ``downloads`` names the release files the home
    page offers (``release/X.Y.Z/<name>``, copied into the site by :func:`release_site_files`).
    Each page of a resource of ours sits at the path of its IRI (``id/gene/PTEN.html``), with its
    description as ``.ttl`` and ``.jsonld`` beside it. ``ontology.html`` and the files made from
    the release files (:func:`release_site_files`) are not included (see :func:`write_site`).
    ``ntriples``: the graph's canonical sorted N-Triples (``mscexo.nt``), when the caller has them.
    """
    site = SiteGraph(graph, downloads)
    context = jsonld_context(graph)
    svg = figure(site)
    files: dict[str, bytes] = {
        CSS_FILE: stylesheet(),
        FIGURE_FILE: svg,
        SEARCH_SCRIPT: static("search.js"),
        SEARCH_INDEX: search_index(site),
        HTACCESS: HTACCESS_TEXT.encode("utf-8"),
        SEARCH_PAGE: render("search.html", page=search_page(site)),
        "index.html": render("index.html", page=home_page(site, svg)),
        "findings.html": render("findings.html", page=findings_index(site)),
        "entities.html": render("entities.html", page=entities_index(site)),
        "references.html": render("references.html", page=references_page(site)),
        "tables.html": render("tables.html", page=tables_page(site)),
        "queries.html": render("queries.html", page=queries_page(site, ntriples)),
    }

    parts = owned_parts(site)

    def add(page: str, html: bytes, node: URIRef) -> None:
        files[page] = html
        files[page[:-5] + ".ttl"], files[page[:-5] + ".jsonld"] = resource_rdf(description(site, node, parts), context)

    for i, f in enumerate(site.findings):
        previous = site.findings[i - 1] if i else None
        following = site.findings[i + 1] if i + 1 < len(site.findings) else None
        page = render(
            "finding.html", page=finding_page(site, f, previous, following), excerpts=quote_excerpts(graph, f)
        )
        add(page_path(site, f), page, f)
    for kind in ENTITY_KIND_TITLES:
        for node in site.entities.get(kind, []):
            add(page_path(site, node), render("entity.html", page=entity_page(site, kind, node)), node)
    for node in own_pages(site):
        path = page_path(site, node)
        if path in files:
            raise ValueError(f"two resources would share the page {path}")
        add(path, render("resource.html", page=resource_page(site, node, path)), node)
    return dict(sorted(files.items()))


def release_site_files(
    release: Mapping[str, str],
    *,
    version: str = C.VERSION,
    releases: Mapping[str, Mapping[str, bytes]] | None = None,
) -> dict[str, bytes]:
    """The site's files made from the rendered release files (``build`` passes what it writes).

    - ``release/X.Y.Z/<file>``: a copy of every release file, where its w3id IRI resolves, so the
      site's download links work when ``site/`` is deployed alone; and every earlier release of
      ``releases`` ({version: its files, verified}), so that each version's IRIs keep resolving
      (a released version replaces the build's copy of the same version);
    - ``releases.html``: every version, with links to its files (:mod:`mscexo_ld.site.releases`);
    - ``id/dataset.ttl``, ``.jsonld`` and ``.html``: the dataset description (``void.ttl``);
    - ``ontology.ttl``, ``ontology.owl`` (RDF/XML) and ``ontology.jsonld``: the ontology, the
      representations of ``https://w3id.org/mscexo/ontology`` beside ``ontology.html``.
    """
    build = {name: text.encode("utf-8") for name, text in release.items()}
    files = releases_files(build, releases or {}, version=version)
    if VOID_FILE in release:
        void = Graph().parse(data=release[VOID_FILE], format="turtle")
        dataset = conneg.DATASET_DOCUMENT
        files[dataset + ".ttl"] = release[VOID_FILE].encode("utf-8")
        files[dataset + ".jsonld"] = canonical_jsonld(void, {}).encode("utf-8")
        files[dataset + ".html"] = render("dataset.html", page=dataset_page(void, version))
    if C.ONTOLOGY_TTL in release:
        ontology = Graph().parse(data=release[C.ONTOLOGY_TTL], format="turtle")
        files[ONTOLOGY_DOCUMENT + ".ttl"] = release[C.ONTOLOGY_TTL].encode("utf-8")
        files[ONTOLOGY_DOCUMENT + ".jsonld"] = canonical_jsonld(ontology, jsonld_context(ontology)).encode("utf-8")
        owl = release.get("ontology.owl")
        files[ONTOLOGY_DOCUMENT + ".owl"] = owl.encode("utf-8") if owl is not None else rdf_xml(ontology)
    return dict(sorted(files.items()))


def rdf_xml(graph: Graph) -> bytes:
    """RDF/XML in a stable order: pyoxigraph writes the canonical, sorted N-Triples in sequence."""
    import pyoxigraph as ox

    triples = ox.parse(sorted_ntriples(graph), format=ox.RdfFormat.N_TRIPLES)
    prefixes = {p: str(ns) for p, ns in graph.namespaces() if p in C.RDF_PREFIXES}
    written = ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=prefixes)
    if written is None:  # only when an output file is given
        raise RuntimeError("pyoxigraph returned no RDF/XML")
    return written


#: Files 0644, folders 0755, whatever the umask: the site is meant to be served by others.
FILE_MODE, FOLDER_MODE = 0o644, 0o755


def write_site(site_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` as the folder ``site_dir``, replacing it whole; nothing changes unless all were written.

    The files go into a sibling stage folder first, which then takes the place of ``site_dir`` in
    one step (:func:`mscexo_ld.rdf.write.replace_folder`), so no page of an older build is left behind.
    Files are made readable by everyone (0644, folders 0755), whatever the umask.
    """
    site_dir = Path(site_dir)
    for name in files:
        if name.startswith("/") or ".." in Path(name).parts:
            raise ValueError(f"site file {name!r}: expected a relative path inside the site")

    def fill(stage: Path) -> None:
        root = str(stage)
        folders = {""}  # relative to the stage, "" being the stage itself: each made once, parents first
        for name in files:
            folder = posixpath.dirname(name)
            while folder not in folders:
                folders.add(folder)
                folder = posixpath.dirname(folder)
        for folder in sorted(folders):
            os.makedirs(os.path.join(root, folder), exist_ok=True)
        for name in sorted(files):
            path = os.path.join(root, name)
            with open(path, "wb") as fh:
                fh.write(files[name])
            os.chmod(path, FILE_MODE)
        for folder in folders:
            os.chmod(os.path.join(root, folder), FOLDER_MODE)

    replace_folder(site_dir, fill)
    return [site_dir / name for name in sorted(files)]
