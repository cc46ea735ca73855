"""Versioned releases and graph diffs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from mscexo_ld import constants as C
from mscexo_ld.cli import main


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.slow
def test_release_is_complete_stamped_checksummed_and_reproducible(tmp_path: Path) -> None:
    args = ["release", "--version", "0.1.0", "--date", "2026-11-27"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    assert main([*args, "--out", str(tmp_path / "b")]) == 0
    a, b = _files(tmp_path / "a" / "0.1.0"), _files(tmp_path / "b" / "0.1.0")
    assert a == b
    assert set(a) >= {
        "mscexo.ttl",
        "mscexo.nt",
        "mscexo.jsonld",
        "context.jsonld",
        "ontology.ttl",
        "ontology.owl",
        "mscexo_kgx_nodes.tsv",
        "mscexo_kgx_edges.tsv",
        "mscexo.sssom.tsv",
        "mscexo.nanopubs.trig",
        "void.ttl",
        "SHA256SUMS",
        "CHANGES.md",
    }
    import hashlib

    sums = dict(line.split("  ")[::-1] for line in a["SHA256SUMS"].decode().splitlines())
    assert set(sums) == set(a) - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256(a[name]).hexdigest() == digest
    onto = Graph().parse(data=a["ontology.owl"].decode(), format="xml")
    assert onto.value(URIRef(C.ONTOLOGY_IRI), OWL.versionIRI) == URIRef(C.ONTOLOGY_IRI + "/0.1.0")
    assert "first release" in a["CHANGES.md"].decode()
    assert "2026-11-27" in a["mscexo.sssom.tsv"].decode()


@pytest.mark.slow
def test_next_release_lists_changes_against_the_previous(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rel"
    assert main(["release", "--version", "0.1.0", "--date", "2026-11-27", "--out", str(out)]) == 0
    data = tmp_path / "data"
    shutil.copytree(C.DATA_DIR, data)
    pten = data / "findings" / "pten.yaml"
    text = pten.read_text(encoding="utf-8")
    start = text.index("- id: F169")
    pten.write_text(text[:start], encoding="utf-8")  # F169 removed
    cv = data / "findings" / "cardiovascular.yaml"
    cv.write_text(
        cv.read_text(encoding="utf-8").replace("references: [109]", "references: [109]\n  notes: [an extra note]", 1)
        if "notes:" not in cv.read_text(encoding="utf-8").split("- id: F109", 1)[1].split("- id: F110", 1)[0]
        else cv.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    assert (
        main(["release", "--version", "0.2.0", "--date", "2026-12-01", "--out", str(out), "--curated", str(data)]) == 0
    )
    changes = (out / "0.2.0" / "CHANGES.md").read_text(encoding="utf-8")
    assert changes.startswith("## 0.2.0 (2026-12-01) compared with 0.1.0")
    assert "- finding removed (1): F169" in changes
    capsys.readouterr()
    assert main(["diff", str(out / "0.1.0"), str(out / "0.2.0")]) == 1
    report = capsys.readouterr().out
    assert "finding removed (1): F169" in report and "triples: +" in report
    assert main(["diff", str(out / "0.1.0"), str(out / "0.1.0")]) == 0
    assert "no change" in capsys.readouterr().out


def test_release_rejects_bad_version_and_date(tmp_path: Path) -> None:
    assert main(["release", "--version", "1.0", "--date", "2026-11-27", "--out", str(tmp_path)]) == 2
    assert main(["release", "--version", "1.0.0", "--date", "27/11/2026", "--out", str(tmp_path)]) == 2
