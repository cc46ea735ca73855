"""The committed term cache is exactly the reference index's rows for the identifiers the graph uses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph

from mscexo_ld import constants as C
from mscexo_ld.curation.hierarchy import read_hierarchy
from mscexo_ld.curation.terms import read_cache, reference_index_path, render_cache, scan_index
from mscexo_ld.validate.identifiers import external_iris

INDEX = reference_index_path()
REQUIRE = os.environ.get("MSCEXO_REQUIRE_SHARED") == "1"


def _need_index() -> Path:
    if INDEX is None:
        if REQUIRE:
            pytest.fail(f"MSCEXO_REQUIRE_SHARED=1 but the reference index is missing at {C.DEFAULT_REFERENCE_INDEX}")
        pytest.skip(f"reference index not present at {C.DEFAULT_REFERENCE_INDEX}")
    return INDEX


def test_cache_covers_exactly_the_graph(release_graph: Graph) -> None:
    """The graph's identifiers and the hierarchy closure's terms (``validate`` checks both), nothing else."""
    used = {c for c in external_iris(release_graph).values() if c.split(":", 1)[0] not in C.TEXT_VERIFIED_PREFIXES}
    assert used | set(read_hierarchy(C.HIERARCHY_FILE)) == set(read_cache())


def test_cache_rows_equal_the_reference_index() -> None:
    index = _need_index()
    cache = read_cache()
    rows = scan_index(index, cache)
    assert set(rows) == set(cache), f"not in the index: {sorted(set(cache) - set(rows))}"
    assert render_cache(rows.values()) == C.TERM_CACHE_FILE.read_text(encoding="utf-8")


def test_cache_is_canonical() -> None:
    import csv

    with C.TERM_CACHE_FILE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert render_cache(rows) == C.TERM_CACHE_FILE.read_text(encoding="utf-8")
