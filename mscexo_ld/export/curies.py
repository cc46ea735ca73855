"""The CURIE prefix map of the exports (KGX, SSSOM): the project's prefixes plus one prefix per kind of ours.

The RDF files bind ``id:`` and ``mscexo:`` instead; in the exports our instances are
``mscexo.{kind}:{id}`` (``mscexo.gene:PTEN``) because KGX takes a CURIE whose local part holds
a ``/`` (``mscexo:gene/PTEN``) for no CURIE, and our ontology's terms ``mscexo.ontology:``.
A hyphen of a kind becomes an underscore in its prefix (``mscexo.cell_type:``, for the IRIs
``…/id/cell-type/``): sssom-py takes only ``[A-Za-z0-9_.]`` in a prefix and drops the others
from the curie_map when it writes a mapping set back. The IRIs themselves are unchanged.
"""

from __future__ import annotations

import curies
from rdflib.term import Node

from mscexo_ld import constants as C
from mscexo_ld import iris

#: CURIE prefix of our instances in the exports (the RDF files bind ``id:`` to it instead).
ID_PREFIX = "mscexo"


def kind_prefix(kind: str) -> str:
    """The CURIE prefix of one kind of ours.

    >>> kind_prefix("cell-type")
    'mscexo.cell_type'
    """
    return f"{ID_PREFIX}.{kind.replace('-', '_')}"


#: CURIE prefix of our ontology's terms in the exports (the RDF files bind ``mscexo:`` to it).
ONTOLOGY_PREFIX = "mscexo.ontology"
#: The first path segment of our instance IRIs (``https://w3id.org/mscexo/id/{kind}/{id}``).
KINDS = iris.RECORD_SEGMENTS

#: The project's prefix map plus our own namespaces: one prefix per kind (``mscexo.gene:PTEN``);
#: ``mscexo:`` covers the rest of https://w3id.org/mscexo/id/.
CONVERTER = curies.Converter(
    [
        *C.CONVERTER.records,
        curies.Record(prefix=ID_PREFIX, uri_prefix=C.ID_BASE),
        *(curies.Record(prefix=kind_prefix(kind), uri_prefix=iris.record_namespace(kind)) for kind in KINDS),
        curies.Record(prefix=ONTOLOGY_PREFIX, uri_prefix=str(C.MSCEXO)),
    ]
)


def curie(iri: Node | str) -> str:
    """An IRI of the graph as a CURIE of the exports.

    >>> curie("https://w3id.org/mscexo/id/gene/PTEN")
    'mscexo.gene:PTEN'
    >>> curie("https://identifiers.org/hgnc:9588")
    'HGNC:9588'
    """
    compressed: str = CONVERTER.compress(str(iri), strict=True)
    return compressed
