"""The evidence triples of a finding: evidence types, experimental system not stated, uncited, involvements,
and the form and against-expectation flags of its regulations.

Called by :func:`mscexo_ld.rdf.builders.add_finding` after the finding's own triples; kept apart so
that the evidence vocabulary (the ontology's "Evidence and involvement" block) is built in one place.
Every IRI comes from :mod:`mscexo_ld.iris` (involved things are genes, mechanisms or cargo: never species).
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld.records import FORMS, Corpus, Finding

M = C.MSCEXO


def add_finding_evidence(g: Graph, corpus: Corpus, finding: Finding) -> None:  # noqa: ARG001 (a builder)
    """Evidence type(s), the not-stated and uncited flags, involvements, regulation forms and quirk flags."""
    node = iris.finding(finding.id)
    for ident in finding.evidence_types:
        g.add((node, M.evidenceType, iris.entity("evidence-type", ident)))
    if finding.system_not_stated:
        g.add((node, M.experimentalSystemNotStated, Literal(True)))
    if finding.uncited:
        g.add((node, M.uncitedInReview, Literal(True)))
    for i, reg in enumerate(finding.regulations, start=1):
        rnode = iris.regulation(finding.id, i)
        if reg.form:
            g.add((rnode, M.regulatedForm, M[FORMS[reg.form]]))
        if reg.against_expectation:
            g.add((rnode, M.printedAgainstExpectation, Literal(True)))
    for inv in finding.involvements:
        subject: URIRef = node if inv.regulation is None else iris.regulation(finding.id, inv.regulation)
        for ref in inv.involved:
            g.add((subject, M.involves, iris.entity(ref.kind, ref.id)))
