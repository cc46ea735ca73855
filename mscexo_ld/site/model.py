"""The site's view model: plain data for each page, computed from the graph, with no HTML in it.

Over 400 lines because it holds the view model of every page, one small dataclass each, in one place.

:mod:`mscexo_ld.site.pages` fills these from the indexed graph; the Jinja2 templates of
``templates/`` turn them into HTML (and escape every string they print). Links carry the
``href`` relative to the page they are on, ready to print.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True)
class Link:
    """A link (``href`` relative to the current page), or plain text when ``href`` is None."""

    text: str
    href: str | None = None


@dataclass(frozen=True)
class NavItem:
    """One entry of the navigation bar."""

    link: Link
    current: bool


@dataclass(frozen=True)
class Alternate:
    """A ``<link rel="alternate">``: the same resource (or the whole graph) in an RDF format."""

    href: str
    type: str


@dataclass(frozen=True)
class Frame:
    """What the shared layout (header, navigation, search box, footer) needs for one page."""

    path: str
    title: str
    version: str
    css_href: str
    home_href: str
    cite_href: str
    nav: tuple[NavItem, ...]
    alternates: tuple[Alternate, ...] = ()
    search_href: str = ""
    script_href: str = ""
    root_href: str = ""


@dataclass(frozen=True)
class Identifier:
    """A standard identifier of an entity: the link (CURIE shown) and the match shown after it, if any."""

    link: Link
    match: str | None


# ----------------------------------------------------------------------------- home page


@dataclass(frozen=True)
class Stat:
    """One count of the home page (``id="count-<key>"``)."""

    key: str
    value: int
    what: str


@dataclass(frozen=True)
class CountedLink:
    """A link with a count after it (an organ system and its findings, a kind and its entities)."""

    link: Link
    count: int


@dataclass(frozen=True)
class HeatmapRow:
    """One row of the numbers behind the heat map: an organ system, findings per MSC source (None: none)."""

    label: str
    counts: tuple[int | None, ...]


@dataclass(frozen=True)
class Download:
    """One release file the home page offers, with its format and content."""

    link: Link
    format: str
    content: str


@dataclass(frozen=True)
class HomePage:
    """``index.html``."""

    frame: Frame
    title: str
    version: str
    stats: tuple[Stat, ...]
    figure_src: str
    figure_width: int
    figure_height: int
    heatmap_columns: tuple[str, ...]
    heatmap_rows: tuple[HeatmapRow, ...]
    organ_links: tuple[CountedLink, ...]
    kind_links: tuple[CountedLink, ...]
    n_findings: int
    n_references: int
    findings_href: str
    references_href: str
    tables_href: str
    queries_href: str
    ontology_href: str
    downloads: tuple[Download, ...]
    dataset_href: str = ""
    #: schema.org Dataset (Bioschemas profile) as JSON-LD, every <, > and & written as \u escapes.
    structured_data: Markup | None = None


# ----------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class FindingRow:
    """One finding in ``findings.html``."""

    link: Link
    statement: str
    refs: tuple[Link, ...]
    sources: tuple[Link, ...]
    conditions: tuple[Link, ...]
    evidence: object = None  # site.evidence.EvidenceView: the evidence column


@dataclass(frozen=True)
class Group:
    """A titled section of an index page (an organ system, an entity kind): anchor, title, number of rows."""

    anchor: str
    title: str
    count: int


@dataclass(frozen=True)
class OrganGroup:
    """The findings of one organ system."""

    group: Group
    rows: tuple[FindingRow, ...]


@dataclass(frozen=True)
class FindingsIndex:
    """``findings.html``."""

    frame: Frame
    total: int
    groups: tuple[OrganGroup, ...]


@dataclass(frozen=True)
class RoleFact:
    """One line of a finding's facts: the things in one role, or what to say when there is none."""

    title: str
    links: tuple[Link, ...]
    none_text: str


@dataclass(frozen=True)
class Modification:
    """A producer modification of a finding (``overexpression of miR-21``)."""

    anchor: str
    kind: Link
    agent: Link
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Regulation:
    """One regulation of a finding: regulator, direction, regulated."""

    anchor: str
    regulator: Link
    direction: str
    arrow: str
    regulated: Link
    inferred: bool
    notes: tuple[str, ...]


@dataclass(frozen=True)
class FindingPage:
    """``id/finding/<id>.html``."""

    frame: Frame
    ident: str
    organs: tuple[Link, ...]
    statement: str
    quote: str
    refs: tuple[Link, ...]
    facts: tuple[RoleFact, ...]
    modifications: tuple[Modification, ...]
    regulations: tuple[Regulation, ...]
    notes: tuple[str, ...]
    iri: str
    previous: Link | None
    all_findings: Link
    following: Link | None
    evidence: object = None  # site.evidence.EvidenceView: evidence type, experimental system, involvements


# ----------------------------------------------------------------------------- entities


@dataclass(frozen=True)
class EntityRow:
    """One entity in ``entities.html``."""

    link: Link
    identifiers: tuple[Identifier, ...]
    n_findings: int


@dataclass(frozen=True)
class KindGroup:
    """The entities of one kind."""

    group: Group
    rows: tuple[EntityRow, ...]


@dataclass(frozen=True)
class EntitiesIndex:
    """``entities.html``."""

    frame: Frame
    total: int
    groups: tuple[KindGroup, ...]


@dataclass(frozen=True)
class InvolvedRow:
    """A finding that involves the entity, and the roles the entity plays in it."""

    link: Link
    statement: str
    roles: tuple[str, ...]
    refs: tuple[Link, ...]


@dataclass(frozen=True)
class Mention:
    """A table record that points at the entity, and through which property."""

    link: Link
    prop: str


@dataclass(frozen=True)
class EntityPage:
    """``id/<kind>/<id>.html`` (a species: ``species/NCBITaxon_<n>.html``)."""

    frame: Frame
    kind_link: Link
    label: str
    classes: tuple[Link, ...]  # empty: a species (an NCBI Taxonomy term)
    alt_names: tuple[str, ...]
    identifiers: tuple[Identifier, ...]
    unmapped: tuple[str, ...]
    is_model: bool
    organisms: tuple[Link, ...]
    inductions: tuple[str, ...]
    notes: tuple[str, ...]
    involved: tuple[InvolvedRow, ...]
    mentions: tuple[Mention, ...]
    iri: str


# ----------------------------------------------------------------------------- references, tables, queries


@dataclass(frozen=True)
class CitedBy:
    """One part of what accounts for a reference: findings, table records, or a reason it is out of scope."""

    kind: str  # "findings" | "tables" | "out-of-scope"
    links: tuple[Link, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class ReferenceRow:
    """One reference number of the review."""

    number: str
    author: str
    cited_by: tuple[CitedBy, ...]
    notes: tuple[str, ...]
    page: str = ""  # the reference's own page (id/reference/<n>.html)


@dataclass(frozen=True)
class ReferencesPage:
    """``references.html``."""

    frame: Frame
    rows: tuple[ReferenceRow, ...]


@dataclass(frozen=True)
class Record:
    """One record of a review table: its name, one tuple of values per field, references, identifiers, evidence."""

    anchor: str
    name: str
    alts: tuple[str, ...]
    fields: tuple[tuple[Link, ...], ...]
    refs: tuple[Link, ...]
    identifiers: tuple[Identifier, ...]
    unmapped: tuple[str, ...]
    quote: str
    notes: tuple[str, ...]
    page: str = ""  # the record's own page (id/<kind>/<id>.html)


@dataclass(frozen=True)
class TableSection:
    """One table of the review."""

    anchor: str
    title: str
    cls: Link
    columns: tuple[str, ...]  # one per field, then "references", "standard identifiers"
    transposed: bool  # few records, many fields: one column per record, as the review prints it
    records: tuple[Record, ...]


@dataclass(frozen=True)
class TablesPage:
    """``tables.html``."""

    frame: Frame
    sections: tuple[TableSection, ...]


@dataclass(frozen=True)
class QueryParam:
    """A parameter of a canned query."""

    name: str
    type: str
    default: str
    description: str


@dataclass(frozen=True)
class QueryView:
    """A canned query and its answer (``error``: why it could not be answered)."""

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    text: str
    error: str | None
    variables: tuple[str, ...]
    rows: tuple[tuple[Link | None, ...], ...]


@dataclass(frozen=True)
class QueriesPage:
    """``queries.html``."""

    frame: Frame
    queries: tuple[QueryView, ...]


# ----------------------------------------------------------------------------- other resources, the dataset, search


@dataclass(frozen=True)
class Fact:
    """A property of a resource and its values (or, for ``incoming``, the things that point at it)."""

    title: Link
    values: tuple[Link, ...]


@dataclass(frozen=True)
class ResourcePage:
    """``id/<kind>/<id>.html`` for a reference, a table record or another node of ours: every statement about it."""

    frame: Frame
    kind_link: Link
    label: str
    facts: tuple[Fact, ...]
    incoming: tuple[Fact, ...]
    iri: str


@dataclass(frozen=True)
class Distribution:
    """One file of the release as the dataset description gives it."""

    link: Link
    media_type: str
    size: str
    sha256: str
    licence: Link


@dataclass(frozen=True)
class DatasetPage:
    """``id/dataset.html``: the dataset description (``void.ttl``) for people."""

    frame: Frame
    title: str
    description: str
    facts: tuple[Fact, ...]
    distributions: tuple[Distribution, ...]
    iri: str


@dataclass(frozen=True)
class SearchPage:
    """``search.html``: the results of the search box, or (without JavaScript) the lists to browse."""

    frame: Frame
    lists: tuple[Link, ...]
