"""Atomic writes: files, and whole folders that change from old to new in one step a kill cannot split.

:func:`replace_folder` is how ``build`` replaces ``build/`` (the release files and the site) and how
``release`` writes ``build/release/X.Y.Z/``. Everything is written into a sibling *stage* folder,
``.mscexo-new-<name>-<pid>-<token>``, then switched in one step:

- the target does not exist: one ``rename`` (atomic: nothing is replaced);
- it exists (Linux): ``renameat2(RENAME_EXCHANGE)`` swaps the two names in one step, so ``build/``
  stays a plain directory that is at every instant the complete old or the complete new folder;
  the old content, now under the stage's name, is then removed;
- elsewhere, or on a file system without the exchange: two renames (the old folder goes to
  ``.mscexo-old-<name>-...``); a kill between them leaves the target absent for a moment, and the
  next run puts the old folder back.

Why not ``build`` as a symlink to ``build.<id>/`` swapped by ``os.replace``: a symlink is not matched
by the ``build/`` line of ``.gitignore``, ``shutil.rmtree`` refuses it, and a user's existing
``build/`` directory cannot become a symlink in one step.

Leftovers: every stage (and old) folder is held with ``flock`` by its writer, so the next run removes
exactly the ones whose writer is gone (a kill releases the lock), never a live run's and never a
file of another name. Entries of the old folder that the new one does not have (a user's notes,
``build/release/``) are carried over as hard links when ``carry`` is set; the temporary folders
earlier versions left inside (``.tmp-build-*``, ``.tmp-site-*``, ``.old-site-*``) are not. A kill
is covered, a power loss is not (nothing is fsync'ed).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

STAGE_PREFIX = ".mscexo-new-"
OLD_PREFIX = ".mscexo-old-"
#: Temporary folders that earlier versions left inside an output folder (``tempfile.mkdtemp`` names).
LEGACY_LEFTOVER = re.compile(r"\.(?:tmp-build|tmp-site|old-site)-[a-z0-9_]{8}")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def write_files(
    out_dir: Path, files: dict[str, Callable[[], str]], progress: Callable[[str], None] | None = None
) -> list[Path]:
    """Render every file into a temporary folder inside ``out_dir``, then move each into ``out_dir``.

    Nothing in ``out_dir`` changes unless every file rendered, and no file there is ever
    half-written: each arrives by ``os.replace`` (a rename on the same file system). (A set of
    files that must change together is written with :func:`replace_folder`.)
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-build-", dir=out_dir))
    try:
        rendered = []
        for name, render in files.items():
            if progress:
                progress(f"writing {name}")
            path = tmp / name
            path.write_text(render(), encoding="utf-8", newline="\n")
            rendered.append(name)
        final = []
        for name in rendered:
            os.replace(tmp / name, out_dir / name)
            final.append(out_dir / name)
        return final
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def replace_folder(target: Path, fill: Callable[[Path], T], *, carry: bool = False) -> T:
    """Make ``target`` the folder that ``fill(stage)`` writes, in one step a kill cannot split; return fill's result.

    ``fill`` writes the new content into an empty sibling stage folder; if it raises, ``target``
    is untouched and the stage is removed. ``carry``: entries of the current ``target`` that the
    new content lacks are kept (hard-linked into the new folder). A symlinked ``target`` is
    followed (its destination is replaced). Leftovers of killed runs beside ``target`` are removed
    first (:func:`clean_leftovers`). FileExistsError when ``target`` is a file. The working
    folder (``--out .``), a mount point, or a folder whose parent is read-only is not switched as a
    whole: each entry written is switched on its own (:func:`_replace_entries`).
    """
    target = Path(os.path.abspath(target))
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    if os.path.lexists(target) and not target.is_dir():
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    if not _switchable(target):
        return _replace_entries(target, fill)
    clean_leftovers(target.parent, target.name)
    stage = target.parent / f"{STAGE_PREFIX}{target.name}-{os.getpid()}-{secrets.token_hex(6)}"
    stage.mkdir()
    locks = [_claim(stage)]
    try:
        result = fill(stage)
        if carry and target.is_dir():
            _carry_over(target, stage)
        locks.append(_claim(target))
        old = _switch(stage, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return result
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    finally:
        for fd in locks:
            if fd is not None:
                os.close(fd)


def _switchable(target: Path) -> bool:
    """False for a folder that must not change identity: the working folder or one above it, a mount point,
    or one whose parent this process cannot write."""
    if not target.is_dir():
        return True
    cwd = Path.cwd()
    return not (
        target == cwd or target in cwd.parents or os.path.ismount(target) or not os.access(target.parent, os.W_OK)
    )


def _replace_entries(target: Path, fill: Callable[[Path], T]) -> T:
    """The fallback of :func:`replace_folder`: switch each entry of ``target`` that ``fill`` writes, one at a time.

    Each file and each folder (``site/``) still changes in one step, but not all of them together;
    entries not written are kept.
    """
    clean_leftovers(target)
    stage = target / f"{STAGE_PREFIX}{target.name or 'root'}-{os.getpid()}-{secrets.token_hex(6)}"
    stage.mkdir()
    lock = _claim(stage)
    try:
        result = fill(stage)
        for entry in sorted(stage.iterdir()):
            dest = target / entry.name
            if dest.is_dir() and not dest.is_symlink():
                old = _switch(entry, dest)
                if old is not None and old != entry:
                    shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(entry, dest)
        return result
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        if lock is not None:
            os.close(lock)


def clean_leftovers(parent: Path, name: str | None = None) -> list[Path]:
    """Remove the stage and old folders that killed runs left in ``parent`` (for ``name``, or any); return them.

    Only folders named by :func:`replace_folder` whose writer is gone (their lock is free) are
    touched. If a two-rename switch was cut in the middle (the target absent, its old folder
    present), the old folder is put back in its place instead.
    """
    wanted = re.escape(name) if name is not None else ".+"
    pattern = re.compile(rf"\.mscexo-(?P<kind>new|old)-(?P<name>{wanted})-\d+-[0-9a-f]{{12}}")
    removed: list[Path] = []
    if not parent.is_dir():
        return removed
    for path in sorted(parent.iterdir()):
        match = pattern.fullmatch(path.name)
        fd = _claim(path) if match else None
        if match is None or fd is None:
            continue
        try:
            home = parent / match["name"]
            if match["kind"] == "old" and not os.path.lexists(home):
                os.rename(path, home)
            else:
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
        finally:
            os.close(fd)
    return removed


def _switch(stage: Path, target: Path) -> Path | None:
    """Put ``stage`` in the place of ``target``; return where the old content now is (None: there was none)."""
    if not os.path.lexists(target):
        os.rename(stage, target)
        return None
    if exchange(stage, target):
        return stage
    return switch_by_renames(stage, target)


def switch_by_renames(stage: Path, target: Path) -> Path:
    """The portable switch: ``target`` to an old-folder name, then ``stage`` to ``target``; return the old folder.

    Between the two renames ``target`` is absent; :func:`clean_leftovers` restores it after a kill.
    """
    old = target.parent / f"{OLD_PREFIX}{target.name}-{os.getpid()}-{secrets.token_hex(6)}"
    os.rename(target, old)
    try:
        os.rename(stage, target)
    except BaseException:
        os.rename(old, target)
        raise
    return old


def exchange(a: Path, b: Path) -> bool:
    """Swap the names ``a`` and ``b`` in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``).

    False where that is not available (another system, an old C library, a file system without it).
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _claim(path: Path) -> int | None:
    """A descriptor holding the folder ``path``'s lock, or None when a live process holds it (or it is no folder).

    The lock lasts until the descriptor is closed or the process dies: a writer claims its folders
    so that no other run removes them; a cleaner claims a leftover to know its writer is gone.
    """
    fd = _open_dir(path)
    if fd is None:
        return None
    if _lock(fd):
        return fd
    os.close(fd)
    return None


def _open_dir(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None


def _lock(fd: int) -> bool:
    """Take an exclusive lock on ``fd`` without waiting; True when taken (always where flock is missing)."""
    try:
        import fcntl
    except ImportError:  # no flock (Windows): leftovers are taken as abandoned
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _carry_over(old: Path, new: Path) -> None:
    """Hard-link (or copy) into ``new`` every entry of ``old`` that ``new`` lacks, except earlier temp folders."""
    for entry in sorted(old.iterdir()):
        dest = new / entry.name
        if os.path.lexists(dest) or LEGACY_LEFTOVER.fullmatch(entry.name):
            continue
        if entry.is_symlink():
            os.symlink(os.readlink(entry), dest)
        elif entry.is_dir():
            shutil.copytree(entry, dest, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry, dest)


def _link_or_copy(src: str | Path, dst: str | Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
