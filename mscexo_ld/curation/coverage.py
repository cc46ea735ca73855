"""Coverage of the review: every bracketed reference number in its text, and what accounts for it.

A number is accounted for by the findings or table records that cite it, or by an explicit
``out_of_scope`` reason on its reference record. Anything else is reported as unaccounted.
"""

from __future__ import annotations

import re
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
