"""Versioned releases and graph diffs; every release on the site, its IRIs resolving (serve, w3id rules in Apache)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import test_conneg
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL

from mscexo_ld import constants as C
from mscexo_ld.cli import main
from mscexo_ld.query.serve import start_site_server


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


# slow: a whole second release in-process; the loopback refusals above stay fast
@pytest.mark.slow
def test_release_advertises_a_public_endpoint_and_download_base(tmp_path: Path) -> None:
    args = ["--endpoint", "https://sparql.example.org/mscexo", "--download-base", "https://files.example.org/0.3.0/"]
    assert main(["release", "--version", "0.3.0", "--date", "2026-12-03", "--out", str(tmp_path), *args]) == 0
    void = Graph().parse(tmp_path / "0.3.0" / "void.ttl", format="turtle")
    nt = URIRef("https://w3id.org/mscexo/release/0.3.0/mscexo.nt")
    assert void.value(nt, URIRef(VOID + "sparqlEndpoint")) == URIRef("https://sparql.example.org/mscexo")
    assert void.value(nt, URIRef(DCAT + "downloadURL")) == URIRef("https://files.example.org/0.3.0/mscexo.nt")


# ----------------------------------------------------------------------------- every release on the site

# The Apache test of tests/test_conneg.py, reused: its ``apache`` fixture serves the ``built`` fixture of
# the module that asks for it (here, the build with two releases below) with the committed w3id rules.
apache = test_conneg.apache
HTML, _first_hop, _follow = test_conneg.HTML, test_conneg._first_hop, test_conneg._follow


def _cut_two_releases(root: Path) -> Path:
    """0.2.0, then a changed curated input (F169 removed) released as 0.3.0, then ``build``: the build folder."""
    build, data = root / "build", root / "data"
    shutil.copytree(C.DATA_DIR, data)
    release = ["release", "--out", str(build / "release"), "--curated", str(data)]
    assert main([*release, "--version", "0.2.0", "--date", "2026-12-01"]) == 0
    pten = data / "findings" / "pten.yaml"
    text = pten.read_text(encoding="utf-8")
    pten.write_text(text[: text.index("- id: F169")], encoding="utf-8")
    assert main([*release, "--version", "0.3.0", "--date", "2026-12-08"]) == 0
    assert main(["build", "--out", str(build), "--curated", str(data)]) == 0
    return build


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build whose ``release/`` holds two releases, 0.2.0 and 0.3.0 (the data changed between them)."""
    return _cut_two_releases(tmp_path_factory.mktemp("two-releases"))


def _version_iri(ontology: bytes, fmt: str) -> str:
    return str(Graph().parse(data=ontology.decode("utf-8"), format=fmt).value(URIRef(C.ONTOLOGY_IRI), OWL.versionIRI))


@pytest.mark.slow
def test_site_holds_every_release_as_released(built: Path) -> None:
    site, releases = built / "site", built / "release"
    for version in ("0.2.0", "0.3.0"):
        assert _files(site / "release" / version) == _files(releases / version)  # every file, byte for byte
        owl = (site / "release" / version / "ontology.owl").read_bytes()
        assert _version_iri(owl, "xml") == f"{C.ONTOLOGY_IRI}/{version}"
        ttl = Graph().parse(site / "release" / version / C.ONTOLOGY_TTL, format="turtle")
        assert isomorphic(Graph().parse(data=owl.decode("utf-8"), format="xml"), ttl)  # the stamped ontology
    assert "F169" in (site / "release/0.2.0" / C.GRAPH_TTL).read_text(encoding="utf-8")
    assert "F169" not in (site / "release/0.3.0" / C.GRAPH_TTL).read_text(encoding="utf-8")
    # the build's own files stand for the package's version, not released
    assert (site / "release" / C.VERSION / C.GRAPH_TTL).read_bytes() == (built / C.GRAPH_TTL).read_bytes()
    page = (site / "releases.html").read_text(encoding="utf-8")
    assert page.index(">0.3.0 (2026-12-08)<") < page.index(">0.2.0 (2026-12-01)<") < page.index(f">{C.VERSION} (this")
    assert f"{C.ONTOLOGY_IRI}/0.2.0" in page
    links = re.findall(r'href="(release/[^"]+)"', page)
    assert "release/0.2.0/CHANGES.md" in links and "release/0.2.0/SHA256SUMS" in links
    assert all((site / link).is_file() for link in links) and len(links) > 3 * 15
    assert 'href="releases.html"' in (site / "index.html").read_text(encoding="utf-8")


def _check_dataset_version(base: str, built: Path, version: str) -> None:
    """The dataset's version IRI: that release's VoID for RDF, its entry on the releases page for a browser."""
    for accept in ("text/turtle", "application/ld+json"):
        status, location = _first_hop(base + f"id/dataset/{version}", accept)
        assert status == 303 and location.endswith(f"/site/release/{version}/void.ttl"), location
    status, media, body, _ = _follow(base + f"id/dataset/{version}", "text/turtle")
    assert status == 200 and media.startswith("text/turtle")
    assert body == (built / "release" / version / "void.ttl").read_bytes()
    void = Graph().parse(data=body, format="turtle")
    assert (URIRef(f"{C.ID_BASE}dataset/{version}"), OWL.versionInfo, Literal(version)) in void
    status, location = _first_hop(base + f"id/dataset/{version}", HTML)
    assert status == 303 and location.endswith(f"/site/releases.html#v{version}"), location
    status, _media, body, _ = _follow(base + f"id/dataset/{version}", HTML)
    assert status == 200 and f'id="v{version}"'.encode() in body


@pytest.mark.slow
def test_old_version_iri_resolves_on_serve(built: Path, free_port: Callable[[], int]) -> None:
    port = free_port()
    server = start_site_server(built, "127.0.0.1", port, log=lambda _m: None)
    try:
        base = f"http://127.0.0.1:{port}/mscexo/"
        status, location = _first_hop(base + "ontology/0.2.0", "text/turtle")
        assert status == 303 and location.endswith("/site/release/0.2.0/ontology.ttl"), location
        status, media, body, _ = _follow(base + "ontology/0.2.0", "text/turtle")
        assert status == 200 and media.startswith("text/turtle")
        assert body == (built / "release/0.2.0/ontology.ttl").read_bytes()
        assert _version_iri(body, "turtle") == f"{C.ONTOLOGY_IRI}/0.2.0"
        status, media, body, _ = _follow(base + "ontology/0.2.0", "application/rdf+xml")
        assert status == 200 and body == (built / "release/0.2.0/ontology.owl").read_bytes()
        status, _media, body, _ = _follow(base + f"release/0.2.0/{C.GRAPH_NT}", "*/*")  # a version distribution
        assert status == 200 and body == (built / "release/0.2.0" / C.GRAPH_NT).read_bytes()
        _check_dataset_version(base, built, "0.2.0")
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_old_version_iri_resolves_through_the_w3id_rules_in_apache(apache: tuple[str, Path], built: Path) -> None:
    base, _site = apache  # the w3id namespace, and the site deployed alone
    for version in ("0.2.0", "0.3.0"):
        for accept, name in (("text/turtle", "ontology.ttl"), ("application/rdf+xml", "ontology.owl")):
            status, location = _first_hop(base + f"ontology/{version}", accept)
            assert status == 303 and location.endswith(f"/site/release/{version}/{name}"), location
            status, _media, body, _ = _follow(base + f"ontology/{version}", accept)
            assert status == 200 and body == (built / "release" / version / name).read_bytes()
        status, _media, body, _ = _follow(base + f"release/{version}/{C.GRAPH_NT}", "*/*")
        assert status == 200 and body == (built / "release" / version / C.GRAPH_NT).read_bytes()
        _check_dataset_version(base, built, version)
    status, _media, body, _ = _follow(base.removesuffix("mscexo/") + "site/releases.html", HTML)
    assert status == 200 and b"0.2.0" in body


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["changed", "missing", "extra", "no-sums"])
def test_build_refuses_a_release_folder_not_as_released(
    built: Path, tmp_path: Path, damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A tampered or incomplete release is never copied onto the site: one line naming the file, exit 4."""
    build = tmp_path / "build"
    shutil.copytree(built / "release", build / "release")
    folder = build / "release" / "0.2.0"
    named = {
        "changed": folder / C.GRAPH_TTL,
        "missing": folder / "ontology.owl",
        "extra": folder / "notes.txt",
        "no-sums": folder / "SHA256SUMS",
    }[damage]
    if damage == "changed":
        named.write_bytes(named.read_bytes() + b"# edited\n")
    elif damage == "extra":
        named.write_text("a file the release did not write\n", encoding="utf-8")
    else:
        named.unlink()
    capsys.readouterr()
    assert main(["build", "--out", str(build)]) == 4
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {named}: "), err
    assert sorted(p.name for p in build.iterdir()) == ["release"]  # nothing built, no site


def _write_release(folder: Path, files: dict[str, bytes]) -> None:
    import hashlib

    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    sums = "".join(f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n" for n in sorted(files))
    (folder / "SHA256SUMS").write_text(sums, encoding="utf-8")


def test_verified_releases_read_each_release_and_refuse_one_not_as_released(tmp_path: Path) -> None:
    """The check ``build`` runs on build/release/ (fast: small folders made here; the real ones above)."""
    from mscexo_ld.release.versioned import ReleaseFolderError, verified_releases
    from mscexo_ld.site.releases import releases_files

    root = tmp_path / "release"
    _write_release(root / "0.2.0", {"a.ttl": b"old\n", "CHANGES.md": b"## 0.2.0\n"})
    _write_release(root / "0.10.0", {"a.ttl": b"new\n"})
    (root / ".mscexo-new-0.11.0-123").mkdir()  # a release being written: not a release yet
    found = verified_releases(root)
    assert list(found) == ["0.10.0", "0.2.0"] and found["0.2.0"]["a.ttl"] == b"old\n"
    site = releases_files({"a.ttl": b"build\n"}, found, version="0.1.0")
    assert site["release/0.2.0/a.ttl"] == b"old\n" and site["release/0.1.0/a.ttl"] == b"build\n"
    page = site["releases.html"].decode("utf-8")
    assert page.index(">0.10.0 (") < page.index(">0.2.0 (") < page.index(">0.1.0 (this build")
    assert releases_files({"a.ttl": b"build\n"}, found, version="0.2.0")["release/0.2.0/a.ttl"] == b"old\n"

    sums = root / "0.2.0" / "SHA256SUMS"
    sums.write_text(sums.read_text(encoding="utf-8") + "not a checksum line\n", encoding="utf-8")
    with pytest.raises(ReleaseFolderError, match=rf"^{re.escape(str(sums))}, line 3: "):
        verified_releases(root)
    assert verified_releases(tmp_path / "none") == {}
