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
        assert finding.quote and finding.references
