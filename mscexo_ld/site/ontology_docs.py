"""HTML documentation of the ontology (``ontology.html``), generated from the ontology graph.

Written beside the pages of the site (``build/site/ontology.html``), whose stylesheet and
navigation it shares; the site's entity and table pages link to its anchors (``#Finding``,
``#reportedIn`` ...: the local name of each term).

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
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from mscexo_ld import constants as C
from mscexo_ld.site.render import e, href, natural_key, render_page

PAGE = "ontology.html"
M = C.MSCEXO

#: Sections of the page: (anchor, title, rdf:type of the terms).
SECTIONS: tuple[tuple[str, str, URIRef], ...] = (
    ("classes", "Classes", OWL.Class),
    ("object-properties", "Object properties", OWL.ObjectProperty),
    ("datatype-properties", "Datatype properties", OWL.DatatypeProperty),
    ("annotation-properties", "Annotation properties", OWL.AnnotationProperty),
    ("individuals", "Named individuals", OWL.NamedIndividual),
)


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

    def members(self, node: Node) -> list[Node]:
        """A class expression's named classes: itself, or the members of its owl:unionOf."""
        if isinstance(node, BNode):
            out: list[Node] = []
            for lst in self.g.objects(node, OWL.unionOf):
                out += list(Collection(self.g, lst))
            return out
        return [node]

    def ref(self, node: Node) -> str:
        """A link to a term: its anchor on this page, or the term's own IRI."""
        if isinstance(node, URIRef) and node in self.documented:
            return f'<a href="#{e(self.local(node))}"><code>{e("mscexo:" + self.local(node))}</code></a>'
        if isinstance(node, URIRef):
            return f'<a href="{e(str(node))}"><code>{e(self.label(node))}</code></a>'
        return self.expression(node)

    def expression(self, node: Node) -> str:
        """A class expression in words: ``A or B``, ``one of (x, y)``, ``A and B``."""
        if not isinstance(node, BNode):
            return self.ref(node)
        for predicate, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
            for lst in self.g.objects(node, predicate):
                return word.join(self.ref(m) for m in Collection(self.g, lst))
        for lst in self.g.objects(node, OWL.oneOf):
            return "one of " + ", ".join(self.ref(m) for m in Collection(self.g, lst))
        return "<em>an anonymous class expression</em>"

    def refs(self, nodes: list[Node]) -> str:
        unique = sorted(set(nodes), key=lambda n: (isinstance(n, BNode), natural_key(self.label(n)), str(n)))
        return ", ".join(self.expression(n) for n in unique)

    def texts(self, node: Node, predicate: URIRef) -> list[str]:
        return sorted(str(o) for o in self.g.objects(node, predicate))

    def term(self, node: URIRef, rdf_type: URIRef) -> str:
        g = self.g
        rows: list[tuple[str, str]] = [("IRI", f"<code>{e(str(node))}</code>")]
        for definition in self.texts(node, SKOS.definition) + self.texts(node, RDFS.comment):
            rows.append(("Definition", e(definition)))
        alt = self.texts(node, SKOS.altLabel)
        if alt:
            rows.append(("Other names", e(", ".join(alt))))
        if rdf_type == OWL.Class:
            for title, values in (
                ("Subclass of", list(g.objects(node, RDFS.subClassOf))),
                ("Equivalent to", list(g.objects(node, OWL.equivalentClass))),
                ("Superclass of", self.subclasses.get(node, [])),
                ("Disjoint with", sorted(self.disjoint.get(node, set()), key=str)),
                ("In domain of", self.in_domain.get(node, [])),
                ("In range of", self.in_range.get(node, [])),
            ):
                if values and len(set(values)) > 6:
                    rows.append(
                        (title, f"<details><summary>{len(set(values))} classes</summary>{self.refs(values)}</details>")
                    )
                elif values:
                    rows.append((title, self.refs(values)))
        elif rdf_type == OWL.NamedIndividual:
            types = [t for t in g.objects(node, RDF.type) if t != OWL.NamedIndividual]
            rows.append(("Instance of", self.refs(types)))
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
                rows.append(("Characteristics", e(", ".join(characteristics))))
            for title, predicate in (
                ("Subproperty of", RDFS.subPropertyOf),
                ("Inverse of", OWL.inverseOf),
                ("Domain", RDFS.domain),
                ("Range", RDFS.range),
            ):
                values = list(g.objects(node, predicate))
                if values:
                    rows.append((title, self.refs(values)))
        for title, predicate in (("Exact match", SKOS.exactMatch), ("Close match", SKOS.closeMatch)):
            values = list(g.objects(node, predicate))
            if values:
                rows.append(
                    (
                        title,
                        ", ".join(
                            f'<a class="ext" href="{e(str(v))}">{e(C.compress_iri(str(v)) or str(v))}</a>'
                            for v in sorted(values, key=str)
                        ),
                    )
                )
        deprecated = g.value(node, OWL.deprecated)
        if isinstance(deprecated, Literal) and deprecated.toPython() is True:
            replaced = list(g.objects(node, DCTERMS.isReplacedBy))
            rows.append(("Deprecated", "yes" + (f"; use {self.refs(replaced)}" if replaced else "")))
        for note in self.texts(node, SKOS.editorialNote) + self.texts(node, M.curatorNote):
            rows.append(("Note", e(note)))
        body = "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in rows)
        return (
            f'<section class="term" id="{e(self.local(node))}"><h3>{e(self.label(node))} '
            f'<span class="match">mscexo:{e(self.local(node))}</span></h3><dl class="facts">{body}</dl></section>'
        )

    def page(self) -> bytes:
        g = self.g
        ontology = next((s for s in sorted(g.subjects(RDF.type, OWL.Ontology), key=str)), None)
        title = "mscexo ontology"
        meta: list[tuple[str, str]] = []
        if ontology is not None:
            title = (self.texts(ontology, DCTERMS.title) or self.texts(ontology, RDFS.label) or [title])[0]
            meta.append(("Ontology IRI", f"<code>{e(str(ontology))}</code>"))
            for label, predicate in (
                ("Version IRI", OWL.versionIRI),
                ("Version", OWL.versionInfo),
                ("Licence", DCTERMS.license),
                ("Creator", DCTERMS.creator),
                ("Source", DCTERMS.source),
            ):
                for value in sorted(g.objects(ontology, predicate), key=str):
                    shown = f'<a href="{e(str(value))}">{e(str(value))}</a>' if isinstance(value, URIRef) else e(value)
                    meta.append((label, shown))
            for text in self.texts(ontology, DCTERMS.description) + self.texts(ontology, RDFS.comment):
                meta.append(("Description", e(text)))
        meta.append(("Namespace", f"<code>mscexo: &lt;{e(self.ns)}&gt;</code>"))
        meta.append(("Download", f'<a href="{href("../" + C.ONTOLOGY_TTL, PAGE)}">{e(C.ONTOLOGY_TTL)}</a> (Turtle)'))
        counts = " · ".join(f'<a href="#{anchor}">{e(name)}</a> ({len(self.terms[t])})' for anchor, name, t in SECTIONS)
        parts = [
            f"<h1>{e(title)}</h1>",
            f'<dl class="facts">{"".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta)}</dl>',
            f'<p class="toc">{counts}</p>',
            "<p>The public vocabulary: external users write SPARQL against these names, so a term is never "
            "renamed; it is deprecated (<code>owl:deprecated true</code>) with its replacement.</p>",
        ]
        for anchor, name, rdf_type in SECTIONS:
            terms = self.terms[rdf_type]
            parts.append(f'<h2 id="{anchor}">{e(name)} ({len(terms)})</h2>')
            parts.append(
                '<p class="toc">'
                + " · ".join(f'<a href="#{e(self.local(t))}">{e(self.local(t))}</a>' for t in terms)
                + "</p>"
            )
            parts += [self.term(t, rdf_type) for t in terms]
        version = (self.texts(ontology, OWL.versionInfo) or [C.VERSION])[0] if ontology is not None else C.VERSION
        return render_page(PAGE, "Ontology", "\n".join(parts), version=version, section=PAGE)


def ontology_docs(ontology_ttl: Path) -> dict[str, bytes]:
    """``{"ontology.html": page}``: the ontology's classes, properties and individuals, deterministic.

    ``ontology_ttl`` is the ontology in Turtle (``build/ontology.ttl`` or ``ontology/mscexo.ttl``).
    """
    graph = Graph()
    graph.parse(Path(ontology_ttl), format="turtle")
    return {PAGE: _Docs(graph).page()}
