"""The Jinja2 environment of the site: templates and stylesheet are package data, every value is escaped.

Templates are loaded from the package (``mscexo_ld/site/templates/``) with autoescape on and
``StrictUndefined`` (a misspelt field fails the build instead of printing nothing). Every value a
template prints goes through :func:`escape_value`, which escapes it as :func:`html.escape` does
(``&quot;`` and ``&#x27;`` for quotes, as the pages always have); nothing derived from data is
marked safe.
"""

from __future__ import annotations

import html
from functools import cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from mscexo_ld import constants as C
from mscexo_ld.site.common import (
    CSS_FILE,
    NAV,
    NOT_STATED,
    REVIEW_CITATION,
    SEARCH_PAGE,
    SEARCH_SCRIPT,
    href,
    release_path,
)
from mscexo_ld.site.model import Alternate, Frame, Link, NavItem

#: The RDF formats every page links to as alternates: (extension, media type).
ALTERNATE_FORMATS = ((".ttl", "text/turtle"), (".jsonld", "application/ld+json"))


def escape_value(value: object) -> Markup:
    """The output of ``{{ value }}``: markup (a macro's output) unchanged, anything else HTML-escaped.

    Used as the environment's ``finalize``: Jinja2 then finds the value already ``Markup`` and
    leaves it, so the escaping is :func:`html.escape`'s (``&#x27;``, ``&quot;``), not MarkupSafe's
    (``&#39;``, ``&#34;``).

    >>> escape_value('<a href="x">Tom\\'s & co</a>')
    Markup('&lt;a href=&quot;x&quot;&gt;Tom&#x27;s &amp; co&lt;/a&gt;')
    >>> escape_value(Markup("<b>made by a template</b>"))
    Markup('<b>made by a template</b>')
    """
    if isinstance(value, Markup):
        return value
    # html.escape's output holds no markup of the input: every <, >, &, " and ' is an entity.
    return Markup(html.escape(str(value), quote=True))


def thousands(value: int) -> str:
    """``12345`` -> ``"12,345"``."""
    return f"{value:,}"


@cache
def environment() -> Environment:
    """The environment every page of the site (and ``ontology.html``) is rendered with."""
    env = Environment(
        loader=PackageLoader("mscexo_ld.site", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=escape_value,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["thousands"] = thousands
    env.globals.update(
        DATA_LICENSE=C.DATA_LICENSE,
        DATASET_IRI=C.DATASET_IRI,
        ID_BASE=C.ID_BASE,
        NOT_STATED=NOT_STATED,
        REVIEW_CITATION=REVIEW_CITATION,
        REVIEW_DOI=C.REVIEW_DOI,
        REVIEW_IRI=C.REVIEW_IRI,
    )
    return env


def render(template: str, **context: object) -> bytes:
    """Render ``templates/<template>`` with ``context``, as UTF-8."""
    return environment().get_template(template).render(**context).encode("utf-8")


def stylesheet() -> bytes:
    """The site's stylesheet (``static/style.css``, package data), written as ``site.css``."""
    return static("style.css")


def static(name: str) -> bytes:
    """A file of the package's ``static/`` folder (the stylesheet, the search script)."""
    return files("mscexo_ld.site").joinpath(f"static/{name}").read_bytes()


def frame(current: str, title: str, *, version: str, section: str | None = None, document: str | None = None) -> Frame:
    """The shared layout's data for page ``current`` (``section``: the navigation entry to mark).

    ``document``: the site path (no extension) of the resource the page describes; its Turtle and
    JSON-LD files are the page's alternates. Other pages name the whole graph as theirs.
    """
    nav = [NavItem(Link(text, href(target, current)), target == section) for target, text in NAV]
    nav.append(NavItem(Link("Download", href("index.html#download", current)), False))
    if document is not None:
        alternates = tuple(Alternate(href(document + ext, current), kind) for ext, kind in ALTERNATE_FORMATS)
    else:
        alternates = tuple(
            Alternate(href(release_path(version, name), current), kind)
            for name, kind in ((C.GRAPH_TTL, "text/turtle"), (C.GRAPH_JSONLD, "application/ld+json"))
        )
    root = href("index.html", current)[: -len("index.html")]
    return Frame(
        path=current,
        title=title,
        version=version,
        css_href=href(CSS_FILE, current),
        home_href=href("index.html", current),
        cite_href=href("index.html#cite", current),
        nav=tuple(nav),
        alternates=alternates,
        search_href=href(SEARCH_PAGE, current),
        script_href=href(SEARCH_SCRIPT, current),
        root_href=root or "./",
    )
