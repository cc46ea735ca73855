"""SHACL validation with pySHACL (the reference engine)."""

from __future__ import annotations

from pathlib import Path

from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH

from .. import constants as C
from .report import CheckResult, Issue


def load_shapes(shapes_dir: Path = C.SHAPES_DIR) -> Graph:
    g = Graph()
    for path in sorted(shapes_dir.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


_PREFIXES = {**C.RDF_PREFIXES, "rdf": str(RDF), "sh": str(SH)}


def short(term: object, report: Graph | None = None) -> str:
    """A readable form of a term: a CURIE of a known prefix, ^path for an inverse path."""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in sorted(_PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if text.startswith(namespace) and prefix != "id":
                return f"{prefix}:{text[len(namespace):]}"
        return text
    if report is not None and isinstance(term, BNode):
        inverse = report.value(term, SH.inversePath)
        if inverse is not None:
            return "^" + short(inverse, report)
    return str(term)


def check_shacl(data: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None,
                origins: dict[str, str] | None = None) -> CheckResult:
    """Validate ``data`` (with ``ontology`` mixed in for class hierarchy) against the shapes."""
    shapes = shapes if shapes is not None else load_shapes()
    conforms, report, _text = pyshacl_validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True,
        allow_warnings=False, abort_on_first=False,
    )
    issues = []
    for result in sorted(report.subjects(RDF.type, SH.ValidationResult), key=str):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        message = report.value(result, SH.resultMessage)
        component = report.value(result, SH.sourceConstraintComponent)
        issues.append(Issue(
            check="shacl",
            message=f"{message} ({short(component)})",
            focus=str(focus) if focus is not None else None,
            path=short(path, report) if path is not None else None,
            value=str(value) if value is not None else None,
            origin=(origins or {}).get(str(focus)),
        ))
    issues.sort(key=lambda i: (i.focus or "", i.path or "", i.message))
    summary = "conforms" if conforms else f"{len(issues)} violation(s)"
    return CheckResult("shacl", issues=issues, summary=summary, report=report)
