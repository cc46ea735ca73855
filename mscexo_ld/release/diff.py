"""What changed between two releases: findings and entities added, removed or changed; triples."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from mscexo_ld import constants as C


@dataclass
class GraphDiff:
    """What changed between two graphs: triple counts, and record ids by kind added, removed or changed."""

    triples_added: int = 0
    triples_removed: int = 0
    added: dict[str, list[str]] = field(default_factory=dict)  # kind -> local ids
    removed: dict[str, list[str]] = field(default_factory=dict)
    changed: dict[str, list[str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """True when no triple was added or removed."""
        return not (self.triples_added or self.triples_removed)


def load_graph(path: Path) -> Graph:
    """A release as a graph: a build folder (its mscexo.nt) or an RDF file."""
    if path.is_dir():
        path = path / C.GRAPH_NT
    return Graph().parse(path)


def _records(graph: Graph) -> dict[URIRef, set[tuple[Node, Node, Node]]]:
    """Our records (IRIs under the id base, parts like /regulation/1 folded into their owner) -> triples."""
    out: dict[URIRef, set[tuple[Node, Node, Node]]] = {}
    for s, p, o in graph:
        if isinstance(s, URIRef) and str(s).startswith(C.ID_BASE):
            local = str(s)[len(C.ID_BASE) :].split("/")
            owner = URIRef(C.ID_BASE + "/".join(local[:2])) if len(local) > 2 and local[0] == "finding" else s
            out.setdefault(owner, set()).add((s, p, o))
    return out


def diff_graphs(old: Graph, new: Graph) -> GraphDiff:
    """Compare two graphs (blank nodes canonicalised): triples, and our records added, removed or changed."""
    a, b = to_canonical_graph(old), to_canonical_graph(new)
    old_triples, new_triples = set(a), set(b)
    result = GraphDiff(triples_added=len(new_triples - old_triples), triples_removed=len(old_triples - new_triples))
    ra, rb = _records(old), _records(new)

    def add(bucket: dict[str, list[str]], iri: URIRef) -> None:
        kind, _, ident = str(iri)[len(C.ID_BASE) :].partition("/")
        bucket.setdefault(kind, []).append(ident or kind)

    for iri in sorted(set(rb) - set(ra), key=str):
        add(result.added, iri)
    for iri in sorted(set(ra) - set(rb), key=str):
        add(result.removed, iri)
    for iri in sorted(set(ra) & set(rb), key=str):
        if ra[iri] != rb[iri]:
            add(result.changed, iri)
    return result


def render(d: GraphDiff, *, title: str = "Changes") -> str:
    """The difference as Markdown (CHANGES.md and `mscexo-ld diff`)."""
    lines = [f"## {title}", "", f"- triples: +{d.triples_added} / -{d.triples_removed}"]
    for name, bucket in (("added", d.added), ("removed", d.removed), ("changed", d.changed)):
        for kind in sorted(bucket):
            ids = bucket[kind]
            shown = ", ".join(ids[:25]) + (f" … ({len(ids) - 25} more)" if len(ids) > 25 else "")
            lines.append(f"- {kind} {name} ({len(ids)}): {shown}")
    if d.empty:
        lines.append("- no change")
    return "\n".join(lines) + "\n"


def label_of(graph: Graph, iri: URIRef) -> str | None:
    """The rdfs:label of ``iri`` in ``graph``, or None."""
    value = graph.value(iri, RDFS.label)
    return str(value) if value is not None else None


__all__ = ["RDF", "GraphDiff", "diff_graphs", "load_graph", "render"]
