"""Bounded queries on the embedded store: rows, time and memory, each stopped with a one-line message and exit 2.

A cross product of the release (7.8k triples: 60 million rows) once took 3.9 GB and ended in a
Rust allocation abort (rc 134). Each CLI run here is measured from a fresh Python process, whose
``RUSAGE_CHILDREN`` peak resident size covers the CLI and its query child, and nothing else.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

import mscexo_ld
from mscexo_ld.query import QueryError, bind_params, list_queries, run_oxigraph
from mscexo_ld.query.canned import CannedQuery
from mscexo_ld.query.embedded import run_guarded
from mscexo_ld.query.guard import Limits, QueryLimitError

CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
SORTED_CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c LIMIT 1"
COUNTED_CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PEAK_MB = 1536

_MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"rc": done.returncode, "stderr": done.stderr, "stdout_bytes": len(done.stdout),
                  "seconds": time.perf_counter() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def measured(*args: str) -> dict[str, object]:
    """Run ``mscexo-ld ARGS`` from a fresh process: exit code, stderr, seconds and peak memory (MB)."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "mscexo_ld", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    found: dict[str, object] = json.loads(done.stdout)
    return found


def rq(tmp_path: Path, text: str) -> str:
    path = tmp_path / "q.rq"
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def one_line(run: dict[str, object]) -> str:
    stderr = str(run["stderr"])
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def test_cross_product_stops_at_the_row_limit(tmp_path: Path, build_dir: Path) -> None:
    run = measured("query", rq(tmp_path, CROSS), "--build", str(build_dir))
    print(f"cross product: rc {run['rc']}, {run['seconds']:.1f} s, peak {run['peak_mb']:.0f} MB")
    assert run["rc"] == 2
    assert "more than 100000 rows (--max-rows)" in one_line(run)
    assert run["stdout_bytes"] == 0
    assert float(str(run["peak_mb"])) < PEAK_MB


def test_sorted_cross_product_stops_at_the_memory_limit(tmp_path: Path, build_dir: Path) -> None:
    """ORDER BY computes the whole product before its first row: only the child's memory limit stops it."""
    run = measured("query", rq(tmp_path, SORTED_CROSS), "--build", str(build_dir))
    print(f"sorted cross product: rc {run['rc']}, {run['seconds']:.1f} s, peak {run['peak_mb']:.0f} MB")
    assert run["rc"] == 2
    assert "memory limit of 1024 MB (--max-memory)" in one_line(run)
    assert float(str(run["peak_mb"])) < PEAK_MB


def test_a_lower_memory_limit_holds(tmp_path: Path, build_dir: Path) -> None:
    run = measured("query", rq(tmp_path, SORTED_CROSS), "--build", str(build_dir), "--max-memory", "200")
    print(f"sorted cross product, --max-memory 200: {run['seconds']:.1f} s, peak {run['peak_mb']:.0f} MB")
    assert run["rc"] == 2
    assert "memory limit of 200 MB" in one_line(run)
    assert float(str(run["peak_mb"])) < 200 + 300  # the CLI process itself is ~100 MB


def test_a_long_computation_stops_at_the_time_limit(tmp_path: Path, build_dir: Path) -> None:
    """COUNT over a triple product computes for minutes in little memory, before its one row."""
    run = measured("query", rq(tmp_path, COUNTED_CROSS), "--build", str(build_dir), "--timeout", "2")
    print(f"counted cross product, --timeout 2: {run['seconds']:.1f} s, peak {run['peak_mb']:.0f} MB")
    assert run["rc"] == 2
    assert "time limit of 2 s (--timeout)" in one_line(run)
    assert float(str(run["seconds"])) < 2 + 10


def test_max_rows_is_a_flag(tmp_path: Path, build_dir: Path) -> None:
    text = "SELECT ?s WHERE { ?s a ?c } LIMIT 20"
    run = measured("query", rq(tmp_path, text), "--build", str(build_dir), "--max-rows", "5", "--format", "csv")
    assert run["rc"] == 2
    assert "more than 5 rows" in one_line(run)
    ok = measured("query", rq(tmp_path, text), "--build", str(build_dir), "--max-rows", "20", "--format", "csv")
    assert ok["rc"] == 0
    assert "rows" not in str(ok["stderr"])


def test_the_api_is_bounded_too(store: ox.Store, tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="--max-rows"):
        mscexo_ld.query(rq(tmp_path, CROSS), store=store)
    with pytest.raises(QueryError, match="--timeout"):
        mscexo_ld.query(rq(tmp_path, COUNTED_CROSS), store=store, timeout=1)


def test_in_process_row_limit(store: ox.Store) -> None:
    query = CannedQuery("cross", Path("cross.rq"), "cross", "", (), CROSS)
    with pytest.raises(QueryLimitError, match="more than 1000 rows"):
        run_oxigraph(store, query, {}, limits=Limits(max_rows=1000))


def test_canned_answers_are_the_same_in_the_child(store: ox.Store) -> None:
    """The 40 canned queries answer the same through the guarded child as in this process."""
    queries = list_queries()
    assert len(queries) >= 40
    for q in queries:
        params = bind_params(q, {})
        inside = run_oxigraph(store, q, params)
        guarded = run_guarded(store, q, params)
        assert guarded.variables == inside.variables, q.name
        assert guarded.as_tuples() == inside.as_tuples(), q.name
        assert guarded.hints == inside.hints, q.name


def test_a_query_file_that_is_not_utf8_is_one_line(tmp_path: Path, build_dir: Path) -> None:
    path = tmp_path / "latin1.rq"
    path.write_bytes('SELECT ?s WHERE { ?s ?p "caf\u00e9" }\n'.encode("latin-1"))
    run = measured("query", str(path), "--build", str(build_dir))
    assert run["rc"] == 2
    assert "not UTF-8" in one_line(run)
