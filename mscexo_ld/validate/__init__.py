"""Validation of a built graph: SHACL shapes, OWL consistency, identifiers, evidence quotes.

Each check returns a :class:`CheckResult`; ``run_all`` runs them in order.
"""

from mscexo_ld.validate.report import CheckResult, Issue

__all__ = ["CheckResult", "Issue"]
