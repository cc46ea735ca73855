"""Coverage of the review: every bracketed reference number in its text, and what accounts for it.

A number is accounted for by the findings or table records that cite it, or by an explicit
``out_of_scope`` reason on its reference record. Anything else is reported as unaccounted.
"""

from __future__ import annotations

import re
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from mscexo_ld.records import Corpus

#: The review's section headings (as printed) in text order, with a short name each.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("", "introduction"),
    ("CHARACTERISTICS AND BIOLOGICAL FUNCTIONS OF MSCS", "MSCs"),
    ("EXOSOMES", "exosomes"),
    ("MSC-EXOS", "MSC-Exos"),
    ("THERAPEUTIC POTENTIAL OF MSC-EXOS IN REGENERATIVE MEDICINE", "therapeutic: overview"),
    ("MSC-Exos in kidney diseases", "therapeutic: kidney"),
    ("MSC-Exos in liver diseases", "therapeutic: liver"),
    ("MSCs-Exos in cardiovascular diseases", "therapeutic: cardiovascular"),
    ("MSC-Exos in neurological diseases", "therapeutic: neurological"),
    ("MSC-Exos in musculoskeletal diseases", "therapeutic: musculoskeletal"),
    ("MSC-Exos in cutaneous wound healing", "therapeutic: skin"),
    ("CLINICAL STUDIES WITH MSC-EXOS", "clinical studies"),
    ("LIMITATIONS OF MSC-EXOS", "limitations"),
    ("CONCLUSION", "conclusion"),
)

_CITATION = re.compile(r"\[(\d+(?:\s*[,\-–]\s*\d+)*)\]")


def cited_numbers(text: str) -> dict[int, list[tuple[int, str]]]:
    """Reference number -> [(line, section)] for every bracketed citation, ranges expanded."""
    out: dict[int, list[tuple[int, str]]] = defaultdict(list)
    section = SECTIONS[0][1]
    headings = {h: name for h, name in SECTIONS if h}
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped in headings:
            section = headings[stripped]
        for match in _CITATION.finditer(line):
            for part in match.group(1).split(","):
                bounds = [int(b) for b in re.split(r"\s*[-–]\s*", part.strip())]
                for number in range(bounds[0], bounds[-1] + 1):
                    out[number].append((n, section))
    return dict(out)


@dataclass
class Entry:
    """One reference number cited in the review, with what accounts for it."""

    number: int
    lines: list[int]
    sections: list[str]
    findings: list[str] = field(default_factory=list)
    table_records: list[str] = field(default_factory=list)
    out_of_scope: str | None = None

    @property
    def status(self) -> str:
        """curated, out of scope, or UNACCOUNTED."""
        if self.findings or self.table_records:
            return "curated"
        return "out of scope" if self.out_of_scope else "UNACCOUNTED"


def coverage(corpus: Corpus, text: str) -> tuple[list[Entry], list[int]]:
    """Entries for every number cited in the text, and curated numbers the text never cites."""
    cited = cited_numbers(text)
    by_finding: dict[int, list[str]] = defaultdict(list)
    for f in corpus.findings.values():
        for number in f.references:
            by_finding[number].append(f.id)
    by_table: dict[int, list[str]] = defaultdict(list)
    for table, records in corpus.tables.items():
        for record in records.values():
            for number in record.references:
                by_table[number].append(f"{table}/{record.id}")
    entries = []
    for number in sorted(cited):
        where = cited[number]
        ref = corpus.references.get(number)
        entries.append(
            Entry(
                number=number,
                lines=sorted({line for line, _ in where}),
                sections=list(dict.fromkeys(section for _, section in where)),
                findings=sorted(by_finding.get(number, [])),
                table_records=sorted(by_table.get(number, [])),
                out_of_scope=ref.out_of_scope if ref else None,
            )
        )
    curated = set(by_finding) | set(by_table) | set(corpus.references)
    return entries, sorted(curated - set(cited))


def render(entries: list[Entry], uncited: list[int], source: Path) -> str:
    """The coverage report: one line per cited number, then the summary."""
    lines = [f"# Coverage of the review's reference numbers ({source.name})", ""]
    lines.append(f"{'ref':>4}  {'status':12}  {'section(s)':32}  accounted for by")
    for e in entries:
        by = ", ".join(e.findings + e.table_records) or (e.out_of_scope or "-")
        lines.append(f"{e.number:>4}  {e.status:12}  {'; '.join(e.sections)[:32]:32}  {by}")
    lines.append("")
    lines += summary(entries, uncited)
    return "\n".join(lines) + "\n"


def summary(entries: list[Entry], uncited: list[int]) -> list[str]:
    """The summary lines of the report: counts by status, overall and for the therapeutic sections."""
    total = len(entries)
    curated = sum(e.status == "curated" for e in entries)
    by_finding = sum(bool(e.findings) for e in entries)
    by_table = sum(bool(e.table_records) and not e.findings for e in entries)
    oos = sum(e.status == "out of scope" for e in entries)
    missing = [e.number for e in entries if e.status == "UNACCOUNTED"]
    therapeutic = [e for e in entries if any(s.startswith("therapeutic") for s in e.sections)]
    out = [
        f"reference numbers cited in the text: {total}",
        f"  cited by findings:                 {by_finding}",
        f"  cited by table records only:       {by_table}",
        f"  out of scope (with a reason):      {oos}",
        f"  unaccounted:                       {len(missing)}"
        + (f" ({', '.join(map(str, missing))})" if missing else ""),
        f"therapeutic sections: {len(therapeutic)} numbers, "
        f"{sum(e.status == 'curated' for e in therapeutic)} curated, "
        f"{sum(e.status == 'out of scope' for e in therapeutic)} out of scope, "
        f"{sum(e.status == 'UNACCOUNTED' for e in therapeutic)} unaccounted",
    ]
    if uncited:
        out.append(f"curated reference numbers the text never cites: {', '.join(map(str, uncited))}")
    assert curated + oos + len(missing) == total
    return out


# ----------------------------------------------------------------------------- involvement phrases, uncited results

#: Sections whose findings the involvement phrases are counted in (the therapeutic sections and the clinical one).
FINDING_SECTIONS = tuple(name for _, name in SECTIONS if name.startswith("therapeutic") or name == "clinical studies")
#: Words that introduce an undirected involvement ("via the MAPK signaling pathway", "by modulating ATG16L").
_INVOLVEMENT = re.compile(r"\b(?:via|through|by modulating)\b|\baxis\b")
#: An ``axis`` right after one of the other words (no sentence or clause break between) is the same phrase.
_SAME_PHRASE = re.compile(r"\b(?:via|through|by modulating)\b[^.;\[\]]{0,80}$")


@dataclass
class Phrase:
    """One involvement phrase of the review's text, and the findings whose involvements capture it."""

    line: int
    section: str
    text: str  # the phrase as printed (up to the next punctuation), whitespace collapsed
    findings: list[str] = field(default_factory=list)


def _section_text(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The text of the finding sections, whitespace collapsed, with (offset, line, section) at each line start."""
    headings = {h: name for h, name in SECTIONS if h}
    section, parts, starts, offset = SECTIONS[0][1], [], [], 0
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        section = headings.get(stripped, section)
        if section not in FINDING_SECTIONS or not stripped:
            continue
        piece = " ".join(stripped.split()) + " "
        starts.append((offset, n, section))
        parts.append(piece)
        offset += len(piece)
    return "".join(parts), starts


def involvement_phrases(corpus: Corpus, text: str) -> list[Phrase]:
    """Every via / through / by modulating / axis phrase of the finding sections, with what captures it.

    A phrase is captured when a finding's involvement ``phrase`` (words as printed, found in its quote)
    covers it in the text.
    """
    body, starts = _section_text(text)
    spans: list[tuple[int, int, str]] = []
    for f in corpus.findings.values():
        for inv in f.involvements:
            start = body.find(inv.phrase)
            while start >= 0:
                spans.append((start, start + len(inv.phrase), f.id))
                start = body.find(inv.phrase, start + 1)
    out = []
    for m in _INVOLVEMENT.finditer(body):
        if m.group(0) == "axis" and _SAME_PHRASE.search(body[max(0, m.start() - 90) : m.start()]):
            continue
        line, section = next((n, s) for off, n, s in reversed(starts) if off <= m.start())
        end = re.search(r"[.;,\[]|$", body[m.start() :])
        phrase = body[m.start() : m.start() + (end.start() if end else 0)].strip()
        if m.group(0) == "axis":
            phrase = body[max(0, m.start() - 60) : m.end()].split(",")[-1].strip()
        found = sorted({fid for a, b, fid in spans if a <= m.start() < b})
        out.append(Phrase(line, section, phrase, found))
    return out


def uncited_results(corpus: Corpus) -> list[str]:
    """Findings the review states with no reference number (``uncited: true``), by id."""
    return sorted(f.id for f in corpus.findings.values() if f.uncited)


def evidence_lines(corpus: Corpus, text: str) -> list[str]:
    """The report's section on involvement phrases and uncited results."""
    phrases = involvement_phrases(corpus, text)
    captured = [p for p in phrases if p.findings]
    lines = [
        "",
        "involvement phrases (via / through / by modulating / axis) in the finding sections: "
        f"{len(phrases)}, captured by involvements: {len(captured)}",
    ]
    for p in phrases:
        by = ", ".join(p.findings) or "NOT CAPTURED"
        lines.append(f"  line {p.line:>4}  {p.text[:70]:70}  {by}")
    total = sum(len(f.involvements) for f in corpus.findings.values())
    lines.append(f"involvements curated in all: {total} (also mechanisms printed as 'by regulating ...')")
    uncited = uncited_results(corpus)
    lines.append(f"uncited results (findings the review states with no reference number): {len(uncited)}")
    for fid in uncited:
        f = corpus.findings[fid]
        lines.append(f"  {fid}  {textwrap.shorten(f.statement, 100, placeholder=' ...')}")
    return lines
