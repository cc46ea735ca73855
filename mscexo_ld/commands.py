"""The verbs of the ``mscexo-ld`` command: each calls the pipeline or a stage, prints, and returns an exit code.

The options live in :mod:`mscexo_ld.cli`; the work in :mod:`mscexo_ld.pipeline` and the stage packages.

Over 400 lines because each verb keeps its own fault handling (one line, a documented exit code)
beside it, so a reader sees every way a verb can end in one place.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from mscexo_ld import constants as C
from mscexo_ld import exits as X
from mscexo_ld.exits import EXIT_ENDPOINT, EXIT_INPUT, EXIT_INVALID, EXIT_MISSING, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from mscexo_ld.curation import CurationError
    from mscexo_ld.pipeline import BuildResult
    from mscexo_ld.validate.run import ValidationReport


def _say(message: str) -> None:
    from mscexo_ld.exits import say

    say(message)


def _rejected(exc: CurationError, out: Path | str | None = None) -> int:
    """Print every problem of rejected curated input (file, line, record, field); exit 3."""
    for problem in exc.problems:
        print(f"error: {problem}", file=sys.stderr)
    if out is not None:
        _say(f"build failed: {exc.total} problem(s) in the curated input; nothing written to {out}")
    return EXIT_INPUT


def _refused_release(exc: Exception, out: Path | str) -> int:
    """A release folder of ``out/release/`` not as released: the site would serve it; nothing written, exit 4."""
    _say(f"error: {exc}; the site serves every release as released: restore or remove it (nothing written to {out})")
    return EXIT_MISSING


def _print_build(result: BuildResult) -> int:
    for path in result.paths:
        print(path)
    return EXIT_OK


# ----------------------------------------------------------------------------- verbs


def cmd_build(args: argparse.Namespace) -> int:
    """`build`: the release files and the site; prints every file written."""
    from mscexo_ld import pipeline
    from mscexo_ld.curation import CurationError
    from mscexo_ld.release.versioned import ReleaseFolderError

    if Path(args.out).exists() and not Path(args.out).is_dir():
        _say(f"error: --out {args.out} is a file, not a folder (a missing folder is created); nothing written")
        return EXIT_MISSING
    if not args.validate:
        if args.require_all or args.source_text:
            _say(f"error: {'--require-all' if args.require_all else '--source-text'} is an option of --validate")
            return EXIT_USAGE
        try:
            return _print_build(pipeline.build(args.curated, args.out, progress=_say))
        except CurationError as exc:
            return _rejected(exc, args.out)
        except ReleaseFolderError as exc:
            return _refused_release(exc, args.out)
        except OSError as exc:
            return X.file_error(exc, "write", args.out)
    checks = pipeline.Checks(source_text=args.source_text, terms=args.terms)
    try:
        built, report = pipeline.build_and_validate(args.curated, args.out, checks, progress=_say)
    except CurationError as exc:
        return _rejected(exc, args.out)
    except ReleaseFolderError as exc:
        return _refused_release(exc, args.out)
    except FileNotFoundError as exc:  # an explicit --source-text that is not there: nothing built
        _say(f"error: {exc}")
        return EXIT_MISSING
    except UnicodeDecodeError as exc:  # the review text or the term cache
        _say(f"error: {X.which_not_utf8([C.source_text_path(args.source_text), args.terms], exc)}")
        return EXIT_MISSING
    except OSError as exc:
        return X.file_error(exc, "write", args.out)
    _print_build(built)
    sys.stdout.write(report.render())
    return _report_exit(report, require_all=args.require_all)


def _report_exit(report: ValidationReport, *, require_all: bool) -> int:
    """The exit code of a printed validation report: 1 on a problem, 4 for a check not run with --require-all."""
    if report.failed:
        return EXIT_INVALID
    return EXIT_MISSING if report.not_run and require_all else EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """`validate`: every problem, then one status line per check (or the JSON report)."""
    from mscexo_ld import pipeline
    from mscexo_ld.validate.run import DataError, UnknownCheckError

    try:
        report = pipeline.validate(
            args.data,
            build_dir=args.build,
            curated=args.curated,
            checks=args.checks,
            shacl_engine=args.shacl_engine,
            source_text=args.source_text,
            terms=args.terms,
            progress=_say,
        )
    except FileNotFoundError as exc:
        _say(f"error: {exc}")
        return EXIT_MISSING
    except UnicodeDecodeError as exc:  # the review text or the term cache
        _say(f"error: {X.which_not_utf8([C.source_text_path(args.source_text), args.terms], exc)}")
        return EXIT_MISSING
    except OSError as exc:
        return X.file_error(exc, "read")
    except UnknownCheckError as exc:
        _say(f"error: {exc}")
        return EXIT_USAGE
    except DataError as exc:
        _say(f"error: cannot parse {exc}")
        return EXIT_INVALID
    if args.shacl_report:
        if report.shacl_report is None:
            _say("error: --shacl-report needs the shacl check")
            return EXIT_USAGE
        try:
            Path(args.shacl_report).write_text(report.shacl_report.serialize(format="turtle"), encoding="utf-8")
        except OSError as exc:
            return X.file_error(exc, "write the SHACL report to", args.shacl_report)
    if args.format == "json":
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(report.render())
    return _report_exit(report, require_all=args.require_all)


def cmd_query(args: argparse.Namespace) -> int:
    """`query`: a canned query or a .rq file, on the build or an endpoint; or the list of canned queries."""
    from mscexo_ld import pipeline
    from mscexo_ld.query.canned import list_queries
    from mscexo_ld.query.guard import reads_named_graphs
    from mscexo_ld.query.results import QueryError, format_result

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
        query, bound = pipeline.prepare_query(args.query, given)
    except QueryError as exc:
        _say(f"error: {exc}")
        return EXIT_USAGE
    except UnicodeDecodeError as exc:
        _say(f"error: {X.not_utf8(args.query, exc)}")
        return EXIT_USAGE
    except OSError as exc:
        return X.file_error(exc, "read the query", args.query)
    store = None
    try:
        if not args.endpoint:
            # a query that reads no named graph answers the same without them (faster: embedded.load_store)
            store = pipeline.load_release(args.build, named_graphs=reads_named_graphs(query.text))
    except FileNotFoundError as exc:
        _say(f"error: {exc}")
        return EXIT_MISSING
    except OSError as exc:
        return X.file_error(exc, "read", args.build)
    except (SyntaxError, UnicodeDecodeError) as exc:  # pyoxigraph's parse error: the file holds no graph
        _say(f"error: {pipeline.release_graph_file(args.build)} is not an N-Triples graph: {exc}")
        return EXIT_MISSING
    try:
        result = pipeline.run_query(
            query,
            bound,
            store=store,
            endpoint=args.endpoint,
            timeout=args.timeout,
            allow_service=args.allow_service,
            max_rows=args.max_rows,
            max_memory_mb=args.max_memory,
        )
    except QueryError as exc:
        _say(f"error: {exc}")
        return EXIT_ENDPOINT if args.endpoint else EXIT_USAGE
    if args.format == "table":
        _say(f"# {query.title}")
    sys.stdout.write(format_result(result, args.format))
    for hint in result.hints:
        _say(hint)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """`serve`: build if needed, then the read-only SPARQL server (and the site) until stopped."""
    from mscexo_ld import pipeline
    from mscexo_ld.curation import CurationError
    from mscexo_ld.query.serve import serve

    if args.server == "fuseki" and args.store:
        _say(
            "error: --store is an option of the oxigraph engine; Fuseki keeps its database in "
            ".cache/fuseki-db (or $MSCEXO_FUSEKI_DB)"
        )
        return EXIT_USAGE
    if args.server == "fuseki" and args.timeout <= 0:
        _say("error: --timeout must be a positive number of seconds with --server fuseki (it bounds every query)")
        return EXIT_USAGE
    nt = Path(args.build) / C.GRAPH_NT
    if not nt.is_file():
        _say(f"{nt} not found: building first")
        try:
            _print_build(pipeline.build(args.curated, args.build, progress=_say))
        except CurationError as exc:
            return _rejected(exc, args.build)
    site_port = None if args.site_port == 0 else (args.site_port or args.port + 1)
    if args.server == "fuseki":
        from mscexo_ld.query.fuseki import FusekiMissingError, serve_fuseki

        try:
            return serve_fuseki(nt, args.host, args.port, timeout_s=args.timeout, say=_say, site_port=site_port)
        except FusekiMissingError as exc:
            _say(f"error: {exc}")
            return EXIT_MISSING
        except (OSError, RuntimeError) as exc:
            _say(f"error: {exc}")
            return EXIT_ENDPOINT
    try:
        return serve(
            nt,
            args.host,
            args.port,
            timeout_s=args.timeout,
            store=Path(args.store) if args.store else None,
            say=_say,
            site_port=site_port,
        )
    except (OSError, RuntimeError, TimeoutError) as exc:
        _say(f"error: {exc}")
        return EXIT_ENDPOINT


def cmd_load(args: argparse.Namespace) -> int:
    """`load`: PUT the release into a Graph Store Protocol endpoint and check its triple count."""
    from mscexo_ld.query.remote import count_triples, put_graph
    from mscexo_ld.query.results import QueryError

    nt = Path(args.build) / C.GRAPH_NT
    if not nt.is_file():
        _say(f"error: {nt} not found; run `mscexo-ld build` first")
        return EXIT_MISSING
    try:
        expected = sum(1 for line in nt.read_text(encoding="utf-8").splitlines() if line.strip())
    except UnicodeDecodeError as exc:
        _say(f"error: {X.not_utf8(nt, exc)}")
        return EXIT_MISSING
    except OSError as exc:
        return X.file_error(exc, "read", nt)
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


def cmd_new(args: argparse.Namespace) -> int:
    """`new`: a YAML skeleton of a finding or an entity, printed or appended to --out."""
    from mscexo_ld.curation.template import entity_template, finding_template
    from mscexo_ld.records import ENTITY_KINDS

    if args.what == "entity" and args.kind not in ENTITY_KINDS:
        _say(f"error: --kind {args.kind!r}: expected one of {', '.join(ENTITY_KINDS)}")
        return EXIT_USAGE
    text = finding_template(args.id) if args.what == "finding" else entity_template(args.kind, args.id)
    if not args.out:
        sys.stdout.write(text)
        return EXIT_OK
    path = Path(args.out)
    try:
        if path.exists() and path.read_text(encoding="utf-8").strip():
            with path.open("a", encoding="utf-8") as fh:
                fh.write("\n" + text)
        else:
            path.write_text(text, encoding="utf-8")
    except UnicodeDecodeError as exc:
        _say(f"error: not appending to {path}: {X.not_utf8(path, exc)}")
        return EXIT_INPUT
    except OSError as exc:
        return X.file_error(exc, "write", path)
    _say(f"wrote a {args.what} skeleton to {path}: fill it in, then run `mscexo-ld build && mscexo-ld validate`")
    return EXIT_OK


def cmd_release(args: argparse.Namespace) -> int:
    """`release`: the versioned release folder; prints its path."""
    from datetime import date

    from mscexo_ld import pipeline
    from mscexo_ld.curation import CurationError
    from mscexo_ld.export.nanopub import SigningError
    from mscexo_ld.release.versioned import VERSION_PATTERN

    if not VERSION_PATTERN.match(args.version):
        _say(f"error: --version {args.version!r}: expected X.Y.Z")
        return EXIT_USAGE
    try:
        released = date.fromisoformat(args.date)
    except ValueError:
        _say(f"error: --date {args.date!r}: expected YYYY-MM-DD")
        return EXIT_USAGE
    try:
        out = pipeline.release(
            args.version,
            released,
            curated=args.curated,
            out=args.out,
            previous=args.previous,
            endpoint=args.endpoint,
            download_base=args.download_base,
            progress=_say,
            sign=None if args.sign is None else Path(args.sign).expanduser(),
        )
    except ValueError as exc:  # a loopback or malformed --endpoint / --download-base
        _say(f"error: {exc}")
        return EXIT_USAGE
    except CurationError as exc:
        return _rejected(exc)
    except SigningError as exc:
        _say(f"error: --sign: {exc}")
        return EXIT_USAGE
    except FileNotFoundError as exc:
        _say(f"error: {exc}")
        return EXIT_MISSING
    except OSError as exc:
        return X.file_error(exc, "write the release to", args.out)
    print(out)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    """`diff`: what changed between two graphs; exit 1 when they differ."""
    from mscexo_ld.release.diff import diff_graphs, load_graph, render

    paths = [Path(args.old), Path(args.new)]
    graphs = []
    for path in paths:
        if not path.exists():
            _say(
                f"error: {path} does not exist; pass a build folder, a release folder "
                "(`mscexo-ld release` writes build/release/X.Y.Z/) or an RDF file"
            )
            return EXIT_MISSING
        if not (path / C.GRAPH_NT if path.is_dir() else path).is_file():
            _say(f"error: {path} is neither an RDF file nor a build folder with {C.GRAPH_NT}")
            return EXIT_MISSING
        try:
            graphs.append(load_graph(path))
        except Exception as exc:  # rdflib raises many kinds of parse errors
            _say(f"error: {path} is neither an RDF file nor a build folder with {C.GRAPH_NT}: {exc}")
            return EXIT_MISSING
    d = diff_graphs(graphs[0], graphs[1])
    sys.stdout.write(render(d, title=f"{paths[0]} -> {paths[1]}"))
    return EXIT_OK if d.empty else EXIT_INVALID


def cmd_coverage(args: argparse.Namespace) -> int:
    """`coverage`: every reference number of the review's text and what accounts for it."""
    from mscexo_ld import pipeline
    from mscexo_ld.curation import CurationError
    from mscexo_ld.curation.coverage import coverage, evidence_lines, involvement_phrases, render

    try:
        source = C.source_text_path(args.source_text)
    except FileNotFoundError as exc:
        _say(f"error: {exc}\n{X.REVIEW_TEXT_HELP}")
        return EXIT_MISSING
    if source is None:
        _say(
            "error: the review text was not found"
            + (f" at {C.DEFAULT_SOURCE_TEXT}" if C.DEFAULT_SOURCE_TEXT is not None else "")
            + f" (pass --source-text PATH or set ${C.SOURCE_TEXT_ENV}); coverage needs it.\n{X.REVIEW_TEXT_HELP}"
        )
        return EXIT_MISSING
    try:
        corpus = pipeline.load_curated(args.curated)
    except CurationError as exc:
        return _rejected(exc)
    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        _say(f"error: the review text {X.not_utf8(source, exc)}")
        return EXIT_MISSING
    except OSError as exc:
        return X.file_error(exc, "read the review text", source)
    entries, uncited = coverage(corpus, text)
    phrases = involvement_phrases(corpus, text)
    if args.format == "json":
        print(json.dumps([e.__dict__ | {"status": e.status} for e in entries], indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render(entries, uncited, source) + "\n".join(evidence_lines(corpus, text)) + "\n")
    missing = any(e.status == "UNACCOUNTED" for e in entries) or uncited or not all(p.findings for p in phrases)
    return EXIT_INVALID if missing else EXIT_OK


def cmd_terms(args: argparse.Namespace) -> int:
    """`terms`: verify (default) or refresh the pinned term cache against the reference index."""
    from mscexo_ld import pipeline
    from mscexo_ld.curation import CurationError
    from mscexo_ld.curation.terms import reference_index_path

    index = reference_index_path(args.index)
    if args.index and not Path(args.index).is_file():
        _say(f"error: reference index not found: {args.index}\n{X.REFERENCE_INDEX_HELP}")
        return EXIT_MISSING
    if index is None:
        where = args.index or f"${C.REFERENCE_INDEX_ENV} or {C.default_place(C.DEFAULT_REFERENCE_INDEX)}"
        _say(f"error: reference index not found ({where}); `terms` needs it.\n{X.REFERENCE_INDEX_HELP}")
        return EXIT_MISSING
    cache = Path(args.terms)
    if cache.is_dir():
        _say(f"error: --terms {cache} is a folder, not a file")
        return EXIT_MISSING
    try:
        if args.refresh:
            written, missing = pipeline.refresh_terms(index, cache, curated=args.curated, progress=_say)
        else:  # --verify (default): every cached row equals the index's row
            count, identical, missing = pipeline.verify_terms(index, cache, progress=_say)
    except CurationError as exc:
        return _rejected(exc)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        _say(f"error: cannot read the reference index {index}: not a complete gzip file ({exc})")
        return EXIT_MISSING
    except UnicodeDecodeError as exc:
        _say(f"error: {X.which_not_utf8([cache], exc)}")
        return EXIT_MISSING
    except OSError as exc:
        return X.file_error(exc, "read or write", cache)
    if args.refresh:
        print(f"wrote {written} terms to {cache}")
    elif identical:
        print(f"term cache verified: {count} terms identical to {index}")
        return EXIT_OK
    for curie in missing:
        print(f"not in the reference index: {curie}")
    if not args.refresh:
        print(f"term cache {cache} differs from {index}; run `mscexo-ld terms --refresh`")
        return EXIT_INVALID
    return EXIT_INVALID if missing else EXIT_OK
