"""Every verb has --help with an example and the exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mscexo_ld.cli import main


@pytest.mark.parametrize("verb", ["build", "validate", "query", "serve", "load", "coverage", "terms"])
def test_help_shows_example_and_exit_codes(verb: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([verb, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "example" in out and f"mscexo-ld {verb}" in out
    assert "exit codes:" in out and "3  curated input rejected" in out


def test_console_script_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "mscexo_ld", "--help"], capture_output=True, text=True, check=True)
    assert "build -> validate -> query" in done.stdout


def test_no_verb_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
