"""The release graph, indexed for the site: what is on which page, labels, links, who involves what."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld.query import conneg
from mscexo_ld.schema import TABLES
from mscexo_ld.site.common import (
    BUILD_DOWNLOADS,
    DOWNLOAD_INFO,
    ENTITY_KIND_TITLES,
    SPECIES_DIR,
    href,
    natural_key,
)
from mscexo_ld.site.model import Identifier, Link

M = C.MSCEXO

#: Finding -> thing predicates, with the role shown on the thing's page and the title on the finding's.
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

#: Predicates of a table record that are not shown as a mention on the page of what they point at.
_NOT_MENTIONS = (RDF.type, DCTERMS.source, M.citedReference, SKOS.exactMatch, SKOS.closeMatch)


class SiteGraph:
    """The graph, indexed for rendering: findings, references, entities by kind, table records."""

    def __init__(self, graph: Graph, downloads: Iterable[str] = BUILD_DOWNLOADS) -> None:
        self.g = graph
        # A page asks for the same nodes' labels, ids and pages again and again; the graph does not
        # change while the site renders, so each is looked up once.
        self._kind_ids: dict[Node | None, tuple[str, str] | None] = {}
        self._labels: dict[Node | None, str] = {}
        self._pages: dict[Node | None, str | None] = {}
        names = set(downloads)
        self.downloads = [n for n in DOWNLOAD_INFO if n in names] + sorted(names - set(DOWNLOAD_INFO))
        self.version = str(graph.value(iris.dataset(), OWL.versionInfo) or C.VERSION)
        self.species = sorted(
            {o for p in (M.donorSpecies, M.organism) for o in graph.objects(None, p) if isinstance(o, URIRef)}, key=str
        )
        self.species_set = frozenset(self.species)
        self.findings = sorted(
            (f for f in set(graph.subjects(RDF.type, M.Finding)) if isinstance(f, URIRef)),
            key=lambda f: natural_key(self.local(f)),
        )
        self.references = sorted(set(graph.subjects(RDF.type, M.Reference)), key=self.reference_number)
        self.entities: dict[str, list[URIRef]] = defaultdict(list)
        for node in set(graph.all_nodes()):
            kind_id = self.kind_id(node)
            if isinstance(node, URIRef) and kind_id and kind_id[0] in ENTITY_KIND_TITLES and kind_id[0] != "species":
                self.entities[kind_id[0]].append(node)
        self.entities["species"] = list(self.species)
        for nodes in self.entities.values():
            nodes.sort(key=lambda n: (natural_key(self.label(n)), str(n)))
        self.table_records: dict[str, list[URIRef]] = {}
        for name, spec in TABLES.items():
            self.table_records[name] = sorted(
                (
                    s
                    for s in set(graph.subjects(RDF.type, M[spec.cls]))
                    if isinstance(s, URIRef) and str(s).startswith(iris.record_namespace(spec.kind))
                ),
                key=lambda s: natural_key(self.local(s)),
            )
        self._check_paths()
        self.involvement = self._involvement()
        self.table_mentions = self._table_mentions()

    # ------------------------------------------------------------------ nodes

    def kind_id(self, node: Node | None) -> tuple[str, str] | None:
        """(kind, id) of a node of ours (``.../id/gene/PTEN`` -> ("gene", "PTEN")), species too."""
        if node in self._kind_ids:
            return self._kind_ids[node]
        found = self._kind_id(node)
        self._kind_ids[node] = found
        return found

    def _kind_id(self, node: Node | None) -> tuple[str, str] | None:
        parsed = iris.parse(node) if isinstance(node, URIRef) else None
        if parsed is None:
            return None
        kind, key = parsed
        if kind == "entity":
            return str(key[0]), str(key[1])
        if kind in ("finding", "reference", "software"):
            return kind, str(key[0])
        if kind == "table-record":
            return iris.TABLE_SEGMENTS[str(key[0])], str(key[1])
        if kind == "taxon" and node in self.species_set:
            return "species", str(key[0]).replace(":", "_")
        return None

    def local(self, node: Node | None) -> str:
        """The id of a node of ours (``PTEN``), else the last segment of its IRI."""
        kind_id = self.kind_id(node)
        return kind_id[1] if kind_id else str(node).rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def label(self, node: Node | None) -> str:
        """The first rdfs:label, else the CURIE or id."""
        found = self._labels.get(node)
        if found is None:
            found = self._labels[node] = self._label(node)
        return found

    def _label(self, node: Node | None) -> str:
        labels = sorted(str(label) for label in self.g.objects(node, RDFS.label))
        if labels:
            return labels[0]
        if isinstance(node, URIRef):
            return C.compress_iri(str(node)) or self.local(node)
        return str(node)

    def reference_number(self, reference: Node) -> int:
        """The number of a reference in the review (0 if it has none)."""
        number = self.g.value(reference, M.referenceNumber)
        return int(str(number)) if number is not None else 0

    def texts(self, node: Node, predicate: URIRef) -> list[str]:
        """Every value of ``predicate`` on ``node``, as text, sorted."""
        return sorted(str(o) for o in self.g.objects(node, predicate))

    def objects(self, node: Node, predicate: URIRef) -> list[URIRef]:
        """Every IRI value of ``predicate`` on ``node``, in label order."""
        return sorted(
            (o for o in self.g.objects(node, predicate) if isinstance(o, URIRef)),
            key=lambda o: (natural_key(self.label(o)), str(o)),
        )

    def _page_of(self, node: Node | None) -> str | None:
        if not isinstance(node, URIRef):
            return None
        if node in self.species_set:
            found = self.kind_id(node)
            return f"{SPECIES_DIR}/{found[1]}.html" if found else None
        doc = conneg.document(str(node))
        if doc is None:
            return None
        parsed = iris.parse(node)
        if parsed is not None and parsed.kind == "entity" and parsed.key[0] not in ENTITY_KIND_TITLES:
            return None
        return doc.path + ".html" + (f"#{doc.fragment}" if doc.fragment else "")

    def page_of(self, node: Node | None) -> str | None:
        """The page (relative to the site root, maybe with a #fragment) that shows ``node``.

        Nodes of ours are on the page of their document (:func:`mscexo_ld.query.conneg.document`,
        the IRI with the namespace root taken off: ``id/gene/PTEN.html``); a species on
        ``species/NCBITaxon_<n>.html``.
        """
        if node in self._pages:
            return self._pages[node]
        found = self._page_of(node)
        self._pages[node] = found
        return found

    def link(self, node: Node | None, current: str, text: str | None = None) -> Link:
        """A link from page ``current`` to the node's page (or to the IRI itself when outside the dataset)."""
        shown = text if text is not None else self.label(node)
        page = self.page_of(node)
        if page:
            return Link(shown, href(page, current))
        if isinstance(node, URIRef):
            return Link(shown, str(node))
        return Link(shown)

    def links(self, nodes: Iterable[Node], current: str) -> tuple[Link, ...]:
        """:meth:`link` for each node."""
        return tuple(self.link(n, current) for n in nodes)

    def refs(
        self, node: Node, current: str, *, predicate: URIRef = M.reportedIn, short: bool = False
    ) -> tuple[Link, ...]:
        """Links to the references ``node`` cites: ``[109] Sun et al.``, or ``[109]`` when ``short``."""
        refs = sorted(self.g.objects(node, predicate), key=self.reference_number)
        items = []
        for r in refs:
            number = self.g.value(r, M.referenceNumber)
            author = self.g.value(r, M.firstAuthor)
            text = f"[{number}]" if short or not author else f"[{number}] {author} et al."
            items.append(self.link(r, current, text))
        return tuple(items)

    def identifiers(self, node: URIRef, *, short: bool = False) -> tuple[Identifier, ...]:
        """The standard identifiers of ``node`` (exact matches first); ``short`` leaves out "(exact)"."""
        out = [(o, "exact") for o in self.g.objects(node, SKOS.exactMatch) if isinstance(o, URIRef)]
        out += [(o, "close") for o in self.g.objects(node, SKOS.closeMatch) if isinstance(o, URIRef)]
        if node in self.species_set:
            out.append((node, "the species' own IRI"))
        out.sort(key=lambda oi: (oi[1] != "exact", natural_key(str(oi[0]))))
        return tuple(
            Identifier(
                Link(C.compress_iri(str(iri)) or str(iri), str(iri)), None if short and match == "exact" else match
            )
            for iri, match in out
        )

    def _check_paths(self) -> None:
        """Two pages whose paths differ only in case would overwrite each other on macOS/Windows."""
        seen: dict[str, str] = {}
        for nodes in self.entities.values():
            for node in nodes:
                path = self.page_of(node) or ""
                if path.lower() in seen and seen[path.lower()] != path:
                    raise ValueError(f"site pages {seen[path.lower()]} and {path} differ only in case")
                seen[path.lower()] = path

    # ------------------------------------------------------------------ findings

    def regulations(self, finding: URIRef) -> list[URIRef]:
        """The finding's regulations, in IRI order."""
        return sorted(
            (r for r in self.g.objects(finding, M.regulation) if isinstance(r, URIRef)),
            key=lambda r: natural_key(str(r)),
        )

    def modifications(self, finding: URIRef) -> list[URIRef]:
        """The finding's producer modifications, in IRI order."""
        return sorted(
            (m for m in self.g.objects(finding, M.producerModification) if isinstance(m, URIRef)),
            key=lambda m: natural_key(str(m)),
        )

    def regulation_text(self, regulation: URIRef) -> str:
        """``miR-21 decreases PTEN (curator-inferred)``."""
        regulator = self.g.value(regulation, M.regulator)
        regulated = self.g.value(regulation, M.regulated)
        direction = self.label(self.g.value(regulation, M.direction))
        inferred = " (curator-inferred)" if self.inferred(regulation) else ""
        return f"{self.label(regulator)} {direction} {self.label(regulated)}{inferred}"

    def inferred(self, regulation: URIRef) -> bool:
        """Whether the curator inferred the regulation (the review does not print it)."""
        value = self.g.value(regulation, M.curatorInferred)
        return isinstance(value, Literal) and value.toPython() is True

    def _involvement(self) -> dict[Node | None, dict[URIRef, list[str]]]:
        """thing -> finding -> the roles the thing plays in it (direct, through a regulation or a modification)."""
        index: dict[Node | None, dict[URIRef, list[str]]] = defaultdict(lambda: defaultdict(list))
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
                    if isinstance(o, URIRef) and p not in _NOT_MENTIONS:
                        index[o].append((record, self.label(p)))
        for mentions in index.values():
            mentions.sort(key=lambda rm: (natural_key(str(rm[0])), rm[1]))
        return index

    # ------------------------------------------------------------------ home page

    def counts(self) -> dict[str, int]:
        """What the home page counts: findings, references, entities, standard identifiers, triples."""
        identifiers: set[Node] = set()
        for predicate in (SKOS.exactMatch, SKOS.closeMatch):
            for s, o in self.g.subject_objects(predicate):
                if iris.is_ours(str(s)) and isinstance(o, URIRef):
                    identifiers.add(o)
        identifiers |= self.species_set
        return {
            "findings": len(self.findings),
            "references": len(self.references),
            "entities": sum(len(nodes) for nodes in self.entities.values()),
            "identifiers": len(identifiers),
            "triples": len(self.g),
        }

    def heatmap_data(
        self,
    ) -> tuple[list[Node | None], list[URIRef | None], dict[tuple[Node | None, URIRef | None], int]]:
        """(organ systems, MSC sources (None: not stated), findings per (organ, source)), most findings first."""
        cells: dict[tuple[Node | None, URIRef | None], int] = defaultdict(int)
        for f in self.findings:
            organ = self.g.value(f, M.organSystem)
            sources: list[URIRef | None] = list(self.objects(f, M.mscSource)) or [None]
            for source in sources:
                cells[(organ, source)] += 1
        row_total: dict[Node | None, int] = defaultdict(int)
        col_total: dict[URIRef | None, int] = defaultdict(int)
        for (row, col), n in cells.items():
            row_total[row] += n
            col_total[col] += n
        rows = sorted(row_total, key=lambda r: (-row_total[r], self.label(r)))
        cols = sorted(col_total, key=lambda c: (c is None, -col_total[c], self.label(c) if c else ""))
        return rows, cols, dict(cells)
