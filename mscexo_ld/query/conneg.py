"""Content negotiation: which file of the site answers an IRI of ours, for which ``Accept`` header.

The site mirrors the IRI scheme (:mod:`mscexo_ld.iris`): the resource
``https://w3id.org/mscexo/{path}`` is described by ``{path}.html``, ``{path}.ttl`` and
``{path}.jsonld`` at the site's root (the ontology also by ``ontology.owl``), so
:func:`document` is the IRI with its root taken off, for every kind that has a page of its own;
the parts of a finding (``…/finding/F109/regulation/1``) and of the dataset (class partitions,
linksets) are described by their owner's document; a version of the dataset (``id/dataset/0.1.0``) by
that release's ``void.ttl`` or its entry on ``releases.html``. ``serve`` (its site port) and the
w3id redirect rules (``w3id/.htaccess``, made by :mod:`mscexo_ld.site.w3id`) both follow
:data:`ACCEPT_RULES`: an RDF media type named before ``text/html`` in the header (or without it)
gets RDF, JSON-LD first, then Turtle, then RDF/XML where there is one; everything else gets the
page. Redirects are ``303 See Other``, as for any resource that is not a document.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from mscexo_ld import constants as C
from mscexo_ld import iris

#: The root of the namespace: every IRI of ours starts with it; ``/mscexo/`` is its path on w3id.org.
W3ID_ROOT = C.ID_BASE.removesuffix("id/")
W3ID_PATH = "/" + W3ID_ROOT.split("://", 1)[1].split("/", 1)[1]
#: The site's page of the ontology and of every term (``ontology.html#Finding``).
ONTOLOGY_DOCUMENT = "ontology"
DATASET_DOCUMENT = "id/dataset"
#: The page listing every release (``releases.html#v0.1.0``): the HTML of a dataset version.
RELEASES_PAGE = "releases.html"

#: Format -> (media type, file extension).
FORMATS: dict[str, tuple[str, str]] = {
    "html": ("text/html", ".html"),
    "jsonld": ("application/ld+json", ".jsonld"),
    "turtle": ("text/turtle", ".ttl"),
    "rdfxml": ("application/rdf+xml", ".owl"),
}


def _before_html(media_type: str) -> str:
    """A regular expression (PCRE and Python alike) true when ``media_type`` occurs before any ``text/html``."""
    return r"^(?:(?!text/html).)*" + re.escape(media_type)


#: (format, pattern on the Accept header), tried in order; no match: the page. Case-insensitive.
ACCEPT_RULES: tuple[tuple[str, str], ...] = tuple(
    (name, _before_html(FORMATS[name][0])) for name in ("jsonld", "turtle", "rdfxml")
)


class Document(NamedTuple):
    """The site path (no extension) of the document describing an IRI, and the fragment for its HTML page."""

    path: str
    fragment: str = ""


def document(iri: str) -> Document | None:
    """The document of the site that describes ``iri``, or None for an IRI without one.

    >>> document("https://w3id.org/mscexo/id/gene/PTEN")
    Document(path='id/gene/PTEN', fragment='')
    >>> document("https://w3id.org/mscexo/id/finding/F109/regulation/2")
    Document(path='id/finding/F109', fragment='regulation-2')
    >>> document("https://w3id.org/mscexo/ontology#Finding")
    Document(path='ontology', fragment='Finding')
    >>> document("http://purl.obolibrary.org/obo/GO_0006915") is None
    True
    """
    parsed = iris.parse(str(iri))
    if parsed is None:
        return None
    kind, key = parsed
    if kind in ("finding", "reference", "entity", "table-record", "software"):
        return Document(str(iri)[len(W3ID_ROOT) :])
    if kind in iris.FINDING_PARTS:
        return Document(f"id/finding/{key[0]}", f"{kind}-{key[1]}")
    if kind == "finding-edge":
        return Document(f"id/finding/{key[0]}")
    if kind in ("quote", "quote-part"):  # the annotation of a quote's excerpt: on its record's page
        return Document(f"id/{key[0]}/{key[1]}")
    if kind in (
        "dataset",
        "graph",
        "direct-graph",
        "hierarchy-graph",
        "dataset-version",
        "dataset-class",
        "linkset",
        "linkset-target",
        "source-text",
    ):
        return Document(DATASET_DOCUMENT)
    if kind == "term":
        return Document(ONTOLOGY_DOCUMENT, str(key[0]))
    if kind in ("ontology", "vocabulary", "ontology-version"):
        return Document(ONTOLOGY_DOCUMENT)
    return None  # a species (NCBITaxon's IRI), a release file, a mapping set, a nanopublication


def formats(doc: Document) -> tuple[str, ...]:
    """The formats a document is written in: the page, Turtle, JSON-LD, and RDF/XML for the ontology."""
    if doc.path == ONTOLOGY_DOCUMENT:
        return ("html", "turtle", "jsonld", "rdfxml")
    return ("html", "turtle", "jsonld")


def choose(accept: str | None, offered: tuple[str, ...]) -> str:
    """The format for an ``Accept`` header (see :data:`ACCEPT_RULES`).

    >>> choose("text/turtle", ("html", "turtle", "jsonld"))
    'turtle'
    >>> choose("text/html,application/xhtml+xml,*/*;q=0.8", ("html", "turtle", "jsonld"))
    'html'
    >>> choose("application/rdf+xml", ("html", "turtle", "jsonld"))
    'html'
    """
    for name, pattern in ACCEPT_RULES:
        if name in offered and re.search(pattern, accept or "", re.IGNORECASE):
            return name
    return "html"


def resolve(path: str, accept: str | None) -> tuple[str, str] | None:
    """For a request path under the namespace root (``id/gene/PTEN``), the site file and its media type.

    ``path`` is the IRI with :data:`W3ID_ROOT` taken off. Returns (file path with ``#fragment`` for a
    page, media type), or None when no file describes it. Release files (``release/X.Y.Z/file``)
    are where the site keeps them; the root is the home page.
    """
    if path in ("", "index.html"):
        return "index.html", "text/html"
    if re.fullmatch(r"release/\d+\.\d+\.\d+/[A-Za-z0-9][A-Za-z0-9._-]*", path):
        return path, ""
    version = re.fullmatch(r"ontology/(\d+\.\d+\.\d+)", path)
    if version:  # a version of the ontology: its file in that release, Turtle or else RDF/XML
        if choose(accept, ("turtle",)) == "turtle":
            return f"release/{version.group(1)}/ontology.ttl", FORMATS["turtle"][0]
        return f"release/{version.group(1)}/ontology.owl", FORMATS["rdfxml"][0]
    version = re.fullmatch(r"id/dataset/(\d+\.\d+\.\d+)", path)
    if version:  # a version of the dataset: that release's VoID (RDF), or its entry on the releases page
        if choose(accept, ("jsonld", "turtle")) == "html":
            return f"{RELEASES_PAGE}#v{version.group(1)}", FORMATS["html"][0]
        return f"release/{version.group(1)}/void.ttl", FORMATS["turtle"][0]
    doc = document(W3ID_ROOT + path)
    if doc is None:
        return None
    fmt = choose(accept, formats(doc))
    media, extension = FORMATS[fmt]
    target = doc.path + extension
    if fmt == "html" and doc.fragment:
        target += "#" + doc.fragment
    return target, media
