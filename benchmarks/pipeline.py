"""Pipeline benchmark: every engine pair of mscexo-ld on synthetic data of growing size.

For each size (``--sizes``, default 10k,100k,1M triples) a deterministic synthetic graph in
the shape of the release is written (benchmarks/synthetic.py: the real ontology once, the
curated instance data replicated and perturbed under new IRIs, a few known SHACL violations
injected), then, one stage at a time, each engine in its own subprocess (peak memory is that
process's maxrss; the main process never holds a large graph):

  build      build an in-memory graph from the generated terms and write N-Triples:
             rdflib Graph.add + serialize  vs  pyoxigraph Store.bulk_extend + dump
             (generation alone is timed too and taken off; the release's canonical sorted
             N-Triples, rdflib.compare + sort, is timed up to --canonical-max triples)
  parse      N-Triples file -> graph: rdflib Graph.parse  vs  pyoxigraph Store.bulk_load
  shacl      shapes/, reading the file included: pySHACL (rdflib Graph)  vs  pyshacl-turbo
             (optional) on the N-Triples text as `validate` hands it, and (up to
             --shacl-routes-max) from a pyoxigraph Store and an rdflib Graph  vs  Apache Jena
             SHACL (java reads the file; when java and scripts/fetch-fuseki.sh's jars are there),
             plus the whole `mscexo-ld validate --shacl-engine turbo|jena` commands; wall and CPU
             time, peak memory; results compared (with pyshacl-turbo's where pySHACL does not
             finish), injected violations checked
  queries    every canned query, default parameters, embedded: rdflib SPARQL (per-query
             --budget, in a forked child)  vs  pyoxigraph; answers compared
  server     `oxigraph load` + `oxigraph serve-read-only` (mscexo_ld.query.serve), every canned
             query over HTTP (answers compared with the embedded store), then N concurrent
             SPARQLWrapper clients for --load-seconds; and, up to --deploy-max triples, the
             deployment engine, `mscexo-ld serve --server fuseki`, under the largest --clients
             for --deploy-seconds (benchmarks/server_load.py's clients: each answer's rows checked)

with --tests, first, the README's test command:

  tests      `bash scripts/test.sh`, wall and CPU time (pytest and its workers), its summary line

and once, on the real release:

  release    `mscexo-ld build` + `mscexo-ld validate` wall time from a warm install (and each
             validate check alone), and the canned queries on build/mscexo.nt, both engines,
             median and max per query.

Results are printed as Markdown tables and written to --out (default
benchmarks/results/pipeline.md, with the raw samples as .json); progress goes to stderr. The
machine's load (load average, and CPU used by other processes during each stage) is reported
with them. The report ends with issue 17's targets that the run measured, each with its value
and PASS/FAIL, and the run draws a log-log scaling figure (<out>-scaling.png, its numbers as
.csv and .json). Every worker is bounded in time and memory; past a bound it is reported as
"did not finish in N s". `--render RUN.json [MORE.json ...] [OUT.md]` writes the report and
the figure again from raw results, merging runs.

Exit status: 0; 1 when two engines disagree (SHACL results, query answers, HTTP vs embedded
answers) or the reference SHACL engine does not find exactly the injected violations;
2 for bad arguments.

    python benchmarks/pipeline.py                                  # 10k, 100k, 1M
    python benchmarks/pipeline.py --sizes 10k,100k --budget 30
    python benchmarks/pipeline.py --sizes 10k --stages shacl,queries --no-release
    python benchmarks/pipeline.py --render benchmarks/results/pipeline.json
    python benchmarks/pipeline.py --tests --sizes 10k,100k,1M,5M     # every target in one run
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import synthetic as S  # noqa: E402

from mscexo_ld import constants as C  # noqa: E402

STAGES = ("build", "parse", "shacl", "queries", "server")
LARGE = 500_000  # from here on: fewer repetitions
SLOW_ONE_REP = 50_000  # from here on rdflib SPARQL runs each query once (as query_engines.py)


def say(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def rss_mb() -> float:
    """Peak resident set size of this process so far (Linux: ru_maxrss is in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def med(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def digest_rows(rows: list[tuple]) -> str:
    return hashlib.sha256(repr(sorted(rows, key=repr)).encode("utf-8")).hexdigest()


# ============================================================================ workers
# Each runs in its own process: `python pipeline.py --worker STAGE PARAMS_JSON`; the result
# is written as JSON to params["out"].


def _rdflib_term(t):
    from rdflib import BNode, Literal, URIRef

    if t[0] == "I":
        return URIRef(t[1])
    if t[0] == "B":
        return BNode(t[1])
    return Literal(t[1], datatype=URIRef(t[2]) if t[2] else None, lang=t[3])


def _ox_term(t):
    import pyoxigraph as ox

    if t[0] == "I":
        return ox.NamedNode(t[1])
    if t[0] == "B":
        return ox.BlankNode(t[1])
    if t[3]:
        return ox.Literal(t[1], language=t[3])
    if t[2]:
        return ox.Literal(t[1], datatype=ox.NamedNode(t[2]))
    return ox.Literal(t[1])


def _count_lines(path: Path) -> int:
    n = 0
    with open(path, "rb") as f:
        for line in f:
            if line.strip():
                n += 1
    return n


def _template(tmp: str) -> S.Template:
    """The release template, pickled once per run in the scratch folder (loading it costs ~1 s)."""
    import pickle

    cached = Path(tmp) / "template.pickle"
    if cached.is_file():
        return pickle.loads(cached.read_bytes())
    tpl = S.load_template()
    cached.write_bytes(pickle.dumps(tpl))
    return tpl


def worker_generate(p: dict) -> dict:
    tpl = _template(p["tmp"])
    t = time.perf_counter()
    meta = S.write_ntriples(Path(p["path"]), p["target"], p["seed"], template=tpl)
    return {"seconds": time.perf_counter() - t, "meta": meta.as_dict(), "bytes": Path(p["path"]).stat().st_size}


def worker_build(p: dict) -> dict:
    """Build from the generated terms, then write N-Triples; ``engine`` none = generation only."""
    engine, reps = p["engine"], p["reps"]
    tpl = _template(p["tmp"])
    if engine == "rdflib":
        import rdflib  # noqa: F401
    elif engine == "oxigraph":
        import pyoxigraph  # noqa: F401
    gc.collect()
    base = current_rss_mb()
    build, write, canonical = [], [], None
    written, peak_before_canonical = 0, None
    out = Path(p["tmp"]) / f"build-{engine}.nt"
    for rep in range(reps):
        triples = S.generate(p["target"], p["seed"], template=tpl)
        t = time.perf_counter()
        if engine == "none":
            n = sum(1 for _ in triples)
            build.append(time.perf_counter() - t)
            written = n
            continue
        if engine == "rdflib":
            from rdflib import Graph

            g = Graph()
            add = g.add
            for s, pr, o in triples:
                add((_rdflib_term(s), _rdflib_term(pr), _rdflib_term(o)))
            build.append(time.perf_counter() - t)
            t = time.perf_counter()
            g.serialize(destination=str(out), format="nt", encoding="utf-8")
            write.append(time.perf_counter() - t)
            if rep == reps - 1 and p.get("canonical"):
                from mscexo_ld.rdf.canonical import sorted_ntriples

                peak_before_canonical = rss_mb()

                say(f"    rdflib canonical sorted N-Triples ({len(g):,} triples) ...")
                t = time.perf_counter()
                text = sorted_ntriples(g)
                canonical = time.perf_counter() - t
                del text
        else:
            import pyoxigraph as ox

            g = ox.Store()
            g.bulk_extend(ox.Quad(_ox_term(s), _ox_term(pr), _ox_term(o)) for s, pr, o in triples)
            build.append(time.perf_counter() - t)
            t = time.perf_counter()
            g.dump(str(out), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            write.append(time.perf_counter() - t)
        del g
        gc.collect()
        say(f"    {engine} build rep {rep + 1}/{reps}: build {build[-1]:.2f} s, write {write[-1]:.2f} s")
    if engine != "none":
        written = _count_lines(out)
        out.unlink()
    peak = rss_mb()
    return {
        "build": build,
        "write": write,
        "canonical": canonical,
        "written": written,
        "base_mb": base,
        "peak_mb": peak if peak_before_canonical is None else peak_before_canonical,
        "canonical_peak_mb": peak,
    }


def worker_parse(p: dict) -> dict:
    engine, reps, path = p["engine"], p["reps"], p["path"]
    if engine == "rdflib":
        from rdflib import Graph
    else:
        import pyoxigraph as ox
    gc.collect()
    base = current_rss_mb()
    times, count = [], 0
    for rep in range(reps):
        t = time.perf_counter()
        if engine == "rdflib":
            g = Graph()
            g.parse(path, format="nt")
            times.append(time.perf_counter() - t)
            count = len(g)
        else:
            g = ox.Store()
            g.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
            times.append(time.perf_counter() - t)
            count = len(g)
        del g
        gc.collect()
        say(f"    {engine} parse rep {rep + 1}/{reps}: {times[-1]:.2f} s")
    return {"times": times, "count": count, "base_mb": base, "peak_mb": rss_mb()}


def _report_key(report) -> Counter:
    """Engine-neutral validation results: (focus, path, value, component, severity) -> count."""
    from rdflib import BNode
    from rdflib.namespace import RDF, SH

    out: Counter = Counter()
    messages: Counter = Counter()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(r, SH.resultPath)
        if isinstance(path, BNode):
            inverse = report.value(path, SH.inversePath)
            path = "^" + str(inverse) if inverse is not None else "complex-path"
        value = report.value(r, SH.value)
        k = (
            str(report.value(r, SH.focusNode)),
            "-" if path is None else str(path),
            "-" if value is None else (value.n3() if hasattr(value, "n3") else str(value)),
            str(report.value(r, SH.sourceConstraintComponent)),
            str(report.value(r, SH.resultSeverity)),
        )
        out[k] += 1
        messages[(*k, str(report.value(r, SH.resultMessage)))] += 1
    return out, messages


#: The SHACL engines and input routes, side by side. "pyshacl" is the reference; "turbo" is the
#: route `validate --shacl-engine turbo` takes on files (N-Triples text straight to its parser).
SHACL_ENGINES = {
    "pyshacl": "pySHACL on an rdflib Graph (Graph.parse)",
    "turbo": "pyshacl-turbo on the N-Triples text (shacl.read_turbo_data, what validate uses)",
    "turbo-store": "pyshacl-turbo on a pyoxigraph Store (Store.bulk_load; validate before 2026-12)",
    "turbo-graph": "pyshacl-turbo on an rdflib Graph (Graph.parse)",
    "jena": "Apache Jena SHACL 5.6.0 in one java process that reads the file itself and validates on every core "
    "(what `validate --shacl-engine jena` runs; its report read back by rdflib)",
}


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def worker_shacl(p: dict) -> dict:
    """One SHACL engine/route; each repetition reads the file again (reading included), then validates."""
    engine, reps, path = p["engine"], p["reps"], p["path"]
    from rdflib import Graph

    from mscexo_ld.validate.shacl import load_shapes

    if engine == "jena":
        return _worker_shacl_jena(p)
    if engine == "pyshacl":
        from pyshacl import validate
    else:
        from pyshacl_turbo import validate
    import pyoxigraph as ox

    from mscexo_ld.validate.shacl import read_turbo_data, turbo_input

    shapes = load_shapes()
    gc.collect()
    base = current_rss_mb()
    kwargs = {
        "shacl_graph": shapes,
        "inference": "none",
        "advanced": True,
        "allow_warnings": False,
        "abort_on_first": False,
    }
    times, reads, cpus, conforms, key, messages = [], [], [], None, Counter(), Counter()
    for rep in range(reps):
        c0, t = _cpu(), time.perf_counter()
        if engine in ("pyshacl", "turbo-graph"):
            data: Any = Graph()
            data.parse(path, format="nt")
        elif engine == "turbo-store":
            data = ox.Store()
            data.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
        else:
            data = turbo_input(read_turbo_data([Path(path)]))
        reads.append(time.perf_counter() - t)
        conforms, report, _text = validate(data, **kwargs)
        times.append(time.perf_counter() - t)
        cpus.append(_cpu() - c0)
        del data
        key, messages = _report_key(report)
        del report
        gc.collect()
        say(
            f"    {engine} rep {rep + 1}/{reps}: {times[-1]:.2f} s (read {reads[-1]:.2f} s), {sum(key.values())} result(s)"
        )
    return {
        "times": times,
        "reads": reads,
        "cpu": cpus,
        "over_budget": False,
        "conforms": conforms,
        "results": [[list(k), n] for k, n in sorted(key.items())],
        "messages": [[list(k), n] for k, n in sorted(messages.items())],
        "base_mb": base,
        "peak_mb": rss_mb(),
    }


def _children_cpu() -> float:
    t = os.times()
    return t.children_user + t.children_system


def _worker_shacl_jena(p: dict) -> dict:
    """Jena SHACL as `validate --shacl-engine jena` runs it (jena_shacl.jena_report's command), with --timing
    for the split into reading and validating. CPU = this process and java; peak = this process's peak plus
    java's (they run at the same time)."""
    from rdflib import Graph, Literal
    from rdflib.namespace import SH

    from mscexo_ld.validate.jena_shacl import jena_command
    from mscexo_ld.validate.shacl import load_shapes

    reps, path = p["reps"], p["path"]
    shapes = load_shapes()
    gc.collect()
    base = current_rss_mb()
    times, reads, cpus, conforms, key, messages = [], [], [], None, Counter(), Counter()
    with tempfile.TemporaryDirectory() as scratch:
        shapes_file, report_file = Path(scratch) / "shapes.nt", Path(scratch) / "report.nt"
        threads = str(max(1, os.cpu_count() or 1))
        for rep in range(reps):
            c0, t = _cpu() + _children_cpu(), time.perf_counter()
            shapes.serialize(shapes_file, format="nt", encoding="utf-8")
            cmd = [*jena_command(), "--shapes", str(shapes_file), "--threads", threads, "--timing"]
            done = subprocess.run(
                [*cmd, "--report", str(report_file), path], capture_output=True, text=True, check=True
            )
            report = Graph().parse(report_file, format="nt")
            times.append(time.perf_counter() - t)
            cpus.append(_cpu() + _children_cpu() - c0)
            timing = re.search(r"read ([0-9.]+) s", done.stderr)
            reads.append(float(timing.group(1)) if timing else float("nan"))
            conforms = (None, SH.conforms, Literal(True)) in report
            key, messages = _report_key(report)
            del report
            say(
                f"    jena rep {rep + 1}/{reps}: {times[-1]:.2f} s (read {reads[-1]:.2f} s in java), "
                f"{sum(key.values())} result(s)"
            )
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "times": times,
        "reads": reads,
        "cpu": cpus,
        "over_budget": False,
        "conforms": conforms,
        "results": [[list(k), n] for k, n in sorted(key.items())],
        "messages": [[list(k), n] for k, n in sorted(messages.items())],
        "base_mb": base,
        "peak_mb": rss_mb() + child,
        "java_peak_mb": child,
    }


def _receive(receiver: Any, timeout: float) -> Any:
    """The next message from a forked child's pipe; TimeoutError after ``timeout`` seconds."""
    if not receiver.poll(timeout):
        raise TimeoutError
    return receiver.recv()


#: Untimed runs of a query in its forked child before the timed ones, when it is timed WARM_UP_FROM times or more.
WARM_UP_RUNS, WARM_UP_FROM = 5, 5


def worker_queries(p: dict) -> dict:
    """Every canned query on one engine, each in a forked child, timed per repetition.

    The store is loaded as ``mscexo-ld query`` loads it: the named graphs beside the graph (the
    release's direct edges and hierarchy) only for a query that reads them (``reads_named_graphs``);
    rdflib reads them, as tests/test_queries.py does, into a Dataset. A query rdflib cannot answer
    there (``RDFLIB_CANNOT``) is not run on rdflib, so neither timed nor compared.
    """
    import multiprocessing as mp

    from mscexo_ld.query import bind_params, list_queries, run_oxigraph, run_rdflib
    from mscexo_ld.query.embedded import RDFLIB_CANNOT, load_rdflib, load_store
    from mscexo_ld.query.guard import reads_named_graphs
    from mscexo_ld.resources import named_graphs_beside

    engine, reps, path, budget = p["engine"], p["reps"], p["path"], p["budget"]
    # Untimed runs first, for either engine, when a query is repeated at least WARM_UP_FROM times
    # (the release; small sizes). Measured on the release, review-list-members in a fresh fork:
    # 2.8, 0.73, 0.29, 0.24 ms ... 0.14 ms by the 17th run.
    warmup = WARM_UP_RUNS if reps >= WARM_UP_FROM else 0
    queries = [q for q in list_queries() if q.name in p.get("only", [q.name])]  # "only": the tests' subset
    named = named_graphs_beside(Path(path))
    reads = {q.name: bool(named) and reads_named_graphs(q.text) for q in queries}  # as `query` decides
    gc.collect()
    base = current_rss_mb()
    t = time.perf_counter()
    load = load_rdflib if engine == "rdflib" else load_store
    stores: dict[bool, Any] = {False: load(Path(path), named_graphs=False)}
    load_s = time.perf_counter() - t
    if any(reads.values()):
        stores[True] = load(Path(path))
    loaded_mb = current_rss_mb()
    # Warm up once in this process (rdflib builds its SPARQL grammar on first use), so that a
    # forked child does not pay it again with every query.
    for store in stores.values():
        list(store.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"))

    def measure(q, params, store, conn) -> None:
        """In the forked child: one message per repetition, the answer's digest last.

        A pipe, not a multiprocessing Queue: a Queue's feeder thread sends the previous time
        while the next repetition is being timed (0.02-0.05 ms more on a 0.1 ms query, measured).
        """
        result = None
        run = run_rdflib if engine == "rdflib" else run_oxigraph
        try:
            for _ in range(warmup):  # untimed: a fresh fork's first runs copy the pages they touch
                run(store, q, params)
            for _ in range(reps):
                t0 = time.perf_counter()
                result = run(store, q, params)
                conn.send(("rep", time.perf_counter() - t0))
        except Exception as exc:  # e.g. the project's row limit (--max-rows): reported, not waited for
            conn.send(("error", f"{type(exc).__name__}: {str(exc)[:200]}"))
            return
        rows = result.as_tuples()
        engine_times = []
        if engine == "oxigraph" and p.get("engine_only"):  # the engine alone: no parameters check, no cells
            from mscexo_ld.query.embedded import with_values

            text = with_values(q.text, params)
            for _ in range(reps):
                t0 = time.perf_counter()
                list(store.query(text))
                engine_times.append(time.perf_counter() - t0)
        conn.send(("done", len(rows), digest_rows(rows), engine_times))

    out = {}
    ctx = mp.get_context("fork")
    for i, q in enumerate(queries):
        params = bind_params(q, {})
        if engine == "rdflib" and reads[q.name] and q.name in RDFLIB_CANNOT:
            out[q.name] = {"cannot": "rdflib answers no rows (a GRAPH path joined to the default graph)"}
            continue
        # Each query runs in a forked child; every repetition must finish within the budget.
        receiver, sender = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=measure, args=(q, params, stores[reads[q.name]], sender))
        proc.start()
        sender.close()
        times: list[float] = []

        try:
            for rep in range(reps):
                message = _receive(receiver, budget * (1 + (warmup if rep == 0 else 0)))
                if message[0] == "error":
                    raise RuntimeError(message[1])
                times.append(message[1])
            _, rows, digest, engine_times = _receive(receiver, budget * 2)
            out[q.name] = {"times": times, "rows": rows, "digest": digest}
            if reads[q.name]:
                out[q.name]["named_graphs"] = True
            if engine_times:
                out[q.name]["engine_times"] = engine_times
        except RuntimeError as exc:  # not finished, but not for lack of time: not compared either
            out[q.name] = {"over_budget": True, "error": str(exc), "times_within_budget": times}
        except Exception:
            out[q.name] = {"over_budget": True, "times_within_budget": times}
        proc.terminate()
        proc.join()
        receiver.close()
        r = out[q.name]
        if p.get("verbose"):
            say(
                f"    {engine} [{i + 1}] {q.name}: "
                + ("over budget" if r.get("over_budget") else f"{min(r['times']) * 1000:.1f} ms, {r['rows']} rows")
            )
    return {"queries": out, "load_s": load_s, "base_mb": base, "loaded_mb": loaded_mb, "peak_mb": rss_mb()}


def worker_cases(p: dict) -> dict:
    """Every example of shapes/cases/ (valid and invalid) through one SHACL engine."""
    from rdflib import Graph

    from mscexo_ld.rdf.build import load_ontology
    from mscexo_ld.validate.shacl import load_shapes, read_turbo_data, turbo_input

    shapes, ontology = load_shapes(), load_ontology()
    out = {}
    t = time.perf_counter()
    if p["engine"] == "jena":  # as validate hands it files (each case + the ontology), all cases in one java
        from mscexo_ld.validate.jena_shacl import JenaData, jena_reports

        cases = sorted(C.SHAPE_CASES_DIR.glob("*.ttl"))
        reports = jena_reports([JenaData((case, C.ONTOLOGY_FILE)) for case in cases], shapes)
        for case, report in zip(cases, reports, strict=True):
            key, messages = _report_key(report)
            out[case.name] = {
                "conforms": not key,
                "results": [[list(k), n] for k, n in sorted(key.items())],
                "messages": [[list(k), n] for k, n in sorted(messages.items())],
            }
        return {"cases": out, "seconds": time.perf_counter() - t}
    if p["engine"] == "pyshacl":
        from pyshacl import validate
    else:
        from pyshacl_turbo import validate
    for case in sorted(C.SHAPE_CASES_DIR.glob("*.ttl")):
        if p["engine"] == "turbo":  # the route validate takes: the files as N-Triples text
            data = turbo_input(read_turbo_data([case, C.ONTOLOGY_FILE]))
        else:
            data = Graph().parse(case, format="turtle") + ontology
        conforms, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True)
        key, messages = _report_key(report)
        out[case.name] = {
            "conforms": conforms,
            "results": [[list(k), n] for k, n in sorted(key.items())],
            "messages": [[list(k), n] for k, n in sorted(messages.items())],
        }
    return {"cases": out, "seconds": time.perf_counter() - t}


WORKERS = {
    "generate": worker_generate,
    "build": worker_build,
    "parse": worker_parse,
    "shacl": worker_shacl,
    "queries": worker_queries,
    "cases": worker_cases,
}


#: Why the last worker gave no result ("did not finish in 300 s", "stopped at 10.0 GB", "exit 1").
LAST_FAILURE: dict[str, str] = {"why": ""}
#: Resident memory one worker (with every process it forked) may use before it is stopped, in MB.
MEM_LIMIT_MB = {"mb": 10 * 1024.0}


def _group_rss_mb(pgid: int) -> float:
    """Resident memory of every process of a process group (the worker and its forked children)."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[2]) == pgid:  # pgrp
                total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")  # rss in pages
        except (OSError, ValueError, IndexError):
            continue
    return total / 2**20


def spawn(stage: str, params: dict, tmp: Path, timeout: float | None = None) -> dict | None:
    """Run one worker in a fresh process (its own session); None when it failed, timed out or
    passed the memory limit (the reason in LAST_FAILURE["why"]). The worker is bounded in time
    (``timeout``) and in memory (MEM_LIMIT_MB, polled twice a second): a runaway engine is
    reported as not finished instead of hanging the run or crowding out the machine."""
    out = tmp / f"result-{stage}-{os.getpid()}-{time.monotonic_ns()}.json"
    params = {**params, "out": str(out)}
    LAST_FAILURE["why"] = ""
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--worker", stage, json.dumps(params)], start_new_session=True
    )
    started, peak, why = time.monotonic(), 0.0, ""
    while True:
        try:
            code = proc.wait(timeout=0.5)
            break
        except subprocess.TimeoutExpired:
            pass
        peak = max(peak, _group_rss_mb(proc.pid))
        if timeout is not None and time.monotonic() - started > timeout:
            why = f"did not finish in {timeout:.0f} s"
        elif peak > MEM_LIMIT_MB["mb"]:
            why = f"stopped at {MEM_LIMIT_MB['mb'] / 1024:.1f} GB"
        if why:
            os.killpg(proc.pid, signal.SIGKILL)  # the worker and any child it forked
            proc.wait()
            LAST_FAILURE["why"] = why
            say(f"  worker {stage} {params.get('engine', '')}: {why}; stopped")
            return None
    if code != 0 or not out.is_file():
        LAST_FAILURE["why"] = f"failed (exit {code})"
        say(f"  worker {stage} {params.get('engine', '')} failed (exit {code})")
        return None
    result = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return result


# ============================================================================ machine load


class Load:
    """CPU used on the machine during a stage, ours vs everyone else's, and the load average."""

    HZ = os.sysconf("SC_CLK_TCK")

    def __init__(self) -> None:
        self.rows: list[dict] = []

    @staticmethod
    def _stat() -> tuple[int, int]:
        with open("/proc/stat", encoding="ascii") as f:
            v = [int(x) for x in f.readline().split()[1:9]]
        return sum(v), v[3] + v[4]

    @staticmethod
    def _ours() -> float:
        a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime

    @staticmethod
    def loadavg() -> float:
        return float(Path("/proc/loadavg").read_text().split()[0])

    def stage(self, name: str):
        load = self

        class _Ctx:
            def __enter__(self):
                self.t, self.ours = time.perf_counter(), load._ours()
                self.total, self.idle = load._stat()
                self.la = load.loadavg()
                say(f"{name} ...")
                return self

            def __exit__(self, *exc):
                wall = time.perf_counter() - self.t
                total, idle = load._stat()
                busy = ((total - self.total) - (idle - self.idle)) / load.HZ
                ours = load._ours() - self.ours
                load.rows.append(
                    {
                        "stage": name,
                        "wall": wall,
                        "la0": self.la,
                        "la1": load.loadavg(),
                        "ours": ours / wall if wall else 0.0,
                        "others": max(0.0, busy - ours) / wall if wall else 0.0,
                    }
                )
                say(f"{name}: {wall:.1f} s")
                return False

        return _Ctx()


# ============================================================================ orchestration


def versions() -> dict[str, str]:
    out = {}
    for name in ("rdflib", "pyoxigraph", "oxigraph", "pyshacl", "pyshacl-turbo", "SPARQLWrapper", "owlready2"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def turbo_available() -> bool:
    try:
        import pyshacl_turbo  # noqa: F401
    except ImportError:
        return False
    return True


def jena_available() -> bool:
    """Java and the Jena jars with the SHACL launcher (scripts/fetch-fuseki.sh)."""
    from mscexo_ld.validate.jena_shacl import jena_command

    try:
        jena_command()
    except FileNotFoundError:
        return False
    return True


def fuseki_available() -> bool:
    """Java and Apache Jena Fuseki (scripts/fetch-fuseki.sh), for the deployment engine's load."""
    from mscexo_ld.query.fuseki import FusekiMissingError, java_command

    try:
        java_command()
    except FusekiMissingError:
        return False
    return True


def reps_for(triples: int, kind: str, args) -> int:
    """kind: 'fast' (pyoxigraph, turbo, rdflib build/parse), 'slow' (pySHACL), 'sparql' (rdflib SPARQL)."""
    if kind == "fast":
        return args.repeat_large if triples >= LARGE else args.repeat
    if kind == "slow":
        return 1 if triples >= LARGE else args.repeat_slow
    return 1 if triples >= SLOW_ONE_REP else args.repeat_slow


def budget_for(triples: int, args) -> float:
    return args.budget_large if triples >= LARGE else args.budget


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def mb_per_mt(r: dict | None, triples: int, key: str = "peak_mb") -> float | None:
    if not r:
        return None
    return (r[key] - r["base_mb"]) / (triples / 1e6)


class Run:
    def __init__(self, args) -> None:
        self.args = args
        self.load = Load()
        self.failures: list[str] = []
        self.notes: list[str] = []
        self.sizes: list[dict] = []  # one dict per size with every stage's raw results
        self.release: dict = {}
        self.turbo = turbo_available() and not args.no_turbo
        self.jena = jena_available() and not getattr(args, "no_jena", False)
        self.fuseki = fuseki_available() and not getattr(args, "no_fuseki", False)
        self.cases: dict = {}
        self.tests: dict = {}  # target 2: the README's test command, timed whole (--tests)
        self.started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        self.raw_versions: dict | None = None  # a rendered run's package versions

    # ------------------------------------------------------------------ per size

    def run_size(self, target: int, tmp: Path) -> None:
        a = self.args
        label = S.size_label(target)
        rec: dict[str, Any] = {"label": label, "target": target}
        self.sizes.append(rec)
        nt = tmp / f"synthetic-{label}.nt"
        with self.load.stage(f"[{label}] generate"):
            gen = spawn("generate", {"target": target, "seed": a.seed, "path": str(nt), "tmp": str(tmp)}, tmp)
        if gen is None:
            self.failures.append(f"[{label}] the generator failed")
            return
        rec["gen"] = gen
        n = gen["meta"]["triples"]
        rec["triples"] = n
        say(
            f"[{label}] {n:,} triples ({gen['meta']['full_copies']} copies + {gen['meta']['partial_findings']} "
            f"findings), {gen['bytes'] / 1e6:.1f} MB"
        )

        if "build" in a.stages:
            rec["build"] = {}
            for engine in ("none", "rdflib", "oxigraph"):
                reps = reps_for(n, "slow" if engine == "rdflib" else "fast", a)
                with self.load.stage(f"[{label}] build {engine}"):
                    rec["build"][engine] = spawn(
                        "build",
                        {
                            "engine": engine,
                            "target": target,
                            "seed": a.seed,
                            "reps": reps,
                            "tmp": str(tmp),
                            "canonical": engine == "rdflib" and n <= a.canonical_max,
                        },
                        tmp,
                    )
                r = rec["build"][engine]
                if r and engine != "none" and r["written"] != n:
                    self.notes.append(f"[{label}] {engine} wrote {r['written']:,} N-Triples lines for {n:,} triples")

        if "parse" in a.stages:
            rec["parse"] = {}
            for engine in ("rdflib", "oxigraph"):
                reps = reps_for(n, "fast", a) if engine == "oxigraph" or n < LARGE else 1
                with self.load.stage(f"[{label}] parse {engine}"):
                    rec["parse"][engine] = self.spawn(
                        rec,
                        "parse",
                        {"engine": engine, "path": str(nt), "reps": reps},
                        tmp,
                        (a.parse_budget or a.worker_timeout) * reps,
                    )
                r = rec["parse"][engine]
                if r and r["count"] != n:
                    self.failures.append(f"[{label}] {engine} parsed {r['count']:,} triples, the generator wrote {n:,}")

        if "shacl" in a.stages:
            rec["shacl"] = {}
            engines = [("pyshacl", reps_for(n, "slow", a))]
            if self.turbo:
                engines.append(("turbo", reps_for(n, "fast", a)))
                if not a.quick and target <= a.shacl_routes_max:
                    engines += [("turbo-store", reps_for(n, "slow", a)), ("turbo-graph", reps_for(n, "slow", a))]
            if self.jena:
                engines.append(("jena", reps_for(n, "fast", a)))
            if a.shacl_engines:
                engines = [(e, r) for e, r in engines if e in a.shacl_engines]
            for engine, reps in engines:
                with self.load.stage(f"[{label}] shacl {engine}"):
                    rec["shacl"][engine] = self.spawn(
                        rec,
                        "shacl",
                        {"engine": engine, "path": str(nt), "reps": reps},
                        tmp,
                        (a.pyshacl_budget if engine == "pyshacl" and a.pyshacl_budget else a.shacl_budget) * reps,
                        key=f"shacl {engine}",
                    )
            if self.turbo and target <= a.shacl_cli_max and (not a.shacl_engines or "cli" in a.shacl_engines):
                with self.load.stage(f"[{label}] shacl validate CLI (turbo)"):
                    rec["shacl_cli"] = self.validate_cli(nt, reps_for(n, "fast", a), a.shacl_budget)
            if self.jena and (not a.shacl_engines or "cli-jena" in a.shacl_engines):
                with self.load.stage(f"[{label}] shacl validate CLI (jena)"):
                    rec["shacl_cli_jena"] = self.validate_cli(nt, reps_for(n, "fast", a), a.shacl_budget, "jena")
            self.compare_shacl(label, rec, gen["meta"]["expected_violations"])

        if "queries" in a.stages:
            rec["queries"] = self.queries(label, nt, n, tmp)

        if "server" in a.stages and target > a.server_max:
            self.notes.append(f"[{label}] server stage not run: above {_label(a.server_max)} triples (--server-max)")
        elif "server" in a.stages:
            with self.load.stage(f"[{label}] server"):
                rec["server"] = self.server(label, nt, tmp, rec.get("queries", {}).get("oxigraph"))
        if "server" in a.stages and self.fuseki and target <= a.deploy_max:
            with self.load.stage(f"[{label}] deployment server (fuseki)"):
                rec["deploy"] = self.deployment(label, nt, tmp)
            d = rec["deploy"]
            if d.get("error") or d.get("errors") or d.get("exit"):
                self.notes.append(
                    f"[{label}] serve --server fuseki: "
                    + (d.get("error") or f"{d['errors']} error(s), exit {d['exit']}; " + "; ".join(d["first_errors"]))
                )
        nt.unlink()

    @staticmethod
    def spawn(rec: dict, stage: str, params: dict, tmp: Path, timeout: float | None, key: str = "") -> dict | None:
        """spawn(), keeping why a worker gave no result in rec["dnf"][key]."""
        r = spawn(stage, params, tmp, timeout)
        if r is None:
            rec.setdefault("dnf", {})[key or f"{stage} {params.get('engine', '')}"] = LAST_FAILURE["why"]
        return r

    @staticmethod
    def validate_cli(nt: Path, reps: int, budget: float, engine: str = "turbo") -> dict:
        """`mscexo-ld validate --data F --checks shacl --shacl-engine ENGINE`, wall / CPU / peak of the whole
        command (start-up, reading the file and the ontology, validating, the report), as a user runs it.
        CPU and peak memory are those of the command and its children (java): the largest process's peak."""
        exe = shutil.which("mscexo-ld", path=str(Path(sys.executable).parent)) or "mscexo-ld"
        cmd = [exe, "validate", "--data", str(nt), "--checks", "shacl", "--shacl-engine", engine, "--format", "json"]
        runs: list[dict] = []
        for _ in range(reps):
            with tempfile.TemporaryFile() as out:
                load_before = Load.loadavg()
                t = time.perf_counter()
                proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, start_new_session=True)
                deadline, status, usage = t + budget, None, None
                while status is None:
                    pid, status_, usage_ = os.wait4(proc.pid, os.WNOHANG)
                    if pid:
                        status, usage = status_, usage_
                        break
                    if time.perf_counter() > deadline:
                        os.killpg(proc.pid, signal.SIGKILL)
                        os.wait4(proc.pid, 0)
                        return {"runs": runs, "dnf": f"did not finish in {budget:.0f} s"}
                    time.sleep(0.05)
                proc.returncode = os.waitstatus_to_exitcode(status)
                wall = time.perf_counter() - t
                out.seek(0)
                try:
                    doc = json.loads(out.read())
                    issues = doc["checks"][0]["issues"]
                except (ValueError, KeyError, IndexError):
                    issues = None
            runs.append(
                {
                    "wall": wall,
                    "cpu": usage.ru_utime + usage.ru_stime,
                    "peak_mb": usage.ru_maxrss / 1024,
                    "load": load_before,
                    "exit": proc.returncode,
                    "issues": None if issues is None else sorted([i["focus"], i["path"], i["message"]] for i in issues),
                }
            )
            say(
                f"    validate CLI ({engine}): {wall:.2f} s wall, {runs[-1]['cpu']:.2f} s CPU, "
                f"{runs[-1]['peak_mb']:.0f} MB"
            )
        return {"runs": runs}

    def compare_shacl(self, label: str, rec: dict, expected: list) -> None:
        res = rec["shacl"]
        expected_set = {tuple(e) for e in expected}
        for engine, r in res.items():
            if not r or r["over_budget"] or not r["times"]:
                continue
            found = {(k[0], k[1], k[3]) for k, _ in r["results"]}
            r["expected_ok"] = found == expected_set
            if engine == "pyshacl" and not r["expected_ok"]:
                self.failures.append(
                    f"[{label}] pySHACL did not find exactly the injected violations: missing "
                    f"{sorted(expected_set - found)}, extra {sorted(found - expected_set)[:5]}"
                )

        def finished(x: dict | None) -> bool:
            return bool(x) and not x["over_budget"] and bool(x["times"])

        for key, engine in (("shacl_cli", "turbo"), ("shacl_cli_jena", "jena")):
            cli = rec.get(key)
            if cli and cli.get("runs"):
                issues = cli["runs"][-1]["issues"]
                # the CLI prints paths as CURIEs: its focus nodes must be the injected ones, one result each
                cli["expected_ok"] = issues is not None and sorted(i[0] for i in issues) == sorted(
                    f for f, _, _ in expected_set
                )
                if not cli["expected_ok"]:
                    self.failures.append(
                        f"[{label}] `validate --shacl-engine {engine}` did not report exactly the injected violations"
                    )
            turbo_cli = rec.get("shacl_cli") or {}
            if key == "shacl_cli_jena" and cli and cli.get("runs") and turbo_cli.get("runs"):
                # the two commands print the same problems
                cli["agree_turbo"] = turbo_cli["runs"][-1]["issues"] == cli["runs"][-1]["issues"]
                if not cli["agree_turbo"]:
                    self.failures.append(f"[{label}] `validate` prints different problems with turbo and jena")
        for engine in [e for e in res if e != "pyshacl"]:
            r = res.get(engine)
            if not r or not r["times"]:
                continue
            # The reference: pySHACL; where it did not finish (1M), pyshacl-turbo's route validate takes.
            ref_name = "pyshacl" if finished(res.get("pyshacl")) else "turbo" if engine != "turbo" else None
            ref = res.get(ref_name) if ref_name else None
            if not finished(ref):
                r["agree"] = None  # nothing to compare with; checked against the injected set instead
                if not r.get("expected_ok"):
                    self.failures.append(f"[{label}] {engine} did not find exactly the injected violations")
                continue
            same = r["conforms"] == ref["conforms"] and r["results"] == ref["results"]
            r["agree"] = same
            r["agree_with"] = ref_name
            r["messages_agree"] = r["messages"] == ref["messages"]
            if not same:
                a = Counter({tuple(k): v for k, v in ref["results"]})
                b = Counter({tuple(k): v for k, v in r["results"]})
                self.failures.append(
                    f"[{label}] SHACL results differ, {ref_name} vs {engine}: only {ref_name} "
                    f"{sorted((a - b).items())[:5]}, only {engine} {sorted((b - a).items())[:5]}"
                )
            elif not r["messages_agree"]:
                self.notes.append(f"[{label}] {engine}: same results as pySHACL, different sh:resultMessage text")

    def queries(
        self, label: str, nt: Path, n: int, tmp: Path, *, reps_fast: int | None = None, reps_slow: int | None = None
    ) -> dict:
        a = self.args
        out = {}
        for engine in ("oxigraph", "rdflib"):
            reps = (
                (reps_fast or reps_for(n, "fast", a))
                if engine == "oxigraph"
                else (reps_slow or reps_for(n, "sparql", a))
            )
            if engine == "rdflib" and label != "release" and S.parse_size(label) > a.rdflib_sparql_max:
                out[engine] = {"skipped": f"not run above {a.rdflib_sparql_max:,} triples", "queries": {}}
                continue
            with self.load.stage(f"[{label}] queries {engine}"):
                budget = budget_for(n, a) if engine == "rdflib" else a.ox_budget
                out[engine] = spawn(
                    "queries",
                    {
                        "engine": engine,
                        "path": str(nt),
                        "reps": reps,
                        "budget": budget,
                        "verbose": engine == "rdflib" and n >= SLOW_ONE_REP,
                        "engine_only": label == "release",
                    },
                    tmp,
                )
        self.compare_queries(label, out)
        return out

    def compare_queries(self, label: str, out: dict) -> None:
        ox_r, rl_r = out.get("oxigraph"), out.get("rdflib")
        if not ox_r or not rl_r:
            self.failures.append(f"[{label}] a query worker failed")
            return
        for name, o in ox_r["queries"].items():
            r = rl_r["queries"].get(name, {})
            if not r or r.get("over_budget") or r.get("cannot") or o.get("over_budget"):
                continue
            if r.get("digest") != o["digest"]:
                self.failures.append(
                    f"[{label}] query {name}: rdflib and pyoxigraph answers differ "
                    f"({r.get('rows')} vs {o['rows']} rows)"
                )

    def server(self, label: str, nt: Path, tmp: Path, embedded: dict | None) -> dict:
        from mscexo_ld.query.canned import bind_params, list_queries
        from mscexo_ld.query.remote import run_endpoint
        from mscexo_ld.query.serve import load_store, start_server, stop_process, wait_until_up

        a = self.args
        location = tmp / f"store-{label}"
        t = time.perf_counter()
        load_store(nt, location)
        load_s = time.perf_counter() - t
        store_mb = sum(f.stat().st_size for f in location.rglob("*") if f.is_file()) / 1e6
        port = free_port()
        proc = start_server(location, "127.0.0.1", port, timeout_s=int(a.ox_budget), log=tmp / f"server-{label}.log")
        url = f"http://127.0.0.1:{port}/query"
        rec: dict[str, Any] = {"load_s": load_s, "store_mb": store_mb, "per_query": {}, "clients": [], "left_out": []}
        try:
            wait_until_up(url, seconds=120, process=proc)
            jobs = []
            for q in list_queries():
                params = bind_params(q, {})
                if embedded and embedded["queries"].get(q.name, {}).get("over_budget"):
                    rec["per_query"][q.name] = {"error": "not run"}  # over the budget embedded already
                    rec["left_out"].append(q.name)
                    continue
                jobs.append((q, params))
                t = time.perf_counter()
                try:
                    result = run_endpoint(url, q, params, timeout=a.ox_budget + 10)
                except Exception as exc:
                    rec["per_query"][q.name] = {"error": type(exc).__name__}
                    hint = (
                        " (the server hit its --timeout-s while streaming: HTTP 200 with a truncated JSON body)"
                        if "JSONDecodeError" in str(exc)
                        else ""
                    )
                    self.notes.append(
                        f"[{label}] HTTP {q.name} (parameters bound as by `query --endpoint`): {str(exc)[:160]}{hint}"
                    )
                    continue
                ms = (time.perf_counter() - t) * 1000
                rows = result.as_tuples()
                d = digest_rows(rows)
                rec["per_query"][q.name] = {"ms": ms, "rows": len(rows)}
                if embedded and embedded["queries"].get(q.name, {}).get("digest") not in (None, d):
                    self.failures.append(f"[{label}] query {q.name}: HTTP answer differs from the embedded store")
            for clients in a.clients:
                rec["clients"].append(self.load_test(url, jobs, clients, a.load_seconds))
                c = rec["clients"][-1]
                if c["errors"]:
                    self.notes.append(
                        f"[{label}] {clients} HTTP clients: {c['errors']} error(s), e.g. "
                        + "; ".join(e[:160] for e in c["first_errors"])
                    )
            rec["server_peak_mb"] = _vm_hwm(proc.pid)
        finally:
            stop_process(proc, timeout=20)
            shutil.rmtree(location, ignore_errors=True)
        return rec

    def deployment(self, label: str, nt: Path, tmp: Path) -> dict:
        """The deployment engine under load: `mscexo-ld serve --server fuseki` on this graph, every canned
        query once alone (its row count is what each later answer must have), then the largest of
        --clients clients for --deploy-seconds (benchmarks/server_load.py's clients), stopped by SIGTERM."""
        import server_load as L

        from mscexo_ld.rdf.write import link_or_copy

        a = self.args
        clients = max(a.clients)
        build = tmp / f"deploy-{label}"
        build.mkdir()
        link_or_copy(nt, build / C.GRAPH_NT)
        timeout = int(a.ox_budget)
        try:
            server = L.start_server(build, L.free_port(), timeout, tmp / f"fuseki-{label}.log")
        except RuntimeError as exc:
            return {"error": str(exc)[:300]}
        try:
            work = L.jobs()
            try:
                seen = L.calibrate(server.url, work, timeout)
            except (OSError, ValueError, KeyError) as exc:
                return {"error": f"a query failed alone: {type(exc).__name__}: {str(exc)[:200]}"}
            stats, wall = L.load(server.url, work, clients, a.deploy_seconds, timeout)
        finally:
            code = L.stop_server(server)
            shutil.rmtree(build, ignore_errors=True)
        lat = sorted(x for st in stats.values() for x in st.latencies)
        errors = [f"{name}: {e}" for name, st in stats.items() for e in st.errors]
        return {
            "startup_s": server.startup,
            "clients": clients,
            "seconds": a.deploy_seconds,
            "timeout_s": timeout,
            "answers": len(lat),
            "wall": wall,
            "errors": len(errors),
            "first_errors": errors[:3],
            "p50_ms": statistics.median(lat) * 1000 if lat else None,
            "p95_ms": L.percentile(lat, 95) * 1000 if lat else None,
            "max_ms": lat[-1] * 1000 if lat else None,
            "slowest_alone": [(n, rows, t * 1000) for n, rows, t in sorted(seen, key=lambda x: -x[2])[:3]],
            "exit": code,
        }

    @staticmethod
    def load_test(url: str, jobs: list, clients: int, seconds: float) -> dict:
        from mscexo_ld.query.remote import concurrent_load

        run = concurrent_load(url, jobs, clients, seconds, timeout=max(10.0, seconds * 2))
        lat, errors, wall = run.latencies, run.errors, run.wall
        return {
            "clients": clients,
            "queries": len(lat),
            "wall": wall,
            "qps": len(lat) / wall if wall else 0.0,
            "median_ms": statistics.median(lat) * 1000 if lat else None,
            "p95_ms": lat[max(0, int(0.95 * len(lat)) - 1)] * 1000 if lat else None,
            "max_ms": lat[-1] * 1000 if lat else None,
            "errors": len(errors),
            "first_errors": errors[:3],
        }

    # ------------------------------------------------------------------ the real release

    def run_release(self, tmp: Path) -> None:
        a = self.args
        exe = shutil.which("mscexo-ld", path=str(Path(sys.executable).parent)) or "mscexo-ld"
        build = tmp / "release-build"
        rec: dict[str, Any] = {"build": [], "validate": [], "build_validate": [], "checks": {}}
        self.release = rec
        with self.load.stage("[release] build + validate (warm-up)"):
            subprocess.run([exe, "build", "--out", str(build)], check=True, capture_output=True)
            warm = subprocess.run(
                [exe, "validate", "--build", str(build), "--format", "json"],
                capture_output=True,
                text=True,
                check=False,
            )
        try:
            doc = json.loads(warm.stdout)
            rec["check_status"] = {
                c["name"]: ("PASS" if c["passed"] else "NOT RUN" if not c["ran"] else "FAIL") + f" ({c['summary']})"
                for c in doc["checks"]
            }
        except (json.JSONDecodeError, KeyError):
            rec["check_status"] = {}
        rec["validate_exit"] = warm.returncode
        with self.load.stage("[release] build + validate (timed)"):
            for i in range(a.release_repeat):
                t = time.perf_counter()
                subprocess.run([exe, "build", "--out", str(build)], check=True, capture_output=True)
                rec["build"].append(time.perf_counter() - t)
                t = time.perf_counter()
                subprocess.run([exe, "validate", "--build", str(build)], capture_output=True, check=False)
                rec["validate"].append(time.perf_counter() - t)
                say(
                    f"  release loop {i + 1}/{a.release_repeat}: build {rec['build'][-1]:.1f} s, "
                    f"validate {rec['validate'][-1]:.1f} s"
                )
            for i in range(a.release_repeat):  # the curator's check loop: one command, `build --validate`
                t = time.perf_counter()
                subprocess.run([exe, "build", "--validate", "--out", str(build)], capture_output=True, check=False)
                rec["build_validate"].append(time.perf_counter() - t)
                say(f"  check loop {i + 1}/{a.release_repeat}: build --validate {rec['build_validate'][-1]:.1f} s")
            for check in rec["check_status"]:
                times = []
                for _ in range(max(1, a.release_repeat - 1)):
                    t = time.perf_counter()
                    subprocess.run(
                        [exe, "validate", "--build", str(build), "--checks", check], capture_output=True, check=False
                    )
                    times.append(time.perf_counter() - t)
                rec["checks"][check] = times
            t = time.perf_counter()
            subprocess.run([exe, "query", "--list"], capture_output=True, check=False)
            rec["cli_startup"] = time.perf_counter() - t
        nt = build / C.GRAPH_NT
        rec["triples"] = _count_lines(nt)
        rec["queries"] = self.queries(
            "release",
            nt,
            rec["triples"],
            tmp,
            reps_fast=a.release_query_repeat,
            reps_slow=a.release_rdflib_repeat or a.release_query_repeat,
        )

    def run_tests(self) -> None:
        """Target 2: the README's test command, ``bash scripts/test.sh``, timed whole: wall and the CPU of
        pytest and its workers (user + system of every process it waited for), with its summary line."""
        root = HERE.parent
        script = root / "scripts" / "test.sh"
        if not script.is_file():
            self.tests = {"skipped": f"no {script} (run from a checkout)"}
            return
        with self.load.stage("[tests] bash scripts/test.sh"):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            load = Load.loadavg()
            t = time.perf_counter()
            try:
                done = subprocess.run(
                    ["bash", str(script)],
                    cwd=root,
                    capture_output=True,
                    text=True,
                    check=False,
                    timeout=self.args.worker_timeout,
                )
            except subprocess.TimeoutExpired:
                self.tests = {"dnf": f"did not finish in {self.args.worker_timeout:.0f} s"}
                return
            wall = time.perf_counter() - t
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        lines = [x for x in done.stdout.splitlines() if re.search(r"\d+ (passed|failed)", x) and " in " in x]
        summary = lines[-1].strip("= ") if lines else "(no pytest summary line)"
        counts = {k: int(n) for n, k in re.findall(r"(\d+) (passed|failed|skipped|xfailed|errors?)", summary)}
        self.tests = {
            "wall": wall,
            "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "exit": done.returncode,
            "summary": summary,
            "counts": counts,
            "load": load,
            "cores": os.cpu_count(),
        }
        say(f"  tests: {wall:.1f} s wall, exit {done.returncode}: {summary}")
        if done.returncode != 0:
            self.failures.append(f"[tests] bash scripts/test.sh exited {done.returncode}: {summary}")

    def run_cases(self, tmp: Path) -> None:
        """pySHACL, pyshacl-turbo and Jena SHACL on every valid / invalid example of shapes/cases/."""
        with self.load.stage("[shape cases] pySHACL vs pyshacl-turbo vs Jena SHACL"):
            py = spawn("cases", {"engine": "pyshacl"}, tmp)
            others = {
                e: spawn("cases", {"engine": e}, tmp) for e, on in (("turbo", self.turbo), ("jena", self.jena)) if on
            }
        if not py or not all(others.values()):
            self.failures.append("[shape cases] a worker failed")
            return
        self.cases = {
            "n": len(py["cases"]),
            "invalid": sum(1 for c in py["cases"].values() if not c["conforms"]),
            "results": sum(n for c in py["cases"].values() for _, n in c["results"]),
            "py_s": py["seconds"],
            "engines": {},
        }
        for engine, tb in others.items():
            differ = [
                name
                for name in py["cases"]
                if (py["cases"][name]["conforms"], py["cases"][name]["results"])
                != (tb["cases"].get(name, {}).get("conforms"), tb["cases"].get(name, {}).get("results"))
            ]
            msgs = [
                name
                for name in py["cases"]
                if py["cases"][name]["messages"] != tb["cases"].get(name, {}).get("messages")
            ]
            self.cases["engines"][engine] = {"differ": differ, "messages_differ": msgs, "seconds": tb["seconds"]}
            for name in differ:
                self.failures.append(f"[shape cases] {name}: pySHACL and {engine} give different results")

    # ------------------------------------------------------------------ report

    def report(self) -> str:
        a = self.args
        v = self.raw_versions or versions()
        lines: list[str] = []
        cpu = _cpu_model()
        lines.append("# mscexo-ld pipeline benchmark")
        lines.append("")
        lines.append(
            f"Machine: {os.cpu_count()} cores ({cpu}), {_mem_gib():.0f} GiB; Linux {platform.release()}; "
            f"Python {platform.python_version()}. Packages: " + ", ".join(f"{k} {x}" for k, x in v.items()) + "."
        )
        lines.append(
            f"Seed {a.seed}. Repetitions (median reported): pyoxigraph, pyshacl-turbo and rdflib build/parse "
            f"{a.repeat} (≥{LARGE:,} triples: {a.repeat_large}, rdflib build/parse 1); pySHACL {a.repeat_slow} "
            f"(≥{LARGE:,}: 1); rdflib SPARQL {a.repeat_slow} (≥{SLOW_ONE_REP:,}: 1). Per-query rdflib budget "
            f"{a.budget:.0f} s (≥{LARGE:,} triples: {a.budget_large:.0f} s); SHACL budget {a.shacl_budget:.0f} s. "
            "Memory: peak RSS of the engine's own process minus its RSS after imports, per million triples."
        )
        tt = self.tests
        if tt.get("wall") is not None:
            lines.append("")
            lines.append("## Test suite (the README's test command)")
            lines.append("")
            lines.append(
                f"`bash scripts/test.sh` (pytest -n auto on {tt['cores']} cores; the tests marked slow are left to "
                f"`--all` and CI): {tt['wall']:.1f} s wall, {tt['cpu']:.1f} CPU-s (user + system of pytest and its "
                f"workers), load average {tt['load']:.1f} at the start, exit {tt['exit']}: {tt['summary']}."
            )
        lines.append("")
        lines.append("## Synthetic graphs")
        lines.append("")
        lines.append("| size | triples | copies + findings | file MB | generate s | injected violations |")
        lines.append("|---|---:|---|---:|---:|---:|")
        for r in self.sizes:
            g = r.get("gen")
            if not g:
                continue
            m = g["meta"]
            lines.append(
                f"| {r['label']} | {m['triples']:,} | {m['full_copies']} + {m['partial_findings']} | "
                f"{g['bytes'] / 1e6:.1f} | {g['seconds']:.2f} | {len(m['expected_violations'])} |"
            )
        if any("build" in r for r in self.sizes):
            lines.append("")
            lines.append("## Build and write N-Triples (generation time taken off)")
            lines.append("")
            lines.append(
                "| size | build rdflib s | build pyoxigraph s | ratio | write NT rdflib s | write NT pyoxigraph s | ratio "
                "| rdflib canonical sorted NT s | MB/M triples rdflib | MB/M triples pyoxigraph |"
            )
            lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            for r in self.sizes:
                b = r.get("build")
                if not b:
                    continue
                gen = med(b["none"]["build"]) if b.get("none") else 0.0
                rl, ox = b.get("rdflib"), b.get("oxigraph")
                br = med(rl["build"]) - gen if rl else None
                bo = med(ox["build"]) - gen if ox else None
                wr = med(rl["write"]) if rl else None
                wo = med(ox["write"]) if ox else None
                can = rl.get("canonical") if rl else None
                lines.append(
                    f"| {r['label']} | {_s(br)} | {_s(bo)} | {_ratio(br, bo)} | {_s(wr)} | {_s(wo)} | {_ratio(wr, wo)} "
                    f"| {_s(can) if can is not None else 'not run'} | {_n(mb_per_mt(rl, r['triples']))} "
                    f"| {_n(mb_per_mt(ox, r['triples']))} |"
                )
        if any("parse" in r for r in self.sizes):
            lines.append("")
            lines.append("## Parse / load N-Triples")
            lines.append("")
            lines.append(
                "| size | rdflib s | pyoxigraph s | ratio | triples/s rdflib | triples/s pyoxigraph "
                "| MB/M triples rdflib | MB/M triples pyoxigraph |"
            )
            lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
            for r in self.sizes:
                p = r.get("parse")
                if not p:
                    continue
                rl, ox = p.get("rdflib"), p.get("oxigraph")
                tr, to = (med(rl["times"]) if rl else None), (med(ox["times"]) if ox else None)
                lines.append(
                    f"| {r['label']} | {_s(tr)} | {_s(to)} | {_ratio(tr, to)} | {_rate(r['triples'], tr)} "
                    f"| {_rate(r['triples'], to)} | {_n(mb_per_mt(rl, r['triples']))} | {_n(mb_per_mt(ox, r['triples']))} |"
                )
        if any("shacl" in r for r in self.sizes):
            lines.append("")
            lines.append("## SHACL validation (shapes/, inference none, advanced), reading the file included")
            lines.append("")
            if not self.turbo:
                lines.append(
                    "pyshacl-turbo: " + ("disabled (--no-turbo)" if a.no_turbo else "not installed") + "; pySHACL only."
                )
                lines.append("")
            lines.append(
                "Each repetition reads the N-Triples file and validates it, in a fresh worker process. Routes: "
                + "; ".join(f"**{k}** = {v}" for k, v in SHACL_ENGINES.items())
                + ". **validate CLI (E)** = `mscexo-ld validate --data F --checks shacl --shacl-engine E` as a "
                "user runs it (start-up, the ontology, the report included; peak = its largest process, java for "
                "jena). CPU s = user + system time of that process and its children: on a loaded machine it is the "
                "part that does not depend on the other processes. jena's reading s is Java's own reading (its "
                "--timing), its peak MB the worker's plus java's. Where pySHACL did not finish, the other engines' "
                "results are compared with pyshacl-turbo's."
            )
            lines.append("")
            lines.append(
                "| size | engine / route | total s (median) | of which reading s | CPU s | peak MB | MB per M triples "
                "| results | injected found | same results as pySHACL |"
            )
            lines.append("|---|---|---:|---:|---:|---:|---:|---:|---|---|")
            for r in self.sizes:
                sh = r.get("shacl")
                if not sh:
                    continue
                n = r["triples"]
                for engine in SHACL_ENGINES:
                    if engine not in sh:
                        continue
                    x = sh[engine]
                    if not x:
                        why = r.get("dnf", {}).get(f"shacl {engine}", "no result")
                        lines.append(f"| {r['label']} | {engine} | {why} | | | | | | | |")
                        continue
                    agree = (
                        "reference"
                        if engine == "pyshacl"
                        else "not compared (pySHACL did not finish)"
                        if x.get("agree") is None
                        else (
                            "yes"
                            + ("" if x.get("messages_agree") else " (messages differ)")
                            + ("" if x.get("agree_with", "pyshacl") == "pyshacl" else " as turbo (no pySHACL)")
                        )
                        if x["agree"]
                        else "**NO**"
                    )
                    lines.append(
                        f"| {r['label']} | {engine} | {_s(med(x['times']))} | {_s(med(x['reads']))} | {_s(med(x['cpu']))} "
                        f"| {_n(x['peak_mb'])} | {_n(mb_per_mt(x, n))} | {sum(k[1] for k in x['results'])} "
                        f"| {_yn(x.get('expected_ok'))} | {agree} |"
                    )
                for key, engine in (("shacl_cli", "turbo"), ("shacl_cli_jena", "jena")):
                    cli = r.get(key)
                    if not cli:
                        continue
                    runs = cli.get("runs") or []
                    if runs:
                        lines.append(
                            f"| {r['label']} | validate CLI ({engine}) | {_s(med([x['wall'] for x in runs]))} | | "
                            f"{_s(med([x['cpu'] for x in runs]))} | {_n(max(x['peak_mb'] for x in runs))} "
                            f"| {_n(max(x['peak_mb'] for x in runs) / (n / 1e6))} "
                            f"| {len(runs[-1]['issues'] or [])} | {_yn(cli.get('expected_ok'))} | (focus nodes) |"
                        )
                    if cli.get("dnf"):
                        lines.append(f"| {r['label']} | validate CLI ({engine}) | {cli['dnf']} | | | | | | | |")
        if self.cases:
            c = self.cases
            how = {
                "turbo": "pyshacl-turbo (each case + the ontology as N-Triples text, as validate reads files)",
                "jena": "Jena SHACL (each case + the ontology file, as validate hands files to java; one java for all)",
            }
            parts = [
                f"{how[e]} {x['seconds']:.2f} s: "
                + ("identical results" if not x["differ"] else f"**different results in {', '.join(x['differ'])}**")
                + (" and messages" if not x["messages_differ"] else f"; messages differ in {len(x['messages_differ'])}")
                for e, x in _case_engines(c).items()
            ]
            lines.append("")
            lines.append(
                f"Shape examples (shapes/cases/, {c['n']} files, {c['invalid']} invalid, {c['results']} results in all): "
                f"pySHACL {c['py_s']:.2f} s; " + "; ".join(parts) + "."
            )
        qsizes = [(r["label"], r["triples"], r["queries"]) for r in self.sizes if r.get("queries")]
        if self.release.get("queries"):
            qsizes.insert(0, ("release", self.release["triples"], self.release["queries"]))
        if qsizes:
            lines.append("")
            lines.append("## Canned queries, embedded (default parameters)")
            lines.append("")
            lines.append(
                "| graph | triples | queries | ratio rdflib / pyoxigraph: median (min–max) | over budget "
                "| sum of medians rdflib s | sum of medians pyoxigraph s | slowest pyoxigraph query | answers |"
            )
            lines.append("|---|---:|---:|---|---:|---:|---:|---|---|")
            for label, n, q in qsizes:
                lines.append(self._query_summary(label, n, q))
            for label, n, q in qsizes:
                lines.append("")
                lines.append(
                    f"### {label}: {n:,} triples (median / max ms{'; HTTP = one request through the server' if label != 'release' else ''}"
                    + (
                        "; pyoxigraph median: the whole run_oxigraph, and in brackets the engine alone"
                        if label == "release"
                        else ""
                    )
                    + ")"
                )
                lines.append("")
                srv = next((r.get("server") for r in self.sizes if r["label"] == label), None)
                lines.append(
                    "| query | rows | rdflib median | rdflib max | pyoxigraph median | pyoxigraph max | ratio "
                    + ("| HTTP " if srv else "")
                    + "| same answer |"
                )
                lines.append("|---|---:|---:|---:|---:|---:|---:|" + ("---:|" if srv else "") + "---|")
                ox, rl = q.get("oxigraph") or {"queries": {}}, q.get("rdflib") or {"queries": {}}
                for name, o in ox["queries"].items():
                    r = rl["queries"].get(name, {})
                    if o.get("over_budget"):
                        om, om_s, ox_max_s = None, f"> {a.ox_budget * 1000:.0f}", f"> {a.ox_budget * 1000:.0f}"
                    else:
                        om, ox_max = med(o["times"]) * 1000, max(o["times"]) * 1000
                        om_s, ox_max_s = f"{om:.2f}", f"{ox_max:.2f}"
                        if o.get("engine_times"):  # the release: the engine alone, in brackets
                            om_s += f" ({med(o['engine_times']) * 1000:.2f})"
                    if r.get("cannot"):
                        rm = rx = ratio = "n/a"
                        same = f"not compared: {r['cannot']}"
                    elif r.get("over_budget"):
                        rm = rx = f"> {budget_for(n, a) * 1000:.0f}"
                        ratio = f"> {budget_for(n, a) * 1000 / om:.0f}x" if om else "n/a"
                        same = "not compared"
                    elif r:
                        rmv, rxv = med(r["times"]) * 1000, max(r["times"]) * 1000
                        rm, rx = f"{rmv:.1f}", f"{rxv:.1f}"
                        ratio = _ratio(rmv, om) if om else f"< {rmv / (a.ox_budget * 1000):.2f}x"
                        same = ("yes" if r["digest"] == o["digest"] else "**NO**") if om else "not compared"
                    else:
                        rm = rx = ratio = same = "n/a"
                    http = ""
                    if srv:
                        h = srv["per_query"].get(name)
                        http = (f"| {h['ms']:.1f} " if "ms" in h else f"| {h['error']} ") if h else "| not run "
                    rows = f"{o['rows']:,}" if "rows" in o else (f"{r['rows']:,}" if "rows" in r else "?")
                    lines.append(f"| {name} | {rows} | {rm} | {rx} | {om_s} | {ox_max_s} | {ratio} {http}| {same} |")
        if any(r.get("server") for r in self.sizes):
            lines.append("")
            lines.append("## Oxigraph server (read-only) over HTTP, SPARQLWrapper clients")
            lines.append("")
            lines.append(
                "| size | `oxigraph load` s | store MB | server peak MB | clients | queries | queries/s "
                "| median ms | p95 ms | max ms | errors |"
            )
            lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            for r in self.sizes:
                s = r.get("server")
                if not s:
                    continue
                for c in s["clients"]:
                    lines.append(
                        f"| {r['label']} | {s['load_s']:.2f} | {s['store_mb']:.1f} | {_n(s.get('server_peak_mb'))} "
                        f"| {c['clients']} | {c['queries']} | {c['qps']:.1f} | {_n(c['median_ms'], 1)} "
                        f"| {_n(c['p95_ms'], 1)} | {_n(c['max_ms'], 1)} | {c['errors']} |"
                    )
            lines.append("")
            left = {
                r["label"]: r["server"]["left_out"] for r in self.sizes if r.get("server") and r["server"]["left_out"]
            }
            lines.append(
                f"Each client cycles through the canned queries (default parameters) for {a.load_seconds:g} s; "
                "clients are threads of one Python process on the same 2 cores as the server, so they compete "
                f"with it for CPU; the server's per-query timeout is {a.ox_budget:.0f} s."
                + "".join(f" Left out at {k} (over the embedded budget): {', '.join(v)}." for k, v in left.items())
            )
        deps = [(r["label"], r["deploy"]) for r in self.sizes if r.get("deploy")]
        if deps:
            lines.append("")
            lines.append("## Deployment engine over HTTP: `mscexo-ld serve --server fuseki` (Apache Jena Fuseki)")
            lines.append("")
            lines.append(
                "| size | start s (prepared database) | clients | s | answers | errors | p50 ms | p95 ms | max ms "
                "| slowest alone | exit |"
            )
            lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
            for label, d in deps:
                if d.get("error"):
                    lines.append(f"| {label} | {d['error']} | | | | | | | | | |")
                    continue
                slow = ", ".join(f"{n} {rows:,} rows {ms:,.0f} ms" for n, rows, ms in d["slowest_alone"])
                lines.append(
                    f"| {label} | {d['startup_s']:.1f} | {d['clients']} | {d['seconds']:g} | {d['answers']} "
                    f"| {d['errors']} | {_n(d['p50_ms'], 0)} | {_n(d['p95_ms'], 0)} | {_n(d['max_ms'], 0)} | {slow} "
                    f"| {d['exit']} |"
                )
            lines.append("")
            lines.append(
                "Each client (benchmarks/server_load.py) cycles through the canned queries with their default "
                "parameters, asks for SPARQL JSON, parses the whole answer and checks its row count against the "
                "answer the query gave alone; an HTTP error, a time-out, a cut-off or a wrong row count is an "
                "error. Clients are threads of the benchmark's process, on the same 2 cores as the JVM."
            )
        if self.release.get("build"):
            rr = self.release
            lines.append("")
            lines.append(f"## The check loop on the real release ({rr['triples']:,} triples), warm install")
            lines.append("")
            lines.append("| step | median s | runs |")
            lines.append("|---|---:|---|")
            lines.append(
                f"| `mscexo-ld build` | {med(rr['build']):.2f} | {', '.join(f'{x:.2f}' for x in rr['build'])} |"
            )
            lines.append(
                f"| `mscexo-ld validate` (all checks) | {med(rr['validate']):.2f} | "
                f"{', '.join(f'{x:.2f}' for x in rr['validate'])} |"
            )
            lines.append(f"| build + validate | {med(rr['build']) + med(rr['validate']):.2f} | |")
            if rr.get("build_validate"):
                lines.append(
                    f"| `mscexo-ld build --validate` (the check loop) | {med(rr['build_validate']):.2f} | "
                    f"{', '.join(f'{x:.2f}' for x in rr['build_validate'])} |"
                )
            for check, times in rr["checks"].items():
                lines.append(
                    f"| `validate --checks {check}` | {med(times):.2f} | {rr['check_status'].get(check, '')} |"
                )
            lines.append(f"| `mscexo-ld query --list` (CLI start-up) | {rr['cli_startup']:.2f} | |")
            lines.append("")
            lines.append(f"validate exit code {rr['validate_exit']}.")
        lines.append("")
        lines.append("## Machine load during the run")
        lines.append("")
        rows = self.load.rows
        if rows:
            others = [x["others"] for x in rows]
            las = [x["la0"] for x in rows] + [x["la1"] for x in rows]
            lines.append(
                f"Other processes used {statistics.mean(others):.2f} cores on average during the stages "
                f"(max {max(others):.2f} of {os.cpu_count()}); 1-minute load average {min(las):.2f}–{max(las):.2f}."
            )
            lines.append("")
            lines.append(
                "| stage | wall s | load avg start → end | cores used by this benchmark | cores used by others |"
            )
            lines.append("|---|---:|---|---:|---:|")
            for x in rows:
                lines.append(
                    f"| {x['stage']} | {x['wall']:.1f} | {x['la0']:.2f} → {x['la1']:.2f} | {x['ours']:.2f} | {x['others']:.2f} |"
                )
        lines.append("")
        lines.append("## Verdict")
        lines.append("")
        for note in self.notes:
            lines.append(f"- note: {note}")
        if self.failures:
            for f in self.failures:
                lines.append(f"- **DISAGREEMENT / FAILURE**: {f}")
        else:
            lines.append(
                "- every engine pair that was compared agrees (SHACL results, query answers, HTTP vs embedded), "
                "and pySHACL found exactly the injected violations."
            )
        return "\n".join(lines) + "\n"

    def targets(self, figure: list[Path] | None = None) -> list[tuple[str, str, str]]:
        """Issue 17's targets that this run measured: (target, measured value, PASS / FAIL / NOT MEASURED)."""
        out: list[tuple[str, str, str]] = []
        rr = self.release
        if rr.get("build_validate"):
            loop = med(rr["build_validate"])
            apart = med(rr["build"]) + med(rr["validate"])
            out.append(
                (
                    "1. check loop on the release (`build --validate`, all five checks) < 5 s",
                    f"{loop:.2f} s (median of {len(rr['build_validate'])}; `build` then `validate` as two commands: "
                    f"{apart:.2f} s)",
                    _pf(loop < 5),
                )
            )
        elif rr.get("build"):
            loop = med(rr["build"]) + med(rr["validate"])
            out.append(("1. check loop (build + validate, release) < 5 s", f"{loop:.2f} s", _pf(loop < 5)))
        else:
            out.append(("1. check loop (build + validate, release) < 5 s", "not run (--no-release)", "NOT MEASURED"))
        tt = self.tests
        if tt.get("wall") is not None:
            out.append(
                (
                    f"2. test suite (`bash scripts/test.sh`, {tt['cores']} cores) < 120 s",
                    f"{tt['wall']:.0f} s wall, {tt['cpu']:.0f} CPU-s, load average {tt['load']:.1f} at the start; "
                    f"{tt['summary']} (exit {tt['exit']})",
                    _pf(tt["wall"] < 120 and tt["exit"] == 0),
                )
            )
        else:
            why = tt.get("dnf") or tt.get("skipped") or "not run (--tests runs it)"
            out.append(("2. test suite < 120 s", why, "FAIL" if tt.get("dnf") else "NOT MEASURED"))
        rq = (rr.get("queries") or {}) if rr else {}
        if rq.get("oxigraph") and rq.get("rdflib") and not rq["rdflib"].get("skipped"):
            ox, rl = rq["oxigraph"]["queries"], rq["rdflib"]["queries"]
            ratios = [
                med(rl[k]["times"]) / med(v["times"])
                for k, v in ox.items()
                if "times" in v and "times" in rl.get(k, {}) and med(v["times"]) > 0
            ]
            worst = max((med(v["times"]) * 1000, k) for k, v in ox.items() if "times" in v)
            over = sorted(
                (
                    (med(v["times"]) * 1000, k, med(v.get("engine_times") or [0]) * 1000)
                    for k, v in ox.items()
                    if "times" in v and med(v["times"]) * 1000 > 2
                ),
                reverse=True,
            )
            ratio = statistics.median(ratios) if ratios else 0.0
            out.append(
                ("4. canned queries on the release: median ratio to rdflib >= 50x", f"{ratio:.0f}x", _pf(ratio >= 50))
            )
            out.append(
                (
                    "4. no canned query over 2 ms on the release",
                    f"slowest {worst[1]} {worst[0]:.2f} ms"
                    + (
                        f"; {len(over)} over 2 ms (the engine alone, without making result cells, in brackets): "
                        + ", ".join(f"{k} {t:.2f} ({e:.2f})" for t, k, e in over)
                        if over
                        else ""
                    ),
                    _pf(worst[0] <= 2),
                )
            )
        else:
            out.append(("4. canned queries on the release", "not run (--no-release)", "NOT MEASURED"))
        one = _nearest(self.sizes, 1_000_000)
        srv = (one or {}).get("server")
        c8 = next((c for c in (srv or {}).get("clients", []) if c["clients"] == 8), None)
        dep = (one or {}).get("deploy")
        if dep:
            if dep.get("error"):
                out.append(
                    ("5. 1M over HTTP on the deployment engine (Fuseki): 8 clients, 0 errors", dep["error"], "FAIL")
                )
            else:
                out.append(
                    (
                        f"5. 1M over HTTP on the deployment engine (`serve --server fuseki`): {dep['clients']} clients "
                        f"for {dep['seconds']:g} s, 0 errors (p95 reported)",
                        f"{dep['errors']} errors in {dep['answers']} answers, p50 {_n(dep['p50_ms'], 0)} ms, "
                        f"p95 {_n(dep['p95_ms'], 0)} ms, max {_n(dep['max_ms'], 0)} ms; server exit {dep['exit']}",
                        _pf(dep["errors"] == 0 and dep["answers"] > 0 and dep["clients"] >= 8 and dep["exit"] == 0),
                    )
                )
        if c8:
            out.append(
                (
                    "5. 1M over HTTP on the local engine, `serve` (Oxigraph), 8 clients"
                    + (" (beside the target, which is on the deployment engine)" if dep else ""),
                    f"{c8['errors']} errors in {c8['queries']} queries (each client waits at most "
                    f"{max(10.0, self.args.load_seconds * 2):g} s), p95 {_n(c8['p95_ms'], 0)} ms",
                    "REPORTED" if dep else _pf(c8["errors"] == 0),
                )
            )
        if not dep and not c8:
            out.append(("5. 1M over HTTP: 8 clients, 0 errors", "no server stage at 1M in this run", "NOT MEASURED"))
        # The target is met by the engine chosen for big data, jena; turbo's command is shown beside it.
        cli_key, cli_engine = (
            ("shacl_cli_jena", "jena") if (one or {}).get("shacl_cli_jena") else ("shacl_cli", "turbo")
        )
        cli = (one or {}).get(cli_key) or {}
        if cli.get("runs"):
            runs = cli["runs"]
            wall, cpu = med([x["wall"] for x in runs]), med([x["cpu"] for x in runs])
            peak = max(x["peak_mb"] for x in runs)
            other = ((one or {}).get("shacl_cli") or {}).get("runs") if cli_engine == "jena" else None
            beside = (
                f" (turbo: {med([x['wall'] for x in other]):.1f} s wall, {med([x['cpu'] for x in other]):.1f} s CPU,"
                f" {max(x['peak_mb'] for x in other):,.0f} MB; ratio wall "
                f"{med([x['wall'] for x in other]) / wall:.1f}x)"
                if other
                else ""
            )
            out.append(
                (
                    f"3. SHACL on 1M, reading included, < 15 s (`validate --shacl-engine {cli_engine}`)",
                    f"{wall:.1f} s wall, {cpu:.1f} s CPU, peak {peak:,.0f} MB"
                    + (
                        f", load average {med([x['load'] for x in runs]):.1f}"
                        if runs[0].get("load") is not None
                        else ""
                    )
                    + beside,
                    _pf(wall < 15),
                )
            )
        elif cli.get("dnf"):
            out.append(("3. SHACL on 1M, reading included, < 15 s", cli["dnf"], "FAIL"))
        else:
            out.append(
                (
                    "3. SHACL on 1M, reading included, < 15 s",
                    "no 1M size with pyshacl-turbo or jena in this run",
                    "NOT MEASURED",
                )
            )
        if self.cases:
            c = self.cases
            for e, x in _case_engines(c).items():
                out.append(
                    (
                        f"3. same results as pySHACL on every shape case ({e})",
                        f"{c['n'] - len(x['differ'])} of {c['n']} identical ({c['results']} results)",
                        _pf(not x["differ"]),
                    )
                )
        else:
            out.append(
                (
                    "3. same results as pySHACL on every shape case",
                    "not run (--quick, or neither turbo nor jena)",
                    "NOT MEASURED",
                )
            )
        compared = [
            (r["label"], e)
            for r in self.sizes
            for e, x in (r.get("shacl") or {}).items()
            if e != "pyshacl" and x and x.get("agree") is not None
        ]
        bad = [f"{lab} {e}" for lab, e in compared if not _find(self.sizes, lab)["shacl"][e]["agree"]]
        if compared:
            out.append(
                (
                    "3. same results as pySHACL on the synthetic data",
                    f"{len(compared) - len(bad)} of {len(compared)} (size, route) pairs identical"
                    + (f"; differ: {', '.join(bad)}" if bad else ""),
                    _pf(not bad),
                )
            )
        five = _nearest(self.sizes, 5_000_000)
        if five:
            parts, ok = [], True
            for stage, engines in (("parse", ("rdflib", "oxigraph")), ("shacl", ("pyshacl", "turbo", "jena"))):
                for e in engines:
                    x = (five.get(stage) or {}).get(e)
                    if x:
                        parts.append(f"{stage} {e} {_s(med(x['times']))} s")
                    elif stage in five and (e in five[stage] or f"{stage} {e}" in five.get("dnf", {})):
                        parts.append(f"{stage} {e}: {five.get('dnf', {}).get(f'{stage} {e}', 'no result')}")
                        ok = ok and e in ("rdflib", "pyshacl", "turbo")  # the baselines may not finish; ours must
            q = (five.get("queries") or {}).get("oxigraph")
            if q:
                over = sum(1 for v in q["queries"].values() if v.get("over_budget"))
                parts.append(
                    f"queries pyoxigraph {sum(med(v['times']) for v in q['queries'].values() if 'times' in v):.1f} s"
                    + (f" ({over} not finished)" if over else "")
                )
            else:
                ok = False
            out.append(
                ("6. a 5M-triple run (parse, SHACL both engines where they finish, queries)", "; ".join(parts), _pf(ok))
            )
            mem = []
            for stage, e in (
                ("parse", "rdflib"),
                ("parse", "oxigraph"),
                ("shacl", "pyshacl"),
                ("shacl", "turbo"),
                ("shacl", "jena"),
            ):
                x = (five.get(stage) or {}).get(e)
                if x:
                    mem.append(f"{stage} {e} {mb_per_mt(x, five['triples']):,.0f}")
            q = (five.get("queries") or {}).get("oxigraph")
            if q:
                mem.append(f"queries pyoxigraph {mb_per_mt(q, five['triples']):,.0f}")
            out.append(
                (
                    "6. memory per million triples at 5M (MB)",
                    ", ".join(mem) or "n/a",
                    "REPORTED" if mem else "NOT MEASURED",
                )
            )
        else:
            out.append(("6. a 5M-triple run", "no 5M size in this run", "NOT MEASURED"))
        if figure:
            ns = [r["triples"] for r in self.sizes if r.get("triples")]
            span = f"{_label(min(ns))} to {_label(max(ns))}" if ns else "no sizes"
            ok = bool(ns) and min(ns) <= 10_500 and max(ns) >= 4_500_000
            out.append(("7. scaling figure, 10k to 5M, log-log", f"{figure[0].name}: {span}", _pf(ok)))
        return sorted(out, key=lambda t: int(t[0].split(".")[0]))  # in the issue's order (stable within one)

    def _query_summary(self, label: str, n: int, q: dict) -> str:
        a = self.args
        ox, rl = q.get("oxigraph"), q.get("rdflib")
        if not ox or not rl:
            return f"| {label} | {n:,} | | a worker failed | | | | | |"
        if rl.get("skipped"):
            timed = [med(v["times"]) for v in ox["queries"].values() if not v.get("over_budget")]
            slow = max(ox["queries"].items(), key=lambda kv: med(kv[1]["times"]) if "times" in kv[1] else -1.0)
            return (
                f"| {label} | {n:,} | {len(ox['queries'])} | rdflib {rl['skipped']} | | | {sum(timed):.3f} "
                f"| {slow[0]} {_n(med(slow[1].get('times') or [0]) * 1000, 1)} ms | pyoxigraph only |"
            )
        ratios, over, ox_over, differ, cannot, srl, sox = [], 0, 0, 0, 0, 0.0, 0.0
        timed = {k: v for k, v in ox["queries"].items() if not v.get("over_budget")}
        slowest = max(timed.items(), key=lambda kv: med(kv[1]["times"])) if timed else None
        for name, o in ox["queries"].items():
            r = rl["queries"].get(name, {})
            if o.get("over_budget"):
                ox_over += 1
                sox += a.ox_budget
                srl += budget_for(n, a) if r.get("over_budget") else med(r["times"]) if r else 0.0
                continue
            om = med(o["times"])
            sox += om
            if r.get("cannot"):  # rdflib cannot answer it: neither timed nor compared
                cannot += 1
                continue
            if r.get("over_budget"):
                over += 1
                ratios.append(budget_for(n, a) / om if om else float("inf"))
                srl += budget_for(n, a)
                continue
            rm = med(r["times"])
            srl += rm
            ratios.append(rm / om if om else float("inf"))
            differ += r["digest"] != o["digest"]
        rng = f"{statistics.median(ratios):.0f}x ({min(ratios):.0f}x–{max(ratios):.0f}x)" if ratios else "n/a"
        compared = len(ratios) - over
        answers = ("identical" if not differ else f"**{differ} differ**") + (
            f" ({compared} compared" + (f"; rdflib cannot answer {cannot}" if cannot else "") + ")"
            if compared != len(ox["queries"])
            else ""
        )
        slow = f"{slowest[0]} {med(slowest[1]['times']) * 1000:.1f} ms" if slowest else "n/a"
        overs = f"{over}" + (f" (+{ox_over} pyoxigraph > {a.ox_budget:g} s)" if ox_over else "")
        return (
            f"| {label} | {n:,} | {len(ox['queries'])} | {rng} | {overs} | {'≥ ' if over or ox_over else ''}{srl:.2f} "
            f"| {'≥ ' if ox_over else ''}{sox:.3f} | {slow} | {answers} |"
        )


# ---------------------------------------------------------------------------- formatting helpers


def _s(x: float | None) -> str:
    return "n/a" if x is None else (f"{x:.3f}" if x < 10 else f"{x:.1f}")


def _n(x: float | None, digits: int = 0) -> str:
    return "n/a" if x is None else f"{x:,.{digits}f}"


def _ratio(a: float | None, b: float | None, lower: bool = False) -> str:
    if a is None or b is None or b <= 0:
        return "n/a"
    return f"{'> ' if lower else ''}{a / b:.1f}x"


def _rate(n: int, t: float | None) -> str:
    return "n/a" if not t else f"{n / t:,.0f}"


def _yn(x: bool | None) -> str:
    return "n/a" if x is None else ("yes" if x else "**no**")


def _pf(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _case_engines(c: dict) -> dict:
    """The shape-case comparison per engine (a run written before Jena had turbo's fields at the top)."""
    if "engines" in c:
        return c["engines"]
    return {"turbo": {"differ": c["differ"], "messages_differ": c["messages_differ"], "seconds": c["turbo_s"]}}


def _find(sizes: list[dict], label: str) -> dict:
    return next(r for r in sizes if r["label"] == label)


def _vm_hwm(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _mem_gib() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30


# ============================================================================ targets and the scaling figure

STAGE_ORDER = ("build", "parse", "shacl", "queries")
STAGE_TITLES = {
    "build": "build + write N-Triples",
    "parse": "parse N-Triples",
    "shacl": "SHACL, reading included",
    "queries": "canned queries (sum of medians)",
}


def scaling_rows(sizes: list[dict]) -> list[dict]:
    """One row per (stage, engine, size): seconds (None when it did not finish), CPU s, peak MB, note."""
    rows: list[dict] = []

    def add(stage: str, engine: str, n: int, seconds: float | None, *, cpu=None, peak=None, note="") -> None:
        rows.append(
            {
                "stage": stage,
                "engine": engine,
                "triples": n,
                "seconds": None if seconds is None else round(seconds, 4),
                "cpu_seconds": None if cpu is None else round(cpu, 3),
                "peak_mb": None if peak is None else round(peak, 1),
                "mb_per_million_triples": None if peak is None else round(peak / (n / 1e6), 1),
                "note": note,
            }
        )

    for r in sizes:
        n, dnf = r.get("triples"), r.get("dnf", {})
        if not n:
            continue
        b = r.get("build") or {}
        gen = med(b["none"]["build"]) if b.get("none") else 0.0
        for engine in ("rdflib", "oxigraph"):
            x = b.get(engine)
            if x:
                add("build", engine, n, med(x["build"]) - gen + med(x["write"]), peak=x["peak_mb"] - x["base_mb"])
        for engine, x in (r.get("parse") or {}).items():
            if x:
                add("parse", engine, n, med(x["times"]), peak=x["peak_mb"] - x["base_mb"])
            elif f"parse {engine}" in dnf:
                add("parse", engine, n, None, note=dnf[f"parse {engine}"])
        for engine, x in (r.get("shacl") or {}).items():
            if x:
                add("shacl", engine, n, med(x["times"]), cpu=med(x["cpu"]), peak=x["peak_mb"] - x["base_mb"])
            else:
                add("shacl", engine, n, None, note=dnf.get(f"shacl {engine}", "no result"))
        for key, engine in (("shacl_cli", "turbo"), ("shacl_cli_jena", "jena")):
            cli = r.get(key) or {}
            if cli.get("runs"):
                runs = cli["runs"]
                add(
                    "shacl",
                    f"validate CLI ({engine})",
                    n,
                    med([x["wall"] for x in runs]),
                    cpu=med([x["cpu"] for x in runs]),
                    peak=max(x["peak_mb"] for x in runs),
                    note="whole command; peak includes start-up",
                )
            elif cli.get("dnf"):
                add("shacl", f"validate CLI ({engine})", n, None, note=cli["dnf"])
        for engine, x in (r.get("queries") or {}).items():
            if not x or x.get("skipped"):
                continue
            qs = x["queries"].values()
            over = sum(1 for q in qs if q.get("over_budget"))
            total = sum(med(q["times"]) for q in qs if not q.get("over_budget"))
            # with queries left out the sum is a lower bound ("≥" in the tables and the legend)
            add(
                "queries",
                "pyoxigraph" if engine == "oxigraph" else engine,
                n,
                total if total > 0 else None,
                peak=x["peak_mb"] - x["base_mb"],
                note=f"≥: {over} of {len(x['queries'])} queries not finished" if over else "",
            )
    return rows


README_BEGIN = "<!-- benchmarks/results/pipeline-readme.md: begin (written by benchmarks/pipeline.py) -->"
README_END = "<!-- benchmarks/results/pipeline-readme.md: end -->"


def readme_block(run: Run, rows: list[dict], targets: list, figure: list[Path] | None, wall: float) -> str:
    """The run's summary for the README, between markers a test compares with the README: when and how it
    ran, the machine's load, the seconds and memory tables, the figure and the targets, all of one run."""
    a = run.args
    las = [x["la0"] for x in run.load.rows] + [x["la1"] for x in run.load.rows]
    others = [x["others"] for x in run.load.rows]
    default = vars(parse_args([]))
    options = " ".join(
        f"--{k.replace('_', '-')}" + ("" if v is True else f" {v}")
        for k, v in sorted(vars(a).items())
        if k not in ("out", "tmp", "size_list", "stages", "shacl_engines", "clients")
        and v not in (False, None, "", 0, 0.0)
        and v != default.get(k, object())
    )
    merged = any(n.startswith("merged from separate runs") for n in run.notes)
    what = "Merged from separate runs (listed in pipeline.md), the first" if merged else "One run"
    lines = [
        README_BEGIN,
        "",
        f"{what} of `python benchmarks/pipeline.py {options}`, started {run.started}, {wall / 60:.0f} minutes"
        + (
            f"; 1-minute load average {min(las):.1f}–{max(las):.1f}, other processes using {statistics.mean(others):.2f}"
            f" of {os.cpu_count()} cores on average during its stages"
            if las
            else ""
        )
        + ". Seed "
        + f'{a.seed}; every engine in its own process, bounded in time and memory (past a bound: "did not finish").'
        + " Full tables, per-query times and every raw sample: `benchmarks/results/pipeline.md` and `pipeline.json`.",
    ]
    summary = scaling_summary(rows).replace("## Scaling summary (the figure's numbers)", "").strip("\n")
    lines += ["", summary, ""]
    if figure:
        lines.append(
            f"![Time against triples, log-log, per stage and engine](benchmarks/results/{figure[0].name})"
            f" (its numbers: `{figure[1].name}`)"
        )
        lines.append("")
    lines += ["The targets of issue 17, as this run printed them:", "", "| target | measured | |", "|---|---|---|"]
    lines += [f"| {t} | {m} | {v} |" for t, m, v in targets]
    lines += ["", README_END, ""]
    return "\n".join(lines)


def scaling_summary(rows: list[dict]) -> str:
    """The figure's numbers as two Markdown tables: seconds, then MB per million triples (stage x size)."""
    if not rows:
        return ""
    sizes = sorted({x["triples"] for x in rows})
    keys = sorted({(x["stage"], x["engine"]) for x in rows}, key=lambda k: (STAGE_ORDER.index(k[0]), k[1]))
    at = {(x["stage"], x["engine"], x["triples"]): x for x in rows}
    head = "| stage | engine | " + " | ".join(f"{_label(n)} ({n:,})" for n in sizes) + " |"
    rule = "|---|---|" + "---:|" * len(sizes)
    out = [
        "",
        "## Scaling summary (the figure's numbers)",
        "",
        "Seconds (median); CPU seconds in brackets where measured.",
        "",
    ]
    out += [head, rule]
    for stage, engine in keys:
        cells = []
        for n in sizes:
            x = at.get((stage, engine, n))
            if x is None:
                cells.append("")
            elif x["seconds"] is None:
                cells.append(x["note"] or "no result")
            else:
                cpu = f" ({_s(x['cpu_seconds'])})" if x.get("cpu_seconds") is not None else ""
                low = f"≥ {_s(x['seconds'])} ({x['note'][3:]})" if x["note"].startswith("≥") else ""
                cells.append(low or f"{_s(x['seconds'])}{cpu}")
        out.append(f"| {stage} | {engine} | " + " | ".join(cells) + " |")
    out += [
        "",
        "Memory: peak resident MB of the engine's process above its start, per million triples.",
        "",
        head,
        rule,
    ]
    for stage, engine in keys:
        cells = []
        for n in sizes:
            x = at.get((stage, engine, n))
            v = None if x is None else x.get("mb_per_million_triples")
            cells.append("" if v is None else f"{v:,.0f}")
        out.append(f"| {stage} | {engine} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def write_scaling(rows: list[dict], folder: Path, stem: str = "scaling") -> list[Path]:
    """The rows as CSV and JSON, and the log-log figure as PNG; byte-identical for the same rows."""
    import csv
    import io

    folder.mkdir(parents=True, exist_ok=True)
    rows = sorted(rows, key=lambda x: (STAGE_ORDER.index(x["stage"]), x["engine"], x["triples"]))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["stage"], lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    csv_path, json_path, png_path = (folder / f"{stem}.{ext}" for ext in ("csv", "json", "png"))
    csv_path.write_text(buf.getvalue(), encoding="utf-8")
    json_path.write_text(json.dumps(rows, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    png_path.write_bytes(scaling_png(rows))
    return [png_path, csv_path, json_path]


def scaling_png(rows: list[dict]) -> bytes:
    """Time against triples, log-log, one panel per stage, one line per engine (matplotlib, Agg, fixed style)."""
    import io

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    stages = [st for st in STAGE_ORDER if any(x["stage"] == st for x in rows)]
    settings = {
        **matplotlib.rcParamsDefault,
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "path.simplify": False,
    }
    markers = "osD^vP*X"
    with matplotlib.rc_context(settings):
        cols = 2 if len(stages) > 1 else 1
        nrows = (len(stages) + cols - 1) // cols or 1
        fig = Figure(figsize=(5.0 * cols, 3.8 * nrows), dpi=100)
        FigureCanvasAgg(fig)
        axes = list(fig.subplots(nrows, cols, squeeze=False).flat)
        for ax in axes[len(stages) :]:
            ax.set_visible(False)
        for ax, stage in zip(axes, stages, strict=False):
            engines = sorted({x["engine"] for x in rows if x["stage"] == stage})
            for i, engine in enumerate(engines):
                pts = [x for x in rows if x["stage"] == stage and x["engine"] == engine]
                done = [(x["triples"], x["seconds"]) for x in pts if x["seconds"] is not None]
                dnf = [x for x in pts if x["seconds"] is None]
                low = [x for x in pts if x["seconds"] is not None and x["note"].startswith("≥")]
                label = engine + (f" (did not finish at {', '.join(_label(x['triples']) for x in dnf)})" if dnf else "")
                label += f" (≥ at {', '.join(_label(x['triples']) for x in low)})" if low else ""
                if done:
                    ax.plot(
                        [x for x, _ in done],
                        [y for _, y in done],
                        marker=markers[i % len(markers)],
                        label=label,
                        linewidth=1.2,
                        markersize=4,
                    )
                else:
                    ax.plot([], [], marker=markers[i % len(markers)], label=label)
            if stage == "shacl":
                ax.axhline(15, color="grey", linestyle=":", linewidth=1)
                ax.annotate("15 s target at 1M", (1e6, 15), textcoords="offset points", xytext=(-60, 4), fontsize=7)
            if any(x["seconds"] for x in rows if x["stage"] == stage):
                ax.set_xscale("log")
                ax.set_yscale("log")
            ax.set_title(STAGE_TITLES[stage])
            ax.set_xlabel("triples")
            ax.set_ylabel("seconds")
            ax.legend(fontsize=7, loc="upper left")
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def _label(n: int) -> str:
    for unit, size in (("M", 1_000_000), ("k", 1_000)):
        if n >= size:
            return f"{n / size:.3g}{unit}"
    return str(n)


def _nearest(sizes: list[dict], target: int) -> dict | None:
    """The run's size within 10 % of ``target`` triples, if any."""
    for r in sizes:
        if r.get("triples") and abs(r["triples"] - target) <= target * 0.1:
            return r
    return None


# ============================================================================ main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "--sizes", default="10k,100k,1M", help="target triple counts, e.g. 10k,100k,1M (default: %(default)s)"
    )
    p.add_argument("--stages", default=",".join(STAGES), help="per-size stages to run (default: %(default)s)")
    p.add_argument("--no-release", action="store_true", help="skip the real-release check loop and queries")
    p.add_argument(
        "--tests",
        action="store_true",
        help="time the README's test command, `bash scripts/test.sh`, first (target 2; from a checkout)",
    )
    p.add_argument("--no-turbo", action="store_true", help="leave pyshacl-turbo out even when installed")
    p.add_argument("--no-jena", action="store_true", help="leave Jena SHACL out even when java and the jars are there")
    p.add_argument("--seed", type=int, default=S.DEFAULT_SEED)
    p.add_argument("--repeat", type=int, default=5, help="repetitions of fast engines (default: %(default)s)")
    p.add_argument("--repeat-large", type=int, default=3, help=f"... at ≥{LARGE:,} triples (default: %(default)s)")
    p.add_argument(
        "--repeat-slow",
        type=int,
        default=3,
        help="repetitions of pySHACL and rdflib SPARQL on small graphs (default: %(default)s)",
    )
    p.add_argument("--budget", type=float, default=30.0, help="seconds an rdflib query may run (default: %(default)s)")
    p.add_argument(
        "--budget-large", type=float, default=10.0, help=f"... on graphs of ≥{LARGE:,} triples (default: %(default)s)"
    )
    p.add_argument(
        "--ox-budget",
        type=float,
        default=60.0,
        help="seconds a pyoxigraph query may run, embedded or through the server (default: %(default)s)",
    )
    p.add_argument(
        "--shacl-budget",
        type=float,
        default=600.0,
        help="seconds one SHACL repetition (reading + validating) may run; past it the engine is reported as "
        "not finished (default: %(default)s)",
    )
    p.add_argument(
        "--pyshacl-budget",
        type=float,
        default=0.0,
        help="a tighter --shacl-budget for pySHACL alone (default: the same)",
    )
    p.add_argument(
        "--parse-budget",
        type=float,
        default=0.0,
        help="seconds one parse repetition may run; past it the engine is reported as not finished "
        "(default: --worker-timeout)",
    )
    p.add_argument(
        "--server-max",
        type=S.parse_size,
        default=5_000_000,
        help="largest synthetic graph served over HTTP by the server stage (default: %(default)s)",
    )
    p.add_argument(
        "--shacl-routes-max",
        type=S.parse_size,
        default=1_000_000,
        help="largest graph on which pyshacl-turbo is also run from a pyoxigraph Store and an rdflib Graph "
        "(default: %(default)s)",
    )
    p.add_argument(
        "--shacl-cli-max",
        type=S.parse_size,
        default=1_000_000,
        help="largest graph on which `mscexo-ld validate --shacl-engine turbo` is timed as a whole command "
        "(default: %(default)s)",
    )
    p.add_argument("--no-cases", action="store_true", help="skip pySHACL vs pyshacl-turbo on shapes/cases/")
    p.add_argument(
        "--shacl-engines",
        default="",
        help="only these SHACL routes, comma-separated: "
        + ", ".join([*SHACL_ENGINES, "cli", "cli-jena"])
        + " (default: all)",
    )
    p.add_argument(
        "--rdflib-sparql-max",
        type=S.parse_size,
        default=1_000_000,
        help="largest synthetic graph on which rdflib SPARQL runs the canned queries (default: %(default)s)",
    )
    p.add_argument(
        "--worker-timeout", type=float, default=3600.0, help="seconds any other worker may run (default: %(default)s)"
    )
    p.add_argument(
        "--mem-limit-gb",
        type=float,
        default=10.0,
        help="resident memory a worker (with its children) may use before it is stopped (default: %(default)s)",
    )
    p.add_argument(
        "--canonical-max",
        type=int,
        default=150_000,
        help="largest graph for the canonical sorted N-Triples timing (default: %(default)s)",
    )
    p.add_argument("--clients", default="1,8", help="concurrent HTTP clients, comma-separated (default: %(default)s)")
    p.add_argument("--load-seconds", type=float, default=10.0, help="seconds of HTTP load per client count")
    p.add_argument(
        "--deploy-seconds",
        type=float,
        default=20.0,
        help="seconds of load on the deployment engine, `serve --server fuseki`, with the largest --clients "
        "(default: %(default)s)",
    )
    p.add_argument(
        "--deploy-max",
        type=S.parse_size,
        default=1_000_000,
        help="largest synthetic graph put under load on the deployment engine (default: %(default)s)",
    )
    p.add_argument("--no-fuseki", action="store_true", help="leave the deployment engine (Fuseki) out")
    p.add_argument("--release-repeat", type=int, default=3, help="timed runs of build + validate on the release")
    p.add_argument(
        "--release-query-repeat", type=int, default=20, help="repetitions per canned query on the release (pyoxigraph)"
    )
    p.add_argument(
        "--release-rdflib-repeat",
        type=int,
        default=5,
        help="repetitions per canned query on the release for rdflib, the slow reference (default: %(default)s)",
    )
    p.add_argument(
        "--out", default=str(HERE / "results" / "pipeline.md"), help="Markdown results file (default: %(default)s)"
    )
    p.add_argument("--tmp", default=None, help="scratch folder (default: a new temporary folder)")
    p.add_argument(
        "--no-figure",
        action="store_true",
        help="do not write the scaling figure (<out>-scaling.png, with its numbers as .csv and .json)",
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="a fast end-to-end check (the smoke test): one repetition, rdflib query budget 1 s, "
        "2 clients for 0.5 s, no canonical serialisation, no turbo file variant or shape examples, no release loop",
    )
    args = p.parse_args(argv)
    if args.quick:
        args.repeat = args.repeat_large = args.repeat_slow = 1
        args.budget, args.clients, args.load_seconds = 1.0, "2", 0.5
        args.budget_large = 1.0
        args.canonical_max, args.no_release = 0, True
        args.no_fuseki = True  # the deployment engine's load takes a JVM and minutes: a full run's part
    try:
        args.size_list = [S.parse_size(x) for x in args.sizes.split(",") if x.strip()]
        args.clients = [int(x) for x in args.clients.split(",") if x.strip()]
    except ValueError as exc:
        p.error(str(exc))
    args.stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    args.shacl_engines = [e.strip() for e in args.shacl_engines.split(",") if e.strip()]
    unknown = set(args.stages) - set(STAGES)
    if unknown:
        p.error(f"unknown stage(s) {', '.join(sorted(unknown))}; stages: {', '.join(STAGES)}")
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        stage, params = argv[1], json.loads(argv[2])
        result = WORKERS[stage](params)
        Path(params["out"]).write_text(json.dumps(result), encoding="utf-8")
        return 0
    if argv[:1] == ["--render"]:  # the report, the targets and the figure again from runs' raw JSON
        files = [Path(x) for x in argv[1:]]
        out = files.pop() if len(files) > 1 and files[-1].suffix == ".md" else None
        return render(files, out)
    args = parse_args(argv)
    if args.tmp is not None and not Path(args.tmp).is_dir():
        print(f"pipeline.py: --tmp {args.tmp}: not a folder (make it first)", file=sys.stderr)
        return 2
    MEM_LIMIT_MB["mb"] = args.mem_limit_gb * 1024
    run = Run(args)
    started = time.perf_counter()
    say(
        f"sizes {', '.join(S.size_label(n) for n in args.size_list)}; stages {', '.join(args.stages)}; "
        f"pyshacl-turbo {'on' if run.turbo else 'off'}; load average {Load.loadavg():.2f}"
    )
    tmp_ctx = tempfile.TemporaryDirectory(prefix="mscexo-bench-", dir=args.tmp)
    with tmp_ctx as tmp_name:
        tmp = Path(tmp_name)
        if args.tests:
            run.run_tests()
        if not args.no_release:
            run.run_release(tmp)
        if "shacl" in args.stages and (run.turbo or run.jena) and not args.quick and not args.no_cases:
            run.run_cases(tmp)
        for target in args.size_list:
            run.run_size(target, tmp)
            # what is done so far, for `--render` if the run is stopped before the end
            partial = {"sizes": run.sizes, "release": run.release, "cases": run.cases, "load": run.load.rows}
            partial |= {"tests": run.tests}
            partial |= {"failures": run.failures, "notes": run.notes, "versions": versions(), "turbo": run.turbo}
            partial |= {"args": dict(vars(args)), "wall": time.perf_counter() - started}
            Path(args.out).with_suffix(".partial.json").write_text(json.dumps(partial, default=str), encoding="utf-8")
    out = Path(args.out)
    finish(run, out, time.perf_counter() - started)
    if run.failures:
        for f in run.failures:
            print(f"DIFFERENT: {f}", file=sys.stderr)
        return 1
    return 0


def render(raw_paths: list[Path], out: Path | None) -> int:
    """``pipeline.py --render RUN.json [MORE.json ...] [OUT.md]``: the Markdown report, targets and figure of
    finished runs. Several runs (e.g. the largest size run on its own, with tighter bounds) are merged: the
    first gives the options and the release, the last that has them the shape cases; every run adds its
    sizes, in order (a size in several runs: a later run's stage results replace an earlier's, engine by
    engine)."""
    raws = [json.loads(p.read_text(encoding="utf-8")) for p in raw_paths]
    raw = raws[0]
    args = argparse.Namespace(**{**vars(parse_args([])), **raw["args"]})
    run = Run(args)
    run.release = raw["release"]
    run.tests = next((r["tests"] for r in raws if r.get("tests")), {})
    run.cases = next((r["cases"] for r in reversed(raws) if r.get("cases")), {})  # the latest run's
    for r in raws:
        for size in r["sizes"]:  # a size run twice (e.g. more SHACL routes later): its stages are merged
            same = next((x for x in run.sizes if x["label"] == size["label"]), None)
            if same is None:
                run.sizes.append(size)
                continue
            for key, value in size.items():
                if isinstance(value, dict) and isinstance(same.get(key), dict):
                    same[key] = {**same[key], **value}
                else:
                    same.setdefault(key, value)
        run.load.rows += r["load"]
        run.failures += r["failures"]
        run.notes += r["notes"]
        run.release = run.release or r["release"]
        run.cases = run.cases or r["cases"]
    if len(raws) > 1:
        run.notes.append(
            "merged from separate runs: "
            + "; ".join(
                f"{p.name} (sizes {', '.join(x['label'] for x in r['sizes'])}; "
                + ", ".join(
                    f"--{k.replace('_', '-')} {r['args'][k]}"
                    for k in sorted(r["args"])
                    if r["args"][k] != raw["args"].get(k) and k not in ("sizes", "size_list", "out")
                )
                + ")"
                for p, r in zip(raw_paths, raws, strict=True)
            )
        )
    run.turbo = any(r.get("turbo", run.turbo) for r in raws)
    run.raw_versions = raw["versions"]
    run.started = raw.get("started", "(not recorded)")
    wall = sum(r.get("wall", 0.0) for r in raws)
    finish(run, out or raw_paths[0].with_suffix(".md"), wall, raw_versions=raw["versions"])
    return 1 if run.failures else 0


def finish(run: Run, out: Path, wall: float, raw_versions: dict | None = None) -> None:
    """Write the report (Markdown + raw JSON), the scaling figure and its numbers; print the report and targets."""
    args = run.args
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = scaling_rows(run.sizes)
    figure = write_scaling(rows, out.parent, stem=out.stem + "-scaling") if rows and not args.no_figure else None
    text = run.report() + scaling_summary(rows)
    targets = run.targets(figure)
    text += "\n## Targets (issue 17) measured in this run\n\n| target | measured | |\n|---|---|---|\n"
    text += "".join(f"| {t} | {m} | {v} |\n" for t, m, v in targets)
    if figure:
        text += f"\nScaling figure: `{figure[0].name}` (numbers: `{figure[1].name}`, `{figure[2].name}`).\n"
    text += f"\nTotal wall time {wall:.0f} s.\n"
    print(text)
    for t, m, v in targets:
        print(f"TARGET {t}: {m} -- {v}")
    out.write_text(text, encoding="utf-8")
    out.with_name(out.stem + "-readme.md").write_text(readme_block(run, rows, targets, figure, wall), encoding="utf-8")
    raw = {
        "sizes": run.sizes,
        "release": run.release,
        "cases": run.cases,
        "tests": run.tests,
        "load": run.load.rows,
        "failures": run.failures,
        "notes": run.notes,
        "versions": raw_versions or versions(),
        "args": dict(vars(args)),
        "turbo": run.turbo,
        "wall": wall,
        "started": run.started,
    }
    out.with_suffix(".json").write_text(json.dumps(raw, indent=1, default=str), encoding="utf-8")
    say(f"written {out} and {out.with_suffix('.json').name}")


if __name__ == "__main__":
    raise SystemExit(main())
