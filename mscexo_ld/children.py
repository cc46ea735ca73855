"""Child processes that die with their parent: a killed ``mscexo-ld`` leaves no worker or server behind."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable

#: ``prctl`` option: the signal the kernel sends this process when its parent dies (linux/prctl.h).
PR_SET_PDEATHSIG = 1


def _load_prctl() -> Callable[..., int] | None:
    """libc's ``prctl`` on Linux, loaded at import, before any fork (no loading in the child)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return prctl


_PRCTL = _load_prctl()


def die_with_parent(parent_pid: int | None = None) -> None:
    """In a child process: be killed (SIGKILL) by the kernel as soon as its parent dies, even by SIGKILL.

    Linux: ``prctl(PR_SET_PDEATHSIG, SIGKILL)``; elsewhere nothing is asked and the child relies on
    its parent's orderly shutdown. ``parent_pid`` (default: the parent now) is checked after the
    call: a parent already gone ends the child at once. Usable as a pool ``initializer`` or, via
    :func:`preexec`, between fork and exec.
    """
    parent = os.getppid() if parent_pid is None else parent_pid
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def preexec(parent_pid: int) -> Callable[[], None]:
    """A ``preexec_fn`` for :class:`subprocess.Popen`: the child dies with ``parent_pid``."""

    def run() -> None:
        die_with_parent(parent_pid)

    return run
