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


# ----------------------------------------------------------------------------- the dataset description (void.ttl)

DCTERMS = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
PAV = "http://purl.org/pav/"
SPDX = "http://spdx.org/rdf/terms#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

#: The MUST properties of each level, from the table of the W3C HCLS Interest Group Note "Dataset
#: Descriptions: HCLS Community Profile" (2015, section 5): rdf:type, dct:title, dct:description,
#: dct:publisher and dct:license at every level; dct:creator at the version and distribution levels;
#: pav:version and dct:isVersionOf at the version level; dct:format at the distribution level.
HCLS_MUST = {
    "summary": ("rdf:type", "dct:title", "dct:description", "dct:publisher", "dct:license"),
    "version": (
        "rdf:type",
        "dct:title",
        "dct:description",
        "dct:publisher",
        "dct:license",
        "dct:creator",
        "pav:version",
        "dct:isVersionOf",
    ),
    "distribution": (
        "rdf:type",
        "dct:title",
        "dct:description",
        "dct:publisher",
        "dct:license",
        "dct:creator",
        "dct:format",
    ),
}
#: What the note says a summary level description NEVER has.
HCLS_NEVER_ON_SUMMARY = ("dct:created", "dct:issued", "dct:creator", "pav:version", "dcat:distribution", "void:triples")
_EXPAND = {"rdf:": str(RDF_TYPE)[:-4], "dct:": DCTERMS, "pav:": PAV, "dcat:": DCAT, "void:": VOID}


def _iri(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    return URIRef(_EXPAND[prefix + ":"] + local)


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rel")
    assert main(["release", "--version", "0.3.0", "--date", "2026-12-03", "--out", str(out)]) == 0
    return out / "0.3.0"


def test_void_follows_the_hcls_levels(released: Path) -> None:
    void = Graph().parse(released / "void.ttl", format="turtle")
    summary = URIRef(C.DATASET_IRI)
    version = URIRef(C.DATASET_IRI + "/0.3.0")
    distributions = set(void.objects(version, URIRef(DCAT + "distribution")))
    levels = {"summary": [summary], "version": [version], "distribution": sorted(distributions)}
    for level, nodes in levels.items():
        for node in nodes:
            missing = [p for p in HCLS_MUST[level] if void.value(node, _iri(p)) is None]
            assert missing == [], (level, node, missing)
    for never in HCLS_NEVER_ON_SUMMARY:
        assert void.value(summary, _iri(never)) is None, never
    assert void.value(version, _iri("dct:isVersionOf")) == summary
    assert void.value(summary, _iri("pav:hasCurrentVersion")) == version
    assert str(void.value(version, _iri("pav:version"))) == "0.3.0"
    assert str(void.value(version, _iri("dct:issued"))) == "2026-12-03"  # the release date, not the clock
    publisher = void.value(summary, _iri("dct:publisher"))
    assert isinstance(publisher, URIRef) and str(publisher).startswith("https://w3id.org/mscexo")


def test_every_distribution_has_type_size_checksum_and_licence(released: Path) -> None:
    import hashlib

    void = Graph().parse(released / "void.ttl", format="turtle")
    version = URIRef(C.DATASET_IRI + "/0.3.0")
    files = {p.name: p.read_bytes() for p in released.iterdir()}
    described = {}
    for dist in void.objects(version, URIRef(DCAT + "distribution")):
        described[str(dist).rsplit("/", 1)[1]] = dist
    # every file but the description itself and the checksums of all files (which include it)
    assert set(described) == set(files) - {"void.ttl", "SHA256SUMS"}
    for name, dist in described.items():
        assert str(void.value(dist, URIRef(DCAT + "downloadURL"))) == f"https://w3id.org/mscexo/release/0.3.0/{name}"
        media = str(void.value(dist, URIRef(DCAT + "mediaType")))
        assert media.startswith("http://www.iana.org/assignments/media-types/") and "octet" not in media, name
        assert int(void.value(dist, URIRef(DCAT + "byteSize"))) == len(files[name]), name
        checksum = void.value(dist, URIRef(SPDX + "checksum"))
        assert void.value(checksum, URIRef(SPDX + "algorithm")) == URIRef(SPDX + "checksumAlgorithm_sha256")
        assert str(void.value(checksum, URIRef(SPDX + "checksumValue"))) == hashlib.sha256(files[name]).hexdigest()
        licence = void.value(dist, URIRef(DCTERMS + "license"))
        assert licence in (URIRef(C.DATA_LICENSE), URIRef("https://creativecommons.org/licenses/by/4.0/")), name
    assert str(void.value(described["mscexo.ttl"], URIRef(DCAT + "mediaType"))).endswith("/text/turtle")
    assert str(void.value(described["ontology.owl"], URIRef(DCAT + "mediaType"))).endswith("/application/rdf+xml")
    nt = described["mscexo.nt"]
    assert (nt, RDF_TYPE, URIRef(VOID + "Dataset")) in void
    assert int(void.value(nt, URIRef(VOID + "triples"))) == len(Graph().parse(released / "mscexo.nt"))


def test_release_never_advertises_loopback(released: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (released / "void.ttl").read_text(encoding="utf-8")
    assert "127.0.0.1" not in text and "localhost" not in text and "sparqlEndpoint" not in text
    for option, url in (("--endpoint", "http://127.0.0.1:7878/query"), ("--download-base", "http://localhost/x/")):
        code = main(["release", "--version", "0.3.0", "--date", "2026-12-03", "--out", str(tmp_path), option, url])
        assert code == 2 and "loopback" in capsys.readouterr().err
        assert not (tmp_path / "0.3.0").exists()  # nothing written
    args = ["--endpoint", "https://sparql.example.org/mscexo", "--download-base", "https://files.example.org/0.3.0/"]
    assert main(["release", "--version", "0.3.0", "--date", "2026-12-03", "--out", str(tmp_path), *args]) == 0
    void = Graph().parse(tmp_path / "0.3.0" / "void.ttl", format="turtle")
    nt = URIRef("https://w3id.org/mscexo/release/0.3.0/mscexo.nt")
    assert void.value(nt, URIRef(VOID + "sparqlEndpoint")) == URIRef("https://sparql.example.org/mscexo")
    assert void.value(nt, URIRef(DCAT + "downloadURL")) == URIRef("https://files.example.org/0.3.0/mscexo.nt")
