"""Curated input -> records: bad input is rejected with file, line, record, field, found and expected."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from mscexo_ld import constants as C
from mscexo_ld.cli import main
from mscexo_ld.curation.load import CurationError, load_corpus


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return n
    raise AssertionError(needle)


CV = "findings/cardiovascular.yaml"

# (case id, file, mutation(path), expected fragments of the one problem: (record, field, message parts))
CASES: list[tuple[str, str, Callable[[Path], None], str, str, list[str]]] = [
    (
        "missing-quote",
        CV,
        lambda p: edit(p, "  quote: >-\n    In an MI/R injury model", "  qoute: >-\n    In an MI/R injury model"),
        "F109",
        "qoute",
        ["unknown field 'qoute'", "did you mean 'quote'?", "missing required field 'quote'"],
    ),
    (
        "bad-direction",
        CV,
        lambda p: edit(p, "      direction: decreases", "      direction: downregulates"),
        "",
        "direction",
        ["found 'downregulates'", "expected one of: increases, decreases"],
    ),
    (
        "reference-out-of-range",
        CV,
        lambda p: edit(p, "references: [109]", "references: [190]"),
        "F109",
        "references",
        ["found [190]", "from 1 to 173"],
    ),
    (
        "dangling-entity",
        CV,
        lambda p: edit(p, "regulated: gene:PTEN", "regulated: gene:PTNE"),
        "",
        "regulated",
        ["found 'PTNE'", "not an id in entities/gene.yaml", "did you mean 'PTEN'?"],
    ),
    (
        "wrong-type",
        CV,
        lambda p: edit(p, "references: [109]", "references: 109"),
        "F109",
        "references",
        ["found 109", "expected a non-empty list of reference numbers"],
    ),
    (
        "bad-id",
        CV,
        lambda p: edit(p, "- id: F109\n", "- id: F 109\n"),
        "F 109",
        "id",
        ["found 'F 109'", "expected an id of ASCII letters"],
    ),
    (
        "bad-prefix",
        "entities/gene.yaml",
        lambda p: edit(p, '"HGNC:9588"', '"hgnc.symbol:PTEN"'),
        "PTEN",
        "mappings.curie",
        ["found prefix 'hgnc.symbol'", "expected one of: CL"],
    ),
    (
        "bad-match",
        "entities/gene.yaml",
        lambda p: edit(p, '{curie: "HGNC:9588", match: exact}', '{curie: "HGNC:9588", match: broad}'),
        "PTEN",
        "mappings.match",
        ["found 'broad'", "expected one of: exact, close"],
    ),
    (
        "bad-cargo-type",
        "entities/cargo.yaml",
        lambda p: edit(p, "type: LongNonCodingRNA", "type: lncRNA"),
        "",
        "type",
        ["found 'lncRNA'", "expected one of: MicroRNA, LongNonCodingRNA, Protein, SmallMolecule"],
    ),
    (
        "nbsp-in-label",
        "entities/gene.yaml",
        lambda p: edit(p, "label: PTEN", "label: PT\u00a0EN"),
        "PTEN",
        "label",
        ["non-breaking spaces"],
    ),
    ("yaml-syntax", CV, lambda p: edit(p, "- id: F109\n", "- id: [F109\n"), "", "", ["YAML syntax error"]),
    (
        "not-utf8",
        "entities/gene.yaml",
        lambda p: p.write_bytes(p.read_bytes().replace(b"PTEN", b"PT\xe9N", 1)),
        "",
        "",
        ["not UTF-8: byte 0xe9"],
    ),
    (
        "empty-file",
        "references.yaml",
        lambda p: p.write_text("", encoding="utf-8"),
        "",
        "",
        ["empty file; expected a YAML list of records"],
    ),
    (
        "duplicate-key",
        CV,
        lambda p: edit(p, "  references: [109]\n", "  references: [109]\n  references: [110]\n"),
        "",
        "references",
        ["key given twice"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_precisely(case, data_copy: Path) -> None:
    _, rel, mutate, record, field, parts = case
    mutate(data_copy / rel)
    with pytest.raises(CurationError) as info:
        load_corpus(data_copy)
    problems = [p for p in info.value.problems if p.file.endswith(rel)]
    assert problems, str(info.value)
    text = "\n".join(str(p) for p in problems)
    for part in parts:
        assert part in text, text
    if record:
        assert any(p.record == record for p in problems), text
    if field:
        assert any(p.field and p.field.endswith(field) for p in problems), text
    assert all(p.file.startswith("data/") for p in problems)


def test_problem_names_the_line(data_copy: Path) -> None:
    path = data_copy / CV
    edit(path, "      direction: decreases", "      direction: down")
    expected_line = line_of(path, "direction: down")
    with pytest.raises(CurationError) as info:
        load_corpus(data_copy)
    (problem,) = info.value.problems
    assert problem.line == expected_line
    assert str(problem).startswith(f"data/{CV}:{expected_line}: record ")


def test_all_problems_are_reported_not_only_the_first(data_copy: Path) -> None:
    edit(data_copy / CV, "      direction: decreases", "      direction: down")
    edit(data_copy / CV, "references: [109]", "references: [0]")
    edit(data_copy / "entities/gene.yaml", "label: PTEN", "lable: PTEN")
    with pytest.raises(CurationError) as info:
        load_corpus(data_copy)
    text = str(info.value)
    assert "direction" in text and "references" in text and "lable" in text


def test_failed_build_leaves_build_dir_untouched(
    data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build", "--data", str(data_copy), "--out", str(out)]) == 0
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    edit(data_copy / CV, "      direction: decreases", "      direction: sideways")
    edit(data_copy / CV, "F109", "F109")  # no-op, keeps the file otherwise identical
    capsys.readouterr()
    assert main(["build", "--data", str(data_copy), "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert "found 'sideways'" in err and "nothing written" in err
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert after == before


def test_real_corpus_loads(corpus) -> None:
    assert len(corpus.findings) >= 20
    assert {f.organ_system for f in corpus.findings.values()} >= {"cardiovascular"}
    for finding in corpus.findings.values():
        assert finding.quote and finding.references
