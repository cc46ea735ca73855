"""Smoke test of benchmarks/pipeline.py: the generator, and one tiny size end to end.

The full benchmark (10k to 5M triples) is run by hand; here the synthetic generator
must be deterministic and keep the release's shape (pySHACL finds exactly the injected
violations), and every stage must run on one small graph with the engines agreeing:
rdflib vs pyoxigraph answers, pySHACL vs pyshacl-turbo results when turbo is installed,
and the Oxigraph server's answers vs the embedded store. The run's targets are printed with
a verdict, and its scaling figure (PNG, CSV, JSON) is written and rendered again, byte for
byte, from the raw results. A disagreement makes the benchmark exit 1, which the comparison
tests below check on made-up results.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from mscexo_ld import constants as C
from mscexo_ld.query import list_queries

BENCH = C.ROOT / "benchmarks"
sys.path.insert(0, str(BENCH))

import pipeline  # noqa: E402
import synthetic  # noqa: E402


@pytest.fixture(scope="module")
def template() -> synthetic.Template:
    return synthetic.load_template()


def test_sizes_parse() -> None:
    assert [synthetic.parse_size(s) for s in ("10k", "100K", "1M", "2500", "1.5k")] == [
        10_000,
        100_000,
        1_000_000,
        2500,
        1500,
    ]
    assert synthetic.size_label(1_000_000) == "1M" and synthetic.size_label(10_000) == "10k"
    with pytest.raises(ValueError):
        synthetic.parse_size("0")


def test_copy_iris_keep_the_shapes_patterns() -> None:
    base = C.ID_BASE
    assert synthetic.copy_iri(f"{base}finding/F100b", 3) == f"{base}finding/F100b.s3"
    assert synthetic.copy_iri(f"{base}finding/F100b/regulation/2", 3) == f"{base}finding/F100b.s3/regulation/2"
    assert synthetic.copy_iri(f"{base}reference/109", 3) == f"{base}reference/109"  # shared
    assert synthetic.copy_iri(f"{base}gene/PTEN", 0) == f"{base}gene/PTEN"
    assert synthetic.copy_iri("http://purl.obolibrary.org/obo/NCBITaxon_9606", 5).endswith("NCBITaxon_9606")


def test_generator_is_deterministic_and_sized(tmp_path: Path, template: synthetic.Template) -> None:
    a = synthetic.write_ntriples(tmp_path / "a.nt", 20_000, template=template)
    b = synthetic.write_ntriples(tmp_path / "b.nt", 20_000, template=template)
    c = synthetic.write_ntriples(tmp_path / "c.nt", 20_000, seed=7, template=template)
    assert a.sha256 == b.sha256 and (tmp_path / "a.nt").read_bytes() == (tmp_path / "b.nt").read_bytes()
    assert c.sha256 != a.sha256  # the seed drives the perturbations
    assert a.full_copies == 2 and 20_000 <= a.triples < 20_200
    g = Graph().parse(tmp_path / "a.nt", format="nt")
    assert len(g) == a.triples  # no duplicate triples
    # same classes as the release, each with more instances
    release = Counter(o for _, _, o in template_types(template))
    synth = Counter(o for o in g.objects(None, RDF.type))
    assert set(synth) == set(release)
    assert all(synth[k] >= release[k] for k in release)


def template_types(tpl: synthetic.Template):
    for unit in tpl.units.values():
        for s, p, o in unit:
            if p == ("I", synthetic.RDF_TYPE):
                yield s, p, URIRef(o[1])
    for s, p, o in tpl.shared + tpl.ontology:
        if p == ("I", synthetic.RDF_TYPE) and o[0] == "I":
            yield s, p, URIRef(o[1])


@pytest.mark.slow
def test_pipeline_end_to_end_on_a_tiny_graph(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCH / "pipeline.py"),
            "--sizes",
            "8k",
            "--quick",
            "--out",
            str(out),
            "--tmp",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert "every engine pair that was compared agrees" in text
    assert "DISAGREEMENT" not in text
    for section in (
        "## Build and write N-Triples",
        "## Parse / load N-Triples",
        "## SHACL validation",
        "## Canned queries, embedded",
        "## Oxigraph server",
        "## Machine load",
    ):
        assert section in text, section
    summary = next(line for line in text.splitlines() if line.startswith("| 8k | ") and "identical (" in line)
    assert f"| {len(list_queries())} |" in summary  # every canned query ran
    injected = len(synthetic.INJECTED) + 1  # the duplicate reference number is reported on both references
    # pySHACL found exactly the injected violations, and nothing else
    assert f"| {injected} | yes | reference |" in text
    if pipeline.turbo_available():
        row = next(line for line in text.splitlines() if line.startswith("| 8k | turbo |"))
        assert row.endswith(f"| {injected} | yes | yes |")  # turbo, from the N-Triples text, agrees with it
        cli = next(line for line in text.splitlines() if line.startswith("| 8k | validate CLI (turbo) |"))
        assert f"| {injected} | yes |" in cli  # and so does `validate --shacl-engine turbo`
    if pipeline.jena_available():  # Jena SHACL agrees with pySHACL, as `validate --shacl-engine jena` too
        row = next(line for line in text.splitlines() if line.startswith("| 8k | jena |"))
        assert row.endswith(f"| {injected} | yes | yes |")
        cli = next(line for line in text.splitlines() if line.startswith("| 8k | validate CLI (jena) |"))
        assert f"| {injected} | yes |" in cli
    # Each target is printed with its value and a verdict.
    assert "| 3. same results as pySHACL on the synthetic data |" in text
    assert "TARGET 6. a 5M-triple run: no 5M size in this run -- NOT MEASURED" in proc.stdout
    # The scaling figure and its numbers, next to the report.
    png, csv_file = tmp_path / "results-scaling.png", tmp_path / "results-scaling.csv"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"tIME" not in png.read_bytes() and b"Software" not in png.read_bytes()  # no time stamp, no version
    rows = csv_file.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("stage,engine,triples,seconds")
    assert any(r.startswith("shacl,turbo,8") for r in rows) and any(r.startswith("parse,oxigraph,8") for r in rows)
    # Rendered again from the run's raw JSON: the same figure, byte for byte.
    again = subprocess.run(
        [sys.executable, str(BENCH / "pipeline.py"), "--render", str(out.with_suffix(".json")), str(tmp_path / "r.md")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert again.returncode == 0, again.stderr[-2000:]
    assert (tmp_path / "r-scaling.png").read_bytes() == png.read_bytes()
    assert (tmp_path / "r-scaling.csv").read_text(encoding="utf-8") == csv_file.read_text(encoding="utf-8")


def test_scaling_figure_marks_an_engine_that_did_not_finish(tmp_path: Path) -> None:
    rows = [
        {"stage": "shacl", "engine": "pyshacl", "triples": n, "seconds": s, "note": ""}
        for n, s in ((10_000, 1.0), (100_000, 10.0))
    ]
    rows.append(
        {"stage": "shacl", "engine": "pyshacl", "triples": 5_000_000, "seconds": None, "note": "did not finish in 9 s"}
    )
    rows = [{**r, "cpu_seconds": None, "peak_mb": None, "mb_per_million_triples": None} for r in rows]
    paths = pipeline.write_scaling(rows, tmp_path)
    assert [p.name for p in paths] == ["scaling.png", "scaling.csv", "scaling.json"]
    assert "did not finish in 9 s" in (tmp_path / "scaling.csv").read_text(encoding="utf-8")
    assert pipeline.scaling_png(rows) == (tmp_path / "scaling.png").read_bytes()


def _args(**kw):
    return pipeline.parse_args(["--sizes", "8k", "--quick", *(a for k, v in kw.items() for a in (f"--{k}", str(v)))])


def test_a_shacl_disagreement_is_a_failure() -> None:
    run = pipeline.Run(_args())
    expected = [["f", "p", "c"]]
    same = {
        "times": [1.0],
        "over_budget": False,
        "conforms": False,
        "results": [[["f", "p", "v", "c", "s"], 1]],
        "messages": [[["f", "p", "v", "c", "s", "m"], 1]],
    }
    other = {**same, "results": [[["f", "p", "v", "c", "s"], 2]]}
    run.compare_shacl("t", {"shacl": {"pyshacl": same, "turbo": dict(same)}}, expected)
    assert not run.failures
    run.compare_shacl("t", {"shacl": {"pyshacl": same, "turbo": other}}, expected)
    assert any("SHACL results differ" in f for f in run.failures)


def test_without_pyshacl_jena_is_compared_with_turbo() -> None:
    """At 1M pySHACL does not finish: the other engines' results are compared with pyshacl-turbo's."""
    run = pipeline.Run(_args())
    turbo = {
        "times": [1.0],
        "over_budget": False,
        "conforms": False,
        "results": [[["f", "p", "v", "c", "s"], 1]],
        "messages": [[["f", "p", "v", "c", "s", "m"], 1]],
    }
    rec = {"shacl": {"pyshacl": None, "turbo": turbo, "jena": dict(turbo)}}
    run.compare_shacl("t", rec, [["f", "p", "c"]])
    assert not run.failures and rec["shacl"]["jena"]["agree"] and rec["shacl"]["jena"]["agree_with"] == "turbo"
    rec = {"shacl": {"pyshacl": None, "turbo": turbo, "jena": {**turbo, "results": []}}}
    run.compare_shacl("t", rec, [["f", "p", "c"]])
    assert any("turbo vs jena" in f for f in run.failures)


def test_a_query_disagreement_is_a_failure() -> None:
    run = pipeline.Run(_args())
    ox = {
        "queries": {
            "q1": {"times": [0.001], "rows": 1, "digest": "a"},
            "q2": {"times": [0.001], "rows": 1, "digest": "b"},
        }
    }
    rl = {"queries": {"q1": {"times": [0.1], "rows": 1, "digest": "a"}, "q2": {"over_budget": True}}}
    run.compare_queries("t", {"oxigraph": ox, "rdflib": rl})
    assert not run.failures  # over budget: not compared
    rl["queries"]["q1"]["digest"] = "z"
    run.compare_queries("t", {"oxigraph": ox, "rdflib": rl})
    assert run.failures == ["[t] query q1: rdflib and pyoxigraph answers differ (1 vs 1 rows)"]
    rl["queries"]["q1"]["digest"], rl["queries"]["q2"] = "a", {"cannot": "rdflib answers no rows"}
    run.failures.clear()
    run.compare_queries("t", {"oxigraph": ox, "rdflib": rl})
    assert not run.failures  # rdflib cannot answer it: not compared
    assert "rdflib cannot answer 1" in run._query_summary("t", 10, {"oxigraph": ox, "rdflib": rl})


def test_the_release_queries_read_the_named_graphs_as_query_does(build_dir: Path) -> None:
    """On the release, findings-under-term reads the hierarchy (it answered 0 rows in the benchmark before)."""
    p = {"path": str(build_dir / C.GRAPH_NT), "reps": 1, "budget": 60, "engine_only": True}
    ox = pipeline.worker_queries({**p, "engine": "oxigraph"})["queries"]
    assert ox["findings-under-term"]["rows"] > 0 and ox["findings-under-term"]["named_graphs"]
    others = [q.name for q in list_queries() if q.name != "findings-under-term"]
    assert all("named_graphs" not in ox[k] and ox[k]["engine_times"] for k in others)
    # rdflib (every query on both engines: tests/test_queries.py): the one it cannot answer, and two it can
    only = ["findings-under-term", "mirnas-via-gene", "curator-notes"]
    rl = pipeline.worker_queries({**p, "engine": "rdflib", "only": only})["queries"]
    assert rl["findings-under-term"] == {"cannot": "rdflib answers no rows (a GRAPH path joined to the default graph)"}
    assert [rl[k]["digest"] for k in only[1:]] == [ox[k]["digest"] for k in only[1:]]


def test_the_engines_benchmark_runs_on_the_release(build_dir: Path, tmp_path: Path) -> None:
    """benchmarks/engines.py with pyoxigraph alone (the other engines are opt-in): every query, its answer checked."""
    out = tmp_path / "engines.md"
    command = [sys.executable, str(BENCH / "engines.py"), "--build", str(build_dir), "--engines", "pyoxigraph"]
    options = ["--repeat", "1", "--warmup", "0", "--out", str(out)]
    run = subprocess.run([*command, *options], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    n = len(list_queries())
    assert "| pyoxigraph | " in run.stdout and f"| {n} of {n} | 1.00x |" in run.stdout
    assert out.read_text(encoding="utf-8") == run.stdout[:-1] and out.with_suffix(".json").is_file()
    bad = subprocess.run([*command[:2], "--engines", "virtuoso"], capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "--engines: unknown virtuoso" in bad.stderr
