"""The IRI scheme, in one place: mint the IRI of every kind of resource, and parse it back.

(Over 400 lines because it is the one place: every IRI the project publishes is made here.)
Every IRI the project publishes is made here and nowhere else. By kind, the key (what
:func:`parse` returns and :func:`mint` takes) and the IRI:

- ``dataset`` ``()``: ``https://w3id.org/mscexo/id/dataset``
- ``graph`` ``()``: ``https://w3id.org/mscexo/graph`` (the named graph ``load`` fills)
- ``direct-graph`` ``()``: ``https://w3id.org/mscexo/graph/direct`` (the direct RO edges)
- ``hierarchy-graph`` ``()``: ``https://w3id.org/mscexo/graph/hierarchy`` (the ancestors of the mapped terms)
- ``ontology`` ``()``: ``https://w3id.org/mscexo/ontology``
- ``ontology-version`` ``(version,)``: ``…/ontology/{version}``
- ``vocabulary`` ``()``: ``https://w3id.org/mscexo/ontology#`` (its namespace)
- ``term`` ``(local,)``: ``https://w3id.org/mscexo/ontology#{local}``
- ``finding`` ``(id,)``: ``https://w3id.org/mscexo/id/finding/{id}``
- ``regulation`` ``(id, n)``: ``…/finding/{id}/regulation/{n}`` (n from 1)
- ``modification`` ``(id, n)``: ``…/finding/{id}/modification/{n}``
- ``finding-edge`` ``(id,)``: ``…/finding/{id}/condition`` (the KGX agent -> condition edge)
- ``reference`` ``(number,)``: ``https://w3id.org/mscexo/id/reference/{number}``
- ``entity`` ``(kind, id)``: ``https://w3id.org/mscexo/id/{kind}/{id}`` (kind: gene, cargo …)
- ``taxon`` ``(curie,)``: the NCBITaxon PURL (species are not nodes of ours)
- ``table-record`` ``(table, id)``: ``https://w3id.org/mscexo/id/{segment}/{id}`` (per table)
- ``quote`` ``(segment, id, n)``: ``…/{segment}/{id}/quote/{n}`` (the Web Annotation of excerpt n of a quote)
- ``quote-part`` ``(segment, id, n, part)``: ``…/quote/{n}#{target|text-quote|text-position}``
- ``source-text`` ``()``: ``…/id/dataset/source-text`` (the review's normalised text)
- ``software`` ``(name,)``: ``https://w3id.org/mscexo/id/software/{name}``
- ``dataset-version`` ``(version,)``: ``…/id/dataset/{version}`` (the HCLS version level)
- ``dataset-class`` ``(local,)``: ``…/id/dataset/class/{local}`` (VoID class partition)
- ``linkset`` ``(vocabulary, match)``: ``…/id/dataset/linkset/{vocabulary}-{exact|close}``
- ``linkset-target`` ``(vocabulary,)``: ``…/id/dataset/target/{vocabulary}``
- ``release-file`` ``(version, file)``: ``https://w3id.org/mscexo/release/{version}/{file}``
- ``mapping-set`` ``(file,)``: ``https://w3id.org/mscexo/mappings/{file}``
- ``nanopub`` ``(id,)``: ``https://w3id.org/mscexo/np/{finding id}``
- ``nanopub-part`` ``(id, part)``: ``…/np/{finding id}#{head|assertion|provenance|pubinfo|evidence}``

:func:`parse` is the inverse of :func:`mint`: ``parse(mint(p)) == p`` for every valid
:class:`Parsed` ``p``, and ``mint(parse(iri)) == iri`` for every IRI ``parse`` accepts
(tests/test_iris.py checks both, the second on every IRI of the built release).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from rdflib import URIRef

from mscexo_ld import constants as C
from mscexo_ld.records import ENTITY_KINDS

#: Identifiers of curated records (the loader's ``ID_PATTERN``): never a ``/`` or ``#``.
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")  # an ontology term's or a class partition's local name
_VERSION = re.compile(r"\d+\.\d+\.\d+")
_VOCABULARY = re.compile(r"[A-Za-z][A-Za-z0-9.]*")  # a CURIE prefix (no "-": linksets split on it)
_ORDINAL = re.compile(r"[1-9][0-9]*")
_TAXON_PREFIX = "NCBITaxon"

NP_BASE = "https://w3id.org/mscexo/np/"
RELEASE_BASE = "https://w3id.org/mscexo/release/"
MAPPINGS_BASE = "https://w3id.org/mscexo/mappings/"

#: Entity kinds that are nodes of ours (file stems in data/entities/ and first path segment).
ENTITY_SEGMENTS: tuple[str, ...] = tuple(kind for kind, cls in ENTITY_KINDS.items() if cls)
#: Table (file stem in data/tables/) -> the first path segment of its records' IRIs.
TABLE_SEGMENTS: dict[str, str] = {
    "ev-types": "ev-type",
    "isolation-methods": "isolation-method",
    "clinical-trials": "clinical-trial",
    "isct-criteria": "criteria",
    "characterization-methods": "characterization-method",
    "lists": "list",
}
_TABLE_OF_SEGMENT = {segment: table for table, segment in TABLE_SEGMENTS.items()}
#: Every first path segment of a record IRI under ``ID_BASE`` (the KGX / SSSOM CURIE prefixes).
RECORD_SEGMENTS: tuple[str, ...] = tuple(sorted({*ENTITY_SEGMENTS, *TABLE_SEGMENTS.values(), "finding", "reference"}))
#: The parts a finding owns (``…/finding/F109/regulation/1``).
FINDING_PARTS = ("regulation", "modification")
#: The graphs of a nanopublication, in the order they are written, and its evidence node.
NANOPUB_GRAPHS = ("head", "assertion", "provenance", "pubinfo")
NANOPUB_PARTS = (*NANOPUB_GRAPHS, "evidence")
LINKSET_MATCHES = ("exact", "close")
#: Records whose evidence quotes are annotated (findings and table records), and the parts of an annotation.
QUOTE_SEGMENTS: tuple[str, ...] = ("finding", *TABLE_SEGMENTS.values())
QUOTE_PARTS = ("target", "text-quote", "text-position")
DIRECT_GRAPH_IRI = f"{C.GRAPH_IRI}/direct"
HIERARCHY_GRAPH_IRI = f"{C.GRAPH_IRI}/hierarchy"


class Parsed(NamedTuple):
    """What an IRI names: its ``kind`` and the ``key`` that, with the kind, mints it again."""

    kind: str
    key: tuple[str | int, ...] = ()


def _check(value: str, pattern: re.Pattern[str], what: str) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise ValueError(f"{value!r} is not {what} (pattern {pattern.pattern})")
    return value


def _id(value: str) -> str:
    return _check(value, ID_PATTERN, "a record id")


def _ordinal(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{value!r} is not a positive integer")
    return value


def _one_of(value: str, allowed: tuple[str, ...] | dict[str, str], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; expected one of {', '.join(allowed)}")
    return value


# ----------------------------------------------------------------------------- minting


def dataset() -> URIRef:
    """The release dataset (``dcat:Dataset``, ``void:Dataset``)."""
    return URIRef(C.DATASET_IRI)


def graph() -> URIRef:
    """The named graph that ``load`` and ``serve --server virtuoso`` fill."""
    return URIRef(C.GRAPH_IRI)


def direct_graph() -> URIRef:
    """The named graph of the direct regulation edges (RO relations, reified back to their findings)."""
    return URIRef(DIRECT_GRAPH_IRI)


def hierarchy_graph() -> URIRef:
    """The named graph of the hierarchy closure (labels and broader terms of the mapped MONDO, UBERON, CL, GO terms)."""
    return URIRef(HIERARCHY_GRAPH_IRI)


def ontology() -> URIRef:
    """The ontology."""
    return URIRef(C.ONTOLOGY_IRI)


def ontology_version(version: str) -> URIRef:
    """The ``owl:versionIRI`` of a released ontology."""
    return URIRef(f"{C.ONTOLOGY_IRI}/{_check(version, _VERSION, 'a version X.Y.Z')}")


def vocabulary() -> URIRef:
    """The ontology's namespace, ``https://w3id.org/mscexo/ontology#`` (VoID's ``void:vocabulary``)."""
    return URIRef(str(C.MSCEXO))


def term(local: str) -> URIRef:
    """A class, property or individual of the ontology (``mscexo:Finding``)."""
    return URIRef(f"{C.MSCEXO}{_check(local, _LOCAL, 'a local name')}")


def finding(finding_id: str) -> URIRef:
    """A finding.

    >>> str(finding("F109"))
    'https://w3id.org/mscexo/id/finding/F109'
    """
    return URIRef(f"{C.ID_BASE}finding/{_id(finding_id)}")


def regulation(finding_id: str, number: int) -> URIRef:
    """The ``number``-th regulation of a finding (from 1, in curated order)."""
    return URIRef(f"{finding(finding_id)}/regulation/{_ordinal(number)}")


def modification(finding_id: str, number: int) -> URIRef:
    """The ``number``-th producer modification of a finding (from 1, in curated order)."""
    return URIRef(f"{finding(finding_id)}/modification/{_ordinal(number)}")


def finding_edge(finding_id: str) -> URIRef:
    """The id of a finding's agent -> condition edge in the KGX export (not a node of the graph)."""
    return URIRef(f"{finding(finding_id)}/condition")


def reference(number: int) -> URIRef:
    """A reference of the review, by its number.

    >>> str(reference(109))
    'https://w3id.org/mscexo/id/reference/109'
    """
    return URIRef(f"{C.ID_BASE}reference/{_ordinal(number)}")


def entity(kind: str, entity_id: str) -> URIRef:
    """An entity of ours (species are external: see :func:`taxon`).

    >>> str(entity("gene", "PTEN"))
    'https://w3id.org/mscexo/id/gene/PTEN'
    """
    return URIRef(f"{C.ID_BASE}{_one_of(kind, ENTITY_SEGMENTS, 'entity kind')}/{_id(entity_id)}")


def taxon(curie: str) -> URIRef:
    """A species: the NCBITaxon PURL of its CURIE (``NCBITaxon:9606``)."""
    prefix, _, local = curie.partition(":")
    if prefix != _TAXON_PREFIX or not local.isascii() or not local.isdigit():
        raise ValueError(f"{curie!r} is not an NCBITaxon CURIE")
    return URIRef(C.expand_curie(curie))


def table_record(table: str, record_id: str) -> URIRef:
    """A record of one of the review's tables, by table (file stem) and id.

    >>> str(table_record("clinical-trials", "NCT04276987"))
    'https://w3id.org/mscexo/id/clinical-trial/NCT04276987'
    """
    return URIRef(f"{C.ID_BASE}{TABLE_SEGMENTS[_one_of(table, TABLE_SEGMENTS, 'table')]}/{_id(record_id)}")


def quote(segment: str, record_id: str, number: int) -> URIRef:
    """The Web Annotation of excerpt ``number`` (from 1) of the evidence quote of a finding or table record."""
    segment = _one_of(segment, QUOTE_SEGMENTS, "quoting record segment")
    return URIRef(f"{C.ID_BASE}{segment}/{_id(record_id)}/quote/{_ordinal(number)}")


def quote_part(segment: str, record_id: str, number: int, part: str) -> URIRef:
    """The target (``oa:SpecificResource``) or a selector of a quote's annotation."""
    return URIRef(f"{quote(segment, record_id, number)}#{_one_of(part, QUOTE_PARTS, 'annotation part')}")


def source_text() -> URIRef:
    """The review's text as the quote selectors count it (normalised; its SHA-256 in the VoID description)."""
    return URIRef(f"{C.DATASET_IRI}/source-text")


def software(name: str) -> URIRef:
    """A software agent (the nanopublications are attributed to ``mscexo-ld``)."""
    return URIRef(f"{C.ID_BASE}software/{_id(name)}")


def dataset_version(version: str) -> URIRef:
    """One release of the dataset (the version level of the HCLS dataset description)."""
    return URIRef(f"{C.DATASET_IRI}/{_check(version, _VERSION, 'a version X.Y.Z')}")


def dataset_class(local: str) -> URIRef:
    """The VoID class partition of the dataset for one class (by its local name)."""
    return URIRef(f"{C.DATASET_IRI}/class/{_check(local, _LOCAL, 'a local name')}")


def linkset(vocabulary: str, match: str) -> URIRef:
    """The VoID linkset of the ``exact`` or ``close`` matches into one vocabulary (a CURIE prefix)."""
    vocabulary = _check(vocabulary, _VOCABULARY, "a vocabulary prefix")
    return URIRef(f"{C.DATASET_IRI}/linkset/{vocabulary}-{_one_of(match, LINKSET_MATCHES, 'match')}")


def linkset_target(vocabulary: str) -> URIRef:
    """The VoID dataset standing for a vocabulary the linksets point into."""
    return URIRef(f"{C.DATASET_IRI}/target/{_check(vocabulary, _VOCABULARY, 'a vocabulary prefix')}")


def release_file(version: str, name: str) -> URIRef:
    """The download IRI of one file of a release."""
    return URIRef(f"{RELEASE_BASE}{_check(version, _VERSION, 'a version X.Y.Z')}/{_id(name)}")


def mapping_set(name: str) -> URIRef:
    """The SSSOM ``mapping_set_id`` of a mapping file."""
    return URIRef(f"{MAPPINGS_BASE}{_id(name)}")


def nanopub(finding_id: str) -> URIRef:
    """The nanopublication of a finding (not a trusty URI: derived from the finding id).

    >>> str(nanopub("F109"))
    'https://w3id.org/mscexo/np/F109'
    """
    return URIRef(f"{NP_BASE}{_id(finding_id)}")


def nanopub_part(finding_id: str, part: str) -> URIRef:
    """A graph (``head``, ``assertion``, ``provenance``, ``pubinfo``) or the ``evidence`` node of a nanopublication."""
    return URIRef(f"{nanopub(finding_id)}#{_one_of(part, NANOPUB_PARTS, 'nanopublication part')}")


#: kind -> the function that mints it from the key.
MINTERS: dict[str, Callable[..., URIRef]] = {
    "dataset": dataset,
    "graph": graph,
    "direct-graph": direct_graph,
    "hierarchy-graph": hierarchy_graph,
    "ontology": ontology,
    "ontology-version": ontology_version,
    "vocabulary": vocabulary,
    "term": term,
    "finding": finding,
    "regulation": regulation,
    "modification": modification,
    "finding-edge": finding_edge,
    "reference": reference,
    "entity": entity,
    "taxon": taxon,
    "table-record": table_record,
    "quote": quote,
    "quote-part": quote_part,
    "source-text": source_text,
    "software": software,
    "dataset-version": dataset_version,
    "dataset-class": dataset_class,
    "linkset": linkset,
    "linkset-target": linkset_target,
    "release-file": release_file,
    "mapping-set": mapping_set,
    "nanopub": nanopub,
    "nanopub-part": nanopub_part,
}


def mint(parsed: Parsed) -> URIRef:
    """The IRI of ``parsed`` (the inverse of :func:`parse`).

    >>> str(mint(Parsed("regulation", ("F109", 1))))
    'https://w3id.org/mscexo/id/finding/F109/regulation/1'
    """
    try:
        minter = MINTERS[parsed.kind]
    except KeyError:
        raise ValueError(f"unknown IRI kind {parsed.kind!r}") from None
    return minter(*parsed.key)


# ----------------------------------------------------------------------------- parsing


def _fits(value: str, pattern: re.Pattern[str]) -> bool:
    return pattern.fullmatch(value) is not None


def _parse_id_base(path: list[str]) -> Parsed | None:
    if len(path) == 4 and path[0] in QUOTE_SEGMENTS and path[2] == "quote":
        if _fits(path[1], ID_PATTERN) and _fits(path[3].partition("#")[0], _ORDINAL):
            head, hash_, part = path[3].partition("#")
            if not hash_:
                return Parsed("quote", (path[0], path[1], int(head)))
            return Parsed("quote-part", (path[0], path[1], int(head), part)) if part in QUOTE_PARTS else None
        return None
    if len(path) == 2 and _fits(path[1], ID_PATTERN):
        segment, ident = path
        if segment == "finding":
            return Parsed("finding", (ident,))
        if segment == "reference":
            return Parsed("reference", (int(ident),)) if _fits(ident, _ORDINAL) else None
        if segment == "software":
            return Parsed("software", (ident,))
        if segment in ENTITY_SEGMENTS:
            return Parsed("entity", (segment, ident))
        if segment in _TABLE_OF_SEGMENT:
            return Parsed("table-record", (_TABLE_OF_SEGMENT[segment], ident))
        return None
    if len(path) >= 3 and path[0] == "finding" and _fits(path[1], ID_PATTERN):
        if len(path) == 3 and path[2] == "condition":
            return Parsed("finding-edge", (path[1],))
        if len(path) == 4 and path[2] in FINDING_PARTS and _fits(path[3], _ORDINAL):
            return Parsed(path[2], (path[1], int(path[3])))
    return None


def _parse_dataset_part(rest: str) -> Parsed | None:
    if rest == "source-text":
        return Parsed("source-text")
    section, slash, name = rest.partition("/")
    if not slash and _fits(section, _VERSION):
        return Parsed("dataset-version", (section,))
    if section == "class" and _fits(name, _LOCAL):
        return Parsed("dataset-class", (name,))
    if section == "target" and _fits(name, _VOCABULARY):
        return Parsed("linkset-target", (name,))
    if section == "linkset":
        vocabulary, _, match = name.rpartition("-")
        if _fits(vocabulary, _VOCABULARY) and match in LINKSET_MATCHES:
            return Parsed("linkset", (vocabulary, match))
    return None


def _parse_ontology(iri: str) -> Parsed | None:
    if iri == C.ONTOLOGY_IRI:
        return Parsed("ontology")
    if iri == str(C.MSCEXO):
        return Parsed("vocabulary")
    if iri.startswith(str(C.MSCEXO)):
        local = iri[len(str(C.MSCEXO)) :]
        return Parsed("term", (local,)) if _fits(local, _LOCAL) else None
    version = iri[len(C.ONTOLOGY_IRI) + 1 :]
    if iri.startswith(C.ONTOLOGY_IRI + "/") and _fits(version, _VERSION):
        return Parsed("ontology-version", (version,))
    return None


def _parse_other(iri: str) -> Parsed | None:
    if iri.startswith(NP_BASE):
        ident, hash_, part = iri[len(NP_BASE) :].partition("#")
        if not _fits(ident, ID_PATTERN):
            return None
        if not hash_:
            return Parsed("nanopub", (ident,))
        return Parsed("nanopub-part", (ident, part)) if part in NANOPUB_PARTS else None
    if iri.startswith(RELEASE_BASE):
        version, _, name = iri[len(RELEASE_BASE) :].partition("/")
        return Parsed("release-file", (version, name)) if _fits(version, _VERSION) and _fits(name, ID_PATTERN) else None
    if iri.startswith(MAPPINGS_BASE):
        name = iri[len(MAPPINGS_BASE) :]
        return Parsed("mapping-set", (name,)) if _fits(name, ID_PATTERN) else None
    curie = C.compress_iri(iri)
    if curie and curie.startswith(_TAXON_PREFIX + ":"):
        try:
            taxon(curie)
        except ValueError:
            return None
        return Parsed("taxon", (curie,))
    return None


def parse(iri: str) -> Parsed | None:
    """What ``iri`` names, or None for an IRI outside the scheme (another vocabulary's term …).

    >>> parse("https://w3id.org/mscexo/id/gene/PTEN")
    Parsed(kind='entity', key=('gene', 'PTEN'))
    >>> parse("https://w3id.org/mscexo/np/F109#assertion")
    Parsed(kind='nanopub-part', key=('F109', 'assertion'))
    >>> parse("http://purl.obolibrary.org/obo/GO_0006915") is None
    True
    """
    iri = str(iri)
    if iri == C.DATASET_IRI:
        return Parsed("dataset")
    if iri == C.GRAPH_IRI:
        return Parsed("graph")
    if iri == DIRECT_GRAPH_IRI:
        return Parsed("direct-graph")
    if iri == HIERARCHY_GRAPH_IRI:
        return Parsed("hierarchy-graph")
    if iri.startswith(C.DATASET_IRI + "/"):
        return _parse_dataset_part(iri[len(C.DATASET_IRI) + 1 :])
    if iri.startswith(C.ID_BASE):
        return _parse_id_base(iri[len(C.ID_BASE) :].split("/"))
    if iri.startswith(C.ONTOLOGY_IRI):
        return _parse_ontology(iri)
    return _parse_other(iri)


def record_namespace(segment: str) -> str:
    """The IRI prefix of every record of one first path segment (``…/id/gene/``): a CURIE prefix of the exports."""
    return f"{C.ID_BASE}{_one_of(segment, RECORD_SEGMENTS, 'record segment')}/"


def is_ours(iri: str) -> bool:
    """True for an IRI under the id base (``https://w3id.org/mscexo/id/``), the nodes the graph describes."""
    return str(iri).startswith(C.ID_BASE)
