"""Canned SPARQL queries (queries/*.rq) on the embedded store.

A query file starts with a header of ``#`` comment lines::

    # title: Which miRNAs carried by MSC-Exos act via a gene?
    # description: ...
    # param: gene | literal | PTEN | the gene product's label (HGNC symbol)
    # sorted-lists: refs

A parameter is bound as an RDF term (SPARQL substitution / initial binding of the
variable of the same name), never pasted into the query text. A ``sorted-lists`` column holds a GROUP_CONCAT joined by
", " whose order SPARQL leaves to the engine: its items are sorted (numbers numerically),
so every engine gives the same answer.
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pyoxigraph as ox

from mscexo_ld import constants as C

PARAM_TYPES = ("literal", "iri", "integer")


class QueryError(Exception):
    """A problem with a query file, its parameters or its execution."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    description: str


@dataclass(frozen=True)
class CannedQuery:
    name: str
    path: Path
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    sorted_lists: tuple[str, ...] = ()


class Cell(NamedTuple):
    """An RDF term in a result, engine-neutral: kind is 'iri', 'literal' or 'bnode'.

    A named tuple, not a dataclass: results can hold many thousands of cells, and a tuple is
    several times cheaper to create (the canned queries' 10 ms budget on the release).
    """

    kind: str
    value: str
    datatype: str | None = None
    language: str | None = None

    def __str__(self) -> str:
        return self.value


@dataclass
class Result:
    variables: list[str]
    rows: list[dict[str, Cell]] = field(default_factory=list)

    def as_tuples(self) -> list[tuple[str | None, ...]]:
        return [tuple(r[v].value if v in r else None for v in self.variables) for r in self.rows]


_HEADER = re.compile(r"^#\s*(title|description|param|sorted-lists)\s*:\s*(.*)$")
LIST_SEPARATOR = ", "


def parse_query_file(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
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
    if not title or not description:
        raise QueryError(f"{path}: missing '# title:' or '# description:' header line")
    return CannedQuery(path.stem, path, title, description, tuple(params), text, tuple(sorted_lists))


def _sort_lists(query: CannedQuery, result: Result) -> Result:
    def key(item: str) -> tuple[int, float, str]:
        return (0, float(item), "") if re.fullmatch(r"-?\d+(\.\d+)?", item) else (1, 0.0, item)

    for row in result.rows:
        for column in query.sorted_lists:
            cell = row.get(column)
            if cell is not None and cell.kind == "literal":
                items = sorted(cell.value.split(LIST_SEPARATOR), key=key)
                row[column] = Cell("literal", LIST_SEPARATOR.join(items), cell.datatype, cell.language)
    return result


def list_queries(queries_dir: Path = C.QUERIES_DIR) -> list[CannedQuery]:
    return [parse_query_file(p) for p in sorted(queries_dir.glob("*.rq"))]


def resolve_query(name_or_file: str, queries_dir: Path = C.QUERIES_DIR) -> CannedQuery:
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        return parse_query_file(path)
    candidate = queries_dir / f"{name_or_file}.rq"
    if candidate.is_file():
        return parse_query_file(candidate)
    names = [q.stem for q in sorted(queries_dir.glob("*.rq"))]
    raise QueryError(f"no canned query named {name_or_file!r} and no such .rq file; canned queries: {', '.join(names)}")


def bind_params(query: CannedQuery, given: dict[str, str]) -> dict[str, tuple[str, str]]:
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


# ----------------------------------------------------------------------------- engines


def load_store(nt_file: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(nt_file), format=ox.RdfFormat.N_TRIPLES)
    return store


def _ox_term(kind: str, value: str) -> ox.NamedNode | ox.Literal:
    if kind == "iri":
        return ox.NamedNode(value)
    if kind == "integer":
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return ox.Literal(value)


_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"


def _literal_cell(value: str, datatype: str | None, language: str | None) -> Cell:
    """A literal cell; xsd:decimal values in one lexical form (engines print 1000.0 or 1000).

    >>> _literal_cell("1000.0", _XSD + "decimal", None).value
    '1000'
    >>> _literal_cell("0.50", _XSD + "decimal", None).value
    '0.5'
    >>> _literal_cell("1", _XSD + "boolean", None).value
    'true'
    """
    if datatype == _XSD + "string" or language:
        datatype = None
    if datatype == _XSD + "boolean":
        value = {"1": "true", "0": "false"}.get(value, value)  # both are valid lexical forms
    if datatype == _XSD + "decimal":
        from decimal import Decimal, InvalidOperation

        try:
            number = Decimal(value)
            value = str(int(number)) if number == number.to_integral_value() else format(number.normalize(), "f")
        except InvalidOperation:
            pass
    return Cell("literal", value, datatype, language)


def _ox_literal(cell: Cell) -> ox.Literal:
    if cell.language:
        return ox.Literal(cell.value, language=cell.language)
    if cell.datatype:
        return ox.Literal(cell.value, datatype=ox.NamedNode(cell.datatype))
    return ox.Literal(cell.value)


def _cell_from_ox(term: Any) -> Cell:
    if isinstance(term, ox.NamedNode):
        return Cell("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Cell("bnode", term.value)
    language = term.language
    if language:
        return Cell("literal", term.value, None, language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:  # the common case, without the canonicalisation below
        return Cell("literal", term.value)
    return _literal_cell(term.value, datatype, None)


def run_oxigraph(store: ox.Store, query: CannedQuery, params: dict[str, tuple[str, str]]) -> Result:
    substitutions = {ox.Variable(name): _ox_term(t, v) for name, (t, v) in params.items()}
    try:
        solutions = store.query(query.text, substitutions=substitutions)
    except SyntaxError as exc:
        raise QueryError(f"{query.path}: SPARQL syntax error: {exc}") from exc
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"{query.path}: only SELECT queries are supported as canned queries")
    variables = [v.value for v in solutions.variables]
    columns = list(enumerate(variables))
    rows = []
    for solution in solutions:
        row = {}
        for i, v in columns:
            term = solution[i]
            if term is not None:
                row[v] = _cell_from_ox(term)
        rows.append(row)
    return _sort_lists(query, Result(variables, rows))


def run_rdflib(graph: Any, query: CannedQuery, params: dict[str, tuple[str, str]]) -> Result:
    """The same query on rdflib's in-memory SPARQL engine (the baseline, and a cross-check)."""
    from rdflib import BNode, Literal, URIRef

    bindings = {}
    for name, (t, v) in params.items():
        bindings[name] = URIRef(v) if t == "iri" else Literal(int(v)) if t == "integer" else Literal(v)
    res = graph.query(query.text, initBindings=bindings)
    variables = [str(v) for v in res.vars]
    rows = []
    for r in res:
        row = {}
        for v in variables:
            term = r[v]
            if term is None:
                continue
            if isinstance(term, URIRef):
                row[v] = Cell("iri", str(term))
            elif isinstance(term, BNode):
                row[v] = Cell("bnode", str(term))
            else:
                row[v] = _literal_cell(str(term), str(term.datatype) if term.datatype else None, term.language)
        rows.append(row)
    return _sort_lists(query, Result(variables, rows))


# ----------------------------------------------------------------------------- output


def format_result(result: Result, fmt: str) -> str:
    if fmt == "json":

        def term(c: Cell) -> dict[str, str]:
            d = {"type": {"iri": "uri", "literal": "literal", "bnode": "bnode"}[c.kind], "value": c.value}
            if c.datatype:
                d["datatype"] = c.datatype
            if c.language:
                d["xml:lang"] = c.language
            return d

        doc = {
            "head": {"vars": result.variables},
            "results": {"bindings": [{k: term(v) for k, v in row.items()} for row in result.rows]},
        }
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if fmt == "tsv":

        def term(c: Cell) -> str:
            if c.kind == "iri":
                return f"<{c.value}>"
            if c.kind == "bnode":
                return f"_:{c.value}"
            return str(_ox_literal(c))

        lines = ["\t".join("?" + v for v in result.variables)]
        lines += ["\t".join(term(row[v]) if v in row else "" for v in result.variables) for row in result.rows]
        return "\n".join(lines) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([row[v].value if v in row else "" for v in result.variables])
        return buf.getvalue()
    if fmt == "table":
        return _table(result)
    raise QueryError(f"unknown format {fmt!r}; expected table, csv, tsv or json")


def _table(result: Result, width: int = 100) -> str:
    cells = [[row[v].value if v in row else "" for v in result.variables] for row in result.rows]
    n = len(cells)
    footer = f"({n} row{'s' if n != 1 else ''})\n"
    if not cells:
        return " | ".join(result.variables) + "\n" + footer
    widths = [max(len(v), *(len(c[i]) for c in cells)) for i, v in enumerate(result.variables)]
    if sum(widths) + 3 * len(widths) <= width:
        line = " | ".join(v.ljust(w) for v, w in zip(result.variables, widths)).rstrip()
        out = [line, "-+-".join("-" * w for w in widths)]
        out += [" | ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
        return "\n".join(out) + "\n" + footer
    # Too wide for columns: one block per row, long values wrapped.
    key_width = max(len(v) for v in result.variables)
    blocks = []
    for i, row in enumerate(cells, start=1):
        lines = [f"--- row {i} ---"]
        for v, c in zip(result.variables, row):
            wrapped = textwrap.wrap(c, width=width - key_width - 2) or [""]
            lines.append(f"{v.rjust(key_width)}: {wrapped[0]}")
            lines += [" " * (key_width + 2) + w for w in wrapped[1:]]
        blocks.append("\n".join(lines))
    return "\n".join(blocks) + "\n" + footer
