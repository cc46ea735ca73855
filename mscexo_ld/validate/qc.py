"""Ontology quality control, as an OBO release pipeline runs it (ROBOT report style).

Checks on the ontology terms of our namespace, and on their use in the data:
labels (exactly one English ``rdfs:label``), definitions (``skos:definition``), unique labels,
no use of an undeclared ``mscexo:`` term, no punning (one IRI declared as two kinds of
entity), no deprecated term in use. Consistency and unsatisfiable classes are the reasoner
check's job.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from mscexo_ld import constants as C
from mscexo_ld.validate.report import CheckResult, Issue

DECLARATIONS = {
    OWL.Class: "class",
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
    OWL.AnnotationProperty: "annotation property",
    OWL.NamedIndividual: "named individual",
}


def _ours(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(C.MSCEXO))


def check_qc(graph: Graph) -> CheckResult:
    """Ontology QC of the terms of our namespace and their use in ``graph`` (see the module docstring)."""
    issues: list[Issue] = []
    declared: dict[URIRef, set[str]] = defaultdict(set)
    for kind, name in DECLARATIONS.items():
        for term in graph.subjects(RDF.type, kind):
            if _ours(term):
                declared[term].add(name)  # type: ignore[index]
    for term, kinds in sorted(declared.items(), key=lambda kv: str(kv[0])):
        labels = [o for o in graph.objects(term, RDFS.label) if isinstance(o, Literal) and o.language == "en"]
        if len(labels) != 1 or len(list(graph.objects(term, RDFS.label))) != 1:
            issues.append(
                Issue(
                    "qc",
                    f"expected exactly one English rdfs:label, found {len(list(graph.objects(term, RDFS.label)))} "
                    f"label(s), {len(labels)} in English",
                    focus=str(term),
                    path="rdfs:label",
                )
            )
        if graph.value(term, SKOS.definition) is None:
            issues.append(Issue("qc", "missing definition (skos:definition)", focus=str(term), path="skos:definition"))
        punned = kinds - {"named individual"} if kinds == {"named individual"} else kinds
        if len(punned) > 1:
            issues.append(Issue("qc", f"punning: declared as {' and '.join(sorted(kinds))}", focus=str(term)))
    by_label: dict[str, list[URIRef]] = defaultdict(list)
    for term in declared:
        for label in graph.objects(term, RDFS.label):
            by_label[str(label).casefold()].append(term)
    for label_text, terms in sorted(by_label.items()):
        if len(set(terms)) > 1:
            issues.append(
                Issue(
                    "qc",
                    f"label {label_text!r} shared by {len(set(terms))} terms: "
                    + ", ".join(sorted(str(t) for t in set(terms))),
                    focus=str(sorted(terms, key=str)[0]),
                )
            )
    used: set[URIRef] = set()
    for s, p, o in graph:
        used.update(t for t in (s, p, o) if _ours(t))  # type: ignore[misc]
    undeclared = sorted((t for t in used if t not in declared and t != URIRef(str(C.MSCEXO))), key=str)
    for term in undeclared:
        issues.append(
            Issue("qc", "reference to a term of our namespace that the ontology does not declare", focus=str(term))
        )
    deprecated = {t for t in declared if graph.value(t, OWL.deprecated) == Literal(True)}
    for term in sorted(deprecated, key=str):
        users = [s for s, p, o in graph if term in (p, o) and isinstance(s, URIRef) and str(s).startswith(C.ID_BASE)]
        if users:
            replacement = graph.value(term, URIRef("http://purl.org/dc/terms/isReplacedBy"))
            issues.append(
                Issue(
                    "qc",
                    f"deprecated term in use by {len(users)} record(s)"
                    + (f"; use {replacement}" if replacement else ""),
                    focus=str(term),
                    value=str(sorted(users, key=str)[0]),
                )
            )
    summary = (
        f"{len(declared)} ontology terms: labels, definitions, unique labels, declarations, punning, deprecation; "
        f"{len(issues)} problem(s)"
    )
    return CheckResult("qc", issues=issues, summary=summary)
