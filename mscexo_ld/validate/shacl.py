"""SHACL validation: pySHACL (the default and reference engine) or pyshacl-turbo (opt-in).

pyshacl-turbo is a Rust engine with pySHACL's API, pinned (``pip install 'mscexo-ld[turbo]'``)
and chosen only with ``engine="turbo"`` (``validate --shacl-engine turbo``); the tests compare
it with pySHACL on every shape case and on the release, so an upgrade that changes results fails.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, URIRef
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


ENGINES = ("pyshacl", "turbo")
TURBO_PIN = "pyshacl-turbo==0.6.5"


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
    data: Graph | Any,  # an rdflib Graph, or a pyoxigraph Store for pyshacl-turbo
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    origins: dict[str, str] | None = None,
    engine: str = "pyshacl",
) -> CheckResult:
    """Validate ``data`` (with ``ontology`` mixed in for class hierarchy) against the shapes."""
    shapes = shapes if shapes is not None else load_shapes()
    validate = pyshacl_validate if engine == "pyshacl" else turbo_validate()
    conforms, report, _text = validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        allow_warnings=False,
        abort_on_first=False,
    )
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
    if engine != "pyshacl":
        summary += f" ({TURBO_PIN.replace('==', ' ')})"
    return CheckResult("shacl", issues=issues, summary=summary, report=report)
