"""Load on the deployment engine: N clients running the canned queries against `serve --server fuseki`.

For each graph (the release, and synthetic graphs such as 1M triples from ``synthetic.py``) it
starts a real ``mscexo-ld serve --server fuseki`` on a free loopback port, runs every canned query
once (the answer's row count becomes what every later answer must have), then lets ``--clients``
threads cycle through the queries for ``--seconds`` (each from a different start; no request is
started after the deadline, and each has ``--timeout`` seconds). It prints, per query, how many
answers came back, how many errors (HTTP error, time-out, answer cut off, a wrong row count), the
median and 95th percentile latency, then the totals and a PASS/FAIL line for the target of issues
14 and 17: 0 errors. The server is stopped with SIGTERM at the end.

    python benchmarks/server_load.py [--sizes release,1m] [--clients 8] [--seconds 20] [--timeout 60]

Clients ask for SPARQL JSON results, as SPARQLWrapper does, and parse them (``json``); parameters
travel as in ``query --endpoint`` (``remote.bind_as_values``). Everything listens on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from mscexo_ld import constants as C
from mscexo_ld.query import bind_params, list_queries
from mscexo_ld.query.canned import BoundParams
from mscexo_ld.query.fuseki import DATASET
from mscexo_ld.query.remote import bind_as_values
from mscexo_ld.resources import release_graph_file

ACCEPT = "application/sparql-results+json"


@dataclass
class Job:
    """One canned query with its default parameters, as sent over HTTP, and the rows its answer has."""

    name: str
    body: bytes
    rows: int = -1


@dataclass
class QueryStats:
    """What the clients saw for one query."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def jobs() -> list[Job]:
    """Every canned query with its default parameters, bound as ``query --endpoint`` binds them."""
    found = []
    for q in list_queries():
        params: BoundParams = bind_params(q, {})
        found.append(Job(q.name, urllib.parse.urlencode({"query": bind_as_values(q, params)}).encode()))
    return found


def ask(url: str, job: Job, timeout: float) -> int:
    """POST one query, read and parse the whole JSON answer; return its number of rows (raise on any fault)."""
    request = urllib.request.Request(
        url,
        data=job.body,
        method="POST",
        headers={"Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        doc = json.loads(response.read())
    return len(doc["results"]["bindings"])


def calibrate(url: str, work: list[Job], timeout: float) -> list[tuple[str, int, float]]:
    """Run each query once, alone: its row count (what the load must see) and its latency."""
    seen = []
    for job in work:
        started = time.perf_counter()
        job.rows = ask(url, job, timeout)
        seen.append((job.name, job.rows, time.perf_counter() - started))
    return seen


def load(
    url: str, work: list[Job], clients: int, seconds: float, timeout: float
) -> tuple[dict[str, QueryStats], float]:
    """``clients`` threads cycling through ``work`` for ``seconds``; per-query stats and the wall time."""
    stats = {job.name: QueryStats() for job in work}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(k: int) -> None:
        i = k * max(1, len(work) // clients)
        while time.monotonic() < deadline:
            job = work[i % len(work)]
            i += 1
            started = time.perf_counter()
            try:
                rows = ask(url, job, timeout)
                problem = None if rows == job.rows else f"{rows} rows, expected {job.rows}"
            except (OSError, ValueError, KeyError, urllib.error.URLError) as exc:  # HTTP errors, time-outs, cut-offs
                problem = f"{type(exc).__name__}: {str(exc)[:160]}"
            elapsed = time.perf_counter() - started
            with lock:
                if problem is None:
                    stats[job.name].latencies.append(elapsed)
                else:
                    stats[job.name].errors.append(problem)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + timeout + 30)  # a request started before the deadline ends by its time-out
    return stats, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered), math.ceil(p / 100 * len(ordered))) - 1)]


def report(
    stats: dict[str, QueryStats], wall: float, clients: int, seconds: float, label: str
) -> tuple[list[str], int]:
    """The table of one load run and its totals; returns the lines and the number of errors."""
    lines = [f"{'query':34} {'answers':>7} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8}"]
    everything: list[float] = []
    errors = 0
    for name, s in stats.items():
        everything += s.latencies
        errors += len(s.errors)
        p50 = f"{statistics.median(s.latencies) * 1000:8.0f}" if s.latencies else f"{'-':>8}"
        p95 = f"{percentile(s.latencies, 95) * 1000:8.0f}" if s.latencies else f"{'-':>8}"
        lines.append(f"{name:34} {len(s.latencies):7} {len(s.errors):6} {p50} {p95}")
        lines += [f"    error: {e}" for e in s.errors[:3]]
    if everything:
        lines.append(
            f"total: {len(everything)} answers in {wall:.1f} s ({len(everything) / wall:.1f}/s), {errors} errors, "
            f"latency p50 {statistics.median(everything) * 1000:.0f} ms, p95 {percentile(everything, 95) * 1000:.0f} ms, "
            f"max {max(everything) * 1000:.0f} ms"
        )
    lines.append(
        f"target: {clients} clients x {seconds:g} s over the canned queries on {label}, 0 errors: "
        f"{errors} errors, {len(everything)} answers {'PASS' if errors == 0 and everything else 'FAIL'}"
    )
    return lines, errors


@dataclass
class Server:
    """A running ``mscexo-ld serve --server fuseki``."""

    process: subprocess.Popen[str]
    url: str
    startup: float
    log: Path


def start_server(build: Path, port: int, timeout_s: int, log: Path) -> Server:
    """Start ``serve --server fuseki`` on ``build`` and wait (at most 15 minutes) for its endpoint line."""
    command = [sys.executable, "-m", "mscexo_ld", "serve", "--server", "fuseki", "--build", str(build)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--site-port", "0", "--timeout", str(timeout_s)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log.open("w"), text=True)
    assert process.stdout is not None
    timer = threading.Timer(900, process.terminate)  # bounded: a server that never comes up is stopped
    timer.start()
    try:
        line = process.stdout.readline()
    finally:
        timer.cancel()
    url = f"http://127.0.0.1:{port}/{DATASET}/query"
    if line.strip() != f"SPARQL endpoint (read-only): {url}":
        stop_server(Server(process, url, 0.0, log))
        raise RuntimeError(f"the server did not start: {line.strip()!r}; {log.read_text()[-500:]}")
    return Server(process, url, time.perf_counter() - started, log)


def stop_server(server: Server) -> int:
    """SIGTERM, as a service manager would; return the exit code."""
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
    try:
        return server.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.process.kill()
        return server.process.wait()


def free_port() -> int:
    """A free TCP port on loopback."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def graph_for(size: str, folder: Path) -> tuple[Path, str]:
    """A build folder holding ``mscexo.nt`` for ``size`` ('release' or e.g. '1m'), and its label."""
    build = folder / size
    build.mkdir(parents=True, exist_ok=True)
    nt = build / C.GRAPH_NT
    if size == "release":
        if not nt.exists():
            nt.write_bytes(release_graph_file().read_bytes())
        return build, f"the release ({sum(1 for _ in nt.open('rb')):,} triples)"
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import synthetic

    target = synthetic.parse_size(size)
    if not nt.exists():
        print(f"generating {size} synthetic triples ...", file=sys.stderr, flush=True)
        synthetic.write_ntriples(nt, target)
    return build, f"{synthetic.size_label(target)} synthetic triples"


def run_size(size: str, folder: Path, args: argparse.Namespace) -> tuple[list[str], int]:
    """Start the server on one graph, calibrate, load, stop; the report's lines and the error count."""
    build, label = graph_for(size, folder)
    server = start_server(build, free_port(), args.timeout, folder / f"{size}.serve.log")
    lines = [f"\n## {label}: up in {server.startup:.1f} s (including a first preparation of its database, if any)"]
    try:
        work = jobs()
        seen = calibrate(server.url, work, args.timeout)
        slowest = sorted(seen, key=lambda s: -s[2])[:3]
        lines.append(
            "alone, once: " + ", ".join(f"{n} {rows} rows {t * 1000:.0f} ms" for n, rows, t in slowest) + " (slowest 3)"
        )
        stats, wall = load(server.url, work, args.clients, args.seconds, args.timeout)
        table, errors = report(stats, wall, args.clients, args.seconds, label)
        lines += table
    finally:
        code = stop_server(server)
        lines.append(f"server stopped by SIGTERM: exit code {code}")
    return lines, errors + (code != 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes", default="release,1m", help="graphs: 'release' and/or synthetic sizes (default %(default)s)"
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0, help="how long the clients start new queries")
    parser.add_argument(
        "--timeout", type=int, default=60, help="the server's --timeout and each request's time-out (s)"
    )
    parser.add_argument("--data", help="folder for the graphs and server logs (default: a temporary folder)")
    parser.add_argument("--out", default=str(C.ROOT / "benchmarks" / "results" / "server_load.txt"))
    args = parser.parse_args()
    load_avg = os.getloadavg()[0]
    lines = [
        f"# server load: `serve --server fuseki`, {args.clients} clients x {args.seconds:g} s, timeout {args.timeout} s "
        f"({os.cpu_count()} cores, load average {load_avg:.1f} at the start: other processes share the machine)"
    ]
    failures = 0
    with tempfile.TemporaryDirectory(prefix="mscexo-server-load-") as tmp:
        folder = Path(args.data) if args.data else Path(tmp)
        for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
            print(f"running {size} ...", file=sys.stderr, flush=True)
            found, errors = run_size(size, folder, args)
            lines += found
            failures += errors
    text = "\n".join(lines) + "\n"
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
