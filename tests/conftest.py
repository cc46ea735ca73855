"""Shared fixtures: the real ontology, shapes, curated corpus and one built release."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from mscexo_ld import constants as C
from mscexo_ld.curation import load_corpus
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
