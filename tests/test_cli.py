"""Every verb has --help with an example and the exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mscexo_ld.cli import main


@pytest.mark.parametrize(
    "verb", ["build", "validate", "query", "serve", "load", "release", "diff", "new", "coverage", "terms"]
)
def test_help_shows_example_and_exit_codes(verb: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([verb, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "example" in out and f"mscexo-ld {verb}" in out
    assert "exit codes:" in out and "3  curated input rejected" in out


def test_console_script_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "mscexo_ld", "--help"], capture_output=True, text=True, check=True)
    assert "build -> validate -> query" in done.stdout


def test_no_verb_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2


def test_new_finding_skeleton_is_rejected_until_filled(tmp_path, capsys) -> None:
    import shutil

    from mscexo_ld import constants as C

    data = tmp_path / "data"
    shutil.copytree(C.DATA_DIR, data)
    target = data / "findings" / "new.yaml"
    assert main(["new", "finding", "F999", "--out", str(target)]) == 0
    capsys.readouterr()
    assert main(["build", "--data", str(data), "--out", str(tmp_path / "out")]) == 3
    err = capsys.readouterr().err
    assert "data/findings/new.yaml" in err and "record F999: field 'references': found ['TODO']" in err
    text = target.read_text(encoding="utf-8")
    filled = (
        text.replace("statement: TODO what the cited study found", "statement: A test finding.")
        .replace("references: [TODO]", "references: [109]")
        .replace("organ_system: TODO", "organ_system: cardiovascular")
        .replace("condition: TODO", "condition: myocardial-ischemia-reperfusion-injury")
        .replace("msc_sources: [TODO]", "msc_sources: [bone-marrow]")
        .replace(
            ">-\n    TODO",
            ">-\n    Sun et al[109] found that miR-486-5p carried by bone marrow-derived MSC-Exos suppressed PTEN expression",
        )
    )
    target.write_text(filled, encoding="utf-8")
    assert main(["build", "--data", str(data), "--out", str(tmp_path / "out")]) == 0


def test_new_entity_skeleton(capsys) -> None:
    assert main(["new", "entity", "--kind", "cargo", "miR-1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("- id: miR-1\n") and "type: TODO" in out and "mappings: []" in out
    assert main(["new", "entity", "--kind", "nope", "x"]) == 2


def test_shacl_report_as_turtle(tmp_path) -> None:
    from rdflib import Graph
    from rdflib.namespace import RDF, SH

    from mscexo_ld import constants as C

    report = tmp_path / "report.ttl"
    case = C.SHAPE_CASES_DIR / "FindingShape-invalid-01.ttl"
    assert main(["validate", "--data", str(case), "--checks", "shacl", "--shacl-report", str(report)]) == 1
    g = Graph().parse(report, format="turtle")
    assert len(list(g.subjects(RDF.type, SH.ValidationResult))) == 2


def test_pre_commit_hook_definition() -> None:
    import yaml

    from mscexo_ld import constants as C

    (hook,) = yaml.safe_load((C.ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (
        hook["id"] == "mscexo-validate"
        and hook["entry"].startswith("mscexo-ld validate")
        and hook["language"] == "python"
    )
