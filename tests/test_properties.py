"""Property-based tests (Hypothesis): random valid curated input -> graph -> SHACL and round trips.

Why this module is long: one Hypothesis strategy per record kind (references, entities, findings
with regulations and modifications) is needed to write a whole valid corpus.

Hypothesis writes random but valid records (within data/README.md's dictionary: references,
entities of several kinds with mappings from the real term cache or an unmapped_reason,
findings with regulations and modifications) as YAML into a minimal data folder that also
holds a few real entities, and checks that

- the loader reads back exactly what was written;
- any corpus the loader accepts builds a graph that passes SHACL (the ontology mixed in);
- any bytes in a curated file are either accepted or rejected with a CurationError naming
  the file (never another exception, never a hang);
- the built graph round-trips unchanged (rdflib.compare.isomorphic) through every RDF
  serialisation the release writes: Turtle, sorted N-Triples and JSON-LD with its context.

Examples are small and few, so the file runs in well under 30 s.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml

hypothesis = pytest.importorskip("hypothesis")
#: rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from rdflib import Graph  # noqa: E402
from rdflib.compare import isomorphic  # noqa: E402

from mscexo_ld import constants as C  # noqa: E402
from mscexo_ld import schema as S  # noqa: E402
from mscexo_ld.curation import CurationError, load_corpus  # noqa: E402
from mscexo_ld.curation.text import lookalike  # noqa: E402
from mscexo_ld.rdf.build import build_graph, load_ontology  # noqa: E402
from mscexo_ld.rdf.canonical import jsonld, sorted_ntriples, turtle  # noqa: E402
from mscexo_ld.rdf.serialize import jsonld_context  # noqa: E402
from mscexo_ld.records import (  # noqa: E402
    CARGO_TYPES,
    DIRECTIONS,
    MODIFICATION_AGENT_KINDS,
    MODIFICATION_TYPES,
    REGULATED_KINDS,
    REGULATOR_KINDS,
)
from mscexo_ld.schema import QUOTE_ELISION  # noqa: E402
from mscexo_ld.validate.shacl import check_shacl, load_shapes  # noqa: E402

#: Real entities copied into the minimal data folder (kind -> ids); generated ones are added.
REAL = {
    "agent": ["msc-exos", "msc-cells", "exosomes"],
    "organ-system": ["cardiovascular", "nervous"],
    "condition": ["myocardial-ischemia-reperfusion-injury"],
    "msc-source": ["bone-marrow"],
    "species": ["human", "mouse", "pig", "rat"],
    "gene": ["PTEN"],
    "cargo": ["miR-486-5p"],
    "mechanism": ["apoptosis"],
    "model": ["H9C2-hypoxia-reoxygenation"],
    "outcome": ["reduced-cardiomyocyte-apoptosis"],
    "evidence-type": ["in-vitro", "in-vivo-animal", "not-stated"],
}
GENERATED_KINDS = ("gene", "cargo", "mechanism", "outcome")

PROPERTY_SETTINGS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _real_records() -> dict[str, list[dict[str, Any]]]:
    out = {}
    for kind, ids in REAL.items():
        records = yaml.safe_load((C.DATA_DIR / "entities" / f"{kind}.yaml").read_text(encoding="utf-8"))
        by_id = {r["id"]: r for r in records}
        out[kind] = [by_id[i] for i in ids]
    return out


def _cache_curies() -> dict[str, list[str]]:
    """Current (not deprecated) CURIEs of the term cache, by vocabulary of use."""
    with (C.DATA_DIR / "terms.tsv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["deprecated"] != "true"]
    pick = {"gene": ("HGNC",), "cargo": ("mirbase", "mirbase.mature", "HGNC"), "mechanism": ("GO",), "outcome": ("HP",)}
    return {
        kind: sorted(r["curie"] for r in rows if r["curie"].split(":")[0] in prefixes)
        for kind, prefixes in pick.items()
    }


REAL_RECORDS = _real_records()
CURIES = _cache_curies()
ONTOLOGY = load_ontology()
SHAPES = load_shapes()
CONTEXT = jsonld_context(ONTOLOGY)

# ----------------------------------------------------------------------------- strategies

#: Characters of curated text: letters, marks, digits, punctuation and symbols of any script
#: (no controls, no format or private-use characters, no special spaces: the loader refuses those).
_CHARS = st.characters(categories=("L", "M", "N", "P", "S"), exclude_characters="\u00a0")
_WORD = st.text(_CHARS, min_size=1, max_size=8)
#: Labels of genes and cargo: ASCII and Greek lowercase letters (as in "TNF-α", "14-3-3ζ").
_GENE_CHARS = st.sampled_from(
    [chr(c) for c in range(0x21, 0x7F)] + [chr(c) for c in range(0x03B1, 0x03CA) if c not in (0x03BF, 0x03C2)]
)
_GENE_WORD = st.text(_GENE_CHARS, min_size=1, max_size=8)


def one_line(words: st.SearchStrategy[str] = _WORD, max_words: int = 4) -> st.SearchStrategy[str]:
    """A one-line string: words joined by single spaces (so no leading or trailing space)."""
    return (
        st.lists(words, min_size=1, max_size=max_words)
        .map(" ".join)
        .filter(lambda s: lookalike(s, False) is None and QUOTE_ELISION.strip() not in s)
    )


ids = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,10}\Z")


@st.composite
def corpus_data(draw: st.DrawFn) -> dict[str, Any]:
    """Random valid curated input: references, generated entities and findings."""
    numbers = draw(st.lists(st.integers(1, C.REVIEW_MAX_REFERENCE), min_size=1, max_size=4, unique=True))
    references = []
    for n in numbers:
        ref: dict[str, Any] = {"number": n}
        if draw(st.booleans()):
            ref["first_author"] = draw(one_line(max_words=2))
        if draw(st.booleans()):
            ref["note"] = draw(one_line())
        references.append(ref)

    entities: dict[str, list[dict[str, Any]]] = {k: [dict(r) for r in v] for k, v in REAL_RECORDS.items()}
    taken = {(k, r["id"]) for k, v in REAL_RECORDS.items() for r in v}
    for kind in GENERATED_KINDS:
        strict = kind in ("gene", "cargo")
        for ident in draw(st.lists(ids, max_size=2, unique=True)):
            if (kind, ident) in taken:
                continue
            taken.add((kind, ident))
            record: dict[str, Any] = {"id": ident, "label": draw(one_line(_GENE_WORD if strict else _WORD, 3))}
            alt = draw(st.lists(one_line(_GENE_WORD if strict else _WORD, 3), max_size=2, unique=True))
            if alt:
                record["alt_labels"] = alt
            if kind == "cargo":
                record["type"] = draw(st.sampled_from(CARGO_TYPES))
            # Only identifiers whose vocabulary fits the entity's kind (and cargo type): the loader refuses others.
            fitting = [
                c for c in CURIES[kind] if S.vocabulary_mismatch(c.split(":", 1)[0], kind, record.get("type")) is None
            ]
            curies = draw(st.lists(st.sampled_from(fitting), max_size=2, unique=True)) if fitting else []
            if curies:
                record["mappings"] = [{"curie": c, "match": draw(st.sampled_from(["exact", "close"]))} for c in curies]
            else:
                record["unmapped_reason"] = draw(one_line())
            if draw(st.booleans()):
                record["note"] = draw(one_line())
            entities[kind].append(record)

    def refs(kinds: tuple[str, ...]) -> list[str]:
        return sorted(f"{k}:{r['id']}" for k in kinds for r in entities.get(k, []))

    def ids_of(kind: str) -> list[str]:
        return [r["id"] for r in entities[kind]]

    findings = []
    for ident in draw(st.lists(ids, min_size=1, max_size=2, unique=True)):
        finding: dict[str, Any] = {
            "id": ident,
            "statement": draw(one_line(max_words=6)),
            "references": draw(st.lists(st.sampled_from(numbers), min_size=1, max_size=2, unique=True)),
            "organ_system": draw(st.sampled_from(ids_of("organ-system"))),
            "condition": draw(st.sampled_from(ids_of("condition"))),
            "msc_sources": draw(st.lists(st.sampled_from(ids_of("msc-source")), max_size=1, unique=True)),
        }
        if draw(st.booleans()):
            finding["agent"] = draw(st.sampled_from(ids_of("agent")))
        for field, kind in (
            ("donor_species", "species"),
            ("cargo", "cargo"),
            ("models", "model"),
            ("outcomes", "outcome"),
        ):
            values = draw(st.lists(st.sampled_from(ids_of(kind)), max_size=2, unique=True))
            if values:
                finding[field] = values
        finding["evidence_types"] = draw(
            st.one_of(
                st.just(["not-stated"]),
                st.lists(st.sampled_from(["in-vitro", "in-vivo-animal"]), min_size=1, max_size=2, unique=True),
            )
        )
        if "models" not in finding:
            finding["system_not_stated"] = True  # no models: the text states no system
        regulations = []
        for _ in range(draw(st.integers(0, 3))):
            regulator = draw(st.sampled_from(refs(REGULATOR_KINDS)))
            regulated = draw(st.sampled_from([r for r in refs(REGULATED_KINDS) if r != regulator]))
            regulation: dict[str, Any] = {
                "regulator": regulator,
                "regulated": regulated,
                "direction": draw(st.sampled_from(sorted(DIRECTIONS))),
            }
            if draw(st.booleans()):
                regulation["inferred"] = True
                regulation["note"] = draw(one_line())
            regulations.append(regulation)
        if regulations:
            finding["regulations"] = regulations
        modifications = []
        for _ in range(draw(st.integers(0, 1))):
            modification = {
                "type": draw(st.sampled_from(sorted(MODIFICATION_TYPES))),
                "agent": draw(st.sampled_from(refs(MODIFICATION_AGENT_KINDS))),
            }
            if draw(st.booleans()):
                modification["note"] = draw(one_line())
            modifications.append(modification)
        if modifications:
            finding["modifications"] = modifications
        excerpt = (
            st.lists(st.text(_CHARS, min_size=3, max_size=8), min_size=7, max_size=10)
            .map(" ".join)
            .filter(lambda s: lookalike(s, False) is None and QUOTE_ELISION.strip() not in s)
        )
        excerpts = draw(st.lists(excerpt, min_size=1, max_size=2))  # at least 7 * 3 + 6 = 27 characters
        finding["quote"] = excerpts[0] if len(excerpts) == 1 else excerpts
        # a note may span lines (a YAML block): multi-line literals must round-trip too
        notes = draw(
            st.lists(st.one_of(one_line(), st.lists(one_line(), min_size=2, max_size=3).map("\n".join)), max_size=2)
        )
        if notes or not finding["msc_sources"]:
            finding["notes"] = notes or [draw(one_line())]
        findings.append(finding)
    return {"references": references, "entities": entities, "findings": findings}


def write_data(data: dict[str, Any], folder: Path) -> Path:
    """The generated input as a data folder of YAML files (as a curator would save them)."""
    target = folder / "data"
    (target / "entities").mkdir(parents=True)
    (target / "findings").mkdir()

    def dump(path: Path, records: list[dict[str, Any]]) -> None:
        path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")

    dump(target / "references.yaml", data["references"])
    for kind, records in data["entities"].items():
        dump(target / "entities" / f"{kind}.yaml", records)
    dump(target / "findings" / "generated.yaml", data["findings"])
    shutil.copy(C.DATA_DIR / "terms.tsv", target / "terms.tsv")
    return target


def load_generated(data: dict[str, Any]):
    folder = Path(tempfile.mkdtemp(prefix="mscexo-prop-"))
    try:
        return load_corpus(write_data(data, folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ----------------------------------------------------------------------------- properties


@PROPERTY_SETTINGS
@given(corpus_data())
def test_loader_reads_back_what_was_written(data: dict[str, Any]) -> None:
    corpus = load_generated(data)
    assert sorted(corpus.references) == sorted(r["number"] for r in data["references"])
    for kind, records in data["entities"].items():
        for record in records:
            entity = corpus.entities[kind][record["id"]]
            assert entity.label == record["label"]
            assert list(entity.alt_labels) == record.get("alt_labels", [])
            assert [(m.curie, m.match) for m in entity.mappings] == [
                (m["curie"], m["match"]) for m in record.get("mappings", [])
            ]
    for record in data["findings"]:
        finding = corpus.findings[record["id"]]
        assert finding.statement == record["statement"]
        quote = record["quote"] if isinstance(record["quote"], list) else [record["quote"]]
        assert list(finding.quote) == quote
        assert list(finding.notes) == record.get("notes", [])
        assert [
            (
                r.regulator.kind + ":" + r.regulator.id,
                r.regulated.kind + ":" + r.regulated.id,
                r.direction,
                r.inferred,
                r.note,
            )
            for r in finding.regulations
        ] == [
            (r["regulator"], r["regulated"], r["direction"], r.get("inferred", False), r.get("note"))
            for r in record.get("regulations", [])
        ]


def _accepted_graph(data: dict[str, Any]) -> Graph:
    try:
        corpus = load_generated(data)
    except CurationError as exc:  # only what the loader accepts is claimed to build a valid graph
        assume(False)
        raise AssertionError(exc) from exc
    return build_graph(corpus)


@PROPERTY_SETTINGS
@given(corpus_data())
def test_accepted_input_builds_a_graph_that_passes_shacl(data: dict[str, Any]) -> None:
    graph = _accepted_graph(data)
    result = check_shacl(graph, shapes=SHAPES, ontology=ONTOLOGY)
    assert result.passed, "\n".join(issue.render() for issue in result.issues)


@pytest.mark.slow
@settings(PROPERTY_SETTINGS, max_examples=8)  # JSON-LD compaction with the full context takes ~1 s a graph
@given(corpus_data())
def test_built_graph_round_trips_through_every_release_serialisation(data: dict[str, Any]) -> None:
    graph = _accepted_graph(data)
    for name, text, fmt in (
        ("turtle", turtle(graph), "turtle"),
        ("sorted N-Triples", sorted_ntriples(graph), "nt"),
        ("JSON-LD", jsonld(graph, CONTEXT), "json-ld"),
    ):
        parsed = Graph().parse(data=text, format=fmt)
        assert isomorphic(parsed, graph), f"{name} does not round-trip: {len(parsed)} vs {len(graph)} triples"


# ----------------------------------------------------------------------------- robustness

#: Pieces of YAML syntax, odd characters and keywords: random files made of them are mostly broken.
_YAMLISH = st.sampled_from(
    [
        *"- :[]{}#&*!|>'\",?%@`\n\t\r\\ ",
        "id",
        "label",
        "- id: ",
        "number",
        "\n  ",
        "&a ",
        "*a",
        "<<",
        "!!",
        "\ufeff",
        "\u200b",
        "\x00",
        "é",
        "β",
        "ß",
        "---\n",
        "...",
        "1e3",
        "yes",
        "null",
        "~",
        "miR–21",
        "2020-13-45",
        "!!float x",
        "!!binary",
        "<<: ",
    ]
)
_MINIMAL = {
    "references": [{"number": 109}],
    "entities": REAL_RECORDS,
    "findings": [
        {
            "id": "F109",
            "statement": "A statement.",
            "references": [109],
            "organ_system": "cardiovascular",
            "condition": "myocardial-ischemia-reperfusion-injury",
            "msc_sources": ["bone-marrow"],
            "regulations": [{"regulator": "cargo:miR-486-5p", "regulated": "gene:PTEN", "direction": "decreases"}],
            "models": ["H9C2-hypoxia-reoxygenation"],
            "evidence_types": ["in-vitro"],
            "quote": "miR-486-5p carried by bone marrow-derived MSC-Exos suppressed PTEN expression",
        }
    ],
}


@pytest.fixture(scope="module")
def minimal_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_data(_MINIMAL, tmp_path_factory.mktemp("minimal"))
    load_corpus(root)  # valid as written
    return root


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    rel=st.sampled_from(
        ["references.yaml", "entities/gene.yaml", "entities/gene.part.yaml", "findings/generated.yaml"]
    ),
    edits=st.lists(st.tuples(st.floats(0, 1), st.lists(_YAMLISH, max_size=4).map("".join)), min_size=1, max_size=4),
    raw=st.one_of(st.none(), st.binary(max_size=200)),
)
def test_any_file_content_is_accepted_or_rejected_cleanly(minimal_data: Path, rel: str, edits, raw) -> None:
    folder = Path(tempfile.mkdtemp(prefix="mscexo-fuzz-"))
    try:
        data = folder / "data"
        shutil.copytree(minimal_data, data)
        path = data / rel
        if raw is not None:
            content = raw
        else:
            text = path.read_text(encoding="utf-8") if path.exists() else ""
            for where, insert in edits:
                at = int(where * len(text))
                text = text[:at] + insert + text[at:]
            content = text.encode("utf-8")
        path.write_bytes(content)
        try:
            load_corpus(data)
        except CurationError as exc:
            assert exc.problems
            for problem in exc.problems:
                assert problem.file.startswith("data/") and problem.message, problem
                str(problem)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
