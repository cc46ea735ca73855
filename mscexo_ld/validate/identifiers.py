"""Every external identifier in the graph: known, current, with the label the graph uses, and of the right kind.

The kind check: an entity of ours (``…/id/gene/PTEN``) may map only to the vocabularies that fit
its kind (``schema.MAPPING_VOCABULARIES``): a gene mapped to a GO process is an error.
"""

from __future__ import annotations

import re
from collections import Counter

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld import schema as S
from mscexo_ld.curation.terms import Term
from mscexo_ld.records import CARGO_TYPES
from mscexo_ld.validate.report import CheckResult, Issue

MAPPING_PREDICATES = (SKOS.exactMatch, SKOS.closeMatch)
_MIRBASE_SPECIES = re.compile(r"^[a-z]{3,4}-")
_CELLOSAURUS_SUFFIX = re.compile(r"\s*\[[^\]]*\]$")


def external_iris(graph: Graph) -> dict[str, str]:
    """External IRIs of the graph (any position) -> CURIE."""
    out: dict[str, str] = {}
    for s, _p, o in graph:
        for term in (s, o):
            if isinstance(term, URIRef) and str(term) not in out:
                curie = C.compress_iri(str(term))
                if curie:
                    out[str(term)] = curie
    return out


def _norm(label: str) -> str:
    return " ".join(label.split()).casefold()


def term_names(term: Term) -> set[str]:
    """The names a graph label may equal: label and synonyms, plus documented variants."""
    names = {term.label, *term.synonyms}
    if term.vocabulary in ("mirbase", "mirbase.mature"):
        names |= {_MIRBASE_SPECIES.sub("", n) for n in names}
    if term.vocabulary == "cellosaurus":
        names |= {_CELLOSAURUS_SUFFIX.sub("", n) for n in names}
    return {_norm(n) for n in names if n}


def graph_labels(graph: Graph, iri: URIRef) -> set[str]:
    """Labels of the external term in this graph: its own, and those of whatever maps to it."""
    nodes = {iri} | {s for p in MAPPING_PREDICATES for s in graph.subjects(p, iri)}
    labels = set()
    for node in nodes:
        for p in (RDFS.label, SKOS.altLabel):
            labels |= {str(o) for o in graph.objects(node, p)}
    return labels


def _cargo_type(graph: Graph, node: URIRef) -> str | None:
    for cls in graph.objects(node, RDF.type):
        local = str(cls)[len(str(C.MSCEXO)) :] if str(cls).startswith(str(C.MSCEXO)) else ""
        if local in CARGO_TYPES:
            return local
    return None


def kind_issues(graph: Graph, origins: dict[str, str] | None = None) -> list[Issue]:
    """A mapping whose vocabulary does not fit the kind of the entity mapped (schema.MAPPING_VOCABULARIES)."""
    issues: list[Issue] = []
    for p in MAPPING_PREDICATES:
        for s, o in sorted(graph.subject_objects(p)):
            parsed = iris.parse(str(s))
            curie = C.compress_iri(str(o)) if isinstance(o, URIRef) else None
            if parsed is None or parsed.kind != "entity" or not curie or not isinstance(s, URIRef):
                continue
            kind, ident = str(parsed.key[0]), str(parsed.key[1])
            prefix = curie.split(":", 1)[0]
            cargo_type = _cargo_type(graph, s) if kind == "cargo" else None
            expected = S.vocabulary_mismatch(prefix, kind, cargo_type)
            if expected is None:
                continue
            origin = (origins or {}).get(str(s))
            if origin and origin.endswith(")"):  # "FILE:LINE (record ID)": name the field too
                origin = f"{origin[:-1]}, field mappings)"
            issues.append(
                Issue(
                    "identifiers",
                    f"kind mismatch: {kind} {ident} maps to {curie} ({p.n3(graph.namespace_manager)}), a "
                    f"{prefix} identifier; {expected}",
                    focus=str(s),
                    value=curie,
                    origin=origin,
                )
            )
    return issues


def check_identifiers(graph: Graph, cache: dict[str, Term], origins: dict[str, str] | None = None) -> CheckResult:
    """Every external identifier of ``graph``: fitting its entity's kind, cached, current and labelled as cached."""
    issues: list[Issue] = []
    per_vocabulary: Counter[str] = Counter()
    iris = external_iris(graph)
    for iri_text, curie in sorted(iris.items(), key=lambda kv: kv[1]):
        iri = URIRef(iri_text)
        per_vocabulary[curie.split(":", 1)[0]] += 1
        users = sorted({str(s) for p in MAPPING_PREDICATES for s in graph.subjects(p, iri)})
        origin = "; ".join(o for o in ((origins or {}).get(u) for u in users) if o) or None
        focus = users[0] if users else iri_text
        if curie.split(":", 1)[0] in C.TEXT_VERIFIED_PREFIXES:
            local = curie.split(":", 1)[1]
            quotes = [str(q) for u in users for q in graph.objects(URIRef(u), C.MSCEXO.evidenceQuote)]
            if not users or not all(local in q for q in quotes) or not quotes:
                issues.append(
                    Issue(
                        "identifiers",
                        f"{curie} is not in the reference index, so it must occur in the "
                        "evidence quote of the record that maps to it (checked against the "
                        "review's text by the quote check); it does not",
                        focus=focus,
                        value=curie,
                        origin=origin,
                    )
                )
            continue
        term = cache.get(curie)
        if term is None:
            issues.append(
                Issue(
                    "identifiers",
                    f"{curie} is not in the pinned term cache ({C.TERM_CACHE_FILE.name}); "
                    "unknown identifier, or the cache needs `mscexo-ld terms --refresh`",
                    focus=focus,
                    value=curie,
                    origin=origin,
                )
            )
            continue
        if term.deprecated:
            repl = f"; replaced by {term.replaced_by}" if term.replaced_by else "; no replacement given"
            issues.append(
                Issue(
                    "identifiers",
                    f"{curie} ({term.label or 'no label'}) is deprecated in {term.source}{repl}",
                    focus=focus,
                    value=curie,
                    origin=origin,
                )
            )
            continue
        labels = graph_labels(graph, iri)
        if not any(_norm(label) in term_names(term) for label in labels):
            issues.append(
                Issue(
                    "identifiers",
                    f"label mismatch: {curie} is '{term.label}' in {term.source}, but the graph "
                    f"calls it {sorted(labels) or 'nothing'}; expected the term's label or a synonym "
                    "as rdfs:label or skos:altLabel",
                    focus=focus,
                    value=curie,
                    origin=origin,
                )
            )
    issues += kind_issues(graph, origins)  # after the term checks: one identifier's problems read in order
    counts = ", ".join(f"{v} {n}" for v, n in sorted(per_vocabulary.items()))
    return CheckResult(
        "identifiers",
        issues=issues,
        summary=f"{len(iris)} identifiers checked ({counts or 'none'}); {len(issues)} problem(s)",
    )
