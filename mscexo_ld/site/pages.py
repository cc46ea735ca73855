"""The view model of each page of the site, computed from the indexed graph (:class:`SiteGraph`)."""

from __future__ import annotations

import re
from collections import defaultdict

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD
from rdflib.term import Node

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld.schema import TABLES, TableSpec
from mscexo_ld.site.common import (
    DOWNLOAD_INFO,
    ENTITY_KIND_TITLES,
    FIGURE_FILE,
    NOT_STATED,
    ONTOLOGY_PAGE,
    TABLE_TITLES,
    href,
    natural_key,
    release_path,
)
from mscexo_ld.site.evidence import evidence_view
from mscexo_ld.site.graph_index import FINDING_ROLES, SiteGraph
from mscexo_ld.site.heatmap import svg_size
from mscexo_ld.site.model import (
    CitedBy,
    CountedLink,
    Download,
    EntitiesIndex,
    EntityPage,
    EntityRow,
    FindingPage,
    FindingRow,
    FindingsIndex,
    Group,
    HeatmapRow,
    HomePage,
    InvolvedRow,
    KindGroup,
    Link,
    Mention,
    Modification,
    OrganGroup,
    Record,
    ReferenceRow,
    ReferencesPage,
    Regulation,
    RoleFact,
    Stat,
    TableSection,
    TablesPage,
)
from mscexo_ld.site.templating import frame

M = C.MSCEXO


def page_path(site: SiteGraph, node: URIRef) -> str:
    """The page of a node that has one (``id/finding/F109.html``)."""
    page = site.page_of(node)
    if page is None or "#" in page:
        raise ValueError(f"{node} has no page of its own")
    return page


def home_page(site: SiteGraph, figure: bytes) -> HomePage:
    """``index.html``: counts, the heat map and its numbers, browse links, downloads."""
    from mscexo_ld.site.resource_pages import structured_data

    cur = "index.html"
    counts = site.counts()
    rows, cols, cells = site.heatmap_data()
    width, height = svg_size(figure, 880)
    g = site.g
    return HomePage(
        frame=frame(cur, "Home", version=site.version, section=cur),
        title=str(g.value(iris.dataset(), DCTERMS.title) or "mscexo-ld"),
        version=site.version,
        stats=(
            Stat("findings", counts["findings"], "findings"),
            Stat("references", counts["references"], "references of the review"),
            Stat("entities", counts["entities"], "entities"),
            Stat("identifiers", counts["identifiers"], "standard identifiers"),
            Stat("triples", counts["triples"], "triples"),
        ),
        figure_src=href(FIGURE_FILE, cur),
        figure_width=width,
        figure_height=height,
        heatmap_columns=tuple(site.label(c) if c else NOT_STATED for c in cols),
        heatmap_rows=tuple(HeatmapRow(site.label(r), tuple(cells.get((r, c)) or None for c in cols)) for r in rows),
        organ_links=tuple(
            CountedLink(
                Link(site.label(r), href("findings.html#" + site.local(r), cur)),
                sum(1 for f in site.findings if g.value(f, M.organSystem) == r),
            )
            for r in sorted(rows, key=site.label)
        ),
        kind_links=tuple(
            CountedLink(Link(title, href("entities.html#" + kind, cur)), len(site.entities.get(kind, [])))
            for kind, title in ENTITY_KIND_TITLES.items()
        ),
        n_findings=counts["findings"],
        n_references=counts["references"],
        findings_href=href("findings.html", cur),
        references_href=href("references.html", cur),
        tables_href=href("tables.html", cur),
        queries_href=href("queries.html", cur),
        ontology_href=href(ONTOLOGY_PAGE, cur),
        downloads=tuple(
            Download(Link(name, href(release_path(site.version, name), cur)), *DOWNLOAD_INFO.get(name, ("", "")))
            for name in site.downloads
        ),
        dataset_href=href(page_path(site, iris.dataset()), cur),
        structured_data=structured_data(site),
    )


def findings_index(site: SiteGraph) -> FindingsIndex:
    """``findings.html``: every finding, grouped by organ system."""
    cur = "findings.html"
    by_organ: dict[Node | None, list[URIRef]] = defaultdict(list)
    for f in site.findings:
        by_organ[site.g.value(f, M.organSystem)].append(f)
    groups = tuple(
        OrganGroup(
            Group(site.local(organ), site.label(organ), len(by_organ[organ])),
            tuple(
                FindingRow(
                    site.link(f, cur, site.local(f)),
                    site.label(f),
                    site.refs(f, cur, short=True),
                    site.links(site.objects(f, M.mscSource), cur),
                    site.links(site.objects(f, M.condition), cur),
                    evidence_view(site, f, cur),
                )
                for f in by_organ[organ]
            ),
        )
        for organ in sorted(by_organ, key=site.label)
    )
    return FindingsIndex(frame(cur, "Findings", version=site.version, section=cur), len(site.findings), groups)


def _fragment(node: URIRef) -> str:
    """``.../finding/F109/regulation/1`` -> ``regulation-1``."""
    parts = str(node).rsplit("/", 2)
    return f"{parts[-2]}-{parts[-1]}"


def finding_page(site: SiteGraph, f: URIRef, previous: URIRef | None, following: URIRef | None) -> FindingPage:
    """``id/finding/<id>.html``: the statement, its evidence, what was studied, the regulations."""
    g = site.g
    ident = site.local(f)
    cur = page_path(site, f)
    facts = [RoleFact("Reported in", site.refs(f, cur), "none")]
    for predicate, _role, title in FINDING_ROLES:
        unstated = "not stated in the review" if predicate in (M.mscSource, M.donorSpecies) else "none"
        facts.append(RoleFact(title, site.links(site.objects(f, predicate), cur), unstated))
    modifications = tuple(
        Modification(
            _fragment(m),
            site.link(g.value(m, M.modificationType), cur),
            site.link(g.value(m, M.modificationAgent), cur),
            tuple(site.texts(m, M.curatorNote)),
        )
        for m in site.modifications(f)
    )
    regulations = []
    for r in site.regulations(f):
        direction = g.value(r, M.direction)
        regulations.append(
            Regulation(
                anchor=_fragment(r),
                regulator=site.link(g.value(r, M.regulator), cur),
                direction=site.label(direction),
                arrow="▲" if direction == M.Increases else "▼" if direction == M.Decreases else "",
                regulated=site.link(g.value(r, M.regulated), cur),
                inferred=site.inferred(r),
                notes=tuple(site.texts(r, M.curatorNote)),
            )
        )

    def pager(node: URIRef | None) -> Link | None:
        return None if node is None else Link(site.local(node), href(page_path(site, node), cur))

    return FindingPage(
        frame=frame(cur, f"Finding {ident}", version=site.version, section="findings.html", document=cur[:-5]),
        ident=ident,
        organs=site.links(site.objects(f, M.organSystem), cur),
        statement=site.label(f),
        quote=str(g.value(f, M.evidenceQuote) or ""),
        refs=site.refs(f, cur),
        facts=tuple(facts),
        modifications=modifications,
        regulations=tuple(regulations),
        notes=tuple(site.texts(f, M.curatorNote)),
        iri=str(f),
        previous=pager(previous),
        all_findings=Link("all findings", href("findings.html", cur)),
        following=pager(following),
        evidence=evidence_view(site, f, cur),
    )


def entities_index(site: SiteGraph) -> EntitiesIndex:
    """``entities.html``: every entity by kind, with its identifiers and how many findings involve it."""
    cur = "entities.html"
    groups = tuple(
        KindGroup(
            Group(kind, title, len(site.entities.get(kind, []))),
            tuple(
                EntityRow(
                    site.link(node, cur),
                    site.identifiers(node, short=True),
                    len(site.involvement.get(node, {})),
                )
                for node in site.entities.get(kind, [])
            ),
        )
        for kind, title in ENTITY_KIND_TITLES.items()
    )
    total = sum(len(v) for v in site.entities.values())
    return EntitiesIndex(frame(cur, "Entities", version=site.version, section=cur), total, groups)


def entity_page(site: SiteGraph, kind: str, node: URIRef) -> EntityPage:
    """``id/<kind>/<id>.html``: names, identifiers, every finding and table record involving it."""
    cur = page_path(site, node)
    classes = sorted((c for c in site.g.objects(node, RDF.type) if str(c).startswith(str(M))), key=str)
    involved = site.involvement.get(node, {})
    label = site.label(node)
    return EntityPage(
        frame=frame(cur, label, version=site.version, section="entities.html", document=cur[:-5]),
        kind_link=Link(ENTITY_KIND_TITLES[kind], href("entities.html#" + kind, cur)),
        label=label,
        classes=site.links(classes, cur),
        alt_names=tuple(site.texts(node, SKOS.altLabel)),
        identifiers=site.identifiers(node),
        unmapped=tuple(site.texts(node, M.unmappedReason)),
        is_model=kind == "model",
        organisms=site.links(site.objects(node, M.organism), cur),
        inductions=tuple(site.texts(node, M.induction)),
        notes=tuple(site.texts(node, M.curatorNote)),
        involved=tuple(
            InvolvedRow(
                site.link(f, cur, site.local(f)),
                site.label(f),
                tuple(sorted(set(involved[f]))),
                site.refs(f, cur, short=True),
            )
            for f in sorted(involved, key=lambda f: natural_key(site.local(f)))
        ),
        mentions=tuple(Mention(site.link(record, cur), prop) for record, prop in site.table_mentions.get(node, [])),
        iri=str(node),
    )


def references_page(site: SiteGraph) -> ReferencesPage:
    """``references.html``: every reference number, and the findings, table records or reason that account for it."""
    cur = "references.html"
    g = site.g
    cited_by: dict[Node, list[URIRef]] = defaultdict(list)
    for f in site.findings:
        for r in g.objects(f, M.reportedIn):
            cited_by[r].append(f)
    tabled: dict[Node, list[URIRef]] = defaultdict(list)
    for records in site.table_records.values():
        for record in records:
            for r in g.objects(record, M.citedReference):
                tabled[r].append(record)
    rows = []
    for r in site.references:
        what = []
        if cited_by.get(r):
            what.append(CitedBy("findings", tuple(site.link(f, cur, site.local(f)) for f in cited_by[r])))
        if tabled.get(r):
            what.append(CitedBy("tables", site.links(tabled[r], cur)))
        what += [CitedBy("out-of-scope", reason=reason) for reason in site.texts(r, M.outOfScopeReason)]
        rows.append(
            ReferenceRow(
                number=str(g.value(r, M.referenceNumber)),
                author=str(g.value(r, M.firstAuthor) or ""),
                cited_by=tuple(what),
                notes=tuple(site.texts(r, M.curatorNote)),
                page=site.link(r, cur).href or "",
            )
        )
    return ReferencesPage(frame(cur, "References", version=site.version, section=cur), tuple(rows))


def _value(site: SiteGraph, o: Node, current: str) -> Link:
    """A table field's value: a literal as text (``5.0`` as ``5``), anything else as a link."""
    if isinstance(o, Literal):
        text = str(o)
        if o.datatype == XSD.decimal and re.fullmatch(r"-?\d+\.0", text):
            text = text[:-2]
        return Link(text)
    return site.link(o, current)


def _record(site: SiteGraph, spec: TableSpec, record: URIRef, current: str) -> Record:
    """One table record's row (or column)."""
    fields = []
    for field in spec.fields:
        values = sorted(
            site.g.objects(record, field.predicate),
            key=lambda o: (natural_key(site.label(o) if isinstance(o, URIRef) else str(o)), str(o)),
        )
        fields.append(tuple(_value(site, v, current) for v in values))
    return Record(
        anchor=f"{spec.kind}-{site.local(record)}",
        name=site.label(record),
        alts=tuple(site.texts(record, SKOS.altLabel)),
        fields=tuple(fields),
        refs=site.refs(record, current, predicate=M.citedReference, short=True),
        identifiers=site.identifiers(record),
        unmapped=tuple(site.texts(record, M.unmappedReason)),
        quote=str(site.g.value(record, M.evidenceQuote) or ""),
        notes=tuple(site.texts(record, M.curatorNote)),
        page=site.link(record, current).href or "",
    )


def tables_page(site: SiteGraph) -> TablesPage:
    """``tables.html``: Table 1-3, the ISCT criteria, characterization methods and lists, as in the graph."""
    cur = "tables.html"
    sections = []
    for name, title in TABLE_TITLES.items():
        spec = TABLES[name]
        records = site.table_records.get(name, [])
        sections.append(
            TableSection(
                anchor=name,
                title=title,
                cls=site.link(M[spec.cls], cur),
                columns=(*(site.label(field.predicate) for field in spec.fields), "references", "standard identifiers"),
                transposed=len(records) < len(spec.fields),
                records=tuple(_record(site, spec, record, cur) for record in records),
            )
        )
    return TablesPage(frame(cur, "Tables", version=site.version, section=cur), tuple(sections))
