"""Release graph -> nanopublications: one per ``mscexo:Finding``, in TriG.

Each finding becomes a nanopublication following the nanopub schema
(``http://www.nanopub.org/nschema#``; guidelines: http://nanopub.org/guidelines/working_draft):

``<https://w3id.org/mscexo/np/F109#head>``
    the four head quads: ``N a np:Nanopublication ; np:hasAssertion A ;
    np:hasProvenance P ; np:hasPublicationInfo I`` and nothing else.
``…#assertion``
    what the finding states: every triple whose subject is the finding, and the triples of
    the nodes it owns (its ``mscexo:regulation`` and ``mscexo:producerModification``
    nodes), copied from the release graph. Labels and types of the entities the finding
    points at are *not* copied: they belong to the release, not to the assertion.
``…#provenance``
    ``A prov:wasDerivedFrom`` the review's DOI and the cited reference node(s);
    ``A cito:citesAsEvidence`` the reference(s); ``A prov:wasDerivedFrom <…#evidence>``, a
    ``prov:Entity`` whose ``prov:value`` is the verbatim evidence quote
    (``prov:wasQuotedFrom`` the DOI); and the reference nodes' own triples.
``…#pubinfo``
    ``N dct:created`` (the release date passed in, never read from the clock, as the
    ``xsd:dateTime`` ``YYYY-MM-DDT00:00:00+00:00``: nanopub-py writes ``dct:created`` as an ``xsd:dateTime``),
    ``dct:license`` (the data licence), ``dct:creator`` / ``prov:wasAttributedTo`` the
    software agent ``mscexo-ld``, ``npx:hasNanopubType mscexo:Finding``, a label, and
    ``prov:wasDerivedFrom`` the release dataset.

The nanopublication IRI is ``https://w3id.org/mscexo/np/<finding-id>`` and the graph IRIs are
that IRI plus ``#head``, ``#assertion``, ``#provenance``, ``#pubinfo``: deterministic, derived
from the finding's stable id. These are **not trusty URIs** and the nanopublications are **not
signed**: a trusty URI hashes the content, so it would change with every curation edit and could
not be derived from the finding id. Signing and trusty-URI transformation (e.g. with the
``nanopub`` tools) can be applied downstream before publishing to a nanopub server.

The TriG is written graph by graph from sorted N-Triples lines (rdflib's N-Triples serializer
does the escaping): nanopublications in natural order of finding id (F72 before F105), the
four graphs of each in the order head, assertion, provenance, pubinfo, and triples sorted in
code-point order, with LF line endings. The same graph and ``created`` date give
byte-identical output. Blank nodes are refused (a finding's parts have IRIs), so no
document-scoped blank-node label can clash between graphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD
from rdflib.term import Node

from mscexo_ld import constants as C
from mscexo_ld import iris

M = C.MSCEXO
NP = Namespace("http://www.nanopub.org/nschema#")
NPX = Namespace("http://purl.org/nanopub/x/")
CITO = Namespace("http://purl.org/spar/cito/")

#: Name of the release file.
NANOPUB_FILE = "mscexo.nanopubs.trig"
#: Name of the signed release file (``release --sign`` only).
SIGNED_NANOPUB_FILE = "mscexo.nanopubs.signed.trig"
#: Nanopublication IRIs: ``NP_BASE + <finding id>``.
NP_BASE = iris.NP_BASE
#: The software agent the nanopublications are attributed to.
SOFTWARE_AGENT = iris.software("mscexo-ld")
SOFTWARE_LABEL = "mscexo-ld"
#: A fixed placeholder (the date this exporter was written); a release passes its own date.
DEFAULT_CREATED = date(2026, 11, 27)

#: The graphs of one nanopublication, in the order they are written.
PARTS = iris.NANOPUB_GRAPHS
#: Predicates through which a finding owns further nodes that belong to its assertion.
PART_PREDICATES = (M.regulation, M.producerModification)


def nanopub_iri(finding_id: str) -> URIRef:
    """The nanopublication IRI of a finding.

    >>> str(nanopub_iri("F109"))
    'https://w3id.org/mscexo/np/F109'
    >>> str(nanopub_iri("F109")) + "#assertion" == str(graph_iri("F109", "assertion"))
    True
    """
    return iris.nanopub(finding_id)


def graph_iri(finding_id: str, part: str) -> URIRef:
    """The IRI of one graph (``head``, ``assertion``, ``provenance``, ``pubinfo``) of a nanopublication."""
    if part not in PARTS:
        raise ValueError(f"unknown nanopublication part {part!r}; expected one of {', '.join(PARTS)}")
    return iris.nanopub_part(finding_id, part)


def _natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key that orders digit runs numerically: F72 < F105 < F120a < F120b."""
    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", text))


def finding_ids(graph: Graph) -> list[str]:
    """Local ids of every ``mscexo:Finding`` in the graph, in natural order."""
    ids = []
    for node in set(graph.subjects(RDF.type, M.Finding)):
        parsed = iris.parse(node) if isinstance(node, URIRef) else None
        if parsed is None or parsed.kind != "finding":
            raise ValueError(f"finding {node!r} is not a finding IRI {iris.finding('ID')}")
        ids.append(str(parsed.key[0]))
    return sorted(ids, key=_natural_key)


def assertion_triples(graph: Graph, finding: URIRef) -> Iterator[tuple[Node, Node, Node]]:
    """The triples a finding states: its own, and those of its regulation / modification nodes."""
    seen: set[Node] = set()
    stack: list[Node] = [finding]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in graph.predicate_objects(node):
            if isinstance(o, BNode):
                raise ValueError(f"{node} {p}: blank node in a finding's assertion; give it an IRI")
            yield node, p, o
            if p in PART_PREDICATES:
                stack.append(o)


def _add_nanopub(ds: Dataset, graph: Graph, finding_id: str, created: date) -> None:
    finding = iris.finding(finding_id)
    n = nanopub_iri(finding_id)
    head, assertion, provenance, pubinfo = (ds.graph(graph_iri(finding_id, part)) for part in PARTS)
    a = assertion.identifier

    head.add((n, RDF.type, NP.Nanopublication))
    head.add((n, NP.hasAssertion, a))
    head.add((n, NP.hasProvenance, provenance.identifier))
    head.add((n, NP.hasPublicationInfo, pubinfo.identifier))

    for triple in assertion_triples(graph, finding):
        assertion.add(triple)

    review = URIRef(C.REVIEW_IRI)
    provenance.add((a, PROV.wasDerivedFrom, review))
    for reference in sorted(graph.objects(finding, M.reportedIn), key=str):
        provenance.add((a, PROV.wasDerivedFrom, reference))
        provenance.add((a, CITO.citesAsEvidence, reference))
        for p, o in graph.predicate_objects(reference):
            if isinstance(o, BNode):
                raise ValueError(f"{reference} {p}: blank node in a reference; give it an IRI")
            provenance.add((reference, p, o))
    quote = graph.value(finding, M.evidenceQuote)
    if quote is not None:
        evidence = iris.nanopub_part(finding_id, "evidence")
        provenance.add((a, PROV.wasDerivedFrom, evidence))
        provenance.add((evidence, RDF.type, PROV.Entity))
        provenance.add((evidence, PROV.value, quote))
        provenance.add((evidence, PROV.wasQuotedFrom, review))

    pubinfo.add((n, DCTERMS.created, created_literal(created)))
    pubinfo.add((n, DCTERMS.license, URIRef(C.DATA_LICENSE)))
    pubinfo.add((n, DCTERMS.creator, SOFTWARE_AGENT))
    pubinfo.add((n, PROV.wasAttributedTo, SOFTWARE_AGENT))
    pubinfo.add((n, PROV.wasDerivedFrom, iris.dataset()))
    pubinfo.add((n, NPX.hasNanopubType, M.Finding))
    pubinfo.add((n, RDFS.label, Literal(f"mscexo-ld nanopublication of finding {finding_id}")))
    pubinfo.add((SOFTWARE_AGENT, RDF.type, PROV.SoftwareAgent))
    pubinfo.add((SOFTWARE_AGENT, RDFS.label, Literal(SOFTWARE_LABEL)))


class SigningError(ValueError):
    """The nanopublications cannot be signed: the profile is missing, unreadable or has no usable key."""


def created_literal(created: date) -> Literal:
    """``dct:created`` of a nanopublication: the release date at midnight UTC, as nanopub-py's ``xsd:dateTime``.

    >>> created_literal(date(2026, 12, 1)).n3()
    '"2026-12-01T00:00:00+00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>'
    """
    return Literal(f"{created.isoformat()}T00:00:00+00:00", datatype=XSD.dateTime)


def nanopub_dataset(graph: Graph, *, created: date = DEFAULT_CREATED) -> Dataset:
    """One nanopublication (four named graphs) per ``mscexo:Finding`` of ``graph``."""
    ds = Dataset()
    for prefix, namespace in {
        **C.RDF_PREFIXES,
        "np": str(NP),
        "npx": str(NPX),
        "prov": str(PROV),
        "cito": str(CITO),
    }.items():
        ds.bind(prefix, namespace, override=True, replace=True)
    for finding_id in finding_ids(graph):
        _add_nanopub(ds, graph, finding_id, created)
    return ds


def _graph_key(identifier: Node) -> tuple[tuple[tuple[int, int, str], ...], int]:
    parsed = iris.parse(identifier) if isinstance(identifier, URIRef) else None
    if parsed is None or parsed.kind != "nanopub-part" or parsed.key[1] not in PARTS:
        raise ValueError(f"graph {identifier} is not a nanopublication graph under {NP_BASE}")
    finding_id, part = (str(k) for k in parsed.key)
    return _natural_key(finding_id), PARTS.index(part)


def _ntriples_lines(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    if isinstance(triples, Graph):  # a graph of the dataset: written as it is, not copied first
        g = triples
    else:
        g = Graph()
        for triple in triples:
            g.add(triple)
    text = g.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return sorted(line for line in text.splitlines() if line.strip())


def to_trig(ds: Dataset) -> str:
    """Byte-stable TriG: graphs in nanopublication order, triples as sorted N-Triples lines."""
    if len(ds.default_graph):
        raise ValueError("the default graph of a nanopublication dataset must be empty")
    graphs = [g for g in ds.graphs() if len(g) and g.identifier != DATASET_DEFAULT_GRAPH_ID]
    out = [
        "# mscexo-ld nanopublications: one per mscexo:Finding (mscexo_ld/export/nanopub.py).\n",
        "# Deterministic IRIs https://w3id.org/mscexo/np/<finding-id>#head|assertion|provenance|pubinfo;\n",
        "# not signed, no trusty URIs.\n",
    ]
    for g in sorted(graphs, key=lambda g: _graph_key(g.identifier)):
        if not isinstance(g.identifier, URIRef):
            raise ValueError(f"graph {g.identifier!r} has no IRI")
        out.append(f"\n{g.identifier.n3()} {{\n")
        out.extend(f"  {line}\n" for line in _ntriples_lines(g))
        out.append("}\n")
    return "".join(out)


def nanopub_files(graph: Graph, *, created: date = DEFAULT_CREATED) -> dict[str, str]:
    """The nanopublication release file: ``{"mscexo.nanopubs.trig": <TriG text>}``."""
    return {NANOPUB_FILE: to_trig(nanopub_dataset(graph, created=created))}


def export(graph: Graph, released: date | None = None) -> dict[str, bytes]:
    """The exporter (see :mod:`mscexo_ld.export.registry`): the TriG file as UTF-8, created ``released`` if given."""
    created = DEFAULT_CREATED if released is None else released
    return {name: text.encode("utf-8") for name, text in nanopub_files(graph, created=created).items()}


def _single(ds: Dataset, finding_id: str) -> Any:
    """One nanopublication of ``ds`` as a ConjunctiveGraph in nanopub-py's form (its IRI ``…/np/F109#``)."""
    from rdflib import ConjunctiveGraph

    n = nanopub_iri(finding_id)
    base = URIRef(f"{n}#")
    single = ConjunctiveGraph()
    for part in PARTS:
        name = graph_iri(finding_id, part)
        target = single.get_context(name)
        for s, p, o in ds.graph(name):
            target.add((base if s == n else s, p, base if o == n else o))
    return single


def sign_trig(trig: str, profile_path: Path) -> str:
    """The nanopublications of ``trig`` signed by nanopub-py with the key of the profile at ``profile_path``.

    Each gets an RSA signature (``npx:hasSignature`` … in its pubinfo graph) and a trusty URI.
    Offline: nanopub-py's network calls (fetching by URI, publishing) are never reached. Raises
    SigningError for a profile that cannot be read (missing, not a nanopub-py profile, no key).
    """
    import logging

    from rdflib import ConjunctiveGraph

    try:
        from nanopub.nanopub import Nanopub
        from nanopub.nanopub_conf import NanopubConf
        from nanopub.profile import ProfileError, load_profile
    except ImportError as exc:  # pragma: no cover - the package is a dependency of --sign
        raise SigningError(f"signing needs nanopub-py ({exc}); pip install 'nanopub==2.0.1'") from exc
    logging.getLogger("nanopub").setLevel(logging.WARNING)
    try:
        profile = load_profile(Path(profile_path))
    except (ProfileError, OSError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SigningError(f"{profile_path}: not a readable nanopub-py profile with a private key ({first})") from exc
    conf = NanopubConf(profile=profile)
    ds = Dataset()
    ds.parse(data=trig, format="trig")
    ids = sorted(
        {
            str(parsed.key[0])
            for n, _, _, _ in ds.quads((None, RDF.type, NP.Nanopublication, None))
            if (parsed := iris.parse(str(n)))
        },
        key=_natural_key,
    )
    out = ["# mscexo-ld nanopublications, signed with nanopub-py (mscexo_ld/export/nanopub.py sign_trig).\n"]
    for finding_id in ids:
        single = _single(ds, finding_id)
        np_ = Nanopub(rdf=single, conf=conf)
        try:
            np_.sign()
        except (ValueError, IndexError, TypeError) as exc:  # an unusable key: pycryptodome's errors
            raise SigningError(f"{profile_path}: cannot sign with its key ({exc})") from exc
        rdf: ConjunctiveGraph = np_.rdf
        out.append(f"\n# finding {finding_id}\n")
        for context in sorted(rdf.contexts(), key=lambda c: _part_rank(str(c.identifier))):
            if not len(context):
                continue
            out.append(f"\n{URIRef(str(context.identifier)).n3()} {{\n")
            out.extend(f"  {line}\n" for line in _ntriples_lines(context))
            out.append("}\n")
    return "".join(out)


def _part_rank(graph: str) -> tuple[int, str]:
    for rank, part in enumerate(PARTS):
        if graph.endswith(f"#{part}") or (part == "head" and graph.endswith("#Head")):
            return rank, graph
    return len(PARTS), graph
