"""HTML documentation of the ontology (``ontology.html``), generated from the ontology graph.

Written beside the pages of the site (``build/site/ontology.html``), whose stylesheet and
navigation it shares; the site's entity and table pages link to its anchors (``#Finding``,
``#reportedIn`` ...: the local name of each term). Each term shows its definition (IAO:0000115),
its axioms, and its alignment to maintained vocabularies: every SKOS mapping, with the external
term's CURIE and label, or the stated reason why none fits (``mscexo:unmappedReason``).

Why not pyLODE: pyLODE 3.4.1, the current release, fails on import when installed from PyPI
(its ``version.py`` reads a ``pyproject.toml`` that the wheel does not contain; RDFLib/pyLODE
issues #256 and #260, fixed on master but not released); 3.3.4 works offline but is not
deterministic (the members of an ``owl:unionOf`` are collected in a ``set`` and printed in
hash order, so two runs of the same ontology give different HTML) and it writes a pickle
cache into its own package folder on first use. The page here is small, deterministic and
needs no JavaScript.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from mscexo_ld import constants as C
from mscexo_ld.export.ontology_mappings import CONVERTER as MAPPING_CURIES
from mscexo_ld.export.ontology_mappings import DEFINITION, ONTOLOGY_MAPPINGS_FILE
from mscexo_ld.site.common import ONTOLOGY_PAGE, href, natural_key
from mscexo_ld.site.model import Frame
from mscexo_ld.site.templating import frame, render

PAGE = ONTOLOGY_PAGE
M = C.MSCEXO
VANN = Namespace("http://purl.org/vocab/vann/")
ONTOLOGY_OWL = "ontology.owl"  # written by mscexo_ld.release.files (a higher layer)

#: The mappings a term may carry: (title on the page, SKOS predicate).
MAPPING_TITLES: tuple[tuple[str, URIRef], ...] = (
    ("Exact match", SKOS.exactMatch),
    ("Close match", SKOS.closeMatch),
    ("Broad match", SKOS.broadMatch),
    ("Narrow match", SKOS.narrowMatch),
    ("Related match", SKOS.relatedMatch),
)

#: Sections of the page: (anchor, title, rdf:type of the terms).
SECTIONS: tuple[tuple[str, str, URIRef], ...] = (
    ("classes", "Classes", OWL.Class),
    ("object-properties", "Object properties", OWL.ObjectProperty),
    ("datatype-properties", "Datatype properties", OWL.DatatypeProperty),
    ("annotation-properties", "Annotation properties", OWL.AnnotationProperty),
    ("individuals", "Named individuals", OWL.NamedIndividual),
)


# ----------------------------------------------------------------------------- view model (no HTML)


@dataclass(frozen=True)
class Text:
    """Plain text."""

    text: str
    kind: ClassVar[str] = "text"


@dataclass(frozen=True)
class Code:
    """Text shown as code (an IRI, a namespace)."""

    text: str
    kind: ClassVar[str] = "code"


@dataclass(frozen=True)
class Anchor:
    """A link; ``ext`` marks a link out of the dataset (an external identifier)."""

    text: str
    href: str
    ext: bool = False
    kind: ClassVar[str] = "link"


@dataclass(frozen=True)
class TermRef:
    """A term, shown as code, linked to its section on this page or to its own IRI."""

    text: str
    href: str
    kind: ClassVar[str] = "term"


@dataclass(frozen=True)
class Expression:
    """A class expression in words: ``prefix`` then the items joined by ``joiner`` (``A or B``, ``one of x, y``)."""

    prefix: str
    joiner: str
    items: tuple[Item, ...]
    anonymous: bool = False  # neither a union, an intersection nor an enumeration
    kind: ClassVar[str] = "expression"


Item = TermRef | Expression


@dataclass(frozen=True)
class Terms:
    """Terms and class expressions joined by commas; ``collapsed``: behind a "<n> classes" summary."""

    items: tuple[Item, ...]
    collapsed: bool = False
    kind: ClassVar[str] = "terms"


Piece = Text | Code | Anchor | Terms


@dataclass(frozen=True)
class Fact:
    """One ``<dt>``/``<dd>`` pair: a title and what follows it, piece by piece."""

    title: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class TermSection:
    """The section of one term."""

    anchor: str
    label: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Section:
    """One kind of term (classes, object properties ...)."""

    anchor: str
    title: str
    terms: tuple[TermSection, ...]


@dataclass(frozen=True)
class OntologyPage:
    """``ontology.html``."""

    frame: Frame
    title: str
    meta: tuple[Fact, ...]
    sections: tuple[Section, ...]


class _Docs:
    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.ns = str(M)
        self.terms: dict[URIRef, list[URIRef]] = {}
        for _anchor, _title, rdf_type in SECTIONS:
            self.terms[rdf_type] = sorted(
                (
                    s
                    for s in set(graph.subjects(RDF.type, rdf_type))
                    if isinstance(s, URIRef) and str(s).startswith(self.ns)
                ),
                key=lambda s: natural_key(self.local(s)),
            )
        self.documented = {t for terms in self.terms.values() for t in terms}
        self.in_domain: dict[Node, list[URIRef]] = defaultdict(list)
        self.in_range: dict[Node, list[URIRef]] = defaultdict(list)
        for prop_type in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
            for prop in self.terms[prop_type]:
                for d in graph.objects(prop, RDFS.domain):
                    for cls in self.members(d):
                        self.in_domain[cls].append(prop)
                for r in graph.objects(prop, RDFS.range):
                    for cls in self.members(r):
                        self.in_range[cls].append(prop)
        self.subclasses: dict[Node, list[URIRef]] = defaultdict(list)
        for cls in self.terms[OWL.Class]:
            for sup in graph.objects(cls, RDFS.subClassOf):
                self.subclasses[sup].append(cls)
        self.disjoint: dict[Node, set[URIRef]] = defaultdict(set)
        for cls in self.terms[OWL.Class]:
            for other in graph.objects(cls, OWL.disjointWith):
                if isinstance(other, URIRef):
                    self.disjoint[cls].add(other)
                    self.disjoint[other].add(cls)
        for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
            members = [m for lst in graph.objects(axiom, OWL.members) for m in Collection(graph, lst)]
            for m in members:
                self.disjoint[m].update(x for x in members if x != m and isinstance(x, URIRef))

    def local(self, node: Node) -> str:
        text = str(node)
        return text[len(self.ns) :] if text.startswith(self.ns) else text

    def label(self, node: Node) -> str:
        labels = sorted(str(x) for x in self.g.objects(node, RDFS.label))
        if labels:
            return labels[0]
        if isinstance(node, URIRef):
            text = str(node)
            if text.startswith(self.ns):
                return f"mscexo:{self.local(node)}"
            for prefix, ns in sorted(C.RDF_PREFIXES.items()):
                if text.startswith(ns) and len(text) > len(ns):
                    return f"{prefix}:{text[len(ns) :]}"
            return C.compress_iri(text) or text
        return str(node)

    def curie(self, node: Node) -> str:
        """An external term as a CURIE of the ontology's mapping set (``RO:0002211``), else its IRI."""
        return str(MAPPING_CURIES.compress(str(node)) or C.compress_iri(str(node)) or node)

    def members(self, node: Node) -> list[Node]:
        """A class expression's named classes: itself, or the members of its owl:unionOf."""
        if isinstance(node, BNode):
            out: list[Node] = []
            for lst in self.g.objects(node, OWL.unionOf):
                out += list(Collection(self.g, lst))
            return out
        return [node]

    def ref(self, node: Node) -> Item:
        """A link to a term: its anchor on this page, or the term's own IRI."""
        if isinstance(node, URIRef) and node in self.documented:
            return TermRef("mscexo:" + self.local(node), "#" + self.local(node))
        if isinstance(node, URIRef):
            return TermRef(self.label(node), str(node))
        return self.expression(node)

    def expression(self, node: Node) -> Item:
        """A class expression in words: ``A or B``, ``one of (x, y)``, ``A and B``."""
        if not isinstance(node, BNode):
            return self.ref(node)
        for predicate, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
            for lst in self.g.objects(node, predicate):
                return Expression("", word, tuple(self.ref(m) for m in Collection(self.g, lst)))
        for lst in self.g.objects(node, OWL.oneOf):
            return Expression("one of ", ", ", tuple(self.ref(m) for m in Collection(self.g, lst)))
        return Expression("", "", (), anonymous=True)

    def refs(self, nodes: Iterable[Node], *, collapse: bool = False) -> Terms:
        """The distinct ``nodes`` in label order; ``collapse``: behind a summary when there are more than 6."""
        unique = sorted(set(nodes), key=lambda n: (isinstance(n, BNode), natural_key(self.label(n)), str(n)))
        return Terms(tuple(self.expression(n) for n in unique), collapse and len(unique) > 6)

    def texts(self, node: Node, predicate: URIRef) -> list[str]:
        return sorted(str(o) for o in self.g.objects(node, predicate))

    def term(self, node: URIRef, rdf_type: URIRef) -> TermSection:
        """The section of one term: its IRI, definition, names, axioms, mappings and notes."""
        g = self.g
        rows: list[Fact] = [Fact("IRI", (Code(str(node)),))]
        for definition in self.texts(node, DEFINITION) + self.texts(node, RDFS.comment):
            rows.append(Fact("Definition", (Text(definition),)))
        alt = self.texts(node, SKOS.altLabel)
        if alt:
            rows.append(Fact("Other names", (Text(", ".join(alt)),)))
        if rdf_type == OWL.Class:
            for title, values in (
                ("Subclass of", list(g.objects(node, RDFS.subClassOf))),
                ("Equivalent to", list(g.objects(node, OWL.equivalentClass))),
                ("Superclass of", list(self.subclasses.get(node, []))),
                ("Disjoint with", sorted(self.disjoint.get(node, set()), key=str)),
                ("In domain of", list(self.in_domain.get(node, []))),
                ("In range of", list(self.in_range.get(node, []))),
            ):
                if values:
                    rows.append(Fact(title, (self.refs(values, collapse=True),)))
        elif rdf_type == OWL.NamedIndividual:
            types = [t for t in g.objects(node, RDF.type) if t != OWL.NamedIndividual]
            rows.append(Fact("Instance of", (self.refs(types),)))
        else:
            characteristics = sorted(
                self.label(t).split(":", 1)[-1]
                for t in g.objects(node, RDF.type)
                if t
                in (
                    OWL.FunctionalProperty,
                    OWL.InverseFunctionalProperty,
                    OWL.TransitiveProperty,
                    OWL.SymmetricProperty,
                )
            )
            if characteristics:
                rows.append(Fact("Characteristics", (Text(", ".join(characteristics)),)))
            for title, predicate in (
                ("Subproperty of", RDFS.subPropertyOf),
                ("Inverse of", OWL.inverseOf),
                ("Domain", RDFS.domain),
                ("Range", RDFS.range),
            ):
                values = list(g.objects(node, predicate))
                if values:
                    rows.append(Fact(title, (self.refs(values),)))
        for title, predicate in MAPPING_TITLES:
            values = list(g.objects(node, predicate))
            if values:
                links: list[Piece] = []
                for v in sorted(values, key=str):
                    links += [Text(", ")] if links else []
                    links.append(Anchor(self.curie(v), str(v), ext=True))
                    label = self.texts(v, RDFS.label)
                    links += [Text(f" ({label[0]})")] if label else []
                rows.append(Fact(title, tuple(links)))
        for reason in self.texts(node, M.unmappedReason):
            rows.append(Fact("No mapping", (Text(reason),)))
        deprecated = g.value(node, OWL.deprecated)
        if isinstance(deprecated, Literal) and deprecated.toPython() is True:
            replaced = list(g.objects(node, DCTERMS.isReplacedBy))
            use: tuple[Piece, ...] = (Text("; use "), self.refs(replaced)) if replaced else ()
            rows.append(Fact("Deprecated", (Text("yes"), *use)))
        for note in self.texts(node, SKOS.editorialNote) + self.texts(node, M.curatorNote):
            rows.append(Fact("Note", (Text(note),)))
        return TermSection(self.local(node), self.label(node), tuple(rows))

    def page(self) -> OntologyPage:
        """The whole page: the ontology's metadata, then one section per kind of term."""
        g = self.g
        ontology = next((s for s in sorted(g.subjects(RDF.type, OWL.Ontology), key=str)), None)
        title = "mscexo ontology"
        meta: list[Fact] = []
        if ontology is not None:
            title = (self.texts(ontology, DCTERMS.title) or self.texts(ontology, RDFS.label) or [title])[0]
            meta.append(Fact("Ontology IRI", (Code(str(ontology)),)))
            for label, predicate in (
                ("Version IRI", OWL.versionIRI),
                ("Version", OWL.versionInfo),
                ("Licence", DCTERMS.license),
                ("Creator", DCTERMS.creator),
                ("Issued", DCTERMS.issued),
                ("Source", DCTERMS.source),
                ("Preferred prefix", VANN.preferredNamespacePrefix),
                ("Preferred namespace", VANN.preferredNamespaceUri),
            ):
                for value in sorted(g.objects(ontology, predicate), key=str):
                    shown = Anchor(str(value), str(value)) if isinstance(value, URIRef) else Text(str(value))
                    meta.append(Fact(label, (shown,)))
            for text in self.texts(ontology, DCTERMS.description) + self.texts(ontology, RDFS.comment):
                meta.append(Fact("Description", (Text(text),)))
        meta.append(Fact("Namespace", (Code(f"mscexo: <{self.ns}>"),)))
        download = Anchor(C.ONTOLOGY_TTL, href("../" + C.ONTOLOGY_TTL, PAGE))
        owl = Anchor(ONTOLOGY_OWL, href("../" + ONTOLOGY_OWL, PAGE))
        mappings = Anchor(ONTOLOGY_MAPPINGS_FILE, href("../" + ONTOLOGY_MAPPINGS_FILE, PAGE))
        meta.append(Fact("Download", (download, Text(" (Turtle), "), owl, Text(" (RDF/XML)"))))
        meta.append(Fact("Mappings", (mappings, Text(" (SSSOM: every term's alignment, as listed below)"))))
        sections = tuple(
            Section(anchor, name, tuple(self.term(t, rdf_type) for t in self.terms[rdf_type]))
            for anchor, name, rdf_type in SECTIONS
        )
        version = (self.texts(ontology, OWL.versionInfo) or [C.VERSION])[0] if ontology is not None else C.VERSION
        return OntologyPage(frame(PAGE, "Ontology", version=version, section=PAGE), title, tuple(meta), sections)


def ontology_docs(ontology_ttl: Path) -> dict[str, bytes]:
    """``{"ontology.html": page}``: the ontology's classes, properties and individuals, deterministic.

    ``ontology_ttl`` is the ontology in Turtle (``build/ontology.ttl`` or ``ontology/mscexo.ttl``).
    """
    graph = Graph()
    graph.parse(Path(ontology_ttl), format="turtle")
    return {PAGE: render("ontology.html", page=_Docs(graph).page())}
