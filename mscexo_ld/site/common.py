"""Names, titles and link helpers shared by the site's modules (no graph, no HTML)."""

from __future__ import annotations

import functools
import posixpath
import re
from urllib.parse import quote

from mscexo_ld import constants as C
from mscexo_ld.records import ENTITY_KINDS

M = C.MSCEXO

#: Where ``build`` writes the site, relative to the build folder.
SITE_DIR = "site"
CSS_FILE = "site.css"
FIGURE_FILE = "findings-heatmap.svg"
ONTOLOGY_PAGE = "ontology.html"
#: Species are NCBITaxon's IRIs, not ours: their pages are outside the mirror of our IRIs (``id/``).
SPECIES_DIR = "species"
#: The search box's script, its index (a script too, so that it loads from file://) and its page.
SEARCH_SCRIPT = "search.js"
SEARCH_INDEX = "search-index.js"
SEARCH_PAGE = "search.html"
#: Where the site keeps the release files it offers: the path of their w3id IRIs (``release/X.Y.Z/<file>``).
RELEASE_DIR = "release"


def release_path(version: str, name: str) -> str:
    """``release/0.1.0/mscexo.ttl``: a release file inside the site, where its IRI resolves."""
    return f"{RELEASE_DIR}/{version}/{name}"


#: Entity kinds with a page (``id/<kind>/<id>.html``), in the order the index lists them.
ENTITY_KIND_TITLES: dict[str, str] = {
    "gene": "Gene products",
    "cargo": "Cargo",
    "mechanism": "Mechanisms (pathways, processes)",
    "outcome": "Therapeutic outcomes",
    "model": "Experimental models",
    "condition": "Conditions",
    "marker": "Exosome markers",
    "msc-source": "MSC sources",
    "organ-system": "Organ systems",
    "cell-type": "Cell types",
    "agent": "Administered agents",
    "species": "Species",
}
# A kind added to records.ENTITY_KINDS later still gets its pages, under its file name.
ENTITY_KIND_TITLES.update({kind: kind for kind in ENTITY_KINDS if kind not in ENTITY_KIND_TITLES})

#: Table records (``data/tables/``): IRI path segment -> section title, in the review's order.
TABLE_TITLES: dict[str, str] = {
    "ev-types": "Table 1: Characteristics of extracellular vesicle types",
    "isolation-methods": "Table 2: Methods of exosome isolation",
    "clinical-trials": "Table 3: Clinical studies of MSC-derived exosomes",
    "isct-criteria": "ISCT minimal criteria for defining MSCs",
    "characterization-methods": "Methods of exosome characterization",
    "lists": "Lists the review gives",
}

#: Release files the site may link to (one folder up), with their format and content, in display order.
DOWNLOAD_INFO: dict[str, tuple[str, str]] = {
    C.GRAPH_TTL: ("Turtle", "the whole graph: ontology and data"),
    C.GRAPH_NT: ("N-Triples", "the whole graph, one sorted triple a line"),
    C.GRAPH_JSONLD: ("JSON-LD", "the whole graph, compacted with the published context"),
    "context.jsonld": ("JSON-LD context", "short keys for every term of the ontology"),
    C.ONTOLOGY_TTL: ("Turtle (OWL)", "the ontology alone"),
    "ontology.owl": ("RDF/XML (OWL)", "the ontology alone, for OWL tools"),
    "direct-edges.nq": ("N-Quads", "one RO triple per regulation, reified back to its finding"),
    "hierarchy.nq": ("N-Quads", "labels and broader terms of every ancestor of the mapped MONDO, UBERON, CL, GO terms"),
    "mscexo_kgx_nodes.tsv": ("KGX TSV", "Biolink nodes under their standard CURIEs"),
    "mscexo_kgx_edges.tsv": ("KGX TSV", "Biolink edges: regulations, and per finding its agent, condition, outcomes"),
    "mscexo_kgx_graph_metadata.json": ("JSON", "KGX graph metadata: Biolink version, counts, the prefix map"),
    "mscexo.sssom.tsv": ("SSSOM TSV", "every entity mapped to its standard identifier"),
    "ontology-mappings.sssom.tsv": ("SSSOM TSV", "every ontology term aligned to maintained vocabularies"),
    "mscexo.nanopubs.trig": ("TriG", "one nanopublication per finding"),
    "mscexo.nanopubs.signed.trig": ("TriG", "the nanopublications signed, with trusty URIs (release --sign)"),
    "void.ttl": ("Turtle (VoID/DCAT)", "the dataset description"),
    "CHANGES.md": ("Markdown", "what changed since the previous release"),
    "SHA256SUMS": ("text", "SHA-256 checksums of the release files"),
}
#: What ``mscexo-ld build`` writes beside ``site/`` (the default download list).
BUILD_DOWNLOADS: tuple[str, ...] = (
    C.GRAPH_TTL,
    C.GRAPH_NT,
    C.GRAPH_JSONLD,
    "context.jsonld",
    C.ONTOLOGY_TTL,
    "direct-edges.nq",
    "hierarchy.nq",
    "ontology.owl",
    "mscexo_kgx_nodes.tsv",
    "mscexo_kgx_edges.tsv",
    "mscexo_kgx_graph_metadata.json",
    "mscexo.sssom.tsv",
    "mscexo.nanopubs.trig",
    "ontology-mappings.sssom.tsv",
    "void.ttl",
)

REVIEW_CITATION = (
    "Ma ZJ, Yang JJ, Lu YB, Liu ZY, Wang XX. Mesenchymal stem cell-derived exosomes: "
    "Toward cell-free therapeutic strategies in regenerative medicine. World J Stem Cells "
    "2020; 12(8): 814-840."
)
NOT_STATED = "not stated"

#: The navigation bar of every page: (page, text); ``section`` marks the current one.
NAV: tuple[tuple[str, str], ...] = (
    ("index.html", "Home"),
    ("findings.html", "Findings"),
    ("entities.html", "Entities"),
    ("references.html", "References"),
    ("tables.html", "Tables"),
    ("queries.html", "Queries"),
    (ONTOLOGY_PAGE, "Ontology"),
)


def natural_key(text: str) -> tuple[object, ...]:
    """Sort key that puts F9 before F10 and F120 before F120a.

    >>> sorted(["F120a", "F10", "F9", "F120"], key=natural_key)
    ['F9', 'F10', 'F120', 'F120a']
    """
    parts = re.split(r"(\d+)", text)
    return (*((int(p), p) if i % 2 else (0, p.lower()) for i, p in enumerate(parts)), (0, text))


def href(target: str, current: str) -> str:
    """A relative link from page ``current`` to ``target`` (both relative to the site root).

    >>> href("entities/gene/PTEN.html", "findings/F109.html")
    '../entities/gene/PTEN.html'
    >>> href("references.html#ref-109", "index.html")
    'references.html#ref-109'
    >>> href("../mscexo.ttl", "index.html")
    '../mscexo.ttl'
    """
    path, _, fragment = target.partition("#")
    return _relative(path, posixpath.dirname(current) or ".") + (f"#{quote(fragment)}" if fragment else "")


@functools.lru_cache(maxsize=65536)
def _relative(path: str, folder: str) -> str:
    """``path`` relative to ``folder``, quoted (a site asks for the same few thousand links again and again)."""
    return quote(posixpath.relpath(path, folder))
