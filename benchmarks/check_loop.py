"""The curator's check loop on the real release: where its time goes, and the 5 s target (issue 17).

Two ways to run the loop, each timed from a warm install as a curator runs it (a fresh
``python -m mscexo_ld`` process per command, into a temporary build folder):

  two commands   ``mscexo-ld build`` then ``mscexo-ld validate`` (all five checks)
  one command    ``mscexo-ld build --validate``: one process, the curated input, the ontology
                 and the graph loaded once, the checks run while the site renders

then every stage on its own, in this process (warm, one after the other, so their sum is the
CPU-bound cost a single core would pay): loading the curated input, building the graph,
making it canonical (once, for both renderings), rendering the release files and the site (as the
build does, with the cycle collector paused), reading the build back (what ``validate`` does),
the curated origins, each check, and HermiT both as owlready2's ``sync_reasoner_hermit`` runs
it (``-c -O -D -I``: classes, properties and every individual) and as the check runs it now
(``-c``: classes, which is consistency and every unsatisfiable class).

Each figure is the median of --runs runs. The last line is the target: ``build --validate``
under 5 s, PASS or FAIL. The machine's load average is printed with the figures: on a shared
machine they are measured under that load.

Exit status: 0; 1 when the answers differ (the report of ``build --validate`` and that of
``validate`` on the same build, or HermiT's verdict run both ways); 2 for bad arguments.

    .venv/bin/python benchmarks/check_loop.py              # 5 runs of each, about 2 minutes
    .venv/bin/python benchmarks/check_loop.py --runs 3
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TARGET_S = 5.0


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def loadavg() -> float:
    return os.getloadavg()[0]


#: CPU seconds (user + system) of every command run by :func:`cli`, in order: the machine's load
#: stretches wall times, not these.
CPU: list[float] = []


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command, its workers and HermiT's JVM
    return usage.ru_utime + usage.ru_stime


def cli(*args: str) -> tuple[float, str]:
    """Run ``mscexo-ld ARGS`` in a fresh process: (seconds, stdout); a failure stops the benchmark."""
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(
        [sys.executable, "-m", "mscexo_ld", *args], capture_output=True, text=True, check=False, timeout=600
    )
    seconds = time.perf_counter() - started
    CPU.append(_children_cpu() - cpu)
    if done.returncode not in (0, 1):  # 1: problems found, still a report
        raise SystemExit(f"mscexo-ld {' '.join(args)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return seconds, done.stdout


def report_of(stdout: str) -> str:
    """The validation report of a command's output: everything after the build's list of files."""
    lines = stdout.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if not line.startswith("/")), len(lines))
    return "".join(lines[first:])


def owlready_hermit(path: Path) -> tuple[str | None, list[str]]:
    """HermiT as owlready2 runs it (``-c -O -D -I``), as the reasoner check did before: (error, unsatisfiable)."""
    import owlready2

    os.environ["JAVA_TOOL_OPTIONS"] = "-XX:TieredStopAtLevel=1"
    world = owlready2.World()
    try:
        world.get_ontology(path.as_uri()).load()
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return "inconsistent", []
    finally:
        os.environ.pop("JAVA_TOOL_OPTIONS", None)
    unsat = sorted(str(c.iri) for c in world.inconsistent_classes() if "Nothing" not in str(c.iri))
    world.close()
    return None, unsat


def median_of(runs: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(runs):
        started = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each figure; the median is shown (default 5)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    from mscexo_ld import constants as C
    from mscexo_ld.curation import load_corpus
    from mscexo_ld.curation.terms import read_cache
    from mscexo_ld.rdf.build import build_graph, load_ontology
    from mscexo_ld.rdf.canonical import canonical, sorted_ntriples
    from mscexo_ld.release.files import release_files
    from mscexo_ld.site.ontology_docs import ontology_docs
    from mscexo_ld.site.render import site_files
    from mscexo_ld.validate.identifiers import check_identifiers
    from mscexo_ld.validate.qc import check_qc
    from mscexo_ld.validate.quotes import check_quotes
    from mscexo_ld.validate.reasoner import _hermit
    from mscexo_ld.validate.report import origin_index
    from mscexo_ld.validate.run import read_data
    from mscexo_ld.validate.shacl import check_shacl

    source = C.source_text_path()
    rows: list[tuple[str, float, str]] = []
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="mscexo-check-loop-") as tmp:
        out = Path(tmp) / "build"
        say(f"warming up (load average {loadavg():.1f})")
        cli("build", "--out", str(out))
        cli("validate", "--build", str(out))

        # ---- the loop, as a curator runs it
        builds, validates, twos, ones = [], [], [], []
        cpu_b, cpu_v, cpu_o = [], [], []
        report_two = report_one = ""
        for run in range(args.runs):
            say(f"run {run + 1}/{args.runs}: build; validate; build --validate")
            b, _ = cli("build", "--out", str(out))
            v, report_two = cli("validate", "--build", str(out))
            o, stdout = cli("build", "--validate", "--out", str(out))
            cpu_b.append(CPU[-3])
            cpu_v.append(CPU[-2])
            cpu_o.append(CPU[-1])
            report_one = report_of(stdout)
            builds.append(b)
            validates.append(v)
            twos.append(b + v)
            ones.append(o)
        la_loop = loadavg()
        if report_one != report_two:
            failed.append("the report of `build --validate` differs from that of `validate`")
            say(f"build --validate:\n{report_one}\nvalidate:\n{report_two}")

        # ---- every stage alone, in this process
        say("the stages, in this process")
        corpus_t, corpus = median_of(args.runs, lambda: load_corpus(C.DATA_DIR))
        rows.append(("load the curated input", corpus_t, "build; again in validate, for the origins"))
        graph_t, graph = median_of(args.runs, lambda: build_graph(corpus))
        rows.append(("build the graph (ontology + data)", graph_t, "build"))
        ontology = load_ontology()
        # As `build` renders: the cycle collector paused, the graph made canonical once for both parts.
        gc.disable()

        def canonical_once() -> tuple[Any, str]:
            made = canonical(graph)
            return made, sorted_ntriples(made, is_canonical=True)

        canon_t, (canon, ntriples) = median_of(args.runs, canonical_once)
        rows.append(("make the graph canonical, its sorted N-Triples", canon_t, "build, before the fork"))
        files_t, _ = median_of(
            args.runs,
            lambda: {n: r() for n, r in release_files(graph, ontology, canon=canon, ntriples=ntriples).items()},
        )
        rows.append(("render the release files and exports", files_t, "build"))
        site_t, _ = median_of(
            args.runs, lambda: {**site_files(graph, ntriples=ntriples), **ontology_docs(C.ONTOLOGY_FILE)}
        )
        rows.append(("render the site", site_t, "build, in a worker on the other core"))
        gc.enable()
        read_t, data = median_of(args.runs, lambda: read_data([out / C.GRAPH_NT]))
        rows.append(("read the build back (N-Triples + ontology)", read_t, "validate only"))
        origins_t, origins = median_of(args.runs, lambda: origin_index(load_corpus(C.DATA_DIR)))
        rows.append(("curated origins (loads the curated input)", origins_t, "validate; build --validate: index only"))
        shacl_t, _ = median_of(args.runs, lambda: check_shacl(data, origins=origins))
        rows.append(("check shacl (pySHACL)", shacl_t, ""))
        nt = Path(tmp) / "graph.nt"
        data.serialize(nt, format="nt", encoding="utf-8")
        old_t, old = median_of(args.runs, lambda: owlready_hermit(nt))
        rows.append(("check reasoner, before: owlready2 + HermiT -c -O -D -I", old_t, "in a worker"))
        new_t, new = median_of(args.runs, lambda: _hermit(str(nt)))
        rows.append(("check reasoner, now: HermiT -c (+ owlready2 class count)", new_t, "in a worker"))
        if (new[0], new[1]) != old:
            failed.append(f"HermiT -c says {new[:2]}, owlready2's run says {old}")
        qc_t, _ = median_of(args.runs, lambda: check_qc(data))
        rows.append(("check qc", qc_t, ""))
        ids_t, _ = median_of(args.runs, lambda: check_identifiers(data, read_cache(C.TERM_CACHE_FILE), origins))
        rows.append(("check identifiers (term cache)", ids_t, ""))
        quotes_t, _ = median_of(args.runs, lambda: check_quotes(data, source, origins))
        rows.append(("check quotes" + ("" if source else " (NOT RUN: no review text)"), quotes_t, ""))
        la_stages = loadavg()

    print(f"# The check loop on the release ({args.runs} runs, medians; machine: {os.cpu_count()} cores)")
    print()
    print(f"## Stages, each alone in one process (load average {la_stages:.1f})")
    print()
    print("| stage | s | where it runs |")
    print("|---|---:|---|")
    for name, seconds, where in rows:
        print(f"| {name} | {seconds:.2f} | {where} |")
    print()
    print(f"## The loop, from a warm install (load average {la_loop:.1f})")
    print()
    print("| command | wall s (median) | min | max | CPU s, user + system (median) |")
    print("|---|---:|---:|---:|---:|")
    cpu_two = [b + v for b, v in zip(cpu_b, cpu_v, strict=True)]
    for name, times, cpu in (
        ("mscexo-ld build", builds, cpu_b),
        ("mscexo-ld validate", validates, cpu_v),
        ("build, then validate (total)", twos, cpu_two),
        ("mscexo-ld build --validate (total)", ones, cpu_o),
    ):
        print(
            f"| {name} | {statistics.median(times):.2f} | {min(times):.2f} | {max(times):.2f} "
            f"| {statistics.median(cpu):.2f} |"
        )
    print()
    answers = "identical reports" if not any("report" in f for f in failed) else "REPORTS DIFFER"
    print(
        f"answers: `build --validate` and `build` + `validate`: {answers}; HermiT -c and owlready2's run: "
        + ("same verdict" if not any("HermiT" in f for f in failed) else "DIFFERENT VERDICTS")
    )
    total = statistics.median(ones)
    marker = "PASS" if total < TARGET_S else "FAIL"
    print(
        f"target: the check loop (`mscexo-ld build --validate`) under {TARGET_S:.0f} s: "
        f"{total:.2f} s median -> {marker} (was {statistics.median(twos):.2f} s as two commands; "
        f"load average {la_loop:.1f} on {os.cpu_count()} cores)"
    )
    for problem in failed:
        print(f"DISAGREEMENT: {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
