"""Every SHACL shape has valid and invalid examples; each carries its expected result.

A case file's header lists what it must produce: ``# expect: conforms`` or one line per
violation, ``# expect: FOCUS PATH COMPONENT`` (PATH ``-`` for none, ``^p`` for an inverse path).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Graph

from mscexo_ld import constants as C
from mscexo_ld.cli import main
from mscexo_ld.validate.report import CheckResult
from mscexo_ld.validate.shacl import check_shacl, load_shapes

CASES = sorted(C.SHAPE_CASES_DIR.glob("*.ttl"))


def expectations(path: Path) -> set[tuple[str, str, str]] | None:
    expected: set[tuple[str, str, str]] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# expect:"):
            continue
        body = line.split(":", 1)[1].strip()
        if body == "conforms":
            return None
        focus, spath, component = body.split()
        expected.add((focus, spath, component))
    assert expected, f"{path.name} has no '# expect:' header"
    return expected


def test_every_shape_has_valid_and_invalid_cases(shapes_graph: Graph) -> None:
    from rdflib.namespace import RDF, RDFS, SH

    names = {str(shapes_graph.value(s, RDFS.label)) for s in shapes_graph.subjects(RDF.type, SH.NodeShape)}
    assert names >= {"Finding", "Reference", "Regulation", "Cargo", "Entity"}
    for name in names:
        assert (C.SHAPE_CASES_DIR / f"{name}Shape-valid.ttl").is_file() or (
            C.SHAPE_CASES_DIR / f"{name}-valid.ttl"
        ).is_file(), name
        invalid = list(C.SHAPE_CASES_DIR.glob(f"{name}Shape-invalid-*.ttl")) + list(
            C.SHAPE_CASES_DIR.glob(f"{name}-invalid-*.ttl")
        )
        assert invalid, f"no invalid example for shape {name}"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_shape_case(case: Path, shapes_graph: Graph, ontology_graph: Graph) -> None:
    data = Graph().parse(case, format="turtle")
    result = check_shacl(data + ontology_graph, shapes=shapes_graph)
    expected = expectations(case)
    found = {
        (i.focus, i.path or "-", (i.message.rsplit("(", 1)[1].rstrip(")")).split(":", 1)[1]) for i in result.issues
    }
    if expected is None:
        assert result.passed, "\n".join(i.render() for i in result.issues)
    else:
        assert found == expected


@pytest.mark.parametrize("case", [c for c in CASES if "invalid" in c.name], ids=lambda c: c.stem)
def test_validate_cli_rejects_invalid_case(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", "--data", str(case), "--checks", "shacl"])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL" in out and "focus node:" in out


def test_validate_cli_accepts_valid_case(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", "--data", str(C.SHAPE_CASES_DIR / "FindingShape-valid.ttl"), "--checks", "shacl"])
    assert code == 0, capsys.readouterr().out


def test_shapes_load() -> None:
    assert len(load_shapes()) > 100


# --------------------------------------------------------------- pyshacl-turbo agrees with pySHACL


def _results(result: CheckResult) -> list[tuple[str, str, str, str]]:
    """Every result in full: focus, path, value, message (with its constraint component)."""
    return sorted((i.focus or "", i.path or "", i.value or "", i.message) for i in result.issues)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_turbo_engine_agrees_with_pyshacl_on_every_case(
    case: Path, shapes_graph: Graph, ontology_graph: Graph, tmp_path: Path
) -> None:
    """The opt-in engine gives exactly pySHACL's results (and messages) on every valid and invalid example."""
    data = Graph().parse(case, format="turtle") + ontology_graph
    reference = check_shacl(data, shapes=shapes_graph)
    turbo = check_shacl(data, shapes=shapes_graph, engine="turbo")
    assert reference.passed == turbo.passed == (expectations(case) is None)
    assert _results(turbo) == _results(reference)
    # From a pyoxigraph Store, and as `validate --checks shacl --shacl-engine turbo` reads files: N-Triples
    # text for turbo's own parser (a Turtle file converted, an N-Triples file taken as it is).
    from mscexo_ld.validate.inputs import read_store
    from mscexo_ld.validate.shacl import read_turbo_data

    on_store = check_shacl(read_store([case, C.ONTOLOGY_FILE]), shapes=shapes_graph, engine="turbo")
    assert _results(on_store) == _results(reference)
    as_text = check_shacl(read_turbo_data([case, C.ONTOLOGY_FILE]), shapes=shapes_graph, engine="turbo")
    assert _results(as_text) == _results(reference)
    nt = tmp_path / f"{case.stem}.nt"
    Graph().parse(case, format="turtle").serialize(nt, format="nt", encoding="utf-8")
    raw = check_shacl(read_turbo_data([nt, C.ONTOLOGY_FILE]), shapes=shapes_graph, engine="turbo")
    assert _results(raw) == _results(reference)


def test_turbo_engine_agrees_on_a_broken_release(release_graph: Graph, shapes_graph: Graph) -> None:
    """The whole release with a regulation's direction and a finding's quote removed: same violations."""
    from rdflib.namespace import RDF

    from mscexo_ld.constants import MSCEXO

    broken = Graph() + release_graph
    regulation = sorted(broken.subjects(RDF.type, MSCEXO.Regulation), key=str)[0]
    finding = sorted(broken.subjects(RDF.type, MSCEXO.Finding), key=str)[0]
    broken.remove((regulation, MSCEXO.direction, None))
    broken.remove((finding, MSCEXO.evidenceQuote, None))
    reference = check_shacl(broken, shapes=shapes_graph)
    turbo = check_shacl(broken, shapes=shapes_graph, engine="turbo")
    assert len(reference.issues) >= 2 and _results(turbo) == _results(reference)


def test_validate_cli_turbo_engine(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    case = str(C.SHAPE_CASES_DIR / "RegulationShape-invalid-02.ttl")
    assert main(["validate", "--data", case, "--checks", "shacl", "--shacl-engine", "turbo"]) == 1
    assert "FAIL     shacl        2 violation(s) (pyshacl-turbo 0.6.5)" in capsys.readouterr().out
    # Not installed: exit 4 with the install command, nothing validated.
    monkeypatch.setitem(sys.modules, "pyshacl_turbo", None)
    assert main(["validate", "--data", case, "--checks", "shacl", "--shacl-engine", "turbo"]) == 4
    captured = capsys.readouterr()
    assert "pip install 'pyshacl-turbo==0.6.5'" in captured.err and "FAIL" not in captured.out


def test_validate_cli_turbo_engine_reports_a_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.nt"
    broken.write_text('<https://e.org/a> <https://e.org/b> "open .\n', encoding="utf-8")
    assert main(["validate", "--data", str(broken), "--checks", "shacl", "--shacl-engine", "turbo"]) == 1
    assert f"error: cannot parse {broken}: " in capsys.readouterr().err
