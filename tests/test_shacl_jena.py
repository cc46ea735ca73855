"""Jena SHACL (``--shacl-engine jena``) gives exactly pySHACL's results.

On every valid and invalid example of shapes/cases/ (as an rdflib Graph, and as `validate`
hands files to Java: the case's Turtle and an N-Triples copy, with the ontology file), on
synthetic data of 10k triples with its injected violations (benchmarks/synthetic.py), and
through the `validate` command: the same printed violations, a parse error naming the file, a
one-line error and exit 4 when Java or the jars are missing.

Needs java and the Jena jars with the launcher (scripts/fetch-fuseki.sh): without them these
tests skip, naming what is missing; MSCEXO_REQUIRE_JENA_SHACL=1 (set by .ci/run) makes them fail.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from mscexo_ld import constants as C
from mscexo_ld.cli import main
from mscexo_ld.validate.jena_shacl import JenaData, jena_command, jena_reports
from mscexo_ld.validate.report import CheckResult
from mscexo_ld.validate.shacl import check_shacl, shacl_result

CASES = sorted(C.SHAPE_CASES_DIR.glob("*.ttl"))
ROOT = Path(__file__).resolve().parents[1]


def _jena_missing() -> str | None:
    try:
        jena_command()
    except FileNotFoundError as exc:
        return str(exc)
    return None


@pytest.fixture(autouse=True)
def _needs_jena() -> None:
    missing = _jena_missing()
    if missing:
        if os.environ.get("MSCEXO_REQUIRE_JENA_SHACL") == "1":
            pytest.fail(f"MSCEXO_REQUIRE_JENA_SHACL=1 but {missing}")
        pytest.skip(missing)


def _results(result: CheckResult) -> list[tuple[str, str, str, str]]:
    """Every result in full: focus, path, value, message (with its constraint component)."""
    return sorted((i.focus or "", i.path or "", i.value or "", i.message) for i in result.issues)


def _severities(result: CheckResult) -> list[str]:
    from rdflib.namespace import RDF, SH

    assert result.report is not None
    return sorted(
        str(result.report.value(r, SH.resultSeverity)) for r in result.report.subjects(RDF.type, SH.ValidationResult)
    )


def _synthetic() -> object:
    spec = importlib.util.spec_from_file_location("mscexo_synthetic", ROOT / "benchmarks" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic_10k(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """10k synthetic triples (the ontology in them, violations injected): the N-Triples file and its metadata."""
    nt = tmp_path_factory.mktemp("synthetic") / "10k.nt"
    return nt, _synthetic().write_ntriples(nt, 10_000)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def jena_on_cases(
    shapes_graph: Graph,
    ontology_graph: Graph,
    synthetic_10k: tuple[Path, object],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict:
    """Every case validated by Jena in ONE Java process, three ways: an rdflib Graph (case + ontology, as
    `validate` hands Jena a graph when other checks run), and as `validate --checks shacl` hands it files:
    the case's Turtle and an N-Triples copy of it, each with the ontology file. In the same Java process,
    the synthetic 10k file (key ``"synthetic-10k"``): a Java start is about a second and a half of CPU."""
    if _jena_missing():
        return {}
    tmp = tmp_path_factory.mktemp("jena-cases")
    datasets: list[Graph | JenaData] = []
    for case in CASES:
        nt = tmp / f"{case.stem}.nt"
        Graph().parse(case, format="turtle").serialize(nt, format="nt", encoding="utf-8")
        datasets += [
            Graph().parse(case, format="turtle") + ontology_graph,
            JenaData((case, C.ONTOLOGY_FILE)),
            JenaData((nt, C.ONTOLOGY_FILE)),
        ]
    reports = iter(jena_reports([*datasets, JenaData((synthetic_10k[0],))], shapes_graph))
    found: dict = {case: [shacl_result(next(reports), engine="jena") for _ in range(3)] for case in CASES}
    found["synthetic-10k"] = shacl_result(next(reports), engine="jena")
    return found


@pytest.mark.slow  # the one Java run over every case (about 5 s); check_shacl and the CLI with jena stay
@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_jena_agrees_with_pyshacl_on_every_case(
    case: Path, shapes_graph: Graph, ontology_graph: Graph, jena_on_cases: dict
) -> None:
    reference = check_shacl(Graph().parse(case, format="turtle") + ontology_graph, shapes=shapes_graph)
    on_graph, on_turtle, on_ntriples = jena_on_cases[case]
    assert reference.passed == on_graph.passed == ("# expect: conforms" in case.read_text(encoding="utf-8"))
    assert _results(on_graph) == _results(reference)
    assert _severities(on_graph) == _severities(reference)
    assert _results(on_turtle) == _results(reference)
    assert _results(on_ntriples) == _results(reference)


def test_check_shacl_with_jena(shapes_graph: Graph, ontology_graph: Graph) -> None:
    """check_shacl(engine="jena") itself, the ontology passed apart as for pySHACL's ont_graph."""
    case = C.SHAPE_CASES_DIR / "FindingShape-invalid-01.ttl"
    data = Graph().parse(case, format="turtle")
    reference = check_shacl(data, shapes=shapes_graph, ontology=ontology_graph)
    jena = check_shacl(data, shapes=shapes_graph, ontology=ontology_graph, engine="jena")
    assert not jena.passed and _results(jena) == _results(reference)


@pytest.mark.slow  # the one Java run over every case (about 5 s); check_shacl and the CLI with jena stay
def test_jena_agrees_with_pyshacl_on_synthetic_10k(
    synthetic_10k: tuple[Path, object], shapes_graph: Graph, jena_on_cases: dict
) -> None:
    """10k synthetic triples (the ontology in them): the injected violations, and exactly pySHACL's results."""
    nt, meta = synthetic_10k
    reference = check_shacl(Graph().parse(nt, format="nt"), shapes=shapes_graph)
    jena = jena_on_cases["synthetic-10k"]  # check_shacl(JenaData((nt,)), engine="jena"), in the cases' Java
    assert _results(jena) == _results(reference)
    found = {(i.focus, i.message.rsplit("(", 1)[1].rstrip(")")) for i in jena.issues}
    expected = meta.expected_violations  # type: ignore[attr-defined]
    injected = {(focus, "sh:" + component.rsplit("#", 1)[1]) for focus, _path, component in expected}
    assert found == injected and len(jena.issues) == len(expected)


def test_validate_cli_jena_prints_what_pyshacl_prints(capsys: pytest.CaptureFixture[str]) -> None:
    case = str(C.SHAPE_CASES_DIR / "RegulationShape-invalid-02.ttl")
    assert main(["validate", "--data", case, "--checks", "shacl"]) == 1
    reference = capsys.readouterr().out
    assert main(["validate", "--data", case, "--checks", "shacl", "--shacl-engine", "jena"]) == 1
    out = capsys.readouterr().out
    assert "FAIL     shacl        2 violation(s) (Jena SHACL 5.6.0)" in out
    assert out.replace(" (Jena SHACL 5.6.0)", "") == reference
    valid = str(C.SHAPE_CASES_DIR / "FindingShape-valid.ttl")
    assert main(["validate", "--data", valid, "--checks", "shacl", "--shacl-engine", "jena"]) == 0


@pytest.mark.slow  # a Java of its own; check_shacl and the CLI with jena stay in the default run
def test_validate_cli_jena_with_other_checks(capsys: pytest.CaptureFixture[str]) -> None:
    """With another check the files are read once into rdflib, and Jena gets that graph."""
    case = str(C.SHAPE_CASES_DIR / "FindingShape-invalid-01.ttl")
    args = ["validate", "--data", case, "--checks", "shacl,qc", "--format", "json"]
    assert main(args) == 1
    reference = capsys.readouterr().out
    assert main([*args, "--shacl-engine", "jena"]) == 1
    assert capsys.readouterr().out.replace(" (Jena SHACL 5.6.0)", "") == reference


@pytest.mark.slow  # a Java of its own; check_shacl and the CLI with jena stay in the default run
def test_validate_cli_jena_reports_a_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.nt"
    broken.write_text('<https://e.org/a> <https://e.org/b> "open .\n', encoding="utf-8")
    assert main(["validate", "--data", str(broken), "--checks", "shacl", "--shacl-engine", "jena"]) == 1
    err = capsys.readouterr().err
    assert f"error: cannot parse {broken}: " in err and "Traceback" not in err and len(err.strip().splitlines()) <= 2


def test_validate_cli_jena_without_java(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No java on PATH, then no jars: exit 4 and one line saying what to install, nothing validated."""
    case = str(C.SHAPE_CASES_DIR / "RegulationShape-invalid-02.ttl")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["validate", "--data", case, "--checks", "shacl", "--shacl-engine", "jena"]) == 4
    captured = capsys.readouterr()
    assert captured.err.strip().splitlines()[-1].startswith("error: the SHACL engine `jena` needs Java 17")
    assert "FAIL" not in captured.out
    monkeypatch.undo()
    monkeypatch.setenv("MSCEXO_FUSEKI_HOME", str(tmp_path / "nothing"))
    assert main(["validate", "--data", case, "--checks", "shacl", "--shacl-engine", "jena"]) == 4
    err = capsys.readouterr().err
    assert "run scripts/fetch-fuseki.sh in a checkout or the sdist" in err  # a wheel has no scripts/
    assert "set MSCEXO_FUSEKI_HOME to its .cache/fuseki" in err and len(err.strip().splitlines()) == 1


@pytest.mark.slow  # the one Java run over every case (about 5 s); check_shacl and the CLI with jena stay
def test_jena_reads_other_formats_through_pyoxigraph(tmp_path: Path, shapes_graph: Graph, jena_on_cases: dict) -> None:
    """An RDF/XML file is converted to N-Triples first; a remote JSON-LD context is refused, not fetched."""
    case = C.SHAPE_CASES_DIR / "FindingShape-invalid-02.ttl"
    xml = tmp_path / "case.rdf"
    Graph().parse(case, format="turtle").serialize(xml, format="xml", encoding="utf-8")
    reference = jena_on_cases[case][1]  # JenaData((case, C.ONTOLOGY_FILE)) by Jena, in the cases' Java
    converted = check_shacl(JenaData((xml, C.ONTOLOGY_FILE)), shapes=shapes_graph, engine="jena")
    assert not reference.passed and _results(converted) == _results(reference)
    remote = tmp_path / "remote.jsonld"
    remote.write_text('{"@context": "http://127.0.0.1:9/ctx", "@id": "http://example.org/x"}', encoding="utf-8")
    assert main(["validate", "--data", str(remote), "--checks", "shacl", "--shacl-engine", "jena"]) == 1
