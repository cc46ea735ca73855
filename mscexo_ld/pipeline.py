"""The orchestration of the stages: build, validate and release, for the CLI and the Python API.

Each function takes plain arguments, reports progress through an optional ``progress``
callback and raises (``CurationError``, ``FileNotFoundError``, ...) instead of printing:
the CLI turns those into messages and exit codes.

Over 400 lines because it is the one place each verb's stages meet: build (and build --validate,
which overlaps the checks with the site), validate, release, queries and the term cache.
"""

from __future__ import annotations

import functools
import gc
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from mscexo_ld import constants as C

if TYPE_CHECKING:
    from concurrent.futures import Future

    import pyoxigraph as ox
    from rdflib import Graph

    from mscexo_ld.query.canned import CannedQuery
    from mscexo_ld.query.results import Result
    from mscexo_ld.rdf.write import FolderStage
    from mscexo_ld.records import Corpus
    from mscexo_ld.validate.run import ValidationReport

Progress = Callable[[str], None]


def _quiet(_message: str) -> None:
    """The default progress callback: say nothing."""


@dataclass(frozen=True)
class BuildResult:
    """What ``build`` wrote: the folder, every file (the site by its index page) and the counts."""

    out: Path
    paths: tuple[Path, ...]
    triples: int
    findings: int
    references: int
    entities: int
    seconds: float


def load_curated(curated: Path | str = C.DATA_DIR) -> Corpus:
    """The curated input, loaded and cross-checked (``CurationError`` lists every problem)."""
    from mscexo_ld.curation import load_corpus

    return load_corpus(Path(curated))


#: In a build's forked workers: the graph to render, its sorted N-Triples, the graph made canonical
#: and the ontology, inherited through the fork (pickling ~12k triples to send them would cost the
#: parent and the worker about as much as rendering half the site).
_INHERITED: list[tuple[Graph, str, Graph, Graph]] = []

#: The release files a build worker renders, not the build's own process (the graph's Turtle and
#: JSON-LD: half the release files' time), so that the work is shared evenly over the cores.
_WORKER_FILES = (C.GRAPH_TTL, C.GRAPH_JSONLD)


def _start_worker(parent: int, graph: Graph, ntriples: str, canon: Graph, ontology: Graph) -> None:
    """A build worker's initializer: die with the build; keep the graphs it inherited (fork: not pickled)."""
    from mscexo_ld.children import die_with_parent

    die_with_parent(parent)
    _INHERITED.append((graph, ntriples, canon, ontology))


def _render_site() -> dict[str, bytes]:
    """The static site and the ontology pages of the inherited graph (run in a worker by ``build``)."""
    from mscexo_ld.site.ontology_docs import ontology_docs
    from mscexo_ld.site.render import site_files

    graph, ntriples, _canon, _ontology = _INHERITED[0]
    return {**site_files(graph, ntriples=ntriples), **ontology_docs(C.ONTOLOGY_FILE)}


def _render_worker_files() -> dict[str, str]:
    """The release files of ``_WORKER_FILES``, rendered as ``release_files`` renders them (in a worker)."""
    from mscexo_ld.rdf.serialize import rdf_files

    graph, ntriples, canon, ontology = _INHERITED[0]
    files = rdf_files(graph, ontology, canon=canon, ntriples=ntriples)
    return {name: files[name]() for name in _WORKER_FILES}


@dataclass(frozen=True)
class Checks:
    """What ``build_and_validate`` runs on the graph it builds, as :func:`validate`'s arguments say."""

    checks: str | Iterable[str] | None = None
    shacl_engine: str = "pyshacl"
    source_text: Path | str | None = None
    terms: Path | str = C.TERM_CACHE_FILE


def build(
    curated: Path | str = C.DATA_DIR, out: Path | str = C.DEFAULT_BUILD_DIR, *, progress: Progress = _quiet
) -> BuildResult:
    """Load the curated input, build the graph and write the release files and the site into ``out``.

    Everything is rendered, then written into a sibling stage folder, which then takes the place
    of ``out`` in one step (:func:`mscexo_ld.rdf.write.replace_folder`): at every moment ``out`` is
    the complete old or the complete new build, even if the process is killed. Entries of ``out``
    that a build does not write (``release/``, a user's files) are kept. A ``CurationError``
    leaves ``out`` untouched. The site-render worker dies with this process. Every release of
    ``out/release/`` goes on the site as released; one that is not (a file changed, missing or not
    in its SHA256SUMS) is a ``ReleaseFolderError`` naming the file, before anything is built.
    """
    return _build(curated, out, None, progress)[0]


def build_and_validate(
    curated: Path | str = C.DATA_DIR,
    out: Path | str = C.DEFAULT_BUILD_DIR,
    checks: Checks | None = None,
    *,
    progress: Progress = _quiet,
) -> tuple[BuildResult, ValidationReport]:
    """:func:`build`, then :func:`validate` of the release it wrote, in one process (``build --validate``).

    The report is the one ``validate`` gives on the written build (tests/test_check_loop.py
    compares them), for less work: the curated input, the ontology and the graph are loaded once
    and not read back, and the checks run while the site renders (the reasoner in a second
    worker, HermiT's Java beside it). The files are written before the report is returned, as
    ``build`` writes them; ``checks`` raises as ``validate`` does, before anything is built.
    """
    from mscexo_ld.validate.run import CHECKS, select_checks
    from mscexo_ld.validate.shacl import require_engine

    wanted = checks or Checks()
    selected = select_checks(CHECKS if wanted.checks is None else wanted.checks)
    if "shacl" in selected:
        require_engine(wanted.shacl_engine)  # FileNotFoundError saying how to get it, before any work
    C.source_text_path(wanted.source_text)  # FileNotFoundError for a missing explicit file, before any work
    result, report = _build(curated, out, replace(wanted, checks=selected), progress)
    assert report is not None  # checks were given
    return result, report


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused for the block (restored after it, as it was).

    A build holds a few hundred thousand long-lived objects (the graph's terms and indexes); each
    full collection walks them all and they are never garbage. Pausing it saves a tenth of a
    build's CPU time for some 40 MB more at the peak; the forked workers inherit the pause.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What the block made goes straight to the oldest generation: its garbage is collected at the
        # next full collection, not walked (with every object the build made) by the next young one.
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _worker_file(job: Future[dict[str, str]], name: str) -> str:
    """The release file ``name`` that a worker renders (see ``_WORKER_FILES``), once it has."""
    return job.result()[name]


def _build(
    curated: Path | str, out: Path | str, checks: Checks | None, progress: Progress
) -> tuple[BuildResult, ValidationReport | None]:
    """``build``, and with ``checks`` the validation of its graph while the site renders.

    The curated input is read before the cycle collector is paused: it is untrusted, and a hostile
    file makes cyclic garbage in proportion to its size (a 5 MB list of a million YAML values took
    2.4 GB with the collector paused).
    """
    from mscexo_ld.rdf.write import FolderStage
    from mscexo_ld.release.versioned import verified_releases

    started = time.perf_counter()
    # every release of out/release/ goes on the site as released: ReleaseFolderError before any work
    releases = verified_releases(Path(out) / "release")
    progress(f"loading curated input from {curated}")
    corpus = load_curated(curated)
    # the stage folder the build is written into, made now: an output that cannot be written is an
    # OSError before the work, not after it; the stage is removed if the build fails
    with FolderStage(out) as stage, _no_cycle_collection():
        return _build_stages(
            curated, corpus, releases=releases, started=started, out=out, stage=stage, checks=checks, progress=progress
        )


def _build_stages(
    curated: Path | str,
    corpus: Corpus,
    *,
    releases: Mapping[str, Mapping[str, bytes]],
    started: float,
    out: Path | str,
    stage: FolderStage,
    checks: Checks | None,
    progress: Progress,
) -> tuple[BuildResult, ValidationReport | None]:
    """The stages of :func:`_build` after reading the input (``started``: when the build began; ``stage``: where
    the files are written, then switched in as ``out``)."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    from mscexo_ld.curation.hierarchy import read_hierarchy
    from mscexo_ld.rdf.build import build_graph, load_ontology
    from mscexo_ld.rdf.canonical import canonical, sorted_ntriples
    from mscexo_ld.rdf.void import VOID_FILE
    from mscexo_ld.release.files import release_files
    from mscexo_ld.site.render import SITE_DIR, release_site_files, write_site

    entities = sum(len(e) for e in corpus.entities.values())
    progress(f"loaded {len(corpus.findings)} findings, {len(corpus.references)} references, {entities} entities")
    graph = build_graph(corpus)
    triples = len(graph)
    ontology = load_ontology()
    canon = canonical(graph)  # once, for the release files and the site's query answers
    ntriples = sorted_ntriples(canon, is_canonical=True)
    target = Path(out)
    report = None
    # The site renders in a forked worker, the graph's Turtle and JSON-LD in another, while this
    # process renders the other release files (and runs the checks; the reasoner gets a worker too):
    # the operating system shares the cores among them. All is rendered before any write.
    progress("rendering the site and the release files")
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=2 if checks is None else 3,
        mp_context=fork,
        initializer=_start_worker,
        initargs=(os.getpid(), graph, ntriples, canon, ontology),
    ) as pool:
        site_job = pool.submit(_render_site)
        files_job = pool.submit(_render_worker_files)
        reasoner = None
        if checks is not None and "reasoner" in (checks.checks or ()):
            from mscexo_ld.validate.reasoner import ConsistencyCheck

            reasoner = ConsistencyCheck(graph, executor=pool)
        closure = read_hierarchy(Path(curated) / C.HIERARCHY_FILE.name) or read_hierarchy(C.HIERARCHY_FILE)
        renders = release_files(
            graph,
            ontology,
            hierarchy=closure,
            canon=canon,
            ntriples=ntriples,
            # the worker's files take the place of the same names (extra files override: release_files)
            extra={name: functools.partial(_worker_file, files_job, name) for name in _WORKER_FILES},
        )
        for name, render in renders.items():  # all but the worker's files and void.ttl, which describes them
            if name not in _WORKER_FILES and name != VOID_FILE:
                render()
        if checks is not None:
            from mscexo_ld.rdf.hierarchy import closure_of, hierarchy_graph
            from mscexo_ld.validate.report import origin_index
            from mscexo_ld.validate.run import run

            report = run(
                # it holds the ontology; with the hierarchy closure, it is the graph `validate` reads back
                graph + hierarchy_graph(closure_of(graph, closure)),
                checks=checks.checks or (),
                shacl_engine=checks.shacl_engine,
                source_text=C.source_text_path(checks.source_text),
                terms=Path(checks.terms),
                origins=origin_index(corpus),
                progress=progress,
                reasoner=reasoner,
            )
        rendered = {name: render() for name, render in renders.items()}  # each renders once: the rest now
        site = site_job.result()

    def fill(stage: Path) -> None:
        for name, text in rendered.items():
            progress(f"writing {name}")
            (stage / name).write_text(text, encoding="utf-8", newline="\n")
        write_site(stage / SITE_DIR, {**site, **release_site_files(rendered, releases=releases)})

    stage.commit(fill, carry=True)
    paths = [target / name for name in rendered]
    paths.append(target / SITE_DIR / "index.html")
    seconds = time.perf_counter() - started
    progress(f"built {triples} triples into {target} in {seconds:.1f} s")
    result = BuildResult(target, tuple(paths), triples, len(corpus.findings), len(corpus.references), entities, seconds)
    return result, report


def release_graph_file(build_dir: Path | str | None = None) -> Path:
    """The release graph (sorted N-Triples) of a build folder, or the .nt file given.

    The default build folder with no build yet stands for the shipped release graph
    (:func:`mscexo_ld.resources.graph_for_query`), so an installed package answers without a build.
    """
    from mscexo_ld import resources

    path = C.DEFAULT_BUILD_DIR if build_dir is None else Path(build_dir)
    return path if path.suffix == ".nt" else resources.graph_for_query(path)


def validate(
    files: Sequence[Path | str] | None = None,
    *,
    build_dir: Path | str = C.DEFAULT_BUILD_DIR,
    curated: Path | str | None = C.DATA_DIR,
    checks: str | Iterable[str] | None = None,
    shacl_engine: str = "pyshacl",
    source_text: Path | str | None = None,
    terms: Path | str = C.TERM_CACHE_FILE,
    progress: Progress = _quiet,
) -> ValidationReport:
    """Validate RDF ``files``, or (None) the release graph of ``build_dir`` with its curated origins.

    ``checks``: names or a comma-separated string (default: every check, ``validate.run.CHECKS``).
    Raises FileNotFoundError for a missing file (a missing build: run ``build`` first), a
    missing explicit ``source_text`` or a missing pyshacl-turbo; UnknownCheckError; DataError
    for a file that cannot be parsed. The review's text is ``source_text``, else
    ``$MSCEXO_SOURCE_TEXT``, else the default place; when none exists the quote check is NOT RUN.
    """
    from mscexo_ld.resources import HIERARCHY_NAME
    from mscexo_ld.validate.run import CHECKS, read_data, run, select_checks
    from mscexo_ld.validate.shacl import require_engine

    paths = [Path(p) for p in files] if files else [release_graph_file(build_dir)]
    if not files:  # the hierarchy closure beside the release graph: its terms go through the identifiers check
        hierarchy = paths[0].parent / HIERARCHY_NAME
        paths += [hierarchy] if hierarchy.is_file() else []
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(f"{path} not found" + ("" if files else "; run `mscexo-ld build` first"))
    source = C.source_text_path(source_text)
    selected = select_checks(CHECKS if checks is None else checks)
    if "shacl" in selected:
        require_engine(shacl_engine)
    graph = read_data(paths, checks=selected, shacl_engine=shacl_engine)
    origins: dict[str, str] = {}
    if not files and curated is not None:
        from mscexo_ld.curation import CurationError
        from mscexo_ld.validate.report import origin_index

        try:
            origins = origin_index(load_curated(curated))
        except CurationError:
            progress("warning: curated input does not load; problems are shown without their curated origin")
    return run(
        graph,
        checks=selected,
        shacl_engine=shacl_engine,
        source_text=source,
        terms=Path(terms),
        origins=origins,
        progress=progress,
    )


def release(
    version: str,
    released: date,
    *,
    curated: Path | str = C.DATA_DIR,
    out: Path | str = C.DEFAULT_BUILD_DIR / "release",
    previous: Path | str | None = None,
    endpoint: str | None = None,
    download_base: str | None = None,
    progress: Progress = _quiet,
    sign: Path | str | None = None,
) -> Path:
    """Write the versioned release ``out/version/`` and return its folder.

    ``endpoint`` (a public SPARQL endpoint) and ``download_base`` (where the files will be
    downloaded from; default their w3id IRIs) go into ``void.ttl``; a loopback URL is a ValueError.

    ``sign``: a nanopub-py profile.yml whose key signs the nanopublications (written to their own
    file; ValueError when the profile cannot be used).

    ``previous`` (default: the highest lower version in ``out``) is compared with for
    CHANGES.md; FileNotFoundError when it has no release graph. Raises ValueError for a
    version that is not X.Y.Z and CurationError for rejected curated input. The folder is absent
    or complete, even if the process is killed; leftovers of killed runs in ``out`` are removed first.
    """
    from mscexo_ld.rdf.build import build_graph, load_ontology
    from mscexo_ld.rdf.write import FolderStage
    from mscexo_ld.release.versioned import VERSION_PATTERN, clean_release_root, make_release, previous_release

    if not VERSION_PATTERN.match(version):
        raise ValueError(f"version {version!r}: expected X.Y.Z")
    corpus = load_curated(curated)
    root = Path(out)
    clean_release_root(root)
    before = Path(previous) if previous else previous_release(root, version)
    if before is not None and not (before / C.GRAPH_NT).is_file():
        raise FileNotFoundError(f"previous release {before} has no {C.GRAPH_NT}")
    with FolderStage(root / version) as stage:  # an output that cannot be written: an OSError now, before the work
        return make_release(
            build_graph(corpus),
            load_ontology(),
            root,
            version,
            released,
            previous=before,
            progress=progress,
            endpoint=endpoint,
            download_base=download_base,
            sign=None if sign is None else Path(sign),
            stage=stage,
        )


# ----------------------------------------------------------------------------- query


def load_release(build_dir: Path | str | None = None, *, named_graphs: bool = True) -> ox.Store:
    """The release graph in an in-memory pyoxigraph Store.

    ``build_dir`` is a build folder or its ``mscexo.nt`` (FileNotFoundError when it has no
    release graph). None: the project's build, or, when there is none yet, the graph built in
    memory from the curated data (the same triples). ``named_graphs=False`` leaves out the named
    graphs (direct edges, hierarchy closure): for a query that reads none (see ``run_query``).
    """
    import pyoxigraph as ox

    path = release_graph_file(build_dir)
    if path.is_file():
        from mscexo_ld.query.embedded import load_store

        return load_store(path, named_graphs=named_graphs)  # the direct edges and the hierarchy beside it
    if build_dir is not None:
        raise FileNotFoundError(f"{path} not found; run `mscexo-ld build` first")
    from mscexo_ld.curation.hierarchy import read_hierarchy
    from mscexo_ld.rdf.build import build_graph
    from mscexo_ld.rdf.canonical import sorted_ntriples
    from mscexo_ld.rdf.direct_edges import nquads
    from mscexo_ld.rdf.hierarchy import nquads as hierarchy_nquads

    store = ox.Store()
    graph = build_graph(load_curated())
    store.bulk_load(sorted_ntriples(graph).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    if named_graphs:
        store.bulk_load(nquads(graph).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        closure = read_hierarchy(C.HIERARCHY_FILE)
        store.bulk_load(hierarchy_nquads(graph, closure).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


def prepare_query(
    name_or_path: str | Path, params: Mapping[str, str]
) -> tuple[CannedQuery, dict[str, tuple[str, str]]]:
    """The query (a canned query's name or a .rq file) and its parameters bound; QueryError when either is wrong."""
    from mscexo_ld.query.canned import bind_params, resolve_query

    query = resolve_query(str(name_or_path))
    return query, bind_params(query, dict(params))


def run_query(
    query: CannedQuery,
    bound: dict[str, tuple[str, str]],
    *,
    store: ox.Store | None = None,
    build_dir: Path | str | None = None,
    endpoint: str | None = None,
    timeout: float = 60.0,
    allow_service: bool = False,
    max_rows: int | None = 100_000,
    max_memory_mb: int | None = 1024,
) -> Result:
    """Run a prepared query on ``endpoint``, or on ``store`` (default: :func:`load_release` of ``build_dir``,
    without the named graphs when the query reads none: the same answer, sooner).

    On the embedded store the query is guarded (:mod:`mscexo_ld.query.guard`): SERVICE is refused
    unless ``allow_service``, and it runs in a child process stopped after ``timeout`` seconds,
    ``max_rows`` rows or ``max_memory_mb`` MB of memory (None: no such limit).
    QueryError when the query or the endpoint fails (``QueryLimitError`` when a guard stops it);
    FileNotFoundError when there is no release graph.
    """
    if endpoint is not None:
        from mscexo_ld.query.remote import run_endpoint

        return run_endpoint(endpoint, query, bound, timeout=timeout)
    from mscexo_ld.query.embedded import run_guarded
    from mscexo_ld.query.guard import Limits, reads_named_graphs

    limits = Limits(timeout=timeout, max_rows=max_rows, max_memory_mb=max_memory_mb)
    target = store if store is not None else load_release(build_dir, named_graphs=reads_named_graphs(query.text))
    return run_guarded(target, query, bound, allow_service=allow_service, limits=limits)


# ----------------------------------------------------------------------------- term cache


def refresh_terms(
    index: Path, cache: Path = C.TERM_CACHE_FILE, *, curated: Path | str = C.DATA_DIR, progress: Progress = _quiet
) -> tuple[int, list[str]]:
    """Rewrite the term cache from the reference index for the identifiers the curated input uses now.

    The hierarchy closure's terms (``hierarchy.tsv``) are cached too, so that ``validate`` checks
    each of them. Returns the number of terms written and the CURIEs the index does not hold.
    """
    from mscexo_ld.curation.hierarchy import read_hierarchy
    from mscexo_ld.curation.terms import scan_index, write_cache
    from mscexo_ld.rdf.build import build_graph
    from mscexo_ld.validate.identifiers import external_iris

    graph = build_graph(load_curated(curated))
    used = set(external_iris(graph).values()) | set(read_hierarchy(Path(curated) / C.HIERARCHY_FILE.name))
    wanted = sorted(c for c in used if c.split(":", 1)[0] not in C.TEXT_VERIFIED_PREFIXES)
    progress(f"looking up {len(wanted)} identifiers in {index}")
    rows = scan_index(index, wanted, progress=progress)
    write_cache(rows.values(), cache)
    return len(rows), [c for c in wanted if c not in rows]


def verify_terms(
    index: Path, cache: Path = C.TERM_CACHE_FILE, *, progress: Progress = _quiet
) -> tuple[int, bool, list[str]]:
    """Re-check every cached row against the reference index.

    Returns the number of cached terms, whether the cache equals the index's rows byte for
    byte, and the cached CURIEs the index does not hold.
    """
    from mscexo_ld.curation.terms import read_cache, render_cache, scan_index

    cached = read_cache(cache)
    rows = scan_index(index, cached, progress=progress)
    actual = cache.read_text(encoding="utf-8") if cache.is_file() else ""
    identical = render_cache(rows.values()) == actual and len(rows) == len(cached)
    return len(cached), identical, sorted(set(cached) - set(rows))
