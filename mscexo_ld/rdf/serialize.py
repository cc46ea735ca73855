"""RDF graph -> release files in build/, deterministic and atomic."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph

from mscexo_ld import constants as C

#: The JSON-LD context alone, for other documents to use (``"@context": ".../context.jsonld"``).
CONTEXT_FILE = "context.jsonld"


def jsonld_context(ontology: Graph) -> dict[str, Any]:
    """The published JSON-LD context: one short key per term of the ontology.

    Object properties get ``"@type": "@id"`` (values are IRIs), datatype properties their
    XSD type, so a document reads ``{"reportedIn": "id:reference/109", "referenceNumber": 109}``.
    """
    from rdflib.namespace import OWL, RDF, RDFS, SKOS

    ctx: dict[str, Any] = {p: ns for p, ns in sorted(C.RDF_PREFIXES.items())}
    ctx["label"] = {"@id": str(RDFS.label)}
    ctx["altLabel"] = {"@id": str(SKOS.altLabel)}
    ctx["exactMatch"] = {"@id": str(SKOS.exactMatch), "@type": "@id"}
    ctx["closeMatch"] = {"@id": str(SKOS.closeMatch), "@type": "@id"}
    ns = str(C.MSCEXO)
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.ObjectProperty)), key=str):
        if str(prop).startswith(ns):
            ctx[str(prop)[len(ns) :]] = {"@id": str(prop), "@type": "@id"}
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.DatatypeProperty)), key=str):
        if str(prop).startswith(ns):
            rng = ontology.value(prop, RDFS.range)
            entry: dict[str, str] = {"@id": str(prop)}
            if rng is not None and str(rng) != "http://www.w3.org/2001/XMLSchema#string":
                entry["@type"] = str(rng)
            ctx[str(prop)[len(ns) :]] = entry
    for prop in sorted(set(ontology.subjects(RDF.type, OWL.AnnotationProperty)), key=str):
        if str(prop).startswith(ns):
            ctx[str(prop)[len(ns) :]] = {"@id": str(prop)}
    for cls in sorted(set(ontology.subjects(RDF.type, OWL.Class)), key=str):
        if str(cls).startswith(ns):
            ctx[str(cls)[len(ns) :]] = {"@id": str(cls)}
    for ind in sorted(set(ontology.subjects(RDF.type, OWL.NamedIndividual)), key=str):
        if str(ind).startswith(ns):
            ctx[str(ind)[len(ns) :]] = {"@id": str(ind)}
    return ctx


def canonical(graph: Graph) -> Graph:
    """The graph with blank nodes relabelled canonically (stable across runs).

    Relabelling is skipped for a graph without blank nodes.
    """
    g = Graph()
    for prefix, namespace in C.RDF_PREFIXES.items():
        g.bind(prefix, namespace, override=True, replace=True)
    has_bnodes = any(isinstance(term, BNode) for triple in graph for term in (triple[0], triple[2]))
    g += to_canonical_graph(graph) if has_bnodes else graph
    return g


def sorted_ntriples(graph: Graph, *, is_canonical: bool = False) -> str:
    canon = graph if is_canonical else canonical(graph)
    lines = canon.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return "".join(sorted(line + "\n" for line in lines if line.strip()))


def turtle(graph: Graph, *, is_canonical: bool = False) -> str:
    return (graph if is_canonical else canonical(graph)).serialize(format="longturtle")


def _sort_json(value: Any) -> Any:
    """Sort object keys and unordered arrays; ``@list`` arrays (RDF lists) keep their order."""
    if isinstance(value, dict):
        return {k: ([_sort_json(i) for i in v] if k == "@list" else _sort_json(v)) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sort_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def jsonld(graph: Graph, context: dict[str, Any], *, is_canonical: bool = False) -> str:
    """JSON-LD compacted with the published context, embedded so the file parses offline."""
    canon = graph if is_canonical else canonical(graph)
    raw = canon.serialize(format="json-ld", context=context, auto_compact=True)
    doc = json.loads(raw)
    doc["@context"] = context
    if "@graph" in doc:
        doc["@graph"] = _sort_json(doc["@graph"])
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_files(
    out_dir: Path, files: dict[str, Callable[[], str]], progress: Callable[[str], None] | None = None
) -> list[Path]:
    """Render every file into a temporary folder, then move each into ``out_dir``.

    Nothing in ``out_dir`` changes unless every file rendered.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-build-", dir=out_dir))
    try:
        rendered = []
        for name, render in files.items():
            if progress:
                progress(f"writing {name}")
            path = tmp / name
            path.write_text(render(), encoding="utf-8", newline="\n")
            rendered.append(name)
        final = []
        for name in rendered:
            os.replace(tmp / name, out_dir / name)
            final.append(out_dir / name)
        return final
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def release_files(
    graph: Graph, ontology: Graph, *, released: date | None = None, version: str = C.VERSION
) -> dict[str, Callable[[], str]]:
    """Every release file name -> a function rendering it; ``released`` dates the exports that carry a date."""
    from mscexo_ld.export.kgx import kgx_files
    from mscexo_ld.export.nanopub import nanopub_files
    from mscexo_ld.export.sssom import sssom_files

    context = jsonld_context(ontology)
    exports: dict[str, Callable[[], str]] = {}
    dated: dict[str, Any] = {}
    if released is not None:
        dated = {"sssom": {"mapping_date": released.isoformat()}, "nanopub": {"created": released}}
    for key, make in (("kgx", kgx_files), ("sssom", sssom_files), ("nanopub", nanopub_files)):
        for name, text in make(graph, **dated.get(key, {})).items():
            exports[name] = lambda text=text: text
    canon = canonical(graph)  # once, for the three serialisations of the graph
    files: dict[str, Callable[[], str]] = {
        C.GRAPH_TTL: lambda: turtle(canon, is_canonical=True),
        C.GRAPH_NT: lambda: sorted_ntriples(canon, is_canonical=True),
        C.GRAPH_JSONLD: lambda: jsonld(canon, context, is_canonical=True),
        CONTEXT_FILE: lambda: json.dumps({"@context": context}, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
        C.ONTOLOGY_TTL: lambda: turtle(ontology),
        **exports,
    }
    from mscexo_ld.rdf.void import VOID_FILE, void_graph

    names = sorted(files)
    files[VOID_FILE] = lambda: turtle(void_graph(graph, names, version=version))
    return files
