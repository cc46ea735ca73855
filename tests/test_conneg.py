"""IRIs that resolve: the w3id rules run in Apache httpd, and ``serve``'s site port, negotiate the same files.

The Apache test runs Debian's ``apache2`` (``apt-get install apache2``) from its own config file,
pid and logs in a temporary folder, listening on a free loopback port. One server plays both
parts: ``/mscexo/`` holds the committed ``w3id/.htaccess`` (its site URL replaced by this server's
``/site``), as w3id.org would serve it; ``/site/`` is the built site deployed alone (without the
build folder around it). Without ``apache2`` the Apache tests skip, or fail when
``MSCEXO_REQUIRE_APACHE=1`` (CI).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from mscexo_ld import constants as C
from mscexo_ld import pipeline
from mscexo_ld.query import conneg
from mscexo_ld.query.serve import start_site_server
from mscexo_ld.site import w3id

ROOT = Path(__file__).resolve().parent.parent
APACHE = os.environ.get("MSCEXO_APACHE", "/usr/sbin/apache2")
MODULES = Path("/usr/lib/apache2/modules")

HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # what a browser sends
#: (IRI path, Accept, the site file expected, its media type)
CASES = [
    ("ontology", HTML, "ontology.html", "text/html"),
    ("ontology", "text/turtle", "ontology.ttl", "text/turtle"),
    ("ontology", "application/ld+json", "ontology.jsonld", "application/ld+json"),
    ("ontology", "application/rdf+xml", "ontology.owl", "application/rdf+xml"),
    ("id/finding/F109", HTML, "id/finding/F109.html", "text/html"),
    ("id/finding/F109", "text/turtle", "id/finding/F109.ttl", "text/turtle"),
    ("id/finding/F109", "application/ld+json", "id/finding/F109.jsonld", "application/ld+json"),
    ("id/finding/F109/regulation/1", "text/turtle", "id/finding/F109.ttl", "text/turtle"),
    ("id/gene/PTEN", HTML, "id/gene/PTEN.html", "text/html"),
    ("id/gene/PTEN", "text/turtle;q=1.0, */*;q=0.1", "id/gene/PTEN.ttl", "text/turtle"),
    ("id/gene/PTEN", "application/ld+json", "id/gene/PTEN.jsonld", "application/ld+json"),
    ("id/dataset", HTML, "id/dataset.html", "text/html"),
    ("id/dataset", "text/turtle", "id/dataset.ttl", "text/turtle"),
    ("id/dataset", "application/ld+json", "id/dataset.jsonld", "application/ld+json"),
    ("id/reference/109", "text/turtle", "id/reference/109.ttl", "text/turtle"),
    ("id/clinical-trial/NCT04276987", HTML, "id/clinical-trial/NCT04276987.html", "text/html"),
    (f"ontology/{C.VERSION}", "text/turtle", f"release/{C.VERSION}/ontology.ttl", "text/turtle"),
    (f"ontology/{C.VERSION}", "application/rdf+xml", f"release/{C.VERSION}/ontology.owl", "application/rdf+xml"),
    ("graph/hierarchy", "text/turtle", "id/dataset.ttl", "text/turtle"),
    (f"id/dataset/{C.VERSION}", "text/turtle", f"release/{C.VERSION}/void.ttl", "text/turtle"),
    (f"id/dataset/{C.VERSION}", "application/ld+json", f"release/{C.VERSION}/void.ttl", "text/turtle"),
    (f"id/dataset/{C.VERSION}", HTML, "releases.html", "text/html"),
]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _first_hop(url: str, accept: str) -> tuple[int, str]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers={"Accept": accept}), timeout=10) as r:
            return r.status, ""
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Location", "")


def _follow(url: str, accept: str) -> tuple[int, str, bytes, str]:
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept}), timeout=10) as r:
        return r.status, r.headers.get("Content-Type", ""), r.read(), r.url


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real build (release files and site/), as ``mscexo-ld build`` writes it."""
    return pipeline.build(out=tmp_path_factory.mktemp("conneg") / "build").out


def test_committed_htaccess_is_the_generated_one() -> None:
    assert (ROOT / "w3id" / ".htaccess").read_text(encoding="utf-8") == w3id.htaccess()
    assert (ROOT / "w3id" / "README.md").is_file()


@pytest.mark.slow
def test_every_iri_of_ours_has_its_files(built: Path) -> None:
    """Each IRI of the graph under the id base (and the ontology's terms) has a page, .ttl and .jsonld."""
    site = built / "site"
    graph = Graph().parse(built / C.GRAPH_NT)
    seen = 0
    for node in {t for triple in graph for t in triple if isinstance(t, URIRef)}:
        doc = conneg.document(str(node))
        if doc is None:
            continue
        for fmt in conneg.formats(doc):
            assert (site / (doc.path + conneg.FORMATS[fmt][1])).is_file(), (node, fmt)
        seen += 1
    assert seen > 1000
    finding = Graph().parse(site / "id/finding/F109.jsonld", format="json-ld")
    expected = Graph().parse(site / "id/finding/F109.ttl", format="turtle")
    assert len(finding) == len(expected) > 20 and set(finding) == set(expected)
    assert (URIRef(C.ID_BASE + "finding/F109/regulation/1"), None, None) in finding  # its parts too


def _check_cases(base: str, site: Path, location_prefix: str) -> None:
    for path, accept, expected, media in CASES:
        status, location = _first_hop(base + path, accept)
        assert status == 303, (path, accept, status)
        assert location.split("#", 1)[0].endswith(location_prefix + expected), (path, accept, location)
        status, content_type, body, _ = _follow(base + path, accept)
        assert status == 200 and content_type.split(";")[0] == media, (path, accept, content_type)
        assert body == (site / expected).read_bytes(), (path, accept)
    _status, location = _first_hop(base + "id/finding/F109/regulation/2", HTML)
    assert location.endswith("id/finding/F109.html#regulation-2")
    assert _first_hop(base + "id/nothing/here", HTML)[0] == 404


@pytest.mark.slow
def test_serve_negotiates_on_its_site_port(built: Path, free_port: Callable[[], int]) -> None:
    port = free_port()
    server = start_site_server(built, "127.0.0.1", port, log=lambda _m: None)
    try:
        _check_cases(f"http://127.0.0.1:{port}/mscexo/", built / "site", "/site/")
    finally:
        server.shutdown()
        server.server_close()


# ----------------------------------------------------------------------------- Apache httpd + mod_rewrite

HTTPD_CONF = """ServerRoot "{root}"
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule rewrite_module {modules}/mod_rewrite.so
{user}
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
PidFile "{root}/httpd.pid"
ErrorLog "{root}/error.log"
DefaultRuntimeDir "{root}"
TypesConfig /etc/mime.types
DirectoryIndex index.html
DocumentRoot "{www}"
<Directory "{www}">
    Options FollowSymLinks
    AllowOverride All
    Require all granted
</Directory>
"""


def _apache_problem() -> str | None:
    if not Path(APACHE).is_file():
        return f"no Apache httpd at {APACHE} (apt-get install apache2, or set MSCEXO_APACHE)"
    if not (MODULES / "mod_rewrite.so").is_file():
        return f"no mod_rewrite in {MODULES}"
    return None


@pytest.fixture(scope="module")
def apache(built: Path, free_port: Callable[[], int]) -> Iterator[tuple[str, Path]]:
    """(base URL of the w3id namespace, the deployed site): Apache serving both on loopback."""
    problem = _apache_problem()
    if problem:
        if os.environ.get("MSCEXO_REQUIRE_APACHE") == "1":
            pytest.fail(f"MSCEXO_REQUIRE_APACHE=1 but {problem}")
        pytest.skip(problem)
    # Readable by the unprivileged user the server's workers run as when started by root.
    root = Path(tempfile.mkdtemp(prefix="mscexo-apache-"))
    try:
        os.chmod(root, 0o755)
        www = root / "www"
        (www / "mscexo").mkdir(parents=True)
        os.chmod(www, 0o755)
        os.chmod(www / "mscexo", 0o755)
        shutil.copytree(built / "site", www / "site")  # the site alone: its modes as build made them
        port = free_port()
        htaccess = (ROOT / "w3id" / ".htaccess").read_text(encoding="utf-8")
        local = htaccess.replace(w3id.SITE_URL, f"http://127.0.0.1:{port}/site")
        assert local != htaccess
        (www / "mscexo" / ".htaccess").write_text(local, encoding="utf-8")
        os.chmod(www / "mscexo" / ".htaccess", 0o644)
        user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
        conf = root / "httpd.conf"
        conf.write_text(HTTPD_CONF.format(root=root, modules=MODULES, port=port, www=www, user=user), encoding="utf-8")
        process = subprocess.Popen(
            [APACHE, "-f", str(conf), "-DFOREGROUND"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 20
            while True:
                assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/site/index.html", timeout=2):
                        break
                except (urllib.error.URLError, ConnectionError):
                    assert time.monotonic() < deadline, (root / "error.log").read_text()
                    time.sleep(0.2)
            yield f"http://127.0.0.1:{port}/mscexo/", www / "site"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.slow
def test_apache_w3id_rules_negotiate(apache: tuple[str, Path]) -> None:
    base, site = apache
    _check_cases(base, site, "/site/")


@pytest.mark.slow
def test_apache_serves_the_site_alone(apache: tuple[str, Path]) -> None:
    """The deployed site's download links and pages, read by Apache's unprivileged workers."""
    base, site = apache
    origin = base.removesuffix("mscexo/")
    status, content_type, body, _ = _follow(origin + f"site/release/{C.VERSION}/{C.GRAPH_TTL}", "*/*")
    assert (
        status == 200
        and content_type.startswith("text/turtle")
        and body == (site / "release" / C.VERSION / C.GRAPH_TTL).read_bytes()
    )
    status, _type, _body, url = _follow(base, HTML)  # the namespace root: the home page
    assert status == 200 and url.endswith("/site/")
