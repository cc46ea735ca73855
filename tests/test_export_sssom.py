"""SSSOM export: read back with the csv module and with sssom-pydantic's SSSOM reader."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import curies
import pytest
import sssom_pydantic
import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from mscexo_ld import constants as C
from mscexo_ld.curation.terms import read_cache
from mscexo_ld.export import sssom

#: (metadata, header row, rows) of an SSSOM TSV.
Table = tuple[dict[str, Any], list[str], list[dict[str, str]]]


def _split(text: str) -> Table:
    lines = text.split("\n")
    header = [line for line in lines if line.startswith("#")]
    assert lines[: len(header)] == header, "metadata lines must come first"
    meta = yaml.safe_load("\n".join(line[1:] for line in header))
    reader = csv.DictReader(io.StringIO("\n".join(lines[len(header) :]), newline=""), delimiter="\t", strict=True)
    rows = list(reader)
    return meta, list(reader.fieldnames or []), rows


@pytest.fixture(scope="module")
def text(release_graph: Graph) -> str:
    files = sssom.sssom_files(release_graph)
    assert set(files) == {"mscexo.sssom.tsv"}
    return files["mscexo.sssom.tsv"]


@pytest.fixture(scope="module")
def table(text: str) -> Table:
    return _split(text)


def _skos_mappings(graph: Graph) -> set[tuple[str, str, str]]:
    return {
        (str(s), str(p), str(o))
        for p in (SKOS.exactMatch, SKOS.closeMatch)
        for s, o in graph.subject_objects(p)
        if not str(s).startswith(str(C.MSCEXO))  # the ontology's own terms: ontology-mappings.sssom.tsv
    }


def test_metadata(table: Table) -> None:
    meta, _, _ = table
    assert meta["mapping_set_id"] == "https://w3id.org/mscexo/mappings/mscexo.sssom.tsv"
    assert meta["mapping_set_version"] == C.VERSION
    assert meta["license"] == C.DATA_LICENSE
    assert meta["creator_label"] == ["mscexo-ld developers"]
    curie_map = meta["curie_map"]
    assert list(curie_map) == sorted(curie_map)
    for prefix, iri in curie_map.items():
        if prefix in C.EXTERNAL_PREFIXES:
            assert iri == C.EXTERNAL_PREFIXES[prefix], prefix
    assert curie_map["mscexo.gene"] == f"{C.ID_BASE}gene/"
    assert curie_map["skos"] == str(SKOS)


def test_layout_and_determinism(release_graph: Graph, text: str, table: Table) -> None:
    _, columns, rows = table
    assert tuple(columns) == sssom.COLUMNS
    assert text.endswith("\n") and "\r" not in text
    keys = [(r["subject_id"], r["predicate_id"], r["object_id"]) for r in rows]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert sssom.sssom_files(release_graph)["mscexo.sssom.tsv"] == text


def test_one_row_per_skos_mapping(release_graph: Graph, table: Table) -> None:
    meta, _, rows = table
    expected = _skos_mappings(release_graph)
    assert len(rows) == len(expected)
    converter = curies.Converter.from_prefix_map(meta["curie_map"])
    predicate = {"skos:exactMatch": str(SKOS.exactMatch), "skos:closeMatch": str(SKOS.closeMatch)}
    back = {
        (
            converter.expand(r["subject_id"], strict=True),
            predicate[r["predicate_id"]],
            converter.expand(r["object_id"], strict=True),
        )
        for r in rows
    }
    assert back == expected


def test_rows(release_graph: Graph, table: Table) -> None:
    _, _, rows = table
    terms = read_cache()
    for row in rows:
        assert row["mapping_justification"] == "semapv:ManualMappingCuration"
        assert row["mapping_date"] == sssom.DEFAULT_MAPPING_DATE
        assert row["subject_label"], row
        prefix = row["object_id"].split(":", 1)[0]
        if prefix in C.TEXT_VERIFIED_PREFIXES:
            assert row["object_label"] == "", row
        else:
            assert row["object_label"] == terms[row["object_id"]].label, row
        if row["predicate_id"] == "skos:exactMatch":
            assert row["comment"] == "", row
    (pten,) = [r for r in rows if r["subject_id"] == "mscexo.gene:PTEN"]
    assert (pten["subject_label"], pten["predicate_id"], pten["object_id"], pten["object_label"]) == (
        "PTEN",
        "skos:exactMatch",
        "HGNC:9588",
        "PTEN",
    )
    assert not [r for r in rows if r["subject_id"].startswith("mscexo.ontology:")]  # in ontology-mappings.sssom.tsv
    trials = [r for r in rows if r["object_id"].startswith("clinicaltrials:NCT")]
    assert trials and all(r["subject_id"].startswith("mscexo.clinical_trial:NCT") for r in trials)
    # a close match explains itself with the entity's curator note
    close_with_note = [r for r in rows if r["predicate_id"] == "skos:closeMatch" and r["comment"]]
    assert close_with_note


def test_mapping_date_is_an_argument(release_graph: Graph) -> None:
    text = sssom.sssom_files(release_graph, mapping_date="2030-01-02")["mscexo.sssom.tsv"]
    _, _, rows = _split(text)
    assert {r["mapping_date"] for r in rows} == {"2030-01-02"}
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        sssom.sssom_files(release_graph, mapping_date="02/01/2030")


def test_sssom_pydantic_reads_it(tmp_path: Path, text: str, release_graph: Graph) -> None:
    path = tmp_path / "mscexo.sssom.tsv"
    path.write_text(text, encoding="utf-8", newline="\n")
    mappings, converter, mapping_set, errors = sssom_pydantic.read(path, return_errors=True)
    assert errors == []
    assert len(mappings) == len(_skos_mappings(release_graph))
    assert str(mapping_set.id) == sssom.MAPPING_SET_ID
    assert str(mapping_set.license) == C.DATA_LICENSE
    assert mapping_set.version == C.VERSION
    (pten,) = [m for m in mappings if m.subject.curie == "mscexo.gene:PTEN"]
    assert pten.predicate.curie == "skos:exactMatch"
    assert (pten.object.curie, pten.object.name) == ("HGNC:9588", "PTEN")
    assert pten.justification.curie == "semapv:ManualMappingCuration"
    assert converter.expand("HGNC:9588") == str(URIRef(C.expand_curie("HGNC:9588")))


# --- sssom-py (the SSSOM reference toolkit): round trip, validator, RDF conversion -------------------------------


@pytest.fixture(scope="module")
def sssom_py() -> Any:
    """sssom-py, pinned in the test extra (a missing one fails: it is no optional tool)."""
    import sssom.parsers

    return sssom.parsers


def _mapping_set(msdf: Any) -> tuple[set[tuple[tuple[str, str], ...]], dict[str, str]]:
    """A parsed mapping set as comparable values: every row (IRIs expanded) and the curie_map."""
    converter = msdf.converter
    rows = set()
    for record in msdf.df.to_dict("records"):
        cells = []
        for key, value in sorted(record.items()):
            if value is None or (isinstance(value, float) and value != value) or value == "":
                continue
            text = str(value)
            if key.endswith("_id") or key in ("predicate_id", "mapping_justification"):
                text = converter.expand(text, strict=True)
            cells.append((key, text))
        rows.add(tuple(cells))
    return rows, dict(converter.prefix_map)


# slow: sssom-py's parse-write-parse round trip (15-17 s, inside sssom-py); its validator and RDF tests stay fast
@pytest.mark.slow
def test_sssom_py_parse_write_parse_keeps_the_mapping_set(tmp_path: Path, text: str, sssom_py: Any) -> None:
    """``sssom parse`` (sssom.io.parse_file: clean prefixes, strict) then a second parse: same rows, same prefixes."""
    import io as _io

    from sssom.io import parse_file
    from sssom.parsers import parse_sssom_table

    path = tmp_path / "mscexo.sssom.tsv"
    path.write_text(text, encoding="utf-8")
    first = parse_sssom_table(path)
    ours = _split(text)[0]["curie_map"]
    assert set(ours) <= set(first.converter.prefix_map), "sssom-py dropped prefixes on reading"
    out = _io.StringIO()
    parse_file(str(path), out)
    written = tmp_path / "written.sssom.tsv"
    written.write_text(out.getvalue(), encoding="utf-8")
    second = parse_sssom_table(written)
    rows_1, _ = _mapping_set(first)
    rows_2, prefixes_2 = _mapping_set(second)
    assert len(rows_2) == len(rows_1) == len(_skos_mappings(parse_back(text)))
    assert rows_2 == rows_1
    for prefix, iri in ours.items():
        assert prefixes_2.get(prefix) == iri, f"prefix {prefix} did not survive sssom parse"


def parse_back(text: str) -> Graph:
    """The mappings of the file as a graph of skos triples (through the file's own curie_map)."""
    meta, _, rows = _split(text)
    converter = curies.Converter.from_prefix_map(meta["curie_map"])
    g = Graph()
    for r in rows:
        g.add(
            (
                URIRef(converter.expand(r["subject_id"], strict=True)),
                URIRef(converter.expand(r["predicate_id"], strict=True)),
                URIRef(converter.expand(r["object_id"], strict=True)),
            )
        )
    return g


def test_sssom_validate_is_clean(tmp_path: Path, text: str, sssom_py: Any) -> None:
    """sssom-py's validators (JSON schema, prefix map completeness, strict CURIE format) and its CLI find nothing."""
    import subprocess
    import sys

    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    path = tmp_path / "mscexo.sssom.tsv"
    path.write_text(text, encoding="utf-8")
    reports = validate(parse_sssom_table(path), fail_on_error=False)
    assert reports, "no validator ran"
    assert {str(kind): [r.message for r in report.results] for kind, report in reports.items()} == {
        str(kind): [] for kind in reports
    }
    cli = Path(sys.executable).with_name("sssom")
    done = subprocess.run([str(cli), "validate", str(path)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "ERROR" not in done.stderr and "Missing prefix" not in done.stderr, done.stderr[-2000:]


def test_sssom_rdf_conversion_equals_the_skos_mappings_of_the_graph(
    tmp_path: Path, text: str, release_graph: Graph, sssom_py: Any
) -> None:
    """sssom-py's RDF (one owl:Axiom per mapping) holds exactly the graph's skos:exactMatch / skos:closeMatch."""
    from rdflib.namespace import OWL
    from sssom.parsers import parse_sssom_table
    from sssom.writers import to_rdf_graph

    path = tmp_path / "mscexo.sssom.tsv"
    path.write_text(text, encoding="utf-8")
    rdf = to_rdf_graph(parse_sssom_table(path))
    reparsed = Graph().parse(data=rdf.serialize(format="turtle"), format="turtle")
    axioms = {
        (
            str(reparsed.value(a, OWL.annotatedSource)),
            str(reparsed.value(a, OWL.annotatedProperty)),
            str(reparsed.value(a, OWL.annotatedTarget)),
        )
        for a in reparsed.subjects(RDF.type, OWL.Axiom)
    }
    assert axioms == _skos_mappings(release_graph)
