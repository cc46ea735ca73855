"""The ontology as an OBO release pipeline checks it: ROBOT report, reason (ELK), convert; OAK validate-definitions.

ROBOT 1.9.8 (scripts/robot/pom.xml) is fetched by ``bash scripts/fetch-robot.sh`` into
.cache/robot/lib. Without it (or without java) these tests are skipped, naming the reason;
MSCEXO_REQUIRE_ROBOT=1 (set by .ci/run) turns that into a failure.

- ``robot report``: zero ERROR-level problems, and zero WARN-level ones, on the terms of our
  namespace (``--base-iri``: the declared terms of other vocabularies carry only their label,
  as in their pinned release, so the checks of definitions and of labels shared between
  vocabularies ("cell" is both CL:0000000 and biolink:Cell) are theirs, not ours). The INFO-level
  rows are counted in the README.
- ``robot reason --reasoner ELK``: consistent, and no unsatisfiable class.
- ``robot convert``: ontology.owl -> Turtle -> the same axioms (as OWLAPI reads them).
- OAK ``validate-definitions``, on the build's ontology.owl itself through OAK's ``pronto:``
  adapter (pronto reads only OWLAPI's RDF/XML layout, which ontology.owl is written in): no
  "Missing text definition" for a term of ours (each has its IAO:0000115 definition; the other
  rows are the OBO style rules, counted in the README). It needs no ROBOT.

Every check reads the ``ontology.owl`` that ``build`` wrote (the ``build_dir`` fixture), not a copy.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from mscexo_ld import constants as C
from mscexo_ld.export.ontology_mappings import our_terms

ROOT = Path(__file__).resolve().parent.parent
LIB = ROOT / ".cache" / "robot" / "lib"


def _robot_command() -> list[str]:
    missing = None
    if shutil.which("java") is None:
        missing = "java is not installed"
    elif not list(LIB.glob("robot-core-*.jar")):
        missing = f"ROBOT is not in {LIB} (run: bash scripts/fetch-robot.sh)"
    if missing:
        if os.environ.get("MSCEXO_REQUIRE_ROBOT") == "1":
            pytest.fail(f"MSCEXO_REQUIRE_ROBOT=1 but {missing}")
        pytest.skip(missing)
    return ["java", "-Xmx2g", "-cp", f"{LIB}/*", "org.obolibrary.robot.CommandLineInterface"]


def _robot(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*_robot_command(), *args], capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def ontology_owl(build_dir: Path) -> Path:
    """The ontology.owl that ``build`` wrote (read-only: the tools write into ``work``)."""
    return build_dir / "ontology.owl"


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("robot")


def test_robot_report_has_no_error_or_warning(ontology_owl: Path, work: Path) -> None:
    out = work / "report.tsv"
    run = _robot("report", "--input", str(ontology_owl), "--base-iri", C.ONTOLOGY_IRI, "--output", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    levels = {row["Level"] for row in rows}
    assert not [r for r in rows if r["Level"] in ("ERROR", "WARN")], rows
    assert levels <= {"INFO"}
    # the INFO rows: classes of ours with no superclass (the README counts them)
    assert {r["Rule Name"] for r in rows} <= {"missing_superclass"}


def test_robot_reason_with_elk_is_consistent_with_no_unsatisfiable_class(ontology_owl: Path, work: Path) -> None:
    out = work / "reasoned.owl"
    run = _robot("reason", "--reasoner", "ELK", "--input", str(ontology_owl), "--output", str(out))
    assert run.returncode == 0, run.stdout + run.stderr  # ROBOT exits 1 on inconsistency or unsatisfiable classes
    assert "unsatisfiable" not in (run.stdout + run.stderr).lower()
    assert out.stat().st_size > 0


def _axioms(path: Path, work: Path) -> set[str]:
    """The axioms of an ontology file as OWLAPI reads them (ROBOT's functional syntax, one a line)."""
    ofn = work / f"{path.name}.ofn"
    run = _robot("convert", "--input", str(path), "--output", str(ofn))
    assert run.returncode == 0, run.stdout + run.stderr
    lines = ofn.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith(("Prefix(", "Ontology(", ")"))}


# slow: three ROBOT (OWLAPI) runs on the whole ontology, a round trip like sssom-py's; report and reason stay fast
@pytest.mark.slow
def test_robot_convert_round_trip(ontology_owl: Path, ontology_graph: Graph, work: Path) -> None:
    """owl -> ROBOT's Turtle -> the same axioms.

    OWLAPI rewrites how some axioms are written (list order, a pair in AllDifferent as
    owl:differentFrom ...), so the graphs are not isomorphic triple for triple; the axioms are equal.
    """
    ttl = work / "converted.ttl"
    run = _robot("convert", "--input", str(ontology_owl), "--output", str(ttl))
    assert run.returncode == 0, run.stdout + run.stderr
    assert len(Graph().parse(ttl, format="turtle")) >= len(ontology_graph) - 10
    original, back = _axioms(ontology_owl, work), _axioms(ttl, work)
    assert len(original) > 500
    assert original == back


def test_oak_validate_definitions(ontology_owl: Path) -> None:
    """``runoak -i pronto:build/ontology.owl validate-definitions``: the shipped file, read by pronto."""
    runoak = Path(sys.executable).parent / "runoak"
    oak = subprocess.run(
        [str(runoak), "-i", f"pronto:{ontology_owl}", "validate-definitions", "--skip-text-annotation"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert oak.returncode == 0, oak.stderr[-2000:]
    rows = list(csv.DictReader(oak.stdout.splitlines(), delimiter="\t"))
    ours = {str(t) for t in our_terms(Graph().parse(ontology_owl, format="xml"))}
    subjects = {r["subject"] for r in rows}
    # pronto names our terms by their full IRI (not "#Finding", as it would with an xml:base layout)
    assert subjects & ours and not [s for s in subjects if s.startswith("#")], sorted(subjects)[:10]
    missing = [r for r in rows if r["type"] == "oaklib.om:DCC#S0"]  # "Missing text definition"
    assert missing and not [r for r in missing if r["subject"] in ours], missing
    # the others are the OBO definition style rules (genus and differentia ...): advice, counted in the README
    style = {f"oaklib.om:DCC#{k}" for k in ("S1", "S3", "S7", "Any")}
    assert {r["type"] for r in rows if r["subject"] in ours} <= style
