"""A real SPARQL 1.1 server for the release: the ``oxigraph`` server, read-only.

Over 400 lines because the server, its site port (files and IRI content negotiation) and their
shared start and stop handling live together.

``serve`` loads ``build/mscexo.nt`` into an Oxigraph store (a temporary folder unless
``--store`` names one) with ``oxigraph load``, then runs ``oxigraph serve-read-only`` bound to
loopback. SPARQL Update is refused by the server itself (read-only mode); ``--timeout`` is the
server's own per-request timeout. Ctrl-C or SIGTERM stops the server and removes the store.
"""

from __future__ import annotations

import contextlib
import errno
import http.server
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from mscexo_ld import children
from mscexo_ld.resources import named_graphs_beside

if TYPE_CHECKING:
    from http.server import ThreadingHTTPServer

#: The signals that stop ``serve``: Ctrl-C and SIGTERM.
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
#: Temporary stores are named with the pid of their ``serve``, so a later run removes those of dead ones.
STORE_PREFIX = "mscexo-store-"
#: The site's folder in a build folder (the site port serves the build folder: ``/site/index.html``).
SITE_FOLDER = "site"
#: The server processes started and not yet stopped (see :func:`spawn` and :func:`stop_process`).
CHILDREN: set[subprocess.Popen[bytes]] = set()


def listened_by(pid: int, port: int) -> bool | None:
    """Whether process ``pid`` holds the socket listening on TCP ``port`` (Linux /proc); None where unknown.

    The answer to the health check could come from another server that took the port after our
    check that it was free: only a listening socket among our child's file descriptors proves it is ours.
    """
    listening: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                listening.add(fields[9])  # 0A: LISTEN; field 9: the socket's inode
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return None
    sockets = {f"socket:[{inode}]" for inode in listening}
    for fd in fds:
        with contextlib.suppress(OSError):  # a descriptor closed meanwhile
            if os.readlink(fd) in sockets:
                return True
    return False


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable of the PyPI package ``oxigraph`` (beside this Python, or on PATH)."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise FileNotFoundError("the `oxigraph` server executable is missing; install it with `pip install oxigraph`")
    return found


def die_with_parent() -> None:
    """In a child between fork and exec: unblock the stop signals, and on Linux die when the parent dies."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    children.die_with_parent()


def spawn(command: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
    """Start ``command`` in its own process group, dying with this process; stop signals held while it starts.

    With SIGINT and SIGTERM blocked around the fork, a signal cannot land after the child exists but
    before its handle is kept in :data:`CHILDREN` (where ``serve``'s cleanup finds it); it is handled
    right after.
    """
    main_thread = threading.current_thread() is threading.main_thread()
    if main_thread:
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        process = subprocess.Popen(
            command,
            start_new_session=True,
            # only calls that take no lock run between fork and exec (libc was loaded before the fork)
            preexec_fn=die_with_parent if main_thread else None,  # noqa: PLW1509
            **kwargs,
        )
        CHILDREN.add(process)
        return process
    finally:
        if main_thread:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def load_store(nt_file: Path, location: Path) -> None:
    """Load the N-Triples file into an on-disk Oxigraph store at ``location`` with ``oxigraph load``.

    RuntimeError with oxigraph's last message when it fails (a file that is no graph, a store
    folder that cannot be written).
    """
    process = spawn(
        [oxigraph_binary(), "load", "--location", str(location), "--file", *_with_direct_edges(nt_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        output, _ = process.communicate()
    finally:
        stop_process(process)
    if process.returncode != 0:
        lines = [line for line in output.decode("utf-8", "replace").splitlines() if line.strip()]
        raise RuntimeError(f"`oxigraph load` of {nt_file} into {location} failed: {lines[-1] if lines else '?'}")


def _with_direct_edges(nt_file: Path) -> list[str]:
    """The release graph and the named graphs beside it (N-Quads: direct edges, hierarchy closure)."""
    return [str(nt_file)] + [str(quads) for quads in named_graphs_beside(nt_file)]


class PortInUseError(RuntimeError):
    """The port the server should listen on is taken by another process."""


def ensure_port_free(host: str, port: int, what: str = "port") -> None:
    """Bind ``host:port`` for a moment; PortInUseError when another process listens there.

    Without it the health check would be answered by the other server, as if ours had started.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise RuntimeError(f"cannot resolve --host {host}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a closed port in TIME_WAIT is free
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortInUseError(
                    f"{what} {port} on {host} is already in use by another process; stop it or choose another "
                    f"{'--port' if what == 'port' else '--site-port'}"
                ) from None
            raise RuntimeError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def wait_until_up(
    url: str,
    *,
    seconds: float = 30.0,
    process: subprocess.Popen[bytes] | subprocess.Popen[str] | None = None,
    stop: Callable[[], bool] = lambda: False,
    name: str = "the server",
) -> None:
    """Poll the query URL with an ASK until it answers; raise if the process dies or time runs out.

    A GET, which every SPARQL server answers (Virtuoso 7.2 never answers a direct POST). Returns
    early, without an answer, as soon as ``stop()`` is true (a stop signal during start-up).
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not stop():
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{name} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    if not stop():
        raise TimeoutError(f"no answer from {name} at {url} within {seconds:.0f} s")


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
    return spawn(command, stdout=out, stderr=subprocess.STDOUT)


def stop_process(process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Terminate a server process, and kill it if it has not exited within ``timeout`` seconds."""
    CHILDREN.discard(process)
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class _SiteServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """The standard library's threading HTTP server, with one log line per failed request instead of a traceback."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: Any, log: Callable[[str], None]) -> None:
        super().__init__(address, handler)
        self.log = log

    def handle_error(self, request: Any, client_address: Any) -> None:  # noqa: ARG002 - the base's signature
        """A client that hung up early, or any other fault of one request: one line."""
        exc = sys.exc_info()[1]
        peer = f"{client_address[0]}:{client_address[1]}" if isinstance(client_address, tuple) else "a client"
        if isinstance(exc, (ConnectionError, TimeoutError)):
            self.log(f"site: {peer} disconnected early")
        else:
            self.log(f"site: request from {peer} failed: {type(exc).__name__}: {exc}")


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, quietly: a malformed URL (a NUL byte, bad escapes) is a 400 and one log line.

    Under ``/mscexo/`` it answers as w3id.org does for ``https://w3id.org/mscexo/``: each IRI path
    is a ``303 See Other`` to the site's file for the request's ``Accept`` header
    (:func:`mscexo_ld.query.conneg.resolve`), so ``http://127.0.0.1:<site port>/mscexo/id/gene/PTEN``
    stands for ``https://w3id.org/mscexo/id/gene/PTEN``.
    """

    extensions_map = {  # noqa: RUF012 - the base class's attribute, extended
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".ttl": "text/turtle",
        ".jsonld": "application/ld+json",
        ".owl": "application/rdf+xml",
        ".nt": "application/n-triples",
        ".trig": "application/trig",
        ".nq": "application/n-quads",
        ".tsv": "text/tab-separated-values",
    }

    def log_message(self, format: str, *args: object) -> None:
        """Nothing for each request."""

    def _negotiate(self) -> bool:
        """Answer a request for an IRI path with its redirect (or 404); False for any other path."""
        from mscexo_ld.query import conneg

        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if not (path + "/").startswith(conneg.W3ID_PATH):
            return False
        found = conneg.resolve(path[len(conneg.W3ID_PATH) :], self.headers.get("Accept"))
        if found is None:
            self.send_error(404, "no such IRI")
            return True
        self.send_response(303)
        self.send_header("Location", f"/{SITE_FOLDER}/{found[0]}")
        self.send_header("Vary", "Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()
        return True

    def do_GET(self) -> None:
        """A file, or the redirect of an IRI path."""
        if not self._negotiate():
            super().do_GET()

    def do_HEAD(self) -> None:
        """As GET, without the body."""
        if not self._negotiate():
            super().do_HEAD()

    def send_head(self) -> Any:
        """The file's headers, or 400 for a path the file system cannot hold."""
        try:
            return super().send_head()
        except ValueError as exc:  # e.g. "embedded null byte" from open()
            log: Callable[[str], None] = getattr(self.server, "log", lambda _m: None)
            log(f"site: malformed URL from {self.client_address[0]}: {self.path[:200]!r} ({exc})")
            self.send_error(400, "malformed URL")
            return None


def start_site_server(
    folder: Path, host: str, port: int, *, log: Callable[[str], None] | None = None
) -> ThreadingHTTPServer:
    """Serve the build folder's static files (``/site/index.html`` ...) and the IRIs under ``/mscexo/``, from a thread.

    Oxigraph's server serves SPARQL, not files; the standard library's HTTP server does that. A client
    that hangs up early or a malformed URL is one line to ``log`` (default: stderr), never a traceback.
    """
    import functools

    write = log or _stderr
    lock = threading.Lock()

    def one_line_at_a_time(message: str) -> None:
        # The handler threads log concurrently: a lock keeps each message on a line of its own.
        with lock:
            write(message)

    server = _SiteServer((host, port), functools.partial(_SiteHandler, directory=str(folder)), one_line_at_a_time)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server  # type: ignore[return-value]  # the same interface as ThreadingHTTPServer


def _show(line: str) -> None:
    """A URL on stdout; when nobody reads stdout any more, the server still serves (stdout goes to /dev/null)."""
    from mscexo_ld.exits import silence_stdout

    try:
        print(line, flush=True)
    except BrokenPipeError:
        silence_stdout()


def _stderr(message: str) -> None:
    sys.stderr.write(message + "\n")  # one write: a line is never split by another thread's
    sys.stderr.flush()


class _Stopped(BaseException):
    """SIGINT or SIGTERM arrived: unwind to ``serve``'s cleanup from wherever it was."""


def remove_stale_stores(folder: Path | None = None) -> None:
    """Remove the temporary stores of ``serve`` runs that were killed (their pid no longer runs)."""
    for store in Path(folder or tempfile.gettempdir()).glob(f"{STORE_PREFIX}*-*"):
        pid = store.name[len(STORE_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists() and sys.platform.startswith("linux"):
            shutil.rmtree(store, ignore_errors=True)


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
    """Run the read-only server (and the site, on ``site_port``) until Ctrl-C / SIGTERM; return the exit code.

    The stop signals are handled from the first line: a signal at any moment stops the server (which
    also dies with this process, see :func:`spawn`) and removes the temporary store. PortInUseError
    when ``port`` or ``site_port`` is taken.
    """
    state = {"raise": True}

    def handler(signum: int, _frame: FrameType | None) -> None:
        if state["raise"]:
            state["raise"] = False
            raise _Stopped(signum)

    main_thread = threading.current_thread() is threading.main_thread()
    previous = {s: signal.signal(s, handler) for s in STOP_SIGNALS} if main_thread else {}
    site = None
    location: Path | None = store
    others = set(CHILDREN)
    try:
        site_wanted = site_port is not None and (nt_file.parent / "site" / "index.html").is_file()
        ensure_port_free(host, port)
        if site_wanted and site_port is not None:
            ensure_port_free(host, site_port, "site port")
        if store is None:
            remove_stale_stores()
            location = Path(tempfile.mkdtemp(prefix=f"{STORE_PREFIX}{os.getpid()}-"))
        assert location is not None
        say(f"loading {nt_file} into {location}")
        load_store(nt_file, location)
        process = start_server(location, host, port, timeout_s=timeout_s)
        base = f"http://{host}:{port}"
        wait_until_up(f"{base}/query", process=process)
        if listened_by(process.pid, port) is False:
            raise PortInUseError(f"port {port} on {host} was taken by another process while the server started")
        _show(f"SPARQL endpoint (read-only): {base}/query")
        _show(f"query UI:                    {base}/")
        if site_wanted and site_port is not None:
            site = start_site_server(nt_file.parent, host, site_port, log=say)
            _show(f"site:                        http://{host}:{site_port}/site/index.html")
            _show(f"IRIs (as w3id.org/mscexo/):  http://{host}:{site_port}/mscexo/id/gene/PTEN")
        say("press Ctrl-C to stop")
        while process.poll() is None:
            time.sleep(0.2)
        say(f"the server exited unexpectedly with code {process.returncode}")
        return 1
    except _Stopped:
        say("stopping")
        return 0
    finally:
        state["raise"] = False  # a second signal must not cut the cleanup short
        if site is not None:
            site.shutdown()
        for child in CHILDREN - others:  # ours, even one whose start a signal interrupted
            stop_process(child)
        if store is None and location is not None:
            shutil.rmtree(location, ignore_errors=True)
        for s, h in previous.items():
            signal.signal(s, h)
