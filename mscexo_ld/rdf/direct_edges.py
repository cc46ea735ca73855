"""Direct edges: every n-ary ``mscexo:Regulation`` as the one RO triple other graphs query, in its own named graph.

Derived from the Regulations of the built graph, never curated twice, written as sorted N-Quads
(``direct-edges.nq``) in the graph ``https://w3id.org/mscexo/graph/direct``. For a regulation ``R``
of finding ``F`` with regulator ``s``, regulated ``o`` and the RO relation ``p`` that fits its two
ends (:func:`ends`, the reasons in docs/direct-edges.md)::

    s p o .
    R a rdf:Statement ; rdf:subject s ; rdf:predicate p ; rdf:object o ; prov:wasDerivedFrom F .
    F prov:hadPrimarySource <reference> .          # each cited study (mscexo:reportedIn)

The link back is a standard RDF reification whose statement node is the regulation itself: RDF
1.2 reifiers (``R rdf:reifies <<( s p o )>>``) and RDF-star are not readable by the whole chain
(rdflib 7.6 parses neither; pyoxigraph 0.5 and Jena 5.6 read RDF 1.2 but not RDF-star;
tests/test_aligned_queries.py checks that), and plain triples are read by every store.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld.rdf.canonical import sorted_nquads
from mscexo_ld.resources import DIRECT_EDGES_NAME

M = C.MSCEXO
OBO = "http://purl.obolibrary.org/obo/"
#: The file the direct edges are written to (beside ``mscexo.nt``); N-Quads carry their graph's name.
DIRECT_EDGES_FILE = DIRECT_EDGES_NAME

#: (regulator end, regulated end, direction) -> the RO relation (CURIE, label as in the pinned ro.obo).
#: Ends: "process" (a mscexo:Mechanism, a GO process or pathway) or "entity" (a material entity: a
#: gene product, a cargo molecule, an MSC-Exos preparation or cell therapy); "sponge" is a
#: lncRNA decreasing a miRNA (the ceRNA sponge: it binds the miRNA).
RELATIONS: dict[tuple[str, str, str], tuple[str, str]] = {
    ("process", "process", "Decreases"): ("RO:0002212", "negatively regulates"),
    ("process", "process", "Increases"): ("RO:0002213", "positively regulates"),
    ("entity", "process", "Decreases"): ("RO:0004035", "acts upstream of, negative effect"),
    ("entity", "process", "Increases"): ("RO:0004034", "acts upstream of, positive effect"),
    ("entity", "entity", "Decreases"): ("RO:0011016", "indirectly negatively regulates activity of"),
    ("entity", "entity", "Increases"): ("RO:0011013", "indirectly positively regulates activity of"),
    ("sponge", "entity", "Decreases"): ("RO:0002449", "directly negatively regulates activity of"),
    ("process", "entity", "Decreases"): ("RO:0002332", "regulates levels of"),
    ("process", "entity", "Increases"): ("RO:0002332", "regulates levels of"),
}


def ro(curie: str) -> URIRef:
    """The OBO PURL of an RO CURIE."""
    return URIRef(OBO + curie.replace(":", "_"))


def _end(graph: Graph, node: URIRef) -> str:
    return "process" if (node, RDF.type, M.Mechanism) in graph else "entity"


def ends(graph: Graph, regulation: URIRef) -> tuple[URIRef, URIRef, URIRef] | None:
    """(regulator, RO relation, regulated) of one regulation of ``graph`` (None when a part is missing)."""
    regulator, regulated = graph.value(regulation, M.regulator), graph.value(regulation, M.regulated)
    direction = graph.value(regulation, M.direction)
    if not isinstance(regulator, URIRef) or not isinstance(regulated, URIRef) or direction is None:
        return None
    first, second = _end(graph, regulator), _end(graph, regulated)
    way = str(direction).rsplit("#", 1)[-1]
    sponge = (regulator, RDF.type, M.LongNonCodingRNA) in graph and (regulated, RDF.type, M.MicroRNA) in graph
    found = RELATIONS.get(("sponge" if sponge and way == "Decreases" else first, second, way))
    return (regulator, ro(found[0]), regulated) if found else None


def direct_edges(graph: Graph) -> Graph:
    """The direct edges of every regulation of ``graph``, their reification and the findings' primary sources.

    The RO relations used are labelled (``rdfs:label`` as in RO), so the graph reads on its own.
    """
    g = Graph(identifier=iris.direct_graph())
    used = set()
    for finding, regulation in graph.subject_objects(M.regulation):
        edge = ends(graph, regulation) if isinstance(regulation, URIRef) else None
        if edge is None or not isinstance(regulation, URIRef):
            continue
        s, p, o = edge
        used.add(p)
        g.add((s, p, o))
        g.add((regulation, RDF.type, RDF.Statement))
        g.add((regulation, RDF.subject, s))
        g.add((regulation, RDF.predicate, p))
        g.add((regulation, RDF.object, o))
        g.add((regulation, PROV.wasDerivedFrom, finding))
    for finding, reference in graph.subject_objects(M.reportedIn):
        if (finding, RDF.type, M.Finding) in graph:
            g.add((finding, PROV.hadPrimarySource, reference))
    for curie, label in RELATIONS.values():
        if ro(curie) in used:
            g.add((ro(curie), RDFS.label, Literal(label)))
    return g


def nquads(graph: Graph) -> str:
    """The direct edges of ``graph`` as sorted N-Quads in their named graph (no blank nodes: byte-stable)."""
    return sorted_nquads(direct_edges(graph), iris.direct_graph())
