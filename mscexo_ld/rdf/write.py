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
import struct
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
    whole: each entry written is switched on its own (:func:`_switch_entries`). A long job makes
    the :class:`FolderStage` first (it fails at once when ``target`` cannot be written), then fills it.
    """
    with FolderStage(target) as stage:
        return stage.commit(fill, carry=carry)


class FolderStage:
    """The stage folder of :func:`replace_folder`, made before the work that fills it (``with`` it; then ``commit``).

    Made at the start of a long job (``build``, ``release``), it says at once, as the OSError the
    final switch would raise, that ``target`` cannot be written (a file on the way, a read-only file
    system, an immutable folder, no permission), not after minutes of work; nothing is left behind
    (the stage is removed on leaving the ``with`` block unless committed). Leftovers of killed runs
    are removed first, as :func:`replace_folder` says.
    """

    def __init__(self, target: Path | str) -> None:
        target = Path(os.path.abspath(target))
        if target.is_symlink():
            target = Path(os.path.realpath(target))
        if os.path.lexists(target) and not target.is_dir():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
        target.parent.mkdir(parents=True, exist_ok=True)
        self.target = target
        self.whole = _switchable(target)
        if self.whole:
            _refuse_unrenamable(target)
            clean_leftovers(target.parent, target.name)
            home = target.parent
        else:
            clean_leftovers(target)
            home = target
        self.stage = home / f"{STAGE_PREFIX}{target.name or 'root'}-{os.getpid()}-{secrets.token_hex(6)}"
        self.stage.mkdir()
        self._lock = _claim(self.stage)
        self._open = True

    def __enter__(self) -> FolderStage:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove the stage (unless it was switched in) and release its lock; idempotent."""
        if self._open:
            self._open = False
            shutil.rmtree(self.stage, ignore_errors=True)
            if self._lock is not None:
                os.close(self._lock)

    def commit(self, fill: Callable[[Path], T], *, carry: bool = False) -> T:
        """``fill(stage)``, then switch the stage in (see :func:`replace_folder`); return fill's result."""
        if not self._open:
            raise RuntimeError(f"the stage of {self.target} was closed")
        try:
            result = fill(self.stage)
            if self.whole:
                self._switch_whole(carry=carry)
            else:
                _switch_entries(self.stage, self.target)
            return result
        finally:
            self.close()

    def _switch_whole(self, *, carry: bool) -> None:
        if carry and self.target.is_dir():
            _carry_over(self.target, self.stage)
        lock = _claim(self.target)
        try:
            old = _switch(self.stage, self.target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        finally:
            if lock is not None:
                os.close(lock)


def _switchable(target: Path) -> bool:
    """False for a folder that must not change identity: the working folder or one above it, a mount point,
    or one whose parent this process cannot write."""
    if not target.is_dir():
        return True
    cwd = Path.cwd()
    return not (
        target == cwd or target in cwd.parents or _is_mount_point(target) or not os.access(target.parent, os.W_OK)
    )


def _is_mount_point(folder: Path) -> bool:
    """``os.path.ismount``, or a mount point of the same file system as its parent (a bind mount, which it misses).

    Renaming a mount point fails (EBUSY); Linux lists every mount point in /proc/self/mountinfo.
    """
    if os.path.ismount(folder):
        return True
    try:
        table = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return False
    real = os.path.realpath(folder)
    for line in table.splitlines():
        fields = line.split(" ")
        if len(fields) > 4 and _unescape_mount_path(fields[4]) == real:
            return True
    return False


def _unescape_mount_path(field: str) -> str:
    """A mount point as /proc/self/mountinfo writes it: space, tab, newline and backslash as octal escapes."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), field)


#: FS_IOC_GETFLAGS (``_IOR('f', 1, long)``) and the inode flags that stop a rename (``chattr +i``, ``chattr +a``).
_FS_IOC_GETFLAGS = (2 << 30) | (struct.calcsize("l") << 16) | (ord("f") << 8) | 1
_FS_IMMUTABLE_FL, _FS_APPEND_FL = 0x10, 0x20


def _refuse_unrenamable(target: Path) -> None:
    """PermissionError(EPERM) naming ``target`` when it is an immutable or append-only folder (Linux inode flags).

    The switch would fail so (the kernel refuses to rename such a folder): say it before the work,
    as the switch would have said it.
    """
    if not sys.platform.startswith("linux") or not target.is_dir():
        return
    fd = _open_dir(target)
    if fd is None:
        return
    try:
        import fcntl

        flags = bytearray(struct.calcsize("l"))
        fcntl.ioctl(fd, _FS_IOC_GETFLAGS, flags)
    except OSError:  # a file system without inode flags
        return
    finally:
        os.close(fd)
    if struct.unpack_from("i", flags)[0] & (_FS_IMMUTABLE_FL | _FS_APPEND_FL):
        raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(target))


def _switch_entries(stage: Path, target: Path) -> None:
    """The fallback of :func:`replace_folder` (the stage inside ``target``): switch each entry written on its own.

    Each file and each folder (``site/``) still changes in one step, but not all of them together;
    entries not written are kept.
    """
    for entry in sorted(stage.iterdir()):
        dest = target / entry.name
        if dest.is_dir() and not dest.is_symlink():
            old = _switch(entry, dest)
            if old is not None and old != entry:
                shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(entry, dest)


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
            shutil.copytree(entry, dest, symlinks=True, copy_function=link_or_copy)
        else:
            link_or_copy(entry, dest)


def link_or_copy(src: str | Path, dst: str | Path) -> None:
    """A hard link ``dst`` to ``src``, or a copy where the file system refuses one (another device)."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
