"""Habits the whole tree keeps, checked in CI: ruff lint and format, ``mypy --strict`` on the package.

The configuration is checked in (``pyproject.toml``); ``.pre-commit-config.yaml`` runs the same
tools before a commit, so a contributor sees these failures before CI does.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TREES = ["mscexo_ld", "tests", "benchmarks"]


def _tool(name: str) -> list[str]:
    """The tool as a module of this interpreter (installed by the test extra), else fail with how to get it."""
    if shutil.which(name, path=str(Path(sys.executable).parent)) is None:
        pytest.fail(f"{name} is not installed beside {sys.executable}: pip install -e '.[test]'")
    return [sys.executable, "-m", name]


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False, timeout=600)


def test_ruff_lint_is_clean() -> None:
    done = _run([*_tool("ruff"), "check", "--no-cache", *TREES])
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_is_clean() -> None:
    done = _run([*_tool("ruff"), "format", "--check", "--no-cache", *TREES])
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_is_clean_over_the_package() -> None:
    done = _run([*_tool("mypy"), "--strict", "-p", "mscexo_ld"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout


def test_every_noqa_names_its_code() -> None:
    """A bare noqa comment silences everything on its line; each one must name what it silences."""
    bare = [
        f"{path.relative_to(ROOT)}:{n}"
        for tree in TREES
        for path in sorted((ROOT / tree).rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "# noqa" in line and "# noqa:" not in line
    ]
    assert not bare, bare
