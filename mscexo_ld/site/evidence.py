"""The evidence of a finding, for the site: evidence types, experimental system, uncited flag,
involvements (no direction) and the forms and against-expectation flags of its regulations.

Kept apart from :mod:`mscexo_ld.site.pages` so the evidence view stays one small piece: pages.py
passes :func:`evidence_view` to the finding page and the finding list, and the templates
``_evidence.html`` (finding page) and ``_evidence_cell.html`` (a column of the finding list) show it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef

from mscexo_ld import constants as C
from mscexo_ld.site.graph_index import SiteGraph
from mscexo_ld.site.model import Link

M = C.MSCEXO


@dataclass(frozen=True)
class QualifiedRegulation:
    """A regulation of the finding with the form the text names and/or flagged as printed against expectation."""

    anchor: str
    label: str
    form: str | None
    against_expectation: bool


@dataclass(frozen=True)
class Involvement:
    """Something the finding (or one of its regulations) involves, with no direction printed."""

    via: Link
    regulation: str | None  # the regulation's label when the involvement qualifies one


@dataclass(frozen=True)
class EvidenceView:
    """How a finding's result was obtained and what it involves, as shown on its page and in the finding list."""

    types: tuple[Link, ...]
    system: tuple[Link, ...]
    system_not_stated: bool
    uncited: bool
    involvements: tuple[Involvement, ...] = ()
    qualified: tuple[QualifiedRegulation, ...] = ()


def _true(site: SiteGraph, node: URIRef, predicate: URIRef) -> bool:
    return Literal(True) in set(site.g.objects(node, predicate))


def evidence_view(site: SiteGraph, f: URIRef, cur: str) -> EvidenceView:
    """The evidence of finding ``f`` with links relative to page ``cur``."""
    g = site.g
    involvements = [Involvement(site.link(x, cur), None) for x in site.objects(f, M.involves)]
    qualified = []
    for r in site.regulations(f):
        involvements += [Involvement(site.link(x, cur), site.label(r)) for x in site.objects(r, M.involves)]
        form = g.value(r, M.regulatedForm)
        against = _true(site, r, M.printedAgainstExpectation)
        if form is not None or against:
            parts = str(r).rsplit("/", 2)
            qualified.append(
                QualifiedRegulation(
                    f"{parts[-2]}-{parts[-1]}", site.label(r), site.label(form) if form is not None else None, against
                )
            )
    return EvidenceView(
        types=site.links(site.objects(f, M.evidenceType), cur),
        system=site.links(site.objects(f, M.model), cur),
        system_not_stated=_true(site, f, M.experimentalSystemNotStated),
        uncited=_true(site, f, M.uncitedInReview),
        involvements=tuple(involvements),
        qualified=tuple(qualified),
    )
