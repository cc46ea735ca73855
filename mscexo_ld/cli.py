"""The ``mscexo-ld`` command: one verb per stage, in the order data flows.

Options, messages and exit codes only: the work is done by :mod:`mscexo_ld.pipeline` and the
stage packages. Options shared by several verbs are declared once, as parent parsers.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from mscexo_ld import constants as C
from mscexo_ld._version import __version__
from mscexo_ld.exits import (  # noqa: F401  (re-exported: the CLI's documented exit codes)
    EXIT_CODES,
    EXIT_ENDPOINT,
    EXIT_INPUT,
    EXIT_INVALID,
    EXIT_MISSING,
    EXIT_OK,
    EXIT_USAGE,
)

#: The named graph ``load`` replaces by default.
GRAPH_IRI = C.GRAPH_IRI


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


class _DeprecatedCurated(argparse.Action):
    """``--data DIR`` where the curated folder is meant: still works, with a one-line note on stderr."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        print(
            f"note: `{parser.prog} {option_string} DIR` is deprecated; use --curated DIR "
            "(--data names RDF data files, as in `mscexo-ld validate --data FILE...`)",
            file=sys.stderr,
            flush=True,
        )
        namespace.curated = values


def _option(*flags: str, **kwargs: Any) -> argparse.ArgumentParser:
    """A parent parser holding one shared option."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(*flags, **kwargs)
    return parent


def _shared_options() -> dict[str, argparse.ArgumentParser]:
    """The options several verbs share, each declared once."""
    curated = argparse.ArgumentParser(add_help=False)
    curated.add_argument(
        "--curated", metavar="DIR", default=str(C.DATA_DIR), help="curated input folder (default: %(default)s)"
    )
    deprecated = argparse.ArgumentParser(add_help=False)
    deprecated.add_argument("--data", metavar="DIR", action=_DeprecatedCurated, help="deprecated spelling of --curated")
    source = f"the review's text (default: ${C.SOURCE_TEXT_ENV} or {C.default_place(C.DEFAULT_SOURCE_TEXT)})"
    return {
        "build": _option("--build", default=str(C.DEFAULT_BUILD_DIR), help="build folder (default: %(default)s)"),
        "curated": curated,
        "curated-or-data": argparse.ArgumentParser(add_help=False, parents=[curated, deprecated]),
        "source-text": _option("--source-text", metavar="PATH", help=source),
        "terms": _option("--terms", default=str(C.TERM_CACHE_FILE), help="term cache (default: %(default)s)"),
        "text-or-json": _option("--format", choices=("text", "json"), default="text"),
    }


def build_parser() -> argparse.ArgumentParser:
    """The parser of every verb, with its help, examples and the exit codes."""
    parser = argparse.ArgumentParser(
        prog="mscexo-ld",
        formatter_class=_Formatter,
        description="Findings of the review on MSC-derived exosomes (Ma et al., World J Stem Cells 2020, "
        f"doi:{C.REVIEW_DOI}) as validated linked data.",
        epilog="verbs, in the order data flows: build -> validate -> query -> serve / load; coverage reports what "
        "is curated; terms maintains the identifier cache.\n\n"
        "example:\n  mscexo-ld build && mscexo-ld validate && mscexo-ld query mirnas-via-gene --param gene=PTEN\n\n"
        + EXIT_CODES,
    )
    parser.add_argument("--version", action="version", version=f"mscexo-ld {__version__}")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    shared = _shared_options()

    def verb(
        name: str, summary: str, description: str, examples: str, *parents: str, note: str = ""
    ) -> argparse.ArgumentParser:
        """A verb's parser: its help, its examples (one a line), a note, the exit codes; ``parents``: shared options."""
        title = "example" if examples.count("\n") == 0 else "examples"
        epilog = f"{title}:\n  " + examples.replace("\n", "\n  ") + "\n\n" + (f"{note}\n\n" if note else "")
        return sub.add_parser(
            name,
            formatter_class=_Formatter,
            help=summary,
            description=description,
            epilog=epilog + EXIT_CODES,
            parents=[shared[p] for p in parents],
        )

    p = verb(
        "build",
        "curated input -> RDF release files in build/",
        "Load and check the curated input (--curated), build the graph (ontology + data) and write, "
        f"deterministically and atomically: {C.GRAPH_TTL}, {C.GRAPH_NT} (sorted N-Triples), "
        f"{C.GRAPH_JSONLD}, {C.ONTOLOGY_TTL} and ontology.owl (the ontology alone, as Turtle and RDF/XML), "
        "direct-edges.nq (one RO triple per regulation, in the named graph https://w3id.org/mscexo/graph/direct), "
        "the exports (KGX, SSSOM for the entities and for the ontology's alignment, nanopublications), VoID and "
        "the site, with every release of OUT/release/ checked against its SHA256SUMS (exit 4 if one is not as "
        "released) and listed on releases.html.",
        "mscexo-ld build --out build/\nmscexo-ld build --validate   # the curator's loop: build, then every check",
        "curated-or-data",
        "source-text",
        "terms",
        note="--validate: then validate the release just built, as `mscexo-ld validate` would (same report "
        "and exit code), in this process: the graph is not read back and the checks run while the site renders.",
    )
    p.add_argument("--out", default=str(C.DEFAULT_BUILD_DIR), help="output folder (default: %(default)s)")
    p.add_argument(
        "--validate", action="store_true", help="then every check of `validate` on the release (exit 1 on a problem)"
    )
    p.add_argument("--require-all", action="store_true", help="with --validate: exit 4 when a check could not run")

    p = verb(
        "validate",
        "SHACL, OWL reasoner, identifiers, quotes",
        "Validate the built graph (or --data files): SHACL shapes (pySHACL; pyshacl-turbo or Jena SHACL with "
        "--shacl-engine turbo|jena), OWL consistency (owlready2 + HermiT), ontology QC (labels, IAO:0000115 "
        "definitions, unique labels, declarations, punning, deprecated terms, every term aligned to a maintained "
        "vocabulary or saying why not), every external identifier against the "
        "pinned term cache, and every evidence quote against the review text. Prints each problem with "
        "focus node, path, message and the curated file and record it came from.",
        "mscexo-ld validate\nmscexo-ld validate --source-text review.txt --format json\n"
        "mscexo-ld validate --data my-findings.ttl --checks shacl\n"
        "mscexo-ld validate --data big-graph.nt --checks shacl --shacl-engine jena",
        "build",
        "curated",
        "source-text",
        "terms",
        "text-or-json",
        note="A check that cannot run (no review text, no java) is reported as NOT RUN; "
        "with --require-all that exits 4.",
    )
    p.add_argument("--data", nargs="+", metavar="FILE", help="validate these RDF files instead of the build")
    p.add_argument(
        "--checks", default="shacl,reasoner,qc,identifiers,quotes", help="comma-separated checks (default: %(default)s)"
    )
    p.add_argument("--require-all", action="store_true", help="exit 4 when a check could not run")
    p.add_argument(
        "--shacl-engine",
        choices=("pyshacl", "turbo", "jena"),
        default="pyshacl",
        help="SHACL engine: pySHACL (default, the reference); pyshacl-turbo (opt-in, pinned: "
        "pip install 'mscexo-ld[turbo]'); jena: Apache Jena SHACL (Java 17 and scripts/fetch-fuseki.sh; "
        "for big data: every core, fastest at 1M). The same results as pySHACL on every shape case",
    )
    p.add_argument(
        "--shacl-report", metavar="FILE", help="also write the SHACL validation report (sh:ValidationReport) as Turtle"
    )

    p = verb(
        "query",
        "run a canned query or a .rq file",
        "Run a canned query (by name, from queries/) or a SPARQL .rq file on the embedded store "
        "(pyoxigraph, loaded from the build, with the direct RO edges of direct-edges.nq in their named graph: "
        "GRAPH ?g { ... }). Parameters are bound as RDF terms, never pasted into the query text.",
        "mscexo-ld query --list\nmscexo-ld query mirnas-via-gene --param gene=PTEN\n"
        "mscexo-ld query my-question.rq --format csv",
        "build",
        note="On the embedded store a query makes no network or file requests (SERVICE is refused unless "
        "--allow-service) and runs within --timeout seconds, --max-rows rows and --max-memory MB; "
        "a query refused or stopped by one of these exits 2, with a one-line message.",
    )
    p.add_argument("query", nargs="?", help="canned query name or path to a .rq file")
    p.add_argument("--param", action="append", metavar="KEY=VALUE", help="bind a query parameter (repeatable)")
    p.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table")
    p.add_argument("--endpoint", metavar="URL", help="run on this SPARQL endpoint (through SPARQLWrapper) instead")
    p.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="seconds a query may run, embedded or on --endpoint (default: %(default)s)",
    )
    p.add_argument(
        "--max-rows",
        type=int,
        default=100_000,
        metavar="N",
        help="stop an embedded query after N rows (default: %(default)s)",
    )
    p.add_argument(
        "--max-memory",
        type=int,
        default=1024,
        metavar="MB",
        help="stop an embedded query that needs more memory than this (default: %(default)s)",
    )
    p.add_argument(
        "--allow-service",
        action="store_true",
        help="let an embedded query call SERVICE endpoints (federation, for local work; refused by default)",
    )
    p.add_argument("--list", action="store_true", help="list the canned queries with their parameters")

    p = verb(
        "serve",
        "a real SPARQL server with the release, read-only",
        "Build if needed (from --curated), load the release into an Oxigraph store and run the Oxigraph "
        "SPARQL 1.1 server in read-only mode (SPARQL Update refused), bound to loopback by default. Prints "
        "the query URL and the web query UI URL; stops cleanly on Ctrl-C or SIGTERM. The static site of "
        "build/site/ is served beside it (--site-port), and its /mscexo/<path> answers as https://w3id.org/mscexo/"
        "<path> does: a 303 to the page, Turtle or JSON-LD by the Accept header. --server fuseki runs Apache "
        "Jena Fuseki instead, "
        "the engine to expose beyond loopback: query endpoint only, SERVICE refused, --timeout also cuts "
        "off an answer that is streaming, request and response sizes bounded, the release in a TDB2 "
        "database prepared once per graph in .cache/fuseki-db ($MSCEXO_FUSEKI_DB) (needs Java 17 and "
        "scripts/fetch-fuseki.sh).",
        "mscexo-ld serve\nmscexo-ld serve --port 8000 --timeout 10\n"
        "mscexo-ld query mirnas-via-gene --endpoint http://127.0.0.1:7878/query\n"
        "mscexo-ld serve --server fuseki --host 0.0.0.0 --timeout 10   # then .../mscexo/query",
        "build",
        "curated-or-data",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s, loopback only)")
    p.add_argument("--port", type=int, default=7878, help="port (default: %(default)s)")
    p.add_argument("--timeout", type=int, default=30, help="per-query timeout in seconds (default: %(default)s)")
    p.add_argument(
        "--server",
        choices=("oxigraph", "fuseki"),
        default="oxigraph",
        help="the engine: oxigraph (quick, local use) or fuseki (bounded, safe to expose) (default: %(default)s)",
    )
    p.add_argument("--store", help="oxigraph only: keep its store in this folder (default: a temporary folder)")
    p.add_argument("--site-port", type=int, help="port of the static site (default: --port + 1; 0: do not serve it)")

    p = verb(
        "load",
        "push the release into any Graph Store Protocol endpoint",
        "Replace one named graph of a SPARQL 1.1 Graph Store Protocol endpoint with the release, in a "
        "single PUT request (no window in which a reader sees half of it), then check the triple count "
        "the SPARQL endpoint reports for that graph.",
        "Oxigraph:  mscexo-ld load --store http://127.0.0.1:7878/store --endpoint http://127.0.0.1:7878/query\n"
        "Fuseki:    mscexo-ld load --store http://localhost:3030/ds/data --endpoint http://localhost:3030/ds/sparql\n"
        "GraphDB:   mscexo-ld load --store http://localhost:7200/repositories/mscexo/rdf-graphs/service \\\n"
        "                        --endpoint http://localhost:7200/repositories/mscexo\n"
        "Virtuoso:  mscexo-ld load --store http://localhost:8890/sparql-graph-crud-auth --auth dba:dba \\\n"
        "                        --endpoint http://localhost:8890/sparql",
        "build",
    )
    p.add_argument("--store", required=True, metavar="URL", help="the Graph Store Protocol URL")
    p.add_argument("--endpoint", required=True, metavar="URL", help="the SPARQL query URL, to verify the load")
    p.add_argument("--graph", default=GRAPH_IRI, help="named graph to replace (default: %(default)s)")
    p.add_argument("--auth", metavar="USER:PASSWORD", help="HTTP basic authentication for the store")

    p = verb(
        "new",
        "a skeleton record with every field explained",
        "Print (or append to --out) a YAML skeleton for a new finding or entity, each field with a comment "
        "saying what it holds and what values it takes. See docs/curation.md.",
        "mscexo-ld new finding F200 --out data/findings/new-paper.yaml\n"
        "mscexo-ld new entity --kind gene SIRT3 --out data/entities/gene.new-paper.yaml",
    )
    p.add_argument("what", choices=("finding", "entity"))
    p.add_argument("id", help="the new record's id (F<ref>[letter] for a finding)")
    p.add_argument(
        "--kind", default="gene", help="entity kind (gene, cargo, mechanism, condition, ...; default: %(default)s)"
    )
    p.add_argument("--out", help="YAML file to append to (default: print)")

    p = verb(
        "release",
        "a versioned release in build/release/X.Y.Z/",
        "Write every artifact (Turtle, N-Triples, JSON-LD and its context, the ontology as Turtle and "
        "RDF/XML, KGX, SSSOM, nanopublications, VoID) into OUT/X.Y.Z/, with owl:versionIRI, "
        "owl:versionInfo and the ontology's dcterms:issued stamped, the release date passed in, a SHA256SUMS "
        "file and CHANGES.md generated "
        "from the difference with the previous release (the highest lower version in OUT, or --previous). "
        "Same inputs, byte-identical files.",
        "mscexo-ld release --version 0.2.0 --date 2026-12-01",
        "curated-or-data",
    )
    p.add_argument("--version", required=True, help="X.Y.Z")
    p.add_argument("--date", required=True, help="release date YYYY-MM-DD (never read from the clock)")
    p.add_argument("--out", default=str(C.DEFAULT_BUILD_DIR / "release"), help="releases folder (default: %(default)s)")
    p.add_argument(
        "--previous", help="previous release folder to compare with (default: the highest lower version in --out)"
    )
    p.add_argument(
        "--endpoint",
        metavar="URL",
        help="the public SPARQL endpoint void.ttl advertises (default: none; never loopback)",
    )
    p.add_argument(
        "--download-base",
        metavar="URL",
        help="where the files are downloaded from, void.ttl's dcat:downloadURL = URL + file name "
        "(default: https://w3id.org/mscexo/release/X.Y.Z/<file>)",
    )
    p.add_argument(
        "--sign",
        nargs="?",
        const="~/.nanopub/profile.yml",
        metavar="PROFILE",
        help="also write mscexo.nanopubs.signed.trig: every nanopublication signed with nanopub-py (RSA "
        "signature, trusty URI) with the key of a nanopub-py profile.yml (default: %(const)s, as `np setup` "
        "writes it); offline, nothing is published. Without --sign the files are unchanged.",
    )

    p = verb(
        "diff",
        "what a change did to the graph",
        "Compare two releases (build folders, release folders or RDF files): findings, entities and table "
        "records added, removed or changed, and triples added and removed. Exits 0 when the graphs are the "
        "same, 1 when they differ, 4 when a path does not exist or holds no graph.",
        "mscexo-ld release --version 0.1.0 --date 2026-12-01   # once, to have something to compare with\n"
        "mscexo-ld diff build/release/0.1.0 build/\n"
        "git stash; mscexo-ld build --out /tmp/before; git stash pop; mscexo-ld build; "
        "mscexo-ld diff /tmp/before build",
    )
    p.add_argument("old", help="old build folder, release folder or RDF file")
    p.add_argument("new", help="new build folder, release folder or RDF file")

    p = verb(
        "coverage",
        "every reference number of the review, accounted for",
        "List every bracketed reference number in the review's text with the findings or table records "
        "that cite it, or the curated out-of-scope reason; print totals. Exits 1 when a number is "
        "unaccounted for, or a curated number never occurs in the text. The review's text is not in this "
        f"repository: the review is open access (doi:{C.REVIEW_DOI}); pass its text with --source-text.",
        "mscexo-ld coverage\nmscexo-ld coverage --format json --source-text review.txt",
        "source-text",
        "curated",
        "text-or-json",
    )

    p = verb(
        "terms",
        "verify or refresh the pinned term cache",
        f"The term cache (data/{C.TERM_CACHE_FILE.name}) holds the reference index rows of every external "
        "identifier the graph uses. --verify (default) re-checks each cached row against the index; "
        "--refresh rewrites the cache from the index for the identifiers the curated input uses now. The "
        "reference index (the project's offline snapshot of the standard vocabularies) is not in this "
        "repository; without it, validate still checks identifiers against the committed cache.",
        "mscexo-ld terms --verify\nmscexo-ld terms --refresh --index ../shared/reference/terms.tsv.gz",
        "terms",
        "curated",
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument("--verify", action="store_true", help="check the cache against the index (default)")
    group.add_argument("--refresh", action="store_true", help="regenerate the cache from the index")
    p.add_argument(
        "--index",
        help=f"reference index (default: ${C.REFERENCE_INDEX_ENV} or {C.default_place(C.DEFAULT_REFERENCE_INDEX)})",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line ``argv`` (default: the process's arguments) and return its exit code.

    Never a traceback: each verb reports the faults it expects; a closed stdout, Ctrl-C and anything
    unexpected end in one line and a documented exit code (:func:`mscexo_ld.exits.last_resort`).
    """
    from mscexo_ld.exits import last_resort

    return last_resort(lambda: _run(argv))


def _run(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.verb:
        parser.print_help()
        return EXIT_USAGE
    from mscexo_ld import commands

    run: Callable[[argparse.Namespace], int] = getattr(commands, f"cmd_{args.verb}")
    return run(args)
