"""mscexo-ld: the findings of a review on MSC-derived exosomes as validated linked data.

The flow: curated input (data/) -> typed records (curation/) -> the RDF graph (rdf/) ->
release files -> validation (validate/) -> queries (query/); ``pipeline`` runs the stages.

The Python API (every heavy import happens inside the functions, so ``import mscexo_ld`` is cheap)::

    import mscexo_ld

    store = mscexo_ld.load_release()                      # a pyoxigraph Store with the release graph
    rows = mscexo_ld.query("mirnas-via-gene", store=store, gene="PTEN")
    report = mscexo_ld.validate("my-data.ttl", checks=["shacl"])
    report.conforms, report.violations                    # see mscexo_ld.validate.run.ValidationReport
    mscexo_ld.build(out="build")                          # the release files and the site
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import mscexo_ld.query as _query_package  # noqa: F401
import mscexo_ld.validate as _validate_package  # noqa: F401

# The subpackages query/ and validate/ are imported (at no cost: they import nothing) before the
# functions of the same names are defined, so ``mscexo_ld.query`` and ``mscexo_ld.validate`` are
# the functions (as ``pyshacl.validate`` is), even after ``import mscexo_ld.validate.shacl``.
from mscexo_ld._version import __version__  # first: it stops on an unsupported Python with a message

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

    from mscexo_ld.curation import CurationError
    from mscexo_ld.pipeline import BuildResult
    from mscexo_ld.query.results import QueryError
    from mscexo_ld.validate.run import CHECKS, CheckOutcome, DataError, SourceLocation, ValidationReport, Violation

__all__ = [
    "CHECKS",
    "BuildResult",
    "CheckOutcome",
    "CurationError",
    "DataError",
    "QueryError",
    "SourceLocation",
    "ValidationReport",
    "Violation",
    "__version__",
    "build",
    "load_release",
    "query",
    "shape_cases",
    "validate",
]

_LAZY = {
    "CHECKS": "mscexo_ld.validate.run",
    "BuildResult": "mscexo_ld.pipeline",
    "CurationError": "mscexo_ld.curation",
    "DataError": "mscexo_ld.validate.run",
    "QueryError": "mscexo_ld.query.results",
    "CheckOutcome": "mscexo_ld.validate.run",
    "SourceLocation": "mscexo_ld.validate.run",
    "ValidationReport": "mscexo_ld.validate.run",
    "Violation": "mscexo_ld.validate.run",
}


def __getattr__(name: str) -> Any:
    """The API's types, imported on first use."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'mscexo_ld' has no attribute {name!r}")


def load_release(build: Path | str | None = None) -> pyoxigraph.Store:
    """The release graph (ontology + data) in an in-memory pyoxigraph Store.

    ``build`` is a build folder or its ``mscexo.nt``; by default the project's build, or,
    when there is none yet, the graph built in memory from the curated data (the same triples).
    FileNotFoundError when an explicit ``build`` has no release graph.
    """
    from mscexo_ld import pipeline

    return pipeline.load_release(build)


def query(
    name_or_path: str | Path,
    *,
    store: pyoxigraph.Store | None = None,
    endpoint: str | None = None,
    timeout: float = 60.0,
    max_rows: int | None = 100_000,
    max_memory_mb: int | None = 1024,
    allow_service: bool = False,
    **params: str | int,
) -> list[dict[str, str | None]]:
    """Run a canned query (by name, see ``mscexo-ld query --list``) or a ``.rq`` file; one dict per row.

    Each row maps every variable of the query to its value as text (None when unbound).
    Parameters are bound as RDF terms, by keyword (``gene="PTEN"``). The query runs on
    ``store`` (default: :func:`load_release`) or, with ``endpoint``, on that SPARQL endpoint.
    On the embedded store SERVICE is refused unless ``allow_service``, and ``timeout`` (seconds),
    ``max_rows`` and ``max_memory_mb`` bound the query (None lifts a bound).
    Raises QueryError for an unknown query, a bad parameter, a refused or stopped query, or a failing endpoint.
    """
    from mscexo_ld import pipeline

    canned, bound = pipeline.prepare_query(name_or_path, {key: str(value) for key, value in params.items()})
    result = pipeline.run_query(
        canned,
        bound,
        store=store,
        endpoint=endpoint,
        timeout=timeout,
        max_rows=max_rows,
        max_memory_mb=max_memory_mb,
        allow_service=allow_service,
    )
    return [{v: (row[v].value if v in row else None) for v in result.variables} for row in result.rows]


def validate(
    data: Path | str | Sequence[Path | str] | Graph | None = None,
    *,
    checks: str | Iterable[str] | None = None,
    shacl_engine: str = "pyshacl",
    source_text: Path | str | None = None,
    build: Path | str | None = None,
) -> ValidationReport:
    """Validate RDF data against the shapes and the other checks; return a :class:`ValidationReport`.

    ``data`` is an RDF file, a list of them (each read with the ontology mixed in), an rdflib
    Graph (validated as given), or None: the release graph of ``build`` (default: the project's
    build), whose problems name the curated file, line and record they come from.
    ``checks`` selects from :data:`CHECKS` (default: all of them); ``shacl_engine`` is ``"pyshacl"`` (the
    reference), ``"turbo"`` (``pip install 'mscexo-ld[turbo]'``) or ``"jena"`` (Java 17 and
    scripts/fetch-fuseki.sh; for big data). ``source_text`` is the review's text
    for the quote check (default: ``$MSCEXO_SOURCE_TEXT``; without it that check is NOT RUN and
    ``conforms`` is False). Raises FileNotFoundError for a missing file, ValueError for an
    unknown check and ``DataError`` (a ValueError) for a file that does not parse.
    """
    from mscexo_ld import constants as C
    from mscexo_ld import pipeline

    if data is not None and not isinstance(data, (str, Path, Sequence)):
        from mscexo_ld.validate.run import CHECKS, run

        return run(
            data,
            checks=CHECKS if checks is None else checks,
            shacl_engine=shacl_engine,
            source_text=C.source_text_path(source_text),
        )
    files = [data] if isinstance(data, (str, Path)) else data
    return pipeline.validate(
        files,
        build_dir=C.DEFAULT_BUILD_DIR if build is None else build,
        checks=checks,
        shacl_engine=shacl_engine,
        source_text=source_text,
    )


def build(curated: Path | str | None = None, out: Path | str | None = None) -> BuildResult:
    """Load the curated input (default: the project's data/), build the graph, write the release into ``out``.

    Returns a :class:`BuildResult` (folder, files, counts). Raises ``CurationError`` (its
    ``problems`` give file, line, record and field) and writes nothing when the input is rejected.
    """
    from mscexo_ld import constants as C
    from mscexo_ld import pipeline

    return pipeline.build(C.DATA_DIR if curated is None else curated, C.DEFAULT_BUILD_DIR if out is None else out)


def shape_cases() -> dict[str, Path]:
    """The valid and invalid example files shipped with the SHACL shapes, by name (``FindingShape-valid``)."""
    from mscexo_ld import constants as C

    return {p.stem: p for p in sorted(C.SHAPE_CASES_DIR.glob("*.ttl"))}
