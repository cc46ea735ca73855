"""An identifier's vocabulary must fit its entity's kind: a gene is not a GO process (issue 14, part 6).

Checked twice, from one table (``schema.MAPPING_VOCABULARIES``): by the loader (a curated mapping,
exit 3) and by ``validate``'s identifiers check (any graph, e.g. ``validate --data``: exit 1), each
naming the curated file, line, record and field.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from mscexo_ld import constants as C
from mscexo_ld import iris
from mscexo_ld import schema as S
from mscexo_ld.cli import main
from mscexo_ld.curation import CurationError, load_corpus
from mscexo_ld.exits import EXIT_INPUT, EXIT_INVALID
from mscexo_ld.pipeline import release_graph_file
from mscexo_ld.records import CARGO_TYPES, ENTITY_KINDS, Corpus
from mscexo_ld.validate.identifiers import check_identifiers, kind_issues
from mscexo_ld.validate.report import origin_index

PTEN = '- id: PTEN\n  label: PTEN\n  mappings:\n    - {curie: "HGNC:9588", match: exact}\n'
#: PTEN mapped exact to "apoptotic process", with that label as an alternative label: every other check passes.
PTEN_AS_GO = (
    "- id: PTEN\n  label: PTEN\n  alt_labels: [apoptotic process]\n  mappings:\n"
    '    - {curie: "GO:0006915", match: exact}\n'
)
GO_APOPTOSIS = URIRef(C.EXTERNAL_PREFIXES["GO"] + "0006915")


def _line_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text.count("\n", 0, text.index(needle)) + 1


def test_every_kind_has_vocabularies_of_the_prefix_map() -> None:
    assert set(S.MAPPING_VOCABULARIES) == set(ENTITY_KINDS)
    assert set(S.CARGO_MAPPING_VOCABULARIES) == set(CARGO_TYPES)
    for allowed in [*S.MAPPING_VOCABULARIES.values(), *S.CARGO_MAPPING_VOCABULARIES.values()]:
        assert allowed and set(allowed) <= set(C.EXTERNAL_PREFIXES), allowed
    assert S.MAPPING_VOCABULARIES["gene"] == ("HGNC",)
    assert S.MAPPING_VOCABULARIES["species"] == ("NCBITaxon",)
    assert S.MAPPING_VOCABULARIES["organ-system"] == ("UBERON",)
    assert "GO" not in S.mapping_vocabularies("cargo", "MicroRNA")


def test_the_real_corpus_fits(corpus: Corpus, release_graph: Graph) -> None:
    for kind, entities in corpus.entities.items():
        for entity in entities.values():
            cargo_type = entity.cargo_type if kind == "cargo" else None
            for mapping in entity.mappings:
                assert S.vocabulary_mismatch(mapping.curie.split(":")[0], kind, cargo_type) is None, (kind, mapping)
    assert kind_issues(release_graph, origin_index(corpus)) == []


def test_the_loader_refuses_a_gene_mapped_to_a_go_process(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    genes = data_copy / "entities" / "gene.yaml"
    genes.write_text(genes.read_text(encoding="utf-8").replace(PTEN, PTEN_AS_GO, 1), encoding="utf-8")
    line = _line_of(genes, 'curie: "GO:0006915"')
    expected = (
        f"data/entities/gene.yaml:{line}: record PTEN: field 'mappings.curie': found 'GO:0006915', a GO identifier; "
        "expected an identifier of HGNC for a gene (an identifier's vocabulary must fit its entity's kind)"
    )
    with pytest.raises(CurationError) as info:
        load_corpus(data_copy)
    assert [str(p) for p in info.value.problems] == [expected]
    capsys.readouterr()
    assert main(["build", "--curated", str(data_copy), "--out", str(data_copy.parent / "build")]) == EXIT_INPUT
    assert expected in capsys.readouterr().err
    assert not (data_copy.parent / "build").exists()


@pytest.mark.parametrize(
    ("cargo_type", "curie", "allowed"),
    [
        ("MicroRNA", "GO:0006915", "mirbase, mirbase.mature or HGNC"),
        ("Protein", "mirbase:MI0000070", "HGNC"),
        ("SmallMolecule", "HGNC:9588", "MESH"),
    ],
)
def test_the_loader_refuses_cargo_of_the_wrong_vocabulary(
    data_copy: Path, cargo_type: str, curie: str, allowed: str
) -> None:
    cargo = data_copy / "entities" / "cargo.yaml"
    record = f"- id: zz-test\n  label: zz-test\n  type: {cargo_type}\n  mappings:\n"
    record += f'    - {{curie: "{curie}", match: close}}\n'
    cargo.write_text(cargo.read_text(encoding="utf-8") + record, encoding="utf-8")
    with pytest.raises(CurationError) as info:
        load_corpus(data_copy)
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.record, problem.field) == (
        "data/entities/cargo.yaml",
        _line_of(cargo, f'curie: "{curie}"'),
        "zz-test",
        "mappings.curie",
    )
    assert problem.message.endswith(
        f"expected an identifier of {allowed} for a cargo of type {cargo_type} (an identifier's vocabulary must fit "
        "its entity's kind)"
    ), problem.message


def test_validate_names_the_record_of_a_gene_mapped_to_a_go_process(
    build_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A release graph holding the mapping the loader refuses (made by hand, or by an older loader)."""
    build = tmp_path / "build"
    shutil.copytree(build_dir, build)
    graph_file = release_graph_file(build)
    pten = iris.entity("gene", "PTEN")
    with graph_file.open("a", encoding="utf-8") as fh:
        fh.write(f"{pten.n3()} {SKOS.exactMatch.n3()} {GO_APOPTOSIS.n3()} .\n")
        fh.write(f'{pten.n3()} {SKOS.altLabel.n3()} "apoptotic process" .\n')
    capsys.readouterr()
    code = main(["validate", "--build", str(build), "--curated", str(C.DATA_DIR), "--checks", "identifiers"])
    lines = capsys.readouterr().out.splitlines()
    assert code == EXIT_INVALID, lines
    line = _line_of(C.DATA_DIR / "entities" / "gene.yaml", "- id: PTEN\n")
    message = (
        "[identifiers] kind mismatch: gene PTEN maps to GO:0006915 (skos:exactMatch), a GO identifier; expected an "
        "identifier of HGNC for a gene (an identifier's vocabulary must fit its entity's kind)"
    )
    assert message in lines, lines
    at = lines.index(message)
    assert f"    curated at: data/entities/gene.yaml:{line} (record PTEN, field mappings)" in lines[at:], lines
    assert sum(x.startswith("[identifiers]") for x in lines) == 1, lines  # the term and its label are fine


def test_the_identifiers_check_passes_on_the_real_release(release_graph: Graph, corpus: Corpus) -> None:
    from mscexo_ld.curation.terms import read_cache

    result = check_identifiers(release_graph, read_cache(C.TERM_CACHE_FILE), origin_index(corpus))
    assert result.issues == [], [i.message for i in result.issues]
