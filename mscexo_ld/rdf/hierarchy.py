"""The hierarchy graph: the pinned closure (``data/hierarchy.tsv``) as RDF, its own file and named graph.

Each term of the closure gets its label (the reference index's) and one ``skos:broader`` edge per
direct parent. ``skos:broader`` and not ``rdfs:subClassOf``: the CellxGene artifacts behind
MONDO, UBERON and CL merge ``is_a`` and ``part_of`` parents without saying which (see
:mod:`mscexo_ld.curation.hierarchy`). A roll-up is ``?term skos:broader* <ancestor>``.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from mscexo_ld import constants as C
from mscexo_ld.curation.hierarchy import HierarchyTerm

#: The file of the build (and of the package's shipped data) holding the closure.
HIERARCHY_GRAPH_NAME = "hierarchy.nt"


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
