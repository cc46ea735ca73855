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
  shacl      shapes/ on the parsed graph: pySHACL  vs  pyshacl-turbo (optional; same rdflib
             Graph input, and from the file) -- results compared, injected violations checked
  queries    every canned query, default parameters, embedded: rdflib SPARQL (per-query
             --budget, in a forked child)  vs  pyoxigraph; answers compared
  server     `oxigraph load` + `oxigraph serve-read-only` (mscexo_ld.query.serve), every canned
             query over HTTP (answers compared with the embedded store), then N concurrent
             SPARQLWrapper clients for --load-seconds

and once, on the real release:

  release    `mscexo-ld build` + `mscexo-ld validate` wall time from a warm install (and each
             validate check alone), and the canned queries on build/mscexo.nt, both engines,
             median and max per query.

Results are printed as Markdown tables and written to --out (default
benchmarks/results/pipeline.md, git-ignored); progress goes to stderr. The machine's load
(load average, and CPU used by other processes during each stage) is reported with them.

Exit status: 0; 1 when two engines disagree (SHACL results, query answers, HTTP vs embedded
answers) or the reference SHACL engine does not find exactly the injected violations;
2 for bad arguments.

    python benchmarks/pipeline.py                                  # 10k, 100k, 1M
    python benchmarks/pipeline.py --sizes 10k,100k --budget 30
    python benchmarks/pipeline.py --sizes 10k --stages shacl,queries --no-release
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
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


class _OverBudgetError(Exception):
    pass


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


def worker_shacl(p: dict) -> dict:
    engine, reps, path, budget = p["engine"], p["reps"], p["path"], p["budget"]
    from rdflib import Graph

    from mscexo_ld.validate.shacl import load_shapes

    if engine == "pyshacl":
        from pyshacl import validate
    else:
        from pyshacl_turbo import validate
    shapes = load_shapes()
    gc.collect()
    base = current_rss_mb()
    t = time.perf_counter()
    data: Any = path
    if engine != "turbo-file":
        data = Graph()
        data.parse(path, format="nt")
    parse_s = time.perf_counter() - t
    graph_mb = current_rss_mb()
    kwargs = {
        "shacl_graph": shapes,
        "inference": "none",
        "advanced": True,
        "allow_warnings": False,
        "abort_on_first": False,
    }
    if engine == "turbo-file":
        kwargs["data_graph_format"] = "nt"

    def alarm(_s, _f):
        raise _OverBudgetError()

    signal.signal(signal.SIGALRM, alarm)
    times, conforms, key, messages, over = [], None, Counter(), Counter(), False
    for rep in range(reps):
        signal.alarm(max(1, int(budget)))
        try:
            t = time.perf_counter()
            conforms, report, _text = validate(data, **kwargs)
            times.append(time.perf_counter() - t)
        except _OverBudgetError:
            over = True
            say(f"    {engine}: over the {budget:.0f} s budget; stopped")
            break
        finally:
            signal.alarm(0)
        key, messages = _report_key(report)
        del report
        gc.collect()
        say(f"    {engine} rep {rep + 1}/{reps}: {times[-1]:.2f} s, {sum(key.values())} result(s)")
    return {
        "times": times,
        "over_budget": over,
        "parse_s": parse_s,
        "conforms": conforms,
        "results": [[list(k), n] for k, n in sorted(key.items())],
        "messages": [[list(k), n] for k, n in sorted(messages.items())],
        "base_mb": base,
        "graph_mb": graph_mb,
        "peak_mb": rss_mb(),
    }


def worker_queries(p: dict) -> dict:
    import multiprocessing as mp

    from mscexo_ld.query import bind_params, list_queries, run_oxigraph, run_rdflib

    engine, reps, path, budget = p["engine"], p["reps"], p["path"], p["budget"]
    gc.collect()
    base = current_rss_mb()
    t = time.perf_counter()
    if engine == "rdflib":
        from rdflib import Graph

        store: Any = Graph()
        store.parse(path, format="nt")
    else:
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
    load_s = time.perf_counter() - t
    loaded_mb = current_rss_mb()
    # Warm up once in this process (rdflib builds its SPARQL grammar on first use), so that a
    # forked child does not pay it again with every query.
    list(store.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"))

    def measure(q, params, queue) -> None:
        """In the forked child: one message per repetition, the answer's digest last."""
        result = None
        for _ in range(reps):
            t0 = time.perf_counter()
            result = (run_rdflib if engine == "rdflib" else run_oxigraph)(store, q, params)
            queue.put(("rep", time.perf_counter() - t0))
        rows = result.as_tuples()
        queue.put(("done", len(rows), digest_rows(rows)))

    out = {}
    ctx = mp.get_context("fork")
    for i, q in enumerate(list_queries()):
        params = bind_params(q, {})
        # Each query runs in a forked child; every repetition must finish within the budget.
        queue = ctx.Queue()
        proc = ctx.Process(target=measure, args=(q, params, queue))
        proc.start()
        times: list[float] = []
        try:
            for _ in range(reps):
                times.append(queue.get(timeout=budget)[1])
            _, rows, digest = queue.get(timeout=budget)
            out[q.name] = {"times": times, "rows": rows, "digest": digest}
        except Exception:
            out[q.name] = {"over_budget": True, "times_within_budget": times}
        proc.terminate()
        proc.join()
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
    from mscexo_ld.validate.shacl import load_shapes

    if p["engine"] == "pyshacl":
        from pyshacl import validate
    else:
        from pyshacl_turbo import validate
    shapes, ontology = load_shapes(), load_ontology()
    out = {}
    t = time.perf_counter()
    for case in sorted(C.SHAPE_CASES_DIR.glob("*.ttl")):
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


def spawn(stage: str, params: dict, tmp: Path, timeout: float | None = None) -> dict | None:
    """Run one worker in a fresh process (its own session); None when it failed or timed out."""
    out = tmp / f"result-{stage}-{os.getpid()}-{time.monotonic_ns()}.json"
    params = {**params, "out": str(out)}
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--worker", stage, json.dumps(params)], start_new_session=True
    )
    try:
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the worker and any child it forked
        proc.wait()
        say(f"  worker {stage} {params.get('engine', '')} passed its {timeout:.0f} s limit: stopped")
        return None
    if code != 0 or not out.is_file():
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
        self.cases: dict = {}

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
                    rec["parse"][engine] = spawn("parse", {"engine": engine, "path": str(nt), "reps": reps}, tmp)
                r = rec["parse"][engine]
                if r and r["count"] != n:
                    self.failures.append(f"[{label}] {engine} parsed {r['count']:,} triples, the generator wrote {n:,}")

        if "shacl" in a.stages:
            rec["shacl"] = {}
            engines = [("pyshacl", reps_for(n, "slow", a))]
            if self.turbo:
                engines.append(("turbo", reps_for(n, "fast", a)))
                if not a.quick:
                    engines.append(("turbo-file", reps_for(n, "slow", a)))
            for engine, reps in engines:
                with self.load.stage(f"[{label}] shacl {engine}"):
                    rec["shacl"][engine] = spawn(
                        "shacl", {"engine": engine, "path": str(nt), "reps": reps, "budget": a.shacl_budget}, tmp
                    )
            self.compare_shacl(label, rec, gen["meta"]["expected_violations"])

        if "queries" in a.stages:
            rec["queries"] = self.queries(label, nt, n, tmp)

        if "server" in a.stages:
            with self.load.stage(f"[{label}] server"):
                rec["server"] = self.server(label, nt, tmp, rec.get("queries", {}).get("oxigraph"))
        nt.unlink()

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
        ref = res.get("pyshacl")
        for engine in ("turbo", "turbo-file"):
            r = res.get(engine)
            if not r or not r["times"]:
                continue
            if not ref or ref["over_budget"] or not ref["times"]:
                r["agree"] = None  # nothing to compare with; checked against the injected set instead
                if not r.get("expected_ok"):
                    self.failures.append(f"[{label}] {engine} did not find exactly the injected violations")
                continue
            same = r["conforms"] == ref["conforms"] and r["results"] == ref["results"]
            r["agree"] = same
            r["messages_agree"] = r["messages"] == ref["messages"]
            if not same:
                a = Counter({tuple(k): v for k, v in ref["results"]})
                b = Counter({tuple(k): v for k, v in r["results"]})
                self.failures.append(
                    f"[{label}] SHACL results differ, pySHACL vs {engine}: only pySHACL "
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
            if r.get("over_budget") or o.get("over_budget"):
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
        rec: dict[str, Any] = {"build": [], "validate": [], "checks": {}}
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
            "release", nt, rec["triples"], tmp, reps_fast=a.release_query_repeat, reps_slow=a.release_query_repeat
        )

    def run_cases(self, tmp: Path) -> None:
        """pySHACL and pyshacl-turbo on every valid / invalid example of shapes/cases/."""
        with self.load.stage("[shape cases] pySHACL vs pyshacl-turbo"):
            py = spawn("cases", {"engine": "pyshacl"}, tmp)
            tb = spawn("cases", {"engine": "turbo"}, tmp)
        if not py or not tb:
            self.failures.append("[shape cases] a worker failed")
            return
        differ = [
            name
            for name in py["cases"]
            if (py["cases"][name]["conforms"], py["cases"][name]["results"])
            != (tb["cases"].get(name, {}).get("conforms"), tb["cases"].get(name, {}).get("results"))
        ]
        msgs = [
            name for name in py["cases"] if py["cases"][name]["messages"] != tb["cases"].get(name, {}).get("messages")
        ]
        self.cases = {
            "n": len(py["cases"]),
            "invalid": sum(1 for c in py["cases"].values() if not c["conforms"]),
            "results": sum(n for c in py["cases"].values() for _, n in c["results"]),
            "differ": differ,
            "messages_differ": msgs,
            "py_s": py["seconds"],
            "turbo_s": tb["seconds"],
        }
        for name in differ:
            self.failures.append(f"[shape cases] {name}: pySHACL and pyshacl-turbo give different results")

    # ------------------------------------------------------------------ report

    def report(self) -> str:
        a = self.args
        v = versions()
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
            lines.append("## SHACL validation (shapes/, inference none, advanced) on the parsed graph")
            lines.append("")
            if not self.turbo:
                lines.append(
                    "pyshacl-turbo: " + ("disabled (--no-turbo)" if a.no_turbo else "not installed") + "; pySHACL only."
                )
                lines.append("")
            lines.append(
                "| size | pySHACL s | pyshacl-turbo s | ratio | turbo from file s | results | injected found "
                "(pySHACL / turbo) | same results as pySHACL | peak MB pySHACL / turbo |"
            )
            lines.append("|---|---:|---:|---:|---:|---:|---|---|---|")
            for r in self.sizes:
                sh = r.get("shacl")
                if not sh:
                    continue
                py, tb, tf = sh.get("pyshacl"), sh.get("turbo"), sh.get("turbo-file")
                tp = _shacl_time(py, a.shacl_budget)
                tt = _shacl_time(tb, a.shacl_budget)
                tff = _shacl_time(tf, a.shacl_budget)
                ratio = _ratio(
                    med(py["times"]) if py and py["times"] else (a.shacl_budget if py else None),
                    med(tb["times"]) if tb and tb["times"] else None,
                    lower=bool(py and py["over_budget"]),
                )
                nres = sum(x[1] for x in (py or tb or {"results": []})["results"]) if (py or tb) else 0
                inj = f"{_yn((py or {}).get('expected_ok'))} / {_yn((tb or {}).get('expected_ok'))}"
                agree = (
                    "n/a"
                    if not tb
                    else (
                        "not compared"
                        if tb.get("agree") is None
                        else (
                            "yes" + ("" if tb.get("messages_agree") else " (messages differ)")
                            if tb["agree"] and (not tf or tf.get("agree") in (True, None))
                            else "**NO**"
                        )
                    )
                )
                peak = f"{_n(py['peak_mb'] if py else None)} / {_n(tb['peak_mb'] if tb else None)}"
                lines.append(f"| {r['label']} | {tp} | {tt} | {ratio} | {tff} | {nres} | {inj} | {agree} | {peak} |")
        if self.cases:
            c = self.cases
            lines.append("")
            lines.append(
                f"Shape examples (shapes/cases/, {c['n']} files, {c['invalid']} invalid, {c['results']} results in all): "
                f"pySHACL {c['py_s']:.2f} s, pyshacl-turbo {c['turbo_s']:.2f} s; "
                + ("identical results" if not c["differ"] else f"**different results in {', '.join(c['differ'])}**")
                + (" and messages" if not c["messages_differ"] else f"; messages differ in {len(c['messages_differ'])}")
                + "."
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
                    f"### {label}: {n:,} triples (median / max ms{'; HTTP = one request through the server' if label != 'release' else ''})"
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
                    if r.get("over_budget"):
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

    def _query_summary(self, label: str, n: int, q: dict) -> str:
        a = self.args
        ox, rl = q.get("oxigraph"), q.get("rdflib")
        if not ox or not rl:
            return f"| {label} | {n:,} | | a worker failed | | | | | |"
        ratios, over, ox_over, differ, srl, sox = [], 0, 0, 0, 0.0, 0.0
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
            f" ({compared} compared)" if compared != len(ox["queries"]) else ""
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


def _shacl_time(r: dict | None, budget: float) -> str:
    if not r:
        return "n/a"
    if r["over_budget"] and not r["times"]:
        return f"> {budget:.0f}"
    return _s(med(r["times"]))


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


# ============================================================================ main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "--sizes", default="10k,100k,1M", help="target triple counts, e.g. 10k,100k,1M (default: %(default)s)"
    )
    p.add_argument("--stages", default=",".join(STAGES), help="per-size stages to run (default: %(default)s)")
    p.add_argument("--no-release", action="store_true", help="skip the real-release check loop and queries")
    p.add_argument("--no-turbo", action="store_true", help="leave pyshacl-turbo out even when installed")
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
        "--shacl-budget", type=float, default=600.0, help="seconds one SHACL validation may run (default: %(default)s)"
    )
    p.add_argument(
        "--canonical-max",
        type=int,
        default=150_000,
        help="largest graph for the canonical sorted N-Triples timing (default: %(default)s)",
    )
    p.add_argument("--clients", default="1,8", help="concurrent HTTP clients, comma-separated (default: %(default)s)")
    p.add_argument("--load-seconds", type=float, default=10.0, help="seconds of HTTP load per client count")
    p.add_argument("--release-repeat", type=int, default=3, help="timed runs of build + validate on the release")
    p.add_argument("--release-query-repeat", type=int, default=20, help="repetitions per canned query on the release")
    p.add_argument(
        "--out", default=str(HERE / "results" / "pipeline.md"), help="Markdown results file (default: %(default)s)"
    )
    p.add_argument("--tmp", default=None, help="scratch folder (default: a new temporary folder)")
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
    try:
        args.size_list = [S.parse_size(x) for x in args.sizes.split(",") if x.strip()]
        args.clients = [int(x) for x in args.clients.split(",") if x.strip()]
    except ValueError as exc:
        p.error(str(exc))
    args.stages = [s.strip() for s in args.stages.split(",") if s.strip()]
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
    args = parse_args(argv)
    run = Run(args)
    started = time.perf_counter()
    say(
        f"sizes {', '.join(S.size_label(n) for n in args.size_list)}; stages {', '.join(args.stages)}; "
        f"pyshacl-turbo {'on' if run.turbo else 'off'}; load average {Load.loadavg():.2f}"
    )
    tmp_ctx = tempfile.TemporaryDirectory(prefix="mscexo-bench-", dir=args.tmp)
    with tmp_ctx as tmp_name:
        tmp = Path(tmp_name)
        if not args.no_release:
            run.run_release(tmp)
        if "shacl" in args.stages and run.turbo and not args.quick:
            run.run_cases(tmp)
        for target in args.size_list:
            run.run_size(target, tmp)
    text = run.report()
    text += f"\nTotal wall time {time.perf_counter() - started:.0f} s.\n"
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    raw = {
        "sizes": run.sizes,
        "release": run.release,
        "cases": run.cases,
        "load": run.load.rows,
        "failures": run.failures,
        "notes": run.notes,
        "versions": versions(),
        "args": dict(vars(args)),
    }
    out.with_suffix(".json").write_text(json.dumps(raw, indent=1, default=str), encoding="utf-8")
    say(f"written {out} and {out.with_suffix('.json').name}")
    if run.failures:
        for f in run.failures:
            print(f"DIFFERENT: {f}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
