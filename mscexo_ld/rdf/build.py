"""Typed records -> RDF graph: the corpus's records, in a fixed order, each to the builder of its kind.

The flow is ``records(corpus)`` -> ``BUILDERS[kind]`` -> one graph. A builder (in
:mod:`mscexo_ld.rdf.builders`) takes the graph, the corpus (to resolve entity references)
and one record; no finding is hard-coded anywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from rdflib import Graph

from mscexo_ld import constants as C
from mscexo_ld.rdf.annotations import add_annotations
from mscexo_ld.rdf.builders import add_dataset, add_entity, add_finding, add_reference, add_table
from mscexo_ld.records import Corpus, Entity, Finding, Reference, TableRecord

#: A builder: add one record (of the kind it is registered for) to the graph.
Builder = Callable[[Graph, Corpus, Any], None]

#: Record kind -> its builder.
BUILDERS: dict[str, Builder] = {
    "reference": add_reference,
    "entity": add_entity,
    "finding": add_finding,
    "table": add_table,
}

Record = Reference | Entity | Finding | TableRecord


def records(corpus: Corpus) -> Iterator[tuple[str, Record]]:
    """Every record of the corpus as (kind, record): references by number, then entities, findings
    and table records, each by kind and id."""
    for number in sorted(corpus.references):
        yield "reference", corpus.references[number]
    for kind in sorted(corpus.entities):
        for ident in sorted(corpus.entities[kind]):
            yield "entity", corpus.entities[kind][ident]
    for ident in sorted(corpus.findings):
        yield "finding", corpus.findings[ident]
    for table in sorted(corpus.tables):
        for ident in sorted(corpus.tables[table]):
            yield "table", corpus.tables[table][ident]


def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound."""
    g = Graph()
    for prefix, namespace in C.RDF_PREFIXES.items():
        g.bind(prefix, namespace, override=True, replace=True)
    return g


def load_ontology() -> Graph:
    """The ontology (TBox) as curated in ``ontology/mscexo.ttl``."""
    g = new_graph()
    g.parse(C.ONTOLOGY_FILE, format="turtle")
    return g


def build_data_graph(corpus: Corpus) -> Graph:
    """The instance data (ABox) of the corpus: the dataset record, then every record through its builder."""
    g = new_graph()
    add_dataset(g)
    for kind, record in records(corpus):
        BUILDERS[kind](g, corpus, record)
    return g


def build_graph(corpus: Corpus) -> Graph:
    """Ontology + data (+ the Web Annotation of every evidence quote, rdf/annotations.py): the release graph."""
    g = load_ontology()
    g += build_data_graph(corpus)
    add_annotations(g)
    return g
