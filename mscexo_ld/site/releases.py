"""Every release on the site: ``release/X.Y.Z/`` for each version and ``releases.html``, the list of versions.

A version's IRIs stay resolvable after newer releases: ``owl:versionIRI``
(``https://w3id.org/mscexo/ontology/X.Y.Z``) and the download URLs of its files
(``https://w3id.org/mscexo/release/X.Y.Z/<file>``) map onto ``release/X.Y.Z/`` of the site
(``w3id/.htaccess``, ``serve``). ``build`` hands :func:`releases_files` every release found
in ``build/release/``, each already checked against its SHA256SUMS
(:func:`mscexo_ld.release.versioned.verified_releases`), and the files of the build itself,
which stand for the package's version until that version is released.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from mscexo_ld import constants as C
from mscexo_ld.site.common import href, release_path
from mscexo_ld.site.model import Frame, Link
from mscexo_ld.site.templating import frame, render

#: The page listing every version.
RELEASES_PAGE = "releases.html"


@dataclass(frozen=True)
class ReleaseEntry:
    """One version on ``releases.html``: its date, its ontology version IRI, its files."""

    version: str
    issued: str
    released: bool
    ontology_version_iri: str
    files: tuple[Link, ...]


@dataclass(frozen=True)
class ReleasesPage:
    """The view model of ``releases.html``."""

    frame: Frame
    entries: tuple[ReleaseEntry, ...]


def _issued(ontology_ttl: bytes | None) -> str:
    """The ontology's ``dcterms:issued`` (a release stamps its date there), or "" when it has none."""
    if ontology_ttl is None:
        return ""
    graph = Graph().parse(data=ontology_ttl.decode("utf-8"), format="turtle")
    return str(graph.value(URIRef(C.ONTOLOGY_IRI), DCTERMS.issued) or "")


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


def releases_files(
    build: Mapping[str, bytes], releases: Mapping[str, Mapping[str, bytes]], *, version: str = C.VERSION
) -> dict[str, bytes]:
    """``release/X.Y.Z/<file>`` for every release and for the build, and ``releases.html``.

    ``build``: the build's files, copied into ``release/<version>/`` unless ``releases`` holds
    that version (a released version's IRIs resolve to what was released, never to a later build).
    ``releases``: {version: {file name: bytes}}, as released.
    """
    versions = {v: dict(files) for v, files in releases.items()}
    released = set(versions)
    versions.setdefault(version, dict(build))
    files: dict[str, bytes] = {}
    entries = []
    for v in sorted(versions, key=_key, reverse=True):
        for name, data in versions[v].items():
            files[release_path(v, name)] = data
        entries.append(
            ReleaseEntry(
                version=v,
                issued=_issued(versions[v].get(C.ONTOLOGY_TTL)) if v in released else "",
                released=v in released,
                ontology_version_iri=f"{C.ONTOLOGY_IRI}/{v}",
                files=tuple(Link(name, href(release_path(v, name), RELEASES_PAGE)) for name in sorted(versions[v])),
            )
        )
    page = ReleasesPage(frame(RELEASES_PAGE, "Releases", version=version), tuple(entries))
    files[RELEASES_PAGE] = render("releases.html", page=page)
    return files
