"""Validation of the built graph: SHACL, reasoner, identifiers, quotes — passing and failing."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from mscexo_ld import constants as C
from mscexo_ld.cli import main
from mscexo_ld.curation.terms import Term, read_cache
from mscexo_ld.records import Corpus
from mscexo_ld.validate.identifiers import check_identifiers
from mscexo_ld.validate.quotes import check_quotes
from mscexo_ld.validate.reasoner import check_consistency

SOURCE = C.source_text_path()
needs_source = pytest.mark.skipif(SOURCE is None, reason=f"review text not found at {C.DEFAULT_SOURCE_TEXT}")


@needs_source
def test_release_passes_every_check(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", "--build", str(build_dir), "--require-all"])
    out = capsys.readouterr().out
    assert code == 0, out
    for check in ("shacl", "reasoner", "qc", "identifiers", "quotes"):
        assert any(line.startswith("PASS") and check in line for line in out.splitlines()), out


def test_reasoner_finds_release_consistent(release_graph: Graph) -> None:
    result = check_consistency(release_graph)
    assert result.passed, result.summary
    assert "consistent" in result.summary


def test_reasoner_detects_inconsistency(release_graph: Graph) -> None:
    bad = Graph() + release_graph
    f = URIRef(C.ID_BASE + "finding/F109")
    bad.add((f, C.MSCEXO.direction, C.MSCEXO.Increases))  # a Finding in the domain of direction: a Regulation
    result = check_consistency(bad)
    assert not result.passed and "inconsistent" in result.summary


@needs_source
def test_altered_quote_is_caught_with_its_origin(release_graph: Graph, corpus: Corpus) -> None:
    from mscexo_ld.validate.report import origin_index

    bad = Graph() + release_graph
    f = URIRef(C.ID_BASE + "finding/F109")
    quote = str(bad.value(f, C.MSCEXO.evidenceQuote))
    bad.set((f, C.MSCEXO.evidenceQuote, Literal(quote.replace("suppressed PTEN", "suppresed PTEN"))))
    result = check_quotes(bad, SOURCE, origin_index(corpus))
    (issue,) = result.issues
    assert issue.focus == str(f)
    assert issue.origin and issue.origin.startswith("data/findings/cardiovascular.yaml:") and "F109" in issue.origin
    assert "then differs at 'ed PTEN expression" in issue.message


def test_quote_check_says_when_it_cannot_run(release_graph: Graph) -> None:
    result = check_quotes(release_graph, None)
    assert not result.ran and result.summary.startswith("NOT RUN")


def test_validate_without_source_text_reports_not_run(
    build_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(C, "DEFAULT_SOURCE_TEXT", tmp_path / "absent.txt")
    monkeypatch.delenv(C.SOURCE_TEXT_ENV, raising=False)
    assert main(["validate", "--build", str(build_dir), "--checks", "quotes"]) == 0
    assert "NOT RUN  quotes" in capsys.readouterr().out
    assert main(["validate", "--build", str(build_dir), "--checks", "quotes", "--require-all"]) == 4


def _term(
    curie: str, label: str, deprecated: bool = False, replaced_by: str = "", synonyms: tuple[str, ...] = ()
) -> Term:
    return Term(curie, label, curie.split(":", maxsplit=1)[0], deprecated, replaced_by, synonyms, "test fixture")


def _pten_graph(curie_iri: str) -> Graph:
    g = Graph()
    node = URIRef(C.ID_BASE + "gene/PTEN")
    g.add((node, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("PTEN")))
    g.add((node, SKOS.exactMatch, URIRef(curie_iri)))
    return g


def test_identifier_check_outcomes() -> None:
    cache = {
        "HGNC:9588": _term("HGNC:9588", "PTEN", synonyms=("phosphatase and tensin homolog",)),
        "HGNC:1": _term("HGNC:1", "A1BG"),
        "GO:0014065": _term("GO:0014065", "phosphatidylinositol 3-kinase signaling", deprecated=True),
        "HGNC:2": _term("HGNC:2", "OLDPTEN", deprecated=True, replaced_by="HGNC:9588"),
    }
    ok = check_identifiers(_pten_graph("https://identifiers.org/hgnc:9588"), cache)
    assert ok.passed and "1 identifiers checked (HGNC 1)" in ok.summary
    unknown = check_identifiers(_pten_graph("https://identifiers.org/hgnc:99999999"), cache)
    assert "HGNC:99999999 is not in the pinned term cache" in unknown.issues[0].message
    mismatch = check_identifiers(_pten_graph("https://identifiers.org/hgnc:1"), cache)
    assert "label mismatch: HGNC:1 is 'A1BG'" in mismatch.issues[0].message
    deprecated = check_identifiers(_pten_graph("http://purl.obolibrary.org/obo/GO_0014065"), cache)
    assert "GO:0014065 (phosphatidylinositol 3-kinase signaling) is deprecated" in deprecated.issues[0].message
    replaced = check_identifiers(_pten_graph("https://identifiers.org/hgnc:2"), cache)
    assert "replaced by HGNC:9588" in replaced.issues[0].message


def test_identifier_label_rules() -> None:
    cache = {
        "mirbase.mature:MIMAT0002177": _term("mirbase.mature:MIMAT0002177", "hsa-miR-486-5p"),
        "cellosaurus:CVCL_0286": _term("cellosaurus:CVCL_0286", "H9c2(2-1) [Rat heart]"),
    }
    g = Graph()
    m = URIRef(C.ID_BASE + "cargo/miR-486-5p")
    g.add((m, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("miR-486-5p")))
    g.add((m, SKOS.closeMatch, URIRef("https://identifiers.org/mirbase.mature:MIMAT0002177")))
    c = URIRef(C.ID_BASE + "model/h9c2")
    g.add((c, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("H9C2 cells")))
    g.add((c, SKOS.altLabel, Literal("H9c2(2-1)")))
    g.add((c, SKOS.closeMatch, URIRef("https://www.cellosaurus.org/CVCL_0286")))
    assert check_identifiers(g, cache).passed


def test_release_identifiers_pass_against_committed_cache(release_graph: Graph) -> None:
    result = check_identifiers(release_graph, read_cache())
    assert result.passed, "\n".join(i.render() for i in result.issues)
    assert "HGNC" in result.summary and "NCBITaxon" in result.summary


def test_shacl_problem_names_curated_origin(
    unmapped_build: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """``unmapped_build`` (conftest): data/ with PTEN's mapping removed, and its build (shared with test_api)."""
    data, out = unmapped_build
    code = main(["validate", "--build", str(out), "--curated", str(data), "--checks", "shacl"])
    report = capsys.readouterr().out
    assert code == 1
    assert "focus node: https://w3id.org/mscexo/id/gene/PTEN" in report
    assert "curated at: data/entities/gene.yaml:" in report and "(record PTEN)" in report
    assert "needs a mapping to a standard identifier" in report


def test_validate_json_report(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["validate", "--build", str(build_dir), "--checks", "shacl,identifiers", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["conforms"] is True and [c["name"] for c in doc["checks"]] == ["shacl", "identifiers"]


def test_validate_missing_build_exits_4(tmp_path: Path) -> None:
    assert main(["validate", "--build", str(tmp_path / "nowhere")]) == 4


@needs_source
def test_elided_quotes_are_checked_excerpt_by_excerpt_in_order(release_graph: Graph) -> None:
    from mscexo_ld.schema import QUOTE_ELISION

    f = URIRef(C.ID_BASE + "finding/F128")
    quote = str(release_graph.value(f, C.MSCEXO.evidenceQuote))
    first, second = quote.split(QUOTE_ELISION)
    swapped = Graph() + release_graph
    swapped.set((f, C.MSCEXO.evidenceQuote, Literal(second + QUOTE_ELISION + first)))
    (issue,) = check_quotes(swapped, SOURCE).issues
    assert "expected the excerpts in text order" in issue.message
    broken = Graph() + release_graph
    broken.set((f, C.MSCEXO.evidenceQuote, Literal(first + QUOTE_ELISION + second.replace("PTEN", "PTEM"))))
    (issue,) = check_quotes(broken, SOURCE).issues
    assert "not found verbatim" in issue.message


def test_nct_ids_must_occur_in_their_record_quote() -> None:
    g = Graph()
    trial = URIRef(C.ID_BASE + "clinical-trial/NCT04276987")
    g.add((trial, SKOS.exactMatch, URIRef("https://www.clinicaltrials.gov/study/NCT04276987")))
    g.add((trial, C.MSCEXO.evidenceQuote, Literal("A pilot clinical study ... Phase 1 NCT04276987")))
    assert check_identifiers(g, {}).passed
    g.set((trial, C.MSCEXO.evidenceQuote, Literal("A pilot clinical study ... Phase 1 NCT04276988")))
    (issue,) = check_identifiers(g, {}).issues
    assert "must occur in the evidence quote" in issue.message


def test_fast_reader_gives_the_graph_rdflib_parses(build_dir: Path, tmp_path: Path) -> None:
    """validate --data reads N-Triples and Turtle with pyoxigraph: the same graph as rdflib's parser."""
    from rdflib.compare import isomorphic

    from mscexo_ld.validate.inputs import read_into

    for path in (
        build_dir / C.GRAPH_NT,
        build_dir / C.GRAPH_TTL,
        C.ONTOLOGY_FILE,
        C.SHAPE_CASES_DIR / "RegulationShape-invalid-02.ttl",
    ):
        fast = Graph()
        read_into(fast, path)
        reference = Graph().parse(path)
        assert len(fast) == len(reference) > 0 and isomorphic(fast, reference), path
    broken = tmp_path / "broken.nt"
    broken.write_text('<https://e.org/a> <https://e.org/b> "open .\n', encoding="utf-8")
    with pytest.raises(SyntaxError) as info:
        read_into(Graph(), broken)
    assert "1" in str(info.value)  # the position of the error


def test_validate_data_reports_a_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix x: <https://e.org/> .\nx:a x:b x:c ;\n", encoding="utf-8")
    assert main(["validate", "--data", str(broken), "--checks", "shacl"]) == 1
    err = capsys.readouterr().err
    assert f"error: cannot parse {broken}" in err
