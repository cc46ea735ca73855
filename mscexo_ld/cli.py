"""The ``mscexo-ld`` command: one verb per stage, in the order data flows."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mscexo_ld import __version__
from mscexo_ld import constants as C

if TYPE_CHECKING:
    from rdflib import Graph

EXIT_OK = 0
EXIT_INVALID = 1  # validation found problems
EXIT_USAGE = 2  # bad arguments, unknown query or parameter
EXIT_INPUT = 3  # curated input rejected; nothing written
EXIT_MISSING = 4  # a needed file is missing (no build yet, no reference index ...)
EXIT_ENDPOINT = 5  # a SPARQL endpoint or server failed or disagreed

#: The named graph ``load`` replaces by default.
GRAPH_IRI = C.GRAPH_IRI

EXIT_CODES = f"""exit codes:
  {EXIT_OK}  success
  {EXIT_INVALID}  validation found problems (each is printed)
  {EXIT_USAGE}  usage error: bad option, unknown query, bad parameter
  {EXIT_INPUT}  curated input rejected (file, line, record, field printed); build/ untouched
  {EXIT_MISSING}  a needed file is missing (run `mscexo-ld build` first, or pass the path)
  {EXIT_ENDPOINT}  a SPARQL endpoint or server failed, refused, or reported a different triple count"""


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


# ----------------------------------------------------------------------------- build


def _render_site(graph: Graph) -> dict[str, bytes]:
    """The static site and the ontology pages (run in a child process by ``build``)."""
    from mscexo_ld.site.ontology_docs import ontology_docs
    from mscexo_ld.site.render import site_files

    return {**site_files(graph), **ontology_docs(C.ONTOLOGY_FILE)}


def cmd_build(args: argparse.Namespace) -> int:
    from mscexo_ld.curation import CurationError, load_corpus
    from mscexo_ld.rdf.build import build_graph, load_ontology
    from mscexo_ld.rdf.write import write_files
    from mscexo_ld.release.files import release_files

    started = time.perf_counter()
    _say(f"loading curated input from {args.data}")
    try:
        corpus = load_corpus(Path(args.data))
    except CurationError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        _say(f"build failed: {len(exc.problems)} problem(s) in the curated input; nothing written to {args.out}")
        return EXIT_INPUT
    _say(
        f"loaded {len(corpus.findings)} findings, {len(corpus.references)} references, "
        f"{sum(len(e) for e in corpus.entities.values())} entities"
    )
    graph = build_graph(corpus)
    ontology = load_ontology()
    out = Path(args.out)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from mscexo_ld.site.render import SITE_DIR, write_site

    # The site renders in a forked child (the other core) while this process renders the
    # release files; everything is rendered before anything is written.
    _say("rendering the site and the release files")
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        site_job = pool.submit(_render_site, graph)
        rendered = {name: render() for name, render in release_files(graph, ontology).items()}
        site = site_job.result()
    paths = write_files(out, {name: (lambda text=text: text) for name, text in rendered.items()}, progress=_say)
    write_site(out / SITE_DIR, site)
    paths.append(out / SITE_DIR / "index.html")
    _say(f"built {len(graph)} triples into {out} in {time.perf_counter() - started:.1f} s")
    for path in paths:
        print(path)
    return EXIT_OK


# ----------------------------------------------------------------------------- validate


def cmd_validate(args: argparse.Namespace) -> int:
    from rdflib import Graph

    from mscexo_ld.curation import CurationError, load_corpus
    from mscexo_ld.curation.terms import read_cache
    from mscexo_ld.rdf.build import load_ontology
    from mscexo_ld.validate.identifiers import check_identifiers
    from mscexo_ld.validate.qc import check_qc
    from mscexo_ld.validate.quotes import check_quotes
    from mscexo_ld.validate.reasoner import ConsistencyCheck
    from mscexo_ld.validate.report import CheckResult, origin_index
    from mscexo_ld.validate.shacl import check_shacl

    files = [Path(p) for p in args.data] if args.data else [Path(args.build) / C.GRAPH_NT]
    for path in files:
        if not path.is_file():
            _say(f"error: {path} not found" + ("; run `mscexo-ld build` first" if not args.data else ""))
            return EXIT_MISSING
    try:
        source = C.source_text_path(args.source_text)
    except FileNotFoundError as exc:
        _say(f"error: {exc}")
        return EXIT_MISSING
    checks = [c.strip() for c in args.checks.split(",") if c.strip()]
    unknown = sorted(set(checks) - {"shacl", "reasoner", "qc", "identifiers", "quotes"})
    if unknown:
        _say(f"error: unknown check(s) {', '.join(unknown)}; expected shacl, reasoner, qc, identifiers, quotes")
        return EXIT_USAGE
    if "shacl" in checks and args.shacl_engine == "turbo":
        from mscexo_ld.validate.shacl import turbo_validate

        try:
            turbo_validate()
        except FileNotFoundError as exc:
            _say(f"error: {exc}")
            return EXIT_MISSING
    from mscexo_ld.validate.inputs import read_into, read_store

    # SHACL alone with pyshacl-turbo: the data goes into a pyoxigraph Store, which turbo reads
    # natively (1M triples: 20 s in all, against 30 s through an rdflib Graph). Every other
    # check needs the rdflib Graph.
    graph: Any
    if args.shacl_engine == "turbo" and set(checks) == {"shacl"}:
        try:
            graph = read_store(files + [C.ONTOLOGY_FILE])
        except Exception as exc:
            _say(f"error: cannot parse {exc}")
            return EXIT_INVALID
    else:
        graph = Graph()  # the data and the ontology in one graph: no second copy of a large input
        for path in files:
            try:
                read_into(graph, path)
            except Exception as exc:
                _say(f"error: cannot parse {path}: {exc}")
                return EXIT_INVALID
        graph += load_ontology()
    origins = {}
    if not args.data:
        try:
            origins = origin_index(load_corpus(Path(args.curated)))
        except CurationError:
            _say("warning: curated input does not load; problems are shown without their curated origin")
    # The reasoner runs in a child process (owlready2 + Java): start it first, so it overlaps with the others.
    reasoner = ConsistencyCheck(graph) if "reasoner" in checks else None
    by_name: dict[str, CheckResult] = {}
    for check in checks:
        _say(f"checking {check} ...")
        if check == "shacl":
            by_name[check] = check_shacl(graph, origins=origins, engine=args.shacl_engine)
        elif check == "qc":
            by_name[check] = check_qc(graph)
        elif check == "identifiers":
            by_name[check] = check_identifiers(graph, read_cache(Path(args.terms)), origins)
        elif check == "quotes":
            by_name[check] = check_quotes(graph, source, origins)
    if reasoner is not None:
        by_name["reasoner"] = reasoner.result()
    results: list[CheckResult] = [by_name[c] for c in dict.fromkeys(checks)]
    if args.shacl_report:
        shacl = next((r for r in results if r.name == "shacl" and r.report is not None), None)
        if shacl is None:
            _say("error: --shacl-report needs the shacl check")
            return EXIT_USAGE
        Path(args.shacl_report).write_text(shacl.report.serialize(format="turtle"), encoding="utf-8")
    failed = [r for r in results if r.issues]
    not_run = [r for r in results if not r.ran]
    if args.format == "json":
        doc = {
            "conforms": not failed and not not_run,
            "checks": [
                {
                    "name": r.name,
                    "ran": r.ran,
                    "passed": r.passed,
                    "summary": r.summary,
                    "issues": [i.as_dict() for i in r.issues],
                }
                for r in results
            ],
        }
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        for r in results:
            for issue in r.issues:
                print(issue.render())
        for r in results:
            status = "PASS" if r.passed else ("NOT RUN" if not r.ran else "FAIL")
            print(f"{status:8} {r.name:12} {r.summary}")
    if failed:
        return EXIT_INVALID
    if not_run and args.require_all:
        return EXIT_MISSING
    return EXIT_OK


# ----------------------------------------------------------------------------- query


def cmd_query(args: argparse.Namespace) -> int:
    from mscexo_ld.query import (
        QueryError,
        bind_params,
        format_result,
        list_queries,
        load_store,
        resolve_query,
        run_oxigraph,
    )
    from mscexo_ld.query.remote import run_endpoint

    if args.list:
        for q in list_queries():
            params = ", ".join(f"{p.name}={p.default or '?'}" for p in q.params)
            print(f"{q.name}\n    {q.title}" + (f"\n    parameters: {params}" if params else ""))
        return EXIT_OK
    if not args.query:
        _say("error: give a query name or .rq file, or --list")
        return EXIT_USAGE
    try:
        given = {}
        for item in args.param or []:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise QueryError(f"--param {item!r}: expected KEY=VALUE")
            given[key] = value
        query = resolve_query(args.query)
        params = bind_params(query, given)
    except QueryError as exc:
        _say(f"error: {exc}")
        return EXIT_USAGE
    try:
        if args.endpoint:
            result = run_endpoint(args.endpoint, query, params, timeout=args.timeout)
        else:
            nt = Path(args.build) / C.GRAPH_NT
            if not nt.is_file():
                _say(f"error: {nt} not found; run `mscexo-ld build` first")
                return EXIT_MISSING
            result = run_oxigraph(load_store(nt), query, params)
    except QueryError as exc:
        _say(f"error: {exc}")
        return EXIT_ENDPOINT if args.endpoint else EXIT_USAGE
    if args.format == "table":
        _say(f"# {query.title}")
    sys.stdout.write(format_result(result, args.format))
    return EXIT_OK


# ----------------------------------------------------------------------------- serve / load


def _ensure_build(build: Path, data: Path) -> int:
    if (build / C.GRAPH_NT).is_file():
        return EXIT_OK
    _say(f"{build / C.GRAPH_NT} not found: building first")
    return cmd_build(argparse.Namespace(out=str(build), data=str(data)))


def cmd_serve(args: argparse.Namespace) -> int:
    from mscexo_ld.query.serve import serve

    build = Path(args.build)
    code = _ensure_build(build, Path(args.data))
    if code:
        return code
    try:
        return serve(
            build / C.GRAPH_NT,
            args.host,
            args.port,
            timeout_s=args.timeout,
            store=Path(args.store) if args.store else None,
            say=_say,
            site_port=None if args.site_port == 0 else (args.site_port or args.port + 1),
        )
    except (OSError, RuntimeError, TimeoutError) as exc:
        _say(f"error: {exc}")
        return EXIT_ENDPOINT


def cmd_load(args: argparse.Namespace) -> int:
    from mscexo_ld.query import QueryError
    from mscexo_ld.query.remote import count_triples, put_graph

    nt = Path(args.build) / C.GRAPH_NT
    if not nt.is_file():
        _say(f"error: {nt} not found; run `mscexo-ld build` first")
        return EXIT_MISSING
    expected = sum(1 for line in nt.read_text(encoding="utf-8").splitlines() if line.strip())
    started = time.perf_counter()
    try:
        status = put_graph(args.store, args.graph, nt, auth=args.auth)
        _say(f"PUT {expected} triples into <{args.graph}>: HTTP {status} in {time.perf_counter() - started:.2f} s")
        found = count_triples(args.endpoint, args.graph)
    except (QueryError, OSError) as exc:
        _say(f"error: {exc}")
        return EXIT_ENDPOINT
    if found != expected:
        _say(f"error: the endpoint reports {found} triples in <{args.graph}>, expected {expected}")
        return EXIT_ENDPOINT
    print(f"loaded {found} triples into <{args.graph}> ({args.endpoint} agrees)")
    return EXIT_OK


# ----------------------------------------------------------------------------- new


def cmd_new(args: argparse.Namespace) -> int:
    from mscexo_ld.curation.template import entity_template, finding_template

    if args.what == "finding":
        text = finding_template(args.id)
    else:
        from mscexo_ld.records import ENTITY_KINDS

        if args.kind not in ENTITY_KINDS:
            _say(f"error: --kind {args.kind!r}: expected one of {', '.join(ENTITY_KINDS)}")
            return EXIT_USAGE
        text = entity_template(args.kind, args.id)
    if args.out:
        path = Path(args.out)
        if path.exists() and path.read_text(encoding="utf-8").strip():
            with path.open("a", encoding="utf-8") as fh:
                fh.write("\n" + text)
        else:
            path.write_text(text, encoding="utf-8")
        _say(f"wrote a {args.what} skeleton to {path}: fill it in, then run `mscexo-ld build && mscexo-ld validate`")
    else:
        sys.stdout.write(text)
    return EXIT_OK


# ----------------------------------------------------------------------------- release / diff


def cmd_release(args: argparse.Namespace) -> int:
    from datetime import date

    from mscexo_ld.curation import CurationError, load_corpus
    from mscexo_ld.rdf.build import build_graph, load_ontology
    from mscexo_ld.release.versioned import VERSION_PATTERN, make_release, previous_release

    if not VERSION_PATTERN.match(args.version):
        _say(f"error: --version {args.version!r}: expected X.Y.Z")
        return EXIT_USAGE
    try:
        released = date.fromisoformat(args.date)
    except ValueError:
        _say(f"error: --date {args.date!r}: expected YYYY-MM-DD")
        return EXIT_USAGE
    try:
        corpus = load_corpus(Path(args.data))
    except CurationError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_INPUT
    root = Path(args.out)
    previous = Path(args.previous) if args.previous else previous_release(root, args.version)
    if previous is not None and not (previous / C.GRAPH_NT).is_file():
        _say(f"error: previous release {previous} has no {C.GRAPH_NT}")
        return EXIT_MISSING
    out = make_release(
        build_graph(corpus), load_ontology(), root, args.version, released, previous=previous, progress=_say
    )
    print(out)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from mscexo_ld.release.diff import diff_graphs, load_graph, render

    paths = [Path(args.old), Path(args.new)]
    for path in paths:
        if not (path / C.GRAPH_NT if path.is_dir() else path).is_file():
            _say(f"error: {path} is neither an RDF file nor a build folder with {C.GRAPH_NT}")
            return EXIT_MISSING
    d = diff_graphs(load_graph(paths[0]), load_graph(paths[1]))
    sys.stdout.write(render(d, title=f"{paths[0]} -> {paths[1]}"))
    return EXIT_OK if d.empty else EXIT_INVALID


# ----------------------------------------------------------------------------- coverage


def cmd_coverage(args: argparse.Namespace) -> int:
    from mscexo_ld.curation import CurationError, load_corpus
    from mscexo_ld.curation.coverage import coverage, render

    try:
        source = C.source_text_path(args.source_text)
    except FileNotFoundError as exc:
        _say(f"error: {exc}")
        return EXIT_MISSING
    if source is None:
        _say(
            f"error: the review text was not found (pass --source-text PATH or set ${C.SOURCE_TEXT_ENV}); "
            "coverage needs it"
        )
        return EXIT_MISSING
    try:
        corpus = load_corpus(Path(args.curated))
    except CurationError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_INPUT
    entries, uncited = coverage(corpus, source.read_text(encoding="utf-8"))
    if args.format == "json":
        print(json.dumps([e.__dict__ | {"status": e.status} for e in entries], indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render(entries, uncited, source))
    return EXIT_INVALID if any(e.status == "UNACCOUNTED" for e in entries) or uncited else EXIT_OK


# ----------------------------------------------------------------------------- terms


def cmd_terms(args: argparse.Namespace) -> int:

    from mscexo_ld.curation import CurationError, load_corpus
    from mscexo_ld.curation.terms import read_cache, reference_index_path, render_cache, scan_index, write_cache
    from mscexo_ld.rdf.build import build_graph
    from mscexo_ld.validate.identifiers import external_iris

    index = reference_index_path(args.index)
    if index is None:
        _say(
            f"error: reference index not found (pass --index PATH or set ${C.REFERENCE_INDEX_ENV}; "
            f"default {C.DEFAULT_REFERENCE_INDEX})"
        )
        return EXIT_MISSING
    cache_path = Path(args.terms)
    if args.refresh:
        try:
            graph: Graph = build_graph(load_corpus(Path(args.curated)))
        except CurationError as exc:
            for problem in exc.problems:
                print(f"error: {problem}", file=sys.stderr)
            return EXIT_INPUT
        wanted = sorted(
            c for c in set(external_iris(graph).values()) if c.split(":", 1)[0] not in C.TEXT_VERIFIED_PREFIXES
        )
        _say(f"looking up {len(wanted)} identifiers in {index}")
        rows = scan_index(index, wanted, progress=_say)
        write_cache(rows.values(), cache_path)
        missing = [c for c in wanted if c not in rows]
        print(f"wrote {len(rows)} terms to {cache_path}")
        for curie in missing:
            print(f"not in the reference index: {curie}")
        return EXIT_INVALID if missing else EXIT_OK
    # --verify (default): every cached row equals the index's row.
    cache = read_cache(cache_path)
    rows = scan_index(index, cache, progress=_say)
    expected = render_cache(rows.values())
    actual = cache_path.read_text(encoding="utf-8") if cache_path.is_file() else ""
    if expected == actual and len(rows) == len(cache):
        print(f"term cache verified: {len(cache)} terms identical to {index}")
        return EXIT_OK
    for curie in sorted(set(cache) - set(rows)):
        print(f"not in the reference index: {curie}")
    print(f"term cache {cache_path} differs from {index}; run `mscexo-ld terms --refresh`")
    return EXIT_INVALID


# ----------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mscexo-ld",
        formatter_class=_Formatter,
        description="Findings of the review on MSC-derived exosomes (Ma et al., World J Stem Cells 2020, "
        f"doi:{C.REVIEW_DOI}) as validated linked data.",
        epilog="verbs, in the order data flows: build -> validate -> query -> serve / load; coverage reports what is curated; "
        "terms maintains the identifier cache.\n\n"
        "example:\n  mscexo-ld build && mscexo-ld validate && mscexo-ld query mirnas-via-gene --param gene=PTEN\n\n"
        + EXIT_CODES,
    )
    parser.add_argument("--version", action="version", version=f"mscexo-ld {__version__}")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")

    p = sub.add_parser(
        "build",
        formatter_class=_Formatter,
        help="curated input -> RDF release files in build/",
        description="Load and check the curated input, build the graph (ontology + data) and write, "
        f"deterministically and atomically: {C.GRAPH_TTL}, {C.GRAPH_NT} (sorted N-Triples), "
        f"{C.GRAPH_JSONLD} and {C.ONTOLOGY_TTL} (the ontology alone).",
        epilog="example:\n  mscexo-ld build --out build/\n\n" + EXIT_CODES,
    )
    p.add_argument("--out", default=str(C.DEFAULT_BUILD_DIR), help="output folder (default: %(default)s)")
    p.add_argument("--data", default=str(C.DATA_DIR), help="curated input folder (default: %(default)s)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "validate",
        formatter_class=_Formatter,
        help="SHACL, OWL reasoner, identifiers, quotes",
        description="Validate the built graph (or --data files): SHACL shapes (pySHACL; pyshacl-turbo with "
        "--shacl-engine turbo), OWL consistency "
        "(owlready2 + HermiT), ontology QC (labels, definitions, unique labels, declarations, "
        "punning, deprecated terms), every external identifier against the pinned term cache, "
        "and every evidence quote against the review text. Prints each problem with focus "
        "node, path, message and the curated file and record it came from.",
        epilog="examples:\n  mscexo-ld validate\n  mscexo-ld validate --source-text review.txt --format json\n"
        "  mscexo-ld validate --data my-findings.ttl --checks shacl\n"
        "  mscexo-ld validate --data big-graph.nt --checks shacl --shacl-engine turbo\n\n"
        "A check that cannot run (no review text, no java) is reported as NOT RUN; with "
        "--require-all that exits 4.\n\n" + EXIT_CODES,
    )
    p.add_argument("--build", default=str(C.DEFAULT_BUILD_DIR), help="build folder to validate (default: %(default)s)")
    p.add_argument("--data", nargs="+", metavar="FILE", help="validate these RDF files instead of the build")
    p.add_argument(
        "--source-text", help=f"the review's text (default: ${C.SOURCE_TEXT_ENV} or {C.DEFAULT_SOURCE_TEXT})"
    )
    p.add_argument(
        "--checks", default="shacl,reasoner,qc,identifiers,quotes", help="comma-separated checks (default: %(default)s)"
    )
    p.add_argument("--terms", default=str(C.TERM_CACHE_FILE), help="term cache (default: %(default)s)")
    p.add_argument("--curated", default=str(C.DATA_DIR), help="curated input, for provenance (default: %(default)s)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--require-all", action="store_true", help="exit 4 when a check could not run")
    p.add_argument(
        "--shacl-engine",
        choices=("pyshacl", "turbo"),
        default="pyshacl",
        help="SHACL engine: pySHACL (default, the reference) or pyshacl-turbo (opt-in, pinned: "
        "pip install 'mscexo-ld[turbo]'; ~5-30x faster, same results on every shape case)",
    )
    p.add_argument(
        "--shacl-report", metavar="FILE", help="also write the SHACL validation report (sh:ValidationReport) as Turtle"
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "query",
        formatter_class=_Formatter,
        help="run a canned query or a .rq file",
        description="Run a canned query (by name, from queries/) or a SPARQL .rq file on the embedded "
        "store (pyoxigraph, loaded from the build). Parameters are bound as RDF terms, "
        "never pasted into the query text.",
        epilog="examples:\n  mscexo-ld query --list\n  mscexo-ld query mirnas-via-gene --param gene=PTEN\n"
        "  mscexo-ld query my-question.rq --format csv\n\n" + EXIT_CODES,
    )
    p.add_argument("query", nargs="?", help="canned query name or path to a .rq file")
    p.add_argument("--param", action="append", metavar="KEY=VALUE", help="bind a query parameter (repeatable)")
    p.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table")
    p.add_argument("--build", default=str(C.DEFAULT_BUILD_DIR), help="build folder (default: %(default)s)")
    p.add_argument("--endpoint", metavar="URL", help="run on this SPARQL endpoint (through SPARQLWrapper) instead")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for an endpoint (default: %(default)s)")
    p.add_argument("--list", action="store_true", help="list the canned queries with their parameters")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser(
        "serve",
        formatter_class=_Formatter,
        help="a real SPARQL server with the release, read-only",
        description="Build if needed, load the release into an Oxigraph store and run the Oxigraph "
        "SPARQL 1.1 server in read-only mode (SPARQL Update refused), bound to loopback by "
        "default. Prints the query URL and the web query UI URL; stops cleanly on Ctrl-C "
        "or SIGTERM. The static site of build/site/ is served beside it (--site-port).",
        epilog="examples:\n  mscexo-ld serve\n  mscexo-ld serve --port 8000 --timeout 10\n"
        "  mscexo-ld query mirnas-via-gene --endpoint http://127.0.0.1:7878/query\n\n" + EXIT_CODES,
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s, loopback only)")
    p.add_argument("--port", type=int, default=7878, help="port (default: %(default)s)")
    p.add_argument("--timeout", type=int, default=30, help="per-query timeout in seconds (default: %(default)s)")
    p.add_argument("--store", help="keep the Oxigraph store in this folder (default: a temporary folder)")
    p.add_argument("--site-port", type=int, help="port of the static site (default: --port + 1; 0: do not serve it)")
    p.add_argument("--build", default=str(C.DEFAULT_BUILD_DIR), help="build folder (default: %(default)s)")
    p.add_argument(
        "--data", default=str(C.DATA_DIR), help="curated input, when a build is needed (default: %(default)s)"
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "load",
        formatter_class=_Formatter,
        help="push the release into any Graph Store Protocol endpoint",
        description="Replace one named graph of a SPARQL 1.1 Graph Store Protocol endpoint with the "
        "release, in a single PUT request (no window in which a reader sees half of it), "
        "then check the triple count the SPARQL endpoint reports for that graph.",
        epilog="examples:\n"
        "  Oxigraph:  mscexo-ld load --store http://127.0.0.1:7878/store --endpoint http://127.0.0.1:7878/query\n"
        "  Fuseki:    mscexo-ld load --store http://localhost:3030/ds/data --endpoint http://localhost:3030/ds/sparql\n"
        "  GraphDB:   mscexo-ld load --store http://localhost:7200/repositories/mscexo/rdf-graphs/service \\\n"
        "                          --endpoint http://localhost:7200/repositories/mscexo\n"
        "  Virtuoso:  mscexo-ld load --store http://localhost:8890/sparql-graph-crud-auth --auth dba:dba \\\n"
        "                          --endpoint http://localhost:8890/sparql\n\n" + EXIT_CODES,
    )
    p.add_argument("--store", required=True, metavar="URL", help="the Graph Store Protocol URL")
    p.add_argument("--endpoint", required=True, metavar="URL", help="the SPARQL query URL, to verify the load")
    p.add_argument("--graph", default=GRAPH_IRI, help="named graph to replace (default: %(default)s)")
    p.add_argument("--auth", metavar="USER:PASSWORD", help="HTTP basic authentication for the store")
    p.add_argument("--build", default=str(C.DEFAULT_BUILD_DIR), help="build folder (default: %(default)s)")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser(
        "new",
        formatter_class=_Formatter,
        help="a skeleton record with every field explained",
        description="Print (or append to --out) a YAML skeleton for a new finding or entity, each field "
        "with a comment saying what it holds and what values it takes. See docs/curation.md.",
        epilog="examples:\n  mscexo-ld new finding F200 --out data/findings/new-paper.yaml\n"
        "  mscexo-ld new entity --kind gene SIRT3 --out data/entities/gene.new-paper.yaml\n\n" + EXIT_CODES,
    )
    p.add_argument("what", choices=("finding", "entity"))
    p.add_argument("id", help="the new record's id (F<ref>[letter] for a finding)")
    p.add_argument(
        "--kind", default="gene", help="entity kind (gene, cargo, mechanism, condition, ...; default: %(default)s)"
    )
    p.add_argument("--out", help="YAML file to append to (default: print)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser(
        "release",
        formatter_class=_Formatter,
        help="a versioned release in build/release/X.Y.Z/",
        description="Write every artifact (Turtle, N-Triples, JSON-LD and its context, the ontology as "
        "Turtle and RDF/XML, KGX, SSSOM, nanopublications, VoID) into OUT/X.Y.Z/, with "
        "owl:versionIRI and owl:versionInfo stamped, the release date passed in, a SHA256SUMS "
        "file and CHANGES.md generated from the difference with the previous release (the "
        "highest lower version in OUT, or --previous). Same inputs, byte-identical files.",
        epilog="example:\n  mscexo-ld release --version 0.2.0 --date 2026-12-01\n\n" + EXIT_CODES,
    )
    p.add_argument("--version", required=True, help="X.Y.Z")
    p.add_argument("--date", required=True, help="release date YYYY-MM-DD (never read from the clock)")
    p.add_argument("--out", default=str(C.DEFAULT_BUILD_DIR / "release"), help="releases folder (default: %(default)s)")
    p.add_argument(
        "--previous", help="previous release folder to compare with (default: the highest lower version in --out)"
    )
    p.add_argument("--data", default=str(C.DATA_DIR), help="curated input (default: %(default)s)")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser(
        "diff",
        formatter_class=_Formatter,
        help="what a change did to the graph",
        description="Compare two releases (build folders or RDF files): findings, entities and table "
        "records added, removed or changed, and triples added and removed. Exits 0 when "
        "the graphs are the same, 1 when they differ.",
        epilog="examples:\n  mscexo-ld diff build/release/0.1.0 build/\n"
        "  git stash; mscexo-ld build --out /tmp/before; git stash pop; mscexo-ld build; "
        "mscexo-ld diff /tmp/before build\n\n" + EXIT_CODES,
    )
    p.add_argument("old", help="old build folder or RDF file")
    p.add_argument("new", help="new build folder or RDF file")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser(
        "coverage",
        formatter_class=_Formatter,
        help="every reference number of the review, accounted for",
        description="List every bracketed reference number in the review's text with the findings or "
        "table records that cite it, or the curated out-of-scope reason; print totals. Exits 1 "
        "when a number is unaccounted for, or a curated number never occurs in the text.",
        epilog="examples:\n  mscexo-ld coverage\n  mscexo-ld coverage --format json --source-text review.txt\n\n"
        + EXIT_CODES,
    )
    p.add_argument(
        "--source-text", help=f"the review's text (default: ${C.SOURCE_TEXT_ENV} or {C.DEFAULT_SOURCE_TEXT})"
    )
    p.add_argument("--curated", default=str(C.DATA_DIR), help="curated input (default: %(default)s)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser(
        "terms",
        formatter_class=_Formatter,
        help="verify or refresh the pinned term cache",
        description=f"The term cache ({C.TERM_CACHE_FILE.relative_to(C.ROOT)}) holds the reference "
        "index rows of every external identifier the graph uses. --verify (default) "
        "re-checks each cached row against the index; --refresh rewrites the cache from "
        "the index for the identifiers the curated input uses now.",
        epilog="examples:\n  mscexo-ld terms --verify\n  mscexo-ld terms --refresh --index ../shared/reference/terms.tsv.gz\n\n"
        + EXIT_CODES,
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument("--verify", action="store_true", help="check the cache against the index (default)")
    group.add_argument("--refresh", action="store_true", help="regenerate the cache from the index")
    p.add_argument(
        "--index", help=f"reference index (default: ${C.REFERENCE_INDEX_ENV} or {C.DEFAULT_REFERENCE_INDEX})"
    )
    p.add_argument("--terms", default=str(C.TERM_CACHE_FILE), help="term cache (default: %(default)s)")
    p.add_argument("--curated", default=str(C.DATA_DIR), help="curated input (default: %(default)s)")
    p.set_defaults(func=cmd_terms)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    return int(args.func(args))
