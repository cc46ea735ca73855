"""Curation: curated YAML -> checked, typed records (text checks, YAML positions, field checks, corpus, cross-checks).

The stage's entry is :func:`load_corpus`; it raises :class:`CurationError` listing every problem.
"""

from mscexo_ld.curation.corpus import load_corpus
from mscexo_ld.curation.problems import CurationError, Problem

__all__ = ["CurationError", "Problem", "load_corpus"]
