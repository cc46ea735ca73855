"""Reading one curated file safely: a regular file inside the data folder, read with a hard size cap.

A curated file is refused, with a problem naming it, when it is a device, a FIFO, a socket or a
directory (checked with ``os.stat`` before it is opened, and opened with ``O_NONBLOCK`` so that
a FIFO can never block), when it is a symbolic link leading out of the data folder (a link inside
it is fine), or when it holds more than :data:`MAX_FILE_BYTES` bytes. The cap is enforced while
reading (at most ``MAX_FILE_BYTES + 1`` bytes are ever read), not through ``st_size``, which is 0
for ``/dev/zero`` and for many special files.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: Largest curated file read (bytes). The largest real file is ~40 kB; a bigger file is a
#: mistake (a data dump, a wrong file) and is refused without being read past the cap.
MAX_FILE_BYTES = 20 * 1024 * 1024

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


class UnsafeFileError(Exception):
    """A curated file that is not read: ``message`` says what was found and what was expected."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _kind(mode: int) -> str:
    for test, words in _KINDS:
        if test(mode):
            return words
    return "not a regular file"


def _too_big(size: str, limit: int) -> str:
    return (
        f"found a file of {size} bytes; expected at most {limit:,} bytes "
        f"({limit / 2**20:g} MiB) per curated file: it was not read. Split it "
        "(KIND.part.yaml) or check that it is the right file"
    )


def _check_inside(path: Path, root: Path) -> None:
    """Refuse a symbolic link (the file, or a folder on its way) leading out of ``root``."""
    target = path.resolve()
    try:
        target.relative_to(root.resolve())
    except ValueError:
        raise UnsafeFileError(
            f"found a symbolic link to {target}, outside the data folder; expected a regular file inside "
            "the data folder (copy the file in instead of linking to it)"
        ) from None


def read_capped(
    path: Path, root: Path | None = None, limit: int = MAX_FILE_BYTES, expected: str = "a regular YAML file"
) -> bytes:
    """The bytes of the curated file ``path``; raise :class:`UnsafeFileError` or ``OSError``.

    ``root`` is the data folder: a symbolic link leading out of it is refused. The file must be
    a regular file (checked before opening, and again on the open descriptor) of at most
    ``limit`` bytes, counted while reading. ``expected`` names what was wanted, in the message.
    """
    if root is not None:
        _check_inside(path, root)
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeFileError(f"found {_kind(info.st_mode)}, not a regular file; expected {expected}")
    if info.st_size > limit:
        raise UnsafeFileError(_too_big(f"{info.st_size:,}", limit))
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb", buffering=0) as fh:
        opened = os.fstat(fh.fileno())  # the file may have been swapped between stat and open
        if not stat.S_ISREG(opened.st_mode):
            raise UnsafeFileError(f"found {_kind(opened.st_mode)}, not a regular file; expected {expected}")
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = fh.read(min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    if total > limit:
        raise UnsafeFileError(_too_big(f"more than {limit:,}", limit))
    return b"".join(chunks)
