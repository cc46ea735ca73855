"""Validation of a graph: SHACL shapes, OWL consistency, ontology QC, identifiers, evidence quotes.

Each check returns a :class:`CheckResult` (``report.py``); ``mscexo_ld.validate.run.run`` runs
the selected checks on a graph or on RDF files and returns a typed :class:`ValidationReport`.
The names are imported on first use, so importing this package costs nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mscexo_ld.validate.report import CheckResult, Issue
    from mscexo_ld.validate.run import CHECKS, CheckOutcome, SourceLocation, ValidationReport, Violation

__all__ = [
    "CHECKS",
    "CheckOutcome",
    "CheckResult",
    "Issue",
    "SourceLocation",
    "ValidationReport",
    "Violation",
]

_HOME = {"CheckResult": "report", "Issue": "report"}


def __getattr__(name: str) -> Any:
    """The package's names, imported from their module on first use."""
    if name in __all__:
        return getattr(importlib.import_module(f"mscexo_ld.validate.{_HOME.get(name, 'run')}"), name)
    raise AttributeError(f"module 'mscexo_ld.validate' has no attribute {name!r}")
