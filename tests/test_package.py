"""mscexo-ld as a stranger gets it: built, checked, installed outside the checkout, used from an empty folder.

The fast tests check the one resource locator, the one version and the shipped release graph.
The ``slow`` ones (CI runs them; ``-m 'not slow'`` leaves them out) build the sdist and the wheel
with ``python -m build``, run ``twine check``, install each into its own fresh virtual environment
outside the checkout (pip's cache is reused, no system site-packages), and run the tool from an
empty temporary folder; and they try the pre-commit hook for real with ``pre-commit try-repo``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mscexo_ld import _version, resources
from mscexo_ld import constants as C

CHECKOUT = Path(__file__).resolve().parent.parent
CASES = sorted((CHECKOUT / "shapes" / "cases").glob("*.ttl"))
PTEN = ["query", "mirnas-via-gene", "--param", "gene=PTEN"]


def _timed(label: str, started: float) -> None:
    print(f"\n[test_package] {label}: {time.perf_counter() - started:.1f} s", file=sys.stderr)


def _run(
    cmd: list[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def _checked(cmd: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = _run(cmd, cwd=cwd, env=env)
    assert done.returncode == 0, f"{' '.join(cmd)} exited {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def shipped_files() -> dict[str, Path]:
    """Every file the distributions must carry, by its path inside the wheel (a new subpackage missing
    from pyproject's explicit ``packages`` list shows up here)."""
    # The package itself: every module, py.typed, the site's templates and CSS, the shipped graph.
    wanted = {
        path.relative_to(CHECKOUT).as_posix(): path
        for path in sorted((CHECKOUT / "mscexo_ld").rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    for name in resources.FOLDERS:
        for path in sorted((CHECKOUT / name).rglob("*")):
            if path.is_file() and path.suffix in {".ttl", ".rq", ".yaml", ".tsv", ".md"}:
                wanted[f"mscexo_ld/_data/{path.relative_to(CHECKOUT).as_posix()}"] = path
    return wanted


# ----------------------------------------------------------------------------- fast


def test_locator_finds_the_checkout_folders() -> None:
    assert resources.checkout_root() == CHECKOUT == C.CHECKOUT == C.ROOT
    assert C.ONTOLOGY_FILE == CHECKOUT / "ontology" / "mscexo.ttl" and C.ONTOLOGY_FILE.is_file()
    assert C.SHAPES_DIR == CHECKOUT / "shapes" and len(list(C.SHAPE_CASES_DIR.glob("*.ttl"))) == len(CASES) > 0
    assert C.QUERIES_DIR == CHECKOUT / "queries" and len(list(C.QUERIES_DIR.glob("*.rq"))) == 46
    assert C.DATA_DIR == CHECKOUT / "data" and C.TERM_CACHE_FILE.is_file()
    assert C.DEFAULT_BUILD_DIR == CHECKOUT / "build"
    assert resources.shared_dir() == C.SHARED_DIR == CHECKOUT.parent / "shared"
    assert C.TERM_CACHE_FILE.relative_to(C.ROOT).as_posix() == "data/terms.tsv"


def test_query_store_falls_back_to_the_shipped_graph_only_for_the_default_build(tmp_path: Path) -> None:
    shipped = resources.release_graph_file()
    assert resources.graph_for_query(tmp_path) == tmp_path / C.GRAPH_NT  # explicit folder: reported missing
    (tmp_path / C.GRAPH_NT).write_text("", encoding="utf-8")
    assert resources.graph_for_query(tmp_path) == tmp_path / C.GRAPH_NT
    default = C.DEFAULT_BUILD_DIR / C.GRAPH_NT
    assert resources.graph_for_query() == (default if default.is_file() else shipped)


def test_shipped_release_graph_equals_a_fresh_build(build_dir: Path) -> None:
    fresh = (build_dir / C.GRAPH_NT).read_bytes()
    assert resources.release_graph_file().read_bytes() == fresh, (
        "mscexo_ld/_data/mscexo.nt is not the graph the curated data builds; run `bash scripts/release-graph.sh`"
    )


def test_version_lives_in_one_place() -> None:
    from importlib.metadata import metadata

    pyproject = (CHECKOUT / "pyproject.toml").read_text(encoding="utf-8")
    project = pyproject.split("[project]", 1)[1].split("\n[", 1)[0]
    assert 'dynamic = ["version"]' in project and not re.search(r"^version\s*=", project, re.M)
    assert 'version = { attr = "mscexo_ld._version.__version__" }' in pyproject
    installed = metadata("mscexo-ld")
    assert C.VERSION == _version.__version__ == installed["Version"]
    assert installed["Requires-Python"] == ">=" + ".".join(str(p) for p in _version.MIN_PYTHON)


def test_unsupported_python_stops_with_a_message(tmp_path: Path) -> None:
    # The real module, run by an interpreter that reports itself as 3.9 (the only one here is newer).
    script = "import runpy, sys; sys.version_info = (3, 9, 18, 'final', 0); runpy.run_path(sys.argv[1])"
    done = _run([sys.executable, "-c", script, str(CHECKOUT / "mscexo_ld" / "_version.py")], cwd=tmp_path)
    assert done.returncode == _version.EXIT_UNSUPPORTED_PYTHON
    assert "mscexo-ld 0.1.0 needs Python 3.10 or newer; this is Python 3.9.18" in done.stderr
    assert "Traceback" not in done.stderr
    assert _version.unsupported_python_message(sys.version_info[:3]) is None


# ----------------------------------------------------------------------------- slow: the distributions


@dataclass(frozen=True)
class Dists:
    wheel: Path
    sdist: Path


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    out = tmp_path_factory.mktemp("dist")
    started = time.perf_counter()
    _checked([sys.executable, "-m", "build", "--outdir", str(out), str(CHECKOUT)], cwd=out)
    _timed("python -m build (sdist + wheel)", started)
    (wheel,) = out.glob("mscexo_ld-*.whl")
    (sdist,) = out.glob("mscexo_ld-*.tar.gz")
    return Dists(wheel, sdist)


def _stranger_env(venv: Path) -> dict[str, str]:
    """The environment of a stranger's shell with ``venv`` activated: no checkout, no MSCEXO_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MSCEXO_", "PYTHON", "VIRTUAL_ENV", "PIP_"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _install(target: str, where: Path, cwd: Path) -> Path:
    venv = where / "venv"
    started = time.perf_counter()
    _checked([sys.executable, "-m", "venv", str(venv)], cwd=cwd)
    _checked(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", target], cwd=cwd, env=_stranger_env(venv)
    )
    _timed(f"fresh venv + pip install {Path(target).name}", started)
    return venv


@pytest.fixture(scope="module", params=["wheel", "sdist"])
def installed(request: pytest.FixtureRequest, dists: Dists, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh venv (outside the checkout) with the wheel, or with the unpacked sdist, installed."""
    where = tmp_path_factory.mktemp(f"venv-{request.param}")
    assert not where.resolve().is_relative_to(CHECKOUT)
    if request.param == "wheel":
        target = dists.wheel
    else:
        with tarfile.open(dists.sdist) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(where, filter="data")
            else:  # pragma: no cover - Python 3.10 before 3.10.12
                tar.extractall(where)
        (target,) = where.glob("mscexo_ld-*/")
    yield _install(str(target), where, cwd=where)


@pytest.fixture()
def stranger(installed: Path, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """The installed venv and an empty folder to run it from."""
    empty = tmp_path / "empty"
    empty.mkdir()
    yield installed, empty


def _tool(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = _run([str(venv / "bin" / "mscexo-ld"), *args], cwd=cwd, env=_stranger_env(venv))
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.slow
def test_twine_check_both(dists: Dists) -> None:
    done = _checked(
        [sys.executable, "-m", "twine", "check", "--strict", str(dists.wheel), str(dists.sdist)], cwd=dists.wheel.parent
    )
    assert done.stdout.count("PASSED") == 2, done.stdout


@pytest.mark.slow
def test_distributions_carry_every_resource(dists: Dists) -> None:
    wanted = shipped_files()
    with zipfile.ZipFile(dists.wheel) as whl:
        names = set(whl.namelist())
        missing = sorted(set(wanted) - names)
        assert not missing, f"the wheel lacks {missing}"
        assert all(whl.read(name) == path.read_bytes() for name, path in wanted.items())
        metadata = whl.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    for field in (
        "License-Expression: MIT",
        "Requires-Python: >=3.10",
        "Project-URL: Homepage, https://w3id.org/mscexo",
    ):
        assert field in metadata
    assert "Requires-Dist: Jinja2" in metadata and "Keywords:" in metadata and "Classifier:" in metadata
    with tarfile.open(dists.sdist) as tar:
        top = tar.getnames()[0].split("/")[0]
        inside = {name.removeprefix(f"{top}/") for name in tar.getnames()}
    assert {path.relative_to(CHECKOUT).as_posix() for path in wanted.values()} <= inside
    assert {"mscexo_ld/_data/mscexo.nt", "pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"} <= inside


@pytest.mark.slow
def test_version(stranger: tuple[Path, Path]) -> None:
    venv, empty = stranger
    done = _tool(venv, empty, "--version")
    assert done.returncode == 0 and done.stdout.strip() == f"mscexo-ld {_version.__version__}"


@pytest.mark.slow
def test_query_list_names_every_canned_query(stranger: tuple[Path, Path]) -> None:
    venv, empty = stranger
    done = _tool(venv, empty, "query", "--list")
    assert done.returncode == 0, done.stderr
    listed = {line for line in done.stdout.splitlines() if line and not line.startswith(" ")}
    assert listed == {path.stem for path in (CHECKOUT / "queries").glob("*.rq")}


@pytest.mark.slow
def test_pten_question_without_a_build(stranger: tuple[Path, Path], build_dir: Path) -> None:
    venv, empty = stranger
    done = _tool(venv, empty, *PTEN)
    # The default store is build/mscexo.nt, else the shipped release graph (resources.graph_for_query).
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr}"
    here = _checked([sys.executable, "-m", "mscexo_ld", *PTEN, "--build", str(build_dir)], cwd=CHECKOUT)
    assert done.stdout == here.stdout and "(3 rows)" in done.stdout
    assert list(empty.iterdir()) == []  # answered from the shipped graph: nothing built, nothing written


def expectations(path: Path) -> set[tuple[str, str, str]] | None:
    """A shape case's ``# expect:`` header (as tests/test_shapes.py reads it): None for ``conforms``."""
    expected: set[tuple[str, str, str]] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect:"):
            body = line.split(":", 1)[1].strip()
            if body == "conforms":
                return None
            focus, spath, component = body.split()
            expected.add((focus, spath, component))
    assert expected, f"{path.name} has no '# expect:' header"
    return expected


VIOLATION = re.compile(
    r"^\[shacl\] .*\(sh:(?P<component>\w+)\)\n    focus node: (?P<focus>\S+)(?:\n    path:       (?P<path>\S+))?", re.M
)


@pytest.mark.slow
def test_validate_every_shape_case(stranger: tuple[Path, Path]) -> None:
    venv, empty = stranger
    started = time.perf_counter()
    wrong = []
    for case in CASES:
        shutil.copy(case, empty / case.name)
        done = _tool(venv, empty, "validate", "--data", case.name, "--checks", "shacl")
        expected = expectations(case)
        found = {(m["focus"], m["path"] or "-", m["component"]) for m in VIOLATION.finditer(done.stdout)}
        if expected is None and (done.returncode, found) != (0, set()):
            wrong.append(f"{case.name}: expected conforms, got exit {done.returncode}\n{done.stdout}{done.stderr}")
        elif expected is not None and (done.returncode, found) != (1, expected):
            wrong.append(
                f"{case.name}: expected exit 1 with {sorted(expected)}, got exit {done.returncode} {sorted(found)}"
            )
    _timed(f"validate --data on {len(CASES)} shape cases", started)
    assert not wrong, "\n".join(wrong)


def readme_api_example() -> str:
    """The first ```python block under a README heading that contains "Python API"."""
    text = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    heading = re.search(r"^#+ .*Python API.*$", text, re.M)
    block = re.search(r"^```python\n(.*?)^```", text[heading.end() :], re.M | re.S) if heading else None
    if block is None:
        pytest.fail("README.md has no ```python block under a heading containing 'Python API' (the API example)")
    return block.group(1)


@pytest.mark.slow
def test_readme_api_example(stranger: tuple[Path, Path]) -> None:
    venv, empty = stranger
    example = empty / "example.py"
    example.write_text(readme_api_example(), encoding="utf-8")
    done = _run([str(venv / "bin" / "python"), example.name], cwd=empty, env=_stranger_env(venv))
    assert done.returncode == 0, f"the README's API example failed:\n{done.stdout}\n{done.stderr}"


# ----------------------------------------------------------------------------- slow: the pre-commit hook


@pytest.mark.slow
def test_pre_commit_hook_for_real(tmp_path: Path) -> None:
    repo = tmp_path / "user-project"
    repo.mkdir()
    valid, invalid = (
        CHECKOUT / "shapes" / "cases" / "FindingShape-valid.ttl",
        CHECKOUT / "shapes" / "cases" / "FindingShape-invalid-01.ttl",
    )
    shutil.copy(valid, repo / "good.ttl")
    shutil.copy(invalid, repo / "bad.ttl")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MSCEXO_", "PYTHON", "VIRTUAL_ENV"))}
    env |= {
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
    }
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    _checked(["git", "init", "-q"], cwd=repo, env=env)
    _checked(["git", "add", "good.ttl", "bad.ttl"], cwd=repo, env=env)
    pre_commit = [sys.executable, "-m", "pre_commit", "try-repo", str(CHECKOUT), "mscexo-validate", "--files"]
    started = time.perf_counter()
    bad = _run([*pre_commit, "bad.ttl"], cwd=repo, env=env)
    _timed("pre-commit try-repo (hook install + invalid file)", started)
    output = bad.stdout + bad.stderr
    assert bad.returncode == 1, output
    focus = {focus for focus, _, _ in expectations(invalid) or set()}
    assert "Failed" in output and "FAIL     shacl" in output and all(f"focus node: {f}" in output for f in focus), (
        output
    )
    good = _run([*pre_commit, "good.ttl"], cwd=repo, env=env)
    assert good.returncode == 0 and "Passed" in good.stdout, good.stdout + good.stderr


# ----------------------------------------------------------------------------- slow: the scripts


@pytest.mark.slow
def test_setup_replaces_a_venv_of_an_unsupported_python(tmp_path: Path) -> None:
    project = tmp_path / "checkout"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(CHECKOUT / "scripts" / "setup.sh", project / "scripts" / "setup.sh")
    (project / "tiny.py").write_text("ANSWER = 42\n", encoding="utf-8")
    (project / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=77"]\nbuild-backend = "setuptools.build_meta"\n\n'
        '[project]\nname = "tiny"\nversion = "1"\n\n[project.optional-dependencies]\ntest = []\n\n'
        '[tool.setuptools]\npy-modules = ["tiny"]\n',
        encoding="utf-8",
    )
    # A .venv left by Python 3.9 (its interpreter reports 3.9 and fails on newer syntax).
    old = project / ".venv" / "bin" / "python"
    old.parent.mkdir(parents=True)
    old.write_text("#!/bin/sh\necho 'Python 3.9.18'\nexit 1\n", encoding="utf-8")
    old.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    first = _run(["bash", "scripts/setup.sh"], cwd=project, env=env)
    assert first.returncode == 0, first.stderr
    assert "setup: .venv was made with Python 3.9.18; mscexo-ld needs Python 3.10 or newer" in first.stderr
    now = _checked([str(old), "-c", "import sys, tiny; print(sys.version_info >= (3, 10), tiny.ANSWER)"], cwd=tmp_path)
    assert now.stdout.split() == ["True", "42"]
    again = _run(["bash", "scripts/setup.sh"], cwd=project, env=env)
    assert again.returncode == 0 and again.stderr == "", again.stderr  # a good .venv is reused, quietly


@pytest.mark.slow
def test_test_sh_ends_with_the_skips_and_their_reasons(tmp_path: Path) -> None:
    tests = tmp_path / "test_skips.py"
    tests.write_text(
        "import pytest\n\n\ndef test_runs():\n    assert True\n\n\n"
        "@pytest.mark.parametrize('n', [1, 2])\ndef test_browser(n):\n    pytest.skip('chromium is not installed')\n",
        encoding="utf-8",
    )
    done = _run(["bash", "scripts/test.sh", str(tests), "-p", "no:cacheprovider"], cwd=CHECKOUT)
    assert done.returncode == 0, done.stdout + done.stderr
    tail = done.stdout.strip().splitlines()[-3:]
    assert tail[0] == "test.sh: 2 test(s) skipped, NOT a full run; the reasons:"
    assert tail[1].startswith("  [2] ") and tail[1].endswith("chromium is not installed")
    assert "MSCEXO_REQUIRE_BROWSER=1" in tail[2]
