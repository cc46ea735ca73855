"""What the command prints when something goes wrong outside the answer itself: one line, never a traceback.

The verbs turn the faults they expect (an output that cannot be written, an input that is not
UTF-8) into a one-line message and an exit code of :mod:`mscexo_ld.exits`. :func:`last_resort`
wraps the whole command: stdout closed by the reader (``| head``), Ctrl-C, and anything nobody
expected each end in one line and a documented exit code. ``MSCEXO_DEBUG=1`` shows the traceback.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from mscexo_ld.exits import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_MISSING, EXIT_PIPE

#: Set to 1 to see the traceback of an internal error.
DEBUG_ENV = "MSCEXO_DEBUG"


def say(message: str) -> None:
    """One line on stderr (never raises: a closed stderr loses the message, not the exit code)."""
    with contextlib.suppress(OSError, ValueError):
        print(message, file=sys.stderr, flush=True)


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
