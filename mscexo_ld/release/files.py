"""Every file of a release, gathered: the RDF files (rdf/), the exports (export/) and the VoID description."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from rdflib import Graph

from mscexo_ld import constants as C
from mscexo_ld.export.registry import export_all
from mscexo_ld.rdf.canonical import turtle
from mscexo_ld.rdf.serialize import rdf_files
from mscexo_ld.rdf.void import VOID_FILE, void_graph


def release_files(
    graph: Graph,
    ontology: Graph,
    *,
    released: date | None = None,
    version: str = C.VERSION,
    sign: Path | None = None,
) -> dict[str, Callable[[], str]]:
    """Every release file name -> a function rendering it; ``released`` dates the exports that carry a date.

    ``sign``: a nanopub-py profile; the nanopublications are also written signed (opt-in).
    """
    exports = {name: data.decode("utf-8") for name, data in export_all(graph, released).items()}
    if sign is not None:
        from mscexo_ld.export.nanopub import NANOPUB_FILE, SIGNED_NANOPUB_FILE, sign_trig

        exports[SIGNED_NANOPUB_FILE] = sign_trig(exports[NANOPUB_FILE], sign)
    files: dict[str, Callable[[], str]] = rdf_files(graph, ontology)
    for name, text in exports.items():
        files[name] = lambda text=text: text  # type: ignore[misc]
    names = sorted(files)
    files[VOID_FILE] = lambda: turtle(void_graph(graph, names, version=version))
    return files
