"""Guards for queries on the embedded store: no SERVICE (no network egress), and bounded time, rows and memory.

pyoxigraph 0.5 executes ``SERVICE <iri>`` itself (an HTTP request to any host, a traceback for
``file:``) and offers no option to disable it, nor its query algebra. ``service_keyword`` finds the
keyword with a SPARQL tokenizer: comments, strings, IRIs, variables and prefixed names are read
as tokens, so ``SERVICE`` inside a string or a comment is not a call, and ``service`` in any case
is. Oxigraph's parser is scannerless (it reads ``SERVICE:x`` as SERVICE with the IRI ``:x``, and
the prefixed name ``service:x`` as the keyword), so the check is conservative: a bare word or a
prefix name containing "service" counts. The one ambiguity of SPARQL's lexis, ``<`` as an IRI or
as less-than, is read both ways, and either reading finding the keyword refuses the query.
(rdflib's SPARQL parser would also find it, but costs 10-70 ms per query and 0.25 s to import,
against microseconds here; tests/test_egress.py checks every case against a real loopback listener.)

``run_forked`` runs a query in a forked child (POSIX) that is killed when it runs longer than the
time limit or its resident memory grows by more than the memory limit: an ORDER BY over a cross
product computes for minutes, taking 250-700 MB/s (measured), before its first row, and a Rust allocation failure
aborts the whole process; in a child it costs only the child.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import re
import select
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from mscexo_ld.query.results import QueryError

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_MEMORY_MB = 1024


class QueryLimitError(QueryError):
    """A query refused or stopped by a guard: SERVICE, the time limit, the row limit or the memory limit."""


@dataclass(frozen=True)
class Limits:
    """The bounds of one query on the embedded store (``None``: no bound of that kind)."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_rows: int | None = DEFAULT_MAX_ROWS
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB


DEFAULT_LIMITS = Limits()


# ----------------------------------------------------------------------------- SERVICE

_TOKENS = r"""
  (?P<comment>\#[^\r\n]*)
| (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
             |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
| (?P<iri><(?:[^<>"{}|^`\\\x00-\x20EXTRA]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
| (?P<var>[?$]\w+)
| (?P<bnode>_:[\w.-]*)
| (?P<pname>(?P<prefix>[^\W\d_][\w.-]*)?:(?:(?:[\w:%]|\\.)(?:[\w.:%-]|\\.)*)?)
| (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
| (?P<word>[^\W\d]\w*)
"""
# Two readings of '<': every text the IRI grammar allows is an IRI, or '<' before a quote or a
# parenthesis is less-than (an expression can only be left through ')', and a quote starts a string).
_READINGS = (
    re.compile(_TOKENS.replace("EXTRA", ""), re.VERBOSE),
    re.compile(_TOKENS.replace("EXTRA", "'()"), re.VERBOSE),
)


def _keyword_in(text: str, tokens: re.Pattern[str], keywords: tuple[str, ...] = ("service",)) -> str | None:
    position = 0
    while position < len(text):
        m = tokens.match(text, position)
        if m is None:
            position += 1
            continue
        position = m.end()
        kind = m.lastgroup if m.lastgroup != "prefix" else "pname"
        found = {"word": m.group(), "lang": m.group(), "pname": m.group("prefix") or ""}.get(kind or "")
        if found is not None and any(k in found.casefold() for k in keywords):
            return m.group()
    return None


def service_keyword(text: str) -> str | None:
    """The first SERVICE keyword of a SPARQL query (as written), or None when it calls no service.

    >>> service_keyword('SELECT * { service <http://127.0.0.1:9/> { ?s ?p ?o } }')
    'service'
    >>> service_keyword('# SERVICE <x:>\\nSELECT ("SERVICE <x:>" AS ?s) { ?service ?p <http://x/service> }')
    """
    for tokens in _READINGS:
        found = _keyword_in(text, tokens)
        if found is not None:
            return found
    return None


def reads_named_graphs(text: str) -> bool:
    """Whether a query may read a named graph: it has a GRAPH or FROM keyword (outside comments, strings, IRIs).

    Without one, a query reads the default graph only, so its answer is the same whether or not
    the named graphs are loaded (``query`` then leaves them out: less to load, faster lookups).
    Any word holding "graph" or "from" counts, so a doubt loads them.

    >>> reads_named_graphs('SELECT * { GRAPH ?g { ?s ?p ?o } }'), reads_named_graphs('SELECT * FROM <x:g> { ?s ?p ?o }')
    (True, True)
    >>> reads_named_graphs('# GRAPH\\nSELECT ("FROM" AS ?x) { ?s <http://x/graph> ?graph }')
    False
    """
    return any(_keyword_in(text, tokens, ("graph", "from")) is not None for tokens in _READINGS)


def refuse_service(text: str, where: object) -> None:
    """Raise QueryLimitError when the query calls a SERVICE (nothing is connected to)."""
    found = service_keyword(text)
    if found is not None:
        raise QueryLimitError(
            f"{where}: SERVICE ({found!r}) is refused: the embedded store makes no network or file requests "
            "(--allow-service, or allow_service=True in the API, permits federated queries)"
        )


# ----------------------------------------------------------------------------- child process

T = TypeVar("T")
_POLL = 0.02  # seconds between two looks at the child's memory: ~5 MB of growth at 250 MB/s


def _rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


def _child(work: Callable[[], T], write_fd: int) -> None:
    """In the forked child: run ``work`` and send ("ok", value) or ("error", kind, message); never return."""
    code = 0
    try:
        try:
            payload = pickle.dumps(("ok", work()), protocol=pickle.HIGHEST_PROTOCOL)
        except QueryError as exc:
            payload = pickle.dumps(("error", isinstance(exc, QueryLimitError), str(exc)))
        except MemoryError:
            payload = pickle.dumps(("memory", False, ""))
        except BaseException as exc:  # sent to the parent as one line: no traceback reaches a user
            payload = pickle.dumps(("error", False, f"{type(exc).__name__}: {exc}"))
        with os.fdopen(write_fd, "wb") as fh:
            fh.write(payload)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def run_forked(work: Callable[[], T], limits: Limits, *, where: object) -> T:
    """``work()`` in a forked child, within the time and memory limits; its value, or QueryError.

    Without ``os.fork`` (Windows) ``work`` runs in this process, bounded only by what it checks itself.
    """
    if not hasattr(os, "fork"):
        return work()
    sys.stdout.flush()
    sys.stderr.flush()
    base = _rss_mb(os.getpid())
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_fd)
        _child(work, write_fd)
    os.close(write_fd)
    started = time.monotonic()
    chunks: list[bytes] = []
    stopped = ""
    try:
        while True:
            elapsed = time.monotonic() - started
            if limits.timeout is not None and elapsed > limits.timeout:
                stopped = f"{where}: the query ran longer than the time limit of {limits.timeout:g} s (--timeout)"
                break
            ready, _, _ = select.select([read_fd], [], [], _POLL)
            if ready:
                chunk = os.read(read_fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
            if limits.max_memory_mb is not None and base is not None:
                rss = _rss_mb(pid)
                if rss is not None and rss - base > limits.max_memory_mb:
                    stopped = _memory_message(where, limits)
                    break
    finally:
        if stopped or not chunks:
            _kill(pid)
        _, status = os.waitpid(pid, 0)
        os.close(read_fd)
    if stopped:
        raise QueryLimitError(stopped)
    if not chunks:
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGABRT, signal.SIGKILL, signal.SIGSEGV):
            raise QueryLimitError(_memory_message(where, limits))
        raise QueryError(f"{where}: the query process ended without an answer (status {status})")
    message = pickle.loads(b"".join(chunks))  # our own child's bytes
    if message[0] == "ok":
        value: T = message[1]
        return value
    if message[0] == "memory":
        raise QueryLimitError(_memory_message(where, limits))
    raise (QueryLimitError if message[1] else QueryError)(message[2])


def _memory_message(where: object, limits: Limits) -> str:
    return f"{where}: the query needed more than the memory limit of {limits.max_memory_mb} MB (--max-memory)"


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
