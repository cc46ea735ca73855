"""KGX export of the release graph: Biolink Model nodes and edges (TSV) and graph metadata (JSON).

Over 400 lines: the Biolink mapping of every kind of ours, node merging, five families of edges and the
graph metadata belong together; the choices are told here once (README "Into other graphs" sums them up).

``kgx_files(graph)`` returns ``mscexo_kgx_nodes.tsv``, ``mscexo_kgx_edges.tsv`` in the KGX TSV layout
(https://github.com/biolink/kgx/blob/master/specification/kgx-format.md: one header row, tab-separated,
no quoting, multivalued fields ``|``-joined, sorted and de-duplicated, rows sorted by ``id``, LF) and
``mscexo_kgx_graph_metadata.json`` (name, version, licence, Biolink version, counts and the
``curie_map`` of every prefix the two files use). Slot names, categories, predicates and enum values
are those of Biolink Model 4.4.6; tests/test_export_kgx.py checks them with bmt and runs kgx 2.6.0.

Identifiers
    A node's ``id`` is the CURIE of its one ``skos:exactMatch`` (``HGNC:9588`` for PTEN), so that it
    merges with the same term in other graphs; an entity with no exact match, or several, keeps our own
    IRI as ``mscexo.{kind}:{id}`` (``mscexo.gene:Akt``; a ``-`` of a kind becomes ``_``:
    ``mscexo.msc_source:``). Prefixes are spelled as Biolink's JSON-LD context spells them where it has
    them (``CLINICALTRIALS``, ``HGNC``, ``MONDO`` ...); those it lacks (``cellosaurus``,
    ``mirbase.mature`` for mature miRNAs: Biolink's ``mirbase`` is the stem-loop ``MI`` accession, and
    ours) are declared in the graph metadata. ``xref`` carries the close matches, further exact matches
    and our own CURIE(s). Two entities with one exact match are one node. Edge ids are row identifiers
    ``mscexo.edge:F109-regulation-1`` (no ``/``: KGX takes an id for a CURIE; not IRIs).

Categories (see :mod:`mscexo_ld.export.biolink`)
    The id's vocabulary decides where it fixes the kind (HGNC -> Gene, mirbase -> MicroRNA, MONDO ->
    Disease, UBERON -> AnatomicalEntity, CL -> Cell, cellosaurus -> CellLine, CLINICALTRIALS ->
    ClinicalTrial, NCBITaxon -> OrganismTaxon); otherwise our class: gene product -> Gene, MicroRNA,
    lncRNA -> NoncodingRNAProduct, Protein, SmallMolecule, mechanism -> BiologicalProcess, condition ->
    DiseaseOrPhenotypicFeature, MSC source and organ system -> AnatomicalEntity, cell type -> Cell, the
    administered agents -> Treatment, in-vivo model -> PopulationOfIndividualOrganisms, in-vitro model ->
    Cell (CellLine with a Cellosaurus id), outcome -> PhenotypicFeature, marker -> Protein (or
    MacromolecularComplex), EV type -> CellularComponent, methods -> Procedure, finding -> Evidence (its
    ``description`` the evidence quote). The species of models are OrganismTaxon nodes (labels from the
    term cache). Not nodes: regulations (edges), producer modifications, the dataset, the ISCT criteria
    and lists, and references (edge ``publications``).

Edges (every one with ``primary_knowledge_source`` ``infores:mscexo``, ``publications`` = cited
reference(s) + the review's DOI, ``has_evidence`` = the finding(s), ``supporting_text`` = the quote(s),
``agent_type`` ``manual_agent`` and a ``knowledge_level``)
    * One per ``mscexo:Regulation``, regulator -> regulated, with ``qualified_predicate`` ``causes``,
      ``object_direction_qualifier`` and, for a molecular object, ``object_aspect_qualifier``
      ``activity_or_abundance``: ``biolink:regulates`` (``upregulated``/``downregulated``) only where
      both ends are in its domain and range ("physical essence or occurrent": genes, processes, anatomy
      ...) and the regulator is not administered; otherwise ``biolink:affects`` (``increased`` /
      ``decreased``): an administered agent or small molecule is no evolved control mechanism, and a
      microRNA, lncRNA or protein is outside ``regulates``' domain in Biolink 4.4.6.
      ``logical_entailment`` for a regulation the curator inferred, else ``knowledge_assertion``.
    * Per finding: agent -> condition (``in_clinical_trials_for`` with a human in-vivo model,
      ``beneficial_in_models_for`` with a model and an outcome, else ``studied_to_treat``); agent
      ``causes`` each outcome; agent ``derives_from`` each MSC source; each cargo ``located_in`` the
      agent; each model ``model_of`` the condition; the condition ``occurs_in`` each organ system;
      the agent (or a regulation's regulator) ``affects`` what the finding (or regulation)
      ``mscexo:involves`` (the review's "via", "through": undirected, so no direction qualifier).
    * Per model with a species: model ``in_taxon`` the NCBITaxon node (an edge, as Biolink's
      ``in_taxon`` is a predicate; kgx reads an ``in_taxon`` node column as a list and then rejects it).
    Nodes left in no edge: the findings (named by every edge's ``has_evidence``) and entities that no
    finding uses (the review's tables and lists: markers, methods, EV types, trials ...).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld.curation.terms import read_cache
from mscexo_ld.export.biolink import (
    AFFECTS_DIRECTION,
    BIOLINK_PREFIXES,
    BIOLINK_VERSION,
    CLASS_CATEGORY,
    CLASS_PREFIX_CATEGORY,
    EXOGENOUS_REGULATORS,
    HUMAN,
    MOLECULAR_OBJECTS,
    PREFIX_CATEGORY,
    REGULATES_DIRECTION,
    REGULATES_ENDS,
)
from mscexo_ld.export.curies import CONVERTER
from mscexo_ld.export.curies import curie as export_curie

M = C.MSCEXO

NODES_FILE = "mscexo_kgx_nodes.tsv"
EDGES_FILE = "mscexo_kgx_edges.tsv"
METADATA_FILE = "mscexo_kgx_graph_metadata.json"
#: Prefix of the edge ids: row identifiers of the edges file (``mscexo.edge:F109-regulation-1``), no IRIs.
EDGE_PREFIX = "mscexo.edge"

INFORES = "infores:mscexo"
INFORES_BASE = "https://w3id.org/information-resource-registry/"
REVIEW_CURIE = f"doi:{C.REVIEW_DOI}"
LIST_DELIMITER = "|"

NODE_COLUMNS = ("id", "category", "name", "description", "synonym", "xref", "provided_by")
EDGE_COLUMNS = (
    "id",
    "subject",
    "predicate",
    "object",
    "qualified_predicate",
    "object_aspect_qualifier",
    "object_direction_qualifier",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "publications",
    "has_evidence",
    "supporting_text",
)
#: Columns whose values are CURIEs (every prefix they use is in the graph metadata's curie_map).
CURIE_NODE_COLUMNS = ("id", "category", "xref", "provided_by")
CURIE_EDGE_COLUMNS = (
    "subject",
    "predicate",
    "object",
    "qualified_predicate",
    "primary_knowledge_source",
    "publications",
    "has_evidence",
)
MULTIVALUED = frozenset(
    {"category", "synonym", "xref", "supporting_text", "provided_by", "publications", "has_evidence"}
)


def curie(iri: Node | str) -> str:
    """An IRI as a CURIE of the KGX files: the exports' CURIE, with Biolink's spelling of a prefix where it differs.

    >>> curie("https://www.clinicaltrials.gov/study/NCT04213248")
    'CLINICALTRIALS:NCT04213248'
    """
    prefix, local = export_curie(iri).split(":", 1)
    return f"{BIOLINK_PREFIXES.get(prefix, prefix)}:{local}"


def prefix_map() -> dict[str, str]:
    """Every prefix the KGX files may use -> its IRI (Biolink's spellings; the IRIs those of the RDF files)."""
    return {BIOLINK_PREFIXES.get(p, p): iri for p, iri in sorted(CONVERTER.prefix_map.items())}


def _text(value: object) -> str:
    """A literal as one line of text (TSV cells never hold tabs or line breaks)."""
    return " ".join(str(value).split())


def _cell(column: str, value: str | Iterable[str] | None) -> str:
    if value is None:
        return ""
    if column in MULTIVALUED:
        items = sorted({_text(v) for v in ([value] if isinstance(value, str) else value) if _text(v)})
        for item in items:
            if LIST_DELIMITER in item:
                raise ValueError(f"{column} value {item!r} contains the list delimiter {LIST_DELIMITER!r}")
        return LIST_DELIMITER.join(items)
    return _text(value)


def _tsv(columns: tuple[str, ...], rows: Iterable[dict[str, object]]) -> str:
    lines = ["\t".join(columns)]
    for row in sorted(rows, key=lambda r: str(r["id"])):
        lines.append("\t".join(_cell(c, row.get(c)) for c in columns))  # type: ignore[arg-type]
    return "\n".join(lines) + "\n"


def _types(graph: Graph, node: Node | None) -> set[URIRef]:
    return {t for t in graph.objects(node, RDF.type) if isinstance(t, URIRef)}


def _exported_class(graph: Graph, node: URIRef) -> URIRef | None:
    """The class of ``node`` that decides its category, or None (not exported)."""
    classes = sorted(_types(graph, node) & CLASS_CATEGORY.keys())
    if len({CLASS_CATEGORY[c] for c in classes}) > 1:
        raise ValueError(f"{node} has classes of different categories: {', '.join(map(str, classes))}")
    return classes[0] if classes else None


def _matches(graph: Graph, node: URIRef, predicate: URIRef) -> list[str]:
    return sorted(curie(o) for o in graph.objects(node, predicate))


def node_id(graph: Graph, node: URIRef) -> str:
    """The KGX id of one of our nodes: its single exact match, else our own CURIE."""
    exact = _matches(graph, node, SKOS.exactMatch)
    return exact[0] if len(exact) == 1 else curie(node)


def category(graph: Graph, node: URIRef) -> str:
    """The Biolink category of one of our nodes: by its id's vocabulary where that fixes it, else by its class."""
    cls = _exported_class(graph, node)
    assert cls is not None, node
    ident = node_id(graph, node)
    prefix = ident.split(":", 1)[0]
    if prefix in PREFIX_CATEGORY:
        return PREFIX_CATEGORY[prefix]
    mapped = {m.split(":", 1)[0] for p in (SKOS.exactMatch, SKOS.closeMatch) for m in _matches(graph, node, p)}
    for (klass, vocabulary), special in sorted(CLASS_PREFIX_CATEGORY.items()):
        if klass == cls and vocabulary in mapped:
            return special
    return CLASS_CATEGORY[cls]


def _label(graph: Graph, node: URIRef) -> str | None:
    labels = sorted(_text(label) for label in graph.objects(node, RDFS.label))
    return labels[0] if labels else None


@dataclass
class _NodeRow:
    """One KGX node, merged from the nodes of ours that share its id."""

    id: str
    category: set[str] = field(default_factory=set)
    names: list[tuple[str, str]] = field(default_factory=list)  # (our CURIE, label)
    descriptions: set[str] = field(default_factory=set)
    synonym: set[str] = field(default_factory=set)
    xref: set[str] = field(default_factory=set)

    def as_row(self) -> dict[str, object]:
        names = [label for _, label in sorted(self.names)]
        name = names[0] if names else None
        descriptions = sorted(self.descriptions)
        return {
            "id": self.id,
            "category": self.category,
            "name": name,
            "description": " ".join(descriptions) if descriptions else None,
            "synonym": (self.synonym | set(names[1:])) - {name},
            "xref": self.xref,
            "provided_by": {INFORES},
        }


def _node_rows(graph: Graph) -> list[dict[str, object]]:
    subjects = sorted({s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and iris.is_ours(s)})
    merged: dict[str, _NodeRow] = {}
    for node in subjects:
        if _exported_class(graph, node) is None:
            continue
        ident, own = node_id(graph, node), curie(node)
        xref = set(_matches(graph, node, SKOS.closeMatch)) | set(_matches(graph, node, SKOS.exactMatch))
        xref |= {own}
        xref.discard(ident)
        row = merged.setdefault(ident, _NodeRow(ident))
        row.category.add(category(graph, node))
        label = _label(graph, node)
        if label:
            row.names.append((own, label))
        row.synonym |= {_text(a) for a in graph.objects(node, SKOS.altLabel)}
        row.xref |= xref
        if M.Finding in _types(graph, node):
            row.descriptions |= {_text(q) for q in graph.objects(node, M.evidenceQuote)}
    terms = read_cache()
    for taxon in sorted({t for t in graph.objects(None, M.organism) if isinstance(t, URIRef)}):
        ident = curie(taxon)
        if ident not in merged:  # a species is no node of ours: the NCBITaxon term, labelled from the term cache
            term = terms.get(ident)
            merged[ident] = _NodeRow(ident, {"biolink:OrganismTaxon"}, [("", term.label)] if term else [])
    return [row.as_row() for row in merged.values()]


def _id(ids: dict[Node, str], node: Node | None, edge: str, role: str) -> str:
    if node is None or node not in ids:
        raise ValueError(f"edge {edge}: {role} {node} is not an exported node (no class with a Biolink category)")
    return ids[node]


def _local(node: Node | None) -> str:
    """The curated id of one of our entities (the last segment of its IRI), for edge ids."""
    parsed = iris.parse(str(node)) if isinstance(node, URIRef) else None
    if parsed is None or parsed.kind not in ("entity", "table-record"):
        raise ValueError(f"{node} is not an entity of ours")
    return str(parsed.key[-1])


def edge_id(*parts: str | int) -> str:
    """An edge id: ``mscexo.edge:`` and the parts joined by ``-`` (no ``/``: KGX takes ids as CURIEs).

    >>> edge_id("F109", "regulation", 1)
    'mscexo.edge:F109-regulation-1'
    """
    return f"{EDGE_PREFIX}:{'-'.join(str(p) for p in parts)}"


def _provenance(graph: Graph, findings: Iterable[Node], ids: dict[Node, str]) -> dict[str, object]:
    """Publications, evidence and quotes of the findings an edge comes from."""
    findings = sorted(set(findings), key=str)
    quotes = {_text(q) for f in findings for q in graph.objects(f, M.evidenceQuote)}
    publications = {ids.get(r) or curie(r) for f in findings for r in graph.objects(f, M.reportedIn)} | {REVIEW_CURIE}
    return {
        "knowledge_level": "knowledge_assertion",
        "agent_type": "manual_agent",
        "primary_knowledge_source": INFORES,
        "publications": publications,
        "has_evidence": {ids.get(f) or curie(f) for f in findings},
        "supporting_text": quotes,
    }


def _categories(rows: dict[str, dict[str, object]]) -> dict[str, str]:
    return {str(r["id"]): sorted(r["category"])[0] for r in rows.values()}  # type: ignore[call-overload]


def _regulation_rows(graph: Graph, ids: dict[Node, str], categories: dict[str, str]) -> list[dict[str, object]]:
    rows = []
    for finding, regulation in sorted(
        graph.subject_objects(M.regulation), key=lambda pair: (str(pair[0]), str(pair[1]))
    ):
        parsed = iris.parse(str(regulation))
        if parsed is None or parsed.kind != "regulation":
            raise ValueError(f"{regulation} is not a regulation IRI of ours")
        edge = edge_id(*parsed.key[:1], "regulation", *parsed.key[1:])
        regulator = graph.value(regulation, M.regulator)
        regulated = graph.value(regulation, M.regulated)
        direction = graph.value(regulation, M.direction)
        if not isinstance(direction, URIRef):
            raise ValueError(f"regulation {regulation} has no direction")
        subject, obj = _id(ids, regulator, edge, "regulator"), _id(ids, regulated, edge, "regulated")
        exogenous = bool(_types(graph, regulator) & EXOGENOUS_REGULATORS)
        regulates = not exogenous and categories[subject] in REGULATES_ENDS and categories[obj] in REGULATES_ENDS
        inferred = graph.value(regulation, M.curatorInferred)
        rows.append(
            {
                "id": edge,
                "subject": subject,
                "predicate": "biolink:regulates" if regulates else "biolink:affects",
                "object": obj,
                "qualified_predicate": "biolink:causes",
                "object_aspect_qualifier": "activity_or_abundance"
                if _types(graph, regulated) & MOLECULAR_OBJECTS
                else None,
                "object_direction_qualifier": (REGULATES_DIRECTION if regulates else AFFECTS_DIRECTION)[direction],
                **_provenance(graph, [finding], ids),
                "knowledge_level": "logical_entailment"
                if isinstance(inferred, Literal) and inferred.toPython() is True
                else "knowledge_assertion",
            }
        )
    return rows


def _treatment_predicate(graph: Graph, finding: Node) -> str:
    models = list(graph.objects(finding, M.model))
    if any(M.InVivoModel in _types(graph, m) and graph.value(m, M.organism) == HUMAN for m in models):
        return "biolink:in_clinical_trials_for"
    if models and any(True for _ in graph.objects(finding, M.outcome)):
        return "biolink:beneficial_in_models_for"
    return "biolink:studied_to_treat"


def _finding_id(finding: Node) -> str:
    parsed = iris.parse(finding) if isinstance(finding, URIRef) else None
    if parsed is None or parsed.kind != "finding":
        raise ValueError(f"finding {finding} is not a finding IRI of ours")
    return str(parsed.key[0])


def _finding_rows(graph: Graph, ids: dict[Node, str]) -> list[dict[str, object]]:
    """Per finding: agent -> condition, outcomes, MSC sources; cargo -> agent; models, organ systems -> condition."""
    rows: list[dict[str, object]] = []
    for finding in sorted(graph.subjects(RDF.type, M.Finding), key=str):
        fid = _finding_id(finding)
        agent, condition = graph.value(finding, M.agent), graph.value(finding, M.condition)
        provenance = _provenance(graph, [finding], ids)

        def add(edge: str, subject: Node | None, predicate: str, obj: Node | None, **extra: object) -> None:
            row = {"id": edge, "subject": _id(ids, subject, edge, "subject"), "predicate": predicate}
            rows.append({**row, "object": _id(ids, obj, edge, "object"), **provenance, **extra})  # noqa: B023

        if agent is not None and condition is not None:
            add(edge_id(fid, "condition"), agent, _treatment_predicate(graph, finding), condition)
        if agent is not None:
            for outcome in sorted(graph.objects(finding, M.outcome), key=str):
                add(edge_id(fid, "outcome", _local(outcome)), agent, "biolink:causes", outcome)
            for source in sorted(graph.objects(finding, M.mscSource), key=str):
                add(edge_id(fid, "source", _local(source)), agent, "biolink:derives_from", source)
            for cargo in sorted(graph.objects(finding, M.cargo), key=str):
                add(edge_id(fid, "cargo", _local(cargo)), cargo, "biolink:located_in", agent)
            for involved in sorted(graph.objects(finding, M.involves), key=str):
                add(edge_id(fid, "involves", _local(involved)), agent, "biolink:affects", involved)
        for regulation in sorted(graph.objects(finding, M.regulation), key=str):
            regulator, parsed = graph.value(regulation, M.regulator), iris.parse(str(regulation))
            for involved in sorted(graph.objects(regulation, M.involves), key=str):
                if regulator is not None and parsed is not None:
                    edge = edge_id(fid, "regulation", parsed.key[1], "involves", _local(involved))
                    add(edge, regulator, "biolink:affects", involved)
        if condition is not None:
            for model in sorted(graph.objects(finding, M.model), key=str):
                add(edge_id(fid, "model", _local(model)), model, "biolink:model_of", condition)
            for system in sorted(graph.objects(finding, M.organSystem), key=str):
                add(edge_id(fid, "organ_system", _local(system)), condition, "biolink:occurs_in", system)
    return rows


def _taxon_rows(graph: Graph, ids: dict[Node, str]) -> list[dict[str, object]]:
    """Per model with a species: model -> in_taxon -> the NCBITaxon node, from the findings that use the model."""
    rows = []
    for model in sorted(set(graph.subjects(M.organism, None)), key=str):
        edge = edge_id("model", _local(model), "in_taxon")
        for taxon in sorted(graph.objects(model, M.organism), key=str):
            findings = list(graph.subjects(M.model, model))
            rows.append(
                {
                    "id": edge,
                    "subject": _id(ids, model, edge, "model"),
                    "predicate": "biolink:in_taxon",
                    "object": curie(taxon),
                    **_provenance(graph, findings, ids),
                }
            )
    return rows


def _node_ids(graph: Graph) -> dict[Node, str]:
    return {
        s: node_id(graph, s)
        for s in set(graph.subjects(RDF.type, None))
        if isinstance(s, URIRef) and iris.is_ours(s) and _exported_class(graph, s) is not None
    }


def kgx_nodes(graph: Graph, node_rows: list[dict[str, object]] | None = None) -> str:
    """The nodes TSV: one row per exported node (nodes with the same exact match merged) and per species."""
    return _tsv(NODE_COLUMNS, _node_rows(graph) if node_rows is None else node_rows)


def _edge_rows(graph: Graph, node_rows: list[dict[str, object]] | None = None) -> list[dict[str, object]]:
    ids = _node_ids(graph)
    categories = _categories({str(r["id"]): r for r in (_node_rows(graph) if node_rows is None else node_rows)})
    return _regulation_rows(graph, ids, categories) + _finding_rows(graph, ids) + _taxon_rows(graph, ids)


def kgx_edges(graph: Graph, node_rows: list[dict[str, object]] | None = None) -> str:
    """The edges TSV: regulations, per-finding agent/model/outcome/source edges and the models' taxa.

    ``node_rows``: the nodes' rows when the caller has them (``kgx_files`` computes them once for both files).
    """
    return _tsv(EDGE_COLUMNS, _edge_rows(graph, node_rows))


def graph_metadata(nodes: str, edges: str) -> str:
    """The KGX graph metadata (JSON): what the graph is, its Biolink version, counts and every prefix it uses."""
    used: set[str] = set()
    for text, columns in ((nodes, CURIE_NODE_COLUMNS), (edges, CURIE_EDGE_COLUMNS)):
        header, *lines = text.rstrip("\n").split("\n")
        names = header.split("\t")
        for line in lines:
            for name, cell in zip(names, line.split("\t"), strict=True):
                if name in columns:
                    used |= {v.split(":", 1)[0] for v in cell.split(LIST_DELIMITER) if v}
    used |= {"biolink"}
    known = prefix_map() | {
        "biolink": "https://w3id.org/biolink/vocab/",
        "infores": INFORES_BASE,
        "doi": "https://doi.org/",
    }
    missing = sorted(used - known.keys())
    if missing:
        raise ValueError(f"KGX files use prefixes with no IRI: {', '.join(missing)}")
    metadata = {
        "id": C.DATASET_IRI,
        "name": "mscexo-ld",
        "description": (
            "Findings of the review Ma et al., World J Stem Cells 2020; 12(8): 814-840 "
            f"(doi:{C.REVIEW_DOI}) on mesenchymal stem cell-derived exosomes, as a Biolink Model graph."
        ),
        "version": C.VERSION,
        "license": C.DATA_LICENSE,
        "biolink_version": BIOLINK_VERSION,
        "knowledge_source": INFORES,
        "files": {"nodes": NODES_FILE, "edges": EDGES_FILE},
        "node_count": len(nodes.rstrip("\n").split("\n")) - 1,
        "edge_count": len(edges.rstrip("\n").split("\n")) - 1,
        "edge_id_prefix": EDGE_PREFIX,
        "curie_map": {p: known[p] for p in sorted(used)},
    }
    return json.dumps(metadata, indent=2, ensure_ascii=False) + "\n"


def kgx_files(graph: Graph) -> dict[str, str]:
    """The KGX TSV pair of the release graph and its graph metadata: ``{file name: text}``."""
    rows = _node_rows(graph)
    nodes, edges = kgx_nodes(graph, rows), kgx_edges(graph, rows)
    return {NODES_FILE: nodes, EDGES_FILE: edges, METADATA_FILE: graph_metadata(nodes, edges)}


def export(graph: Graph, released: date | None = None) -> dict[str, bytes]:  # noqa: ARG001 (the exporters' signature)
    """The exporter (see :mod:`mscexo_ld.export.registry`): the KGX files as UTF-8; they carry no date."""
    return {name: text.encode("utf-8") for name, text in kgx_files(graph).items()}
