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
- ``site.css``.

Pages link to ``ontology.html`` (written beside them by :func:`mscexo_ld.site.ontology_docs.ontology_docs`)
and to the release files one folder up (``../mscexo.ttl`` ...): the site lives in ``build/site/``.
Everything is escaped, sorted and free of timestamps (the same graph gives byte-identical
files); links are relative, so the site works from ``file://`` and from any server path; no
page uses JavaScript.
"""

from __future__ import annotations

import html
import io
import os
import posixpath
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from mscexo_ld import constants as C
from mscexo_ld.records import ENTITY_KINDS

M = C.MSCEXO

#: Where ``build`` writes the site, relative to the build folder.
SITE_DIR = "site"
CSS_FILE = "site.css"
FIGURE_FILE = "findings-heatmap.svg"
ONTOLOGY_PAGE = "ontology.html"

#: Entity kinds with a page (``entities/<kind>/<id>.html``), in the order the index lists them.
ENTITY_KIND_TITLES: dict[str, str] = {
    "gene": "Gene products",
    "cargo": "Cargo",
    "mechanism": "Mechanisms (pathways, processes)",
    "outcome": "Therapeutic outcomes",
    "model": "Experimental models",
    "condition": "Conditions",
    "marker": "Exosome markers",
    "msc-source": "MSC sources",
    "organ-system": "Organ systems",
    "cell-type": "Cell types",
    "agent": "Administered agents",
    "species": "Species",
}
# A kind added to records.ENTITY_KINDS later still gets its pages, under its file name.
ENTITY_KIND_TITLES.update({kind: kind for kind in ENTITY_KINDS if kind not in ENTITY_KIND_TITLES})

#: Table records (``data/tables/``): IRI path segment -> section title, in the review's order.
TABLE_TITLES: dict[str, str] = {
    "ev-types": "Table 1: Characteristics of extracellular vesicle types",
    "isolation-methods": "Table 2: Methods of exosome isolation",
    "clinical-trials": "Table 3: Clinical studies of MSC-derived exosomes",
    "isct-criteria": "ISCT minimal criteria for defining MSCs",
    "characterization-methods": "Methods of exosome characterization",
    "lists": "Lists the review gives",
}

#: Finding -> thing predicates, with the role shown on the thing's page.
FINDING_ROLES: tuple[tuple[URIRef, str, str], ...] = (
    (M.organSystem, "organ system", "Organ system"),
    (M.condition, "condition", "Condition"),
    (M.agent, "administered", "Administered"),
    (M.mscSource, "MSC source", "MSC source"),
    (M.donorSpecies, "donor species", "Donor species"),
    (M.cargo, "cargo", "Cargo"),
    (M.model, "model", "Models"),
    (M.outcome, "outcome", "Outcomes"),
)

#: Release files the site may link to (one folder up), with their format and content, in display order.
DOWNLOAD_INFO: dict[str, tuple[str, str]] = {
    C.GRAPH_TTL: ("Turtle", "the whole graph: ontology and data"),
    C.GRAPH_NT: ("N-Triples", "the whole graph, one sorted triple a line"),
    C.GRAPH_JSONLD: ("JSON-LD", "the whole graph, compacted with the published context"),
    "context.jsonld": ("JSON-LD context", "short keys for every term of the ontology"),
    C.ONTOLOGY_TTL: ("Turtle (OWL)", "the ontology alone"),
    "ontology.owl": ("RDF/XML (OWL)", "the ontology alone, for OWL tools"),
    "mscexo_kgx_nodes.tsv": ("KGX TSV", "Biolink nodes under their standard CURIEs"),
    "mscexo_kgx_edges.tsv": ("KGX TSV", "Biolink edges: one per regulation and per finding"),
    "mscexo.sssom.tsv": ("SSSOM TSV", "every entity mapped to its standard identifier"),
    "mscexo.nanopubs.trig": ("TriG", "one nanopublication per finding"),
    "void.ttl": ("Turtle (VoID/DCAT)", "the dataset description"),
    "CHANGES.md": ("Markdown", "what changed since the previous release"),
    "SHA256SUMS": ("text", "SHA-256 checksums of the release files"),
}
#: What ``mscexo-ld build`` writes beside ``site/`` (the default download list).
BUILD_DOWNLOADS: tuple[str, ...] = (
    C.GRAPH_TTL,
    C.GRAPH_NT,
    C.GRAPH_JSONLD,
    "context.jsonld",
    C.ONTOLOGY_TTL,
    "mscexo_kgx_nodes.tsv",
    "mscexo_kgx_edges.tsv",
    "mscexo.sssom.tsv",
    "mscexo.nanopubs.trig",
    "void.ttl",
)

REVIEW_CITATION = (
    "Ma ZJ, Yang JJ, Lu YB, Liu ZY, Wang XX. Mesenchymal stem cell-derived exosomes: "
    "Toward cell-free therapeutic strategies in regenerative medicine. World J Stem Cells "
    "2020; 12(8): 814-840."
)
NOT_STATED = "not stated"


def e(value: object) -> str:
    """HTML-escape any value (quotes included)."""
    return html.escape(str(value), quote=True)


def natural_key(text: str) -> tuple[object, ...]:
    """Sort key that puts F9 before F10 and F120 before F120a.

    >>> sorted(["F120a", "F10", "F9", "F120"], key=natural_key)
    ['F9', 'F10', 'F120', 'F120a']
    """
    parts = re.split(r"(\d+)", text)
    return tuple((int(p), p) if i % 2 else (0, p.lower()) for i, p in enumerate(parts)) + ((0, text),)


def href(target: str, current: str) -> str:
    """A relative link from page ``current`` to ``target`` (both relative to the site root).

    >>> href("entities/gene/PTEN.html", "findings/F109.html")
    '../entities/gene/PTEN.html'
    >>> href("references.html#ref-109", "index.html")
    'references.html#ref-109'
    >>> href("../mscexo.ttl", "index.html")
    '../mscexo.ttl'
    """
    path, _, fragment = target.partition("#")
    relative = posixpath.relpath(path, posixpath.dirname(current) or ".")
    return quote(relative) + (f"#{quote(fragment)}" if fragment else "")


class _Site:
    """The graph, indexed for rendering; one method per page kind."""

    def __init__(self, graph: Graph, downloads: Iterable[str] = BUILD_DOWNLOADS) -> None:
        self.g = graph
        names = set(downloads)
        self.downloads = [n for n in DOWNLOAD_INFO if n in names] + sorted(names - set(DOWNLOAD_INFO))
        self.version = str(graph.value(URIRef(C.DATASET_IRI), OWL.versionInfo) or C.VERSION)
        self.findings = sorted(
            (f for f in set(graph.subjects(RDF.type, M.Finding)) if isinstance(f, URIRef)),
            key=lambda f: natural_key(self.local(f)),
        )
        self.references = sorted(
            set(graph.subjects(RDF.type, M.Reference)), key=lambda r: int(graph.value(r, M.referenceNumber) or 0)
        )
        self.species = sorted(
            {o for p in (M.donorSpecies, M.organism) for o in graph.objects(None, p) if isinstance(o, URIRef)}, key=str
        )
        self.entities: dict[str, list[URIRef]] = defaultdict(list)
        for node in set(graph.all_nodes()):
            kind_id = self.kind_id(node)
            if kind_id and kind_id[0] in ENTITY_KIND_TITLES and kind_id[0] != "species":
                self.entities[kind_id[0]].append(node)  # type: ignore[arg-type]
        self.entities["species"] = list(self.species)
        for kind in self.entities:
            self.entities[kind].sort(key=lambda n: (natural_key(self.label(n)), str(n)))
        self.table_records: dict[str, list[URIRef]] = {}
        from mscexo_ld.curation.tables import TABLES

        for name, spec in TABLES.items():
            self.table_records[name] = sorted(
                (
                    s
                    for s in set(graph.subjects(RDF.type, M[spec.cls]))
                    if str(s).startswith(f"{C.ID_BASE}{spec.kind}/")
                ),
                key=lambda s: natural_key(self.local(s)),
            )
        self._check_paths()
        self.involvement = self._involvement()
        self.table_mentions = self._table_mentions()

    # ------------------------------------------------------------------ graph helpers

    def kind_id(self, node: Node) -> tuple[str, str] | None:
        """(kind, id) of a node of ours (``.../id/gene/PTEN`` -> ("gene", "PTEN")), species too."""
        if not isinstance(node, URIRef):
            return None
        text = str(node)
        if text.startswith(C.ID_BASE):
            parts = text[len(C.ID_BASE) :].split("/")
            return (parts[0], parts[1]) if len(parts) == 2 else None
        if node in self.species_set:
            return ("species", (C.compress_iri(text) or text.rsplit("/", 1)[-1]).replace(":", "_"))
        return None

    @property
    def species_set(self) -> frozenset[URIRef]:
        if not hasattr(self, "_species_set"):
            self._species_set = frozenset(self.species)
        return self._species_set

    def local(self, node: Node) -> str:
        kind_id = self.kind_id(node)
        return kind_id[1] if kind_id else str(node).rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def label(self, node: Node) -> str:
        labels = sorted(str(label) for label in self.g.objects(node, RDFS.label))
        if labels:
            return labels[0]
        if isinstance(node, URIRef):
            return C.compress_iri(str(node)) or self.local(node)
        return str(node)

    def texts(self, node: Node, predicate: URIRef) -> list[str]:
        return sorted(str(o) for o in self.g.objects(node, predicate))

    def objects(self, node: Node, predicate: URIRef) -> list[URIRef]:
        return sorted(
            (o for o in self.g.objects(node, predicate) if isinstance(o, URIRef)),
            key=lambda o: (natural_key(self.label(o)), str(o)),
        )

    def page_of(self, node: Node) -> str | None:
        """The page (relative to the site root, maybe with a #fragment) that shows ``node``."""
        if not isinstance(node, URIRef):
            return None
        text = str(node)
        if text == C.DATASET_IRI:
            return "index.html"
        if text.startswith(str(M)):
            return f"{ONTOLOGY_PAGE}#{text[len(str(M)) :]}"
        if text.startswith(C.ID_BASE):
            parts = text[len(C.ID_BASE) :].split("/")
            if parts[0] == "finding" and len(parts) == 4:  # .../finding/F109/regulation/1
                return f"findings/{parts[1]}.html#{parts[2]}-{parts[3]}"
            if len(parts) != 2:
                return None
            kind, ident = parts
            if kind == "finding":
                return f"findings/{ident}.html"
            if kind == "reference":
                return f"references.html#ref-{ident}"
            if kind in ENTITY_KIND_TITLES:
                return f"entities/{kind}/{ident}.html"
            for name in self.table_records:
                if kind == self._table_kind(name):
                    return f"tables.html#{kind}-{ident}"
            return None
        kind_id = self.kind_id(node)
        if kind_id:
            return f"entities/{kind_id[0]}/{kind_id[1]}.html"
        return None

    @staticmethod
    def _table_kind(name: str) -> str:
        from mscexo_ld.curation.tables import TABLES

        return TABLES[name].kind

    def link(self, node: Node, current: str, text: str | None = None) -> str:
        """``<a>`` to the node's page (or to the IRI itself when outside the dataset)."""
        shown = e(text if text is not None else self.label(node))
        page = self.page_of(node)
        if page:
            return f'<a href="{href(page, current)}">{shown}</a>'
        if isinstance(node, URIRef):
            return f'<a href="{e(str(node))}">{shown}</a>'
        return shown

    def link_list(self, nodes: Iterable[Node], current: str) -> str:
        items = [self.link(n, current) for n in nodes]
        return ", ".join(items) if items else '<span class="none">none</span>'

    def _check_paths(self) -> None:
        """Two pages whose paths differ only in case would overwrite each other on macOS/Windows."""
        seen: dict[str, str] = {}
        for kind, nodes in self.entities.items():
            for node in nodes:
                path = f"entities/{kind}/{self.local(node)}.html"
                if path.lower() in seen and seen[path.lower()] != path:
                    raise ValueError(f"site pages {seen[path.lower()]} and {path} differ only in case")
                seen[path.lower()] = path

    # ------------------------------------------------------------------ indexes

    def regulations(self, finding: URIRef) -> list[URIRef]:
        return sorted(
            (r for r in self.g.objects(finding, M.regulation) if isinstance(r, URIRef)),
            key=lambda r: natural_key(str(r)),
        )

    def modifications(self, finding: URIRef) -> list[URIRef]:
        return sorted(
            (m for m in self.g.objects(finding, M.producerModification) if isinstance(m, URIRef)),
            key=lambda m: natural_key(str(m)),
        )

    def regulation_text(self, regulation: URIRef) -> str:
        regulator = self.g.value(regulation, M.regulator)
        regulated = self.g.value(regulation, M.regulated)
        direction = self.label(self.g.value(regulation, M.direction))
        inferred = " (curator-inferred)" if self._inferred(regulation) else ""
        return f"{self.label(regulator)} {direction} {self.label(regulated)}{inferred}"

    def _inferred(self, regulation: URIRef) -> bool:
        value = self.g.value(regulation, M.curatorInferred)
        return isinstance(value, Literal) and value.toPython() is True

    def _involvement(self) -> dict[Node, dict[URIRef, list[str]]]:
        """thing -> finding -> the roles the thing plays in it (direct, through a regulation or a modification)."""
        index: dict[Node, dict[URIRef, list[str]]] = defaultdict(lambda: defaultdict(list))
        for f in self.findings:
            for predicate, role, _title in FINDING_ROLES:
                for o in self.g.objects(f, predicate):
                    index[o][f].append(role)
            for model in self.g.objects(f, M.model):
                for organism in self.g.objects(model, M.organism):
                    index[organism][f].append(f"model organism ({self.label(model)})")
            for r in self.regulations(f):
                text = self.regulation_text(r)
                index[self.g.value(r, M.regulator)][f].append(f"regulator: {text}")
                index[self.g.value(r, M.regulated)][f].append(f"regulated: {text}")
            for m in self.modifications(f):
                for agent in self.g.objects(m, M.modificationAgent):
                    index[agent][f].append(f"producer modification: {self.label(m)}")
        return index

    def _table_mentions(self) -> dict[Node, list[tuple[URIRef, str]]]:
        """thing -> (table record, property label) for every table record that points at it."""
        index: dict[Node, list[tuple[URIRef, str]]] = defaultdict(list)
        for records in self.table_records.values():
            for record in records:
                for p, o in self.g.predicate_objects(record):
                    if isinstance(o, URIRef) and p not in (
                        RDF.type,
                        DCTERMS.source,
                        M.citedReference,
                        SKOS.exactMatch,
                        SKOS.closeMatch,
                    ):
                        index[o].append((record, self.label(p)))
        for mentions in index.values():
            mentions.sort(key=lambda rm: (natural_key(str(rm[0])), rm[1]))
        return index

    # ------------------------------------------------------------------ page frame

    NAV = (
        ("index.html", "Home"),
        ("findings.html", "Findings"),
        ("entities.html", "Entities"),
        ("references.html", "References"),
        ("tables.html", "Tables"),
        ("queries.html", "Queries"),
        (ONTOLOGY_PAGE, "Ontology"),
    )

    def page(self, current: str, title: str, body: str, *, section: str | None = None) -> bytes:
        return render_page(current, title, body, version=self.version, section=section)

    # ------------------------------------------------------------------ pages

    def counts(self) -> dict[str, int]:
        identifiers = set()
        for predicate in (SKOS.exactMatch, SKOS.closeMatch):
            for s, o in self.g.subject_objects(predicate):
                if str(s).startswith(C.ID_BASE) and isinstance(o, URIRef):
                    identifiers.add(o)
        identifiers |= self.species_set
        return {
            "findings": len(self.findings),
            "references": len(self.references),
            "entities": sum(len(nodes) for nodes in self.entities.values()),
            "identifiers": len(identifiers),
            "triples": len(self.g),
        }

    def heatmap_data(self) -> tuple[list[URIRef], list[URIRef | None], dict[tuple[URIRef, URIRef | None], int]]:
        cells: dict[tuple[URIRef, URIRef | None], int] = defaultdict(int)
        for f in self.findings:
            organ = self.g.value(f, M.organSystem)
            sources: list[URIRef | None] = list(self.objects(f, M.mscSource)) or [None]
            for source in sources:
                cells[(organ, source)] += 1  # type: ignore[index]
        row_total: dict[URIRef, int] = defaultdict(int)
        col_total: dict[URIRef | None, int] = defaultdict(int)
        for (row, col), n in cells.items():
            row_total[row] += n
            col_total[col] += n
        rows = sorted(row_total, key=lambda r: (-row_total[r], self.label(r)))
        cols = sorted(col_total, key=lambda c: (c is None, -col_total[c], self.label(c) if c else ""))
        return rows, cols, dict(cells)

    def index(self) -> bytes:
        cur = "index.html"
        counts = self.counts()
        rows, cols, cells = self.heatmap_data()
        fig_width, fig_height = _svg_size(self.figure, 880)
        title = str(self.g.value(URIRef(C.DATASET_IRI), DCTERMS.title) or "mscexo-ld")
        stats = "".join(
            f'<div class="stat" id="count-{key}"><span class="n">{value:,}</span><span class="what">{e(what)}</span></div>'
            for key, value, what in (
                ("findings", counts["findings"], "findings"),
                ("references", counts["references"], "references of the review"),
                ("entities", counts["entities"], "entities"),
                ("identifiers", counts["identifiers"], "standard identifiers"),
                ("triples", counts["triples"], "triples"),
            )
        )
        organ_links = "".join(
            f'<li><a href="{href("findings.html#" + self.local(r), cur)}">{e(self.label(r))}</a> '
            f'<span class="count">{sum(1 for f in self.findings if self.g.value(f, M.organSystem) == r)}</span></li>'
            for r in sorted(rows, key=lambda r: self.label(r))
        )
        kind_links = "".join(
            f'<li><a href="{href("entities.html#" + kind, cur)}">{e(ENTITY_KIND_TITLES[kind])}</a> '
            f'<span class="count">{len(self.entities.get(kind, []))}</span></li>'
            for kind in ENTITY_KIND_TITLES
        )
        numbers = ['<table class="numbers"><thead><tr><th>organ system</th>']
        numbers += [f"<th>{e(self.label(c) if c else NOT_STATED)}</th>" for c in cols] + ["</tr></thead><tbody>"]
        for r in rows:
            numbers.append(f"<tr><th>{e(self.label(r))}</th>")
            numbers += [f"<td>{cells.get((r, c), '') or ''}</td>" for c in cols]
            numbers.append("</tr>")
        numbers.append("</tbody></table>")
        downloads = "".join(
            f'<tr><td><a href="{href("../" + name, cur)}">{e(name)}</a></td><td>{e(DOWNLOAD_INFO.get(name, ("", ""))[0])}</td>'
            f"<td>{e(DOWNLOAD_INFO.get(name, ('', ''))[1])}</td></tr>"
            for name in self.downloads
        )
        body = f"""
<section class="hero">
<h1>{e(title)}</h1>
<p class="lead">Every experimental result that a review of mesenchymal stem cell-derived exosomes
(MSC-Exos) attributes to a cited study, published as linked data: one <em>finding</em> per result, with its MSC source, donor species, exosomal cargo, molecular targets
and their direction, pathways, experimental models, condition and outcomes, the cited reference and the
verbatim sentence of the review that supports it. The review's tables, the ISCT MSC criteria and the
characterization methods are published too. Every external identifier is checked against a pinned
offline copy of its vocabulary; every quote is checked against the review's text.</p>
<p class="source"><span class="tag">The review</span> <cite>{e(REVIEW_CITATION)}</cite>
<a href="{e(C.REVIEW_IRI)}">doi:{e(C.REVIEW_DOI)}</a> (open access, CC BY-NC 4.0)</p>
<p class="version">Release {e(self.version)} · <a href="#download">download</a> · <a href="#cite">cite</a> ·
<a href="#licence">licence</a></p>
</section>
<section class="stats" aria-label="What the release contains">{stats}</section>

<section>
<h2 id="figure">Findings by organ system and MSC source</h2>
<figure class="heatmap">
<img src="{href(FIGURE_FILE, cur)}" alt="Heat map: number of findings for each organ system (rows) and source of the producer MSCs (columns); the same numbers are in the table below the figure." width="{fig_width}" height="{fig_height}">
<figcaption>Number of findings for each organ system (rows) and tissue source of the producer MSCs
(columns). A finding with several MSC sources counts once under each; “{NOT_STATED}” counts findings whose
text names no MSC source.</figcaption>
</figure>
<details><summary>The numbers behind the figure</summary>{"".join(numbers)}</details>
</section>

<section class="browse">
<h2 id="browse">Browse</h2>
<div class="columns">
<div><h3>Findings by organ system</h3><ul class="plain">{organ_links}</ul>
<p><a href="{href("findings.html", cur)}">All {counts["findings"]} findings</a> ·
<a href="{href("references.html", cur)}">all {counts["references"]} references</a></p></div>
<div><h3>Entities by kind</h3><ul class="plain">{kind_links}</ul></div>
<div><h3>More</h3><ul class="plain">
<li><a href="{href("tables.html", cur)}">The review's tables</a>: EV types, isolation methods, clinical studies, ISCT criteria, characterization methods, lists</li>
<li><a href="{href("queries.html", cur)}">Canned SPARQL queries</a>, with their answers</li>
<li><a href="{href(ONTOLOGY_PAGE, cur)}">The ontology</a>: classes and properties of the vocabulary</li>
</ul></div>
</div>
</section>

<section>
<h2 id="cite">How to cite</h2>
<p>Cite the review the findings come from, and this dataset:</p>
<ol class="citations">
<li>{e(REVIEW_CITATION)} <a href="{e(C.REVIEW_IRI)}">doi:{e(C.REVIEW_DOI)}</a></li>
<li>mscexo-ld developers. {e(title)}, release {e(self.version)}. <a href="{e(C.DATASET_IRI)}">{e(C.DATASET_IRI)}</a></li>
</ol>
<p>To cite one finding, give its IRI (shown on its page, e.g. <code>{e(C.ID_BASE)}finding/F109</code>) and the
reference number of the primary study it came from.</p>
</section>

<section>
<h2 id="download">Download</h2>
<p>The release files (in the folder above this site):</p>
<table class="downloads"><thead><tr><th>file</th><th>format</th><th>content</th></tr></thead><tbody>{downloads}</tbody></table>
<p>Query the release with SPARQL on your machine: <code>mscexo-ld query --list</code>, or run a read-only
SPARQL server with <code>mscexo-ld serve</code>.</p>
</section>

<section>
<h2 id="licence">Licence</h2>
<p>The curated data and the built graph are licensed <a href="{e(C.DATA_LICENSE)}">CC BY-NC 4.0</a>: they are
derived from the review, which is published under CC BY-NC 4.0, and the evidence quotes are verbatim excerpts
of it. Credit the review and this dataset, and do not use the data commercially. The ontology is
<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>; the code is MIT-licensed.</p>
</section>
"""
        return self.page(cur, "Home", body, section="index.html")

    def findings_index(self) -> bytes:
        cur = "findings.html"
        by_organ: dict[Node, list[URIRef]] = defaultdict(list)
        for f in self.findings:
            by_organ[self.g.value(f, M.organSystem)].append(f)
        parts = [
            f"<h1>Findings</h1><p>{len(self.findings)} findings, one per result of one cited study, "
            "grouped by the organ system under which the review reports them.</p>"
        ]
        organs = sorted(by_organ, key=lambda o: self.label(o))
        parts.append(
            '<p class="toc">'
            + " · ".join(f'<a href="#{e(self.local(o))}">{e(self.label(o))}</a> ({len(by_organ[o])})' for o in organs)
            + "</p>"
        )
        for organ in organs:
            parts.append(f'<h2 id="{e(self.local(organ))}">{e(self.label(organ))}</h2>')
            parts.append(
                '<table class="list"><thead><tr><th>finding</th><th>statement</th><th>ref.</th>'
                "<th>MSC source</th><th>condition</th></tr></thead><tbody>"
            )
            for f in by_organ[organ]:
                parts.append(
                    f"<tr><td>{self.link(f, cur, self.local(f))}</td><td>{e(self.label(f))}</td>"
                    f"<td>{self._refs(f, cur, short=True)}</td>"
                    f"<td>{self.link_list(self.objects(f, M.mscSource), cur)}</td>"
                    f"<td>{self.link_list(self.objects(f, M.condition), cur)}</td></tr>"
                )
            parts.append("</tbody></table>")
        return self.page(cur, "Findings", "\n".join(parts), section="findings.html")

    def _refs(self, node: Node, current: str, *, predicate: URIRef = M.reportedIn, short: bool = False) -> str:
        refs = sorted(self.g.objects(node, predicate), key=lambda r: int(self.g.value(r, M.referenceNumber) or 0))
        items = []
        for r in refs:
            number = self.g.value(r, M.referenceNumber)
            author = self.g.value(r, M.firstAuthor)
            text = f"[{number}]" if short or not author else f"[{number}] {author} et al."
            items.append(self.link(r, current, text))
        return ", ".join(items) if items else '<span class="none">none</span>'

    def finding_page(self, f: URIRef, previous: URIRef | None, following: URIRef | None) -> tuple[str, bytes]:
        ident = self.local(f)
        cur = f"findings/{ident}.html"
        quote_text = str(self.g.value(f, M.evidenceQuote) or "")
        facts = [f"<dt>Reported in</dt><dd>{self._refs(f, cur)}</dd>"]
        for predicate, _role, title in FINDING_ROLES:
            values = self.objects(f, predicate)
            shown = (
                self.link_list(values, cur)
                if values or predicate not in (M.mscSource, M.donorSpecies)
                else '<span class="none">not stated in the review</span>'
            )
            facts.append(f"<dt>{e(title)}</dt><dd>{shown}</dd>")
        mods = []
        for m in self.modifications(f):
            agent = self.g.value(m, M.modificationAgent)
            kind = self.g.value(m, M.modificationType)
            notes = "".join(f'<div class="note">{e(n)}</div>' for n in self.texts(m, M.curatorNote))
            mods.append(
                f'<li id="{e(self._fragment(m))}">{self.link(kind, cur)} of {self.link(agent, cur)}{notes}</li>'
            )
        facts.append(
            "<dt>Producer modifications</dt><dd>"
            + (f'<ul class="plain">{"".join(mods)}</ul>' if mods else '<span class="none">none</span>')
            + "</dd>"
        )
        regs = []
        for r in self.regulations(f):
            direction = self.g.value(r, M.direction)
            word = self.label(direction)
            arrow = "▲" if direction == M.Increases else "▼" if direction == M.Decreases else ""
            inferred = '<span class="badge inferred">curator-inferred</span>' if self._inferred(r) else "printed"
            notes = "".join(f'<div class="note">{e(n)}</div>' for n in self.texts(r, M.curatorNote))
            regs.append(
                f'<tr id="{e(self._fragment(r))}"><td>{self.link(self.g.value(r, M.regulator), cur)}</td>'
                f'<td><span class="dir {e(word)}">{arrow} {e(word)}</span></td>'
                f"<td>{self.link(self.g.value(r, M.regulated), cur)}</td><td>{inferred}</td><td>{notes}</td></tr>"
            )
        reg_html = (
            '<table class="regulations"><thead><tr><th>regulator</th><th>direction</th><th>regulated</th>'
            f"<th>source</th><th>curator note</th></tr></thead><tbody>{''.join(regs)}</tbody></table>"
            if regs
            else '<p class="none">No molecular targets or pathways stated.</p>'
        )
        notes = self.texts(f, M.curatorNote)
        notes_html = (
            ("<ul>" + "".join(f"<li>{e(n)}</li>" for n in notes) + "</ul>")
            if notes
            else '<p class="none">No curator notes.</p>'
        )
        pager = []
        if previous is not None:
            pager.append(
                f'<a rel="prev" href="{href(f"findings/{self.local(previous)}.html", cur)}">← {e(self.local(previous))}</a>'
            )
        pager.append(f'<a href="{href("findings.html", cur)}">all findings</a>')
        if following is not None:
            pager.append(
                f'<a rel="next" href="{href(f"findings/{self.local(following)}.html", cur)}">{e(self.local(following))} →</a>'
            )
        refs = self._refs(f, cur)
        body = f"""
<p class="kicker">Finding {e(ident)} · {self.link_list(self.objects(f, M.organSystem), cur)}</p>
<h1 class="statement">{e(self.label(f))}</h1>
<figure class="evidence">
<blockquote id="quote">{e(quote_text)}</blockquote>
<figcaption>Evidence: the review’s text (<a href="{e(C.REVIEW_IRI)}">Ma et al. 2020</a>), citing {refs}</figcaption>
</figure>
<h2>What was studied</h2>
<dl class="facts">{"".join(facts)}</dl>
<h2 id="regulations">Regulations</h2>
{reg_html}
<h2 id="notes">Curator notes</h2>
{notes_html}
<p class="iri">IRI: <code>{e(str(f))}</code></p>
<nav class="pager">{" · ".join(pager)}</nav>
"""
        return cur, self.page(cur, f"Finding {ident}", body, section="findings.html")

    @staticmethod
    def _fragment(node: URIRef) -> str:
        """``.../finding/F109/regulation/1`` -> ``regulation-1``."""
        parts = str(node).rsplit("/", 2)
        return f"{parts[-2]}-{parts[-1]}"

    def entities_index(self) -> bytes:
        cur = "entities.html"
        total = sum(len(v) for v in self.entities.values())
        parts = [
            f"<h1>Entities</h1><p>{total} named things the findings and tables point at. Each page gives the "
            "entity’s standard identifiers and every finding that involves it.</p>",
            '<p class="toc">'
            + " · ".join(
                f'<a href="#{kind}">{e(title)}</a> ({len(self.entities.get(kind, []))})'
                for kind, title in ENTITY_KIND_TITLES.items()
            )
            + "</p>",
        ]
        for kind, title in ENTITY_KIND_TITLES.items():
            parts.append(
                f'<h2 id="{kind}">{e(title)}</h2><table class="list"><thead><tr><th>label</th>'
                "<th>standard identifiers</th><th>findings</th></tr></thead><tbody>"
            )
            for node in self.entities.get(kind, []):
                ids = self._identifier_links(node, short=True)
                parts.append(
                    f"<tr><td>{self.link(node, cur)}</td><td>{ids}</td>"
                    f"<td>{len(self.involvement.get(node, {}))}</td></tr>"
                )
            parts.append("</tbody></table>")
        return self.page(cur, "Entities", "\n".join(parts), section="entities.html")

    def _identifiers(self, node: URIRef) -> list[tuple[URIRef, str]]:
        out = [(o, "exact") for o in self.g.objects(node, SKOS.exactMatch) if isinstance(o, URIRef)]
        out += [(o, "close") for o in self.g.objects(node, SKOS.closeMatch) if isinstance(o, URIRef)]
        if node in self.species_set:
            out.append((node, "the species' own IRI"))
        return sorted(out, key=lambda oi: (oi[1] != "exact", natural_key(str(oi[0]))))

    def _identifier_links(self, node: URIRef, *, short: bool = False) -> str:
        items = []
        for iri, match in self._identifiers(node):
            curie = C.compress_iri(str(iri)) or str(iri)
            suffix = "" if short and match == "exact" else f' <span class="match">({e(match)})</span>'
            items.append(f'<a class="ext" href="{e(str(iri))}">{e(curie)}</a>{suffix}')
        return ", ".join(items) if items else '<span class="none">none</span>'

    def entity_page(self, kind: str, node: URIRef) -> tuple[str, bytes]:
        ident = self.local(node)
        cur = f"entities/{kind}/{ident}.html"
        classes = sorted((c for c in self.g.objects(node, RDF.type) if str(c).startswith(str(M))), key=str)
        if classes:
            class_html = ", ".join(self.link(c, cur) for c in classes)
        else:
            class_html = 'species (an <a href="https://www.ncbi.nlm.nih.gov/taxonomy">NCBI Taxonomy</a> term)'
        facts = [f"<dt>Class</dt><dd>{class_html}</dd>"]
        alts = self.texts(node, SKOS.altLabel)
        facts.append(
            "<dt>Other names</dt><dd>"
            + (", ".join(e(a) for a in alts) if alts else '<span class="none">none</span>')
            + "</dd>"
        )
        facts.append(f'<dt>Standard identifiers</dt><dd class="identifiers">{self._identifier_links(node)}</dd>')
        for reason in self.texts(node, M.unmappedReason):
            facts.append(f"<dt>Why no standard identifier</dt><dd>{e(reason)}</dd>")
        if kind == "model":
            facts.append(f"<dt>Organism</dt><dd>{self.link_list(self.objects(node, M.organism), cur)}</dd>")
            for induction in self.texts(node, M.induction):
                facts.append(f"<dt>Induction</dt><dd>{e(induction)}</dd>")
        notes = self.texts(node, M.curatorNote)
        if notes:
            facts.append("<dt>Curator notes</dt><dd><ul>" + "".join(f"<li>{e(n)}</li>" for n in notes) + "</ul></dd>")
        involved = self.involvement.get(node, {})
        if involved:
            rows = []
            for f in sorted(involved, key=lambda f: natural_key(self.local(f))):
                roles = "<br>".join(e(r) for r in sorted(set(involved[f])))
                rows.append(
                    f"<tr><td>{self.link(f, cur, self.local(f))}</td><td>{e(self.label(f))}</td>"
                    f"<td>{roles}</td><td>{self._refs(f, cur, short=True)}</td></tr>"
                )
            findings_html = (
                f'<table class="list findings"><thead><tr><th>finding</th><th>statement</th><th>role</th>'
                f"<th>ref.</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            )
        else:
            findings_html = '<p class="none">No finding involves it.</p>'
        mentions = self.table_mentions.get(node, [])
        mentions_html = ""
        if mentions:
            mentions_html = (
                '<h2 id="tables">In the review’s tables and lists</h2><ul>'
                + "".join(f"<li>{self.link(record, cur)} ({e(prop)})</li>" for record, prop in mentions)
                + "</ul>"
            )
        body = f"""
<p class="kicker"><a href="{href("entities.html#" + kind, cur)}">{e(ENTITY_KIND_TITLES[kind])}</a></p>
<h1>{e(self.label(node))}</h1>
<dl class="facts">{"".join(facts)}</dl>
<h2 id="findings">Findings ({len(involved)})</h2>
{findings_html}
{mentions_html}
<p class="iri">IRI: <code>{e(str(node))}</code></p>
"""
        return cur, self.page(cur, self.label(node), body, section="entities.html")

    def references_page(self) -> bytes:
        cur = "references.html"
        cited_by: dict[Node, list[URIRef]] = defaultdict(list)
        for f in self.findings:
            for r in self.g.objects(f, M.reportedIn):
                cited_by[r].append(f)
        tabled: dict[Node, list[URIRef]] = defaultdict(list)
        for records in self.table_records.values():
            for record in records:
                for r in self.g.objects(record, M.citedReference):
                    tabled[r].append(record)
        rows = []
        for r in self.references:
            number = self.g.value(r, M.referenceNumber)
            author = self.g.value(r, M.firstAuthor)
            what = []
            if cited_by.get(r):
                what.append("findings: " + ", ".join(self.link(f, cur, self.local(f)) for f in cited_by[r]))
            if tabled.get(r):
                what.append("tables: " + ", ".join(self.link(t, cur) for t in tabled[r]))
            for reason in self.texts(r, M.outOfScopeReason):
                what.append(f'<span class="oos">out of scope:</span> {e(reason)}')
            notes = "".join(f'<div class="note">{e(n)}</div>' for n in self.texts(r, M.curatorNote))
            rows.append(
                f'<tr id="ref-{e(number)}"><td>[{e(number)}]</td><td>{e(author or "")}</td>'
                f"<td>{'<br>'.join(what)}{notes}</td></tr>"
            )
        body = (
            f"<h1>References</h1><p>The {len(self.references)} bracketed reference numbers of the review, the "
            "first author as printed in its text, and what accounts for each: the findings and table records that cite "
            "it, or why it is out of scope. The review’s reference list itself is not reproduced; see the "
            f'<a href="{e(C.REVIEW_IRI)}">review</a>.</p>'
            '<table class="list refs"><thead><tr><th>no.</th><th>first author</th><th>cited by</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
        return self.page(cur, "References", body, section="references.html")

    def _value(self, o: Node, current: str) -> str:
        if isinstance(o, Literal):
            text = str(o)
            if o.datatype == XSD.decimal and re.fullmatch(r"-?\d+\.0", text):
                text = text[:-2]
            return e(text)
        return self.link(o, current)

    def _record_cells(self, spec: object, record: URIRef, current: str) -> tuple[str, list[str], str]:
        """(name cell content, one cell content per column, evidence block) of a table record."""
        name = e(self.label(record)) + "".join(
            f'<div class="alt">{e(a)}</div>' for a in self.texts(record, SKOS.altLabel)
        )
        cells = []
        for field in spec.fields:  # type: ignore[attr-defined]
            values = sorted(
                self.g.objects(record, field.predicate),
                key=lambda o: (natural_key(self.label(o) if isinstance(o, URIRef) else str(o)), str(o)),
            )
            if len(values) > 1:
                cells.append(
                    '<ul class="cell">' + "".join(f"<li>{self._value(v, current)}</li>" for v in values) + "</ul>"
                )
            else:
                cells.append("".join(self._value(v, current) for v in values))
        cells.append(self._refs(record, current, predicate=M.citedReference, short=True))
        unmapped = "".join(f'<div class="note">{e(u)}</div>' for u in self.texts(record, M.unmappedReason))
        cells.append(self._identifier_links(record) + unmapped)
        notes = "".join(f"<li>{e(n)}</li>" for n in self.texts(record, M.curatorNote))
        notes_html = f'<ul class="notes">{notes}</ul>' if notes else ""
        quote_text = str(self.g.value(record, M.evidenceQuote) or "")
        evidence = (
            f"<details><summary>evidence quote{' and curator notes' if notes else ''}</summary>"
            f"<blockquote>{e(quote_text)}</blockquote>{notes_html}</details>"
        )
        return name, cells, evidence

    def tables_page(self) -> bytes:
        from mscexo_ld.curation.tables import TABLES

        cur = "tables.html"
        parts = [
            "<h1>The review’s tables</h1><p>Table 1-3 of the review, the ISCT minimal criteria for MSCs, the "
            "exosome characterization methods and the lists the review gives, as published in the graph. Fields "
            "called <em>as printed</em> hold the review’s words unchanged.</p>",
            '<p class="toc">'
            + " · ".join(f'<a href="#{name}">{e(title)}</a>' for name, title in TABLE_TITLES.items())
            + "</p>",
        ]
        for name, title in TABLE_TITLES.items():
            spec = TABLES[name]
            records = self.table_records.get(name, [])
            parts.append(f'<h2 id="{name}">{e(title)}</h2>')
            parts.append(
                f'<p class="class">Class {self.link(M[spec.cls], cur)}; {len(records)} '
                f"record{'s' if len(records) != 1 else ''}.</p>"
            )
            columns = [self.label(field.predicate) for field in spec.fields] + ["references", "standard identifiers"]
            rendered = [(record, *self._record_cells(spec, record, cur)) for record in records]
            anchor = lambda record: f"{e(spec.kind)}-{e(self.local(record))}"  # noqa: E731
            if len(records) < len(spec.fields):
                # Few records, many fields (Table 1, the ISCT criteria): one column per record, as the review prints it.
                parts.append(
                    '<div class="scroll"><table class="record-table transposed"><thead><tr><th></th>'
                    + "".join(f'<th id="{anchor(r)}">{n}</th>' for r, n, _c, _ev in rendered)
                    + "</tr></thead><tbody>"
                )
                for i, column in enumerate(columns):
                    parts.append(
                        f"<tr><th>{e(column)}</th>"
                        + "".join(f"<td>{c[i]}</td>" for _r, _n, c, _ev in rendered)
                        + "</tr>"
                    )
                parts.append(
                    '<tr class="evidence-row"><th>evidence</th>'
                    + "".join(f"<td>{ev}</td>" for _r, _n, _c, ev in rendered)
                    + "</tr></tbody></table></div>"
                )
            else:
                parts.append(
                    '<div class="scroll"><table class="record-table"><thead><tr><th>name</th>'
                    + "".join(f"<th>{e(h)}</th>" for h in columns)
                    + "</tr></thead><tbody>"
                )
                for record, name_html, cells, evidence in rendered:
                    parts.append(
                        f'<tr class="record" id="{anchor(record)}"><th>{name_html}</th>'
                        + "".join(f"<td>{c}</td>" for c in cells)
                        + "</tr>"
                    )
                    parts.append(f'<tr class="evidence"><td colspan="{len(columns) + 1}">{evidence}</td></tr>')
                parts.append("</tbody></table></div>")
        return self.page(cur, "Tables", "\n".join(parts), section="tables.html")

    def queries_page(self) -> bytes:
        import pyoxigraph as ox

        from mscexo_ld.query import QueryError, bind_params, list_queries, run_oxigraph
        from mscexo_ld.rdf.serialize import sorted_ntriples

        cur = "queries.html"
        store = ox.Store()
        store.load(sorted_ntriples(self.g).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        queries = list_queries()
        parts = [
            f"<h1>Canned queries</h1><p>{len(queries)} questions, one SPARQL file each in <code>queries/</code>, "
            "answered here on the release with their default parameters. Run one yourself with "
            "<code>mscexo-ld query NAME --param KEY=VALUE</code>, or on any SPARQL endpoint with "
            "<code>--endpoint URL</code>.</p>",
            '<ol class="toc-list">'
            + "".join(f'<li><a href="#{e(q.name)}">{e(q.title)}</a></li>' for q in queries)
            + "</ol>",
        ]
        for q in queries:
            parts.append(f'<section class="query" id="{e(q.name)}"><h2>{e(q.title)}</h2>')
            parts.append(f'<p>{e(q.description)}</p><p class="cmd"><code>mscexo-ld query {e(q.name)}</code></p>')
            if q.params:
                parts.append(
                    '<table class="params"><thead><tr><th>parameter</th><th>type</th><th>default</th>'
                    "<th>meaning</th></tr></thead><tbody>"
                    + "".join(
                        f"<tr><td><code>{e(p.name)}</code></td><td>{e(p.type)}</td><td>{e(p.default or '')}</td>"
                        f"<td>{e(p.description)}</td></tr>"
                        for p in q.params
                    )
                    + "</tbody></table>"
                )
            parts.append(f'<details><summary>SPARQL</summary><pre class="sparql">{e(q.text)}</pre></details>')
            try:
                result = run_oxigraph(store, q, bind_params(q, {}))
            except QueryError as exc:
                parts.append(f'<p class="none">Not answered here: {e(exc)}</p></section>')
                continue
            n = len(result.rows)
            parts.append(f'<p class="answer">Answer ({n} row{"s" if n != 1 else ""}):</p>')
            parts.append(
                '<div class="scroll"><table class="answer"><thead><tr>'
                + "".join(f"<th>{e(v)}</th>" for v in result.variables)
                + "</tr></thead><tbody>"
            )
            for row in result.rows:
                cells = []
                for v in result.variables:
                    cell = row.get(v)
                    if cell is None:
                        cells.append("<td></td>")
                    elif cell.kind == "iri":
                        node = URIRef(cell.value)
                        shown = (
                            cell.value[len(C.ID_BASE) :]
                            if cell.value.startswith(C.ID_BASE)
                            else (
                                "mscexo:" + cell.value[len(str(M)) :]
                                if cell.value.startswith(str(M))
                                else C.compress_iri(cell.value) or cell.value
                            )
                        )
                        cells.append(f"<td>{self.link(node, cur, shown)}</td>")
                    else:
                        cells.append(f"<td>{e(cell.value)}</td>")
                parts.append("<tr>" + "".join(cells) + "</tr>")
            parts.append("</tbody></table></div></section>")
        return self.page(cur, "Queries", "\n".join(parts), section="queries.html")

    @property
    def figure(self) -> bytes:
        if not hasattr(self, "_figure"):
            self._figure = self.heatmap_svg()
        return self._figure

    def heatmap_svg(self) -> bytes:
        rows, cols, cells = self.heatmap_data()
        return heatmap_svg(
            [self.label(r) for r in rows],
            [self.label(c) if c else NOT_STATED for c in cols],
            [[cells.get((r, c), 0) for c in cols] for r in rows],
        )


def render_page(current: str, title: str, body: str, *, version: str = C.VERSION, section: str | None = None) -> bytes:
    """One page of the site: the shared header, navigation and footer around ``body`` (already HTML)."""
    nav = []
    for target, text in _Site.NAV:
        mark = ' aria-current="page"' if target == section else ""
        nav.append(f'<a href="{href(target, current)}"{mark}>{e(text)}</a>')
    nav.append(f'<a href="{href("index.html#download", current)}">Download</a>')
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mscexo-ld {e(version)}">
<title>{e(title)} · mscexo-ld</title>
<link rel="stylesheet" href="{href(CSS_FILE, current)}">
</head>
<body>
<header class="site"><div class="wrap"><a class="brand" href="{href("index.html", current)}">mscexo-ld</a>
<nav aria-label="site">{"".join(nav)}</nav></div></header>
<main class="wrap">
{body.strip()}
</main>
<footer class="site"><div class="wrap">mscexo-ld {e(version)} · data <a href="{e(C.DATA_LICENSE)}">CC BY-NC 4.0</a>,
derived from <a href="{e(C.REVIEW_IRI)}">Ma et al., World J Stem Cells 2020; 12(8): 814-840</a> (CC BY-NC 4.0) ·
<a href="{href("index.html#cite", current)}">how to cite</a></div></footer>
</body>
</html>
"""
    return page.encode("utf-8")


def _svg_size(svg: bytes, width: int) -> tuple[int, int]:
    """(width, height) in CSS pixels for showing ``svg`` ``width`` pixels wide, from its viewBox."""
    match = re.search(rb'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
    if not match:
        return width, round(width * 0.66)
    return width, round(width * float(match.group(2)) / float(match.group(1)))


def heatmap_svg(rows: list[str], cols: list[str], counts: list[list[int]]) -> bytes:
    """A heat map (rows x columns of counts) as SVG, drawn with matplotlib, byte-identical across runs.

    Text stays text (``svg.fonttype: none``) in DejaVu Sans, the font matplotlib ships and
    measures with; ids come from a fixed hash salt; the date is left out of the metadata.
    """
    import matplotlib
    import numpy as np
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    data = np.ma.masked_equal(np.array(counts, dtype=float), 0)
    top = max((max(r) for r in counts if r), default=1) or 1
    settings = {
        "svg.hashsalt": "mscexo-ld",
        "svg.fonttype": "none",
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.edgecolor": "#ffffff",
        "axes.linewidth": 0,
        "xtick.major.size": 0,
        "ytick.major.size": 0,
        "path.simplify": False,
    }
    with matplotlib.rc_context(settings):
        width = 2.6 + 0.52 * len(cols)
        height = 1.9 + 0.42 * len(rows)
        fig = Figure(figsize=(width, height), layout="constrained")
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        cmap = matplotlib.colormaps["YlGnBu"]
        mesh = ax.pcolormesh(data, cmap=cmap, vmin=0, vmax=top, edgecolors="#ffffff", linewidth=2)
        ax.set_facecolor("#f3f5f7")
        ax.set_xlim(0, len(cols))
        ax.set_ylim(len(rows), 0)
        ax.set_xticks([i + 0.5 for i in range(len(cols))], labels=cols, rotation=40, ha="right", rotation_mode="anchor")
        ax.set_yticks([i + 0.5 for i in range(len(rows))], labels=rows)
        ax.set_xlabel("source of the producer MSCs")
        ax.set_ylabel("organ system")
        for i, row in enumerate(counts):
            for j, n in enumerate(row):
                if n:
                    ax.text(
                        j + 0.5,
                        i + 0.5,
                        str(n),
                        ha="center",
                        va="center",
                        fontsize=9,
                        color="#ffffff" if n > top * 0.55 else "#1d2b36",
                    )
        from matplotlib.ticker import MaxNLocator

        bar = fig.colorbar(mesh, ax=ax, shrink=0.8, pad=0.01, aspect=25, ticks=MaxNLocator(nbins=5, integer=True))
        bar.set_label("findings")
        bar.outline.set_visible(False)
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


CSS = """\
:root {
  --ink: #1d2b36; --muted: #5b6b78; --line: #dde3e8; --bg: #ffffff; --soft: #f3f6f8;
  --brand: #0f5c6e; --brand-dark: #0a3f4c; --accent: #c2571a; --up: #1d7a3a; --down: #b3261e;
}
* { box-sizing: border-box; }
html { font-size: 16px; }
body { margin: 0; color: var(--ink); background: var(--bg); display: flex; flex-direction: column; min-height: 100vh;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Helvetica Neue", Arial, sans-serif;
  line-height: 1.55; }
.wrap { max-width: 1120px; margin: 0 auto; padding: 0 1.25rem; }
a { color: var(--brand); text-decoration-thickness: 1px; text-underline-offset: 2px; }
a:hover { color: var(--accent); }
a.ext::after { content: " \\2197"; font-size: 0.8em; }
header.site { background: var(--brand-dark); color: #fff; }
header.site .wrap { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 1.5rem; padding-top: 0.7rem; padding-bottom: 0.7rem; }
header.site a { color: #fff; text-decoration: none; }
header.site .brand { font-weight: 700; font-size: 1.15rem; letter-spacing: 0.02em; }
header.site nav { display: flex; flex-wrap: wrap; gap: 0.2rem 1.1rem; font-size: 0.95rem; }
header.site nav a { opacity: 0.85; padding: 0.1rem 0; border-bottom: 2px solid transparent; }
header.site nav a:hover { opacity: 1; border-bottom-color: #fff; color: #fff; }
header.site nav a[aria-current="page"] { opacity: 1; border-bottom-color: #f0b27a; }
main { flex: 1 0 auto; width: 100%; padding-top: 1.5rem; padding-bottom: 2.5rem; }
h1 { font-size: 1.9rem; line-height: 1.25; margin: 0.4rem 0 0.8rem; }
h1.statement { font-size: 1.5rem; font-weight: 600; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 0.7rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 0.6rem 0 0.4rem; }
.hero { padding: 0.4rem 0 0.6rem; }
.hero .lead { font-size: 1.08rem; max-width: 62rem; }
.hero .source { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 0.7rem 1rem; max-width: 62rem; }
.hero .source .tag { display: inline-block; background: var(--brand); color: #fff; font-size: 0.78rem; font-weight: 600;
  text-transform: uppercase; letter-spacing: 0.05em; border-radius: 4px; padding: 0 0.45rem; margin-right: 0.3rem; }
.version, .kicker, .class, .iri { color: var(--muted); font-size: 0.92rem; }
.kicker { margin: 0; text-transform: none; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 0.8rem; margin: 1.2rem 0 0.5rem; }
.stat { background: var(--soft); border: 1px solid var(--line); border-left: 4px solid var(--brand); border-radius: 6px; padding: 0.8rem 1rem; }
.stat .n { display: block; font-size: 1.8rem; font-weight: 700; color: var(--brand-dark); line-height: 1.1; }
.stat .what { color: var(--muted); font-size: 0.92rem; }
figure { margin: 1rem 0; }
figure.heatmap img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
figcaption { color: var(--muted); font-size: 0.92rem; margin-top: 0.5rem; max-width: 60rem; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 1rem 2rem; }
ul.plain { list-style: none; padding: 0; margin: 0.3rem 0; }
ul.plain li { padding: 0.15rem 0; }
.count { color: var(--muted); font-size: 0.85rem; background: var(--soft); border-radius: 999px; padding: 0 0.45rem; margin-left: 0.2rem; }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0 1rem; font-size: 0.94rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--soft); font-weight: 600; border-bottom: 2px solid var(--line); }
tbody tr:hover { background: #fafcfd; }
table.numbers td { text-align: center; }
table.numbers { font-size: 0.85rem; }
.scroll { overflow-x: auto; }
.record-table { min-width: 760px; }
.record-table.transposed tbody th { width: 12rem; color: var(--muted); }
.record-table tr.record > * { border-bottom: 0; }
.record-table tr.evidence td { padding-top: 0; }
.record-table tr.evidence blockquote { font-size: 0.92rem; }
ul.notes { margin: 0.4rem 0 0; padding-left: 1.1rem; color: var(--muted); font-size: 0.88rem; }
section.term { border: 1px solid var(--line); border-radius: 6px; padding: 0.2rem 1rem 0.4rem; margin: 0.9rem 0; }
section.term:target { border-color: var(--accent); box-shadow: 0 0 0 2px #f0b27a; }
section.term h3 { margin-top: 0.6rem; }
ul.cell { margin: 0; padding-left: 1rem; }
blockquote { margin: 0; padding: 0.8rem 1.1rem; background: #fbf7f2; border-left: 4px solid var(--accent); border-radius: 0 6px 6px 0; font-family: Georgia, "DejaVu Serif", serif; }
figure.evidence blockquote { font-size: 1.08rem; }
dl.facts { display: grid; grid-template-columns: minmax(10rem, max-content) 1fr; gap: 0.35rem 1.2rem; margin: 0.6rem 0; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; }
dl.facts dd ul { margin: 0; padding-left: 1.1rem; }
.dir { white-space: nowrap; font-weight: 600; }
.dir.increases { color: var(--up); }
.dir.decreases { color: var(--down); }
.badge { display: inline-block; font-size: 0.8rem; padding: 0 0.45rem; border-radius: 4px; }
.badge.inferred { background: #fff1d6; color: #7a4b00; border: 1px solid #f0d39a; }
.note { color: var(--muted); font-size: 0.88rem; margin-top: 0.2rem; }
.none { color: var(--muted); font-style: italic; }
.match, .alt { color: var(--muted); font-size: 0.85rem; font-weight: 400; }
.oos { color: var(--muted); font-weight: 600; }
.toc { line-height: 1.9; }
pre.sparql { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem; overflow-x: auto; font-size: 0.85rem; }
details { margin: 0.4rem 0; }
summary { cursor: pointer; color: var(--brand); }
section.query { margin-bottom: 1.8rem; }
.cmd code, code { background: var(--soft); padding: 0.05rem 0.3rem; border-radius: 4px; font-size: 0.9em; }
ol.citations li { margin-bottom: 0.4rem; }
nav.pager { margin-top: 2rem; padding-top: 0.8rem; border-top: 1px solid var(--line); }
footer.site { border-top: 1px solid var(--line); background: var(--soft); color: var(--muted); font-size: 0.88rem; padding: 1rem 0; }
footer.site a { color: var(--muted); }
@media (max-width: 640px) { dl.facts { grid-template-columns: 1fr; } dl.facts dd { margin-bottom: 0.4rem; } h1 { font-size: 1.5rem; } h1.statement { font-size: 1.2rem; } }
"""


def site_files(graph: Graph, *, downloads: Iterable[str] = BUILD_DOWNLOADS) -> dict[str, bytes]:
    """Every file of the static site: ``{path relative to build/site/: content}``, deterministic.

    ``graph`` is the release graph (ontology + data, as ``build_graph`` returns it); the
    canned queries are read from ``queries/``. ``downloads`` names the release files that sit
    one folder above the site (the home page links to ``../<name>``): by default what
    ``mscexo-ld build`` writes; a versioned release passes its own list. ``ontology.html`` is
    not included: write :func:`mscexo_ld.site.ontology_docs.ontology_docs` beside these files (see
    :func:`write_site`).
    """
    site = _Site(graph, downloads)
    files: dict[str, bytes] = {
        CSS_FILE: CSS.encode("utf-8"),
        FIGURE_FILE: site.figure,
        "index.html": site.index(),
        "findings.html": site.findings_index(),
        "entities.html": site.entities_index(),
        "references.html": site.references_page(),
        "tables.html": site.tables_page(),
        "queries.html": site.queries_page(),
    }
    for i, f in enumerate(site.findings):
        previous = site.findings[i - 1] if i else None
        following = site.findings[i + 1] if i + 1 < len(site.findings) else None
        path, content = site.finding_page(f, previous, following)
        files[path] = content
    for kind in ENTITY_KIND_TITLES:
        for node in site.entities.get(kind, []):
            path, content = site.entity_page(kind, node)
            files[path] = content
    return dict(sorted(files.items()))


def write_site(site_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` as the folder ``site_dir``, replacing it whole; nothing changes unless all were written.

    The files go into a temporary sibling folder first, which then takes the place of ``site_dir``
    (so no page of an older build is left behind).
    """
    site_dir = Path(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-site-", dir=site_dir.parent))
    old = None
    try:
        for name in sorted(files):
            if name.startswith("/") or ".." in Path(name).parts:
                raise ValueError(f"site file {name!r}: expected a relative path inside the site")
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[name])
        if site_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=".old-site-", dir=site_dir.parent))
            os.replace(site_dir, old / "site")
        os.replace(tmp, site_dir)
        return [site_dir / name for name in sorted(files)]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
