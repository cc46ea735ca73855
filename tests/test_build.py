"""Records -> graph -> release files: deterministic, parseable, linkable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic

from mscexo_ld import constants as C
from mscexo_ld.export.registry import EXPORTERS, export_all
from mscexo_ld.rdf.build import BUILDERS, build_data_graph, new_graph, records
from mscexo_ld.rdf.builders import add_dataset
from mscexo_ld.rdf.write import write_files
from mscexo_ld.records import Corpus
from mscexo_ld.release.files import release_files

M = C.MSCEXO
PACKAGE = Path(__file__).resolve().parent.parent / "mscexo_ld"


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


@pytest.mark.slow  # a second whole build, in a subprocess; the default run keeps the site's determinism in-process
def test_build_is_byte_identical_across_processes(build_dir: Path, build_seed: str, tmp_path: Path) -> None:
    # The shared build is one process's build (PYTHONHASHSEED=build_seed); this is another's.
    seed = "2"
    assert seed != build_seed
    out = tmp_path / f"b{seed}"
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "mscexo_ld", "build", "--out", str(out)], check=True, env=env, capture_output=True
    )
    outs = [
        {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
        for folder in (build_dir, out)
    ]
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


def test_every_record_goes_through_the_builder_of_its_kind(corpus: Corpus) -> None:
    kinds = [kind for kind, _ in records(corpus)]
    assert set(kinds) == set(BUILDERS)
    assert len(kinds) == (
        len(corpus.references)
        + sum(map(len, corpus.entities.values()))
        + len(corpus.findings)
        + sum(map(len, corpus.tables.values()))
    )
    by_hand = new_graph()
    add_dataset(by_hand)
    for kind, record in records(corpus):
        BUILDERS[kind](by_hand, corpus, record)
    assert set(by_hand) == set(build_data_graph(corpus))
    f109 = new_graph()
    BUILDERS["finding"](f109, corpus, corpus.findings["F109"])
    assert {s for s in f109.subjects() if isinstance(s, URIRef)} == {
        URIRef(C.ID_BASE + "finding/F109"),
        *(
            URIRef(f"{C.ID_BASE}finding/F109/regulation/{i}")
            for i in range(1, len(corpus.findings["F109"].regulations) + 1)
        ),
        *(
            URIRef(f"{C.ID_BASE}finding/F109/modification/{i}")
            for i in range(1, len(corpus.findings["F109"].modifications) + 1)
        ),
    }


def test_write_files_changes_nothing_when_a_file_fails_to_render(tmp_path: Path) -> None:
    out = tmp_path / "build"
    write_files(out, {"a.ttl": lambda: "old a\n", "b.ttl": lambda: "old b\n"})

    def broken() -> str:
        raise RuntimeError("render failed")

    try:
        write_files(out, {"a.ttl": lambda: "new a\n", "c.ttl": broken, "b.ttl": lambda: "new b\n"})
    except RuntimeError:
        pass
    else:
        raise AssertionError("the failing render was swallowed")
    assert sorted(p.name for p in out.iterdir()) == ["a.ttl", "b.ttl"]  # no temporary folder left behind
    assert (out / "a.ttl").read_text(encoding="utf-8") == "old a\n"
    assert (out / "b.ttl").read_text(encoding="utf-8") == "old b\n"
    paths = write_files(out, {"a.ttl": lambda: "new a\n"})
    assert paths == [out / "a.ttl"] and (out / "a.ttl").read_bytes() == b"new a\n"


def test_release_files_hold_every_exporters_files(release_graph: Graph, ontology_graph: Graph) -> None:
    exported = export_all(release_graph)
    assert set(EXPORTERS) == {"kgx", "sssom", "nanopub", "ontology-mappings"}
    assert set(exported) == {
        "mscexo_kgx_nodes.tsv",
        "mscexo_kgx_edges.tsv",
        "mscexo_kgx_graph_metadata.json",
        "mscexo.sssom.tsv",
        "mscexo.nanopubs.trig",
        "ontology-mappings.sssom.tsv",
    }
    files = release_files(release_graph, ontology_graph)
    assert list(files) == [
        C.GRAPH_TTL,
        C.GRAPH_NT,
        C.GRAPH_JSONLD,
        "context.jsonld",
        C.ONTOLOGY_TTL,
        "direct-edges.nq",
        "ontology.owl",
        "hierarchy.nq",
        *exported,
        "void.ttl",
    ]
    for name, data in exported.items():
        assert files[name]().encode("utf-8") == data, name


def _imports(path: Path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_rdf_does_not_import_export_or_release() -> None:
    for path in sorted((PACKAGE / "rdf").glob("*.py")):
        later = {m for m in _imports(path) if m.startswith(("mscexo_ld.export", "mscexo_ld.release"))}
        assert not later, f"{path.name} imports {sorted(later)}: rdf/ comes before export/ and release/"
    for path in sorted((PACKAGE / "export").glob("*.py")):
        later = {m for m in _imports(path) if m.startswith("mscexo_ld.release")}
        assert not later, f"export/{path.name} imports {sorted(later)}"
