"""KGX TSV export of the release graph: Biolink Model nodes and edges for knowledge-graph builders.

``kgx_files(graph)`` returns ``mscexo_kgx_nodes.tsv`` and ``mscexo_kgx_edges.tsv`` in the KGX
TSV layout (https://github.com/biolink/kgx/blob/master/specification/kgx-format.md): one
header row, tab-separated, no quoting (KGX reads with ``QUOTE_NONE``), multivalued fields
``|``-joined, sorted and de-duplicated, rows sorted by ``id``, fixed column order, LF line
endings. Slot names, categories, predicates and enum values are those of Biolink Model 4.4.6
(``biolink_model.yaml``, the version the ``kgx`` 2.6.0 toolkit installs).

Identifiers
    A node's ``id`` is the standard CURIE of its one ``skos:exactMatch`` (``HGNC:9588`` for
    PTEN), so that our nodes merge with the same term in other graphs; an entity with no exact
    match, or with several, keeps our own IRI ``https://w3id.org/mscexo/id/{kind}/{id}`` as the
    CURIE ``mscexo.{kind}:{id}`` (``mscexo.gene:Akt``). One prefix per kind, not ``mscexo:gene/Akt``:
    KGX's CURIE check (``^[^ <()>:]*:[^/ :]+$``) rejects a ``/`` in the local part. ``xref``
    carries the close matches, any further exact matches and, on a node whose id is external,
    our own CURIE(s), so that every node leads back to the RDF release. Two entities with the
    same exact match (``cargo:CXCR4`` and ``gene:CXCR4`` are both HGNC:2561) become one node.
    The prefixes are those of ``constants.CONVERTER`` (``clinicaltrials``, ``mirbase.mature``,
    ``cellosaurus`` as in the term cache), not Biolink's own prefix map.

Categories (Biolink classes; chosen so that a node merges cleanly with the same CURIE in
other Biolink graphs)
    * The id's vocabulary decides where it fixes the kind of thing: HGNC -> ``biolink:Gene``
      (HGNC is a Gene id prefix; also for an HGNC-mapped lncRNA, protein cargo or marker),
      mirbase / mirbase.mature -> ``biolink:MicroRNA``, MONDO / DOID -> ``biolink:Disease``,
      HP -> ``biolink:PhenotypicFeature``, UBERON -> ``biolink:AnatomicalEntity``,
      CL -> ``biolink:Cell``, cellosaurus -> ``biolink:CellLine``, clinicaltrials ->
      ``biolink:ClinicalTrial``.
    * Otherwise (our own ids, and GO, MESH, EFO, OBI ids, which span several kinds) our class
      decides: GeneProduct -> ``Gene`` (a family with no member named, e.g. Akt, keeps an
      ``mscexo.gene:`` id and so never merges with a real gene); MicroRNA -> ``MicroRNA``;
      LongNonCodingRNA -> ``NoncodingRNAProduct``; Protein -> ``Protein``; SmallMolecule ->
      ``SmallMolecule``; Mechanism -> ``BiologicalProcess`` (pathways and processes alike are
      GO biological processes; ``biolink:Pathway`` is kept for REACT/KEGG/WP pathway ids);
      Condition -> ``DiseaseOrPhenotypicFeature`` (injuries are not diseases; MONDO/HP ids
      refine it as above); MSCSource, OrganSystem -> ``AnatomicalEntity``; CellType -> ``Cell``;
      the administered agents (MSC-Exos, other exosomes, MSCs) -> ``Treatment`` (the intervention a study gave, the
      domain of the treats-family predicates); InVivoModel -> ``PopulationOfIndividualOrganisms``
      (animals or patients distinguished by an induced condition) with ``in_taxon``;
      InVitroModel -> ``CellLine`` when mapped to Cellosaurus, else ``Cell``;
      TherapeuticOutcome -> ``PhenotypicFeature``; ExosomeMarker -> ``Protein``
      (``MacromolecularComplex`` for a GO complex such as ESCRT); ExtracellularVesicleType ->
      ``CellularComponent`` (GO cellular components); IsolationMethod, CharacterizationMethod
      -> ``Procedure``; ClinicalTrial -> ``ClinicalTrial``; Finding -> ``Evidence`` ("dereferences
      detailed evidence that supports an association": edges point at it with ``has_evidence``;
      ``biolink:StudyResult`` and ``InformationContentEntity`` are abstract), named by its
      statement, its ``description`` the verbatim evidence quote.
    * Not nodes: Regulation (it becomes an edge), ProducerModification, the dataset record, the
      review's ISCT criteria and lists (document structure; no concrete Biolink class), and the
      references: they appear as edge ``publications``; a ``biolink:Publication`` node requires
      a ``publication_type`` that the curated input does not record.

Edges
    * One per ``mscexo:Regulation``; ``id`` is the Regulation's IRI (``mscexo.finding:F109/
      regulation/1``), subject = regulator, object = regulated. Biolink's ``regulates`` "implies
      the effect results from a biologically evolved control mechanism ... exogenous chemical-
      affects-gene relationships are not cases of regulation ... captured using 'affects'". So a
      gene product, RNA/protein cargo or mechanism as regulator -> ``biolink:regulates`` with
      ``object_direction_qualifier`` ``upregulated`` / ``downregulated`` (the
      DirectionQualifierEnum values mapped to RO "positively/negatively regulates"; Biolink 4 has
      no ``positively_regulates`` predicate any more); an administered agent (exosomes, MSCs) or a
      small molecule as regulator -> ``biolink:affects`` with ``increased`` / ``decreased``.
      Both carry ``qualified_predicate`` ``biolink:causes`` (the Biolink qualifier pattern, cf.
      GeneRegulatesGeneAssociation) and, where the object is a gene product, RNA or chemical,
      ``object_aspect_qualifier`` ``activity_or_abundance``: the review's direction covers amount
      and activity alike (mscexo:Increases "increases the amount, activity or extent").
    * One per Finding: administered agent -> condition (``id`` ``mscexo.finding:F109/
      condition``): ``biolink:in_clinical_trials_for`` when a model is human in vivo,
      ``biolink:beneficial_in_models_for`` when the finding reports an outcome in a model
      system, else ``biolink:studied_to_treat``. No cargo -> condition edge: the cargo itself
      was not what the studies administered.
    * Provenance on every edge: ``primary_knowledge_source`` ``infores:mscexo`` (the curated
      statement is ours; the cited studies are its publications), ``publications`` = the
      cited reference(s) as ``mscexo.reference:N`` plus the review ``doi:10.4252/wjsc.v12.i8.814``
      (PMIDs are not curated), ``has_evidence`` = the Finding, ``supporting_text`` = its
      verbatim evidence quote, ``agent_type`` ``manual_agent``, ``knowledge_level``
      ``knowledge_assertion``, or ``logical_entailment`` for a regulation the curator inferred
      from printed premises (``mscexo:curatorInferred true``).
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


def kgx_nodes(graph: Graph) -> str:
    """The nodes TSV: one row per exported node (nodes with the same exact match merged) and per species."""
    return _tsv(NODE_COLUMNS, _node_rows(graph))


def _edge_rows(graph: Graph) -> list[dict[str, object]]:
    ids = _node_ids(graph)
    categories = _categories({str(r["id"]): r for r in _node_rows(graph)})
    return _regulation_rows(graph, ids, categories) + _finding_rows(graph, ids) + _taxon_rows(graph, ids)


def kgx_edges(graph: Graph) -> str:
    """The edges TSV: regulations, per-finding agent/model/outcome/source edges and the models' taxa."""
    return _tsv(EDGE_COLUMNS, _edge_rows(graph))


def graph_metadata(graph: Graph, nodes: str, edges: str) -> str:
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
    nodes, edges = kgx_nodes(graph), kgx_edges(graph)
    return {NODES_FILE: nodes, EDGES_FILE: edges, METADATA_FILE: graph_metadata(graph, nodes, edges)}


def export(graph: Graph, released: date | None = None) -> dict[str, bytes]:  # noqa: ARG001 (the exporters' signature)
    """The exporter (see :mod:`mscexo_ld.export.registry`): the KGX files as UTF-8; they carry no date."""
    return {name: text.encode("utf-8") for name, text in kgx_files(graph).items()}
