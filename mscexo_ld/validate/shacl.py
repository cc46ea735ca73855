"""SHACL validation: pySHACL (the default and reference engine), pyshacl-turbo or Jena SHACL (opt-in).

Jena SHACL (``engine="jena"``, ``validate --shacl-engine jena``; ``jena_shacl.py``) is the
engine for big data: Java reads the files itself and validates on every core (1M triples in
about pyshacl-turbo's CPU time over two cores, 5M in under a third of it; see
benchmarks/results/pipeline.md). Its report graph is read back into rdflib and becomes the
same issues as pySHACL's.

pyshacl-turbo is a Rust engine with pySHACL's API, pinned (``pip install 'mscexo-ld[turbo]'``)
and chosen only with ``engine="turbo"`` (``validate --shacl-engine turbo``); the tests compare
it with pySHACL on every shape case and on the release, so an upgrade that changes results fails.

Files validated by pyshacl-turbo alone (``validate --data F.nt --checks shacl --shacl-engine
turbo``) are handed to it as N-Triples text (:func:`read_turbo_data`): its Rust parser reads
the text once, with no rdflib Graph and no pyoxigraph Store in between. Whatever the input,
pyshacl-turbo copies the data into its own form; from a Store it first dumps the whole Store
as N-Quads text, so the Store was a second and a third copy (1M triples: 47 s against 88 s
wall, 1.16 against 1.48 GB peak, measured side by side under load; benchmarks/README.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from mscexo_ld import constants as C
from mscexo_ld.validate.report import CheckResult, Issue


def load_shapes(shapes_dir: Path = C.SHAPES_DIR) -> Graph:
    """Every shape of ``shapes_dir`` (one Turtle file per focus class) in one graph."""
    g = Graph()
    for path in sorted(shapes_dir.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


ENGINES = ("pyshacl", "turbo", "jena")
TURBO_PIN = "pyshacl-turbo==0.6.5"
JENA_VERSION = "Jena SHACL 5.6.0"  # the Jena of pom.xml


def require_engine(engine: str) -> None:
    """Fail before any work when ``engine`` cannot run: FileNotFoundError, one line saying how to get it."""
    if engine == "turbo":
        turbo_validate()
    elif engine == "jena":
        from mscexo_ld.validate.jena_shacl import jena_command

        jena_command()


def turbo_validate() -> Callable[..., tuple[bool, Graph, str]]:
    """pyshacl-turbo's ``validate``; FileNotFoundError (with the install command) when it is missing."""
    try:
        from pyshacl_turbo import validate  # type: ignore[import-not-found,unused-ignore]  # an optional extra
    except ImportError as exc:
        raise FileNotFoundError(
            f"the SHACL engine `turbo` needs {TURBO_PIN}: "
            f"pip install '{TURBO_PIN}' (or the extra: pip install 'mscexo-ld[turbo]')"
        ) from exc
    return validate  # type: ignore[no-any-return]  # pyshacl-turbo has no type information


@dataclass(frozen=True)
class TurboData:
    """RDF data as N-Triples text for pyshacl-turbo; ``source`` names the file the text begins with."""

    text: str
    source: str


class TurboDataError(ValueError):
    """pyshacl-turbo (or Jena) could not parse the data; the message starts with the file's path."""


_NTRIPLES_SUFFIXES = (".nt", ".ntriples")


def read_turbo_data(paths: Sequence[Path]) -> TurboData:
    """The files as one N-Triples text for pyshacl-turbo, parsed later by its own parser.

    The first N-Triples file is taken as it is (its line numbers stay those of the file, for
    error messages); every other file is parsed by pyoxigraph, with its blank nodes renamed so
    that they cannot meet another file's, and written as N-Triples (named graphs merged into
    one, as the rdflib route does). ValueError ``"<file>: <error>"`` for a file that cannot be
    read or parsed, or that would fetch a document (``refuse_fetching``).
    """
    import pyoxigraph as ox

    from mscexo_ld.validate.inputs import refuse_fetching

    raw: Path | None = None
    parts: list[str] = []
    for path in paths:
        try:
            refuse_fetching(path)
            if raw is None and path.suffix.lower() in _NTRIPLES_SUFFIXES:
                raw = path
                parts.insert(0, path.read_text(encoding="utf-8"))
                continue
            fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
            if fmt is None:  # a format pyoxigraph does not know by name: rdflib reads it
                text = Graph().parse(path).serialize(format="nt", encoding="utf-8")
                quads = ox.parse(text, format=ox.RdfFormat.N_TRIPLES, rename_blank_nodes=True)
            else:
                quads = ox.parse(path=str(path), format=fmt, rename_blank_nodes=True)
            written = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
            parts.append(written.decode("utf-8") if written is not None else "")
        except Exception as exc:  # pyoxigraph, rdflib and the file system raise many kinds of errors
            raise ValueError(f"{path}: {exc}") from exc
    if raw is not None and parts[0] and not parts[0].endswith("\n"):
        parts[0] += "\n"
    return TurboData("".join(parts), str(raw if raw is not None else paths[0] if paths else "(no file)"))


def turbo_input(data: TurboData) -> Any:
    """pyshacl-turbo's input record for N-Triples text (blank node labels kept as written).

    ``Input`` is the record pyshacl-turbo makes of a Store or a Graph itself before its parser
    runs; text given to its public ``validate`` instead goes through an rdflib Graph first
    (77 s at 1M). It is not in the package's documented API: the version is pinned, and the
    tests run this route against pySHACL on every shape case.
    """
    from pyshacl_turbo.rdf import Input  # type: ignore[import-not-found,unused-ignore]  # an optional extra

    return Input(data.text, "nt", None, {}, preserve_ids=True)


_PREFIXES = {**C.RDF_PREFIXES, "rdf": str(RDF), "sh": str(SH)}


def short(term: object, report: Graph | None = None) -> str:
    """A readable form of a term: a CURIE of a known prefix, ^path for an inverse path."""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in sorted(_PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if text.startswith(namespace) and prefix != "id":
                return f"{prefix}:{text[len(namespace) :]}"
        return text
    if report is not None and isinstance(term, BNode):
        inverse = report.value(term, SH.inversePath)
        if inverse is not None:
            return "^" + short(inverse, report)
        if report.value(term, RDF.first) is not None:  # a sequence path, written as in SPARQL
            return "/".join(short(step, report) for step in Collection(report, term))
    return str(term)


def check_shacl(
    data: Graph | TurboData | Any,  # an rdflib Graph; TurboData or a pyoxigraph Store for turbo; JenaData for jena
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    origins: dict[str, str] | None = None,
    engine: str = "pyshacl",
) -> CheckResult:
    """Validate ``data`` (with ``ontology`` mixed in for class hierarchy) against the shapes.

    TurboDataError when pyshacl-turbo cannot parse a :class:`TurboData` text, or Jena a file
    of ``JenaData``.
    """
    from mscexo_ld.validate.jena_shacl import JenaData, JenaDataError, jena_report

    shapes = shapes if shapes is not None else load_shapes()
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r}; expected {', '.join(ENGINES)}")
    if isinstance(data, TurboData) and engine != "turbo":
        raise ValueError("TurboData is read by pyshacl-turbo only")
    if isinstance(data, JenaData) and engine != "jena":
        raise ValueError("JenaData is read by Jena SHACL only")
    if engine == "jena":
        if not isinstance(data, (Graph, JenaData)):
            raise ValueError("Jena SHACL reads an rdflib Graph or files (JenaData)")
        try:
            report = jena_report(data + ontology if ontology is not None and isinstance(data, Graph) else data, shapes)
        except JenaDataError as exc:
            raise TurboDataError(str(exc)) from exc
        return shacl_result(report, origins=origins, engine=engine)
    if engine == "pyshacl":
        from pyshacl import validate  # imported here: the other engines' runs do without it (0.3 s)
    else:
        validate = turbo_validate()
    try:
        conforms, report, _text = validate(
            turbo_input(data) if isinstance(data, TurboData) else data,
            shacl_graph=shapes,
            ont_graph=ontology,
            inference="none",
            advanced=True,
            allow_warnings=False,
            abort_on_first=False,
        )
    except ValueError as exc:
        if isinstance(data, TurboData) and str(exc).startswith("RDF parse error"):
            raise TurboDataError(f"{data.source}: {exc}") from exc
        raise
    return shacl_result(report, conforms=bool(conforms), origins=origins, engine=engine)


def shacl_result(
    report: Graph, *, conforms: bool | None = None, origins: dict[str, str] | None = None, engine: str = "pyshacl"
) -> CheckResult:
    """The issues of an engine's report graph, sorted (``conforms`` None: read from the report)."""
    if conforms is None:
        conforms = (None, SH.conforms, Literal(True)) in report
    issues = []
    for result in sorted(report.subjects(RDF.type, SH.ValidationResult), key=str):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        message = report.value(result, SH.resultMessage)
        component = report.value(result, SH.sourceConstraintComponent)
        issues.append(
            Issue(
                check="shacl",
                message=f"{message} ({short(component)})",
                focus=str(focus) if focus is not None else None,
                path=short(path, report) if path is not None else None,
                value=str(value) if value is not None else None,
                origin=(origins or {}).get(str(focus)),
            )
        )
    issues.sort(key=lambda i: (i.focus or "", i.path or "", i.message))
    summary = "conforms" if conforms else f"{len(issues)} violation(s)"
    if engine == "turbo":
        summary += f" ({TURBO_PIN.replace('==', ' ')})"
    elif engine == "jena":
        summary += f" ({JENA_VERSION})"
    return CheckResult("shacl", issues=issues, summary=summary, report=report)
