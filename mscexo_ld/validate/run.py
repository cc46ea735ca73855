"""Run the selected checks on a graph or on RDF files, and return a typed :class:`ValidationReport`.

The checks, in the order they are reported: ``shacl`` (the shapes, pySHACL or pyshacl-turbo),
``reasoner`` (OWL consistency with HermiT, in a child process that overlaps with the others),
``qc`` (ontology quality control), ``identifiers`` (against the pinned term cache) and
``quotes`` (evidence quotes against the review's text). A check that cannot run (no review
text, no ``java``) is NOT RUN, with the reason in its summary.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mscexo_ld import constants as C
from mscexo_ld.validate.report import CheckResult, Issue

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

    from mscexo_ld.validate.reasoner import ConsistencyCheck

#: Every check, in the order they are reported by default.
CHECKS: tuple[str, ...] = ("shacl", "reasoner", "qc", "identifiers", "quotes")
#: The SHACL engines: pySHACL (the default and reference), pyshacl-turbo and Jena SHACL (opt-in).
ENGINES: tuple[str, ...] = ("pyshacl", "turbo", "jena")

Status = Literal["PASS", "FAIL", "NOT RUN"]


class UnknownCheckError(ValueError):
    """A check name that is not one of :data:`CHECKS`."""


class DataError(ValueError):
    """An RDF data file that cannot be parsed; the message starts with the file's path."""


@dataclass(frozen=True)
class SourceLocation:
    """Where the record behind a problem was curated: file (relative to the project), line, record, field."""

    file: str
    line: int | None = None
    record: str | None = None
    field: str | None = None

    _PATTERN = re.compile(r"^(?P<file>.+?):(?P<line>\d+) \(record (?P<record>.+?)(?:, field (?P<field>.+))?\)$")

    @classmethod
    def parse(cls, text: str) -> SourceLocation:
        """Read one origin as the checks write it: ``data/findings/x.yaml:12 (record F109, field regulations[2])``.

        >>> SourceLocation.parse("data/findings/x.yaml:12 (record F109, field regulations[2])")
        SourceLocation(file='data/findings/x.yaml', line=12, record='F109', field='regulations[2]')
        """
        found = cls._PATTERN.match(text)
        if found is None:
            return cls(file=text)
        return cls(found["file"], int(found["line"]), found["record"], found["field"])

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line is not None else "")
        if self.record is None:
            return where
        return f"{where} (record {self.record}" + (f", field {self.field})" if self.field else ")")


@dataclass(frozen=True)
class Violation:
    """One problem: the check that found it, the focus node, path, value, message, severity and curated origin."""

    check: str
    message: str
    focus: str | None = None
    path: str | None = None
    value: str | None = None
    severity: str = "Violation"  # SHACL's sh:Violation / sh:Warning / sh:Info, by local name
    #: Where the record behind it was curated, as the reports print it: ``file:line (record R); ...``.
    origin: str | None = None

    @property
    def sources(self) -> tuple[SourceLocation, ...]:
        """Every curated origin (an identifier can be mapped from several records), read from ``origin``."""
        return tuple(SourceLocation.parse(part) for part in (self.origin or "").split("; ") if part)

    @property
    def source(self) -> SourceLocation | None:
        """The first curated origin, when known."""
        sources = self.sources
        return sources[0] if sources else None

    def _issue(self) -> Issue:
        return Issue(self.check, self.message, self.focus, self.path, self.value, self.origin)

    def render(self) -> str:
        """The text report's lines for this problem."""
        return self._issue().render()

    def as_dict(self) -> dict[str, str | None]:
        """The JSON report's object for this problem."""
        return self._issue().as_dict()

    @classmethod
    def from_issue(cls, issue: Issue, severity: str = "Violation") -> Violation:
        """A violation from a check's :class:`Issue`, with its severity."""
        return cls(issue.check, issue.message, issue.focus, issue.path, issue.value, severity, issue.origin)


@dataclass(frozen=True)
class CheckOutcome:
    """One check: its status (PASS, FAIL or NOT RUN), its summary line and what it found."""

    name: str
    status: Status
    summary: str
    violations: tuple[Violation, ...] = ()

    @property
    def ran(self) -> bool:
        """False when the check could not run."""
        return self.status != "NOT RUN"

    @property
    def passed(self) -> bool:
        """True when the check ran and found nothing."""
        return self.status == "PASS"

    def render(self) -> str:
        """The status line the text report ends with."""
        return f"{self.status:8} {self.name:12} {self.summary}"


@dataclass(frozen=True)
class ValidationReport:
    """What ``validate`` found: one outcome per check, in the order asked."""

    checks: tuple[CheckOutcome, ...]
    #: The SHACL engine's own report graph (``sh:ValidationReport``), when the shacl check ran.
    shacl_report: Graph | None = field(default=None, compare=False, repr=False)

    @property
    def conforms(self) -> bool:
        """True when every check ran and found nothing."""
        return all(c.passed for c in self.checks)

    @property
    def failed(self) -> list[CheckOutcome]:
        """The checks that found problems."""
        return [c for c in self.checks if c.status == "FAIL"]

    @property
    def not_run(self) -> list[CheckOutcome]:
        """The checks that could not run (the reason is in their summary)."""
        return [c for c in self.checks if c.status == "NOT RUN"]

    @property
    def violations(self) -> list[Violation]:
        """Every problem found, check by check."""
        return [v for c in self.checks for v in c.violations]

    def check(self, name: str) -> CheckOutcome:
        """The outcome of the check ``name`` (KeyError when it was not selected)."""
        for outcome in self.checks:
            if outcome.name == name:
                return outcome
        raise KeyError(name)

    def as_dict(self) -> dict[str, Any]:
        """The JSON report (``validate --format json``)."""
        return {
            "conforms": self.conforms,
            "checks": [
                {
                    "name": c.name,
                    "ran": c.ran,
                    "passed": c.passed,
                    "summary": c.summary,
                    "issues": [v.as_dict() for v in c.violations],
                }
                for c in self.checks
            ],
        }

    def render(self) -> str:
        """The text report: every problem, then one status line per check."""
        lines = [v.render() for v in self.violations] + [c.render() for c in self.checks]
        return "".join(line + "\n" for line in lines)


def _severities(report: Graph | None) -> dict[tuple[str, str], str]:
    """(focus, message) -> severity local name, from a SHACL report graph."""
    if report is None:
        return {}
    from rdflib.namespace import RDF, SH

    from mscexo_ld.validate.shacl import short

    out: dict[tuple[str, str], str] = {}
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        message = (
            f"{report.value(result, SH.resultMessage)} ({short(report.value(result, SH.sourceConstraintComponent))})"
        )
        if severity is not None:
            out[(str(report.value(result, SH.focusNode)), message)] = str(severity).rsplit("#", 1)[-1]
    return out


def outcome(result: CheckResult) -> CheckOutcome:
    """A check's :class:`CheckResult` as a typed :class:`CheckOutcome`."""
    severities = _severities(result.report) if result.name == "shacl" else {}
    violations = tuple(
        Violation.from_issue(i, severities.get((i.focus or "", i.message), "Violation")) for i in result.issues
    )
    status: Status = "PASS" if result.passed else ("NOT RUN" if not result.ran else "FAIL")
    return CheckOutcome(result.name, status, result.summary, violations)


def select_checks(checks: str | Iterable[str]) -> list[str]:
    """The checks asked for (a comma-separated string or names), each once, in order; UnknownCheckError."""
    names = checks.split(",") if isinstance(checks, str) else list(checks)
    wanted = [c.strip() for c in names if c.strip()]
    unknown = sorted(set(wanted) - set(CHECKS))
    if unknown:
        raise UnknownCheckError(f"unknown check(s) {', '.join(unknown)}; expected {', '.join(CHECKS)}")
    return list(dict.fromkeys(wanted))


def read_data(files: Sequence[Path], *, checks: Sequence[str] = CHECKS, shacl_engine: str = "pyshacl") -> Any:
    """The RDF files and the ontology, read for the checks: an rdflib Graph, or a pyoxigraph Store.

    SHACL alone with pyshacl-turbo gets the files as N-Triples text, parsed by its own parser
    (``shacl.read_turbo_data``: no rdflib Graph, no pyoxigraph Store); every other check needs
    the rdflib Graph. A file that cannot be parsed raises :class:`DataError` (``"<file>: <error>"``).
    """
    if shacl_engine == "jena" and set(checks) == {"shacl"}:  # Java reads the files itself
        from mscexo_ld.validate.jena_shacl import JenaData

        return JenaData((*files, C.ONTOLOGY_FILE))
    if shacl_engine == "turbo" and set(checks) == {"shacl"}:
        from mscexo_ld.validate.shacl import read_turbo_data

        try:
            return read_turbo_data([*files, C.ONTOLOGY_FILE])
        except ValueError as exc:
            raise DataError(str(exc)) from exc
    from rdflib import Graph

    from mscexo_ld.rdf.build import load_ontology
    from mscexo_ld.validate.inputs import read_into

    graph = Graph()  # the data and the ontology in one graph: no second copy of a large input
    for path in files:
        try:
            read_into(graph, path)
        except Exception as exc:  # rdflib and pyoxigraph raise many kinds of parse errors
            raise DataError(f"{path}: {exc}") from exc
    graph += load_ontology()
    return graph


def run(
    data: Graph | ox.Store | Sequence[Path | str],
    *,
    checks: str | Iterable[str] = CHECKS,
    shacl_engine: str = "pyshacl",
    source_text: Path | None = None,
    terms: Path = C.TERM_CACHE_FILE,
    origins: Mapping[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
    reasoner: ConsistencyCheck | None = None,
) -> ValidationReport:
    """Run ``checks`` on ``data`` and return the report.

    ``data`` is an rdflib Graph (validated as given: include the ontology, as the release
    graph does), a pyoxigraph Store (SHACL with pyshacl-turbo only), or RDF files (read with
    the ontology mixed in, see :func:`read_data`). ``source_text`` is the review's text for
    the quote check (None: that check is NOT RUN); ``terms`` the pinned term cache;
    ``origins`` maps IRIs to where they were curated (see ``report.origin_index``).
    Raises UnknownCheckError, DataError, and FileNotFoundError when pyshacl-turbo is asked
    for but not installed. ``reasoner``: the reasoner check already started on this graph
    (``build --validate`` starts it before rendering the release files).
    """
    selected = select_checks(checks)
    if shacl_engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {shacl_engine!r}; expected {', '.join(ENGINES)}")
    from mscexo_ld.validate.shacl import require_engine

    if "shacl" in selected:
        require_engine(shacl_engine)  # FileNotFoundError saying how to get it, before any work
    if isinstance(data, (str, Path)):
        data = [data]
    # an rdflib Graph; a pyoxigraph Store only for SHACL alone with pyshacl-turbo (see read_data)
    graph: Any = (
        read_data([Path(p) for p in data], checks=selected, shacl_engine=shacl_engine)
        if isinstance(data, Sequence)
        else data
    )
    from mscexo_ld.curation.terms import read_cache
    from mscexo_ld.validate.identifiers import check_identifiers
    from mscexo_ld.validate.qc import check_qc
    from mscexo_ld.validate.quotes import check_quotes
    from mscexo_ld.validate.reasoner import ConsistencyCheck
    from mscexo_ld.validate.shacl import TurboDataError, check_shacl

    where = dict(origins or {})
    # The reasoner runs in a child process (owlready2 + Java): start it first, so it overlaps with the others.
    if "reasoner" not in selected:
        reasoner = None
    elif reasoner is None:
        reasoner = ConsistencyCheck(graph)
    by_name: dict[str, CheckResult] = {}
    for check in selected:
        if progress is not None:
            progress(f"checking {check} ...")
        if check == "shacl":
            try:
                by_name[check] = check_shacl(graph, origins=where, engine=shacl_engine)
            except TurboDataError as exc:  # a file that pyshacl-turbo's or Jena's parser refused
                raise DataError(str(exc)) from exc
        elif check == "qc":
            by_name[check] = check_qc(graph)
        elif check == "identifiers":
            by_name[check] = check_identifiers(graph, read_cache(terms), where)
        elif check == "quotes":
            by_name[check] = check_quotes(graph, source_text, where)
    if reasoner is not None:
        by_name["reasoner"] = reasoner.result()
    shacl = by_name.get("shacl")
    return ValidationReport(
        tuple(outcome(by_name[c]) for c in selected), shacl_report=shacl.report if shacl is not None else None
    )
