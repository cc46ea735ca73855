"""Query results, engine-neutral: cells, rows, the sorting of list columns, and the output formats.

Every engine (the embedded pyoxigraph store, rdflib, any SPARQL endpoint) turns its answer into
a ``Result`` of ``Cell`` values, so the same query gives the same bytes whichever engine ran it:

- a literal's lexical form is made canonical where engines differ (``literal_cell``);
- a ``sorted-lists`` column holds a GROUP_CONCAT joined by ", " whose order SPARQL leaves to
  the engine: its items are sorted, numbers numerically (``sort_lists``);
- a query parameter becomes one RDF term (``param_term``), never text pasted into a query.
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

import pyoxigraph as ox

LIST_SEPARATOR = ", "
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"


class QueryError(Exception):
    """A problem with a query file, its parameters or its execution; the message is for the user."""


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
    """The answer to a SELECT query: its variables, one dict per row, and hints for the user.

    ``hints`` are messages for whoever asked (e.g. a parameter value that matches a label only
    when case is ignored); they are never part of the formatted answer.
    """

    variables: list[str]
    rows: list[dict[str, Cell]] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)

    def as_tuples(self) -> list[tuple[str | None, ...]]:
        """The rows as tuples of values in variable order, None where a variable is unbound."""
        return [tuple(r[v].value if v in r else None for v in self.variables) for r in self.rows]


def literal_cell(value: str, datatype: str | None, language: str | None) -> Cell:
    """A literal cell; xsd:decimal values in one lexical form (engines print 1000.0 or 1000).

    >>> literal_cell("1000.0", XSD + "decimal", None).value
    '1000'
    >>> literal_cell("0.50", XSD + "decimal", None).value
    '0.5'
    >>> literal_cell("1", XSD + "boolean", None).value
    'true'
    """
    if datatype == XSD_STRING or language:
        datatype = None
    if datatype == XSD + "boolean":
        value = {"1": "true", "0": "false"}.get(value, value)  # both are valid lexical forms
    if datatype == XSD + "decimal":
        try:
            number = Decimal(value)
            value = str(int(number)) if number == number.to_integral_value() else format(number.normalize(), "f")
        except InvalidOperation:
            pass
    return Cell("literal", value, datatype, language)


def _list_item_key(item: str) -> tuple[int, float, str]:
    return (0, float(item), "") if re.fullmatch(r"-?\d+(\.\d+)?", item) else (1, 0.0, item)


def sort_lists(result: Result, columns: tuple[str, ...]) -> Result:
    """Sort the items of each ``columns`` literal (joined by ", "), numbers numerically; in place.

    >>> r = sort_lists(Result(["refs"], [{"refs": Cell("literal", "119, 12, b, a")}]), ("refs",))
    >>> r.rows[0]["refs"].value
    '12, 119, a, b'
    """
    for row in result.rows:
        for column in columns:
            cell = row.get(column)
            if cell is not None and cell.kind == "literal":
                items = sorted(cell.value.split(LIST_SEPARATOR), key=_list_item_key)
                row[column] = Cell("literal", LIST_SEPARATOR.join(items), cell.datatype, cell.language)
    return result


def _json_cell(binding: dict[str, str]) -> Cell:
    """One binding of a SPARQL 1.1 JSON result (``{"type": "uri", "value": ...}``) as a cell."""
    kind = binding["type"]
    if kind == "uri":
        return Cell("iri", binding["value"])
    if kind == "bnode":
        return Cell("bnode", binding["value"])
    return literal_cell(binding["value"], binding.get("datatype"), binding.get("xml:lang"))


def result_from_json(doc: dict[str, Any], sorted_lists: tuple[str, ...] = ()) -> Result:
    """A SPARQL 1.1 JSON result document (an endpoint's answer, or an engine's) as a ``Result``.

    >>> doc = {"head": {"vars": ["g", "n"]}, "results": {"bindings": [{"g": {"type": "uri", "value": "x:g"}}]}}
    >>> result_from_json(doc).as_tuples()
    [('x:g', None)]
    """
    variables = list(doc["head"]["vars"])
    rows = [{v: _json_cell(b[v]) for v in variables if v in b} for b in doc["results"]["bindings"]]
    return sort_lists(Result(variables, rows), sorted_lists)


def param_term(kind: str, value: str) -> ox.NamedNode | ox.Literal:
    """A parameter value as one RDF term: ``kind`` is 'iri', 'integer' or 'literal'.

    >>> str(param_term("literal", 'PTEN" } ; DROP ALL'))
    '"PTEN\\\\" } ; DROP ALL"'
    >>> str(param_term("integer", "109"))
    '"109"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if kind == "iri":
        return ox.NamedNode(value)
    if kind == "integer":
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(value)


def _ox_literal(cell: Cell) -> ox.Literal:
    if cell.language:
        return ox.Literal(cell.value, language=cell.language)
    if cell.datatype:
        return ox.Literal(cell.value, datatype=ox.NamedNode(cell.datatype))
    return ox.Literal(cell.value)


# ----------------------------------------------------------------------------- output


def _json_term(c: Cell) -> dict[str, str]:
    d = {"type": {"iri": "uri", "literal": "literal", "bnode": "bnode"}[c.kind], "value": c.value}
    if c.datatype:
        d["datatype"] = c.datatype
    if c.language:
        d["xml:lang"] = c.language
    return d


def _tsv_term(c: Cell) -> str:
    if c.kind == "iri":
        return f"<{c.value}>"
    if c.kind == "bnode":
        return f"_:{c.value}"
    return str(_ox_literal(c))


def format_result(result: Result, fmt: str) -> str:
    """The result as text: 'table' (for people), 'csv', 'tsv' or 'json' (the SPARQL 1.1 results formats)."""
    if fmt == "json":
        doc = {
            "head": {"vars": result.variables},
            "results": {"bindings": [{k: _json_term(v) for k, v in row.items()} for row in result.rows]},
        }
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in result.variables)]
        lines += ["\t".join(_tsv_term(row[v]) if v in row else "" for v in result.variables) for row in result.rows]
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
        line = " | ".join(v.ljust(w) for v, w in zip(result.variables, widths, strict=True)).rstrip()
        out = [line, "-+-".join("-" * w for w in widths)]
        out += [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
        return "\n".join(out) + "\n" + footer
    # Too wide for columns: one block per row, long values wrapped.
    key_width = max(len(v) for v in result.variables)
    blocks = []
    for i, row in enumerate(cells, start=1):
        lines = [f"--- row {i} ---"]
        for v, c in zip(result.variables, row, strict=True):
            wrapped = textwrap.wrap(c, width=width - key_width - 2) or [""]
            lines.append(f"{v.rjust(key_width)}: {wrapped[0]}")
            lines += [" " * (key_width + 2) + w for w in wrapped[1:]]
        blocks.append("\n".join(lines))
    return "\n".join(blocks) + "\n" + footer
