"""Embedded query engine benchmark: rdflib's in-memory SPARQL vs pyoxigraph, side by side.

Runs every canned query (default parameters) on the release graph and on a synthetic copy
N times larger (the instance data replicated under new IRIs, the ontology once), prints the
median time per engine and the ratio, and fails (exit 1) if the engines' answers differ.
On the release it also prints issue 17's two targets, each with PASS or FAIL: the median
ratio at least 50x rdflib, and no query over 2 ms on pyoxigraph (wall-clock medians; the
pyoxigraph CPU time of the thread is printed beside them, as the machine may be shared).

    python benchmarks/query_engines.py [--scale 100] [--repeat 5] [--budget 30] [--out FILE]

``--scale 1`` runs the release only.

An rdflib query that runs longer than --budget seconds is stopped and reported as over
budget (its ratio is then a lower bound and its answer is not compared).
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing as mp
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from mscexo_ld import constants as C
from mscexo_ld.curation import load_corpus
from mscexo_ld.query import BoundParams, CannedQuery, Result, bind_params, list_queries, run_oxigraph, run_rdflib
from mscexo_ld.rdf.build import build_data_graph, load_ontology
from mscexo_ld.rdf.canonical import sorted_ntriples


def scaled_graph(scale: int) -> Graph:
    """Ontology + ``scale`` copies of the instance data, copy k under .../id/k/..."""
    data = build_data_graph(load_corpus())
    g = load_ontology()
    base = C.ID_BASE

    def move(term: Node, k: int) -> Node:
        if isinstance(term, URIRef) and str(term).startswith(base):
            return URIRef(f"{base}{k}/{str(term)[len(base) :]}") if k else term
        return term

    for k in range(scale):
        for s, p, o in data:
            g.add((move(s, k), p, move(o, k)))
    return g


#: Issue 17's targets on the release: the median ratio to rdflib, and the slowest query (seconds).
TARGET_RATIO = 50.0
TARGET_MAX_S = 0.002


def timed(fn: Callable[[], Result], repeat: int) -> tuple[float, Result]:
    """The median time of ``repeat`` calls (at least one), and the last result."""
    seconds, _cpu, result = timed_cpu(fn, repeat)
    return seconds, result


def timed_cpu(fn: Callable[[], Result], repeat: int) -> tuple[float, float, Result]:
    """The median wall-clock and median thread CPU time of ``repeat`` calls (at least one), and the last result."""
    times, cpu = [], []
    for _ in range(max(repeat, 1)):
        t, c = time.perf_counter(), time.thread_time()
        result = fn()
        cpu.append(time.thread_time() - c)
        times.append(time.perf_counter() - t)
    return statistics.median(times), statistics.median(cpu), result


def rdflib_with_budget(
    graph: Graph, query: CannedQuery, params: BoundParams, repeat: int, budget: float
) -> tuple[float, Result] | tuple[None, None]:
    """Median rdflib time in a forked worker; (None, None) when one run exceeds ``budget`` seconds."""
    ctx = mp.get_context("fork")
    queue: mp.Queue[tuple[float, Result]] = ctx.Queue()

    def work() -> None:
        queue.put(timed(functools.partial(run_rdflib, graph, query, params), repeat))

    proc = ctx.Process(target=work)
    proc.start()
    result: tuple[float, Result] | tuple[None, None]
    try:
        result = queue.get(timeout=budget * repeat)
    except Exception:
        result = (None, None)
    proc.terminate()
    proc.join()
    return result


def run(scale: int, repeat: int, lines: list[str], budget: float) -> bool:
    graph = scaled_graph(scale)
    with tempfile.TemporaryDirectory() as tmp:
        nt = Path(tmp) / "g.nt"
        nt.write_text(sorted_ntriples(graph), encoding="utf-8")
        t = time.perf_counter()
        rg = Graph().parse(nt, format="nt")
        rdflib_load = time.perf_counter() - t
        t = time.perf_counter()
        store = ox.Store()
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        ox_load = time.perf_counter() - t
    lines.append(f"\n## scale x{scale}: {len(graph):,} triples")
    lines.append(
        f"load N-Triples   rdflib {rdflib_load * 1000:10.1f} ms   pyoxigraph {ox_load * 1000:9.1f} ms   "
        f"ratio {rdflib_load / ox_load:6.1f}x"
    )
    lines.append(f"{'query':28} {'rows':>6} {'rdflib ms':>11} {'oxigraph ms':>12} {'ratio':>8} {'ox CPU ms':>10}")
    same, ratios, slowest = True, [], []
    for q in list_queries():
        params = bind_params(q, {})
        run_oxigraph(store, q, params)  # once unmeasured: the first query of a store pays for its set-up
        t_ox, cpu_ox, r_ox = timed_cpu(functools.partial(run_oxigraph, store, q, params), max(repeat, 9))
        slowest.append((t_ox, cpu_ox, q.name))
        t_rl, r_rl = rdflib_with_budget(rg, q, params, repeat if scale == 1 else 1, budget)
        print(f"  {q.name}", file=sys.stderr, flush=True)
        if t_rl is None or r_rl is None:
            ratio = budget / t_ox
            ratios.append(ratio)
            lines.append(
                f"{q.name:28} {len(r_ox.rows):6} {'> ' + str(int(budget * 1000)):>11} {t_ox * 1000:12.3f} "
                f"{'>' + format(ratio, '.0f'):>7}x {cpu_ox * 1000:10.3f}   rdflib over the {budget:.0f} s budget: "
                "answers not compared"
            )
            continue
        agree = sorted(r_ox.as_tuples(), key=repr) == sorted(r_rl.as_tuples(), key=repr)
        same &= agree
        ratio = t_rl / t_ox if t_ox else float("inf")
        ratios.append(ratio)
        lines.append(
            f"{q.name:28} {len(r_ox.rows):6} {t_rl * 1000:11.2f} {t_ox * 1000:12.3f} {ratio:7.0f}x {cpu_ox * 1000:10.3f}"
            + ("" if agree else "   ANSWERS DIFFER")
        )
    median_ratio = statistics.median(ratios)
    lines.append(f"median ratio {median_ratio:.0f}x; answers identical: {same}")
    if scale == 1:
        wall, _cpu, name = max(slowest)
        cpu_max, cpu_name = max((c, n) for _w, c, n in slowest)
        over = [n for w, _c, n in sorted(slowest, reverse=True) if w > TARGET_MAX_S]
        lines.append(
            f"target: canned queries median >= {TARGET_RATIO:.0f}x rdflib on the release: {median_ratio:.0f}x "
            f"{'PASS' if median_ratio >= TARGET_RATIO else 'FAIL'}"
        )
        lines.append(
            f"target: no query over {TARGET_MAX_S * 1000:.0f} ms on the release (median wall clock): slowest {name} "
            f"{wall * 1000:.2f} ms {'PASS' if not over else 'FAIL (' + ', '.join(over) + ')'}"
        )
        lines.append(
            f"        the same on the thread's CPU time: slowest {cpu_name} {cpu_max * 1000:.2f} ms "
            f"{'PASS' if cpu_max <= TARGET_MAX_S else 'FAIL'}"
        )
    return same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=100, help="size of the synthetic copy (default 100x)")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions per query (median reported)")
    parser.add_argument(
        "--budget",
        type=float,
        default=30.0,
        help="seconds an rdflib query may take before it is stopped and reported as over budget",
    )
    parser.add_argument("--out", default=str(C.ROOT / "benchmarks" / "results" / "query_engines.txt"))
    args = parser.parse_args()
    lines = [
        f"# query engines: rdflib vs pyoxigraph ({platform.node() or 'machine'}, {platform.machine()}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start)"
    ]
    ok = True
    for scale in (1, args.scale) if args.scale > 1 else (1,):
        print(f"running scale x{scale} ...", file=sys.stderr, flush=True)
        ok &= run(scale, args.repeat, lines, args.budget)
    text = "\n".join(lines) + "\n"
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
