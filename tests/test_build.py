"""Records -> graph -> release files: deterministic, parseable, linkable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic

from mscexo_ld import constants as C


def test_release_files_exist(build_dir: Path) -> None:
    for name in (C.GRAPH_TTL, C.GRAPH_NT, C.GRAPH_JSONLD, C.ONTOLOGY_TTL, "context.jsonld"):
        assert (build_dir / name).stat().st_size > 1000, name
    assert not [p for p in build_dir.iterdir() if p.name.startswith(".tmp")]


def test_every_serialisation_is_the_same_graph(build_dir: Path, release_graph: Graph) -> None:
    ttl = Graph().parse(build_dir / C.GRAPH_TTL, format="turtle")
    nt = Graph().parse(build_dir / C.GRAPH_NT, format="nt")
    jsonld = Graph().parse(build_dir / C.GRAPH_JSONLD, format="json-ld")
    assert len(release_graph) > 1000
    for parsed in (ttl, nt, jsonld):
        assert isomorphic(parsed, release_graph)


def test_ontology_file_is_the_ontology_alone(build_dir: Path, ontology_graph: Graph) -> None:
    assert isomorphic(Graph().parse(build_dir / C.ONTOLOGY_TTL, format="turtle"), ontology_graph)


def test_ntriples_are_sorted(build_dir: Path) -> None:
    lines = (build_dir / C.GRAPH_NT).read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)


def test_jsonld_has_readable_context(build_dir: Path) -> None:
    doc = json.loads((build_dir / C.GRAPH_JSONLD).read_text(encoding="utf-8"))
    published = json.loads((build_dir / "context.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == published["@context"]
    assert doc["@context"]["reportedIn"] == {"@id": str(C.MSCEXO.reportedIn), "@type": "@id"}
    f109 = next(n for n in doc["@graph"] if n["@id"].endswith("finding/F109"))
    assert f109["@type"] == "Finding"
    assert f109["reportedIn"] == C.ID_BASE + "reference/109"
    assert f109["evidenceQuote"].startswith("In an MI/R injury model")
    ref = next(n for n in doc["@graph"] if n["@id"] == C.ID_BASE + "reference/109")
    assert ref["referenceNumber"] == "109" and ref["firstAuthor"] == "Sun"  # typed xsd:integer by the context


def test_build_is_byte_identical_across_processes(tmp_path: Path) -> None:
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"b{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "mscexo_ld", "build", "--out", str(out)], check=True, env=env, capture_output=True
        )
        outs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outs[0] == outs[1]
    assert set(outs[0]) >= {C.GRAPH_TTL, C.GRAPH_NT, C.GRAPH_JSONLD, C.ONTOLOGY_TTL, "context.jsonld"}


def test_no_blank_nodes_for_data(release_graph: Graph) -> None:
    for s, _p, _o in release_graph:
        if isinstance(s, BNode):
            # Only OWL constructs of the ontology (unions, one-of, disjointness lists) are blank.
            assert not str(s).startswith(C.ID_BASE)
    data_subjects = {s for s in release_graph.subjects() if isinstance(s, URIRef) and str(s).startswith(C.ID_BASE)}
    assert len(data_subjects) > 100


def test_finding_f109_as_built(release_graph: Graph) -> None:
    M = C.MSCEXO
    f = URIRef(C.ID_BASE + "finding/F109")
    assert (f, M.reportedIn, URIRef(C.ID_BASE + "reference/109")) in release_graph
    assert (URIRef(C.ID_BASE + "reference/109"), M.firstAuthor, None) in release_graph
    quote = str(release_graph.value(f, M.evidenceQuote))
    assert "miR-486-5p carried by bone marrow-derived MSC-Exos suppressed PTEN" in quote
    regs = list(release_graph.objects(f, M.regulation))
    pten = [r for r in regs if release_graph.value(r, M.regulated) == URIRef(C.ID_BASE + "gene/PTEN")]
    assert len(pten) == 1
    assert release_graph.value(pten[0], M.direction) == M.Decreases
    assert release_graph.value(pten[0], M.regulator) == URIRef(C.ID_BASE + "cargo/miR-486-5p")
