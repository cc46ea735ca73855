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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from http.server import ThreadingHTTPServer


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
    """Load the N-Triples file into an on-disk Oxigraph store at ``location`` with ``oxigraph load``."""
    subprocess.run(
        [oxigraph_binary(), "load", "--location", str(location), "--file", str(nt_file)],
        check=True,
        capture_output=True,
        text=True,
    )


def wait_until_up(
    url: str, *, seconds: float = 30.0, process: subprocess.Popen[bytes] | subprocess.Popen[str] | None = None
) -> None:
    """Poll the query URL with an ASK until it answers; raise if the process dies or time runs out.

    A GET, which every SPARQL server answers (Virtuoso 7.2 never answers a direct POST).
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"no answer from {url} within {seconds:.0f} s")


def start_server(
    location: Path, host: str, port: int, *, timeout_s: int | None, read_only: bool = True, log: Path | None = None
) -> subprocess.Popen[bytes]:
    """Start ``oxigraph serve-read-only`` (or ``serve``) on the store at ``location``; output to ``log`` or nowhere."""
    command = [
        oxigraph_binary(),
        "serve-read-only" if read_only else "serve",
        "--location",
        str(location),
        "--bind",
        f"{host}:{port}",
    ]
    if timeout_s:
        command += ["--timeout-s", str(timeout_s)]
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - the file lives as long as the server
    return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)


def stop_process(process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Terminate a server process, and kill it if it has not exited within ``timeout`` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_site_server(folder: Path, host: str, port: int) -> ThreadingHTTPServer:
    """Serve the build folder's static files (the site links to ``../mscexo.ttl`` etc.) from a thread.

    Oxigraph's server serves SPARQL, not files; the standard library's HTTP server does that.
    """
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((host, port), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def serve(
    nt_file: Path,
    host: str,
    port: int,
    *,
    timeout_s: int | None,
    store: Path | None,
    say: Callable[[str], None],
    site_port: int | None = None,
) -> int:
    """Run the read-only server (and the site, on ``site_port``) until Ctrl-C / SIGTERM; return the exit code."""
    site = None
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
        if site_port is not None and (nt_file.parent / "site" / "index.html").is_file():
            site = start_site_server(nt_file.parent, host, site_port)
            print(f"site:                        http://{host}:{site_port}/site/index.html", flush=True)
        say("press Ctrl-C to stop")
        stop: dict[str, int | None] = {"signal": None}

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
        if site is not None:
            site.shutdown()
        if process is not None:
            stop_process(process)
        if temporary:
            shutil.rmtree(location, ignore_errors=True)
