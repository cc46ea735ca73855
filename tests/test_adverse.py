"""Every verb as a user runs it (``python -m mscexo_ld ...``), under adverse conditions.

Over 400 lines because it is one catalogue: every verb under every adverse condition, and the server's lifecycle.

An output folder that is read-only, an output path that is a file (or lies under one), a closed
stdout, inputs that are not UTF-8, no ``java``; and the server's lifecycle: SIGTERM at any moment,
a port already in use, clients that hang up early and malformed URLs. Each must end in one line
and a documented exit code (:mod:`mscexo_ld.exits`), never a traceback.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from mscexo_ld import constants as C
from mscexo_ld.exits import (
    EXIT_ENDPOINT,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_MISSING,
    EXIT_OK,
    EXIT_PIPE,
    EXIT_USAGE,
)

NOT_UTF8 = b"caf\xe9 \xff\xfe [1]\n"  # Latin-1, as a text editor on Windows might save it
RELEASE = ["release", "--version", "0.1.0", "--date", "2026-12-01"]


def mscexo(
    *args: object, stdout: int = subprocess.PIPE, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The command, exactly as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "mscexo_ld", *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def closed_stdout(*args: object) -> subprocess.CompletedProcess[str]:
    """The command with its stdout a pipe whose reader has already gone (``| head`` that has read enough)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return mscexo(*args, stdout=write)
    finally:
        os.close(write)


def one_line(done: subprocess.CompletedProcess[str], code: int, *fragments: str) -> str:
    """No traceback; exactly one error line, holding each fragment; the exit code ``code``."""
    assert "Traceback" not in done.stderr, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith(("error:", "internal error:"))]
    assert len(errors) == 1, done.stderr
    for fragment in fragments:
        assert fragment in errors[0], done.stderr
    assert done.returncode == code, (done.returncode, done.stderr)
    return errors[0]


@pytest.fixture()
def a_file(tmp_path: Path) -> Path:
    """A regular file where a folder is expected."""
    path = tmp_path / "a-file"
    path.write_text("not a folder\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A reference index holding exactly the committed cache's rows (so the cache verifies)."""
    path = tmp_path_factory.mktemp("index") / "terms.tsv.gz"
    path.write_bytes(gzip.compress(C.TERM_CACHE_FILE.read_bytes()))
    return path


@pytest.fixture(scope="module")
def latin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of inputs that are not UTF-8, and a build folder whose graph is not."""
    folder = tmp_path_factory.mktemp("latin")
    for name in ("query.rq", "review.txt", "graph.ttl", "graph.jsonld", "graph.nt", "skeleton.yaml", "terms.tsv"):
        (folder / name).write_bytes(NOT_UTF8)
    (folder / "query.rq").write_bytes(b'SELECT ?s WHERE { ?s ?p "caf\xe9" }\n')
    (folder / "graph.nt").write_bytes(b'<http://example.org/a> <http://example.org/b> "caf\xe9" .\n')
    (folder / "build").mkdir()
    shutil.copy(folder / "graph.nt", folder / "build" / C.GRAPH_NT)
    return folder


# ----------------------------------------------------------------------------- outputs


@pytest.mark.parametrize(
    ("verb", "args", "code"),
    [
        ("build", ["build", "--out", "{bad}/out"], EXIT_MISSING),
        ("release", [*RELEASE, "--out", "{bad}/releases"], EXIT_MISSING),
        ("new", ["new", "finding", "F900", "--out", "{bad}/new.yaml"], EXIT_MISSING),
        ("validate", ["validate", "--build", "{build}", "--checks", "shacl", "--shacl-report", "{bad}/r.ttl"], 4),
        ("terms", ["terms", "--refresh", "--index", "{index}", "--terms", "{bad}/terms.tsv"], EXIT_MISSING),
        ("serve", ["serve", "--build", "{build}", "--store", "{bad}/store", "--port", "{port}", "--site-port", "0"], 5),
    ],
)
def test_an_output_under_a_file_is_one_line(
    verb: str, args: list[str], code: int, a_file: Path, build_dir: Path, index: Path, free_port: Callable[[], int]
) -> None:
    values = {"bad": a_file, "build": build_dir, "index": index, "port": free_port()}
    done = mscexo(*(arg.format(**values) for arg in args))
    line = one_line(done, code, str(a_file))
    # The atomic writers make the output's parent first: the OS then says the file exists.
    assert any(why in line for why in ("Not a directory", "not a directory", "File exists")) or verb == "serve", line


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["build", "--out", "{file}"], "is a file, not a folder"),
        ([*RELEASE, "--out", "{file}"], "File exists"),
        (["new", "finding", "F900", "--out", "{folder}"], "Is a directory"),
        (["validate", "--build", "{build}", "--checks", "shacl", "--shacl-report", "{folder}"], "Is a directory"),
        (["terms", "--refresh", "--index", "{index}", "--terms", "{folder}"], "is a folder, not a file"),
    ],
)
def test_an_output_path_of_the_wrong_kind_is_one_line(
    args: list[str], fragment: str, a_file: Path, tmp_path: Path, build_dir: Path, index: Path
) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    done = mscexo(*(arg.format(file=a_file, folder=folder, build=build_dir, index=index) for arg in args))
    one_line(done, EXIT_MISSING, fragment)
    assert a_file.read_text(encoding="utf-8") == "not a folder\n" and not any(folder.iterdir())


@pytest.fixture(params=["read-only-mount", "immutable"])
def read_only(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder nobody can write into, even root: a read-only bind mount, or ``chattr +i``; and the OS's reason."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    if request.param == "read-only-mount":
        undo, reason = ["umount", str(folder)], "Read-only file system"
        done = subprocess.run(
            ["mount", "--bind", "-o", "ro", str(folder), str(folder)], capture_output=True, check=False
        )
    else:
        undo, reason = ["chattr", "-i", str(folder)], "Operation not permitted"
        done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot make a read-only folder here ({request.param}): {done.stderr.decode().strip()}")
    try:
        probe = folder / "probe"
        with contextlib.suppress(OSError):
            probe.write_text("x", encoding="utf-8")
        if probe.exists():
            pytest.skip(f"{request.param} does not stop writes here")
        yield folder, reason
    finally:
        subprocess.run(undo, capture_output=True, check=False)


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--out", "{ro}/build"],
        ["build", "--out", "{ro}"],
        [*RELEASE, "--out", "{ro}"],
        ["new", "entity", "SIRT3", "--kind", "gene", "--out", "{ro}/gene.yaml"],
    ],
    ids=["build-inside", "build-into", "release", "new"],
)
def test_a_read_only_output_folder_is_one_line(args: list[str], read_only: tuple[Path, str]) -> None:
    folder, reason = read_only
    done = mscexo(*(arg.format(ro=folder) for arg in args))
    line = one_line(done, EXIT_MISSING, "cannot write", str(folder))
    # A read-only mount point cannot be switched by the atomic rename of `build`: the OS says busy.
    assert reason in line or "Device or resource busy" in line, line
    # said before the work (the stage folder is made first), and no stage folder is left behind
    assert not re.search(r"^(rendering|writing) ", done.stderr, re.M), done.stderr
    assert not [*folder.parent.glob(".mscexo-*"), *folder.glob(".mscexo-*")]


# ----------------------------------------------------------------------------- a closed stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        # a whole build or release that must finish with nobody reading: slow (CI runs them), the other verbs stay
        pytest.param(["build", "--out", "{tmp}/build"], marks=pytest.mark.slow),
        ["validate", "--build", "{build}", "--checks", "qc"],
        ["query", "--list"],
        ["query", "mirnas-via-gene", "--build", "{build}", "--format", "csv"],
        ["new", "finding", "F900"],
        pytest.param([*RELEASE, "--out", "{tmp}/releases"], marks=pytest.mark.slow),
        ["diff", "{build}", "{build}"],
        ["coverage", "--source-text", "{review}"],
        ["terms", "--verify", "--index", "{index}"],
    ],
    ids=lambda args: args[0].lstrip("-"),
)
def test_a_closed_stdout_exits_141_quietly(args: list[str], tmp_path: Path, build_dir: Path, index: Path) -> None:
    review = tmp_path / "review.txt"
    review.write_text("as shown before [1], [2]\n", encoding="utf-8")
    done = closed_stdout(*(arg.format(tmp=tmp_path, build=build_dir, review=review, index=index) for arg in args))
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    # argparse writes --help itself and ignores a write error: the text is lost, the exit stays 0
    assert done.returncode == (EXIT_OK if args == ["--help"] else EXIT_PIPE), done.stderr


# ----------------------------------------------------------------------------- inputs that are not UTF-8


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["query", "{latin}/query.rq", "--build", "{build}"], EXIT_USAGE, "query.rq: not UTF-8 text (invalid"),
        (["query", "mirnas-via-gene", "--build", "{latin}/build"], EXIT_MISSING, "is not an N-Triples graph"),
        (["validate", "--data", "{latin}/graph.ttl", "--checks", "shacl"], EXIT_INVALID, "cannot parse"),
        (["validate", "--data", "{latin}/graph.jsonld", "--checks", "shacl"], EXIT_INVALID, "cannot parse"),
        (["validate", "--data", "{latin}/graph.nt", "--checks", "shacl"], EXIT_INVALID, "cannot parse"),
        (
            ["validate", "--build", "{build}", "--checks", "quotes", "--source-text", "{latin}/review.txt"],
            EXIT_MISSING,
            "review.txt is not UTF-8 text",
        ),
        (["coverage", "--source-text", "{latin}/review.txt"], EXIT_MISSING, "review.txt is not UTF-8 text"),
        (["new", "finding", "F900", "--out", "{latin}/skeleton.yaml"], EXIT_INPUT, "skeleton.yaml is not UTF-8"),
        (["diff", "{latin}/graph.nt", "{build}"], EXIT_MISSING, "graph.nt"),
        (
            [
                "load",
                "--build",
                "{latin}/build",
                "--store",
                "http://127.0.0.1:9/s",
                "--endpoint",
                "http://127.0.0.1:9/q",
            ],
            EXIT_MISSING,
            "mscexo.nt is not UTF-8 text",
        ),
        (["terms", "--verify", "--index", "{index}", "--terms", "{latin}/terms.tsv"], EXIT_MISSING, "terms.tsv is not"),
        (["serve", "--build", "{latin}/build", "--port", "{port}", "--site-port", "0"], EXIT_ENDPOINT, "oxigraph load"),
    ],
    ids=lambda value: value[0] if isinstance(value, list) else None,
)
def test_an_input_that_is_not_utf8_is_one_line(
    args: list[str],
    code: int,
    fragment: str,
    latin: Path,
    build_dir: Path,
    index: Path,
    free_port: Callable[[], int],
) -> None:
    done = mscexo(*(arg.format(latin=latin, build=build_dir, index=index, port=free_port()) for arg in args))
    one_line(done, code, fragment)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
@pytest.mark.parametrize(
    "verb",
    [
        ["validate", "--build", "{build}", "--checks", "identifiers", "--terms", "{cache}"],
        ["terms", "--verify", "--index", "{index}", "--terms", "{cache}"],
    ],
    ids=lambda value: value[0],
)
def test_a_term_cache_that_is_not_a_regular_file_is_refused(
    verb: list[str], kind: str, tmp_path: Path, build_dir: Path, index: Path
) -> None:
    """A named pipe (which would block) or a link to /dev/zero (endless) is refused, not read as an empty cache."""
    cache = tmp_path / "terms.tsv"
    if kind == "fifo":
        os.mkfifo(cache)
    else:
        cache.symlink_to("/dev/zero")
    done = mscexo(*(arg.format(build=build_dir, index=index, cache=cache) for arg in verb))
    what = "a FIFO (named pipe)" if kind == "fifo" else "a character device"
    one_line(done, EXIT_MISSING, "terms.tsv", f"found {what}, not a regular file; expected a regular TSV file")


def test_a_curated_file_that_is_not_utf8_is_rejected(data_copy: Path, tmp_path: Path) -> None:
    with (data_copy / "findings" / "pten.yaml").open("ab") as fh:
        fh.write(b"# caf\xe9\n")
    done = mscexo("build", "--curated", data_copy, "--out", tmp_path / "out")
    one_line(done, EXIT_INPUT, "data/findings/pten.yaml", "not UTF-8")
    assert not (tmp_path / "out").exists()


# ----------------------------------------------------------------------------- no java, and the last resort


def test_no_java_is_not_run_and_require_all_exits_4(build_dir: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PATH": str(tmp_path)}  # nothing on PATH, java least of all
    done = mscexo("validate", "--build", build_dir, "--checks", "reasoner", env=env)
    assert "Traceback" not in done.stderr and done.returncode == EXIT_OK, done.stderr
    assert re.search(r"^NOT RUN +reasoner +NOT RUN: no `java` on PATH", done.stdout, re.M), done.stdout
    strict = mscexo("validate", "--build", build_dir, "--checks", "reasoner", "--require-all", env=env)
    assert "Traceback" not in strict.stderr and strict.returncode == EXIT_MISSING, strict.stderr


@pytest.mark.parametrize("debug", ["", "1"])
def test_an_unexpected_error_is_one_line_unless_debugging(debug: str) -> None:
    code = "from mscexo_ld.exits import last_resort; raise SystemExit(last_resort(lambda: {}['missing']))"
    env = {**os.environ, "MSCEXO_DEBUG": debug}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == EXIT_INTERNAL
    assert done.stderr.splitlines()[-1] == (
        "internal error: KeyError: 'missing'; please report it (run again with MSCEXO_DEBUG=1 for the traceback)"
    )
    assert ("Traceback" in done.stderr) == (debug == "1"), done.stderr


# ----------------------------------------------------------------------------- the server's lifecycle


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (psutil when installed, else /proc)."""
    try:
        import psutil  # type: ignore[import-untyped]  # optional, and untyped without types-psutil
    except ImportError:
        found = set()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    stat = (entry / "stat").read_text()
                    if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                        found.add(int(entry.name))
        return found
    with contextlib.suppress(psutil.NoSuchProcess):
        return {child.pid for child in psutil.Process(pid).children(recursive=True)}
    return set()


def _alive(pid: int) -> bool:
    """The process runs (a zombie waiting for its parent's wait() does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


class _Serve:
    """``mscexo-ld serve`` as a subprocess with TMPDIR in ``tmp``; its stderr lines and every child it started."""

    def __init__(self, tmp: Path, *args: object) -> None:
        self.tmp = tmp / "tmp"
        self.tmp.mkdir()
        env = {**os.environ, "TMPDIR": str(self.tmp)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mscexo_ld", "serve", *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        self.children: set[int] = set()
        self.done = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._watch, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def _watch(self) -> None:
        while not self.done.is_set() and self.process.poll() is None:
            self.children |= _children(self.process.pid)
            time.sleep(0.005)

    def wait_for(self, text: str, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while not any(text in line for line in self.lines):
            assert self.process.poll() is None or any(text in line for line in self.lines), self.lines
            assert time.monotonic() < deadline, f"no {text!r} on stderr: {self.lines}"
            time.sleep(0.005)

    def stop(self, sig: int = signal.SIGTERM) -> tuple[int, str]:
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(sig)
        out = self.process.stdout.read() if self.process.stdout and not self.process.stdout.closed else ""
        code = self.process.wait(timeout=60)
        self.done.set()
        time.sleep(0.1)
        return code, out

    def no_leftovers(self, port: int) -> None:
        """No child still runs (given the kernel 5 s to deliver), nothing listens, no store in TMPDIR."""
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in self.children) and time.monotonic() < deadline:
            time.sleep(0.05)
        orphans = [pid for pid in self.children if _alive(pid)]
        for pid in orphans:  # do not leave them to the next test
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        assert not orphans, f"orphaned: {orphans}"
        assert not _listening(port)
        assert not list(self.tmp.glob("mscexo-store-*")), list(self.tmp.iterdir())
        assert not any("Traceback" in line for line in self.lines), self.lines


@pytest.mark.parametrize("delay", [0.05, 0.1, 0.2, 0.3, 1.0])
def test_sigterm_at_any_moment_leaves_no_orphan_and_no_store(
    delay: float, build_dir: Path, tmp_path: Path, free_port: Callable[[], int]
) -> None:
    port = free_port()
    serve = _Serve(tmp_path, "--build", build_dir, "--port", port, "--site-port", "0")
    serve.wait_for("loading ")  # serve's own work starts here: the store is created, then loaded
    time.sleep(delay)
    code, _ = serve.stop()
    serve.no_leftovers(port)
    assert code in (0, -signal.SIGTERM), serve.lines


def test_serve_with_a_closed_stdout_still_serves_and_stops_cleanly(
    build_dir: Path, tmp_path: Path, free_port: Callable[[], int]
) -> None:
    port = free_port()
    serve = _Serve(tmp_path, "--build", build_dir, "--port", port, "--site-port", "0")
    assert serve.process.stdout is not None
    serve.process.stdout.close()  # the reader goes away before the URLs are printed
    serve.wait_for("press Ctrl-C")
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=10) as answer:
        assert answer.status == 200
    code, _ = serve.stop()
    assert code == EXIT_OK, serve.lines
    serve.no_leftovers(port)


class _Impostor(BaseHTTPRequestHandler):
    """Another server on the port: it answers everything with 200, as a SPARQL endpoint would answer ASK."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head": {}, "boolean": true}')

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.parametrize("taken", ["port", "site port"])
def test_a_port_in_use_is_one_line_and_exit_5(
    taken: str, build_dir: Path, tmp_path: Path, free_port: Callable[[], int]
) -> None:
    impostor = ThreadingHTTPServer(("127.0.0.1", 0), _Impostor)
    threading.Thread(target=impostor.serve_forever, daemon=True).start()
    build = tmp_path / "build"
    build.mkdir()
    shutil.copy(build_dir / C.GRAPH_NT, build / C.GRAPH_NT)
    (build / "site").mkdir()
    (build / "site" / "index.html").write_text("<html></html>\n", encoding="utf-8")
    busy = int(impostor.server_address[1])
    port, site_port = (busy, free_port()) if taken == "port" else (free_port(), busy)
    try:
        serve = _Serve(tmp_path, "--build", build, "--port", port, "--site-port", site_port)
        code = serve.process.wait(timeout=120)
        out = serve.process.stdout.read() if serve.process.stdout else ""
        serve.done.set()
        time.sleep(0.1)
    finally:
        impostor.shutdown()
        impostor.server_close()
    done = subprocess.CompletedProcess(serve.process.args, code, out, "\n".join(serve.lines))
    one_line(done, EXIT_ENDPOINT, f"{taken} {busy} on 127.0.0.1 is already in use")
    assert "SPARQL endpoint" not in out and "http://" not in out
    assert not list(serve.tmp.glob("mscexo-store-*"))


def test_site_logs_one_line_per_hang_up_and_malformed_url(
    build_dir: Path, tmp_path: Path, free_port: Callable[[], int]
) -> None:
    build = tmp_path / "build"
    build.mkdir()
    shutil.copy(build_dir / C.GRAPH_NT, build / C.GRAPH_NT)
    (build / "site").mkdir()
    (build / "site" / "index.html").write_text("<html></html>\n", encoding="utf-8")
    (build / "big.bin").write_bytes(os.urandom(16 * 1024 * 1024))  # more than the socket buffers hold
    port, site_port = free_port(), free_port()
    serve = _Serve(tmp_path, "--build", build, "--port", port, "--site-port", site_port)
    try:
        serve.wait_for("press Ctrl-C")
        with pytest.raises(urllib.error.HTTPError) as bad:
            urllib.request.urlopen(f"http://127.0.0.1:{site_port}/site/%00", timeout=10)
        assert bad.value.code == 400
        hang_ups = 10
        for _ in range(hang_ups):
            with socket.create_connection(("127.0.0.1", site_port), timeout=10) as client:
                client.sendall(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
                client.recv(1024)  # the answer has started: the server is writing
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, not close
        with urllib.request.urlopen(f"http://127.0.0.1:{site_port}/site/index.html", timeout=10) as ok:
            assert ok.status == 200  # still serving
        time.sleep(0.5)
    finally:
        code, _ = serve.stop()
    serve.no_leftovers(port)
    assert code == 0
    site = [line for line in serve.lines if line.startswith("site:")]
    assert [line for line in site if "malformed URL" in line] == [
        "site: malformed URL from 127.0.0.1: '/site/%00' (embedded null byte)"
    ], serve.lines
    # at most one line per hang-up (under load the server may finish a write before the reset arrives)
    disconnects = [line for line in site if re.fullmatch(r"site: 127\.0\.0\.1:\d+ disconnected early", line)]
    assert 1 <= len(disconnects) <= hang_ups, serve.lines
    assert len(site) == len(disconnects) + 1, serve.lines


@pytest.mark.skipif(not Path("/proc/net/tcp").is_file(), reason="the ownership check reads Linux /proc")
def test_the_listening_socket_is_traced_to_its_process() -> None:
    from mscexo_ld.query.serve import listened_by

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = int(listener.getsockname()[1])
        other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        try:
            assert listened_by(os.getpid(), port) is True
            assert listened_by(other.pid, port) is False  # an answer on this port would not be ours
        finally:
            other.kill()
            other.wait()
    assert listened_by(os.getpid(), port) is False


def _default_sigint() -> None:
    """In the child: Ctrl-C's default, as a terminal's shell gives it (a run started with `&` ignores SIGINT)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_is_one_line_and_exit_130(build_dir: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "mscexo_ld", "validate", "--build", str(build_dir), "--checks", "shacl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,  # noqa: PLW1509 (it only resets a disposition)
    )
    assert process.stderr is not None
    lines = [process.stderr.readline()]
    while "checking shacl" not in lines[-1] and lines[-1]:
        lines.append(process.stderr.readline())
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert "Traceback" not in err and err.strip().splitlines() == ["interrupted"], [*lines, err]
    assert process.returncode == EXIT_INTERRUPTED
