"""The dataset description (``build/void.ttl``): VoID, DCAT and the HCLS dataset description levels.

Three levels, as the W3C HCLS note "Dataset Descriptions: HCLS Community Profile" (2015) asks:

- **summary** ``…/id/dataset``: what the dataset is, whoever publishes it, under which licence,
  and its current version; no date, version or file (the note says NEVER for those);
- **version** ``…/id/dataset/{X.Y.Z}``: ``dct:isVersionOf`` the summary, ``pav:version``, the
  creator, the issued date of the release (passed in, never read from the clock: a build that
  is no release has none), its source (the review) and its distributions;
- **distribution** ``…/release/{X.Y.Z}/{file}``, one per release file: title, description,
  ``dct:format`` and ``dcat:mediaType`` (IANA media types), ``dcat:byteSize``, an SPDX SHA-256
  checksum, a licence, ``dcat:downloadURL``. The N-Triples file is also the ``void:Dataset``
  with the statistics (triples, entities, class partitions, linksets into each vocabulary)
  and the dumps of the whole graph.

``endpoint`` (a SPARQL endpoint) is written only when given, and a published description never
names a loopback address (:func:`check_public_url`). Download URLs default to the w3id IRIs of
the release files; ``download_base`` puts the files somewhere else.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from urllib.parse import urlsplit

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, SKOS, XSD

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld.rdf.annotations import add_source_text

VOID = Namespace("http://rdfs.org/ns/void#")
PAV = Namespace("http://purl.org/pav/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCTYPES = Namespace("http://purl.org/dc/dcmitype/")
VOID_FILE = "void.ttl"
HCLS_PROFILE = URIRef("http://www.w3.org/2001/sw/hcls/notes/hcls-dataset/")
IANA = "http://www.iana.org/assignments/media-types/"
ENGLISH = URIRef("http://lexvo.org/id/iso639-3/eng")
ONTOLOGY_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
#: The publisher and creator: the project, named by the root of its w3id namespace (its home page).
PUBLISHER = URIRef(C.ID_BASE.removesuffix("id/"))
PUBLISHER_NAME = "mscexo-ld developers"
TITLE = "mscexo-ld: findings on MSC-derived exosomes"
DESCRIPTION = (
    "Every finding that the review by Ma et al. (World J Stem Cells 2020; 12(8): 814-840) attributes to a "
    "cited study, with standard identifiers, evidence quotes and the review's tables."
)

#: Release file -> (media type, what it holds). A file not listed is described as plain bytes.
FILE_INFO: dict[str, tuple[str, str]] = {
    C.GRAPH_TTL: ("text/turtle", "the whole graph: ontology and data"),
    C.GRAPH_NT: ("application/n-triples", "the whole graph, one sorted triple a line"),
    C.GRAPH_JSONLD: ("application/ld+json", "the whole graph, compacted with the published context"),
    "context.jsonld": ("application/ld+json", "short keys for every term of the ontology"),
    C.ONTOLOGY_TTL: ("text/turtle", "the ontology alone"),
    "ontology.owl": ("application/rdf+xml", "the ontology alone, for OWL tools"),
    "direct-edges.nq": ("application/n-quads", "one RO triple per regulation, reified back to its finding"),
    "hierarchy.nq": ("application/n-quads", "labels and broader terms of the ancestors of the mapped terms"),
    "ontology-mappings.sssom.tsv": (
        "text/tab-separated-values",
        "every ontology term aligned to maintained vocabularies",
    ),
    "mscexo_kgx_nodes.tsv": ("text/tab-separated-values", "Biolink nodes under their standard CURIEs"),
    "mscexo_kgx_edges.tsv": ("text/tab-separated-values", "Biolink edges: one per regulation and per finding"),
    "mscexo.sssom.tsv": ("text/tab-separated-values", "every entity mapped to its standard identifier"),
    "mscexo_kgx_graph_metadata.json": ("application/json", "KGX graph metadata: Biolink version, counts, prefixes"),
    "mscexo.nanopubs.trig": ("application/trig", "one nanopublication per finding"),
    "mscexo.nanopubs.signed.trig": ("application/trig", "the nanopublications signed, with trusty URIs"),
    VOID_FILE: ("text/turtle", "the dataset description"),
    "CHANGES.md": ("text/markdown", "what changed since the previous release"),
    "SHA256SUMS": ("text/plain", "SHA-256 checksums of the release files"),
}
#: Files that hold the ontology (or only its terms): CC BY 4.0, as the ontology; everything else CC BY-NC 4.0.
ONTOLOGY_FILES = frozenset({C.ONTOLOGY_TTL, "ontology.owl", "context.jsonld", "ontology-mappings.sssom.tsv"})
#: The files that hold the whole graph (the ``void:dataDump`` of the RDF distribution).
GRAPH_FILES = (C.GRAPH_NT, C.GRAPH_TTL, C.GRAPH_JSONLD)


def check_public_url(url: str, what: str) -> str:
    """``url`` if it may be published: http(s), with a host that is not loopback; ValueError otherwise.

    >>> check_public_url("https://example.org/sparql", "--endpoint")
    'https://example.org/sparql'
    >>> check_public_url("http://127.0.0.1:7878/query", "--endpoint")
    Traceback (most recent call last):
    ...
    ValueError: --endpoint http://127.0.0.1:7878/query: a loopback address is never published; give the public URL
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{what} {url!r}: expected an http:// or https:// URL")
    host = parts.hostname.lower()
    try:
        loopback = ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        loopback = host == "localhost" or host.endswith(".localhost")
    if loopback:
        raise ValueError(f"{what} {url}: a loopback address is never published; give the public URL")
    return url


def void_prefixes() -> dict[str, Namespace]:
    """The prefixes the description is written with (beside ``constants.RDF_PREFIXES``)."""
    return {
        "void": VOID,
        "dcat": Namespace(str(DCAT)),
        "pav": PAV,
        "spdx": SPDX,
        "dctypes": DCTYPES,
        "foaf": Namespace(str(FOAF)),
    }


def media_type(name: str) -> str:
    """The IANA media type of a release file (``application/octet-stream`` when unknown)."""
    return FILE_INFO.get(name, ("application/octet-stream", ""))[0]


def _license(name: str) -> URIRef:
    return URIRef(ONTOLOGY_LICENSE if name in ONTOLOGY_FILES else C.DATA_LICENSE)


def _text(value: str) -> Literal:
    return Literal(value, lang="en")


def _statistics(g: Graph, node: URIRef, graph: Graph) -> None:
    """VoID statistics of ``graph`` on ``node``: size, entities, classes, linksets."""
    g.add((node, VOID.vocabulary, iris.vocabulary()))
    g.add((node, VOID.uriSpace, Literal(C.ID_BASE)))
    g.add((node, VOID.triples, Literal(len(graph), datatype=XSD.integer)))
    ours = {s for s in graph.subjects() if isinstance(s, URIRef) and iris.is_ours(s)}
    g.add((node, VOID.entities, Literal(len(ours), datatype=XSD.integer)))
    g.add((node, VOID.exampleResource, iris.finding("F109")))
    classes = Counter(o for s, o in graph.subject_objects(RDF.type) if s in ours)
    g.add((node, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    for cls, count in sorted(classes.items(), key=lambda kv: str(kv[0])):
        part = iris.dataset_class(str(cls).rsplit("#", 1)[-1].rsplit("/", 1)[-1])
        g.add((node, VOID.classPartition, part))
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
        g.add((node, VOID.subset, ls))
        g.add((ls, RDF.type, VOID.Linkset))
        g.add((ls, VOID.subjectsTarget, node))
        target = iris.linkset_target(vocabulary)
        g.add((ls, VOID.objectsTarget, target))
        g.add((ls, VOID.linkPredicate, predicate))
        g.add((ls, VOID.triples, Literal(count, datatype=XSD.integer)))
        g.add((target, RDF.type, VOID.Dataset))
        g.add((target, VOID.uriSpace, Literal(C.EXTERNAL_PREFIXES[vocabulary])))
        g.add((target, DCTERMS.title, Literal(vocabulary)))


def void_graph(
    graph: Graph,
    files: Mapping[str, bytes | str] | Iterable[str],
    *,
    version: str = C.VERSION,
    issued: date | None = None,
    endpoint: str | None = None,
    download_base: str | None = None,
) -> Graph:
    """Describe ``graph`` and its release ``files`` (name -> content; bare names get no size or checksum).

    ``issued``: the release date (None for a build, which is no release). ``endpoint``: a public
    SPARQL endpoint, written only when given. ``download_base``: where the files are downloaded
    from (``{download_base}{name}``); by default their w3id IRIs. Loopback URLs raise ValueError.
    """
    if endpoint is not None:
        check_public_url(endpoint, "endpoint")
    if download_base is not None:
        check_public_url(download_base, "download base")
    contents: dict[str, bytes | None] = (
        {n: (c.encode("utf-8") if isinstance(c, str) else c) for n, c in files.items()}
        if isinstance(files, Mapping)
        else dict.fromkeys(files)
    )
    g = Graph()
    for prefix, ns in void_prefixes().items():
        g.bind(prefix, ns)
    summary, current = iris.dataset(), iris.dataset_version(version)

    g.add((PUBLISHER, RDF.type, FOAF.Organization))
    g.add((PUBLISHER, FOAF.name, Literal(PUBLISHER_NAME)))

    # Summary level: no date, version or distribution.
    g.add((summary, RDF.type, DCTYPES.Dataset))
    g.add((summary, DCTERMS.title, _text(TITLE)))
    g.add((summary, DCTERMS.description, _text(DESCRIPTION)))
    g.add((summary, DCTERMS.publisher, PUBLISHER))
    g.add((summary, DCTERMS.license, URIRef(C.DATA_LICENSE)))
    g.add((summary, FOAF.page, PUBLISHER))
    g.add((summary, PAV.hasCurrentVersion, current))

    # Version level.
    g.add((current, RDF.type, DCTYPES.Dataset))
    g.add((current, RDF.type, DCAT.Dataset))
    g.add((current, DCTERMS.title, _text(f"{TITLE}, release {version}")))
    g.add((current, DCTERMS.description, _text(DESCRIPTION)))
    g.add((current, DCTERMS.isVersionOf, summary))
    g.add((current, PAV.version, Literal(version)))
    g.add((current, OWL.versionInfo, Literal(version)))
    g.add((current, DCTERMS.creator, PUBLISHER))
    g.add((current, DCTERMS.publisher, PUBLISHER))
    g.add((current, DCTERMS.license, URIRef(C.DATA_LICENSE)))
    g.add((current, DCTERMS.source, URIRef(C.REVIEW_IRI)))
    add_source_text(g, current)  # the normalised text the quote selectors count in, and its SHA-256
    g.add((current, DCTERMS.language, ENGLISH))
    g.add((current, DCTERMS.conformsTo, HCLS_PROFILE))
    g.add((current, DCAT.landingPage, PUBLISHER))
    if issued is not None:
        g.add((current, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))

    # Distribution level: one per file.
    for name in sorted(contents):
        dist = iris.release_file(version, name)
        kind, what = FILE_INFO.get(name, ("application/octet-stream", name))
        g.add((current, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, _text(name)))
        g.add((dist, DCTERMS.description, _text(f"{what} (release {version})")))
        g.add((dist, DCTERMS.format, URIRef(IANA + kind)))
        g.add((dist, DCAT.mediaType, URIRef(IANA + kind)))
        g.add((dist, DCTERMS.creator, PUBLISHER))
        g.add((dist, DCTERMS.publisher, PUBLISHER))
        g.add((dist, DCTERMS.license, _license(name)))
        g.add((dist, PAV.version, Literal(version)))
        g.add((dist, DCAT.downloadURL, URIRef(f"{download_base}{name}") if download_base else dist))
        if issued is not None:
            g.add((dist, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))
        content = contents[name]
        if content is not None:
            g.add((dist, DCAT.byteSize, Literal(len(content), datatype=XSD.nonNegativeInteger)))
            checksum = BNode()
            g.add((dist, SPDX.checksum, checksum))
            g.add((checksum, RDF.type, SPDX.Checksum))
            g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            g.add((checksum, SPDX.checksumValue, Literal(hashlib.sha256(content).hexdigest(), datatype=XSD.hexBinary)))

    # The RDF distribution: the N-Triples file is the void:Dataset of the statistics.
    rdf = iris.release_file(version, C.GRAPH_NT)
    g.add((rdf, RDF.type, VOID.Dataset))
    g.add((rdf, VOID.inDataset, current))
    g.add((rdf, DCTERMS.conformsTo, iris.ontology()))
    for name in GRAPH_FILES:
        if name in contents:
            g.add(
                (
                    rdf,
                    VOID.dataDump,
                    URIRef(f"{download_base}{name}") if download_base else iris.release_file(version, name),
                )
            )
    if endpoint is not None:
        g.add((rdf, VOID.sparqlEndpoint, URIRef(endpoint)))
    _statistics(g, rdf, graph)
    return g
