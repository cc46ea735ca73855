"""Embedded SPARQL engines side by side on the release: pyoxigraph (the one ``query`` uses), Apache
Jena ARQ in the same process (through JPype), maplib and Owlready2.

Issue 17 asks for no canned query over 2 ms on the release. Before pyoxigraph's times are called
a floor, every embedded SPARQL engine a Python user can install here runs every canned query on
the release with the same text (its default parameters as a VALUES block, as ``query`` binds
them), and its answer is compared with pyoxigraph's.

For each engine and query: --warmup untimed runs, then --repeat timed runs of the engine alone:
the query, and its whole answer read out in the engine's own form (pyoxigraph's solutions and
terms; Jena's ResultSet consumed in Java; maplib's DataFrame; Owlready2's rows). The median
is printed with its ratio to pyoxigraph's. Then one more run gives the answer as SPARQL 1.1 JSON
results, made into the project's ``Result`` as an endpoint's answer is, and compared row for row
with ``run_oxigraph``'s (the canned query's list columns sorted the same way; row order and column
order aside: maplib answers its own column order). Owlready2 keeps a query's translation to SQL
by its text, so its times after the first run leave the translation out.

The release is loaded as ``query`` loads it: pyoxigraph reads the named graphs (direct edges,
hierarchy) only for a query that reads them; Jena always reads them (its named graphs have
indexes of their own); maplib and Owlready2 read the N-Triples only, and skip a query that
reads a named graph.

Each engine runs in a child process of its own (``--worker ENGINE``), so that a JVM, or one
engine's memory, does not touch another's times. An engine that is not installed is reported
with how to install it:

    pip install 'mscexo-ld[engines]'     # jpype1 and maplib (Owlready2 is a dependency already)
    bash scripts/fetch-fuseki.sh          # Jena's jars, into .cache/fuseki/lib

Usage:

    python benchmarks/engines.py [--build build] [--repeat 20] [--warmup 5] [--engines pyoxigraph,jena,...]
                                 [--out benchmarks/results/engines.md]

Exit status: 0 when the run finished (whatever the engines answered); 1 when pyoxigraph, the
reference, failed; 2 on a usage error.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mscexo_ld import constants as C
from mscexo_ld.query import bind_params, list_queries, run_oxigraph
from mscexo_ld.query.embedded import load_store, with_values
from mscexo_ld.query.guard import reads_named_graphs
from mscexo_ld.query.results import XSD, Result, result_from_json
from mscexo_ld.resources import jena_home, named_graphs_beside

ENGINES = ("pyoxigraph", "jena", "maplib", "owlready2")
INSTALL = {
    "jena": "pip install jpype1 (or 'mscexo-ld[engines]') and bash scripts/fetch-fuseki.sh",
    "maplib": "pip install maplib (or 'mscexo-ld[engines]')",
    "owlready2": "pip install owlready2",
}
TARGET_MS = 2.0


def say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- one engine (in its child)


class Engine:
    """An engine loaded with the release: ``native(text)`` reads the whole answer in the engine's
    own form and returns its row count; ``as_json(text)`` gives SPARQL 1.1 JSON results."""

    named_graphs = False  # whether it holds the named graphs (a query that reads them is skipped if not)

    def native(self, text: str) -> int:
        raise NotImplementedError

    def as_json(self, text: str) -> dict[str, Any]:
        raise NotImplementedError


_reads = functools.lru_cache(maxsize=None)(reads_named_graphs)


class Oxigraph(Engine):
    named_graphs = True

    def __init__(self, nt: Path) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.plain, self.full = load_store(nt, named_graphs=False), load_store(nt)

    def store(self, text: str) -> Any:
        return self.full if _reads(text) else self.plain  # as `query` loads it (its text read once, untimed)

    def native(self, text: str) -> int:
        return len([tuple(s) for s in self.store(text).query(text)])

    def as_json(self, text: str) -> dict[str, Any]:
        data = self.store(text).query(text).serialize(format=self.ox.QueryResultsFormat.JSON)
        return dict(json.loads(data))


class Jena(Engine):
    named_graphs = True

    def __init__(self, nt: Path) -> None:
        import jpype
        import jpype.imports  # makes the Java packages importable

        lib = jena_home() / "lib"
        jars = sorted(str(p) for p in lib.glob("*.jar")) if lib.is_dir() else []
        if not jars:
            raise ModuleNotFoundError("no Jena jars in .cache/fuseki/lib")
        jpype.startJVM(classpath=jars)
        from java.io import ByteArrayOutputStream  # type: ignore[import-not-found]
        from org.apache.jena.query import (  # type: ignore[import-not-found]
            DatasetFactory,
            QueryExecutionFactory,
            ResultSetFormatter,
        )
        from org.apache.jena.riot import RDFDataMgr  # type: ignore[import-not-found]

        self.dataset = DatasetFactory.createTxnMem()
        for path in [nt, *named_graphs_beside(nt)]:
            RDFDataMgr.read(self.dataset, str(path))
        self.exec, self.fmt, self.buffer = QueryExecutionFactory, ResultSetFormatter, ByteArrayOutputStream

    def native(self, text: str) -> int:
        with self.exec.create(text, self.dataset) as execution:
            return int(self.fmt.consume(execution.execSelect()))  # every row made, in Java

    def as_json(self, text: str) -> dict[str, Any]:
        out = self.buffer()
        with self.exec.create(text, self.dataset) as execution:
            self.fmt.outputAsJSON(out, execution.execSelect())
        return dict(json.loads(bytes(out.toByteArray()).decode("utf-8")))


class Maplib(Engine):
    def __init__(self, nt: Path) -> None:
        from maplib import Model

        self.model = Model()
        self.model.read(str(nt), format="ntriples")

    def native(self, text: str) -> int:
        return int(self.model.query(text).height)

    def as_json(self, text: str) -> dict[str, Any]:
        return dict(json.loads(self.model.query(text, return_json=True)))


class Owlready(Engine):
    def __init__(self, nt: Path) -> None:
        import owlready2

        self.world = owlready2.World()
        with nt.open("rb") as fh:
            self.world.get_ontology("https://w3id.org/mscexo/release.nt").load(fileobj=fh, format="ntriples")
        self.locstr = owlready2.locstr

    def native(self, text: str) -> int:
        return len(list(self.world.sparql(text)))

    def as_json(self, text: str) -> dict[str, Any]:
        prepared = self.world.prepare_sparql(text)
        names = [str(v).lstrip("?") for v in getattr(prepared, "column_names", [])]
        rows = [list(r) for r in prepared.execute()]
        width = max((len(r) for r in rows), default=len(names))
        names = names if len(names) == width else [f"c{i}" for i in range(width)]
        bindings = [{n: self._term(v) for n, v in zip(names, r, strict=False) if v is not None} for r in rows]
        return {"head": {"vars": names}, "results": {"bindings": bindings}}

    def _term(self, v: Any) -> dict[str, str]:
        if hasattr(v, "iri"):
            return {"type": "uri", "value": v.iri}
        if isinstance(v, self.locstr):
            return {"type": "literal", "value": str(v), "xml:lang": v.lang}
        if isinstance(v, bool):
            return {"type": "literal", "value": str(v).lower(), "datatype": XSD + "boolean"}
        if isinstance(v, int):
            return {"type": "literal", "value": str(v), "datatype": XSD + "integer"}
        return {"type": "literal", "value": str(v)}


MAKERS: dict[str, Callable[[Path], Engine]] = {
    "pyoxigraph": Oxigraph,
    "jena": Jena,
    "maplib": Maplib,
    "owlready2": Owlready,
}


def worker(name: str, nt: Path, repeat: int, warmup: int) -> dict[str, Any]:
    """Every canned query on one engine; the answers compared with ``run_oxigraph``'s."""
    started = time.perf_counter()
    try:
        engine = MAKERS[name](nt)
    except (ImportError, ModuleNotFoundError) as exc:
        return {"not_installed": f"{exc} ({INSTALL.get(name, '')})"}
    load_s = time.perf_counter() - started
    reference = engine if isinstance(engine, Oxigraph) else Oxigraph(nt)  # run_oxigraph's answers, to compare
    out: dict[str, Any] = {}
    for q in list_queries():
        params = bind_params(q, {})
        text = with_values(q.text, params)
        reads = _reads(text)
        if reads and not engine.named_graphs:
            out[q.name] = {"skipped": "reads a named graph, which this engine was not given"}
            continue
        try:
            rows = 0
            for _ in range(warmup):
                rows = engine.native(text)
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                rows = engine.native(text)
                times.append(time.perf_counter() - t0)
            answer = result_from_json(engine.as_json(text), q.sorted_lists)
        except Exception as exc:  # an engine's own error on this query: reported, the run goes on
            out[q.name] = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''}"}
            continue
        expected = run_oxigraph(reference.store(text), q, params)
        out[q.name] = {
            "ms": statistics.median(times) * 1000,
            "rows": rows,
            "same": _key(answer) == _key(expected),
            "expected_rows": len(expected.rows),
        }
        if name == "pyoxigraph":  # the product's whole path beside the engine alone
            product = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                run_oxigraph(reference.store(text), q, params)
                product.append(time.perf_counter() - t0)
            out[q.name]["run_oxigraph_ms"] = statistics.median(product) * 1000
    return {"load_s": load_s, "queries": out}


def _key(result: Result) -> tuple[list[str], list[str]]:
    """The answer's bindings, row order and column order aside (maplib answers its own column order)."""
    names = sorted(result.variables)
    return names, sorted(repr(tuple(r[v].value if v in r else None for v in names)) for r in result.rows)


# ----------------------------------------------------------------------------- the run


def run_engine(name: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", name, "--build", str(args.build)]
    command += ["--repeat", str(args.repeat), "--warmup", str(args.warmup)]
    say(f"[{time.strftime('%H:%M:%S')}] {name} ...")
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"failed": f"did not finish in {args.timeout:g} s"}
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        return {"failed": f"exit {done.returncode}: {tail[:200]}"}
    return dict(json.loads(done.stdout))


def report(results: dict[str, dict[str, Any]], args: argparse.Namespace) -> str:
    ref = results["pyoxigraph"]["queries"]
    names = [n for n in ENGINES if n in results]
    versions = ", ".join(f"{n} {_version(n)}" for n in names)
    lines = [
        "# Embedded SPARQL engines on the release, side by side",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}; {versions}.",
        f"Each query: {args.warmup} untimed runs, then the median of {args.repeat}: the engine alone, "
        "its whole answer read out in its own form. `same`: the answer, as SPARQL JSON results, equals "
        "`run_oxigraph`'s row for row (column order aside). Ratio: the engine's time / pyoxigraph's (above 1x: slower).",
        "",
        "| engine | load s | queries answered the same | median ratio to pyoxigraph | queries over 2 ms | not answered |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for n in names:
        r = results[n]
        if "queries" not in r:
            lines.append(f"| {n} | | | | | {r.get('not_installed') or r.get('failed')} |")
            continue
        qs = r["queries"]
        same = [k for k, v in qs.items() if v.get("same")]
        ratios = [qs[k]["ms"] / ref[k]["ms"] for k in same if k in ref and "ms" in ref[k]]
        over = sum(1 for v in qs.values() if v.get("ms", 0) > TARGET_MS)
        other = [k for k, v in qs.items() if "ms" not in v]
        lines.append(
            f"| {n} | {r['load_s']:.2f} | {len(same)} of {len(qs)} "
            f"| {statistics.median(ratios):.2f}x | {over} | {len(other)} {'(' + ', '.join(other) + ')' if other else ''} |"
            if ratios
            else f"| {n} | {r['load_s']:.2f} | {len(same)} of {len(qs)} | n/a | {over} | {len(other)} |"
        )
    lines += ["", "| query | rows | " + " | ".join(f"{n} ms" for n in names) + " | pyoxigraph `run_oxigraph` ms |"]
    lines.append("|---|---:|" + "---:|" * len(names) + "---:|")
    order = sorted(ref, key=lambda k: -ref[k].get("ms", 0))
    for k in order:
        cells = []
        for n in names:
            v = results[n].get("queries", {}).get(k)
            if v is None:
                cells.append("")
            elif "ms" in v:
                mark = "" if v["same"] else f" **differs: {v['rows']} rows**"
                ratio = "" if n == "pyoxigraph" else f" ({v['ms'] / ref[k]['ms']:.1f}x)"
                cells.append(f"{v['ms']:.3f}{ratio}{mark}")
            else:
                cells.append("skipped" if v.get("skipped") else v.get("error", ""))
        lines.append(
            f"| {k} | {ref[k].get('expected_rows', '')} | "
            + " | ".join(cells)
            + f" | {ref[k].get('run_oxigraph_ms', 0):.3f} |"
        )
    return "\n".join(lines) + "\n"


def _version(name: str) -> str:
    from importlib import metadata

    dist = {"pyoxigraph": "pyoxigraph", "jena": "jpype1", "maplib": "maplib", "owlready2": "owlready2"}[name]
    try:
        version = metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"
    if name == "jena":
        arq = sorted((jena_home() / "lib").glob("jena-arq-*.jar")) if (jena_home() / "lib").is_dir() else []
        return f"{arq[0].stem.removeprefix('jena-arq-') if arq else '?'} (JPype {version})"
    return version


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n  python benchmarks/engines.py --engines pyoxigraph,jena --repeat 20",
    )
    parser.add_argument("--build", type=Path, default=C.ROOT / "build", help="build folder (default: build)")
    parser.add_argument("--engines", default=",".join(ENGINES), help=f"comma-separated (default: {','.join(ENGINES)})")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query (median reported)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed runs per query first")
    parser.add_argument("--timeout", type=float, default=900, help="seconds one engine's child may take")
    parser.add_argument("--out", type=Path, help="Markdown report (and a .json beside it)")
    parser.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    unknown = sorted(set(args.engines.split(",")) - set(ENGINES))
    if unknown:
        parser.error(f"--engines: unknown {', '.join(unknown)} (known: {', '.join(ENGINES)})")
    if args.repeat < 1 or args.warmup < 0:
        parser.error("--repeat must be at least 1 and --warmup at least 0")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    nt = args.build / C.GRAPH_NT
    if not nt.is_file():
        say(f"engines.py: {nt} not found; run `mscexo-ld build` first")
        return 2
    if args.worker:
        json.dump(worker(args.worker, nt, args.repeat, args.warmup), sys.stdout)
        return 0
    results = {}
    for name in ["pyoxigraph", *[n for n in args.engines.split(",") if n != "pyoxigraph"]]:
        results[name] = run_engine(name, args)
    if "queries" not in results["pyoxigraph"]:
        say(f"engines.py: pyoxigraph, the reference, failed: {results['pyoxigraph']}")
        return 1
    text = report(results, args)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        args.out.with_suffix(".json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        say(f"written {args.out} and {args.out.with_suffix('.json').name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
