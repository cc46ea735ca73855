"""Shared fixtures: the real ontology, shapes, curated corpus and one built release.

Also the fixtures several test files need: ``data_copy`` (a writable copy of ``data/``),
``free_port`` (a factory of free loopback ports) and ``store`` (the release in pyoxigraph).
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from mscexo_ld import constants as C
from mscexo_ld.curation import load_corpus
from mscexo_ld.query import load_store
from mscexo_ld.rdf.build import build_graph, load_ontology
from mscexo_ld.rdf.write import write_files
from mscexo_ld.records import Corpus
from mscexo_ld.release.files import release_files
from mscexo_ld.validate.shacl import load_shapes


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


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory: pytest.TempPathFactory, release_graph: Graph, ontology_graph: Graph) -> Path:
    out = tmp_path_factory.mktemp("build")
    write_files(out, release_files(release_graph, ontology_graph))
    return out


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
