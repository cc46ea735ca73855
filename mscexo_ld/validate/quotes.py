"""Evidence quotes must be verbatim text of the review (whitespace-normalised)."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph

from mscexo_ld import constants as C
from mscexo_ld.schema import QUOTE_ELISION
from mscexo_ld.validate.report import CheckResult, Issue

_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """``text`` with every run of whitespace made one space, stripped."""
    return _WS.sub(" ", text).strip()


def check_quotes(graph: Graph, source_text: Path | None, origins: dict[str, str] | None = None) -> CheckResult:
    """Every evidence quote of ``graph`` found verbatim in the review's text (NOT RUN without the text)."""
    quotes = sorted(graph.subject_objects(C.MSCEXO.evidenceQuote), key=lambda so: str(so[0]))
    if source_text is None:
        return CheckResult(
            "quotes",
            ran=False,
            summary=(
                f"NOT RUN: the review text was not found ({len(quotes)} quotes unchecked). Pass --source-text PATH"
                + (
                    f", set ${C.SOURCE_TEXT_ENV}, or place it at {C.DEFAULT_SOURCE_TEXT}"
                    if C.DEFAULT_SOURCE_TEXT is not None
                    else f" or set ${C.SOURCE_TEXT_ENV}"
                )
            ),
        )
    text = normalise(source_text.read_text(encoding="utf-8"))
    issues = []
    for subject, quote in quotes:
        after = 0
        for q in (normalise(part) for part in str(quote).split(QUOTE_ELISION)):
            at = text.find(q, after)
            if at >= 0:
                after = at + len(q)
                continue
            problem = (
                (
                    "an excerpt of an elided quote comes before the previous excerpt in the text; "
                    "expected the excerpts in text order"
                )
                if q in text
                else (f"evidence quote not found verbatim in {source_text.name}: {_closest_hint(q, text)}")
            )
            issues.append(
                Issue(
                    "quotes",
                    problem,
                    focus=str(subject),
                    path="mscexo:evidenceQuote",
                    value=q[:120] + ("…" if len(q) > 120 else ""),
                    origin=(origins or {}).get(str(subject)),
                )
            )
            break
    return CheckResult(
        "quotes", issues=issues, summary=f"{len(quotes) - len(issues)}/{len(quotes)} quotes found verbatim"
    )


def _closest_hint(quote: str, text: str) -> str:
    """Say where the quote stops matching: the longest prefix that is found."""
    lo, hi = 0, len(quote)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if quote[:mid] in text:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return "not even its first character matches"
    return f"matches up to character {lo}, then differs at {quote[lo : lo + 30]!r}"
