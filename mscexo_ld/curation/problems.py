"""Problems in the curated input: one :class:`Problem` each, all raised together as :class:`CurationError`.

The list is capped (:class:`ProblemList`): the first :data:`MAX_PROBLEMS` problems are kept, the
rest only counted per file, so that a huge file of bad records cannot exhaust memory.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from mscexo_ld.curation.text import visible


@dataclass(frozen=True)
class Problem:
    """One problem in the curated input."""

    file: str
    line: int | None
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.record:
            parts.append(f"record {visible(self.record)}")
        if self.field:
            parts.append(f"field '{visible(self.field)}'")
        return ": ".join(parts) + f": {self.message}"


#: Problems kept one by one; any further ones are counted, per file, and summarised.
MAX_PROBLEMS = 200


class ProblemList(list[Problem]):
    """A list of problems that keeps the first ``limit`` and counts the rest per file (``dropped``)."""

    def __init__(self, limit: int = MAX_PROBLEMS):
        super().__init__()
        self.limit = limit
        self.dropped: Counter[str] = Counter()

    def append(self, problem: Problem) -> None:
        """Keep ``problem`` if fewer than ``limit`` are kept; else count it."""
        if len(self) < self.limit:
            super().append(problem)
        else:
            self.dropped[problem.file] += 1

    @property
    def total(self) -> int:
        """Every problem reported, kept or counted."""
        return len(self) + sum(self.dropped.values())

    def summarised(self) -> list[Problem]:
        """The kept problems, then one line per file saying how many more it has."""
        more = [
            Problem(
                file,
                None,
                None,
                None,
                f"... and {n:,} more problem{'s' if n != 1 else ''} in this file, not listed (only the first "
                f"{self.limit} problems of the curated input are kept); fix those and run again",
            )
            for file, n in sorted(self.dropped.items())
        ]
        return [*self, *more]


class CurationError(Exception):
    """The curated input has problems; ``problems`` lists them (capped: see :class:`ProblemList`).

    ``total`` counts every problem found, including those only counted.
    """

    def __init__(self, problems: list[Problem], total: int | None = None):
        self.problems = problems
        self.total = len(problems) if total is None else total
        super().__init__("\n".join(str(p) for p in problems))
