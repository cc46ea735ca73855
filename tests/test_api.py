"""The Python API (``import mscexo_ld``): the README's example, run as written, and each function."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

import mscexo_ld
from mscexo_ld import constants as C

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_example() -> tuple[str, str]:
    """The README's Python API example (its first ```python block) and the output it shows."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Python API") :]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    shown = re.search(r"<!-- readme-test: output of the python block above -->\n```\n(.*?)```", section, re.S)
    assert code and shown, "README.md: the Python API section lost its example or its shown output"
    return code.group(1), shown.group(1)


INVALID_CASE = C.SHAPE_CASES_DIR / "RegulationShape-invalid-02.ttl"
REGULATION = "https://w3id.org/mscexo/id/finding/F109/regulation/2"


def test_readme_example_prints_what_the_readme_says(tmp_path: Path) -> None:
    """Run from an empty folder, as a user would paste it."""
    done = subprocess.run(
        [sys.executable, "-c", readme_example()[0]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == readme_example()[1]


def test_import_is_cheap_and_validate_is_the_function() -> None:
    code = (
        "import sys, mscexo_ld, mscexo_ld.validate.report, mscexo_ld.query.canned\n"
        "heavy = {m.split('.')[0] for m in sys.modules} & {'rdflib', 'pyoxigraph', 'pyshacl', 'owlready2'}\n"
        "print(callable(mscexo_ld.validate) and callable(mscexo_ld.query), ','.join(sorted(heavy)) or '-')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code.replace(", mscexo_ld.validate.report, mscexo_ld.query.canned", "")],
        check=False,
        **_run(),
    )
    assert done.stdout.split() == ["True", "-"], done.stdout + done.stderr
    # Importing modules of the validate/ and query/ subpackages leaves the API functions in place.
    done = subprocess.run([sys.executable, "-c", code], check=False, **_run())
    assert done.stdout.split()[0] == "True", done.stdout + done.stderr


def _run() -> dict[str, Any]:
    return {"capture_output": True, "text": True, "timeout": 120}


def test_package_is_typed() -> None:
    from importlib.resources import files

    assert files("mscexo_ld").joinpath("py.typed").is_file()
    assert mscexo_ld.__version__.count(".") == 2


# ----------------------------------------------------------------------------- validate


def test_validate_file_report_fields() -> None:
    report = mscexo_ld.validate(INVALID_CASE, checks="shacl")
    assert not report.conforms and [c.name for c in report.checks] == ["shacl"]
    shacl = report.check("shacl")
    assert (shacl.status, shacl.ran, shacl.passed, shacl.summary) == ("FAIL", True, False, "2 violation(s)")
    assert report.failed == [shacl] and report.not_run == []
    found = sorted((v.check, v.focus, v.path, v.severity, v.value, v.source) for v in report.violations)
    assert found == [
        ("shacl", REGULATION, "^mscexo:regulation", "Violation", None, None),
        ("shacl", REGULATION, "mscexo:curatorInferred", "Violation", None, None),
    ]
    assert "A regulation belongs to exactly one finding." in report.violations[0].message
    assert report.shacl_report is not None and len(report.shacl_report) > 0
    with pytest.raises(KeyError):
        report.check("quotes")


def test_validate_valid_case_conforms_and_a_graph_gives_the_same_report(ontology_graph: Graph) -> None:
    valid = mscexo_ld.validate(C.SHAPE_CASES_DIR / "RegulationShape-valid.ttl", checks=["shacl", "qc"])
    assert valid.conforms and [c.status for c in valid.checks] == ["PASS", "PASS"] and valid.violations == []
    graph = Graph().parse(INVALID_CASE) + ontology_graph
    from_graph = mscexo_ld.validate(graph, checks=["shacl"])
    assert from_graph == mscexo_ld.validate([INVALID_CASE], checks=["shacl"])


def test_validate_json_and_text_match_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from mscexo_ld.cli import main

    report = mscexo_ld.validate(INVALID_CASE, checks="shacl")
    assert main(["validate", "--data", str(INVALID_CASE), "--checks", "shacl"]) == 1
    assert capsys.readouterr().out == report.render()
    assert main(["validate", "--data", str(INVALID_CASE), "--checks", "shacl", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == report.as_dict()


def test_validate_release_names_the_curated_origin(unmapped_build: tuple[Path, Path]) -> None:
    """A problem in the release is traced to the curated file, line and record.

    ``unmapped_build`` (conftest): data/ with PTEN's mapping removed, built by ``mscexo_ld.build(curated=...)``.
    """
    data, out = unmapped_build
    text = (data / "entities" / "gene.yaml").read_text(encoding="utf-8")
    from mscexo_ld import pipeline

    report = pipeline.validate(build_dir=out, curated=data, checks=["shacl"])
    (violation,) = report.violations
    assert (
        violation.focus == C.ID_BASE + "gene/PTEN" and "needs a mapping to a standard identifier" in violation.message
    )
    source = violation.source
    assert source is not None and (source.file, source.record) == ("data/entities/gene.yaml", "PTEN")
    line = text.splitlines().index("- id: PTEN") + 1
    assert source.line == line and violation.origin == f"data/entities/gene.yaml:{line} (record PTEN)"


def test_validate_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown check"):
        mscexo_ld.validate(INVALID_CASE, checks=["shacl", "spelling"])
    with pytest.raises(FileNotFoundError, match=r"nowhere\.ttl not found"):
        mscexo_ld.validate("nowhere.ttl")
    with pytest.raises(FileNotFoundError, match="run `mscexo-ld build` first"):
        mscexo_ld.validate(build="no-such-build")
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix x: <https://e.org/> .\nx:a x:b x:c ;\n", encoding="utf-8")
    with pytest.raises(mscexo_ld.DataError, match=f"^{broken}: "):
        mscexo_ld.validate(broken, checks="shacl")


def test_validate_without_the_review_text_reports_quotes_not_run(
    build_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(C, "DEFAULT_SOURCE_TEXT", build_dir / "absent.txt")
    monkeypatch.delenv(C.SOURCE_TEXT_ENV, raising=False)
    report = mscexo_ld.validate(build=build_dir, checks=["quotes"])
    quotes = report.check("quotes")
    assert quotes.status == "NOT RUN" and not quotes.ran and quotes.summary.startswith("NOT RUN")
    assert not report.conforms and report.not_run == [quotes] and report.failed == []


# ----------------------------------------------------------------------------- query, load_release, build


def test_query_rows_and_errors(build_dir: Path) -> None:
    store = mscexo_ld.load_release(build_dir)
    # the release and its named graphs (direct edges, hierarchy closure)
    files = (build_dir / C.GRAPH_NT, build_dir / "direct-edges.nq", build_dir / "hierarchy.nq")
    assert len(store) == sum(len(f.read_text(encoding="utf-8").splitlines()) for f in files)
    rows = mscexo_ld.query("mirnas-via-gene", store=store, gene="PTEN")
    assert [(r["mirna"], r["ref"]) for r in rows] == [
        ("miR-486-5p", "109"),
        ("miR-21a-5p", "119"),
        ("miR-17-92 cluster", "128"),
    ]
    assert set(rows[0]) == {"gene", "mirna", "direction", "inferred", "ref", "author", "quote", "finding"}
    assert mscexo_ld.query("mirnas-via-gene", store=store, gene="NOSUCHGENE") == []
    rq = C.QUERIES_DIR / "mirnas-via-gene.rq"
    assert mscexo_ld.query(rq, store=store) == rows  # a .rq file; the parameter's default is PTEN
    with pytest.raises(mscexo_ld.QueryError, match=r"unknown query 'no-such-query'"):
        mscexo_ld.query("no-such-query", store=store)
    with pytest.raises(mscexo_ld.QueryError, match="has no parameter colour"):
        mscexo_ld.query("mirnas-via-gene", store=store, colour="red")
    with pytest.raises(FileNotFoundError, match="run `mscexo-ld build` first"):
        mscexo_ld.load_release(build_dir / "nowhere")


def test_build_result_and_rejected_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = mscexo_ld.build(out=out)
    assert result.out == out and (out / C.GRAPH_NT) in result.paths and (out / "site" / "index.html") in result.paths
    assert result.triples == len((out / C.GRAPH_NT).read_text(encoding="utf-8").splitlines())
    assert (result.findings, result.references) == (108, 173) and result.entities > 0
    data = tmp_path / "data"
    shutil.copytree(C.DATA_DIR, data)
    (data / "findings" / "broken.yaml").write_text("- id: F999\n", encoding="utf-8")
    with pytest.raises(mscexo_ld.CurationError) as info:
        mscexo_ld.build(curated=data, out=tmp_path / "never")
    assert any(p.file == "data/findings/broken.yaml" for p in info.value.problems)
    assert not (tmp_path / "never").exists()


def test_shape_cases_are_every_example() -> None:
    cases = mscexo_ld.shape_cases()
    assert {"FindingShape-valid", "RegulationShape-invalid-02"} <= set(cases)
    assert all(p.is_file() and p.suffix == ".ttl" for p in cases.values())


def test_a_violation_reads_every_curated_origin() -> None:
    from mscexo_ld.validate.report import Issue

    origin = "data/entities/gene.yaml:12 (record PTEN); data/findings/pten.yaml:40 (record F169, field regulations[2])"
    violation = mscexo_ld.Violation.from_issue(Issue("identifiers", "label mismatch", "x", origin=origin))
    assert violation.sources == (
        mscexo_ld.SourceLocation("data/entities/gene.yaml", 12, "PTEN"),
        mscexo_ld.SourceLocation("data/findings/pten.yaml", 40, "F169", "regulations[2]"),
    )
    assert violation.source == violation.sources[0] and violation.origin == origin
    assert violation.as_dict()["origin"] == origin and f"curated at: {origin}" in violation.render()
    assert mscexo_ld.Violation.from_issue(Issue("qc", "no label")).sources == ()
