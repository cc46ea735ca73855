"""Atomic writes: every file is rendered into a temporary folder beside the target, then renamed into place."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_files(
    out_dir: Path, files: dict[str, Callable[[], str]], progress: Callable[[str], None] | None = None
) -> list[Path]:
    """Render every file into a temporary folder inside ``out_dir``, then move each into ``out_dir``.

    Nothing in ``out_dir`` changes unless every file rendered, and no file there is ever
    half-written: each arrives by ``os.replace`` (a rename on the same file system).
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
