"""The browsable site (build/site/): deterministic files, and pages checked in a real headless browser.

Over 400 lines because it holds both the file-level checks and the browser walk, which share fixtures.

The browser tests drive Debian's ``chromium`` (``apt-get install chromium``) with Playwright for
Python (``pip install playwright``; ``playwright install`` is never needed: the system browser is
used). Without them the browser tests are skipped with the reason, or fail when
``MSCEXO_REQUIRE_BROWSER=1`` (CI). ``MSCEXO_CHROMIUM`` overrides the browser's path.

The browser tests build a real ``build/`` (``pipeline.build``) and serve its ``site/`` folder
alone (a copy, without the release files around it) with Python's http.server under a non-root
path (``/deploy/``), as the site is deployed: relative links, downloads inside the site and the
search box are exercised as they are on any server.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jinja2 import PackageLoader
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from mscexo_ld import constants as C
from mscexo_ld import pipeline
from mscexo_ld.curation import load_corpus
from mscexo_ld.rdf.build import build_graph
from mscexo_ld.records import ENTITY_KINDS
from mscexo_ld.site.graph_index import SiteGraph
from mscexo_ld.site.model import Frame
from mscexo_ld.site.ontology_docs import ontology_docs
from mscexo_ld.site.pages import home_page
from mscexo_ld.site.render import BUILD_DOWNLOADS, CSS_FILE, FIGURE_FILE, SITE_DIR, site_files, write_site
from mscexo_ld.site.templating import environment, frame, render

M = C.MSCEXO
CHROMIUM = os.environ.get("MSCEXO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PTEN_FINDINGS = ("F109", "F119", "F128", "F169")


# ----------------------------------------------------------------------------- files (no browser)


@pytest.fixture(scope="module")
def files(release_graph: Graph) -> dict[str, bytes]:
    return site_files(release_graph)


@pytest.fixture(scope="module")
def ontology_page(build_dir: Path) -> dict[str, bytes]:
    return ontology_docs(build_dir / C.ONTOLOGY_TTL)


def test_site_files_are_deterministic(release_graph: Graph, files: dict[str, bytes]) -> None:
    again = site_files(release_graph)
    assert list(again) == list(files)
    assert [name for name in files if files[name] != again[name]] == []


def test_site_has_every_page(release_graph: Graph, files: dict[str, bytes]) -> None:
    for name in (
        "index.html",
        "findings.html",
        "entities.html",
        "references.html",
        "tables.html",
        "queries.html",
        CSS_FILE,
        FIGURE_FILE,
        "id/finding/F109.html",
        "id/finding/F109.ttl",
        "id/finding/F109.jsonld",
        "id/gene/PTEN.html",
        "id/reference/109.html",
        "id/clinical-trial/NCT04276987.html",
        "species/NCBITaxon_9606.html",
        "search.html",
        "search.js",
        "search-index.js",
    ):
        assert name in files, name
    findings = {str(f).rsplit("/", 1)[1] for f in release_graph.subjects(RDF.type, M.Finding)}
    pages = {n[len("id/finding/") : -5] for n in files if n.startswith("id/finding/") and n.endswith(".html")}
    assert pages == findings
    assert files[FIGURE_FILE].startswith(b"<?xml") and b"<svg" in files[FIGURE_FILE]
    assert b"<dc:date>" not in files[FIGURE_FILE]  # no timestamp in the figure


def test_download_list_is_what_build_writes(build_dir: Path, release_graph: Graph) -> None:
    assert set(BUILD_DOWNLOADS) == {p.name for p in build_dir.iterdir() if p.is_file()}
    site = SiteGraph(release_graph, [*BUILD_DOWNLOADS, "ontology.owl", "SHA256SUMS"])
    index = render("index.html", page=home_page(site, b"<svg/>")).decode("utf-8")
    assert f'href="release/{C.VERSION}/ontology.owl"' in index and f'href="release/{C.VERSION}/SHA256SUMS"' in index


def test_pages_are_static_and_relative(files: dict[str, bytes], ontology_page: dict[str, bytes]) -> None:
    """No inline JavaScript (only the search box's file, and JSON-LD data); every link relative; UTF-8.

    Every page links to its RDF (``<link rel="alternate">``): its own .ttl and .jsonld, or the whole graph.
    """
    for name, content in {**files, **ontology_page}.items():
        if not name.endswith((".html", ".svg")):
            continue
        text = content.decode("utf-8")
        scripts = re.findall(r"<script[^>]*>", text.lower())
        assert all(
            re.fullmatch(r'<script (src="[./]*search\.js" defer|type="application/ld\+json")>', t) for t in scripts
        ), name
        if name.endswith(".html"):
            alternates = re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)">', text)
            assert {t for t, _ in alternates} == {"text/turtle", "application/ld+json"}, name
            if name.startswith("id/"):
                assert {h.rsplit("/", 1)[-1] for _, h in alternates} == {
                    name.rsplit("/", 1)[-1][:-5] + ".ttl",
                    name.rsplit("/", 1)[-1][:-5] + ".jsonld",
                }, name
        assert not re.search(r"\son[a-z]+\s*=", text), f"{name}: inline event handler"
        for link in re.findall(r'(?:href|src)="([^"]*)"', text):
            assert not link.startswith(("/", "file:", "javascript:")), f"{name}: {link}"
            assert re.match(r"^(https?://|#|[A-Za-z0-9._%-])", link), f"{name}: {link}"


def test_ontology_docs(ontology_graph: Graph, build_dir: Path, ontology_page: dict[str, bytes]) -> None:
    assert list(ontology_page) == ["ontology.html"]
    assert ontology_docs(build_dir / C.ONTOLOGY_TTL) == ontology_page  # deterministic
    assert ontology_docs(C.ONTOLOGY_FILE) == ontology_page  # the hand-edited file documents the same
    page = ontology_page["ontology.html"].decode("utf-8")
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    ours = {
        str(s)[len(str(M)) :] for s in ontology_graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(M))
    }
    assert ours and ours <= ids  # every term of the vocabulary has its anchor
    for fragment in re.findall(r'href="#([^"]+)"', page):
        assert fragment in ids, fragment
    finding = page[page.index('id="Finding"') :]
    assert "One reported result of one cited study" in finding[:2000]
    reported_in = page[page.index('id="reportedIn"') :][:2000]
    assert 'href="#Finding"' in reported_in and 'href="#Reference"' in reported_in  # domain and range
    assert "mscexo:Exosome</code></a> or <a" in page  # a union range in words


@dataclass(frozen=True)
class _FramePage:
    frame: Frame


#: Markup in curated text: it must reach the pages as text, escaped as the pages always have been.
CRAFTED = """<script>alert('x')</script> "q" & co"""
CRAFTED_HTML = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &quot;q&quot; &amp; co"


def _replace_line(path: Path, start: str, new: str) -> None:
    """Replace the one line of ``path`` that starts with ``start`` by ``new``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    hits = [i for i, line in enumerate(lines) if line.startswith(start)]
    assert len(hits) == 1, (path, start, hits)
    lines[hits[0]] = new
    path.write_text("\n".join(lines), encoding="utf-8")


def test_markup_in_labels_is_escaped(tmp_path: Path) -> None:
    """A gene label and a finding statement holding <script>, quotes and & come out as text, not markup."""
    data = tmp_path / "data"
    shutil.copytree(C.DATA_DIR, data)
    _replace_line(data / "entities" / "gene.yaml", "  label: PTEN", f"  label: {json.dumps('PTEN ' + CRAFTED)}")
    statement = "  statement: Rat bone marrow MSC-Exos enriched with the miR-17-92 cluster"
    _replace_line(data / "findings" / "pten.yaml", statement, f"  statement: {json.dumps(CRAFTED + ' in F128')}")
    files = site_files(build_graph(load_corpus(data)))
    entity = files["id/gene/PTEN.html"].decode("utf-8")
    finding = files["id/finding/F128.html"].decode("utf-8")
    for name, page in (("entity", entity), ("finding", finding)):
        assert "<script>" not in page and "alert('x')" not in page, name
    assert f"<h1>PTEN {CRAFTED_HTML}</h1>" in entity
    assert f"<title>PTEN {CRAFTED_HTML} · mscexo-ld</title>" in entity
    assert f"<td>{CRAFTED_HTML} in F128</td>" in entity  # the statement, in the entity's list of findings
    assert f'<h1 class="statement">{CRAFTED_HTML} in F128</h1>' in finding
    assert f'<a href="../gene/PTEN.html">PTEN {CRAFTED_HTML}</a>' in finding  # a regulation's target
    assert f"<td>{CRAFTED_HTML} in F128</td>" in files["findings.html"].decode("utf-8")


def test_templates_escape_everything() -> None:
    """Templates come from the package, autoescape is on, and no template marks a value safe."""
    env = environment()
    assert env.autoescape is True and isinstance(env.loader, PackageLoader)
    names = env.list_templates()
    assert {"base.html", "finding.html", "entity.html", "ontology.html"} <= set(names)
    for name in names:
        source = (resources.files("mscexo_ld.site") / "templates" / name).read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b|autoescape\s+false|Markup", source), name
    assert render("base.html", page=_FramePage(frame("x.html", "<T>", version="1"))).count(b"&lt;T&gt;") == 1


def test_write_site_replaces_the_folder_whole(tmp_path: Path) -> None:
    site = tmp_path / SITE_DIR
    write_site(site, {"index.html": b"1", "old/page.html": b"x"})
    write_site(site, {"index.html": b"2"})
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["index.html"]
    assert (site / "index.html").read_bytes() == b"2"
    assert [p.name for p in tmp_path.iterdir()] == [SITE_DIR]
    with pytest.raises(ValueError):
        write_site(site, {"../escape.html": b""})
    assert (site / "index.html").read_bytes() == b"2"


# ----------------------------------------------------------------------------- the site in a browser


def _browser_problem() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install playwright; the system chromium is used)"
    if not Path(CHROMIUM).is_file():
        return f"no browser at {CHROMIUM} (apt-get install chromium, or set MSCEXO_CHROMIUM)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    problem = _browser_problem()
    if problem:
        if os.environ.get("MSCEXO_REQUIRE_BROWSER") == "1":
            pytest.fail(f"MSCEXO_REQUIRE_BROWSER=1 but {problem}")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real build (release files and site/), made with a strict umask: the site must still be 0644/0755."""
    old = os.umask(0o077)
    try:
        return pipeline.build(out=tmp_path_factory.mktemp("site-build") / "build").out
    finally:
        os.umask(old)


@pytest.mark.slow
def test_site_is_readable_by_everyone(built: Path) -> None:
    site = built / SITE_DIR
    modes = {p.relative_to(site).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in [site, *site.rglob("*")]}
    assert {m for name, m in modes.items() if (site / name).is_dir()} == {0o755}
    assert {m for name, m in modes.items() if (site / name).is_file()} == {0o644}


@pytest.mark.slow
def test_home_page_has_schema_org_dataset(built: Path) -> None:
    """schema.org Dataset JSON-LD on the home page, with the Bioschemas Dataset profile's minimum properties."""
    text = (built / SITE_DIR / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', text, re.S)
    assert found is not None
    data = json.loads(found.group(1))
    assert data["@type"] == "Dataset" and data["@context"] == "https://schema.org/"
    for required in ("name", "description", "identifier", "keywords", "license", "url"):  # Bioschemas minimum
        assert data.get(required), required
    assert 50 <= len(data["description"]) <= 5000  # the profile's bounds
    assert data["http://purl.org/dc/terms/conformsTo"]["@id"].startswith("https://bioschemas.org/profiles/Dataset/")
    assert data["version"] == C.VERSION and data["distribution"][0]["@type"] == "DataDownload"
    offline = {**data, "@context": {"@vocab": "https://schema.org/"}}  # schema.org's context, without the network
    schema = Graph().parse(data=json.dumps(offline), format="json-ld", base="https://w3id.org/mscexo/")
    assert len(schema) > 10  # and it is RDF


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, built: Path) -> Iterator[tuple[Path, str]]:
    """(the deployed site folder, its URL): the build's site/ alone, copied and served on loopback."""
    root = tmp_path_factory.mktemp("served")
    deployed = root / "deploy"
    shutil.copytree(built / SITE_DIR, deployed)

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield deployed, f"http://127.0.0.1:{server.server_address[1]}/deploy/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def _expected_counts(g: Graph) -> dict[str, int]:
    """The counts the home page must show, computed here independently of mscexo_ld.site.render."""
    species = {o for p in (M.donorSpecies, M.organism) for o in g.objects(None, p)}
    kinds = {k for k, cls in ENTITY_KINDS.items() if cls}
    ours = {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(C.ID_BASE)}
    entities = {
        s for s in ours if str(s)[len(C.ID_BASE) :].count("/") == 1 and str(s)[len(C.ID_BASE) :].split("/")[0] in kinds
    }
    mapped = {o for p in (SKOS.exactMatch, SKOS.closeMatch) for s, o in g.subject_objects(p) if s in ours}
    return {
        "findings": len(set(g.subjects(RDF.type, M.Finding))),
        "references": len(set(g.subjects(RDF.type, M.Reference))),
        "entities": len(entities) + len(species),
        "identifiers": len(mapped | species),
        "triples": len(g),
    }


@pytest.mark.slow
def test_home_page_shows_counts_and_figure(page: Any, served: tuple[Path, str], release_graph: Graph) -> None:
    _build, url = served
    loaded: dict[str, int] = {}
    page.on("response", lambda r: loaded.__setitem__(r.url, r.status))
    response = page.goto(url + "index.html")
    assert response.status == 200
    assert "MSC-derived exosomes" in page.locator("h1").inner_text()
    expected = _expected_counts(release_graph)
    assert expected["findings"] == 108 and expected["references"] == 173
    for key, value in expected.items():
        assert page.locator(f"#count-{key} .n").inner_text() == f"{value:,}", key
    assert page.get_by_role("link", name=f"doi:{C.REVIEW_DOI}").first.get_attribute("href") == C.REVIEW_IRI
    figure = page.locator("figure.heatmap img")
    figure.scroll_into_view_if_needed()
    assert figure.is_visible()
    assert page.evaluate("() => document.querySelector('figure.heatmap img').naturalWidth") > 300
    assert loaded[url + FIGURE_FILE] == 200
    assert page.get_by_role("link", name=C.GRAPH_TTL).get_attribute("href") == f"release/{C.VERSION}/{C.GRAPH_TTL}"
    assert "CC BY-NC 4.0" in page.locator("#licence + p").inner_text()


@pytest.mark.slow
def test_finding_page_f109(page: Any, served: tuple[Path, str], release_graph: Graph) -> None:
    _build, url = served
    assert page.goto(url + "id/finding/F109.html").status == 200
    quote = str(release_graph.value(URIRef(C.ID_BASE + "finding/F109"), M.evidenceQuote))
    assert page.locator("#quote").inner_text().strip() == quote
    assert "[109] Sun et al." in page.locator("dl.facts").first.inner_text()
    regulations = page.locator("table.regulations").inner_text()
    assert "decreases" in regulations and "increases" in regulations
    pten = page.locator('a[href="../gene/PTEN.html"]').first
    assert pten.inner_text() == "PTEN"
    pten.click()
    page.wait_for_load_state()
    assert page.url == url + "id/gene/PTEN.html"
    assert page.locator("h1").inner_text() == "PTEN"


@pytest.mark.slow
def test_entity_page_pten(page: Any, served: tuple[Path, str]) -> None:
    _build, url = served
    assert page.goto(url + "id/gene/PTEN.html").status == 200
    listed = page.locator("table.findings td:first-child a").all_inner_texts()
    assert set(PTEN_FINDINGS) <= set(listed)
    for ident in PTEN_FINDINGS:
        assert page.locator(f'table.findings a[href="../finding/{ident}.html"]').count() == 1
    hgnc = page.locator('a[href="https://identifiers.org/hgnc:9588"]')
    assert hgnc.count() == 1 and hgnc.inner_text() == "HGNC:9588"


#: One batch of URLs fetched by the page itself (Chromium's network stack), parsed with DOMParser and
#: resolved with URL(): statuses, links (href/src, resolved), and element ids of the HTML ones.
_FETCH = """async (urls) => Promise.all(urls.map(async (u) => {
  const response = await fetch(u, {cache: 'no-store'});
  const out = {url: u, status: response.status, type: response.headers.get('content-type') || '', links: [], ids: []};
  if (response.ok && u.endsWith('.html')) {
    const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
    out.links = Array.from(doc.querySelectorAll('[href], [src]'),
      (el) => new URL(el.getAttribute('href') ?? el.getAttribute('src'), u).href);
    out.ids = Array.from(doc.querySelectorAll('[id]'), (el) => el.id);
  }
  return out;
}))"""


@pytest.mark.slow
def test_crawl_finds_no_broken_link(page: Any, served: tuple[Path, str]) -> None:
    """The site deployed alone: every page reachable from index.html, every href/src to a local file (RDF
    alternates and downloads included): HTTP 200; every #fragment exists."""
    deployed, url = served
    origin = url
    assert page.goto(url + "index.html").status == 200
    seen = {url + "index.html"}
    todo = [url + "index.html"]
    results: dict[str, dict[str, Any]] = {}
    links: list[tuple[str, str]] = []
    while todo:
        batch, todo = todo[:40], todo[40:]
        for result in page.evaluate(_FETCH, batch):
            results[result["url"]] = result
            for link in result["links"]:
                links.append((result["url"], link))
                target = link.split("#", 1)[0]
                if target.startswith(origin) and target not in seen:
                    seen.add(target)
                    todo.append(target)
    broken = sorted(f"{u} ({r['status']})" for u, r in results.items() if r["status"] != 200)
    assert broken == []
    missing = []
    for source, link in links:
        target, _, fragment = link.partition("#")
        if fragment and target in results and target.endswith(".html") and fragment not in results[target]["ids"]:
            missing.append(f"{source} -> {link}")
    assert missing == []
    pages = {u for u in results if u.endswith(".html")}
    html_files = {url + p.relative_to(deployed).as_posix() for p in deployed.rglob("*.html")}
    # every page is reachable from the home page, and nothing else (search.html is the search form's action)
    assert pages == html_files - {url + "search.html"}
    release = {f"{url}release/{C.VERSION}/{name}" for name in (C.GRAPH_TTL, C.GRAPH_NT, C.GRAPH_JSONLD, C.ONTOLOGY_TTL)}
    assert release <= set(results)  # the downloads, inside the site
    assert url + "id/gene/PTEN.ttl" in results and url + "id/gene/PTEN.jsonld" in results  # alternates
    assert results[url + FIGURE_FILE]["type"].startswith("image/svg+xml")
    assert len(links) > 5000


@pytest.mark.slow
def test_pages_work_without_javascript(browser: Any, served: tuple[Path, str]) -> None:
    deployed, url = served
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        assert page.goto(url + "index.html").status == 200
        assert page.locator("#count-findings .n").inner_text() == "108"
        assert page.locator("figure.heatmap img").is_visible()
        page.get_by_role("link", name="Findings", exact=True).click()
        page.get_by_role("link", name="F109", exact=True).click()
        assert page.url == url + "id/finding/F109.html"
        assert "Sun et al[109]" in page.locator("#quote").inner_text()
        page.goto(url + "queries.html#mirnas-via-gene")
        section = page.locator("section#mirnas-via-gene")
        assert "miR-486-5p" in section.locator("table.answer").inner_text()
        sparql = section.locator("pre.sparql")
        assert not sparql.is_visible()
        section.locator("summary").click()  # <details> opens without any script
        assert sparql.is_visible() and "SELECT" in sparql.inner_text()
        page.goto(url + "entities.html")
        page.get_by_role("link", name="PTEN", exact=True).first.click()
        assert page.url == url + "id/gene/PTEN.html"
        page.locator("form.search input").fill("PTEN")
        page.locator("form.search button").click()  # without JavaScript: search.html lists the lists
        assert page.url.startswith(url + "search.html?q=PTEN")
        page.get_by_role("link", name="All entities, by kind").click()
        assert page.url == url + "entities.html"
        page.goto((deployed / "tables.html").as_uri())  # and from file://, with no server
        assert page.locator("h2#ev-types").is_visible()
        assert "CD63" in page.locator("table.transposed").first.inner_text()
    finally:
        context.close()


@pytest.mark.slow
def test_search_reaches_pten_and_its_findings_in_one_click(page: Any, served: tuple[Path, str]) -> None:
    """Typing "PTEN" in the search box lists the gene and F109, F119, F128, F169; one click opens each."""
    _deployed, url = served
    page.goto(url + "findings.html")
    page.locator("form.search input").type("PTEN")
    results = page.locator("form.search ul.search-results")
    results.locator("a").first.wait_for(timeout=10_000)
    assert results.is_visible()
    texts = results.locator("a").all_inner_texts()
    assert texts[0] == "PTEN"  # the gene first
    for ident in PTEN_FINDINGS:
        assert any(t.startswith(f"{ident}: ") for t in texts), (ident, texts)
    results.locator("a", has_text="F119: ").click()
    page.wait_for_load_state()
    assert page.url == url + "id/finding/F119.html"
    page.locator("form.search input").type("PTEN")
    page.locator("form.search ul.search-results a").first.wait_for(timeout=10_000)
    page.locator("form.search ul.search-results a").first.click()
    page.wait_for_load_state()
    assert page.url == url + "id/gene/PTEN.html"
    page.goto(url + "search.html?q=PTEN")  # the full list on the search page
    page.locator("#search-page-results a").first.wait_for(timeout=10_000)
    full = page.locator("#search-page-results a").all_inner_texts()
    assert full[0] == "PTEN" and all(any(t.startswith(f"{i}: ") for t in full) for i in PTEN_FINDINGS)


@pytest.mark.slow
def test_screenshot_of_home_page(page: Any, served: tuple[Path, str]) -> None:
    build, url = served
    page.goto(url + "index.html")
    page.wait_for_load_state("load")
    shot = build / "site-screenshot.png"
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000
