"""Curated input -> records: the real corpus loads.

Every way bad input is rejected (file, line, record, field, found and expected) is in the one
bad-input suite, tests/test_bad_input.py.
"""

from __future__ import annotations

from mscexo_ld.records import Corpus


def test_real_corpus_loads(corpus: Corpus) -> None:
    assert len(corpus.findings) >= 20
    assert {f.organ_system for f in corpus.findings.values()} >= {"cardiovascular"}
    for finding in corpus.findings.values():
        # a finding cites the review's number(s), or is flagged uncited (no number invented)
        assert finding.quote and (bool(finding.references) != finding.uncited)
        # every finding has an evidence type; "not stated" stands alone
        assert finding.evidence_types
        assert "not-stated" not in finding.evidence_types or finding.evidence_types == ("not-stated",)
        # the experimental system: models, or explicitly not stated
        assert bool(finding.models) != finding.system_not_stated
    assert sorted(f.id for f in corpus.findings.values() if f.uncited) == ["FU1"]
