"""The w3id.org redirect rules of ``https://w3id.org/mscexo/`` (``w3id/.htaccess``), made from the IRI scheme.

w3id.org serves each namespace from an Apache ``.htaccess`` with mod_rewrite, kept in its
repository (perma-id/w3id.org) as ``mscexo/.htaccess``. These rules send every IRI of ours to
the file of the deployed site that describes it, by the ``Accept`` header, exactly as
:mod:`mscexo_ld.query.conneg` does for ``serve``: the record kinds and patterns come from
:mod:`mscexo_ld.iris`, the Accept patterns from :data:`mscexo_ld.query.conneg.ACCEPT_RULES`.
``tests/test_conneg.py`` checks the committed file equals :func:`htaccess` and runs it in Apache
httpd with the site served locally.

    python -c "from mscexo_ld.site.w3id import main; main()" > w3id/.htaccess
"""

from __future__ import annotations

import re
import sys

from mscexo_ld import iris
from mscexo_ld.query.conneg import ACCEPT_RULES, FORMATS, RELEASES_PAGE

#: Where ``site/`` is deployed: the target of every redirect. PLACEHOLDER until the site is hosted
#: (as the project URLs in pyproject.toml); change it here, regenerate, and send the file to w3id.org.
SITE_URL = "https://mscexo-ld.github.io/mscexo-ld"

_ID = iris.ID_PATTERN.pattern
_VERSION = r"\d+\.\d+\.\d+"


def _negotiated(pattern: str, target: str, formats: tuple[str, ...], site: str, fragment: str = "") -> list[str]:
    """Rules sending ``pattern`` to ``target`` + the extension of the format the Accept header asks for."""
    lines = []
    for name, accept in ACCEPT_RULES:
        if name in formats:
            lines.append(f"RewriteCond %{{HTTP_ACCEPT}} {accept} [NC]")
            lines.append(f"RewriteRule {pattern} {site}/{target}{FORMATS[name][1]} [R=303,L]")
    flags = "R=303,NE,L" if fragment else "R=303,L"
    lines.append(f"RewriteRule {pattern} {site}/{target}.html{fragment} [{flags}]")
    return lines


def htaccess(site: str = SITE_URL) -> str:
    """The ``.htaccess`` of ``https://w3id.org/mscexo/`` redirecting to the site at ``site`` (no trailing /)."""
    site = site.rstrip("/")
    segments = "|".join(re.escape(s) for s in iris.RECORD_SEGMENTS)
    quoting = "|".join(re.escape(s) for s in iris.QUOTE_SEGMENTS)
    rdf = ("jsonld", "turtle")
    out = [
        "# https://w3id.org/mscexo/ : the IRIs of mscexo-ld (findings of a review on MSC-derived exosomes)",
        "# Made by mscexo_ld/site/w3id.py from the IRI scheme (mscexo_ld/iris.py); do not edit by hand.",
        "# Content negotiation: an RDF media type named before text/html in Accept (or without it) gets",
        "# RDF: JSON-LD, else Turtle, else RDF/XML (the ontology); anything else gets the HTML page.",
        "Options +FollowSymLinks",
        "RewriteEngine on",
        "",
        "# the ontology, https://w3id.org/mscexo/ontology (a term, ontology#Finding, is a fragment of it)",
        *_negotiated("^ontology$", "ontology", ("jsonld", "turtle", "rdfxml"), site),
        "",
        "# a version of the ontology: its files in that release",
        "RewriteCond %{HTTP_ACCEPT} ^(?:(?!text/html).)*text/turtle [NC]",
        f"RewriteRule ^ontology/({_VERSION})$ {site}/release/$1/ontology.ttl [R=303,L]",
        f"RewriteRule ^ontology/({_VERSION})$ {site}/release/$1/ontology.owl [R=303,L]",
        "",
        "# a version of the dataset: the VoID of that release (an RDF type asked), else its entry on the releases page",
        f"RewriteCond %{{HTTP_ACCEPT}} {dict(ACCEPT_RULES)['jsonld']} [NC,OR]",
        f"RewriteCond %{{HTTP_ACCEPT}} {dict(ACCEPT_RULES)['turtle']} [NC]",
        f"RewriteRule ^id/dataset/({_VERSION})$ {site}/release/$1/void.ttl [R=303,L]",
        f"RewriteRule ^id/dataset/({_VERSION})$ {site}/{RELEASES_PAGE}#v$1 [R=303,NE,L]",
        "",
        "# the dataset and its parts (class partitions, linksets): the dataset description",
        *_negotiated("^id/dataset(/.*)?$", "id/dataset", rdf, site),
        "",
        "# the named graphs of the release (the graph, its direct edges, the hierarchy): the dataset description",
        *_negotiated("^graph(/direct|/hierarchy)?$", "id/dataset", rdf, site),
        "",
        "# the parts of a finding: its regulations and producer modifications are on its page",
        *_negotiated(
            f"^id/finding/({_ID})/(regulation|modification)/([1-9][0-9]*)$",
            "id/finding/$1",
            rdf,
            site,
            "#$2-$3",
        ),
        *_negotiated(f"^id/finding/({_ID})/condition$", "id/finding/$1", rdf, site),
        "",
        "# the annotation of an excerpt of a record's evidence quote: on the record's page",
        *_negotiated(f"^id/({quoting})/({_ID})/quote/([1-9][0-9]*)$", "id/$1/$2", rdf, site),
        "",
        "# every record: finding, reference, entity, table record",
        *_negotiated(f"^id/({segments})/({_ID})$", "id/$1/$2", rdf, site),
        "",
        "# release files, and the home page",
        f"RewriteRule ^release/({_VERSION})/({_ID})$ {site}/release/$1/$2 [R=302,L]",
        f"RewriteRule ^$ {site}/ [R=302,L]",
        "",
    ]
    return "\n".join(out)


def main() -> None:
    """Print the ``.htaccess`` (``python -c "from mscexo_ld.site.w3id import main; main()"``)."""
    sys.stdout.write(htaccess())
