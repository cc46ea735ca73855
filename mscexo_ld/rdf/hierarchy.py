"""The hierarchy graph: the pinned closure (``data/hierarchy.tsv``) as RDF, its own file and named graph.

Each term of the closure gets its label (the reference index's) and one ``skos:broader`` edge per
direct parent. ``skos:broader`` and not ``rdfs:subClassOf``: the CellxGene artifacts behind
MONDO, UBERON and CL merge ``is_a`` and ``part_of`` parents without saying which (see
:mod:`mscexo_ld.curation.hierarchy`). A roll-up is ``?term skos:broader* <ancestor>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld.curation.hierarchy import HierarchyTerm, closed
from mscexo_ld.rdf.canonical import sorted_nquads
from mscexo_ld.resources import HIERARCHY_NAME

#: The file of the build (and of the package's shipped data) holding the closure.
HIERARCHY_FILE = HIERARCHY_NAME


def hierarchy_graph(terms: Iterable[HierarchyTerm]) -> Graph:
    """The closure's triples: a label and the broader (parent) terms of each term."""
    g = Graph()
    g.bind("skos", SKOS)
    for term in terms:
        node = URIRef(C.expand_curie(term.curie))
        g.add((node, RDFS.label, Literal(term.label)))
        for parent in term.parents:
            g.add((node, SKOS.broader, URIRef(C.expand_curie(parent))))
    return g


def closure_of(graph: Graph, closure: Mapping[str, HierarchyTerm]) -> list[HierarchyTerm]:
    """The terms of ``closure`` reachable from the MONDO, UBERON, CL and GO terms ``graph`` refers to.

    A term the graph maps but ``closure`` lacks is left out (``tests/test_hierarchy.py`` checks the
    release lacks none; ``scripts/refresh-hierarchy.py`` adds them).
    """
    objects = sorted({str(o) for o in graph.objects()})  # each value once: compressing is the cost
    todo = [c for c in (C.compress_iri(o) for o in objects) if c and closed(c)]
    seen: dict[str, HierarchyTerm] = {}
    while todo:
        curie = todo.pop()
        if curie in seen or curie not in closure:
            continue
        seen[curie] = closure[curie]
        todo.extend(closure[curie].parents)
    return [seen[c] for c in sorted(seen)]


def nquads(graph: Graph, closure: Mapping[str, HierarchyTerm]) -> str:
    """The hierarchy file: sorted N-Quads in the graph ``https://w3id.org/mscexo/graph/hierarchy``."""
    return sorted_nquads(hierarchy_graph(closure_of(graph, closure)), iris.hierarchy_graph())
