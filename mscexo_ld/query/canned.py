"""Query files: the canned queries of ``queries/*.rq`` (header, listing, parameters) and ad-hoc .rq files.

A canned query file starts with a header of ``#`` comment lines::

    # title: Which miRNAs carried by MSC-Exos act via a gene?
    # description: ...
    # param: gene | literal | PTEN | the gene product's label (HGNC symbol)
    # sorted-lists: refs

A canned query must have a title and a description; an ad-hoc .rq file (given by its path)
may be plain SPARQL, and its header lines, if any, are read the same way. A parameter is bound
as an RDF term (SPARQL substitution / initial binding of the variable of the same name), never
pasted into the query text. A ``sorted-lists`` column holds a GROUP_CONCAT whose items are
sorted after the query (``results.sort_lists``), so every engine gives the same answer.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mscexo_ld import constants as C
from mscexo_ld.query.results import QueryError, Result

PARAM_TYPES = ("literal", "iri", "integer")

BoundParams = dict[str, tuple[str, str]]
"""Parameters checked against a query's header: name -> (type, value)."""


@dataclass(frozen=True)
class Param:
    """A query parameter declared by a ``# param:`` header line."""

    name: str
    type: str
    default: str | None
    description: str


@dataclass(frozen=True)
class CannedQuery:
    """A query file, parsed: its name (file stem), header fields and SPARQL text."""

    name: str
    path: Path
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    sorted_lists: tuple[str, ...] = ()


_HEADER = re.compile(r"^#\s*(title|description|param|sorted-lists)\s*:\s*(.*)$")


def parse_query_file(path: Path, *, canned: bool = True) -> CannedQuery:
    """Read a query file and its header; a canned query (``canned``) must have a title and a description.

    An ad-hoc file without a title is titled by its file name.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save the query as UTF-8") from exc
    title = description = None
    params = []
    sorted_lists: list[str] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "title":
            title = value
        elif key == "sorted-lists":
            sorted_lists += [v.strip().lstrip("?") for v in value.split(",") if v.strip()]
        elif key == "description":
            description = (description + " " + value) if description else value
        else:
            parts = [p.strip() for p in value.split("|")]
            if len(parts) != 4 or parts[1] not in PARAM_TYPES or not re.match(r"^[A-Za-z_]\w*$", parts[0]):
                raise QueryError(
                    f"{path}:{n}: bad param header {value!r}; expected "
                    f"'# param: NAME | {'|'.join(PARAM_TYPES)} | DEFAULT (or -) | DESCRIPTION'"
                )
            params.append(Param(parts[0], parts[1], None if parts[2] == "-" else parts[2], parts[3]))
    if canned and (not title or not description):
        raise QueryError(f"{path}: missing '# title:' or '# description:' header line")
    return CannedQuery(path.stem, path, title or path.name, description or "", tuple(params), text, tuple(sorted_lists))


def list_queries(queries_dir: Path = C.QUERIES_DIR) -> list[CannedQuery]:
    """Every canned query of ``queries_dir``, by name."""
    return [parse_query_file(p) for p in sorted(queries_dir.glob("*.rq"))]


def resolve_query(name_or_file: str, queries_dir: Path = C.QUERIES_DIR) -> CannedQuery:
    """A canned query by name, or an ad-hoc .rq file by path (headers optional there).

    An unknown name raises a ``QueryError`` naming the closest canned query, if one is close.
    """
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        return parse_query_file(path, canned=False)
    candidate = queries_dir / f"{name_or_file}.rq"
    if candidate.is_file():
        return parse_query_file(candidate)
    if path.suffix == ".rq":
        raise QueryError(f"no such query file: {name_or_file}")
    raise QueryError(unknown_query_message(name_or_file, [q.stem for q in sorted(queries_dir.glob("*.rq"))]))


def unknown_query_message(name: str, names: list[str]) -> str:
    """The message for an unknown query name: the closest known name, if any, not the whole list.

    >>> unknown_query_message("mirna-via-gene", ["mirna-targets", "mirnas-via-gene"])
    "unknown query 'mirna-via-gene'; did you mean 'mirnas-via-gene'? (mscexo-ld query --list shows all)"
    >>> unknown_query_message("zzz", ["mirnas-via-gene"])
    "unknown query 'zzz' (mscexo-ld query --list shows all)"
    """
    close = difflib.get_close_matches(name, names, n=1)
    suggestion = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown query {name!r}{suggestion} (mscexo-ld query --list shows all)"


def bind_params(query: CannedQuery, given: dict[str, str]) -> BoundParams:
    """Check the given parameters against the header; return name -> (type, value)."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise QueryError(
            f"query {query.name!r} has no parameter {', '.join(unknown)}; parameters: {', '.join(declared) or 'none'}"
        )
    out = {}
    for p in query.params:
        value = given.get(p.name, p.default)
        if value is None:
            raise QueryError(f"query {query.name!r} needs --param {p.name}=VALUE ({p.description})")
        if p.type == "integer" and not re.fullmatch(r"[+-]?\d+", value):
            raise QueryError(f"parameter {p.name}: found {value!r}; expected an integer")
        if p.type == "iri" and not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*", value):
            raise QueryError(f"parameter {p.name}: found {value!r}; expected an absolute IRI")
        out[p.name] = (p.type, value)
    return out


# ----------------------------------------------------------------------------- hints

Runner = Callable[[CannedQuery, BoundParams], Result]
"""Runs a query with bound parameters on one engine (without hints)."""

LABEL_LOOKUP = CannedQuery(
    name="labels-ignoring-case",
    path=Path("labels-ignoring-case.rq"),
    title="Which labels equal a value when case is ignored?",
    description="The distinct rdfs:label values that equal the value ignoring case, but not exactly.",
    params=(Param("value", "literal", None, "the text to look for"),),
    text="""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?value (STR(?l) AS ?label)
WHERE {
  ?thing rdfs:label ?l .
  FILTER(LCASE(STR(?l)) = LCASE(?value) && STR(?l) != ?value)
}
ORDER BY ?label
""",
)
_MAX_CANDIDATES = 5


def case_hints(params: BoundParams, run: Runner) -> list[str]:
    """Hints for a query that found no rows: literal parameters whose value is a label when case is ignored.

    One line per such parameter, e.g. ``hint: no rows for gene=pten; did you mean gene=PTEN?``.
    Call it only for an empty result: it runs one label lookup per literal parameter (about
    0.7 ms each on the release), so an answer with rows costs nothing more.
    """
    hints = []
    for name, (kind, value) in params.items():
        if kind != "literal":
            continue
        found = run(LABEL_LOOKUP, {"value": ("literal", value)})
        labels = [row["label"].value for row in found.rows if "label" in row][:_MAX_CANDIDATES]
        if labels:
            suggestions = " or ".join(f"{name}={label}" for label in labels)
            hints.append(f"hint: no rows for {name}={value}; did you mean {suggestions}?")
    return hints
