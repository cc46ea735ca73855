"""The one resource locator: where everything mscexo-ld reads at run time is found.

Two layouts, one set of answers:

* **a checkout** (an editable install, or ``python -m mscexo_ld`` from the source tree): the
  top-level folders ``ontology/``, ``shapes/``, ``queries/`` and ``data/`` are the source of truth
  that curators edit; the build folder defaults to ``<checkout>/build`` and the inputs that live
  outside the repository (the review's text, the reference index) to ``<checkout>/../shared``;
* **an installed wheel or sdist**: pyproject.toml maps those folders into the package as
  ``mscexo_ld/_data/{ontology,shapes,queries,data}``, found with :mod:`importlib.resources`; the
  build folder defaults to ``build`` in the current directory, and the outside inputs come from
  ``--source-text``/``--index`` or ``$MSCEXO_SOURCE_TEXT``/``$MSCEXO_REFERENCE_INDEX`` only.

The built release graph (``mscexo.nt``, the N-Triples ``mscexo-ld build`` writes) is committed at
``mscexo_ld/_data/mscexo.nt`` and shipped in both layouts, so that queries answer right after
``pip install`` with no build step. ``bash scripts/release-graph.sh`` regenerates it;
tests/test_package.py checks that it equals a fresh build byte for byte.
"""

from __future__ import annotations

import os
from functools import cache
from importlib.resources import files
from pathlib import Path

#: The package that holds the shipped resources (the data folders and the release graph).
RESOURCE_PACKAGE = "mscexo_ld._data"
#: The shipped build of the release graph (inside RESOURCE_PACKAGE).
RELEASE_GRAPH_NAME = "mscexo.nt"
#: The direct regulation edges (N-Quads, their own named graph), beside every release graph (built or shipped).
DIRECT_EDGES_NAME = "direct-edges.nq"
#: The hierarchy closure of the mapped MONDO, UBERON, CL and GO terms (N-Quads, its own named graph), likewise.
HIERARCHY_NAME = "hierarchy.nq"
#: The named-graph files loaded with the release graph, in this order.
NAMED_GRAPH_FILES = (DIRECT_EDGES_NAME, HIERARCHY_NAME)
#: The resource folders: top-level folders of a checkout, subfolders of RESOURCE_PACKAGE when installed.
FOLDERS = ("ontology", "shapes", "queries", "data")


class ResourceError(RuntimeError):
    """A shipped resource cannot be found (a broken or zipped installation)."""


def _directory(package: str) -> Path:
    """The folder of ``package`` on disk (mscexo-ld reads its resources as files)."""
    folder = files(package)
    if not isinstance(folder, Path) or not folder.is_dir():
        raise ResourceError(
            f"mscexo-ld's resources ({package}) are not a folder on disk ({folder}); "
            "install mscexo-ld as a wheel (pip install mscexo-ld), not as a zip archive"
        )
    return folder


@cache
def package_dir() -> Path:
    """The folder of the ``mscexo_ld`` package itself."""
    return _directory("mscexo_ld")


@cache
def checkout_root() -> Path | None:
    """The source checkout the package runs from, or None when it runs from an installed distribution.

    A checkout is recognised by ``pyproject.toml`` and ``ontology/mscexo.ttl`` beside the package folder.
    """
    root = package_dir().parent
    if (root / "pyproject.toml").is_file() and (root / "ontology" / "mscexo.ttl").is_file():
        return root
    return None


def jena_home() -> Path:
    """Where the Jena jars and the launchers of Fuseki and Jena SHACL are (``scripts/fetch-fuseki.sh``).

    ``$MSCEXO_FUSEKI_HOME``, else ``.cache/fuseki`` of the checkout (of the working folder, installed).
    """
    configured = os.environ.get("MSCEXO_FUSEKI_HOME")
    if configured:
        return Path(configured)
    root = checkout_root()
    return (root if root is not None else Path.cwd()) / ".cache" / "fuseki"


@cache
def shipped_dir() -> Path:
    """The shipped resource package folder (``mscexo_ld/_data``): the release graph, and when installed the data."""
    return _directory(RESOURCE_PACKAGE)


@cache
def resource_root() -> Path:
    """The folder holding ``ontology/``, ``shapes/``, ``queries/`` and ``data/``: the checkout, else ``_data``."""
    root = checkout_root()
    return root if root is not None else shipped_dir()


def folder(name: str) -> Path:
    """One of the resource folders: ``ontology``, ``shapes``, ``queries`` or ``data``."""
    if name not in FOLDERS:
        raise ValueError(f"unknown resource folder {name!r}; expected one of {', '.join(FOLDERS)}")
    return resource_root() / name


def ontology_file() -> Path:
    """The hand-edited OWL ontology, ``ontology/mscexo.ttl``."""
    return folder("ontology") / "mscexo.ttl"


def shapes_dir() -> Path:
    """The SHACL shapes folder (``shapes/``, with the worked examples in ``shapes/cases``)."""
    return folder("shapes")


def queries_dir() -> Path:
    """The canned SPARQL queries (``queries/*.rq``)."""
    return folder("queries")


def data_dir() -> Path:
    """The curated input (``data/``: entities, findings, tables, references, term cache)."""
    return folder("data")


def term_cache_file() -> Path:
    """The pinned term cache, ``data/terms.tsv``."""
    return data_dir() / "terms.tsv"


def hierarchy_file() -> Path:
    """The pinned hierarchy closure of the mapped MONDO, UBERON, CL and GO terms, ``data/hierarchy.tsv``."""
    return data_dir() / "hierarchy.tsv"


def release_graph_file() -> Path:
    """The shipped build of the release graph (``mscexo_ld/_data/mscexo.nt``)."""
    path = shipped_dir() / RELEASE_GRAPH_NAME
    if not path.is_file():
        raise ResourceError(f"the shipped release graph {path} is missing; run `bash scripts/release-graph.sh`")
    return path


def default_build_dir() -> Path:
    """Where ``build`` writes and the other verbs read: ``<checkout>/build``, else ``build`` in the current folder."""
    root = checkout_root()
    return root / "build" if root is not None else Path("build")


def shared_dir() -> Path | None:
    """Where the inputs that live outside the repository are looked for: ``<checkout>/../shared``, else None."""
    root = checkout_root()
    return root.parent / "shared" if root is not None else None


def graph_for_query(build_dir: Path | str | None = None) -> Path:
    """The N-Triples a local query reads: ``<build_dir>/mscexo.nt``, or the shipped release graph.

    The shipped graph stands in only when ``build_dir`` is the default build folder (or None) and
    holds no build, so that ``mscexo-ld query ...`` answers right after ``pip install``. A build
    folder given explicitly is never replaced: when it has no build the caller reports it missing.
    """
    default = default_build_dir()
    folder = Path(build_dir) if build_dir is not None else default
    built = folder / RELEASE_GRAPH_NAME
    if built.is_file() or folder.resolve() != default.resolve():
        return built
    return release_graph_file()


def named_graphs_beside(graph_file: Path) -> list[Path]:
    """The named-graph files written with the release graph ``graph_file`` and present beside it.

    The direct edges (``direct-edges.nq``) and the hierarchy closure (``hierarchy.nq``), N-Quads
    that carry their graph's name: ``query``, ``serve`` and :func:`mscexo_ld.load_release` load them
    with the release.
    """
    folder = Path(graph_file).parent
    return [folder / name for name in NAMED_GRAPH_FILES if (folder / name).is_file()]
