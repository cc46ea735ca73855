"""A VoID / DCAT description of the release (``build/void.ttl``): size, classes, linksets."""

from __future__ import annotations

from collections import Counter

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, SKOS, XSD

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld.rdf.annotations import add_source_text

VOID = Namespace("http://rdfs.org/ns/void#")
VOID_FILE = "void.ttl"
DEFAULT_ENDPOINT = "http://127.0.0.1:7878/query"


def void_graph(graph: Graph, files: list[str], *, endpoint: str = DEFAULT_ENDPOINT, version: str = C.VERSION) -> Graph:
    """Describe ``graph``; ``files`` are the release files (data dumps), ``endpoint`` where ``serve`` answers."""
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    g.bind("dcterms", DCTERMS)
    ds = iris.dataset()
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("mscexo-ld: findings on MSC-derived exosomes", lang="en")))
    g.add(
        (
            ds,
            DCTERMS.description,
            Literal(
                "Every finding that the review by Ma et al. (World J Stem Cells 2020; 12(8): 814-840) attributes to a "
                "cited study, with standard identifiers, evidence quotes and the review's tables.",
                lang="en",
            ),
        )
    )
    g.add((ds, DCTERMS.source, URIRef(C.REVIEW_IRI)))
    add_source_text(g, ds)  # the normalised text the quote selectors count in, and its SHA-256
    g.add((ds, DCTERMS.license, URIRef(C.DATA_LICENSE)))
    g.add((ds, OWL.versionInfo, Literal(version)))
    g.add((ds, VOID.vocabulary, iris.vocabulary()))
    g.add((ds, VOID.sparqlEndpoint, URIRef(endpoint)))
    g.add((ds, VOID.uriSpace, Literal(C.ID_BASE)))
    g.add((ds, VOID.triples, Literal(len(graph), datatype=XSD.integer)))
    ours = {s for s in graph.subjects() if isinstance(s, URIRef) and iris.is_ours(s)}
    g.add((ds, VOID.entities, Literal(len(ours), datatype=XSD.integer)))
    classes = Counter(o for s, o in graph.subject_objects(RDF.type) if s in ours)
    g.add((ds, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    for cls, count in sorted(classes.items(), key=lambda kv: str(kv[0])):
        part = iris.dataset_class(str(cls).rsplit("#", 1)[-1].rsplit("/", 1)[-1])
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(count, datatype=XSD.integer)))
    links: Counter[tuple[str, URIRef]] = Counter()
    for predicate in (SKOS.exactMatch, SKOS.closeMatch):
        for s, o in graph.subject_objects(predicate):
            curie = C.compress_iri(str(o))
            if curie and s in ours:
                links[(curie.split(":", 1)[0], predicate)] += 1
    for (vocabulary, predicate), count in sorted(links.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        kind = "exact" if predicate == SKOS.exactMatch else "close"
        ls = iris.linkset(vocabulary, kind)
        g.add((ds, VOID.subset, ls))
        g.add((ls, RDF.type, VOID.Linkset))
        g.add((ls, VOID.subjectsTarget, ds))
        target = iris.linkset_target(vocabulary)
        g.add((ls, VOID.objectsTarget, target))
        g.add((ls, VOID.linkPredicate, predicate))
        g.add((ls, VOID.triples, Literal(count, datatype=XSD.integer)))
        g.add((target, RDF.type, VOID.Dataset))
        g.add((target, VOID.uriSpace, Literal(C.EXTERNAL_PREFIXES[vocabulary])))
        g.add((target, DCTERMS.title, Literal(vocabulary)))
    for name in sorted(files):
        dump = iris.release_file(version, name)
        g.add((ds, VOID.dataDump, dump))
        g.add((ds, DCAT.distribution, dump))
        g.add((dump, RDF.type, DCAT.Distribution))
        g.add((dump, DCAT.downloadURL, dump))
    return g
