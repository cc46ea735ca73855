"""The check loop in one process (``build --validate``) and the reasoner's HermiT run: the same answers.

``build --validate`` must write the files ``build`` writes and print the report ``validate``
prints on them; the reasoner check runs HermiT's class classification only (``-c``), and must
reach the verdict owlready2's full run (``-c -O -D -I``) reaches, on the release, on an
inconsistent graph and on a graph with an unsatisfiable class. Their speed is measured in
``benchmarks/check_loop.py``, not here.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from mscexo_ld import constants as C
from mscexo_ld.cli import main
from mscexo_ld.exits import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from mscexo_ld.validate.reasoner import _hermit, check_consistency

sys.path.insert(0, str(C.ROOT / "benchmarks"))

from check_loop import owlready_hermit  # HermiT as owlready2 runs it: the benchmark's reference

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="no `java` on PATH (HermiT)")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _report(stdout: str, out: Path) -> str:
    """The report part of ``build --validate``'s output (after the paths of the files written)."""
    lines = stdout.splitlines(keepends=True)
    assert lines[0].startswith(str(out)), stdout
    return "".join(line for line in lines if not line.startswith(str(out)))


# slow: a whole build with all five checks, then `validate` again (8-10 s); the reasoner's tests below stay fast
@pytest.mark.slow
def test_build_validate_writes_the_build_and_prints_validates_report(
    build_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "build"
    code = main(["build", "--validate", "--out", str(out)])
    stdout = capsys.readouterr().out
    assert main(["validate", "--build", str(out)]) == code == EXIT_OK
    assert _report(stdout, out) == capsys.readouterr().out
    assert _files(out) == _files(build_dir)  # the very files `build` writes


@pytest.mark.slow
def test_build_validate_reports_a_problem_as_validate_does(
    data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gene = data_copy / "entities" / "gene.yaml"
    old = '- id: PTEN\n  label: PTEN\n  mappings:\n    - {curie: "HGNC:9588", match: exact}\n'
    gene.write_text(gene.read_text(encoding="utf-8").replace(old, "- id: PTEN\n  label: PTEN\n"), encoding="utf-8")
    out = tmp_path / "build"
    code = main(["build", "--validate", "--curated", str(data_copy), "--out", str(out)])
    report = _report(capsys.readouterr().out, out)
    assert code == EXIT_INVALID
    assert main(["validate", "--build", str(out), "--curated", str(data_copy)]) == EXIT_INVALID
    assert report == capsys.readouterr().out
    assert "focus node: https://w3id.org/mscexo/id/gene/PTEN" in report and "(record PTEN)" in report


def test_validate_options_need_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--require-all", "--out", str(tmp_path / "out")]) == EXIT_USAGE
    assert "--require-all is an option of --validate" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@needs_java
@pytest.mark.slow
def test_hermit_classification_agrees_with_owlready2s_full_run(release_graph: Graph, tmp_path: Path) -> None:
    inconsistent = Graph() + release_graph
    inconsistent.add((URIRef(C.ID_BASE + "finding/F109"), C.MSCEXO.direction, C.MSCEXO.Increases))
    unsatisfiable = Graph() + release_graph
    odd = URIRef("https://example.org/FindingAndRegulation")
    unsatisfiable.add((odd, RDF.type, OWL.Class))
    unsatisfiable.add((odd, RDFS.subClassOf, C.MSCEXO.Finding))
    unsatisfiable.add((odd, RDFS.subClassOf, C.MSCEXO.Regulation))  # Finding and Regulation are disjoint
    verdicts = []
    for name, graph in (("release", release_graph), ("inconsistent", inconsistent), ("unsat", unsatisfiable)):
        path = tmp_path / f"{name}.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        error, unsat, _classes = _hermit(str(path))
        assert (error, unsat) == owlready_hermit(path), name
        verdicts.append((error, unsat))
    assert verdicts == [(None, []), ("inconsistent", []), (None, [str(odd)])]


@needs_java
def test_reasoner_names_an_unsatisfiable_class(release_graph: Graph) -> None:
    graph = Graph() + release_graph
    odd = URIRef("https://example.org/FindingAndRegulation")
    graph.add((odd, RDF.type, OWL.Class))
    graph.add((odd, RDFS.subClassOf, C.MSCEXO.Finding))
    graph.add((odd, RDFS.subClassOf, C.MSCEXO.Regulation))
    result = check_consistency(graph)
    assert [(i.message, i.focus) for i in result.issues] == [("unsatisfiable class", str(odd))]
    assert result.summary.endswith("1 unsatisfiable") and "37 classes" in result.summary


@needs_java
def test_reasoner_fetches_no_import(release_graph: Graph) -> None:
    graph = Graph() + release_graph
    graph.add((URIRef(C.ONTOLOGY_IRI), OWL.imports, URIRef("http://127.0.0.1:9/nowhere.owl")))
    assert check_consistency(graph).passed
