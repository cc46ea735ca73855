"""Coverage: every reference number in the review's text is accounted for."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from mscexo_ld import constants as C
from mscexo_ld.cli import main
from mscexo_ld.curation.coverage import cited_numbers, coverage, summary
from mscexo_ld.records import Corpus

SOURCE = C.source_text_path()
needs_source = pytest.mark.skipif(SOURCE is None, reason=f"review text not found at {C.DEFAULT_SOURCE_TEXT}")


def _source_text() -> str:
    assert SOURCE is not None  # the tests that call this are marked needs_source
    return SOURCE.read_text(encoding="utf-8")


def test_citation_parsing_expands_ranges_and_lists() -> None:
    text = (
        "Intro[1].\nCHARACTERISTICS AND BIOLOGICAL FUNCTIONS OF MSCS\n"
        "as shown[8,9] and Xin et al[126-128], also [49,51,52].\n"
    )
    cited = cited_numbers(text)
    assert sorted(cited) == [1, 8, 9, 49, 51, 52, 126, 127, 128]
    assert cited[1] == [(1, "introduction")]
    assert cited[127] == [(3, "MSCs")]


@needs_source
def test_every_reference_number_is_accounted_for(corpus: Corpus) -> None:
    entries, uncited = coverage(corpus, _source_text())
    assert len(entries) == 173 and [e.number for e in entries] == list(range(1, 174))
    assert uncited == []
    assert [e.number for e in entries if e.status == "UNACCOUNTED"] == []
    therapeutic = [e for e in entries if any(s.startswith("therapeutic") for s in e.sections)]
    assert len(therapeutic) == 92
    assert all(e.status != "UNACCOUNTED" for e in therapeutic)
    e109 = next(e for e in entries if e.number == 109)
    assert e109.findings == ["F109"] and e109.sections == ["therapeutic: cardiovascular"]
    e57 = next(e for e in entries if e.number == 57)
    assert "isolation-methods/ultracentrifugation" in e57.table_records


@needs_source
def test_a_dropped_finding_shows_up_as_unaccounted(corpus: Corpus) -> None:
    findings = {k: v for k, v in corpus.findings.items() if k != "F109"}
    entries, _ = coverage(replace(corpus, findings=findings), _source_text())
    assert [e.number for e in entries if e.status == "UNACCOUNTED"] == [109]
    assert any("unaccounted:                       1 (109)" in line for line in summary(entries, []))


@needs_source
def test_coverage_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage"]) == 0
    out = capsys.readouterr().out
    assert "reference numbers cited in the text: 173" in out
    assert "unaccounted:                       0" in out


def test_coverage_cli_needs_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(C, "DEFAULT_SOURCE_TEXT", tmp_path / "absent.txt")
    monkeypatch.delenv(C.SOURCE_TEXT_ENV, raising=False)
    assert main(["coverage"]) == 4
    assert "coverage needs it" in capsys.readouterr().err
