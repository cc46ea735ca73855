"""Evidence quotes must be verbatim text of the review (whitespace-normalised), and every Web Annotation
selector of a quote must hold in that text: ``oa:exact`` at ``oa:start``..``oa:end``, ``oa:prefix`` right
before it and ``oa:suffix`` right after (offsets in the normalised text, :mod:`mscexo_ld.rdf.anchors`)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from mscexo_ld import constants as C
from mscexo_ld.rdf.anchors import normalise
from mscexo_ld.rdf.annotations import OA
from mscexo_ld.schema import QUOTE_ELISION
from mscexo_ld.validate.report import CheckResult, Issue

__all__ = ["check_quotes", "check_selectors", "normalise"]


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
    found = len(quotes) - len(issues)
    selectors, selector_issues = check_selectors(graph, text, origins)
    summary = f"{found}/{len(quotes)} quotes found verbatim"
    if selectors:
        summary += f"; {selectors - len(selector_issues)}/{selectors} annotated excerpts match their selectors"
    return CheckResult("quotes", issues=issues + selector_issues, summary=summary)


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def check_selectors(graph: Graph, text: str, origins: dict[str, str] | None = None) -> tuple[int, list[Issue]]:
    """Check the selectors of every ``oa:Annotation`` of ``graph`` against the normalised ``text``.

    Returns the number of annotations and one issue per annotation whose selectors do not hold (or
    that has no ``oa:TextPositionSelector``: its quote changed since the anchors were computed).
    """
    issues = []
    annotations = sorted(graph.subjects(RDF.type, OA.Annotation), key=str)
    for annotation in annotations:
        body = graph.value(annotation, OA.hasBody)
        target = graph.value(annotation, OA.hasTarget)
        selectors = set(graph.objects(target, OA.hasSelector)) if target is not None else set()
        quote = next((s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph), None)
        position = next((s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph), None)
        problem = _selector_problem(graph, text, quote, position)
        if problem is not None:
            exact = str(graph.value(quote, OA.exact) or "") if quote is not None else ""
            issues.append(
                Issue(
                    "quotes",
                    problem,
                    focus=str(annotation),
                    path="oa:hasTarget/oa:hasSelector",
                    value=exact[:120] + ("…" if len(exact) > 120 else ""),
                    origin=(origins or {}).get(str(body)),
                )
            )
    return len(annotations), issues


def _selector_problem(graph: Graph, text: str, quote: object, position: object) -> str | None:
    """Why the selectors of one annotation do not hold in ``text`` (None: they hold)."""
    if not isinstance(quote, URIRef):
        return "an annotation without an oa:TextQuoteSelector; expected one with oa:exact"
    exact = str(graph.value(quote, OA.exact) or "")
    if not isinstance(position, URIRef):
        return (
            "an annotation without an oa:TextPositionSelector (its quote changed since the anchors were "
            "computed); expected both selectors: run `bash scripts/release-graph.sh` with the review's text"
        )
    start, end = _int(graph.value(position, OA.start)), _int(graph.value(position, OA.end))
    if start is None or end is None or not 0 <= start <= end <= len(text):
        return f"oa:start {start} / oa:end {end}: expected offsets within the text (0..{len(text)})"
    if text[start:end] != exact:
        return f"the text at oa:start {start} .. oa:end {end} is {text[start:end][:60]!r}, expected the oa:exact"
    prefix, suffix = str(graph.value(quote, OA.prefix) or ""), str(graph.value(quote, OA.suffix) or "")
    if not text[:start].endswith(prefix):
        return f"oa:prefix {prefix[-40:]!r} does not end where the excerpt starts (oa:start {start})"
    if not text.startswith(suffix, end):
        return f"oa:suffix {suffix[:40]!r} does not start where the excerpt ends (oa:end {end})"
    return None


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
