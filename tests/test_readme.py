"""Everything the README shows is executed, in a fresh copy of the checkout, and its output compared.

- Every command of a ```sh block runs, in README order, and exits 0 (or the code its comment
  names: "# ... exit 1: they differ"), in a copy of the checkout's tracked files (no build/, as
  after ``git clone``) whose ``.venv/bin/`` calls this interpreter (``setup.sh`` then has nothing
  to install). Commands that need a long-running server or a second store are listed in
  ``COVERED_ELSEWHERE`` with the test or CI step that runs them; that test must exist.
- Every ```python block runs there too, after the commands, and must exit 0.
- Output the README shows is compared with the real output: a ```` ``` ```` block starting with
  ``$ COMMAND`` (the command's output follows it), or a block right after
  ``<!-- readme-test: output of `COMMAND` -->``, where COMMAND is one of the ```sh commands, or
  after ``<!-- readme-test: output of the python block above -->`` (its standard output). A
  shown line starting with ``...`` stands for any number of lines. A block without a language
  must be one of these two kinds; listings that are not output are tagged (```text).
- Commands that read the review's text or the reference index need ``../shared/`` beside the
  checkout (linked beside the copy); without it they are skipped, unless MSCEXO_REQUIRE_SHARED=1.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from mscexo_ld import constants as C

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
TIMEOUT_S = 600

#: Commands shown in a ```sh block that this test does not run, and what runs them instead.
COVERED_ELSEWHERE = {
    "bash scripts/fetch-fuseki.sh": ".ci/run",  # fetches from Maven Central: CI runs it before the tests
    ".venv/bin/mscexo-ld serve --server fuseki --timeout 10": (
        "tests/test_fuseki.py::test_canned_queries_agree_with_the_embedded_store"
    ),
    # Installing the wheel into a fresh environment, then the installed command from an empty folder.
    "python3 -m venv venv && . venv/bin/activate": "tests/test_package.py::test_version",
    "pip install dist/mscexo_ld-0.1.0-py3-none-any.whl": "tests/test_package.py::test_version",
    "mscexo-ld query mirnas-via-gene --param gene=PTEN": "tests/test_package.py::test_pten_question_without_a_build",
    "mscexo-ld validate --data my-graph.ttl --checks shacl": "tests/test_package.py::test_validate_every_shape_case",
    "bash scripts/test.sh": ".ci/run",  # the whole suite, this test included: CI runs exactly this command
    ".venv/bin/mscexo-ld serve": "tests/test_server.py::test_serve_also_serves_the_site",
    ".venv/bin/mscexo-ld query regulators-of-gene --param gene=PTEN --endpoint http://127.0.0.1:7878/query": (
        "tests/test_server.py::test_query_cli_on_the_endpoint"
    ),
    ".venv/bin/mscexo-ld load --store http://localhost:3030/ds/data --endpoint http://localhost:3030/ds/sparql": (
        "tests/test_server.py::test_load_replaces_the_named_graph_and_verifies_the_count"
    ),
}
#: Commands this test must never run (they would install into this interpreter's environment or use the
#: network): the README may show them only if COVERED_ELSEWHERE names the test that runs them.
NEVER_RUN_HERE = re.compile(
    r"\bpip\b|\bpipx\b|\buv\b|python3? -m build\b|\bpre-commit\b|\bcurl\b|\bwget\b|\bapt(-get)?\b"
)
#: Commands that read ../shared/ (the review's text, the reference index).
NEEDS_SHARED = ("bash scripts/quickstart.sh", ".venv/bin/mscexo-ld validate", "coverage", "terms --verify")


# ----------------------------------------------------------------------------- reading the README


@dataclass(frozen=True)
class Block:
    """One fenced block: its language (may be empty), text, first line number and readme-test marker."""

    lang: str
    text: str
    line: int
    marker: str | None


_MARKER = re.compile(r"^<!-- readme-test: (.*?) -->$")


def blocks(text: str) -> list[Block]:
    """Every fenced code block of a Markdown text."""
    out = []
    lines = text.splitlines()
    n = 0
    while n < len(lines):
        m = re.match(r"^```(\S*)\s*$", lines[n])
        if not m:
            n += 1
            continue
        start = n
        n += 1
        body = []
        while not lines[n].startswith("```"):
            body.append(lines[n])
            n += 1
        before = [line for line in lines[:start] if line.strip()][-1:]
        marker = _MARKER.match(before[0]) if before else None
        out.append(Block(m.group(1), "\n".join(body) + "\n", start + 1, marker.group(1) if marker else None))
        n += 1
    return out


def strip_comment(line: str) -> str:
    """A shell line without its trailing ``# comment`` (the key of COVERED_ELSEWHERE and of output markers)."""
    return re.sub(r"(^|\s+)#(\s.*)?$", "", line).strip()


def expected_exit(command: str) -> int:
    """0, or the code the command's comment names ("# ... exit 1: they differ")."""
    comment = command[len(strip_comment(command)) :]
    m = re.search(r"\bexit (\d)\b", comment)
    return int(m.group(1)) if m else 0


def commands(block: Block) -> list[str]:
    """The commands of a ```sh block, one per line (backslash continuations joined), comment lines skipped."""
    joined = block.text.replace("\\\n", " ")
    return [line for line in joined.splitlines() if strip_comment(line)]


def python_key(block: Block) -> str:
    """How the output of a python block is named."""
    return f"python block at README.md:{block.line}"


def shown_outputs(all_blocks: list[Block]) -> list[tuple[str, str, int]]:
    """(command, shown output, README line) of every block that shows a command's output."""
    out = []
    last_python = None
    for b in all_blocks:
        if b.lang == "python":
            last_python = b
        if b.lang:
            continue
        if b.marker == "output of the python block above":
            assert last_python, f"README.md:{b.line}: no python block above"
            out.append((python_key(last_python), b.text, b.line))
            continue
        if b.marker:
            m = re.fullmatch(r"output of `(.+)`", b.marker)
            assert m, f"README.md:{b.line}: unknown readme-test marker {b.marker!r}"
            out.append((m.group(1), b.text, b.line))
            continue
        assert b.text.startswith("$ "), (
            f"README.md:{b.line}: a block without a language must start with '$ COMMAND' or follow "
            "'<!-- readme-test: output of `COMMAND` -->'; tag listings that are not output (```text)"
        )
        for chunk in re.split(r"^(?=\$ )", b.text, flags=re.M):
            if chunk:
                command, _, shown = chunk[2:].partition("\n")
                out.append((command, shown, b.line))
    return out


def output_pattern(shown: str) -> re.Pattern[str]:
    """A pattern for the whole output: shown lines exactly (trailing spaces aside), '...' lines for any lines."""
    parts = []
    for line in shown.splitlines():
        if line.strip().startswith("..."):
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(re.escape(line.rstrip()) + r"\n")
    return re.compile("".join(parts))


def normalise(output: str) -> str:
    """Trailing spaces of each line removed, one newline at the end."""
    return "".join(line.rstrip() + "\n" for line in output.splitlines())


# ----------------------------------------------------------------------------- checks of the README itself


def test_output_comparison_allows_elisions_and_nothing_else() -> None:
    shown = "a\n...  (comment)\nd\n"
    assert output_pattern(shown).fullmatch(normalise("a\nb\nc\nd  \n"))
    assert output_pattern(shown).fullmatch("a\nd\n")
    assert not output_pattern(shown).fullmatch("a\nb\nc\ne\n")
    assert not output_pattern("a\n").fullmatch("a\nb\n")


def test_blocks_markers_and_commands_are_read() -> None:
    text = (
        "```sh\n.venv/bin/mscexo-ld build   # note\na \\\n  b  # exit 1: differs\n# only a comment\n```\n\n"
        "<!-- readme-test: output of `.venv/bin/mscexo-ld build` -->\n```\nbuilt\n```\n"
        "```python\nprint(1)\n```\n<!-- readme-test: output of the python block above -->\n```\n1\n```\n"
        "```\n$ mscexo-ld query x\nrow\n$ mscexo-ld query y\n```\n"
    )
    found = blocks(text)
    assert [(b.lang, b.marker) for b in found] == [
        ("sh", None),
        ("", "output of `.venv/bin/mscexo-ld build`"),
        ("python", None),
        ("", "output of the python block above"),
        ("", None),
    ]
    assert [strip_comment(c) for c in commands(found[0])] == [".venv/bin/mscexo-ld build", "a    b"]
    assert [expected_exit(c) for c in commands(found[0])] == [0, 1]
    assert shown_outputs(found) == [
        (".venv/bin/mscexo-ld build", "built\n", 9),
        ("python block at README.md:12", "1\n", 16),
        ("mscexo-ld query x", "row\n", 19),
        ("mscexo-ld query y", "", 19),
    ]


def test_every_command_is_run_here_or_covered_by_a_named_test() -> None:
    all_blocks = blocks(README.read_text(encoding="utf-8"))
    shown = [strip_comment(c) for b in all_blocks if b.lang == "sh" for c in commands(b)]
    assert shown, "no ```sh block in README.md"
    stale = sorted(set(COVERED_ELSEWHERE) - set(shown))
    assert not stale, f"COVERED_ELSEWHERE names commands the README no longer shows: {stale}"
    for command, where in COVERED_ELSEWHERE.items():
        file, _, test = where.partition("::")
        text = (ROOT / file).read_text(encoding="utf-8")
        if test:
            assert re.search(rf"^def {re.escape(test)}\(", text, re.M), f"{command!r}: {where} does not exist"
        else:
            assert command in text, f"{command!r}: {file} does not run it"
    run = set(shown) - set(COVERED_ELSEWHERE)
    unsafe = sorted(c for c in run if NEVER_RUN_HERE.search(c))
    assert not unsafe, f"commands that install or use the network; add the test that covers them: {unsafe}"
    for command, _, line in shown_outputs(all_blocks):
        if not command.startswith(("mscexo-ld ", "python block at")):  # `$ mscexo-ld ...` blocks: run as shown
            assert command in run, f"README.md:{line}: output shown for {command!r}, which no ```sh block runs"


# ----------------------------------------------------------------------------- running it


def fresh_copy(target: Path) -> Path:
    """The checkout's tracked (and new, not ignored) files copied to ``target``, with a ``.venv`` of wrappers."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for rel in filter(None, listed.split("\0")):
        source = ROOT / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    bin_dir = target / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = bin_dir / "python"
    python.write_text(
        f'#!/bin/sh\nPYTHONPATH="{target}${{PYTHONPATH:+:$PYTHONPATH}}" exec "{sys.executable}" "$@"\n',
        encoding="utf-8",
    )
    tool = bin_dir / "mscexo-ld"
    tool.write_text(f'#!/bin/sh\nexec "{python}" -m mscexo_ld "$@"\n', encoding="utf-8")
    for script in (python, tool):
        script.chmod(0o755)
    (target / ".venv" / ".mscexo-installed").touch()  # newer than pyproject.toml: setup.sh installs nothing
    return target


@dataclass
class Ran:
    """What one command did."""

    command: str
    code: int
    out: str
    err: str


def run_shell(command: str, cwd: Path) -> Ran:
    """Run one README command with bash in ``cwd``, its ``.venv/bin`` first on the PATH."""
    env = {**os.environ, "PATH": f"{cwd / '.venv' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("MSCEXO_SOURCE_TEXT", None)  # found beside the copy, as in a clone
    done = subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )
    return Ran(command, done.returncode, done.stdout, done.stderr)


@pytest.mark.slow
def test_readme_commands_and_examples(tmp_path: Path) -> None:
    """Every ```sh command and ```python block of the README runs; every output it shows is what it prints."""
    shared = C.SHARED_DIR
    if not shared.is_dir() and os.environ.get("MSCEXO_REQUIRE_SHARED") == "1":
        pytest.fail(f"MSCEXO_REQUIRE_SHARED=1 but {shared} is missing")
    if shutil.which("java") is None:
        pytest.skip("no java: scripts/setup.sh (run by the quick start) would install one")
    all_blocks = blocks(README.read_text(encoding="utf-8"))
    copy = fresh_copy(tmp_path / "mscexo-ld")
    if shared.is_dir():
        (tmp_path / "shared").symlink_to(shared)

    problems: list[str] = []
    ran: dict[str, Ran] = {}
    skipped: list[str] = []
    for block in all_blocks:
        if block.lang != "sh":
            continue
        for command in commands(block):
            key = strip_comment(command)
            if key in COVERED_ELSEWHERE:
                continue
            assert not NEVER_RUN_HERE.search(key), f"README.md:{block.line}: will not run {key!r} (see NEVER_RUN_HERE)"
            if not shared.is_dir() and any(word in key for word in NEEDS_SHARED):
                skipped.append(key)
                continue
            result = ran[key] = run_shell(command, copy)
            if result.code != expected_exit(command):
                problems.append(f"README.md:{block.line}: `{key}` exited {result.code}\n{result.err[-3000:]}")
    for block in all_blocks:
        if block.lang == "python":
            done = subprocess.run(
                [str(copy / ".venv" / "bin" / "python"), "-c", block.text],
                cwd=copy,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
                check=False,
            )
            ran[python_key(block)] = Ran(python_key(block), done.returncode, done.stdout, done.stderr)
            if done.returncode != 0:
                problems.append(f"README.md:{block.line}: the python block exited {done.returncode}\n{done.stderr}")
    for command, shown, line in shown_outputs(all_blocks):
        if command.startswith("mscexo-ld "):
            if not shared.is_dir() and any(word in command for word in NEEDS_SHARED):
                continue
            ran[command] = run_shell(command, copy)
        if command not in ran:
            assert command in skipped, command
            continue
        result = ran[command]
        if not output_pattern(shown).fullmatch(normalise(result.out)):
            problems.append(
                f"README.md:{line}: `{command}` (exit {result.code}) printed\n{result.out}\n"
                f"--- where the README shows\n{shown}--- stderr\n{result.err[-2000:]}"
            )
    assert not problems, "\n\n".join(problems)
    if skipped:
        pytest.skip(f"needs {shared} (the review's text, the reference index): {skipped}")
