"""KGX export: read back with the csv module (as KGX reads it: tab, no quoting), checked with bmt and with kgx.

Over 400 lines: the content checks, bmt's checks and kgx's own run (its venv and offline shim) in one place.

bmt (Biolink Model Toolkit, pinned in the test extra) runs offline on the Biolink Model yaml of the
pinned ``biolink-model`` package. kgx cannot run offline by configuration alone: importing it
builds ``bmt.Toolkit()`` with bmt's default, the model on GitHub, and its Biolink JSON-LD context is a
URL too. Nor can it share the test extra: kgx 2.6.0 needs pyarrow<16, hence numpy<2 (and kgx 2.7.0
needs click<8.2, which Biolink 4.4.6's linkml-runtime refuses). So ``test_kgx_*`` install kgx 2.6.0
into a venv of their own (``.cache/kgx-2.6.0/``, from PyPI, once) and run it there with a start-up
shim that gives bmt's Toolkit the local model yaml and kgx's config local JSON-LD contexts; kgx's
own code is not changed. The checks of kgx's validator are also reproduced here without kgx
(``test_node_ids_and_categories``, ``test_every_edge_*``), so they run where that venv cannot be made.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from mscexo_ld import constants as C
from mscexo_ld.export import biolink as kgx_biolink
from mscexo_ld.export import kgx
from mscexo_ld.export.curies import CONVERTER
from mscexo_ld.export.kgx import curie

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
    "biolink:causes",
    "biolink:derives_from",
    "biolink:located_in",
    "biolink:model_of",
    "biolink:occurs_in",
    "biolink:in_taxon",
}
REPO = Path(__file__).resolve().parents[1]


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
    assert set(files) == {"mscexo_kgx_nodes.tsv", "mscexo_kgx_edges.tsv", "mscexo_kgx_graph_metadata.json"}
    for name, text in files.items():
        if name.endswith(".json"):
            continue
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


def test_node_ids_and_categories(
    release_graph: Graph, nodes: dict[str, dict[str, str]], metadata: dict[str, Any], biolink_prefixes: dict[str, str]
) -> None:
    declared = metadata["curie_map"]
    for ident, node in nodes.items():
        assert KGX_CURIE.match(ident), f"{ident} is not a CURIE for KGX"
        prefix = ident.split(":", 1)[0]
        assert prefix in biolink_prefixes or prefix in declared, f"{ident}: prefix neither Biolink's nor declared"
        assert prefix in declared, f"{ident}: prefix not in the graph metadata"
        categories = _multi(node["category"])
        assert categories and all(re.fullmatch(r"biolink:[A-Z][A-Za-z]+", c) for c in categories), node
        assert node["name"], ident
        assert node["provided_by"] == "infores:mscexo"
        if ident.startswith("HGNC:"):
            assert categories == ["biolink:Gene"], ident
        for xref in _multi(node["xref"]):
            assert xref.split(":", 1)[0] in declared, f"{ident}: xref {xref} has an undeclared prefix"
    # an entity without an exact match keeps our IRI, compressed
    assert nodes["mscexo.gene:Akt"]["category"] == "biolink:Gene"
    assert CONVERTER.expand("mscexo.gene:Akt") == f"{C.ID_BASE}gene/Akt"
    assert declared["mscexo.gene"] == f"{C.ID_BASE}gene/"
    # Biolink's spelling of ClinicalTrials.gov; the RDF IRIs are unchanged
    trials = [i for i in nodes if i.startswith("CLINICALTRIALS:NCT")]
    assert trials and all(nodes[i]["category"] == "biolink:ClinicalTrial" for i in trials)
    assert declared["CLINICALTRIALS"] == C.EXTERNAL_PREFIXES["clinicaltrials"]
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
    assert edge["id"].startswith("mscexo.edge:F109-regulation-")
    # a microRNA is outside the domain of biolink:regulates ("physical essence or occurrent"): affects
    assert edge["predicate"] == "biolink:affects"
    assert edge["qualified_predicate"] == "biolink:causes"
    assert edge["object_aspect_qualifier"] == "activity_or_abundance"
    assert edge["object_direction_qualifier"] == "decreased"
    assert edge["knowledge_level"] == "knowledge_assertion"
    assert edge["agent_type"] == "manual_agent"
    assert edge["primary_knowledge_source"] == "infores:mscexo"
    assert _multi(edge["publications"]) == ["doi:10.4252/wjsc.v12.i8.814", "mscexo.reference:109"]
    assert edge["has_evidence"] == "mscexo.finding:F109"
    assert "Sun et al[109] found that miR-486-5p" in edge["supporting_text"]


def test_every_edge_has_the_required_columns(
    release_graph: Graph, nodes: dict[str, dict[str, str]], edges: dict[str, dict[str, str]]
) -> None:
    uncited = {curie(f) for f in release_graph.subjects(M.uncitedInReview, Literal(True))}
    for ident, edge in edges.items():
        assert "/" not in ident and KGX_CURIE.match(ident), ident
        for column in REQUIRED_EDGE_COLUMNS:
            if column == "supporting_text" and edge["predicate"] == "biolink:in_taxon":
                continue  # a model's species: from the curated model record, not from one quote
            assert edge[column], f"{ident}: empty {column}"
        assert edge["subject"] in nodes and edge["object"] in nodes, ident
        assert KGX_CURIE.match(edge["subject"]) and KGX_CURIE.match(edge["object"]), ident
        assert edge["predicate"] in PREDICATES, ident
        assert edge["knowledge_level"] in {"knowledge_assertion", "logical_entailment"}, ident
        assert edge["agent_type"] == "manual_agent"
        assert edge["primary_knowledge_source"] == "infores:mscexo"
        assert "doi:10.4252/wjsc.v12.i8.814" in _multi(edge["publications"]), ident
        if not set(_multi(edge["has_evidence"])) <= uncited:  # a result the review prints with no citation
            assert any(p.startswith("mscexo.reference:") for p in _multi(edge["publications"])), ident
        assert all(nodes[h]["category"] == "biolink:Evidence" for h in _multi(edge["has_evidence"])), ident
        if edge["predicate"] == "biolink:regulates":
            assert edge["object_direction_qualifier"] in {"upregulated", "downregulated"}, ident
        elif edge["predicate"] == "biolink:affects" and "-involves-" in ident:  # "via": undirected
            assert not edge["object_direction_qualifier"] and not edge["qualified_predicate"], ident
        elif edge["predicate"] == "biolink:affects":
            assert edge["object_direction_qualifier"] in {"increased", "decreased"}, ident
        else:
            assert not edge["object_direction_qualifier"] and not edge["qualified_predicate"], ident
        if edge["predicate"] in {"biolink:in_clinical_trials_for", "biolink:beneficial_in_models_for"}:
            assert "Treatment" in nodes[edge["subject"]]["category"], ident


def _edge_of(iri: object) -> str:
    finding, _, rest = str(iri)[len(C.ID_BASE) + len("finding/") :].partition("/")
    return "mscexo.edge:" + "-".join([finding, *(rest.split("/") if rest else [])])


def test_one_edge_per_regulation_and_per_finding(release_graph: Graph, edges: dict[str, dict[str, str]]) -> None:
    regulations = {_edge_of(r) for r in release_graph.subjects(RDF.type, M.Regulation)}
    findings = {_edge_of(f) + "-condition" for f in release_graph.subjects(RDF.type, M.Finding)}
    assert regulations | findings <= set(edges)
    assert {i for i in edges if "-regulation-" in i and "-involves-" not in i} == regulations
    inferred = {_edge_of(r) for r in release_graph.subjects(M.curatorInferred, Literal(True))}
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
    assert edges["mscexo.edge:F31-condition"]["predicate"] == "biolink:in_clinical_trials_for"
    assert edges["mscexo.edge:F31-condition"]["subject"] == "mscexo.agent:msc-cells"


# --- graph metadata, Biolink through bmt ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def metadata(files: dict[str, str]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(files[kgx.METADATA_FILE])
    return loaded


def _biolink_files() -> tuple[Path, Path]:
    """The Biolink Model yaml and prefix map of the pinned biolink-model package (a namespace package)."""
    import biolink_model

    root = Path(next(iter(biolink_model.__path__)))
    return root / "schema" / "biolink_model.yaml", root / "prefixmaps" / "biolink-model-prefix-map.json"


@pytest.fixture(scope="module")
def biolink_prefixes() -> dict[str, str]:
    """Biolink's JSON-LD context prefixes (biolink-model 4.4.6's prefix map)."""
    loaded: dict[str, str] = json.loads(_biolink_files()[1].read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def toolkit() -> Any:
    """bmt on the local model yaml (bmt's default is the model on GitHub); no predicate mappings are needed."""
    from bmt import Toolkit

    tk = Toolkit(str(_biolink_files()[0]), {"predicate mappings": []})
    assert tk.get_model_version() == kgx.BIOLINK_VERSION
    return tk


def test_graph_metadata_declares_every_prefix_the_files_use(
    metadata: dict[str, Any], nodes: dict[str, dict[str, str]], edges: dict[str, dict[str, str]]
) -> None:
    assert metadata["biolink_version"] == "4.4.6"
    assert (metadata["node_count"], metadata["edge_count"]) == (len(nodes), len(edges))
    declared = metadata["curie_map"]
    for rows, columns in ((nodes, kgx.CURIE_NODE_COLUMNS), (edges, kgx.CURIE_EDGE_COLUMNS)):
        for row in rows.values():
            for column in columns:
                for value in _multi(row[column]):
                    assert value.split(":", 1)[0] in declared, (row["id"], column, value)
    # our prefixes expand to the RDF release's IRIs
    for prefix, iri in declared.items():
        if prefix.startswith("mscexo."):
            assert CONVERTER.prefix_map[prefix] == iri


def test_bmt_categories_predicates_qualifiers_and_domain_range(
    toolkit: Any, nodes: dict[str, dict[str, str]], edges: dict[str, dict[str, str]]
) -> None:
    """bmt finds no error: real categories and predicates, permissible qualifier values, every edge in domain/range."""
    problems = []
    for node in nodes.values():
        for category in _multi(node["category"]):
            if not toolkit.is_category(category) or toolkit.is_mixin(category):
                problems.append(f"{node['id']}: {category} is no Biolink category")
            element = toolkit.get_element(category)
            if element is None or element.abstract:
                problems.append(f"{node['id']}: {category} is abstract")
    enums = {
        "knowledge_level": "KnowledgeLevelEnum",
        "agent_type": "AgentTypeEnum",
    }
    for edge in edges.values():
        predicate = edge["predicate"]
        if not toolkit.is_predicate(predicate):
            problems.append(f"{edge['id']}: {predicate} is no predicate")
        for s_cat in _multi(nodes[edge["subject"]]["category"]):
            for o_cat in _multi(nodes[edge["object"]]["category"]):
                if not toolkit.validate_edge(s_cat, predicate, o_cat):
                    problems.append(f"{edge['id']}: {s_cat} {predicate} {o_cat} is outside its domain or range")
        for column, enum in enums.items():
            if not toolkit.is_permissible_value_of_enum(enum, edge[column]):
                problems.append(f"{edge['id']}: {column} {edge[column]}")
        if edge["qualified_predicate"] and not toolkit.is_predicate(edge["qualified_predicate"]):
            problems.append(f"{edge['id']}: qualified_predicate {edge['qualified_predicate']}")
        for qualifier in ("object_aspect_qualifier", "object_direction_qualifier"):
            if edge[qualifier] and not toolkit.validate_qualifier(qualifier, edge[qualifier]):
                problems.append(f"{edge['id']}: {qualifier} {edge[qualifier]}")
    assert problems == []
    # the categories the exporter lets biolink:regulates join are in its domain and range for bmt
    for category in kgx_biolink.REGULATES_ENDS:
        assert toolkit.validate_edge(category, "biolink:regulates", category), category
    for category in ("biolink:MicroRNA", "biolink:NoncodingRNAProduct", "biolink:Protein", "biolink:Treatment"):
        assert not toolkit.validate_edge(category, "biolink:regulates", "biolink:Gene"), category


def test_outcomes_models_and_taxa_are_reached_by_edges(
    release_graph: Graph, nodes: dict[str, dict[str, str]], edges: dict[str, dict[str, str]]
) -> None:
    ends = {e["subject"] for e in edges.values()} | {e["object"] for e in edges.values()}
    ids = kgx._node_ids(release_graph)
    for cls in (M.TherapeuticOutcome, M.InVivoModel, M.InVitroModel):
        members = set(release_graph.subjects(RDF.type, cls))
        assert members and {ids[m] for m in members} <= ends, cls
    # every model with a species has one in_taxon edge to an OrganismTaxon node
    for model in set(release_graph.subjects(M.organism, None)):
        (edge,) = [e for e in edges.values() if e["subject"] == ids[model] and e["predicate"] == "biolink:in_taxon"]
        assert nodes[edge["object"]]["category"] == "biolink:OrganismTaxon"
        assert edge["object"] == curie(release_graph.value(model, M.organism))
    assert nodes["NCBITaxon:9606"]["name"] == "Homo sapiens"


def test_no_curated_entity_is_isolated_without_its_reason(
    release_graph: Graph, nodes: dict[str, dict[str, str]], edges: dict[str, dict[str, str]]
) -> None:
    """A node in no edge is a finding (its Evidence node, named by every edge's has_evidence) or used by no finding."""
    ends = {e["subject"] for e in edges.values()} | {e["object"] for e in edges.values()}
    evidence = {h for e in edges.values() for h in _multi(e["has_evidence"])}
    findings = set(release_graph.subjects(RDF.type, M.Finding))
    used = {o for f in findings for o in release_graph.objects(f) if isinstance(o, URIRef)}
    used |= {o for f in findings for r in release_graph.objects(f, M.regulation) for o in release_graph.objects(r)}
    ids = kgx._node_ids(release_graph)
    isolated = set(nodes) - ends
    assert isolated
    for node, ident in ids.items():
        if ident not in isolated:
            continue
        if node in findings:
            assert ident in evidence, ident
        else:
            assert node not in used, f"{ident} is used by a finding but in no edge"


# --- kgx itself, in a venv of its own -------------------------------------------------------------------------------

#: kgx and the packages whose versions decide what it does (the rest as pip resolves them).
KGX_PINS = (
    "kgx==2.6.0",
    "bmt==1.5.0",
    "biolink-model==4.4.6",
    "linkml==1.12.1",
    "linkml-runtime==1.12.1",
    "numpy==1.26.4",
    "pyarrow==15.0.2",
    "pandas==3.0.6",
    "prefixcommons==0.1.12",
)
KGX_VENV = REPO / ".cache" / "kgx-2.6.0"

#: Run in the kgx venv: make kgx offline (bmt's default model -> the local yaml; kgx's config -> local
#: JSON-LD contexts: Biolink 4.4.6's prefix map plus the prefixes our graph metadata declares), then
#: `kgx validate` and `kgx transform` tsv -> jsonl, with --stream and without (through kgx's in-memory graph).
KGX_SHIM = r"""
import json, sys
from pathlib import Path
import yaml, biolink_model, prefixcommons, bmt.toolkit

work, nodes, edges, metadata = (Path(a) for a in sys.argv[1:5])
root = Path(next(iter(biolink_model.__path__)))
bmt.toolkit.Toolkit.__init__.__defaults__ = (str(root / "schema" / "biolink_model.yaml"), {"predicate mappings": []})
context = json.loads((root / "prefixmaps" / "biolink-model-prefix-map.json").read_text())
declared = json.loads(metadata.read_text())["curie_map"]
added = sorted(p for p in declared if p not in context)
context.update({p: declared[p] for p in added})
(work / "context.jsonld").write_text(json.dumps({"@context": context}))
import kgx, kgx.config
config = yaml.safe_load((Path(kgx.__file__).parent / "config.yml").read_text())
registry = Path(prefixcommons.__file__).parent / "registry"
config["jsonld-context"] = {
    "biolink": str(work / "context.jsonld"),
    "monarch_context": str(registry / "monarch_context.jsonld"),
    "obo_context": str(registry / "obo_context.jsonld"),
}
(work / "config.yml").write_text(yaml.safe_dump(config))
assert kgx.config.get_config(str(work / "config.yml"))["jsonld-context"]["biolink"] == str(work / "context.jsonld")
from kgx.cli.cli_utils import transform, validate
from kgx.validator import Validator
errors = validate(inputs=[str(nodes), str(edges)], input_format="tsv", input_compression=None,
                  output=str(work / "report.json"))
for stream in (True, False):
    transform(inputs=[str(nodes), str(edges)], input_format="tsv", output=str(work / f"graph-stream-{stream}"),
              output_format="jsonl", stream=stream)
print(json.dumps({"kgx": kgx.__version__, "biolink": Validator.get_toolkit().get_model_version(),
                  "added_prefixes": added, "errors": errors}))
"""


@pytest.fixture(scope="module")
def kgx_python() -> Path:
    """The python of a venv with kgx 2.6.0 (made once from PyPI; skipped, or failed under MSCEXO_REQUIRE_KGX=1)."""
    python = KGX_VENV / "bin" / "python"
    marker = KGX_VENV / "installed.txt"
    if not (marker.is_file() and marker.read_text(encoding="utf-8") == "\n".join(KGX_PINS)):
        done = subprocess.run(
            [sys.executable, "-m", "venv", "--clear", str(KGX_VENV)], capture_output=True, text=True, check=False
        )
        if done.returncode == 0:
            done = subprocess.run(
                [str(python), "-m", "pip", "install", "-q", *KGX_PINS],
                capture_output=True,
                text=True,
                timeout=1800,
                check=False,
            )
        if done.returncode != 0:
            reason = f"kgx could not be installed into {KGX_VENV}: {done.stderr.strip()[-500:]}"
            if os.environ.get("MSCEXO_REQUIRE_KGX") == "1":
                pytest.fail(f"MSCEXO_REQUIRE_KGX=1 but {reason}")
            pytest.skip(reason)
        marker.write_text("\n".join(KGX_PINS), encoding="utf-8")
    return python


@pytest.fixture(scope="module")
def kgx_run(kgx_python: Path, files: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    work = tmp_path_factory.mktemp("kgx")
    paths = []
    for name in (kgx.NODES_FILE, kgx.EDGES_FILE, kgx.METADATA_FILE):
        (work / name).write_text(files[name], encoding="utf-8")
        paths.append(str(work / name))
    (work / "shim.py").write_text(KGX_SHIM, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update({"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""})  # offline
    done = subprocess.run(
        [str(kgx_python), str(work / "shim.py"), str(work), *paths],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        cwd=work,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return work, json.loads(done.stdout.strip().splitlines()[-1])


def test_kgx_validate_finds_only_its_camelcase_false_positive(kgx_run: tuple[Path, Any], toolkit: Any) -> None:
    """kgx's validator (Biolink 4.4.6, offline): no error but one it makes of every Biolink class named with an acronym.

    kgx checks a category against ``^([A-Z][a-z\\d]+)+$``, which ``MicroRNA`` and ``NoncodingRNAProduct`` (real
    Biolink classes, bmt agrees) cannot match; Monarch's graphs meet the same message for ``RNAProduct``.
    """
    _, result = kgx_run
    assert (result["kgx"], result["biolink"]) == ("2.6.0", "4.4.6")
    # only prefixes that are ours or Biolink lacks needed declaring
    assert set(result["added_prefixes"]) <= {"cellosaurus", "mirbase.mature", "infores", "biolink"} | {
        p for p in result["added_prefixes"] if p.startswith("mscexo.")
    }
    errors = result["errors"]
    assert set(errors) == {"ERROR"}, errors.keys()
    assert set(errors["ERROR"]) == {"INVALID_CATEGORY"}, errors["ERROR"].keys()
    for message in errors["ERROR"]["INVALID_CATEGORY"]:
        found = re.fullmatch(r"Category '(\w+)' is not in CamelCase form", message)
        assert found, message
        assert re.search(r"[A-Z]{2}", found[1]) and toolkit.is_category(f"biolink:{found[1]}"), message


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_kgx_transform_to_jsonl_keeps_every_edge_and_its_direction(
    kgx_run: tuple[Path, Any], nodes: dict[str, dict[str, str]], edges: dict[str, dict[str, str]]
) -> None:
    """`kgx transform --stream` tsv -> jsonl keeps every node and edge, each with its ends, predicate and direction."""
    work, _ = kgx_run
    assert len(_jsonl(work / "graph-stream-True_nodes.jsonl")) == len(nodes)
    out_edges = _jsonl(work / "graph-stream-True_edges.jsonl")
    assert len(out_edges) == len(edges)
    back = {e["id"]: e for e in out_edges}
    assert set(back) == set(edges)
    for ident, edge in edges.items():
        got = back[ident]
        assert (got["subject"], got["predicate"], got["object"]) == (edge["subject"], edge["predicate"], edge["object"])
        assert got.get("object_direction_qualifier", "") == edge["object_direction_qualifier"], ident


def test_kgx_transform_without_stream_merges_edges_by_subject_predicate_object(
    kgx_run: tuple[Path, Any], edges: dict[str, dict[str, str]]
) -> None:
    """kgx's in-memory graph keys an edge by subject-predicate-object (a ``key`` column would be used instead,
    but kgx 2.6's GraphSink then passes ``key`` twice and fails): edges of several findings with the same
    ends and predicate become one. This is kgx's behaviour, documented in the README: use ``--stream``.
    """
    work, _ = kgx_run
    merged = _jsonl(work / "graph-stream-False_edges.jsonl")
    spo = {(e["subject"], e["predicate"], e["object"]) for e in edges.values()}
    assert len(spo) < len(edges)
    assert len(merged) == len(spo)
    assert {(e["subject"], e["predicate"], e["object"]) for e in merged} == spo
