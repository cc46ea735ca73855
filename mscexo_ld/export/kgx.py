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

from collections.abc import Iterable

import curies
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from mscexo_ld import constants as C
from mscexo_ld.records import ENTITY_KINDS
from mscexo_ld.schema import TABLES

M = C.MSCEXO

NODES_FILE = "mscexo_kgx_nodes.tsv"
EDGES_FILE = "mscexo_kgx_edges.tsv"

#: CURIE prefix of our instances in the exports (the RDF files bind ``id:`` to it instead).
ID_PREFIX = "mscexo"
#: CURIE prefix of our ontology's terms in the exports (the RDF files bind ``mscexo:`` to it).
ONTOLOGY_PREFIX = "mscexo.ontology"
#: The first path segment of our instance IRIs (``https://w3id.org/mscexo/id/{kind}/{id}``).
KINDS = tuple(
    sorted(
        {kind for kind, cls in ENTITY_KINDS.items() if cls}
        | {spec.kind for spec in TABLES.values()}
        | {"finding", "reference"}
    )
)

#: The project's prefix map plus our own namespaces: one prefix per kind (``mscexo.gene:PTEN``),
#: because KGX takes a CURIE whose local part holds a ``/`` (``mscexo:gene/PTEN``) for no CURIE;
#: ``mscexo:`` covers the rest of https://w3id.org/mscexo/id/.
CONVERTER = curies.Converter(
    [
        *C.CONVERTER.records,
        curies.Record(prefix=ID_PREFIX, uri_prefix=C.ID_BASE),
        *(curies.Record(prefix=f"{ID_PREFIX}.{kind}", uri_prefix=f"{C.ID_BASE}{kind}/") for kind in KINDS),
        curies.Record(prefix=ONTOLOGY_PREFIX, uri_prefix=str(C.MSCEXO)),
    ]
)

INFORES = "infores:mscexo"
REVIEW_CURIE = f"doi:{C.REVIEW_DOI}"
LIST_DELIMITER = "|"

NODE_COLUMNS = ("id", "category", "name", "description", "synonym", "xref", "in_taxon", "provided_by")
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
MULTIVALUED = frozenset(
    {"category", "synonym", "xref", "supporting_text", "provided_by", "publications", "has_evidence"}
)

#: Category by the vocabulary of a node's standard id, where that vocabulary fixes the kind.
PREFIX_CATEGORY: dict[str, str] = {
    "HGNC": "biolink:Gene",
    "mirbase": "biolink:MicroRNA",
    "mirbase.mature": "biolink:MicroRNA",
    "MONDO": "biolink:Disease",
    "DOID": "biolink:Disease",
    "HP": "biolink:PhenotypicFeature",
    "UBERON": "biolink:AnatomicalEntity",
    "CL": "biolink:Cell",
    "cellosaurus": "biolink:CellLine",
    "clinicaltrials": "biolink:ClinicalTrial",
    "NCBITaxon": "biolink:OrganismTaxon",
}

#: Category by our class, for our own ids and for vocabularies spanning several kinds.
CLASS_CATEGORY: dict[URIRef, str] = {
    M.GeneProduct: "biolink:Gene",
    M.MicroRNA: "biolink:MicroRNA",
    M.LongNonCodingRNA: "biolink:NoncodingRNAProduct",
    M.Protein: "biolink:Protein",
    M.SmallMolecule: "biolink:SmallMolecule",
    M.Mechanism: "biolink:BiologicalProcess",
    M.Condition: "biolink:DiseaseOrPhenotypicFeature",
    M.OrganSystem: "biolink:AnatomicalEntity",
    M.MSCSource: "biolink:AnatomicalEntity",
    M.CellType: "biolink:Cell",
    M.Exosome: "biolink:Treatment",
    M.MSCExosome: "biolink:Treatment",
    M.MSCCells: "biolink:Treatment",
    M.InVivoModel: "biolink:PopulationOfIndividualOrganisms",
    M.InVitroModel: "biolink:Cell",
    M.TherapeuticOutcome: "biolink:PhenotypicFeature",
    M.ExosomeMarker: "biolink:Protein",
    M.ExtracellularVesicleType: "biolink:CellularComponent",
    M.IsolationMethod: "biolink:Procedure",
    M.CharacterizationMethod: "biolink:Procedure",
    M.ClinicalTrial: "biolink:ClinicalTrial",
    M.Finding: "biolink:Evidence",
}

#: (class, prefix of the id or of a mapping) pairs whose category differs from the class's.
CLASS_PREFIX_CATEGORY: dict[tuple[URIRef, str], str] = {
    (M.ExosomeMarker, "GO"): "biolink:MacromolecularComplex",
    (M.InVitroModel, "cellosaurus"): "biolink:CellLine",
}

#: Regulators that are given from outside (not a biologically evolved control): ``affects``.
EXOGENOUS_REGULATORS = frozenset({M.Exosome, M.MSCExosome, M.MSCCells, M.SmallMolecule})
#: Objects whose change is one of "activity or abundance" (gene products, RNAs, chemicals).
MOLECULAR_OBJECTS = frozenset(
    {M.GeneProduct, M.MicroRNA, M.LongNonCodingRNA, M.Protein, M.SmallMolecule, M.ExosomeMarker}
)
REGULATES_DIRECTION = {M.Increases: "upregulated", M.Decreases: "downregulated"}
AFFECTS_DIRECTION = {M.Increases: "increased", M.Decreases: "decreased"}
HUMAN = URIRef(C.expand_curie("NCBITaxon:9606"))


def curie(iri: URIRef | str) -> str:
    """An IRI of the graph as a CURIE of the exports.

    >>> curie("https://w3id.org/mscexo/id/gene/PTEN")
    'mscexo.gene:PTEN'
    >>> curie("https://identifiers.org/hgnc:9588")
    'HGNC:9588'
    """
    return CONVERTER.compress(str(iri), strict=True)


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


def _types(graph: Graph, node: URIRef) -> set[URIRef]:
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


def _node_rows(graph: Graph) -> list[dict[str, object]]:
    subjects = sorted(
        {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(C.ID_BASE)}
    )
    merged: dict[str, dict[str, object]] = {}
    for node in subjects:
        if _exported_class(graph, node) is None:
            continue
        ident, own = node_id(graph, node), curie(node)
        xref = set(_matches(graph, node, SKOS.closeMatch)) | set(_matches(graph, node, SKOS.exactMatch))
        xref |= {own}
        xref.discard(ident)
        row = merged.setdefault(
            ident,
            {
                "id": ident,
                "category": set(),
                "names": [],
                "descriptions": set(),
                "synonym": set(),
                "xref": set(),
                "in_taxon": set(),
                "provided_by": {INFORES},
            },
        )
        row["category"].add(category(graph, node))  # type: ignore[union-attr]
        label = _label(graph, node)
        if label:
            row["names"].append((own, label))  # type: ignore[union-attr]
        row["synonym"] |= {_text(a) for a in graph.objects(node, SKOS.altLabel)}  # type: ignore[operator]
        row["xref"] |= xref  # type: ignore[operator]
        row["in_taxon"] |= {curie(t) for t in graph.objects(node, M.organism)}  # type: ignore[operator]
        if M.Finding in _types(graph, node):
            row["descriptions"] |= {_text(q) for q in graph.objects(node, M.evidenceQuote)}  # type: ignore[operator]
    rows = []
    for row in merged.values():
        names = [label for _, label in sorted(row.pop("names"))]  # type: ignore[arg-type]
        row["name"] = names[0] if names else None
        row["synonym"] = set(row["synonym"]) | set(names[1:])  # type: ignore[arg-type]
        row["synonym"].discard(row["name"])  # type: ignore[union-attr]
        descriptions = sorted(row.pop("descriptions"))  # type: ignore[arg-type]
        row["description"] = " ".join(descriptions) if descriptions else None
        taxa = sorted(row["in_taxon"])  # type: ignore[arg-type]
        if len(taxa) > 1:
            raise ValueError(f"node {row['id']} has several taxa: {', '.join(taxa)}")
        row["in_taxon"] = taxa[0] if taxa else None
        rows.append(row)
    return rows


def _id(ids: dict[URIRef, str], node: object, edge: str, role: str) -> str:
    if node not in ids:
        raise ValueError(f"edge {edge}: {role} {node} is not an exported node (no class with a Biolink category)")
    return ids[node]  # type: ignore[index]


def _finding_provenance(graph: Graph, finding: URIRef, ids: dict[URIRef, str]) -> dict[str, object]:
    quotes = {_text(q) for q in graph.objects(finding, M.evidenceQuote)}
    publications = {ids.get(r) or curie(r) for r in graph.objects(finding, M.reportedIn)} | {REVIEW_CURIE}
    return {
        "agent_type": "manual_agent",
        "primary_knowledge_source": INFORES,
        "publications": publications,
        "has_evidence": {ids.get(finding) or curie(finding)},
        "supporting_text": quotes,
    }


def _regulation_rows(graph: Graph, ids: dict[URIRef, str]) -> list[dict[str, object]]:
    rows = []
    for finding, regulation in sorted(graph.subject_objects(M.regulation)):
        regulator = graph.value(regulation, M.regulator)
        regulated = graph.value(regulation, M.regulated)
        direction = graph.value(regulation, M.direction)
        exogenous = bool(_types(graph, regulator) & EXOGENOUS_REGULATORS)
        inferred = graph.value(regulation, M.curatorInferred)
        edge = curie(regulation)
        rows.append(
            {
                "id": edge,
                "subject": _id(ids, regulator, edge, "regulator"),
                "predicate": "biolink:affects" if exogenous else "biolink:regulates",
                "object": _id(ids, regulated, edge, "regulated"),
                "qualified_predicate": "biolink:causes",
                "object_aspect_qualifier": "activity_or_abundance"
                if _types(graph, regulated) & MOLECULAR_OBJECTS
                else None,
                "object_direction_qualifier": (AFFECTS_DIRECTION if exogenous else REGULATES_DIRECTION)[direction],
                "knowledge_level": "logical_entailment"
                if inferred is not None and inferred.toPython() is True
                else "knowledge_assertion",
                **_finding_provenance(graph, finding, ids),
            }
        )
    return rows


def _treatment_predicate(graph: Graph, finding: URIRef) -> str:
    models = list(graph.objects(finding, M.model))
    if any(M.InVivoModel in _types(graph, m) and graph.value(m, M.organism) == HUMAN for m in models):
        return "biolink:in_clinical_trials_for"
    if models and any(True for _ in graph.objects(finding, M.outcome)):
        return "biolink:beneficial_in_models_for"
    return "biolink:studied_to_treat"


def _finding_rows(graph: Graph, ids: dict[URIRef, str]) -> list[dict[str, object]]:
    rows = []
    for finding in sorted(graph.subjects(RDF.type, M.Finding)):
        agent, condition = graph.value(finding, M.agent), graph.value(finding, M.condition)
        if agent is None or condition is None:
            continue
        edge = f"{curie(finding)}/condition"
        rows.append(
            {
                "id": edge,
                "subject": _id(ids, agent, edge, "agent"),
                "predicate": _treatment_predicate(graph, finding),
                "object": _id(ids, condition, edge, "condition"),
                "knowledge_level": "knowledge_assertion",
                **_finding_provenance(graph, finding, ids),
            }
        )
    return rows


def kgx_nodes(graph: Graph) -> str:
    return _tsv(NODE_COLUMNS, _node_rows(graph))


def kgx_edges(graph: Graph) -> str:
    ids = {
        s: node_id(graph, s)
        for s in set(graph.subjects(RDF.type, None))
        if isinstance(s, URIRef) and str(s).startswith(C.ID_BASE) and _exported_class(graph, s) is not None
    }
    return _tsv(EDGE_COLUMNS, _regulation_rows(graph, ids) + _finding_rows(graph, ids))


def kgx_files(graph: Graph) -> dict[str, str]:
    """The KGX TSV pair of the release graph: ``{file name: text}``."""
    return {NODES_FILE: kgx_nodes(graph), EDGES_FILE: kgx_edges(graph)}
