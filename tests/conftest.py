"""Shared fixtures: the real ontology, shapes, curated corpus and one built release.

The release, built once per test run: ``build_dir`` is the folder ``mscexo-ld build`` writes
from ``data/`` (every release file and the site), made ONCE for the whole run, by a
``mscexo-ld build`` subprocess, and shared by every test and every pytest-xdist worker (the
first worker builds it under a file lock; the others wait for it and reuse it). Building it
takes about 10 s of a loaded machine, so a test that needs the release of the real data must
not build its own:

- to read it (query it, validate it, serve it, parse its files): take ``build_dir``. It is
  read-only, and a test that changes it anyway fails at the end of the run (its files are
  checksummed when built and checked again; as root, file modes alone do not stop a write);
- to change it (write into it, build over it, delete from it): take ``build_copy``, a
  writable copy of it in the test's own ``tmp_path``;
- to check that a command leaves it as it was (a rejected build): take ``build_linked``, the same
  tree made of hard links (no byte copied: a copy of its 2,000-odd files, made and deleted again
  by each of the ~90 bad-input cases, was most of their cost);
- to build something else (a changed copy of ``data/``, ``release``): build it, of course.

``build_seed`` is the PYTHONHASHSEED it was built with (a test of reproducibility builds again
with another seed and compares). Also the fixtures several test files need: ``data_copy`` (a
writable copy of ``data/``), ``free_port`` (a factory of free loopback ports), ``store``
(the release in pyoxigraph) and ``unmapped_build`` (data/ with PTEN's mapping removed and its
build, made once per run like ``build_dir``).

Slow tests: ``@pytest.mark.slow`` marks the end-to-end tests that take several seconds or more
(fresh-venv installs, SIGKILL runs, real servers and the browser, benchmark runs, whole builds or
releases run for one feature, external tools' round trips, load tests); a fast test of each such
feature stays in the default run.
``scripts/test.sh`` sets MSCEXO_SKIP_SLOW=1, which skips them with that reason (the developer's run,
reported as not a full run); ``scripts/test.sh --all`` and CI (``.ci/run``) run every test, and so
does a bare ``pytest``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from filelock import FileLock
from rdflib import Graph

from mscexo_ld import constants as C
from mscexo_ld.curation import load_corpus
from mscexo_ld.query import load_store
from mscexo_ld.rdf.build import build_graph, load_ontology
from mscexo_ld.rdf.write import link_or_copy
from mscexo_ld.records import Corpus
from mscexo_ld.validate.shacl import load_shapes

SLOW_SKIPPED = "slow end-to-end test, left out by scripts/test.sh: `bash scripts/test.sh --all` runs it (CI does)"


#: The test files that cost most (worker-seconds of the default run, measured 2026-12-05), costliest first.
#: ``scripts/test.sh`` hands pytest-xdist whole files (``--dist loadfile``: a file's module fixtures, such
#: as one Java for every Jena case, a release, a server, are made once, not once per worker) in the order
#: of collection (``--no-loadscope-reorder``), so these start first and the run does not end waiting
#: on one long file; the other files follow in their usual order. test_shacl_jena is second because it
#: does not need the shared build: one worker runs it while the other builds.
HEAVY_FIRST = (
    "test_bad_input.py",
    "test_shacl_jena.py",
    "test_adverse.py",
    "test_validate.py",
    "test_check_loop.py",
    "test_api.py",
    "test_cli.py",
    "test_query_bounds.py",
    "test_build.py",
    "test_site.py",
    "test_server.py",
    "test_ontology.py",
    "test_release.py",
    "test_aligned_queries.py",
    "test_export_nanopub.py",
    "test_export_kgx.py",
    "test_export_sssom.py",
)


#: In a run with the slow tests (``scripts/test.sh --all``, CI), the files that hold most of them go
#: before HEAVY_FIRST: fresh-venv installs, SIGKILL runs, the README's commands, benchmark runs, Fuseki,
#: the browser (an estimate from their contents, not measured as HEAVY_FIRST was).
SLOW_HEAVY_FIRST = (
    "test_package.py",
    "test_crash.py",
    "test_readme.py",
    "test_benchmark_smoke.py",
    "test_fuseki.py",
    "test_site.py",
    "test_release.py",
    "test_conneg.py",
)


def _file_order() -> tuple[str, ...]:
    if os.environ.get("MSCEXO_SKIP_SLOW") == "1":
        return HEAVY_FIRST
    return SLOW_HEAVY_FIRST + tuple(name for name in HEAVY_FIRST if name not in SLOW_HEAVY_FIRST)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The costliest files first (HEAVY_FIRST; SLOW_HEAVY_FIRST before them when the slow tests run),
    the rest in their order; with MSCEXO_SKIP_SLOW=1 (scripts/test.sh without --all), the tests
    marked slow are skipped, with the reason."""
    order = _file_order()
    items.sort(key=lambda item: order.index(item.path.name) if item.path.name in order else len(order))  # stable
    if os.environ.get("MSCEXO_SKIP_SLOW") == "1":
        for item in items:
            if item.get_closest_marker("slow") is not None:
                item.add_marker(pytest.mark.skip(reason=SLOW_SKIPPED))


@pytest.fixture(scope="session")
def ontology_graph() -> Graph:
    return load_ontology()


@pytest.fixture(scope="session")
def shapes_graph() -> Graph:
    return load_shapes()


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus(C.DATA_DIR)


@pytest.fixture(scope="session")
def release_graph(corpus: Corpus) -> Graph:
    return build_graph(corpus)


#: PYTHONHASHSEED of the shared build (a reproducibility test builds again with another one).
BUILD_SEED = "1"


def _digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` -> its SHA-256 (the shared build's seal)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _read_only(folder: Path) -> None:
    for p in [folder, *folder.rglob("*")]:
        mode = p.stat().st_mode
        p.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _run_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's temporary folder, the same for every xdist worker (each has its own base below it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _shared_build(root: Path) -> tuple[Path, dict[str, str]]:
    """The release of data/, built by the first caller of the run (a file lock across xdist workers)."""
    out, seal = root / "release-build" / "build", root / "release-build" / "seal.json"
    with FileLock(str(root / "release-build.lock")):
        if not seal.is_file():
            shutil.rmtree(out.parent, ignore_errors=True)  # a build cut short by a crash
            out.parent.mkdir()
            done = subprocess.run(
                [sys.executable, "-m", "mscexo_ld", "build", "--out", str(out)],
                capture_output=True,
                text=True,
                check=False,
                env={**os.environ, "PYTHONHASHSEED": BUILD_SEED},
                timeout=600,
            )
            assert done.returncode == 0, f"the shared build failed:\n{done.stderr[-3000:]}"
            _read_only(out)
            seal.write_text(json.dumps(_digest(out)), encoding="utf-8")
    return out, json.loads(seal.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The release as ``mscexo-ld build`` writes it from data/, built once per run; read-only (see above)."""
    out, sealed = _shared_build(_run_root(tmp_path_factory))
    yield out
    changed = sorted({name for name, _digest_ in _digest(out).items() ^ sealed.items()})
    assert not changed, f"a test changed the shared build {out} (take `build_copy` to change it): {changed[:10]}"


#: The curated text that ``unmapped_build`` removes from data/entities/gene.yaml (PTEN's only mapping).
PTEN_MAPPED = '- id: PTEN\n  label: PTEN\n  mappings:\n    - {curie: "HGNC:9588", match: exact}\n'


def _unmapped_build(folder: Path) -> tuple[Path, Path]:
    """data/ with PTEN's mapping removed (``folder/data``) and its build (``folder/out``), made once per run."""
    import mscexo_ld

    data, out = folder / "data", folder / "out"
    with FileLock(str(folder.parent / f"{folder.name}.lock")):
        if not (folder / "done").is_file():
            shutil.rmtree(folder, ignore_errors=True)  # cut short by a crash
            shutil.copytree(C.DATA_DIR, data)
            gene = data / "entities" / "gene.yaml"
            text = gene.read_text(encoding="utf-8")
            assert PTEN_MAPPED in text, "data/entities/gene.yaml: PTEN's mapping changed; update PTEN_MAPPED"
            gene.write_text(text.replace(PTEN_MAPPED, "- id: PTEN\n  label: PTEN\n"), encoding="utf-8")
            assert mscexo_ld.build(curated=data, out=out).out == out
            (folder / "done").write_text("", encoding="utf-8")
            _read_only(folder)
    return data, out


@pytest.fixture(scope="session")
def unmapped_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """``(data, out)``: a copy of data/ where PTEN lost its only mapping (one SHACL violation), and
    ``mscexo_ld.build(curated=data, out=out)`` of it. Built once per run for every xdist worker, like
    ``build_dir``, and read-only: tests that trace a violation back to its curated origin read it."""
    return _unmapped_build(_run_root(tmp_path_factory) / "unmapped-build")


@pytest.fixture(scope="module")
def fuseki_installed() -> None:
    """Skip (or fail under MSCEXO_REQUIRE_FUSEKI=1) when java or the Fuseki jars are missing."""
    from mscexo_ld.query.fuseki import FusekiMissingError, java_command

    try:
        java_command()
    except FusekiMissingError as exc:
        if os.environ.get("MSCEXO_REQUIRE_FUSEKI") == "1":
            pytest.fail(f"MSCEXO_REQUIRE_FUSEKI=1 but {exc}")
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def build_seed() -> str:
    """The PYTHONHASHSEED the shared build was made with."""
    return BUILD_SEED


@pytest.fixture()
def build_copy(build_dir: Path, tmp_path: Path) -> Path:
    """A writable copy of the shared build, ``tmp_path/build``."""
    target = tmp_path / "build"
    shutil.copytree(build_dir, target)
    for p in [target, *target.rglob("*")]:
        p.chmod(p.stat().st_mode | stat.S_IWUSR)
    return target


@pytest.fixture()
def build_linked(build_dir: Path, tmp_path: Path) -> Path:
    """``tmp_path/build``: the shared build as new, writable folders of hard links to its files.

    For a test that checks a command leaves a build as it was (``snapshot`` before and after): a
    command may rename, replace or delete its entries freely; its files are the shared build's, so a
    write INTO one changes the shared build too, and fails that test and the seal at the end of the
    run. To write into files, take ``build_copy``.
    """
    target = tmp_path / "build"
    shutil.copytree(build_dir, target, copy_function=link_or_copy)
    for p in [target, *target.rglob("*")]:
        if p.is_dir():
            p.chmod(p.stat().st_mode | stat.S_IWUSR)
    return target


@pytest.fixture(scope="session")
def store(build_dir: Path) -> ox.Store:
    """The built release (ontology + data) in a pyoxigraph store, as ``mscexo-ld query`` reads it."""
    return load_store(build_dir / C.GRAPH_NT)


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of ``data/``, named ``data`` so that problems name ``data/...`` as in the checkout."""
    target = tmp_path / "data"
    shutil.copytree(C.DATA_DIR, target)
    return target


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def free_port() -> Callable[[], int]:
    """A function returning a loopback TCP port that was free a moment ago (call it once per port)."""
    return _free_port
