"""The exporters, by name: each turns the release graph into ``{file name: bytes}``.

Adding an export is one entry in :data:`EXPORTERS`: a function ``(graph, released) -> files``.
``released`` is the release date for the exports that carry one (None: their fixed default;
the clock is never read). :func:`mscexo_ld.release.files.release_files` writes them all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rdflib import Graph

from mscexo_ld.export import kgx, nanopub, ontology_mappings, sssom

#: An exporter: the release graph and the release date (or None) -> {file name: bytes}.
Exporter = Callable[[Graph, "date | None"], dict[str, bytes]]

#: Name -> exporter, in the order their files are gathered.
EXPORTERS: dict[str, Exporter] = {
    "kgx": kgx.export,
    "sssom": sssom.export,
    "nanopub": nanopub.export,
    "ontology-mappings": ontology_mappings.export,
}


def export_all(graph: Graph, released: date | None = None) -> dict[str, bytes]:
    """The files of every exporter (a file name given by two exporters is an error)."""
    files: dict[str, bytes] = {}
    for name, exporter in EXPORTERS.items():
        for filename, data in exporter(graph, released).items():
            if filename in files:
                raise ValueError(f"exporter {name!r} writes {filename}, which another exporter wrote")
            files[filename] = data
    return files
