"""Every verb has --help with an example and the exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
    assert "70 internal error" in out and "130 interrupted" in out and "141 stdout was closed" in out


def test_console_script_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "mscexo_ld", "--help"], capture_output=True, text=True, check=True)
    assert "build -> validate -> query" in done.stdout


def test_no_verb_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2


def _new_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    """A copy of data/ with `new finding F999`'s skeleton in findings/new.yaml: (the copy, the new file)."""
    import shutil

    from mscexo_ld import constants as C

    data = tmp_path / "data"
    shutil.copytree(C.DATA_DIR, data)
    target = data / "findings" / "new.yaml"
    assert main(["new", "finding", "F999", "--out", str(target)]) == 0
    capsys.readouterr()
    return data, target


def test_new_finding_skeleton_is_rejected_until_filled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, _target = _new_finding(tmp_path, capsys)
    assert main(["build", "--curated", str(data), "--out", str(tmp_path / "out")]) == 3
    err = capsys.readouterr().err
    assert "data/findings/new.yaml" in err and "record F999: field 'references': found ['TODO']" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow  # a whole build of the filled skeleton
def test_new_finding_skeleton_builds_once_filled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, target = _new_finding(tmp_path, capsys)
    text = target.read_text(encoding="utf-8")
    filled = (
        text.replace("statement: TODO what the cited study found", "statement: A test finding.")
        .replace("references: [TODO]", "references: [109]")
        .replace("organ_system: TODO", "organ_system: cardiovascular")
        .replace("condition: TODO", "condition: myocardial-ischemia-reperfusion-injury")
        .replace("msc_sources: [TODO]", "msc_sources: [bone-marrow]")
        .replace("evidence_types: [TODO]", "evidence_types: [in-vitro]")
        .replace("models: []", "models: [H9C2-hypoxia-reoxygenation]")
        .replace(
            ">-\n    TODO",
            ">-\n    Sun et al[109] found that miR-486-5p carried by bone marrow-derived MSC-Exos "
            "suppressed PTEN expression",
        )
    )
    assert filled != text and "TODO" not in filled
    target.write_text(filled, encoding="utf-8")
    assert main(["build", "--curated", str(data), "--out", str(tmp_path / "out")]) == 0


def test_new_entity_skeleton(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "entity", "--kind", "cargo", "miR-1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("- id: miR-1\n") and "type: TODO" in out and "mappings: []" in out
    assert main(["new", "entity", "--kind", "nope", "x"]) == 2


def test_shacl_report_as_turtle(tmp_path: Path) -> None:
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


# ----------------------------------------------------------------------------- as a new user runs it


def _mscexo_ld(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed command (its console script beside this Python), from ``cwd``."""
    script = Path(sys.executable).with_name("mscexo-ld")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "mscexo_ld"]
    return subprocess.run([*command, *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


def test_diff_of_a_path_that_does_not_exist(tmp_path: Path) -> None:
    """The README's `diff build/release/0.1.0 build` on a fresh clone: 'does not exist', exit 4, no traceback."""
    done = _mscexo_ld("diff", "build/release/0.1.0", "build", cwd=tmp_path)
    assert done.returncode == 4
    assert done.stderr.startswith("error: build/release/0.1.0 does not exist;") and "neither" not in done.stderr
    assert "`mscexo-ld release` writes build/release/X.Y.Z/" in done.stderr
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("not RDF\n", encoding="utf-8")
    for path in ("empty", "notes.txt"):
        done = _mscexo_ld("diff", path, path, cwd=tmp_path)
        assert done.returncode == 4 and "Traceback" not in done.stderr
        assert done.stderr.startswith(f"error: {path} is neither an RDF file nor a build folder with mscexo.nt")


def test_exit_1_has_one_meaning_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    """`diff --help` and the exit-code block say the same: 1 is a failed check, a diff is one."""
    with pytest.raises(SystemExit):
        main(["diff", "--help"])
    diff_help = capsys.readouterr().out
    assert "1 when they differ" in diff_help
    with pytest.raises(SystemExit):
        main(["--help"])
    blocks = {diff_help.split("exit codes:")[1], capsys.readouterr().out.split("exit codes:")[1]}
    (block,) = blocks
    line = next(line for line in block.splitlines() if line.strip().startswith("1 "))
    assert "the check failed" in line and "validation found problems" not in block
    assert "diff found the graphs" in block and "differ," in block


def test_curated_folder_is_curated_everywhere_and_build_data_is_a_deprecated_alias(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mscexo_ld.cli import build_parser

    parser = build_parser()
    for verb in ("build", "validate", "serve", "release", "coverage", "terms"):
        extra = ["--version", "1.0.0", "--date", "2026-01-01"] if verb == "release" else []
        assert parser.parse_args([verb, "--curated", "elsewhere", *extra]).curated == "elsewhere", verb
    assert parser.parse_args(["validate", "--data", "a.ttl", "b.nt"]).data == ["a.ttl", "b.nt"]
    for verb in ("serve", "release"):  # the old spelling of these verbs too
        extra = ["--version", "1.0.0", "--date", "2026-01-01"] if verb == "release" else []
        assert parser.parse_args([verb, "--data", "old", *extra]).curated == "old", verb
    # `build --data DIR` is read as --curated DIR, with the note (the build itself: the slow test below)
    capsys.readouterr()  # the notes of the old spellings parsed above
    assert main(["build", "--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 3
    err = capsys.readouterr().err
    assert err.splitlines()[0] == DEPRECATED_DATA_NOTE and "nowhere/references.yaml" in err


DEPRECATED_DATA_NOTE = (
    "note: `mscexo-ld build --data DIR` is deprecated; use --curated DIR "
    "(--data names RDF data files, as in `mscexo-ld validate --data FILE...`)"
)


# slow: a whole build in a subprocess, for the note of the old spelling; the parsing above stays fast
@pytest.mark.slow
def test_build_data_still_builds_with_a_one_line_deprecation_note(tmp_path: Path) -> None:
    """The old spelling `build --data DIR` still builds, with a one-line note on stderr."""
    from mscexo_ld import constants as C

    done = _mscexo_ld("build", "--data", str(C.DATA_DIR), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if "deprecated" in line]
    assert notes == [DEPRECATED_DATA_NOTE]
    assert (tmp_path / "out" / "mscexo.nt").is_file()


def test_coverage_without_the_review_text_says_where_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from mscexo_ld import constants as C

    done = _mscexo_ld("coverage", "--source-text", "review.txt", cwd=tmp_path)
    assert done.returncode == 4 and done.stderr.startswith("error: source text not found: review.txt\n")
    monkeypatch.setattr(C, "DEFAULT_SOURCE_TEXT", tmp_path / "absent.txt")
    monkeypatch.delenv(C.SOURCE_TEXT_ENV, raising=False)
    assert main(["coverage"]) == 4
    err = capsys.readouterr().err
    for said in (done.stderr, err):
        assert "not part of this repository" in said and "open access" in said
        assert f"doi:{C.REVIEW_DOI}" in said and "--source-text PATH" in said
        assert "Without it everything else works: build, query" in said and "NOT RUN" in said


def test_terms_without_the_reference_index_says_what_it_is(tmp_path: Path) -> None:
    done = _mscexo_ld("terms", "--verify", "--index", "terms.tsv.gz", cwd=tmp_path)
    assert done.returncode == 4 and done.stderr.startswith("error: reference index not found: terms.tsv.gz\n")
    said = done.stderr
    assert "not part of this repository" in said and "offline snapshot of the standard vocabularies" in said
    assert "--index PATH" in said and "Without it everything else works: validate checks every identifier" in said
