"""Problems in the curated input: one :class:`Problem` each, all raised together as :class:`CurationError`."""

from __future__ import annotations

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


class CurationError(Exception):
    """The curated input has problems; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
