"""Ontology quality control, as an OBO release pipeline runs it (ROBOT report style).

Checks on the ontology terms of our namespace, and on their use in the data:
labels (exactly one English ``rdfs:label``), definitions (``IAO:0000115``, the OBO definition
property), unique labels, no use of an undeclared ``mscexo:`` term, no punning (one IRI declared
as two kinds of entity), no deprecated term in use. Consistency and unsatisfiable classes are
the reasoner check's job.

Alignment: every term of ours has a mapping (``skos:exactMatch``, ``closeMatch``, ``broadMatch``,
``narrowMatch``, ``relatedMatch``) or a logical axiom (``rdfs:subClassOf``, ``rdfs:subPropertyOf``)
to a term of a maintained vocabulary, or states why none fits (``mscexo:unmappedReason``). Every
such external term is declared in the ontology with one label and an ``rdfs:isDefinedBy`` naming
one of :data:`PINNED_VOCABULARIES`: the pinned release each declaration was checked against
(``tests/test_ontology.py`` re-checks every label against those files; GO, CL, MONDO, UBERON, OBI
and ECO identifiers are also checked against the term cache by the identifiers check). What counts
as an alignment is :func:`mscexo_ld.export.ontology_mappings.alignments`, which the ontology's SSSOM
mapping set is written from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from mscexo_ld import constants as C
from mscexo_ld.export.ontology_mappings import DEFINITION, PINNED_VOCABULARIES, alignments
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
        if graph.value(term, DEFINITION) is None:
            issues.append(Issue("qc", "missing definition (IAO:0000115)", focus=str(term), path="IAO:0000115"))
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
    issues += alignment_issues(graph, declared)
    summary = (
        f"{len(declared)} ontology terms: labels, definitions, unique labels, declarations, punning, deprecation, "
        f"alignment; {len(issues)} problem(s)"
    )
    return CheckResult("qc", issues=issues, summary=summary)


def alignment_issues(graph: Graph, declared: Iterable[URIRef]) -> list[Issue]:
    """A term of ours with no mapping, axiom or stated reason; an external term used but not declared as pinned."""
    issues: list[Issue] = []
    external: dict[URIRef, URIRef] = {}
    for term in sorted(declared, key=str):
        found = alignments(graph, term)
        if not found and graph.value(term, C.MSCEXO.unmappedReason) is None:
            issues.append(
                Issue(
                    "qc",
                    "no mapping or axiom to a maintained vocabulary, and no mscexo:unmappedReason saying why none fits",
                    focus=str(term),
                )
            )
        for _name, target in found:
            external.setdefault(target, term)
    for target, user in sorted(external.items(), key=lambda kv: str(kv[0])):
        labels = list(graph.objects(target, RDFS.label))
        sources = [str(s) for s in graph.objects(target, RDFS.isDefinedBy)]
        if len(labels) != 1 or len(sources) != 1 or sources[0] not in PINNED_VOCABULARIES:
            issues.append(
                Issue(
                    "qc",
                    f"aligned to {target}, which the ontology does not declare with one rdfs:label and an "
                    f"rdfs:isDefinedBy naming a pinned vocabulary (found {len(labels)} label(s), "
                    f"isDefinedBy {sorted(sources) or 'none'})",
                    focus=str(user),
                    value=str(target),
                )
            )
    return issues
