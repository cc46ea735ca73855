"""KGX TSV export: read back with the csv module (as KGX reads it: tab, no quoting) and check content.

The ``kgx`` toolkit itself is not used here: installing it brings ~110 packages (Sphinx, tox,
neo4j, duckdb, pyarrow, pandas ...) and importing it downloads the Biolink schema and a JSON-LD
context from GitHub, so it cannot run offline.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from mscexo_ld import constants as C
from mscexo_ld.export import kgx
from mscexo_ld.export.curies import CONVERTER, curie

M = C.MSCEXO
#: KGX's own CURIE check (kgx.prefix_manager.PrefixManager.is_curie).
KGX_CURIE = re.compile(r"^[^ <()>:]*:[^/ :]+$")
REQUIRED_EDGE_COLUMNS = (
    "id",
    "subject",
    "predicate",
    "object",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "publications",
    "has_evidence",
    "supporting_text",
)
PREDICATES = {
    "biolink:regulates",
    "biolink:affects",
    "biolink:beneficial_in_models_for",
    "biolink:studied_to_treat",
    "biolink:in_clinical_trials_for",
}


def _read(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE, strict=True)
    rows = list(reader)
    for row in rows:
        assert None not in row, f"row with more cells than columns: {row}"
        assert None not in row.values(), f"row with fewer cells than columns: {row}"
    return list(reader.fieldnames or []), rows


def _multi(value: str) -> list[str]:
    return value.split(kgx.LIST_DELIMITER) if value else []


@pytest.fixture(scope="module")
def files(release_graph: Graph) -> dict[str, str]:
    return kgx.kgx_files(release_graph)


@pytest.fixture(scope="module")
def nodes(files: dict[str, str]) -> dict[str, dict[str, str]]:
    header, rows = _read(files[kgx.NODES_FILE])
    assert tuple(header) == kgx.NODE_COLUMNS
    by_id = {row["id"]: row for row in rows}
    assert len(by_id) == len(rows), "node ids are not unique"
    return by_id


@pytest.fixture(scope="module")
def edges(files: dict[str, str]) -> dict[str, dict[str, str]]:
    header, rows = _read(files[kgx.EDGES_FILE])
    assert tuple(header) == kgx.EDGE_COLUMNS
    by_id = {row["id"]: row for row in rows}
    assert len(by_id) == len(rows), "edge ids are not unique"
    return by_id


def _node_named(nodes: dict[str, dict[str, str]], name: str) -> dict[str, str]:
    (node,) = [n for n in nodes.values() if n["name"] == name]
    return node


def test_file_names_and_layout(files: dict[str, str]) -> None:
    assert set(files) == {"mscexo_kgx_nodes.tsv", "mscexo_kgx_edges.tsv"}
    for name, text in files.items():
        assert text.endswith("\n") and "\r" not in text, name
        lines = text.split("\n")[:-1]
        assert all(line.count("\t") == lines[0].count("\t") for line in lines), name
        ids = [line.split("\t", 1)[0] for line in lines[1:]]
        assert ids == sorted(ids), f"{name}: rows not sorted by id"


def test_deterministic(release_graph: Graph, files: dict[str, str]) -> None:
    assert kgx.kgx_files(release_graph) == files


def test_pten_is_the_hgnc_gene(nodes: dict[str, dict[str, str]]) -> None:
    pten = nodes["HGNC:9588"]
    assert pten["category"] == "biolink:Gene"
    assert pten["name"] == "PTEN"
    assert "mscexo.gene:PTEN" in _multi(pten["xref"])
    assert pten["provided_by"] == "infores:mscexo"


def test_node_ids_and_categories(release_graph: Graph, nodes: dict[str, dict[str, str]]) -> None:
    for ident, node in nodes.items():
        assert KGX_CURIE.match(ident), f"{ident} is not a CURIE for KGX"
        assert CONVERTER.expand(ident), f"{ident} has an unknown prefix"
        categories = _multi(node["category"])
        assert categories and all(re.fullmatch(r"biolink:[A-Z][A-Za-z]+", c) for c in categories), node
        assert node["name"], ident
        assert node["provided_by"] == "infores:mscexo"
        if ident.startswith("HGNC:"):
            assert categories == ["biolink:Gene"], ident
        for xref in _multi(node["xref"]):
            assert CONVERTER.expand(xref), f"{ident}: xref {xref} has an unknown prefix"
    # an entity without an exact match keeps our IRI, compressed
    assert nodes["mscexo.gene:Akt"]["category"] == "biolink:Gene"
    assert CONVERTER.expand("mscexo.gene:Akt") == f"{C.ID_BASE}gene/Akt"
    # two entities with the same exact match are one node that points back to both
    assert set(_multi(nodes["HGNC:2561"]["xref"])) >= {"mscexo.cargo:CXCR4", "mscexo.gene:CXCR4"}
    # every finding is an Evidence node carrying its quote
    findings = set(release_graph.subjects(RDF.type, M.Finding))
    evidence = {i for i, n in nodes.items() if n["category"] == "biolink:Evidence"}
    assert evidence == {curie(f) for f in findings}
    f109 = nodes["mscexo.finding:F109"]
    quote = release_graph.value(next(f for f in findings if str(f).endswith("/finding/F109")), M.evidenceQuote)
    assert f109["description"] == " ".join(str(quote).split())


def test_multivalued_cells_are_sorted_and_unique(
    nodes: dict[str, dict[str, str]], edges: dict[str, dict[str, str]]
) -> None:
    for rows in (nodes, edges):
        for row in rows.values():
            for column in kgx.MULTIVALUED & row.keys():
                values = _multi(row[column])
                assert values == sorted(set(values)), (row["id"], column)


def test_mir486_downregulates_pten(nodes: dict[str, dict[str, str]], edges: dict[str, dict[str, str]]) -> None:
    mir = _node_named(nodes, "miR-486-5p")
    assert mir["category"] == "biolink:MicroRNA"
    (edge,) = [e for e in edges.values() if e["subject"] == mir["id"] and e["object"] == "HGNC:9588"]
    assert edge["id"].startswith("mscexo.finding:F109/regulation/")
    assert edge["predicate"] == "biolink:regulates"
    assert edge["qualified_predicate"] == "biolink:causes"
    assert edge["object_aspect_qualifier"] == "activity_or_abundance"
    assert edge["object_direction_qualifier"] == "downregulated"
    assert edge["knowledge_level"] == "knowledge_assertion"
    assert edge["agent_type"] == "manual_agent"
    assert edge["primary_knowledge_source"] == "infores:mscexo"
    assert _multi(edge["publications"]) == ["doi:10.4252/wjsc.v12.i8.814", "mscexo.reference:109"]
    assert edge["has_evidence"] == "mscexo.finding:F109"
    assert "Sun et al[109] found that miR-486-5p" in edge["supporting_text"]


def test_every_edge_has_the_required_columns(
    nodes: dict[str, dict[str, str]], edges: dict[str, dict[str, str]]
) -> None:
    for ident, edge in edges.items():
        for column in REQUIRED_EDGE_COLUMNS:
            assert edge[column], f"{ident}: empty {column}"
        assert edge["subject"] in nodes and edge["object"] in nodes, ident
        assert KGX_CURIE.match(edge["subject"]) and KGX_CURIE.match(edge["object"]), ident
        assert edge["predicate"] in PREDICATES, ident
        assert edge["knowledge_level"] in {"knowledge_assertion", "logical_entailment"}, ident
        assert edge["agent_type"] == "manual_agent"
        assert edge["primary_knowledge_source"] == "infores:mscexo"
        assert "doi:10.4252/wjsc.v12.i8.814" in _multi(edge["publications"]), ident
        uncited = ident.split(":", 1)[1].startswith("FU")  # FU<n>: a result the review states with no number
        assert uncited != any(p.startswith("mscexo.reference:") for p in _multi(edge["publications"])), ident
        assert nodes[edge["has_evidence"]]["category"] == "biolink:Evidence", ident
        if edge["predicate"] == "biolink:regulates":
            assert edge["object_direction_qualifier"] in {"upregulated", "downregulated"}, ident
        elif edge["predicate"] == "biolink:affects":
            assert edge["object_direction_qualifier"] in {"increased", "decreased"}, ident
        else:
            assert not edge["object_direction_qualifier"] and not edge["qualified_predicate"], ident
            assert "Treatment" in nodes[edge["subject"]]["category"], ident


def test_one_edge_per_regulation_and_per_finding(release_graph: Graph, edges: dict[str, dict[str, str]]) -> None:
    regulations = {curie(r) for r in release_graph.subjects(RDF.type, M.Regulation)}
    findings = {f"{curie(f)}/condition" for f in release_graph.subjects(RDF.type, M.Finding)}
    assert set(edges) == regulations | findings
    inferred = {curie(r) for r in release_graph.subjects(M.curatorInferred, Literal(True))}
    assert inferred and {i for i, e in edges.items() if e["knowledge_level"] == "logical_entailment"} == inferred


def test_administered_agents_affect_and_treat(
    nodes: dict[str, dict[str, str]], edges: dict[str, dict[str, str]]
) -> None:
    exos = nodes["mscexo.agent:msc-exos"]
    assert exos["category"] == "biolink:Treatment"
    assert "GO:0070062" in _multi(exos["xref"])
    from_exos = [e for e in edges.values() if e["subject"] == exos["id"]]
    assert {e["predicate"] for e in from_exos} >= {"biolink:affects", "biolink:beneficial_in_models_for"}
    assert "biolink:regulates" not in {e["predicate"] for e in from_exos}
    # the clinical-trial finding of MSCs in stroke patients
    assert edges["mscexo.finding:F31/condition"]["predicate"] == "biolink:in_clinical_trials_for"
    assert edges["mscexo.finding:F31/condition"]["subject"] == "mscexo.agent:msc-cells"
