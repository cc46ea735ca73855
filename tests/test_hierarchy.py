"""The hierarchy closure (issue 15): pinned ancestors of each mapped MONDO, UBERON, CL and GO term, own graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld.curation.hierarchy import CLOSED_PREFIXES, closed, missing_terms, read_hierarchy
from mscexo_ld.curation.terms import read_cache
from mscexo_ld.rdf.hierarchy import closure_of, hierarchy_graph
from mscexo_ld.resources import HIERARCHY_NAME
from mscexo_ld.validate.identifiers import external_iris

OBO = "http://purl.obolibrary.org/obo/"
HIERARCHY = f"<{iris.hierarchy_graph()}>"


def test_every_mapped_term_of_the_release_has_its_ancestors(release_graph: Graph) -> None:
    closure = read_hierarchy(C.HIERARCHY_FILE)
    mapped = {c for c in external_iris(release_graph).values() if closed(c)}
    assert {c.split(":")[0] for c in mapped} == set(CLOSED_PREFIXES)
    assert missing_terms(mapped, closure) == []
    assert len(closure) > len(mapped)  # ancestors beyond the mapped terms


def test_every_closure_term_is_current_in_the_term_cache_with_its_label() -> None:
    cache = read_cache()
    for curie, term in read_hierarchy(C.HIERARCHY_FILE).items():
        assert curie in cache, curie
        assert not cache[curie].deprecated, curie
        assert cache[curie].label == term.label, curie


def test_the_closure_reaches_the_roots_and_knows_acute_mi_is_under_mi() -> None:
    closure = read_hierarchy(C.HIERARCHY_FILE)
    graph = hierarchy_graph(closure.values())
    ami, mi = URIRef(OBO + "MONDO_0004781"), URIRef(OBO + "MONDO_0005068")
    assert (ami, SKOS.broader, mi) in graph
    assert graph.value(mi, RDFS.label) is not None
    ancestors = set(graph.transitive_objects(URIRef(OBO + "CL_0000540"), SKOS.broader))
    assert URIRef(OBO + "CL_0002319") in ancestors  # neuron -> neural cell
    assert URIRef(OBO + "CL_0000000") in ancestors  # ... -> cell


def test_the_build_writes_the_closure_in_its_named_graph(build_dir: Path, release_graph: Graph) -> None:
    text = (build_dir / HIERARCHY_NAME).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines == sorted(lines) and all(line.endswith(f"{HIERARCHY} .") for line in lines)
    expected = len(hierarchy_graph(closure_of(release_graph, read_hierarchy(C.HIERARCHY_FILE))))
    assert len(lines) == expected > 1000


def test_query_reads_the_closure_in_its_graph_only(store: ox.Store) -> None:
    in_graph = store.query(
        f"ASK {{ GRAPH {HIERARCHY} {{ <{OBO}MONDO_0004781> <{SKOS.broader}> <{OBO}MONDO_0005068> }} }}"
    )
    in_default = store.query(f"ASK {{ <{OBO}MONDO_0004781> <{SKOS.broader}> <{OBO}MONDO_0005068> }}")
    assert bool(in_graph) and not bool(in_default)


@pytest.mark.parametrize(
    ("ancestor", "findings"),
    [
        ("MONDO_0005240", {"F83", "F84", "F85", "F86a", "F86b", "F87", "F88", "F89"}),
        ("CL_0002319", {"F130", "F144", "F145"}),
    ],
)
def test_roll_up_answers(store: ox.Store, ancestor: str, findings: set[str]) -> None:
    from mscexo_ld.query import bind_params, resolve_query, run_oxigraph

    query = resolve_query("findings-under-term")
    result = run_oxigraph(store, query, bind_params(query, {"ancestor": OBO + ancestor}))
    column = result.variables.index("finding")
    got = {str(row[column]).rsplit("/", 1)[1] for row in result.as_tuples()}
    assert got == findings
