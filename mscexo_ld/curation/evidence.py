"""The evidence fields of a finding record agree with each other (issue 15).

``evidence_types``: ``not-stated`` stands alone; no ``models`` only with ``system_not_stated: true``;
no ``references`` only with ``uncited: true``; each involvement's ``phrase`` is words of the quote.
Called by :func:`mscexo_ld.curation.loaders.load_findings`, which reports through the record.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mscexo_ld import schema as S
from mscexo_ld.curation.fields import Record, SubRecord
from mscexo_ld.records import EVIDENCE_NOT_STATED, EntityRef, Involvement


def check_evidence(rec: Record, values: dict[str, Any]) -> None:
    """The evidence fields agree: not-stated alone; no models iff system_not_stated; no references iff uncited."""
    types = values["evidence_types"] or ()
    if EVIDENCE_NOT_STATED in types and len(types) > 1:
        rec.error(
            "evidence_types",
            f"found {EVIDENCE_NOT_STATED!r} with other evidence types; expected {EVIDENCE_NOT_STATED!r} alone",
        )
    if values["models"] == () and values["system_not_stated"] is False:
        rec.error(
            "models",
            "found no models and no system_not_stated; expected the experimental models the text states, or "
            "system_not_stated: true when it states none",
        )
    if values["models"] and values["system_not_stated"]:
        rec.error("system_not_stated", "found system_not_stated: true with models; expected one or the other")
    if values["references"] == () and values["uncited"] is False:
        rec.error(
            "references",
            "found an empty list; expected the review's reference number(s), or uncited: true for a result the "
            "review states with no number (never invent one)",
        )
    if values["references"] and values["uncited"]:
        rec.error("uncited", "found uncited: true with reference numbers; expected one or the other")


def check_phrases(rec: Record, quote: tuple[str, ...], involvements: tuple[Involvement, ...]) -> None:
    """Every involvement's phrase is in the quote (whitespace collapsed); a problem names the phrase's line."""
    text = " ".join(" ".join(quote).split())
    listed = rec.node_of("involvements")
    for i, inv in enumerate(involvements, start=1):
        if inv.phrase in text:
            continue
        item = listed.value[i - 1] if listed is not None and isinstance(listed.value, list) else None
        phrase = item.value.get("phrase") if item is not None and isinstance(item.value, dict) else None
        rec.error(
            f"involvements[{i}].phrase",
            f"found {inv.phrase!r}, which is not in the quote; expected the words as printed in the quote",
            phrase.line if phrase is not None else None,
        )


def load_involvements(rec: Record, items: Iterable[SubRecord], regulations: int) -> tuple[Involvement, ...]:
    """The ``involvements`` of a finding; a ``regulation`` number must name one of its ``regulations``."""
    out = []
    for sub in items:
        involved, phrase, regulation, note = (sub.take(f) for f in S.INVOLVEMENT.fields)
        if regulation is not None and regulation > regulations:
            rec.error(
                f"{sub.field}.regulation",
                f"found regulation {regulation}; expected the number of one of the finding's {regulations} "
                "regulation(s)",
                sub.node.line,
            )
            continue
        if involved and phrase:
            out.append(
                Involvement(
                    tuple(EntityRef(*v.split(":", 1)) for v in involved), " ".join(phrase.split()), regulation, note
                )
            )
    return tuple(out)
