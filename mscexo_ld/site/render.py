"""The browsable publication: a static HTML site of the release (``build/site/``).

``site_files(graph)`` renders, from the release graph alone (plus the canned queries of
``queries/``), every page of the site as ``{relative path: bytes}``:

- ``index.html``: what the dataset is, counts, a heat map of findings by organ system and MSC
  source (``findings-heatmap.svg``, drawn with matplotlib), how to cite, downloads, licence;
- ``findings.html`` and ``findings/<id>.html``: one page per finding;
- ``entities.html`` and ``entities/<kind>/<id>.html``: one page per entity (species pages are
  ``entities/species/NCBITaxon_<n>.html``), with every finding that involves the entity;
- ``references.html``: every reference number of the review and what cites it;
- ``tables.html``: Table 1-3, the ISCT criteria, characterization methods, lists;
- ``queries.html``: every canned query with its SPARQL text and its answer;
- ``site.css`` (the package's ``static/style.css``).

How a page is made: :class:`~mscexo_ld.site.graph_index.SiteGraph` indexes the graph;
:mod:`~mscexo_ld.site.pages` (and :mod:`~mscexo_ld.site.queries_page`) compute each page's view
model, plain data defined in :mod:`~mscexo_ld.site.model`; :func:`~mscexo_ld.site.templating.render`
fills ``templates/<page>.html`` (Jinja2, autoescape on) with it.

Pages link to ``ontology.html`` (written beside them by :func:`mscexo_ld.site.ontology_docs.ontology_docs`)
and to the release files one folder up (``../mscexo.ttl`` ...): the site lives in ``build/site/``.
Every value is escaped by the templates; everything is sorted and free of timestamps (the same
graph gives byte-identical files); links are relative, so the site works from ``file://`` and
from any server path; no page uses JavaScript.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from mscexo_ld.rdf.write import replace_folder
from mscexo_ld.site.common import (
    BUILD_DOWNLOADS,
    CSS_FILE,
    DOWNLOAD_INFO,
    ENTITY_KIND_TITLES,
    FIGURE_FILE,
    NOT_STATED,
    ONTOLOGY_PAGE,
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
    references_page,
    tables_page,
)
from mscexo_ld.site.queries_page import queries_page
from mscexo_ld.site.quote_context import quote_excerpts
from mscexo_ld.site.templating import render, stylesheet

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


def site_files(graph: Graph, *, downloads: Iterable[str] = BUILD_DOWNLOADS) -> dict[str, bytes]:
    """Every file of the static site: ``{path relative to build/site/: content}``, deterministic.

    ``graph`` is the release graph (ontology + data, as ``build_graph`` returns it); the
    canned queries are read from ``queries/``. ``downloads`` names the release files that sit
    one folder above the site (the home page links to ``../<name>``): by default what
    ``mscexo-ld build`` writes; a versioned release passes its own list. ``ontology.html`` is
    not included: write :func:`mscexo_ld.site.ontology_docs.ontology_docs` beside these files (see
    :func:`write_site`).
    """
    site = SiteGraph(graph, downloads)
    svg = figure(site)
    files: dict[str, bytes] = {
        CSS_FILE: stylesheet(),
        FIGURE_FILE: svg,
        "index.html": render("index.html", page=home_page(site, svg)),
        "findings.html": render("findings.html", page=findings_index(site)),
        "entities.html": render("entities.html", page=entities_index(site)),
        "references.html": render("references.html", page=references_page(site)),
        "tables.html": render("tables.html", page=tables_page(site)),
        "queries.html": render("queries.html", page=queries_page(site)),
    }
    for i, f in enumerate(site.findings):
        previous = site.findings[i - 1] if i else None
        following = site.findings[i + 1] if i + 1 < len(site.findings) else None
        files[f"findings/{site.local(f)}.html"] = render(
            "finding.html", page=finding_page(site, f, previous, following), excerpts=quote_excerpts(graph, f)
        )
    for kind in ENTITY_KIND_TITLES:
        for node in site.entities.get(kind, []):
            files[f"entities/{kind}/{site.local(node)}.html"] = render(
                "entity.html", page=entity_page(site, kind, node)
            )
    return dict(sorted(files.items()))


def write_site(site_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` as the folder ``site_dir``, replacing it whole; nothing changes unless all were written.

    The files go into a sibling stage folder first, which then takes the place of ``site_dir`` in
    one step (:func:`mscexo_ld.rdf.write.replace_folder`), so no page of an older build is left behind.
    """
    site_dir = Path(site_dir)
    for name in files:
        if name.startswith("/") or ".." in Path(name).parts:
            raise ValueError(f"site file {name!r}: expected a relative path inside the site")

    def fill(stage: Path) -> None:
        for name in sorted(files):
            path = stage / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[name])

    replace_folder(site_dir, fill)
    return [site_dir / name for name in sorted(files)]
