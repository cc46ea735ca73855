"""Canned queries: headers, exact answers on the built graph, the same answers on both engines, safe parameters.

Over 400 lines because it is one catalogue: every canned query on both engines, and each hand-checked answer.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Dataset, Graph, URIRef

from mscexo_ld import constants as C
from mscexo_ld.cli import main
from mscexo_ld.query import (
    CannedQuery,
    QueryError,
    bind_params,
    list_queries,
    resolve_query,
    run_oxigraph,
    run_rdflib,
)
from mscexo_ld.query.embedded import RDFLIB_CANNOT, load_rdflib, load_store
from mscexo_ld.query.guard import reads_named_graphs
from mscexo_ld.resources import NAMED_GRAPH_FILES

QUERIES = list_queries()


@pytest.fixture(scope="module")
def nt_graph(build_dir: Path) -> Graph:
    return Graph().parse(build_dir / C.GRAPH_NT, format="nt")


@pytest.fixture(scope="module")
def nt_dataset(build_dir: Path) -> Dataset:
    """The release for rdflib as ``query`` reads it: the default graph, and the named graphs beside it."""
    dataset = load_rdflib(build_dir / C.GRAPH_NT)
    assert isinstance(dataset, Dataset) and all((build_dir / name).is_file() for name in NAMED_GRAPH_FILES)
    return dataset


def answer(store: ox.Store, name: str, **params: str) -> list[tuple[str | None, ...]]:
    query = resolve_query(name)
    return run_oxigraph(store, query, bind_params(query, params)).as_tuples()


def test_at_least_ten_canned_queries_with_headers() -> None:
    assert len(QUERIES) >= 10
    for q in QUERIES:
        assert q.title.endswith("?"), q.name
        assert len(q.description) > 30, q.name
    assert any(q.params for q in QUERIES)


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(q, marks=pytest.mark.xfail(strict=True, reason="rdflib: GRAPH path joined to the default graph"))
        if q.name in RDFLIB_CANNOT
        else q
        for q in QUERIES
    ],
    ids=[q.name for q in QUERIES],
)
def test_engines_agree(query: CannedQuery, store: ox.Store, nt_graph: Graph, request: pytest.FixtureRequest) -> None:
    params = bind_params(query, {})
    ox = run_oxigraph(store, query, params)
    # a query of a named graph (GRAPH <...>) needs rdflib's Dataset; the others read the plain graph, faster
    rl = run_rdflib(request.getfixturevalue("nt_dataset") if "GRAPH <" in query.text else nt_graph, query, params)
    assert ox.variables == rl.variables
    assert sorted(ox.as_tuples(), key=repr) == sorted(rl.as_tuples(), key=repr)
    assert ox.rows, f"{query.name} answers nothing on the release"


def test_pten_question(store: ox.Store) -> None:
    rows = answer(store, "mirnas-via-gene", gene="PTEN")
    # (mirna, direction, inferred, ref, author): [128] prints "targeting PTEN", its direction is the curator's reading
    assert [r[1:6] for r in rows] == [
        ("miR-486-5p", "decreases", "false", "109", "Sun"),
        ("miR-21a-5p", "decreases", "false", "119", "Luther"),
        ("miR-17-92 cluster", "decreases", "true", "128", "Xin"),
    ]
    quotes = [r[6] or "" for r in rows]
    assert "miR-486-5p carried by bone marrow-derived MSC-Exos suppressed PTEN expression" in quotes[0]
    assert (
        "MSC-Exos expressing miR-21a-5p downregulated the expression of the pro-apoptotic gene products PDCD4, PTEN"
        in quotes[1]
    )
    assert quotes[2].startswith(
        "Xin et al[126-128] investigated the effect of rat bone marrow derived MSC-Exos on stroke. "
        "[\u2026] Also, Xin et al[128]"
    )
    assert "enriched with the miR-17-92 cluster" in quotes[2] and "targeting PTEN" in quotes[2]


def test_everything_that_regulates_pten_shows_the_h19_chain(store: ox.Store) -> None:
    rows = answer(store, "regulators-of-gene", gene="PTEN")
    h19 = [r for r in rows if r[1] == "169"]
    # (gene, ref, regulator, type, direction, inferred, upstream, upstreamDirection)
    assert sorted(r[2:8] for r in h19) == [
        ("H19", "LongNonCodingRNA", "increases", "false", None, None),
        ("miR-152-3p", "MicroRNA", "decreases", "true", "H19", "decreases"),
    ]


@pytest.mark.parametrize(
    "evil",
    [
        'PTEN" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o',
        "PTEN' } UNION { ?target ?p ?gene",
        "} ; DROP ALL",
        'PTEN"@en',
        "?gene",
    ],
)
def test_parameters_cannot_change_the_query(store: ox.Store, evil: str) -> None:
    before = len(store)
    assert answer(store, "mirnas-via-gene", gene=evil) == []
    assert len(store) == before


def test_parameter_errors() -> None:
    q = resolve_query("findings-for-reference")
    with pytest.raises(QueryError, match="expected an integer"):
        bind_params(q, {"ref": "109 } UNION {"})
    with pytest.raises(QueryError, match="has no parameter nope"):
        bind_params(q, {"nope": "1"})
    with pytest.raises(QueryError, match="unknown query 'no-such-query'"):
        resolve_query("no-such-query")


def test_query_cli(build_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["query", "mirnas-via-gene", "--param", "gene=PTEN", "--build", str(build_dir), "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "gene,mirna,direction,inferred,ref,author,quote,finding"
    assert len(out) == 4
    assert main(["query", "--list"]) == 0
    listing = capsys.readouterr().out
    assert "mirnas-via-gene" in listing and "parameters: gene=PTEN" in listing
    rq = tmp_path / "count.rq"
    rq.write_text(
        "# title: How many findings?\n# description: Count of mscexo:Finding instances in the graph.\n"
        "SELECT (COUNT(?f) AS ?n) WHERE { ?f a <https://w3id.org/mscexo/ontology#Finding> }\n",
        encoding="utf-8",
    )
    assert main(["query", str(rq), "--build", str(build_dir), "--format", "json"]) == 0
    assert '"vars": [\n      "n"\n    ]' in capsys.readouterr().out
    assert main(["query", "no-such-query", "--build", str(build_dir)]) == 2
    assert main(["query", "mirnas-via-gene", "--build", str(tmp_path / "none")]) == 4


# ----------------------------------------------------------------------------- as a new user runs it


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``mscexo-ld ARGS`` as a user runs it: a new process; its exit code, stdout and stderr (bytes as written)."""
    command = [sys.executable, "-m", "mscexo_ld", *args]
    run = subprocess.run(command, capture_output=True, timeout=300, check=False)
    return subprocess.CompletedProcess(command, run.returncode, run.stdout.decode(), run.stderr.decode())


def test_a_plain_sparql_file_just_runs(build_dir: Path, nt_graph: Graph, tmp_path: Path) -> None:
    findings = len(set(nt_graph.subjects(RDF.type, URIRef(C.MSCEXO + "Finding"))))
    rq = tmp_path / "findings.rq"
    rq.write_text(f"SELECT (COUNT(?f) AS ?n) WHERE {{ ?f a <{C.MSCEXO}Finding> }}\n", encoding="utf-8")
    run = cli("query", str(rq), "--build", str(build_dir), "--format", "csv")
    assert (run.returncode, run.stdout, run.stderr) == (0, f"n\r\n{findings}\r\n", "")
    run = cli("query", str(rq), "--build", str(build_dir))  # the table is titled by the file's name
    assert (run.returncode, run.stderr) == (0, "# findings.rq\n") and run.stdout.splitlines()[2] == str(findings)
    # Header lines an ad-hoc file does have still count: here a parameter, without title or description.
    rq.write_text(
        "# param: gene | literal | PTEN | a label\n"
        "SELECT ?gene ?thing WHERE { ?thing <http://www.w3.org/2000/01/rdf-schema#label> ?gene }\n",
        encoding="utf-8",
    )
    run = cli("query", str(rq), "--param", "gene=H19", "--build", str(build_dir), "--format", "csv")
    assert (run.returncode, run.stdout) == (0, f"gene,thing\r\nH19,{C.ID_BASE}cargo/H19\r\n"), run.stderr
    # Canned queries (the queries folder) still need their title and description.
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "bare.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match=re.escape("bare.rq: missing '# title:' or '# description:' header line")):
        resolve_query("bare", folder)
    with pytest.raises(QueryError, match="missing '# title:'"):
        list_queries(folder)


def test_the_named_graphs_are_left_out_only_for_a_query_that_cannot_read_them(build_dir: Path, store: ox.Store) -> None:
    without = load_store(build_dir / C.GRAPH_NT, named_graphs=False)
    readers = [q.name for q in QUERIES if reads_named_graphs(q.text)]
    assert readers == ["findings-under-term"]
    for query in QUERIES:
        params = bind_params(query, {})
        full = run_oxigraph(store, query, params).as_tuples()
        if query.name in readers:  # the decision matters: without them it has no answer
            assert full and not run_oxigraph(without, query, params).rows
        else:
            assert run_oxigraph(without, query, params).as_tuples() == full, query.name


def test_a_file_that_reads_a_named_graph_gets_it(build_dir: Path, tmp_path: Path) -> None:
    """``query`` leaves the named graphs out unless the query has GRAPH or FROM: both kinds get them."""
    edges = sum(1 for line in (build_dir / "direct-edges.nq").read_text(encoding="utf-8").splitlines() if line)
    direct = "https://w3id.org/mscexo/graph/direct"
    for name, text in [
        ("graph.rq", f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{direct}> {{ ?s ?p ?o }} }}"),
        ("from.rq", f"SELECT (COUNT(*) AS ?n) FROM <{direct}> WHERE {{ ?s ?p ?o }}"),
        ("neither.rq", f"# GRAPH <{direct}> in a comment\nSELECT (COUNT(*) AS ?n) WHERE {{ ?s <{direct}> ?o }}"),
    ]:
        (tmp_path / name).write_text(text + "\n", encoding="utf-8")
        run = cli("query", str(tmp_path / name), "--build", str(build_dir), "--format", "csv")
        assert (run.returncode, run.stderr) == (0, ""), name
        assert run.stdout == f"n\r\n{0 if name == 'neither.rq' else edges}\r\n", name


def test_a_misspelt_query_name_gets_the_closest_name(build_dir: Path, tmp_path: Path) -> None:
    run = cli("query", "mirna-via-gene", "--param", "gene=PTEN", "--build", str(build_dir))
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (
        "error: unknown query 'mirna-via-gene'; did you mean 'mirnas-via-gene'? (mscexo-ld query --list shows all)\n"
    )
    run = cli("query", "zzzz", "--build", str(build_dir))  # nothing close: no guess, and not all 40 names
    assert (run.returncode, run.stderr) == (2, "error: unknown query 'zzzz' (mscexo-ld query --list shows all)\n")
    run = cli("query", str(tmp_path / "mine.rq"), "--build", str(build_dir))
    assert (run.returncode, run.stderr) == (2, f"error: no such query file: {tmp_path / 'mine.rq'}\n")


WRONG_CASE = [
    ("mirnas-via-gene", {"gene": "pten"}, ["hint: no rows for gene=pten; did you mean gene=PTEN?"]),
    ("regulators-of-gene", {"gene": "Pten"}, ["hint: no rows for gene=Pten; did you mean gene=PTEN?"]),
    (
        "findings-for-msc-source",
        {"source": "Adipose Tissue"},
        ["hint: no rows for source=Adipose Tissue; did you mean source=adipose tissue?"],
    ),
    (
        "clinical-trials-by-phase",
        {"phase": "Phase 2"},
        ["hint: no rows for phase=Phase 2; did you mean phase=phase 2?"],
    ),
    (  # one hint per parameter
        "references-for-mechanism",
        {"mechanism": "pi3k/akt signaling", "direction": "Increases"},
        [
            "hint: no rows for mechanism=pi3k/akt signaling; did you mean mechanism=PI3K/AKT signaling?",
            "hint: no rows for direction=Increases; did you mean direction=increases?",
        ],
    ),
    (
        "references-for-mechanism",
        {"direction": "Increases"},
        ["hint: no rows for direction=Increases; did you mean direction=increases?"],
    ),
    # A label of something else (a miRNA): still named, as the value exists in another case.
    ("mirnas-via-gene", {"gene": "MIR-21A-5P"}, ["hint: no rows for gene=MIR-21A-5P; did you mean gene=miR-21a-5p?"]),
    ("mirnas-via-gene", {"gene": "no such gene"}, []),
    ("mirnas-via-gene", {"gene": 'PTEN" } ; DROP ALL'}, []),
    ("mirnas-via-gene", {"gene": "PTEN"}, []),  # rows: no hint
]


@pytest.mark.parametrize(("name", "params", "hints"), WRONG_CASE)
def test_a_wrong_case_label_gets_a_hint(
    name: str, params: dict[str, str], hints: list[str], store: ox.Store, nt_graph: Graph
) -> None:
    q = resolve_query(name)
    bound = bind_params(q, params)
    on_oxigraph, on_rdflib = run_oxigraph(store, q, bound), run_rdflib(nt_graph, q, bound)
    assert on_oxigraph.hints == on_rdflib.hints == hints
    assert bool(on_oxigraph.rows) == (params == {"gene": "PTEN"})


def test_a_hint_is_not_part_of_the_answer(build_dir: Path) -> None:
    run = cli("query", "mirnas-via-gene", "--param", "gene=pten", "--build", str(build_dir), "--format", "csv")
    assert (run.returncode, run.stdout) == (0, "gene,mirna,direction,inferred,ref,author,quote,finding\r\n")


def test_the_query_cli_prints_the_hint(build_dir: Path) -> None:
    run = cli("query", "mirnas-via-gene", "--param", "gene=pten", "--build", str(build_dir))
    assert "hint: no rows for gene=pten; did you mean gene=PTEN?" in run.stderr.splitlines()


# Exact answers on the release, checked by hand against data/findings/*.yaml and the review.
F = C.ID_BASE + "finding/"


def test_cargo_by_type(store: ox.Store) -> None:
    assert answer(store, "cargo-by-type") == [
        ("MicroRNA", "23", "27"),  # and miR-301 of the uncited finding FU1
        ("Protein", "4", "4"),
        ("LongNonCodingRNA", "3", "5"),
        ("SmallMolecule", "1", "1"),
    ]


def test_engineered_producers(store: ox.Store) -> None:
    rows = answer(store, "engineered-producers")
    assert len(rows) == 18
    assert [r[:4] for r in rows[:5]] == [
        ("78", "loading", "curcumin", "SmallMolecule"),
        ("81", "knockdown", "CCR2", "Protein"),
        ("82", "knockdown", "miR-199a-3p", "MicroRNA"),
        ("95", "overexpression", "miR-455-3p", "MicroRNA"),
        ("103", "pre-treatment", "TNF-α", "GeneProduct"),
    ]
    assert ("116", "overexpression", "CXCR4", "GeneProduct", F + "F116") in rows
    assert ("120", "overexpression", "KLF3-AS1", "LongNonCodingRNA", F + "F120") in rows
    assert ("164", "knockdown", "Wnt4", "Protein", F + "F164") in rows
    assert {r[1] for r in rows} == {"loading", "knockdown", "overexpression", "pre-treatment"}


def test_findings_per_msc_source(store: ox.Store) -> None:
    assert answer(store, "findings-per-msc-source") == [
        ("bone marrow", "49"),  # 48, and the uncited FU1
        ("umbilical cord", "16"),
        ("adipose tissue", "15"),
        ("induced pluripotent stem cell", "7"),
        ("embryonic stem cell", "5"),
        ("synovial membrane", "3"),
        ("umbilical cord blood", "2"),
        ("infrapatellar fat pad", "1"),
        ("menstrual blood", "1"),
    ]


def test_findings_per_organ_system(store: ox.Store) -> None:
    assert answer(store, "findings-per-organ-system") == [
        ("nervous system", "27", "27"),
        ("cardiovascular system", "21", "19"),
        ("musculoskeletal system", "19", "14"),
        ("liver", "16", "14"),
        ("kidney", "12", "10"),
        ("skin", "9", "7"),
        ("immune system", "2", "2"),
        ("respiratory system", "1", "1"),
    ]


def test_in_vitro_models(store: ox.Store) -> None:
    rows = answer(store, "in-vitro-models")
    assert len(rows) == 15
    assert rows[:3] == [
        ("EA.hy926 endothelial cell line", "Homo sapiens", "https://www.cellosaurus.org/CVCL_3901", "112"),
        ("H9C2 cardiomyocytes injured by H2O2", "Rattus norvegicus", "https://www.cellosaurus.org/CVCL_0286", "106"),
        (
            "H9C2 cardiomyocytes under hypoxia/reoxygenation",
            "Rattus norvegicus",
            "https://www.cellosaurus.org/CVCL_0286",
            "109",
        ),
    ]
    assert (
        "HK-2 cells under oxygen-glucose deprivation",
        "Homo sapiens",
        "https://www.cellosaurus.org/CVCL_0302",
        "82",
    ) in rows
    assert (
        "HaCaT keratinocytes exposed to H2O2",
        "Homo sapiens",
        "https://www.cellosaurus.org/CVCL_0038",
        "166",
    ) in rows


def test_msc_sources_for_myocardial_infarction(store: ox.Store) -> None:
    obo = "http://purl.obolibrary.org/obo/"
    rows = answer(store, "msc-sources-for-condition", condition="myocardial infarction")
    assert [r[1:] for r in rows] == [
        ("adipose tissue", obo + "UBERON_0001013", None, "114"),
        ("adipose tissue", obo + "UBERON_0001013", None, "115"),
        ("bone marrow", obo + "UBERON_0002371", None, "115"),
        ("bone marrow", obo + "UBERON_0002371", "Rattus norvegicus", "116"),
        ("bone marrow", obo + "UBERON_0002371", None, "118"),
        ("bone marrow", obo + "UBERON_0002371", None, "122"),
        ("umbilical cord", obo + "UBERON_0002331", "Homo sapiens", "113"),
        ("umbilical cord", obo + "UBERON_0002331", "Homo sapiens", "117"),
        ("umbilical cord blood", obo + "UBERON_0012168", None, "115"),
    ]


def test_references_for_mechanism(store: ox.Store) -> None:
    rows = answer(store, "references-for-mechanism")
    assert [r[2:5] for r in rows] == [
        ("82", "Zhu", "MSC-derived exosomes"),
        ("109", "Sun", "miR-486-5p"),
        ("116", "Kang", "CXCR4"),
    ]
    wnt = answer(store, "references-for-mechanism", mechanism="Wnt/β-catenin signaling", direction="increases")
    assert [(r[2], r[4]) for r in wnt] == [
        ("108", "MSC-derived exosomes"),
        ("136", "MSC-derived exosomes"),
        ("164", "MSC-derived exosomes"),
        ("164", "Wnt4"),
        ("166", "MSC-derived exosomes"),
    ]
    assert answer(store, "references-for-mechanism", mechanism="Wnt/β-catenin signaling", direction="decreases") == []


def test_lncrna_sponges(store: ox.Store) -> None:
    assert answer(store, "lncrna-sponges") == [
        ("KLF3-AS1", "miR-138-5p", "Sirt1", "decreases", "true", "increases", "120"),
        ("KLF3-AS1", "miR-206", "GIT1", "decreases", "true", "increases", "155"),
        ("MALAT1", "miR-34c", "SATB2", "decreases", "true", "increases", "161"),
        ("H19", "miR-152-3p", "PTEN", "decreases", "true", "increases", "169"),
    ]


def test_findings_for_reference(store: ox.Store) -> None:
    rows = answer(store, "findings-for-reference", ref="106")
    assert [r[1] for r in rows] == [F + "F106a", F + "F106b"]
    (row,) = answer(store, "findings-for-reference", ref="120")
    assert row[3] == "myocardial infarction"
    assert "acting as a competing endogenous RNA (ceRNA) to sponge miR-138-5p" in (row[5] or "")


def test_unmapped_entities(store: ox.Store) -> None:
    rows = answer(store, "unmapped-entities")
    by_type: dict[str | None, int] = {}
    for r in rows:
        by_type[r[0]] = by_type.get(r[0], 0) + 1
    assert by_type["TherapeuticOutcome"] == 70 and by_type["InVivoModel"] == 38 and by_type["GeneProduct"] == 7
    for r in rows:
        if r[0] in ("TherapeuticOutcome", "InVivoModel", "GeneProduct", "Mechanism", "MicroRNA", "Condition"):
            assert r[3], f"{r[1]} has no unmapped reason"
    assert rows[[r[0] for r in rows].index("GeneProduct")][:3] == ("GeneProduct", C.ID_BASE + "gene/Akt", "Akt")


def test_curator_notes(store: ox.Store) -> None:
    rows = answer(store, "curator-notes")
    assert (
        len(rows) == 696
    )  # 668, issue 15's notes (forms, quirks, involvements, FU1, audit items), 5 models mapped to CL
    notes_f110 = [r[2] or "" for r in rows if r[0] == F + "F110"]
    assert any("loaded miR-125" in n for n in notes_f110)
    assert {r[1] for r in rows} >= {
        "Finding",
        "Regulation",
        "MicroRNA",
        "Reference",
        "ClinicalTrial",
        "IsolationMethod",
    }
