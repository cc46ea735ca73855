"""Exact answers of the canned queries on the built release, kept beside the queries.

Why this module is long: it reads, writes and regenerates the answer files, and keeps each fact
that was checked by hand against the review as its own test (about 20 queries).

Every expected answer is a file in ``queries/expected/``, one per canned query and parameter
set, written for a curator to read and review:

    # query: outcomes-for-condition
    # param: condition=myocardial infarction
    # (free comment lines: how the answer was checked, which lines of the review say so)
    condition<TAB>outcome<TAB>findings
    myocardial infarction<TAB>improved cardiac function<TAB>6
    ...

The first line after the ``#`` lines names the variables; then one row per solution, in the
order the query gives them (``# order: any`` when the query leaves it open). An empty cell is
an unbound variable; ``\\t``, ``\\n``, ``\\r`` and ``\\\\`` stand for a tab, a newline, a carriage return
and a backslash inside a value. The file name is ``NAME.tsv`` for the default parameters and
``NAME--PARAM=VALUE.tsv`` otherwise (the ``# param:`` lines are what the test uses).

The answers marked "checked by hand" were worked out independently of SPARQL: recomputed from
the curated YAML (data/findings, data/tables, data/entities, data/references.yaml; data of
commit 5a0d303) and checked against the review's text (/work/shared/seed/msc-exos-review.txt).
The tests below also check, on those files, the facts that were checked by hand, so that a
careless regeneration cannot rewrite them silently.

After a deliberate change of the data or of a query, rewrite every file from the current data
(comment lines are kept) and review the difference before committing it::

    python tests/test_queries_review.py --regenerate
    git diff queries/expected/
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from mscexo_ld import constants as C
from mscexo_ld.query import bind_params, list_queries, resolve_query, run_oxigraph

EXPECTED_DIR = Path(__file__).resolve().parent.parent / "queries" / "expected"
ID = C.ID_BASE
F = ID + "finding/"
OBO = "http://purl.obolibrary.org/obo/"
HGNC = "https://identifiers.org/hgnc:"

Row = tuple[str | None, ...]


# ----------------------------------------------------------------------------- the files


@dataclass
class Expected:
    """One expected answer: the query, its parameters, comment lines, variables and rows."""

    query: str
    params: dict[str, str] = field(default_factory=dict)
    any_order: bool = False
    notes: list[str] = field(default_factory=list)
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {v: k for k, v in _ESCAPES.items()}


def _cell(value: str | None) -> str:
    if value == "":
        raise ValueError("an empty string cannot be told from an unbound variable in an expected-answer file")
    return "" if value is None else re.sub(r"[\\\t\n\r]", lambda m: _ESCAPES[m.group()], value)


def _value(cell: str) -> str | None:
    return None if cell == "" else re.sub(r"\\[\\tnr]", lambda m: _UNESCAPES[m.group()], cell)


def file_name(query: str, params: dict[str, str]) -> str:
    """``NAME.tsv``, or ``NAME--PARAM=VALUE.tsv`` with the value reduced to ASCII letters, digits, '.', '_', '-'."""

    def slug(value: str) -> str:
        if re.match(r"^[a-z]+://", value):
            value = re.split(r"[/#]", value)[-1]
        return re.sub(r"[^A-Za-z0-9._]+", "-", value, flags=re.ASCII).strip("-") or "-"

    return query + "".join(f"--{k}={slug(v)}" for k, v in params.items()) + ".tsv"


def read_expected(path: Path) -> Expected:
    """Parse one expected-answer file."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", f"{path}: expected a newline at the end"
    lines.pop()
    exp = Expected(query="")
    while lines and lines[0].startswith("#"):
        line = lines.pop(0)
        key, _, value = line[1:].strip().partition(":")
        if key == "query":
            exp.query = value.strip()
        elif key == "param":
            name, _, val = value.strip().partition("=")
            exp.params[name] = val
        elif key == "order" and value.strip() == "any":
            exp.any_order = True
        else:
            exp.notes.append(line)
    assert exp.query, f"{path}: no '# query:' line"
    assert lines, f"{path}: no header row of variables"
    exp.variables = lines[0].split("\t")
    for n, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        assert len(cells) == len(exp.variables), f"{path}: row {n} has {len(cells)} cells for {len(exp.variables)}"
        exp.rows.append(tuple(_value(c) for c in cells))
    return exp


def render_expected(exp: Expected) -> str:
    """The text of an expected-answer file (the inverse of ``read_expected``)."""
    head = [f"# query: {exp.query}", *(f"# param: {k}={v}" for k, v in exp.params.items())]
    if exp.any_order:
        head.append("# order: any")
    body = ["\t".join(exp.variables), *("\t".join(_cell(v) for v in row) for row in exp.rows)]
    return "\n".join([*head, *exp.notes, *body]) + "\n"


def run(store: Any, query: str, params: dict[str, str]) -> tuple[list[str], list[Row]]:
    """Variables and rows of a canned query on ``store`` (pyoxigraph), as ``mscexo-ld query`` runs it."""
    q = resolve_query(query)
    result = run_oxigraph(store, q, bind_params(q, params))
    return result.variables, result.as_tuples()


EXPECTED_FILES = sorted(EXPECTED_DIR.glob("*.tsv"))


def expected(query: str, **params: str) -> list[Row]:
    """The rows of the expected answer of ``query`` with ``params``."""
    return read_expected(EXPECTED_DIR / file_name(query, params)).rows


# ----------------------------------------------------------------------------- every file against the release


@pytest.mark.parametrize("path", EXPECTED_FILES, ids=[p.stem for p in EXPECTED_FILES])
def test_answer_is_the_expected_one(path: Path, store: Any) -> None:
    exp = read_expected(path)
    assert path.name == file_name(exp.query, exp.params), "file name does not match its # query and # param lines"
    variables, rows = run(store, exp.query, exp.params)
    assert variables == exp.variables
    if exp.any_order:
        assert sorted(rows, key=repr) == sorted(exp.rows, key=repr)
    else:
        assert rows == exp.rows


def test_every_canned_query_has_an_expected_answer() -> None:
    names = {q.name for q in list_queries()}
    assert len(EXPECTED_FILES) >= len(names) >= 40
    assert {p.name for p in EXPECTED_FILES} >= {f"{n}.tsv" for n in names}
    assert {read_expected(p).query for p in EXPECTED_FILES} == names


def test_file_format_round_trips() -> None:
    exp = Expected("q", {"p": "a b"}, True, ["# note"], ["x", "y"], [("a\tb\\c\nd", None), ("e", "f")])
    assert render_expected(exp) == "# query: q\n# param: p=a b\n# order: any\n# note\nx\ty\na\\tb\\\\c\\nd\t\ne\tf\n"
    assert file_name("q", {"standardId": OBO + "MONDO_0005098", "x": "Wnt/β-catenin signaling"}) == (
        "q--standardId=MONDO_0005098--x=Wnt-catenin-signaling.tsv"
    )
    with pytest.raises(ValueError, match="empty string"):
        render_expected(Expected("q", variables=["x"], rows=[("",)]))


# ----------------------------------------------------------------------------- facts checked by hand


def test_findings_per_condition() -> None:
    rows = expected("findings-per-condition")
    assert rows[:3] == [
        ("osteoarthritis", "12", "8"),
        ("myocardial infarction", "9", "8"),
        ("myocardial ischemia-reperfusion injury", "9", "8"),
    ]
    counts = {r[0]: (r[1], r[2]) for r in rows}
    assert counts["amyotrophic lateral sclerosis"] == ("2", "3")  # F146 cites [146,147]
    assert counts["AKI-to-CKD transition"] == ("2", "1")  # one study [86], F86a in vivo and F86b in vitro
    # Clinical trials (Table 3) carry a condition but are not findings.
    assert not {"COVID-19", "macular hole", "periodontitis"} & set(counts)


def test_findings_per_donor_species() -> None:
    rows = expected("findings-per-donor-species")
    assert ("(not stated)", "30") in rows  # 29 cited findings and the uncited FU1 (miR-301, no donor species)
    assert sum(int(str(n)) for _, n in rows) == 108


def test_findings_for_msc_source_umbilical_cord() -> None:
    rows = expected("findings-for-msc-source", source="umbilical cord")
    # umbilical cord blood ([111], [115]) is a different source and must not be matched
    assert {r[0] for r in rows} == {"umbilical cord"}
    assert ("umbilical cord", "133", "nervous system", "spinal cord injury", F + "F133") in rows
    assert len(rows) == 16


def test_outcomes_for_condition() -> None:
    assert expected("outcomes-for-condition") == expected("outcomes-for-condition", condition="spinal cord injury")
    assert expected("outcomes-for-condition", condition="no such condition") == []


def test_msc_sources_for_spinal_cord_injury() -> None:
    # Rat bone marrow MSC-Exos in [132], [134]-[140]; human umbilical cord MSC-Exos in [133] (Sun et al).
    bm, uc = OBO + "UBERON_0002371", OBO + "UBERON_0002331"
    assert expected("msc-sources-for-condition", condition="spinal cord injury") == [
        ("spinal cord injury", "bone marrow", bm, "Rattus norvegicus", ref)
        for ref in ("132", "134", "135", "136", "137", "138", "139", "140")
    ] + [("spinal cord injury", "umbilical cord", uc, "Homo sapiens", "133")]


def test_isolation_methods_by_advantage() -> None:
    high_purity = expected("isolation-methods-by-advantage")
    assert high_purity == expected("isolation-methods-by-advantage", advantage="high purity")
    assert expected("isolation-methods-by-advantage", advantage="HIGH PURITY") == [("HIGH PURITY", *high_purity[0][1:])]
    assert [r[1] for r in expected("isolation-methods-by-advantage", advantage="intact")] == [
        "membrane filtration",
        "size exclusion chromatography",
    ]
    assert expected("isolation-methods-by-advantage", advantage="low purity") == []


def test_clinical_trials_by_phase() -> None:
    assert expected("clinical-trials-by-phase") == expected("clinical-trials-by-phase", phase="phase 1")
    assert [r[1] for r in expected("clinical-trials-by-phase", phase="phase 3")] == ["NCT02138331"]
    assert expected("clinical-trials-by-phase", phase="phase 4") == []
    assert len(expected("clinical-trials")) == 8  # Table 3, eight rows


def test_trials_without_phase() -> None:
    rows = expected("trials-without-phase")
    # Only NCT03384433 prints a status ("Completed") instead of a phase; two notes, two rows.
    assert {r[0] for r in rows} == {"NCT03384433"} and len(rows) == 2
    assert read_expected(EXPECTED_DIR / "trials-without-phase.tsv").any_order


def test_markers_and_lists() -> None:
    assert expected("markers-of-ev-type") == expected("markers-of-ev-type", evType="exosome")
    assert expected("review-list-members", list="no such list") == []
    other = expected("review-list-members", list="other common exosomal proteins")
    assert len(other) == 10
    intro = expected("review-list-members", list="tissues MSCs can be isolated from (Introduction)")
    assert len(intro) == 15 and all(str(r[2]).startswith(OBO + "UBERON_") for r in intro)


def test_genes_by_direction() -> None:
    decreases = expected("genes-by-direction")
    assert len(decreases) == 42 and decreases[2] == ("decreases", "PTEN", "4", "109, 119, 128, 169")
    rows = expected("genes-by-direction", direction="increases")
    assert len(rows) == 32
    assert rows[:6] == [
        ("increases", "Bcl-2", "5", "82, 104, 108, 110, 124"),
        ("increases", "collagen type I", "4", "163, 164, 165"),
        ("increases", "Beclin-1", "3", "89, 90, 104"),
        ("increases", "PCNA", "3", "93, 164, 165"),
        ("increases", "Sox9", "3", "86, 154"),
        ("increases", "collagen type III", "3", "163, 165"),
    ]
    assert ("increases", "PTEN", "1", "169") in rows  # H19 "promoting PTEN expression"
    assert ("increases", "heme oxygenase 1", "1", "30") in rows  # "by upregulating heme oxygenase 1"
    assert ("increases", "vascular endothelial growth factor A", "1", "168") in rows
    assert {r[0] for r in rows} == {"increases"}
    assert expected("genes-by-direction", direction="sideways") == []


def test_inferred_regulations() -> None:
    rows = expected("inferred-regulations")
    assert len(rows) == 27  # 22, and the five [140] edges credited to miR-126 where the text credits MSC-ExosmiR-126
    assert sum(r[0] == "140" for r in rows) == 5
    assert all(r[4] for r in rows), "every inferred edge says why"
    notes = {(r[0], r[3]): str(r[4]) for r in rows}
    assert '"by regulating SIRT7"' in notes[("110", "SIRT7")]
    assert '"by inhibiting miR-152-3p and promoting PTEN expression"' in notes[("169", "PTEN")]
    assert '"targeting PTEN to activate the PI3K/AKT/mTOR signaling pathway"' in notes[("128", "PTEN")]


def test_mechanisms_affected() -> None:
    rows = expected("mechanisms-affected")
    # 74, and issue 15: endothelial tube formation [112], GSH level [91] and the summary's autophagy [157], both
    # printed against expectation
    assert len(rows) == 77
    assert rows[:9] == [
        ("apoptosis", "decreases", "30", "30"),
        ("inflammation", "decreases", "20", "20"),
        ("angiogenesis", "increases", "13", "13"),
        ("autophagy", "increases", "8", "8"),
        ("oxidative stress", "decreases", "8", "8"),
        ("M2 macrophage polarization", "increases", "6", "6"),
        ("cell proliferation", "increases", "5", "5"),
        ("Wnt/β-catenin signaling", "increases", "4", "4"),
        ("neurogenesis", "increases", "4", "4"),
    ]
    # findings == references in every row; for apoptosis only by balance: F106a/F106b share [106],
    # F146 cites [146,147] (30 findings, 30 references)
    assert all(r[2] == r[3] for r in rows)
    assert sum(int(str(r[2])) for r in rows) == 191
    assert len({r[0] for r in rows}) == 73
    # the only mechanisms reported in both directions: [158] miR-26a-5p "inhibited ... proliferation
    # ... and promoted apoptosis"; [165] collagen up early, "inhibited collagen expression" later; [157] autophagy
    # enhanced, and inhibited in the summary (printed against expectation)
    both = Counter(r[0] for r in rows)
    assert sorted(str(m) for m, n in both.items() if n > 1) == [
        "apoptosis",
        "autophagy",
        "cell proliferation",
        "collagen synthesis",
    ]
    assert ("apoptosis", "increases", "1", "1") in rows
    assert ("cell proliferation", "decreases", "1", "1") in rows
    assert ("collagen synthesis", "decreases", "2", "2") in rows
    assert ("collagen synthesis", "increases", "1", "1") in rows
    assert ("PI3K/AKT signaling", "increases", "3", "3") in rows
    assert rows[-1] == ("senescence-associated protein levels", "increases", "1", "1")


def test_cargo_target_pathway_outcome() -> None:
    rows = expected("cargo-target-pathway-outcome")
    assert len(rows) == 81  # 79, and [157]'s autophagy as the summary prints it (against expectation), two outcomes
    assert Counter(r[0] for r in rows) == {
        "110": 28,
        "137": 16,
        "140": 8,
        "157": 10,
        "122": 4,
        "128": 4,
        "169": 4,
        "81": 2,
        "109": 2,
        "111": 2,
        "161": 1,
    }
    assert rows[:4] == [
        ("81", "CCR2", "decreases", "CCL2", "decreases", "monocyte/macrophage activation", "reduced kidney injury"),
        ("81", "CCR2", "decreases", "CCL2", "decreases", "monocyte/macrophage recruitment", "reduced kidney injury"),
        (
            "109",
            "miR-486-5p",
            "decreases",
            "PTEN",
            "increases",
            "PI3K/AKT signaling",
            "reduced cardiomyocyte apoptosis",
        ),
        ("109", "miR-486-5p", "decreases", "PTEN", "decreases", "apoptosis", "reduced cardiomyocyte apoptosis"),
    ]
    assert ("161", "MALAT1", "increases", "SATB2", "increases", "osteogenesis", "alleviated osteoporosis") in rows
    assert (
        "128",
        "miR-17-92 cluster",
        "decreases",
        "PTEN",
        "increases",
        "PI3K/AKT/mTOR signaling",
        "increased neural plasticity",
    ) in rows
    assert rows[-4:] == [
        ("169", "H19", "increases", "PTEN", "decreases", "apoptosis", "accelerated wound healing"),
        ("169", "H19", "increases", "PTEN", "increases", "fibroblast migration", "accelerated wound healing"),
        ("169", "H19", "increases", "PTEN", "increases", "fibroblast proliferation", "accelerated wound healing"),
        ("169", "H19", "increases", "PTEN", "decreases", "inflammation", "accelerated wound healing"),
    ]
    # 24 distinct (reference, cargo, target) links
    assert len({(r[0], r[1], r[3]) for r in rows}) == 24
    assert len(set(rows)) == len(rows)


def test_pathways_per_organ_system() -> None:
    rows = expected("pathways-per-organ-system")
    assert len(rows) == 108  # 105, and endothelial tube formation and migration [112], GSH level [91]
    assert Counter(r[0] for r in rows) == {
        "cardiovascular system": 18,
        "immune system": 1,
        "kidney": 9,
        "liver": 18,
        "musculoskeletal system": 24,
        "nervous system": 22,
        "respiratory system": 1,
        "skin": 15,
    }
    assert rows[0] == ("cardiovascular system", "apoptosis", "13")
    assert ("immune system", "inflammation", "1") in rows  # [78] curcumin in exosomes
    assert ("respiratory system", "oxidative stress", "1") in rows  # [30] heme oxygenase 1 (inferred)
    assert ("liver", "inflammation", "6") in rows
    assert ("nervous system", "angiogenesis", "6") in rows
    assert ("musculoskeletal system", "apoptosis", "5") in rows
    assert ("skin", "re-epithelialization", "3") in rows
    assert rows[-1] == ("skin", "keratinocyte proliferation", "1")
    # sorted by organ system, then most findings first
    for a, b in pairwise(rows):
        assert (a[0], -int(str(a[2])), a[1]) < (b[0], -int(str(b[2])), b[1])


def test_findings_for_standard_id() -> None:
    # cerebrovascular disorder is only the condition of trial NCT03384433, which is no finding
    assert expected("findings-for-standard-id", standardId=OBO + "MONDO_0011057") == []
    assert {r[0] for r in expected("findings-for-standard-id")} == {HGNC + "9588"}


def test_references_without_author() -> None:
    rows = expected("references-without-author")
    assert len(rows) == 44
    assert ("146", F + "F146") in rows and ("147", F + "F146") in rows  # [146,147] share F146


def test_out_of_scope_references() -> None:
    rows = expected("out-of-scope-references")
    assert len(rows) == 52
    assert sum(int(str(r[1])) for r in rows) == 58  # 173 references = 115 cited by findings/tables + 58 out of scope
    assert [r[1:] for r in rows[:4]] == [("4", "12", "15"), ("2", "34", "35"), ("2", "1", "2"), ("2", "28", "29")]
    assert all(r[1] == "1" and r[2] == r[3] for r in rows[4:])
    by_ref = {r[2]: str(r[0]) for r in rows}
    assert by_ref["97"].startswith("Background on liver fibrosis")
    assert by_ref["173"].startswith(
        "Cited for the open question whether MSC exosomes are effective when given systemically"
    )
    assert by_ref["79"].startswith("Background on acute kidney injury, cited three times in the kidney section")
    # references that carry findings or table records are never out of scope
    assert not {"8", "9", "25", "30", "31", "72", "109", "146", "147", "171"} & set(by_ref)


def test_mappings_per_vocabulary() -> None:
    rows = expected("mappings-per-vocabulary")
    assert ("EFO", "close", "2") in rows and ("EFO", "exact", "2") in rows  # one vocabulary "EFO", not one per IRI
    assert len(rows) == 26  # 23, and the evidence types' ECO (exact, close) and OBI (close) mappings


# ----------------------------------------------------------------------------- regeneration


def regenerate(out_dir: Path = EXPECTED_DIR) -> list[Path]:
    """Rewrite every expected answer from the current data and queries (comment lines kept).

    Each existing file is answered again with its parameters; a canned query without a file for
    its default parameters gets one, marked as not yet checked by hand. Returns the files written.
    """
    import tempfile

    from mscexo_ld.curation import load_corpus
    from mscexo_ld.query import load_store
    from mscexo_ld.rdf.build import build_graph, load_ontology
    from mscexo_ld.release.files import release_files
    from mscexo_ld.resources import NAMED_GRAPH_FILES

    files = release_files(build_graph(load_corpus(C.DATA_DIR)), load_ontology())
    with tempfile.TemporaryDirectory() as tmp:
        for name in (C.GRAPH_NT, *NAMED_GRAPH_FILES):  # the release graph and its named graphs, as `query` reads them
            (Path(tmp) / name).write_text(files[name](), encoding="utf-8")
        store = load_store(Path(tmp) / C.GRAPH_NT)
    todo = [read_expected(p) for p in sorted(out_dir.glob("*.tsv"))]
    have = {(e.query, tuple(e.params.items())) for e in todo}
    for q in list_queries():
        if (q.name, ()) not in have:
            note = "# Not yet checked by hand: the release's answer when this file was generated."
            todo.append(Expected(q.name, notes=[note]))
    written = []
    for exp in todo:
        exp.variables, exp.rows = run(store, exp.query, exp.params)
        path = out_dir / file_name(exp.query, exp.params)
        path.write_text(render_expected(exp), encoding="utf-8")
        written.append(path)
    return written


def main(argv: Sequence[str]) -> int:
    """``--regenerate``: rewrite queries/expected/ from the current data (see the module docstring)."""
    if list(argv) != ["--regenerate"]:
        print("usage: python tests/test_queries_review.py --regenerate", file=sys.stderr)
        return 2
    written = regenerate()
    print(f"wrote {len(written)} files in {EXPECTED_DIR}; review them with: git diff {EXPECTED_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
