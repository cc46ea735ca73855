"""The term cache: the external identifiers the graph uses, pinned from the reference index.

``data/terms.tsv`` has the columns of ``../shared/reference/terms.tsv.gz`` (curie, label,
vocabulary, deprecated, replaced_by, synonyms, source) and holds only the rows of the
CURIEs the graph and ontology use. ``refresh`` regenerates it from the index; ``verify``
re-checks every cached row against the index byte for byte.
"""

from __future__ import annotations

import csv
import errno
import gzip
import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from mscexo_ld import constants as C
from mscexo_ld.curation.safefile import UnsafeFileError, read_capped

COLUMNS = ("curie", "label", "vocabulary", "deprecated", "replaced_by", "synonyms", "source")


@dataclass(frozen=True)
class Term:
    """One row of the term cache."""

    curie: str
    label: str
    vocabulary: str
    deprecated: bool
    replaced_by: str
    synonyms: tuple[str, ...]
    source: str

    @classmethod
    def from_row(cls, row: dict[str, str]) -> Term:
        """A term from a TSV row of the cache or the reference index."""
        return cls(
            curie=row["curie"],
            label=row["label"],
            vocabulary=row["vocabulary"],
            deprecated=row["deprecated"] == "true",
            replaced_by=row["replaced_by"],
            synonyms=tuple(s for s in row["synonyms"].split("|") if s),
            source=row["source"],
        )


def reference_index_path(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The reference index: the path given, else the environment variable, else the default; None if none exists."""
    for candidate in (explicit, os.environ.get(C.REFERENCE_INDEX_ENV), C.DEFAULT_REFERENCE_INDEX):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def read_cache(path: Path = C.TERM_CACHE_FILE) -> dict[str, Term]:
    """The term cache by CURIE (empty when nothing exists at ``path``).

    Read like every curated file (:func:`~mscexo_ld.curation.safefile.read_capped`): a FIFO, a
    device or a folder is refused, and so is a file over the size cap, counted while reading, as an
    ``OSError`` naming the path (so that ``/dev/zero`` or a named pipe is never read as an empty cache).
    A cache that is not UTF-8 raises ``UnicodeDecodeError``.
    """
    if not os.path.lexists(path):
        return {}
    try:
        text = read_capped(Path(path), expected="a regular TSV file").decode("utf-8")
    except UnsafeFileError as exc:
        raise OSError(errno.EINVAL, exc.message, str(path)) from None
    return {row["curie"]: Term.from_row(row) for row in csv.DictReader(io.StringIO(text, newline=""), delimiter="\t")}


def scan_index(
    index: Path, wanted: Iterable[str], progress: Callable[[str], None] | None = None
) -> dict[str, dict[str, str]]:
    """Rows of the reference index for the ``wanted`` CURIEs (one pass over the file)."""
    wanted = set(wanted)
    found: dict[str, dict[str, str]] = {}
    with gzip.open(index, "rt", encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh, delimiter="\t"), start=1):
            if progress and n % 500_000 == 0:
                progress(f"scanned {n:,} rows of {index.name}")
            if row["curie"] in wanted:
                found[row["curie"]] = row
                if len(found) == len(wanted):
                    break
    return found


def render_cache(rows: Iterable[dict[str, str]]) -> str:
    """The term cache file text: the header, then the rows sorted by CURIE."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    for row in sorted(rows, key=lambda r: r["curie"]):
        writer.writerow({k: row[k] for k in COLUMNS})
    return buf.getvalue()


def write_cache(rows: Iterable[dict[str, str]], path: Path = C.TERM_CACHE_FILE) -> None:
    """Write the term cache atomically (a temporary file, then a rename)."""
    tmp = path.with_suffix(".tsv.tmp")
    tmp.write_text(render_cache(rows), encoding="utf-8", newline="")
    os.replace(tmp, path)
