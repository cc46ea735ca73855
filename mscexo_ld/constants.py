"""Paths, namespaces and the prefix map: named constants in one module."""

from __future__ import annotations

import os
from pathlib import Path

import curies
from rdflib import Namespace

#: The project checkout (the package lives in ``<root>/mscexo_ld``).
ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "mscexo.ttl"
SHAPES_DIR = ROOT / "shapes"
SHAPE_CASES_DIR = SHAPES_DIR / "cases"
QUERIES_DIR = ROOT / "queries"
DATA_DIR = ROOT / "data"
ENTITIES_DIR = DATA_DIR / "entities"
FINDINGS_DIR = DATA_DIR / "findings"
REFERENCES_FILE = DATA_DIR / "references.yaml"
TERM_CACHE_FILE = DATA_DIR / "terms.tsv"
DEFAULT_BUILD_DIR = ROOT / "build"

#: Where the review text and the reference index are found when present (CI always has them).
SHARED_DIR = ROOT.parent / "shared"
SOURCE_TEXT_ENV = "MSCEXO_SOURCE_TEXT"
DEFAULT_SOURCE_TEXT = SHARED_DIR / "seed" / "msc-exos-review.txt"
REFERENCE_INDEX_ENV = "MSCEXO_REFERENCE_INDEX"
DEFAULT_REFERENCE_INDEX = SHARED_DIR / "reference" / "terms.tsv.gz"

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

#: Version of the ontology and data; a release stamps its own.
VERSION = "0.1.0"

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
    iri = CONVERTER.expand(curie, strict=True)
    return iri


def compress_iri(iri: str) -> str | None:
    """Compress an external IRI to the CURIE form of the term cache, or None.

    >>> compress_iri("http://purl.obolibrary.org/obo/UBERON_0002371")
    'UBERON:0002371'
    """
    return CONVERTER.compress(iri)


def source_text_path(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The review text: ``explicit``, else $MSCEXO_SOURCE_TEXT, else ../shared/seed; None if absent."""
    for candidate in (explicit, os.environ.get(SOURCE_TEXT_ENV), DEFAULT_SOURCE_TEXT):
        if candidate:
            path = Path(candidate)
            if path.is_file():
                return path
            if candidate is explicit:
                raise FileNotFoundError(f"source text not found: {path}")
    return None
