"""Apache Jena Fuseki as the engine of ``serve --server fuseki``: the endpoint safe to expose.

(Over 400 lines because one run's whole life is here, in the order it happens: the database
prepared, the JVM started and watched, and every signal's cleanup.)

The ``oxigraph`` server cannot refuse SERVICE, keeps streaming an answer past its timeout and
accepts any request body. Fuseki (``jena-fuseki-main``, pinned in ``pom.xml``; fetched with
``scripts/fetch-fuseki.sh`` into ``.cache/fuseki``) is run here with:

* the release in a **TDB2 database prepared once** per graph (``tdb2.tdbloader``, from the same
  jars) and kept in ``.cache/fuseki-db`` ($MSCEXO_FUSEKI_DB), keyed by the graph's SHA-256 and the
  jars; each run opens its own copy in its temporary folder (TDB2 locks a database to one JVM).
  Measured at 1M synthetic triples: up in about 12 s from a prepared database, where parsing into
  an in-memory dataset at every start took 46-53 s;
* a **query endpoint only** (no update, no Graph Store Protocol, no upload: those URLs answer 4xx);
* **SERVICE disabled** (``arq:httpServiceAllowed false``; Jena 5 allows it by default);
* ``arq:queryTimeout`` set from ``--timeout`` for the first result *and* overall, which also stops
  an answer that is already streaming;
* a **request body limit** (``MAX_REQUEST_BYTES``: 413 when declared larger, cut off when a
  chunked body grows past it) and a **response size limit** (``max_response_bytes``), both by
  Jetty's ``SizeLimitHandler``, put around Fuseki by the launcher ``scripts/fuseki/MscexoFuseki.java``
  (Fuseki main has neither option);
* the bind address given by ``--host`` (loopback by default).

The JVM dies with its parent (``PR_SET_PDEATHSIG``), writes its temporary files into this run's
temporary folder (removed on exit, and by the next run when a killed run left it), and logs one line
per problem to stderr.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

from mscexo_ld import children
from mscexo_ld.query.serve import start_site_server, stop_process, wait_until_up
from mscexo_ld.resources import jena_home, named_graphs_beside

#: The dataset's name: the query endpoint is ``/mscexo/query`` (also ``/mscexo/sparql`` and ``/mscexo``).
DATASET = "mscexo"
#: A request body (a query) larger than this is refused with 413; a SPARQL query is never near it.
MAX_REQUEST_BYTES = 1 << 20
#: The smallest response size limit; the limit grows with the graph (see ``max_response_bytes``).
MIN_RESPONSE_BYTES = 64 << 20
#: The JVM heap, unless $MSCEXO_FUSEKI_HEAP says otherwise (e.g. ``4g`` for millions of triples).
DEFAULT_HEAP = "2g"
#: Temporary folders of this engine carry this prefix; a leftover whose owner is dead is removed.
TEMP_PREFIX = "mscexo-fuseki-"
#: A database being prepared is loaded into ``<db cache>/LOADING_PREFIX<pid>-...``, then renamed.
LOADING_PREFIX = "loading-"
#: Prepared databases kept in the cache (the most recently used); older ones are removed.
KEEP_DATABASES = 3


class FusekiMissingError(RuntimeError):
    """Java or the Fuseki jars are not installed (the message says how to get them)."""


class StopRequestedError(Exception):
    """SIGTERM or SIGINT arrived: unwind, stop the server, remove the temporary files."""


#: Where the jars and the launcher are: $MSCEXO_FUSEKI_HOME, else ``.cache/fuseki`` of the checkout.
fuseki_home = jena_home


def java_command(home: Path | None = None) -> list[str]:
    """``java -cp ... MscexoFuseki``, or raise ``FusekiMissingError`` naming what is missing."""
    home = fuseki_home() if home is None else home
    java = shutil.which("java")
    if java is None:
        raise FusekiMissingError("java not found: install Java 17 (Debian: apt-get install default-jre-headless)")
    jars = any((home / "lib").glob("jena-fuseki-main-*.jar"))
    if not jars or not (home / "classes" / "MscexoFuseki.class").is_file():
        raise FusekiMissingError(
            f"the Fuseki jars are missing in {home}: run scripts/fetch-fuseki.sh in a checkout or the sdist "
            "of mscexo-ld (Maven), and from elsewhere set MSCEXO_FUSEKI_HOME to its .cache/fuseki"
        )
    return [java, "-cp", f"{home / 'classes'}{os.pathsep}{home / 'lib' / '*'}", "MscexoFuseki"]


def database_cache() -> Path:
    """Where prepared TDB2 databases are kept: $MSCEXO_FUSEKI_DB, else ``fuseki-db`` beside the jars' folder."""
    configured = os.environ.get("MSCEXO_FUSEKI_DB")
    if configured:
        return Path(configured)
    home = fuseki_home()
    return home.with_name(home.name + "-db")


def graph_files(nt_file: Path) -> list[Path]:
    """The files a database holds: the release graph, and the N-Quads beside it (direct edges, hierarchy
    closure), which go into their named graphs."""
    return [nt_file, *named_graphs_beside(nt_file)]


def database_key(nt_file: Path, home: Path | None = None, stop: Callable[[], bool] = lambda: False) -> str:
    """The name of the graph's prepared database: SHA-256 of its files (``graph_files``) and of the jars' stamp."""
    home = fuseki_home() if home is None else home
    digest = hashlib.sha256()
    with contextlib.suppress(OSError):
        digest.update((home / "STAMP").read_bytes())
    for path in graph_files(nt_file):
        digest.update(f"\0{path.name}\0".encode())
        with open(path, "rb") as data:
            while block := data.read(1 << 22):
                if stop():
                    raise StopRequestedError
                digest.update(block)
    return digest.hexdigest()[:32]


def prepare_database(
    nt_file: Path,
    *,
    say: Callable[[str], None],
    stop: _StopFlag,
    home: Path | None = None,
    cache: Path | None = None,
) -> Path:
    """The graph's TDB2 database, loaded once with ``tdb2.tdbloader`` into the cache; return its folder.

    The loader writes into a ``loading-<pid>-*`` folder that is renamed into place when complete, so
    a database in the cache is always whole; the loader dies with this process, and the folder of a
    killed load is removed by the next run. RuntimeError with the loader's last line when it fails.
    """
    cache = database_cache() if cache is None else cache
    home = fuseki_home() if home is None else home
    key = database_key(nt_file, home, stop)
    ready = cache / key
    if (ready / "READY").is_file():
        os.utime(ready)  # most recently used
        return ready
    cache.mkdir(parents=True, exist_ok=True)
    _remove_dead_loads(cache)
    loading = Path(tempfile.mkdtemp(prefix=f"{LOADING_PREFIX}{os.getpid()}-", dir=cache))
    try:
        say(f"preparing the Fuseki database of {nt_file} (once per graph) in {ready}")
        started = time.monotonic()
        command = java_command(home)
        loader = [command[0], f"-Xmx{os.environ.get('MSCEXO_FUSEKI_HEAP', DEFAULT_HEAP)}", "-XX:-UsePerfData"]
        loader += [f"-Djava.io.tmpdir={loading}", command[1], command[2], "tdb2.tdbloader"]
        loader += ["--loc", str(loading / "tdb2"), *(str(f.resolve()) for f in graph_files(nt_file))]
        log = loading / "loader.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(
                loader,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=children.preexec(os.getpid()),  # noqa: PLW1509
            )
            try:
                while process.poll() is None:
                    stop.check()
                    time.sleep(0.1)
            finally:
                stop_process(process)
        if process.returncode != 0:
            lines = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
            raise RuntimeError(f"tdb2.tdbloader failed on {nt_file}: {lines[-1] if lines else '?'}")
        with contextlib.suppress(FileNotFoundError):  # the loader's lock, naming its (now dead) pid
            (loading / "tdb2" / "tdb.lock").unlink()
        (loading / "tdb2" / "READY").write_text(f"{nt_file}\n", encoding="utf-8")
        try:
            (loading / "tdb2").rename(ready)
        except OSError:  # another run prepared the same graph meanwhile: use theirs
            if not (ready / "READY").is_file():
                raise
        say(f"database prepared in {time.monotonic() - started:.1f} s")
    finally:
        shutil.rmtree(loading, ignore_errors=True)
    _prune(cache, keep=ready)
    return ready


def _remove_dead_loads(cache: Path) -> None:
    """Remove the loading folders of runs that were killed (their pid no longer runs)."""
    for old in cache.glob(f"{LOADING_PREFIX}*"):
        pid = old.name[len(LOADING_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)


def _prune(cache: Path, *, keep: Path) -> None:
    """Keep the ``KEEP_DATABASES`` most recently used prepared databases (``keep`` always)."""
    databases = [d for d in cache.iterdir() if (d / "READY").is_file() and d != keep]
    databases.sort(key=lambda d: d.stat().st_mtime, reverse=True)
    for old in databases[KEEP_DATABASES - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def max_response_bytes(nt_file: Path) -> int:
    """The response size limit: 64 MiB, or 4 times the N-Triples when larger (every triple as JSON fits)."""
    return max(MIN_RESPONSE_BYTES, 4 * nt_file.stat().st_size)


def _turtle_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fuseki_config(database: Path, timeout_s: int) -> str:
    """The Fuseki configuration (Turtle): one TDB2 dataset served read-only, SERVICE off, the query timeout."""
    ms = timeout_s * 1000
    location = _turtle_string(str(database.resolve()))
    return f"""PREFIX fuseki: <http://jena.apache.org/fuseki#>
PREFIX rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX ja:     <http://jena.hpl.hp.com/2005/11/Assembler#>
PREFIX tdb2:   <http://jena.apache.org/2016/tdb#>

[] rdf:type fuseki:Server ;
   ja:context [ ja:cxtName "arq:httpServiceAllowed" ; ja:cxtValue "false" ] ;
   ja:context [ ja:cxtName "arq:queryTimeout" ; ja:cxtValue "{ms},{ms}" ] ;
   fuseki:services ( <#service> ) .

<#service> rdf:type fuseki:Service ;
   fuseki:name "{DATASET}" ;
   fuseki:endpoint [ fuseki:operation fuseki:query ] ;
   fuseki:endpoint [ fuseki:operation fuseki:query ; fuseki:name "query" ] ;
   fuseki:endpoint [ fuseki:operation fuseki:query ; fuseki:name "sparql" ] ;
   fuseki:dataset <#dataset> .

<#dataset> rdf:type tdb2:DatasetTDB2 ;
   tdb2:location {location} .
"""


#: Warnings and errors only, each on one line (an exception shows as its message, no stack trace).
LOG_CONFIG = """status = error
appender.err.type = Console
appender.err.name = err
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.alwaysWriteExceptions = false
appender.err.layout.pattern = fuseki: %p %m%notEmpty{ (%ex{short.message})}%n
rootLogger.level = warn
rootLogger.appenderRef.err.ref = err
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(folder: Path | None = None) -> list[Path]:
    """Remove temporary folders of earlier runs whose process is dead (a SIGKILL leaves them); return them."""
    folder = Path(tempfile.gettempdir()) if folder is None else folder
    removed = []
    for old in folder.glob(f"{TEMP_PREFIX}*"):
        try:
            owner = int((old / "PID").read_text(encoding="ascii"))
        except (OSError, ValueError):
            owner = -1
        if owner < 0:  # no PID written: a run killed in its first moment, or one starting right now
            with contextlib.suppress(OSError):
                if time.time() - old.stat().st_mtime < 60:
                    continue
        if owner < 0 or not _alive(owner):
            shutil.rmtree(old, ignore_errors=True)
            removed.append(old)
    return removed


def _check_port_free(host: str, port: int) -> None:
    """Raise OSError when another process listens there (its answers must not pass for ours)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise OSError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def start_fuseki(
    nt_file: Path, database: Path, host: str, port: int, *, timeout_s: int, workdir: Path, home: Path | None = None
) -> subprocess.Popen[bytes]:
    """Write the configuration into ``workdir`` and start Fuseki there on ``database``; it dies with this process."""
    command = java_command(home)
    config = workdir / "config.ttl"
    config.write_text(fuseki_config(database, timeout_s), encoding="utf-8")
    log_config = workdir / "log4j2.properties"
    log_config.write_text(LOG_CONFIG, encoding="utf-8")
    java_tmp = workdir / "tmp"
    java_tmp.mkdir()
    heap = os.environ.get("MSCEXO_FUSEKI_HEAP", DEFAULT_HEAP)
    jvm = [
        f"-Xmx{heap}",
        "-XX:+ExitOnOutOfMemoryError",  # a JVM out of memory exits (and serve says so) instead of limping on
        "-XX:-UsePerfData",  # no /tmp/hsperfdata_<user>/<pid> file, which a killed JVM leaves behind
        f"-Djava.io.tmpdir={java_tmp}",
        f"-Dlog4j.configurationFile={log_config}",
        f"-Dmscexo.host={host}",
        f"-Dmscexo.maxRequestBytes={MAX_REQUEST_BYTES}",
        f"-Dmscexo.maxResponseBytes={max_response_bytes(nt_file)}",
    ]
    argv = [command[0], *jvm, *command[1:], f"--config={config}", f"--port={port}"]
    # preexec_fn is the only way to PR_SET_PDEATHSIG; serve starts its one thread (the site) after this.
    return subprocess.Popen(
        argv,
        cwd=workdir,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        preexec_fn=children.preexec(os.getpid()),  # noqa: PLW1509
    )


class _StopFlag:
    """Set by SIGTERM/SIGINT. The handler only records the signal: an exception raised from a signal
    handler can land anywhere, e.g. in a fork hook, where Python prints and ignores it. The serving
    code checks the flag between its steps (none blocks for more than 2 s) and unwinds from there."""

    def __init__(self) -> None:
        self.signal: int | None = None

    def __call__(self) -> bool:
        return self.signal is not None

    def check(self) -> None:
        """Raise ``StopRequestedError`` once a signal has arrived."""
        if self.signal is not None:
            raise StopRequestedError


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[_StopFlag]:
    """Within the block, SIGTERM and SIGINT set the flag it yields (and do nothing else)."""
    flag = _StopFlag()

    def handler(signum: int, _frame: FrameType | None) -> None:
        flag.signal = signum

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield flag
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def serve_fuseki(
    nt_file: Path,
    host: str,
    port: int,
    *,
    timeout_s: int,
    say: Callable[[str], None],
    site_port: int | None = None,
    home: Path | None = None,
) -> int:
    """Run Fuseki on the release (and the site on ``site_port``) until Ctrl-C / SIGTERM; return the exit code.

    Raises ``FusekiMissingError`` (no java, no jars), ``OSError`` (port taken) or ``RuntimeError`` (Fuseki failed).
    """
    java_command(home)  # fail fast, before anything is written
    _check_port_free(host, port)
    site = None
    process: subprocess.Popen[bytes] | None = None
    workdir: Path | None = None
    with _stop_on_signals() as stop:
        try:
            remove_leftovers()
            stop.check()
            workdir = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
            (workdir / "PID").write_text(str(os.getpid()), encoding="ascii")
            stop.check()
            prepared = prepare_database(nt_file, say=say, stop=stop, home=home)
            stop.check()
            database = workdir / "tdb2"
            # This run's own copy: TDB2 locks a database to one JVM, and several runs may serve one graph.
            shutil.copytree(prepared, database, ignore=shutil.ignore_patterns("tdb.lock", "READY"))
            stop.check()
            say(f"starting Fuseki on {nt_file} (temporary files in {workdir})")
            process = start_fuseki(nt_file, database, host, port, timeout_s=timeout_s, workdir=workdir, home=home)
            base = f"http://{host}:{port}"
            wait_until_up(f"{base}/{DATASET}/query", seconds=120.0, process=process, stop=stop, name="Fuseki")
            stop.check()
            print(f"SPARQL endpoint (read-only): {base}/{DATASET}/query", flush=True)
            if site_port is not None and (nt_file.parent / "site" / "index.html").is_file():
                site = start_site_server(nt_file.parent, host, site_port)
                print(f"site:                        http://{host}:{site_port}/site/index.html", flush=True)
            say(
                f"SERVICE off; query timeout {timeout_s} s; request body <= {MAX_REQUEST_BYTES} bytes; "
                f"response <= {max_response_bytes(nt_file)} bytes"
            )
            say("press Ctrl-C to stop")
            while process.poll() is None:
                stop.check()
                time.sleep(0.2)
            say(f"Fuseki exited unexpectedly with code {process.returncode}")
            return 1
        except StopRequestedError:
            say("stopping")
            return 0
        finally:
            if site is not None:
                site.shutdown()
            if process is not None:
                stop_process(process)
            if workdir is not None:
                shutil.rmtree(workdir, ignore_errors=True)
