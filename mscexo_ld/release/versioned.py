"""A versioned release: every artifact in build/release/X.Y.Z/, stamped, checksummed, with changes.

The version and the release date are passed in (never read from the clock), so two runs with
the same inputs give byte-identical files.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, XSD

from mscexo_ld import constants as C
from mscexo_ld.rdf.write import write_files
from mscexo_ld.release.diff import diff_graphs, load_graph, render
from mscexo_ld.release.files import release_files

VERSION_PATTERN = re.compile(r"^\d+\.\d+\.\d+$")
CHECKSUMS = "SHA256SUMS"
CHANGES = "CHANGES.md"


def stamp(graph: Graph, version: str, released: date) -> Graph:
    """Set owl:versionIRI / owl:versionInfo of the ontology and the dataset's version and date."""
    g = Graph()
    for prefix, ns in graph.namespaces():
        g.bind(prefix, ns, override=True)
    onto, ds = URIRef(C.ONTOLOGY_IRI), URIRef(C.DATASET_IRI)
    for s, p, o in graph:
        if (s == onto and p in (OWL.versionIRI, OWL.versionInfo)) or (
            s == ds and p in (OWL.versionInfo, DCTERMS.issued)
        ):
            continue
        g.add((s, p, o))
    if (onto, None, None) in graph:
        g.add((onto, OWL.versionIRI, URIRef(f"{C.ONTOLOGY_IRI}/{version}")))
        g.add((onto, OWL.versionInfo, Literal(version)))
    if (ds, None, None) in graph:
        g.add((ds, OWL.versionInfo, Literal(version)))
        g.add((ds, DCTERMS.issued, Literal(released.isoformat(), datatype=XSD.date)))
    return g


def rdf_xml(graph: Graph) -> str:
    """RDF/XML in a stable order: pyoxigraph writes the canonical, sorted N-Triples in sequence."""
    import pyoxigraph as ox

    from mscexo_ld.rdf.canonical import sorted_ntriples

    triples = ox.parse(sorted_ntriples(graph), format=ox.RdfFormat.N_TRIPLES)
    prefixes = {p: str(ns) for p, ns in graph.namespaces() if p in C.RDF_PREFIXES or p in ("rdf", "rdfs", "owl", "xsd")}
    written = ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=prefixes)
    if written is None:  # only when an output file is given
        raise RuntimeError("pyoxigraph returned no RDF/XML")
    return written.decode("utf-8")


def _constant(text: str) -> Callable[[], str]:
    return lambda: text


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
) -> Path:
    """Write every artifact of ``version`` into ``out_root/version/``, with SHA256SUMS and CHANGES.md; return it."""
    graph, ontology = stamp(graph, version, released), stamp(ontology, version, released)
    files = release_files(graph, ontology, released=released, version=version)
    files["ontology.owl"] = lambda: rdf_xml(ontology)
    if previous is not None:
        changes = render(
            diff_graphs(load_graph(previous), graph),
            title=f"{version} ({released.isoformat()}) compared with {previous.name}",
        )
    else:
        changes = f"## {version} ({released.isoformat()})\n\n- first release: {len(graph)} triples\n"
    files[CHANGES] = lambda: changes
    out = out_root / version
    rendered = {name: render_() for name, render_ in files.items()}
    sums = "".join(f"{hashlib.sha256(rendered[n].encode('utf-8')).hexdigest()}  {n}\n" for n in sorted(rendered))
    rendered[CHECKSUMS] = sums
    write_files(out, {name: _constant(text) for name, text in rendered.items()}, progress=progress)
    return out
