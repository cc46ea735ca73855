"""A versioned release: every artifact in build/release/X.Y.Z/, stamped, checksummed, with changes.

The version and the release date are passed in (never read from the clock), so two runs with
the same inputs give byte-identical files.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, XSD

from mscexo_ld import constants as C
from mscexo_ld.rdf.write import LEGACY_LEFTOVER, FolderStage, clean_leftovers
from mscexo_ld.release.diff import diff_graphs, load_graph, render
from mscexo_ld.release.files import release_files

VERSION_PATTERN = re.compile(r"^\d+\.\d+\.\d+$")
CHECKSUMS = "SHA256SUMS"
CHANGES = "CHANGES.md"


def stamp(graph: Graph, version: str, released: date) -> Graph:
    """Set owl:versionIRI / owl:versionInfo / dcterms:issued of the ontology and the dataset's version and date."""
    g = Graph()
    for prefix, ns in graph.namespaces():
        g.bind(prefix, ns, override=True)
    onto, ds = URIRef(C.ONTOLOGY_IRI), URIRef(C.DATASET_IRI)
    for s, p, o in graph:
        if (s == onto and p in (OWL.versionIRI, OWL.versionInfo, DCTERMS.issued)) or (
            s == ds and p in (OWL.versionInfo, DCTERMS.issued)
        ):
            continue
        g.add((s, p, o))
    if (onto, None, None) in graph:
        g.add((onto, OWL.versionIRI, URIRef(f"{C.ONTOLOGY_IRI}/{version}")))
        g.add((onto, OWL.versionInfo, Literal(version)))
        g.add((onto, DCTERMS.issued, Literal(released.isoformat(), datatype=XSD.date)))
    if (ds, None, None) in graph:
        g.add((ds, OWL.versionInfo, Literal(version)))
        g.add((ds, DCTERMS.issued, Literal(released.isoformat(), datatype=XSD.date)))
    return g


def clean_release_root(root: Path) -> list[Path]:
    """Remove what killed runs left in the release folder ``root``; return what was removed.

    The stage folders of :func:`mscexo_ld.rdf.write.replace_folder` whose writer is gone, and the
    temporary folders (``.tmp-build-*``) that earlier versions left inside ``X.Y.Z/``: a version
    folder left with no SHA256SUMS beside such a folder was cut short and is removed whole.
    """
    if not root.is_dir():
        return []
    removed = clean_leftovers(root)
    for folder in sorted(root.iterdir()):
        if not (VERSION_PATTERN.match(folder.name) and folder.is_dir() and not folder.is_symlink()):
            continue
        legacy = [p for p in folder.iterdir() if LEGACY_LEFTOVER.fullmatch(p.name) and p.is_dir()]
        if not legacy:
            continue
        if (folder / CHECKSUMS).is_file():
            for path in legacy:
                shutil.rmtree(path, ignore_errors=True)
            removed += legacy
        else:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def previous_release(root: Path, version: str) -> Path | None:
    """The highest release folder below ``version`` in ``root``."""

    def key(v: str) -> tuple[int, ...]:
        return tuple(int(x) for x in v.split("."))

    older = (
        [p for p in root.iterdir() if p.is_dir() and VERSION_PATTERN.match(p.name) and key(p.name) < key(version)]
        if root.is_dir()
        else []
    )
    return max(older, key=lambda p: key(p.name)) if older else None


def make_release(
    graph: Graph,
    ontology: Graph,
    out_root: Path,
    version: str,
    released: date,
    *,
    previous: Path | None,
    progress: Callable[[str], None] | None = None,
    endpoint: str | None = None,
    download_base: str | None = None,
    sign: Path | None = None,
    stage: FolderStage | None = None,
) -> Path:
    """Write every artifact of ``version`` into ``out_root/version/``, with SHA256SUMS and CHANGES.md; return it.

    ``void.ttl`` advertises ``endpoint`` (only when given) and ``download_base`` (default: the files'
    w3id IRIs); a loopback URL is a ValueError, raised before anything is written. The folder
    appears (or is replaced) in one step a kill cannot split: it is absent or complete.
    ``sign``: a nanopub-py profile.yml; the nanopublications are also written signed (ValueError: unusable profile).
    ``stage``: the :class:`~mscexo_ld.rdf.write.FolderStage` of ``out_root/version`` made before the graph was built
    (so that an output that cannot be written fails first); default: one made here.
    """
    from mscexo_ld.rdf.void import check_public_url

    if endpoint is not None:
        check_public_url(endpoint, "--endpoint")
    if download_base is not None:
        check_public_url(download_base, "--download-base")
    graph, ontology = stamp(graph, version, released), stamp(ontology, version, released)
    if previous is not None:
        changes = render(
            diff_graphs(load_graph(previous), graph),
            title=f"{version} ({released.isoformat()}) compared with {previous.name}",
        )
    else:
        changes = f"## {version} ({released.isoformat()})\n\n- first release: {len(graph)} triples\n"
    extra: dict[str, Callable[[], str]] = {CHANGES: lambda: changes}
    files = release_files(
        graph,
        ontology,
        released=released,
        version=version,
        endpoint=endpoint,
        download_base=download_base,
        extra=extra,
        sign=sign,
    )
    out = out_root / version
    rendered = {name: render_() for name, render_ in files.items()}
    sums = "".join(f"{hashlib.sha256(rendered[n].encode('utf-8')).hexdigest()}  {n}\n" for n in sorted(rendered))
    rendered[CHECKSUMS] = sums

    def fill(folder: Path) -> None:
        for name, text in rendered.items():
            if progress:
                progress(f"writing {name}")
            (folder / name).write_text(text, encoding="utf-8", newline="\n")

    with stage or FolderStage(out) as folder_stage:
        folder_stage.commit(fill, carry=True)
    return out


class ReleaseFolderError(Exception):
    """A release folder that is not as its release wrote it: the message names the file (one line)."""


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


def verified_release(folder: Path) -> dict[str, bytes]:
    """The files of the release folder ``folder`` ({name: bytes}, SHA256SUMS included), each checked against SHA256SUMS.

    Raises ReleaseFolderError naming the file when SHA256SUMS is missing or malformed, a file it
    lists is missing or differs from its checksum, or a file is there that it does not list.
    """

    def read(path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as exc:
            raise ReleaseFolderError(f"{path}: cannot be read: {exc.strerror or exc}") from exc

    sums_path = folder / CHECKSUMS
    if not sums_path.is_file():
        raise ReleaseFolderError(f"{sums_path}: missing, so the release is incomplete (cut short or not a release)")
    sums = read(sums_path)
    listed: dict[str, str] = {}
    for number, line in enumerate(sums.decode("utf-8", errors="replace").splitlines(), 1):
        digest, _, name = line.partition("  ")
        if not re.fullmatch(r"[0-9a-f]{64}", digest) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
            raise ReleaseFolderError(f"{sums_path}, line {number}: expected '<sha256>  <file name>'")
        listed[name] = digest
    files = {CHECKSUMS: sums}
    for name, digest in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            raise ReleaseFolderError(f"{path}: listed in {CHECKSUMS} but missing, so the release is incomplete")
        data = read(path)
        if hashlib.sha256(data).hexdigest() != digest:
            raise ReleaseFolderError(f"{path}: its SHA-256 differs from {CHECKSUMS}: changed since the release")
        files[name] = data
    for path in sorted(folder.iterdir()):
        if path.name not in files:
            raise ReleaseFolderError(f"{path}: not listed in {CHECKSUMS}, so not a file of the release")
    return files


def verified_releases(root: Path) -> dict[str, dict[str, bytes]]:
    """Every release in ``root`` (``build/release/``): {version: its files}, newest first, each verified.

    The folders named X.Y.Z count (what :func:`make_release` writes; the stage folders of a release
    being written do not). Raises ReleaseFolderError for the first one that :func:`verified_release`
    refuses: a site never serves a release that is not as it was released.
    """
    if not root.is_dir():
        return {}
    versions = [p for p in root.iterdir() if VERSION_PATTERN.match(p.name) and p.is_dir()]
    return {p.name: verified_release(p) for p in sorted(versions, key=lambda p: _version_key(p.name), reverse=True)}
