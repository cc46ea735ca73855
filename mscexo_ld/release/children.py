"""Child processes that die with their parent: a killed ``build`` leaves no worker behind."""

from __future__ import annotations

import os
import signal
import sys

#: ``prctl`` option: the signal the kernel sends this process when its parent dies (linux/prctl.h).
PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """In a child process: be killed (SIGKILL) by the kernel as soon as the parent ``parent_pid`` dies.

    Linux: ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` through ctypes; elsewhere (or without a C
    library) nothing is asked and the child relies on its parent's orderly shutdown. If the
    parent is already gone when this runs, the child exits at once. Meant as the
    ``initializer`` of a process pool whose workers are started by the parent's main thread (the
    signal follows the thread that forked the child).
    """
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            prctl = ctypes.CDLL(None, use_errno=True).prctl
        except (OSError, AttributeError):
            prctl = None
        if prctl is not None:
            prctl(ctypes.c_int(PR_SET_PDEATHSIG), ctypes.c_ulong(signal.SIGKILL), ctypes.c_ulong(0), ctypes.c_ulong(0))
    if os.getppid() != parent_pid:
        os._exit(1)
