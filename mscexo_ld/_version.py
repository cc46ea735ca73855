"""The version of mscexo-ld, in one place (pyproject reads it; constants.VERSION and the CLI use it).

Importing this module on an unsupported Python stops with a plain message instead of a traceback
from some later syntax or library error. Keep this file free of newer syntax so that the check runs.
"""

import sys

__version__ = "0.1.0"

#: The oldest Python mscexo-ld supports (pyproject's ``requires-python``; tests keep them equal).
MIN_PYTHON = (3, 10)

#: Exit code on an unsupported Python: a usage error (the tool was run with the wrong interpreter).
EXIT_UNSUPPORTED_PYTHON = 2


def unsupported_python_message(version_info: "tuple[int, ...]") -> "str | None":
    """The message for a Python older than MIN_PYTHON, or None when ``version_info`` is supported.

    >>> unsupported_python_message((3, 12, 1)) is None
    True
    >>> print(unsupported_python_message((3, 9, 18)))  # doctest: +ELLIPSIS
    mscexo-ld 0.1.0 needs Python 3.10 or newer; this is Python 3.9.18 (...).
    ...
    """
    if tuple(version_info[:2]) >= MIN_PYTHON:
        return None
    found = ".".join(str(part) for part in version_info[:3])
    need = ".".join(str(part) for part in MIN_PYTHON)
    return (
        f"mscexo-ld {__version__} needs Python {need} or newer; this is Python {found} ({sys.executable}).\n"
        f"Create the environment with a newer Python, e.g. `python3.12 -m venv .venv`, then install mscexo-ld "
        f"into it (in a checkout, `bash scripts/setup.sh` does both)."
    )


_message = unsupported_python_message(sys.version_info[:3])
if _message is not None:
    print(_message, file=sys.stderr)
    raise SystemExit(EXIT_UNSUPPORTED_PYTHON)
