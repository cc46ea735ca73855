"""A real SPARQL 1.1 server for the release: the ``oxigraph`` server, read-only.

``serve`` loads ``build/mscexo.nt`` into an Oxigraph store (a temporary folder unless
``--store`` names one) with ``oxigraph load``, then runs ``oxigraph serve-read-only`` bound to
loopback. SPARQL Update is refused by the server itself (read-only mode); ``--timeout`` is the
server's own per-request timeout. Ctrl-C or SIGTERM stops the server and removes the store.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import FrameType


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable of the PyPI package ``oxigraph`` (beside this Python, or on PATH)."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise FileNotFoundError("the `oxigraph` server executable is missing; install it with `pip install oxigraph`")
    return found


def load_store(nt_file: Path, location: Path) -> None:
    subprocess.run([oxigraph_binary(), "load", "--location", str(location), "--file", str(nt_file)],
                   check=True, capture_output=True, text=True)


def wait_until_up(url: str, *, seconds: float = 30.0, process: subprocess.Popen[bytes] | None = None) -> None:
    """Poll the query URL with an ASK until it answers; raise if the process dies or time runs out."""
    data = b"ASK { }"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/sparql-query"})
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"no answer from {url} within {seconds:.0f} s")


def start_server(location: Path, host: str, port: int, *, timeout_s: int | None, read_only: bool = True,
                 log: Path | None = None) -> subprocess.Popen[bytes]:
    command = [oxigraph_binary(), "serve-read-only" if read_only else "serve", "--location", str(location),
               "--bind", f"{host}:{port}"]
    if timeout_s:
        command += ["--timeout-s", str(timeout_s)]
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - the file lives as long as the server
    return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)


def serve(nt_file: Path, host: str, port: int, *, timeout_s: int | None, store: Path | None,
          say: Callable[[str], None]) -> int:
    """Run the read-only server until Ctrl-C / SIGTERM; return the exit code."""
    temporary = store is None
    location = Path(tempfile.mkdtemp(prefix="mscexo-store-")) if store is None else store
    process: subprocess.Popen[bytes] | None = None
    try:
        say(f"loading {nt_file} into {location}")
        load_store(nt_file, location)
        process = start_server(location, host, port, timeout_s=timeout_s)
        base = f"http://{host}:{port}"
        wait_until_up(f"{base}/query", process=process)
        print(f"SPARQL endpoint (read-only): {base}/query", flush=True)
        print(f"query UI:                    {base}/", flush=True)
        say("press Ctrl-C to stop")
        stop = {"signal": None}

        def handler(signum: int, _frame: FrameType | None) -> None:
            stop["signal"] = signum

        previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            while stop["signal"] is None and process.poll() is None:
                time.sleep(0.2)
        finally:
            for s, h in previous.items():
                signal.signal(s, h)
        if process.poll() is not None:
            say(f"the server exited unexpectedly with code {process.returncode}")
            return 1
        say("stopping")
        return 0
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if temporary:
            shutil.rmtree(location, ignore_errors=True)
