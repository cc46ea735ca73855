"""Paths, namespaces and the prefix map: named constants in one module."""

from __future__ import annotations

import os
from pathlib import Path

import curies
from rdflib import Namespace

from mscexo_ld import resources
from mscexo_ld._version import __version__

#: Every path below comes from the one resource locator (mscexo_ld/resources.py); no module
#: computes a path relative to the source tree.
#: The source checkout, or None when mscexo-ld runs from an installed wheel or sdist.
CHECKOUT: Path | None = resources.checkout_root()
#: The folder holding ontology/, shapes/, queries/ and data/: the checkout, or the installed
#: package's ``mscexo_ld/_data`` (so ``TERM_CACHE_FILE.relative_to(ROOT)`` is ``data/terms.tsv`` in both).
ROOT = resources.resource_root()
ONTOLOGY_DIR = resources.folder("ontology")
ONTOLOGY_FILE = resources.ontology_file()
SHAPES_DIR = resources.shapes_dir()
SHAPE_CASES_DIR = SHAPES_DIR / "cases"
QUERIES_DIR = resources.queries_dir()
DATA_DIR = resources.data_dir()
ENTITIES_DIR = DATA_DIR / "entities"
FINDINGS_DIR = DATA_DIR / "findings"
REFERENCES_FILE = DATA_DIR / "references.yaml"
TERM_CACHE_FILE = resources.term_cache_file()
HIERARCHY_FILE = resources.hierarchy_file()
#: ``<checkout>/build``, or ``build`` in the current folder when installed.
DEFAULT_BUILD_DIR = resources.default_build_dir()

#: Where the review text and the reference index are found when present (CI always has them):
#: ``<checkout>/../shared`` in a checkout; when installed there is no default location and they
#: come from --source-text/--index or the environment variables below.
SHARED_DIR: Path | None = resources.shared_dir()
SOURCE_TEXT_ENV = "MSCEXO_SOURCE_TEXT"
DEFAULT_SOURCE_TEXT: Path | None = SHARED_DIR / "seed" / "msc-exos-review.txt" if SHARED_DIR is not None else None
REFERENCE_INDEX_ENV = "MSCEXO_REFERENCE_INDEX"
DEFAULT_REFERENCE_INDEX: Path | None = SHARED_DIR / "reference" / "terms.tsv.gz" if SHARED_DIR is not None else None


def default_place(path: Path | None) -> str:
    """A default location for messages: the path in a checkout, else that an installed package has none.

    >>> default_place(None)
    'no default location (the package is installed, not run from a checkout)'
    """
    return str(path) if path is not None else "no default location (the package is installed, not run from a checkout)"


#: Build artifact names.
GRAPH_TTL = "mscexo.ttl"
GRAPH_NT = "mscexo.nt"
GRAPH_JSONLD = "mscexo.jsonld"
ONTOLOGY_TTL = "ontology.ttl"

#: The review: Ma ZJ et al., World J Stem Cells 2020; 12(8): 814-840.
REVIEW_DOI = "10.4252/wjsc.v12.i8.814"
REVIEW_IRI = f"https://doi.org/{REVIEW_DOI}"
REVIEW_MAX_REFERENCE = 173
DATA_LICENSE = "https://creativecommons.org/licenses/by-nc/4.0/"

MSCEXO = Namespace("https://w3id.org/mscexo/ontology#")
ONTOLOGY_IRI = "https://w3id.org/mscexo/ontology"
ID_BASE = "https://w3id.org/mscexo/id/"
DATASET_IRI = "https://w3id.org/mscexo/id/dataset"
GRAPH_IRI = "https://w3id.org/mscexo/graph"  # the named graph `load` and `serve --server virtuoso` fill

#: Version of the ontology and data (mscexo_ld/_version.py, the one place); a release stamps its own.
VERSION = __version__

#: CURIE prefix -> IRI prefix for every external vocabulary the graph may use.
#: OBO ontologies use OBO PURLs; the others identifiers.org / the provider's IRI as
#: listed by Bioregistry (tests/test_constants.py compares them with bioregistry).
#: Prefixes are written as in the reference index (HGNC, NCBITaxon, mirbase.mature ...).
EXTERNAL_PREFIXES: dict[str, str] = {
    "CL": "http://purl.obolibrary.org/obo/CL_",
    "DOID": "http://purl.obolibrary.org/obo/DOID_",
    "ECO": "http://purl.obolibrary.org/obo/ECO_",
    "EFO": "http://www.ebi.ac.uk/efo/EFO_",
    "GO": "http://purl.obolibrary.org/obo/GO_",
    "HGNC": "https://identifiers.org/hgnc:",
    "HP": "http://purl.obolibrary.org/obo/HP_",
    "MESH": "https://identifiers.org/mesh:",
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
    "NCBITaxon": "http://purl.obolibrary.org/obo/NCBITaxon_",
    "OBI": "http://purl.obolibrary.org/obo/OBI_",
    "PATO": "http://purl.obolibrary.org/obo/PATO_",
    "UBERON": "http://purl.obolibrary.org/obo/UBERON_",
    "cellosaurus": "https://www.cellosaurus.org/",
    "clinicaltrials": "https://www.clinicaltrials.gov/study/",
    "mirbase": "https://identifiers.org/mirbase:",
    "mirbase.mature": "https://identifiers.org/mirbase.mature:",
}

#: Vocabularies the reference index does not hold: their identifiers are verified against the
#: review's own text instead (an NCT id must occur in the evidence quote of the record that
#: maps to it, and the quote check finds that quote verbatim in Table 3).
TEXT_VERIFIED_PREFIXES = frozenset({"clinicaltrials"})

#: Prefixes bound in every serialisation.
RDF_PREFIXES: dict[str, str] = {
    "mscexo": str(MSCEXO),
    "id": ID_BASE,
    "obo": "http://purl.obolibrary.org/obo/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

CONVERTER = curies.Converter.from_prefix_map(EXTERNAL_PREFIXES)


def expand_curie(curie: str) -> str:
    """Expand a CURIE of the term cache to its IRI.

    >>> expand_curie("HGNC:9588")
    'https://identifiers.org/hgnc:9588'
    >>> expand_curie("cellosaurus:CVCL_0286")
    'https://www.cellosaurus.org/CVCL_0286'
    """
    return CONVERTER.expand(curie, strict=True)


def compress_iri(iri: str) -> str | None:
    """Compress an external IRI to the CURIE form of the term cache, or None.

    >>> compress_iri("http://purl.obolibrary.org/obo/UBERON_0002371")
    'UBERON:0002371'
    """
    return CONVERTER.compress(iri)


def source_text_path(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The review text: ``explicit``, else $MSCEXO_SOURCE_TEXT, else (in a checkout) ../shared/seed; None if absent."""
    for candidate in (explicit, os.environ.get(SOURCE_TEXT_ENV), DEFAULT_SOURCE_TEXT):
        if candidate:
            path = Path(candidate)
            if path.is_file():
                return path
            if candidate is explicit:
                raise FileNotFoundError(f"source text not found: {path}")
    return None
