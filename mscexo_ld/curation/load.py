"""Compatibility: the names once defined in this module, for code not yet importing their new homes.

The loader was split (``text``, ``yamlpos``, ``fields``, ``loaders``, ``corpus``, ``crosscheck``,
``problems``; quote and id rules in ``mscexo_ld.schema``). Import ``load_corpus`` and
``CurationError`` from ``mscexo_ld.curation``. Remove this module once nothing imports it.
"""

from mscexo_ld.curation.corpus import load_corpus
from mscexo_ld.curation.problems import CurationError, Problem
from mscexo_ld.curation.text import lookalike as _lookalike
from mscexo_ld.curation.yamlpos import MAX_DEPTH, MAX_FILE_BYTES
from mscexo_ld.schema import QUOTE_ELISION

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "QUOTE_ELISION", "CurationError", "Problem", "_lookalike", "load_corpus"]
