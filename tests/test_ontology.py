"""The ontology implements DESIGN.md's public vocabulary, documented (OBO metadata) and aligned.

Alignment: every term of ours maps (SKOS) or is related by an axiom to a term of a maintained
vocabulary, or says why none fits; every external term it uses is declared with the label of the
pinned release it was checked against, and re-checked here against that release: RO, OBI (with
its IAO, COB and BFO imports), ECO, SIO and the Web Annotation vocabulary from
../shared/reference/obo/, GO, CL, MONDO and UBERON from the reference index, PROV-O, DCMI terms
and SKOS from rdflib's closed namespaces (which list the terms, not their labels), Biolink from the
biolink-model 4.4.6 package (test extra). CiTO, SO and PR have no pinned file, so no term of
theirs is used. Without ../shared the release-file check is skipped, unless MSCEXO_REQUIRE_SHARED=1.
"""

from __future__ import annotations

import csv
import gzip
import os
import re
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from mscexo_ld import constants as C
from mscexo_ld.export.ontology_mappings import DEFINITION, PINNED_VOCABULARIES, alignments, our_terms
from mscexo_ld.release.files import rdf_xml
from mscexo_ld.validate.qc import check_qc

M = C.MSCEXO
PUBLIC_CLASSES = [
    "Finding",
    "Reference",
    "MSCSource",
    "Condition",
    "OrganSystem",
    "Cargo",
    "MicroRNA",
    "LongNonCodingRNA",
    "Protein",
    "SmallMolecule",
    "GeneProduct",
    "Mechanism",
    "Regulation",
    "TherapeuticOutcome",
    "ExperimentalModel",
    "ExosomeMarker",
    "IsolationMethod",
    "CharacterizationMethod",
    "ClinicalTrial",
]
PUBLIC_OBJECT_PROPERTIES = [
    "reportedIn",
    "mscSource",
    "donorSpecies",
    "condition",
    "organSystem",
    "cargo",
    "regulation",
    "regulator",
    "regulated",
    "direction",
    "outcome",
    "model",
]
PUBLIC_DATATYPE_PROPERTIES = ["referenceNumber", "firstAuthor", "evidenceQuote"]


def test_public_vocabulary_is_declared(ontology_graph: Graph) -> None:
    for name in PUBLIC_CLASSES:
        assert (M[name], RDF.type, OWL.Class) in ontology_graph, name
    for name in PUBLIC_OBJECT_PROPERTIES:
        assert (M[name], RDF.type, OWL.ObjectProperty) in ontology_graph, name
    for name in PUBLIC_DATATYPE_PROPERTIES:
        assert (M[name], RDF.type, OWL.DatatypeProperty) in ontology_graph, name
    for name in ("Increases", "Decreases"):
        assert (M[name], RDF.type, M.Direction) in ontology_graph
    for sub in ("MicroRNA", "LongNonCodingRNA", "Protein", "SmallMolecule"):
        assert (M[sub], RDFS.subClassOf, M.Cargo) in ontology_graph


def test_every_term_has_one_label_and_an_iao_definition(ontology_graph: Graph) -> None:
    terms = {s for s in ontology_graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(M))}
    assert len(terms) > 40
    for term in terms:
        labels = list(ontology_graph.objects(term, RDFS.label))
        assert len(labels) == 1 and labels[0].language == "en", term
        definitions = list(ontology_graph.objects(term, DEFINITION))
        assert len(definitions) == 1 and definitions[0].language == "en", term
    assert not list(ontology_graph.subject_objects(SKOS.definition))  # IAO:0000115 is the one definition property


def test_domains_and_ranges(ontology_graph: Graph) -> None:
    for name in PUBLIC_OBJECT_PROPERTIES + PUBLIC_DATATYPE_PROPERTIES:
        assert ontology_graph.value(M[name], RDFS.domain) is not None, name
    assert ontology_graph.value(M.referenceNumber, RDFS.range) == URIRef("http://www.w3.org/2001/XMLSchema#integer")
    assert ontology_graph.value(M.reportedIn, RDFS.range) == M.Reference


def test_ontology_header(ontology_graph: Graph) -> None:
    onto = URIRef(C.ONTOLOGY_IRI)
    vann = "http://purl.org/vocab/vann/"
    assert (onto, RDF.type, OWL.Ontology) in ontology_graph
    assert str(ontology_graph.value(onto, OWL.versionIRI)) == f"{C.ONTOLOGY_IRI}/{C.VERSION}"  # _version.py
    assert ontology_graph.value(onto, OWL.versionInfo) == Literal(C.VERSION)
    for predicate in (DCTERMS.title, DCTERMS.description):
        assert ontology_graph.value(onto, predicate).language == "en", predicate
    assert ontology_graph.value(onto, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert ontology_graph.value(onto, DCTERMS.creator) is not None
    assert ontology_graph.value(onto, DCTERMS.issued).datatype == URIRef("http://www.w3.org/2001/XMLSchema#date")
    assert ontology_graph.value(onto, URIRef(vann + "preferredNamespacePrefix")) == Literal("mscexo")
    assert ontology_graph.value(onto, URIRef(vann + "preferredNamespaceUri")) == Literal(str(M))
    assert ontology_graph.value(onto, DCTERMS.source) == URIRef(C.REVIEW_IRI)


def test_alignment_to_standard_ontologies(ontology_graph: Graph) -> None:
    assert (
        M.MesenchymalStemCell,
        SKOS.exactMatch,
        URIRef("http://purl.obolibrary.org/obo/CL_0000134"),
    ) in ontology_graph
    assert (M.Exosome, SKOS.closeMatch, URIRef("http://purl.obolibrary.org/obo/GO_0070062")) in ontology_graph


def test_disjointness_is_declared(ontology_graph: Graph) -> None:
    assert len(list(ontology_graph.subjects(RDF.type, OWL.AllDisjointClasses))) >= 2


RO = "http://purl.obolibrary.org/obo/RO_"
OA = "http://www.w3.org/ns/oa#"
BIOLINK = "https://w3id.org/biolink/vocab/"


def test_every_term_is_aligned_or_says_why_not(ontology_graph: Graph) -> None:
    terms = our_terms(ontology_graph)
    assert len(terms) == len({s for s in ontology_graph.subjects() if str(s).startswith(str(M))})
    unmapped = []
    for term in terms:
        if not alignments(ontology_graph, term):
            reason = ontology_graph.value(term, M.unmappedReason)
            assert isinstance(reason, Literal) and len(str(reason)) > 30, term
            unmapped.append(term)
    assert len(unmapped) < len(terms) / 4, unmapped  # the reasons are the exception


def test_key_alignments(ontology_graph: Graph) -> None:
    g = ontology_graph
    assert (M.reportedIn, RDFS.subPropertyOf, PROV.hadPrimarySource) in g
    assert (M.member, RDFS.subPropertyOf, URIRef(RO + "0002351")) in g  # has member
    assert (M.ClinicalTrial, RDFS.subClassOf, URIRef("http://purl.obolibrary.org/obo/OBI_0003699")) in g
    assert (M.evidenceQuote, SKOS.closeMatch, URIRef(OA + "exact")) in g
    assert (M.Regulation, SKOS.relatedMatch, URIRef(RO + "0002211")) in g  # regulates
    assert (M.Increases, SKOS.relatedMatch, URIRef(RO + "0002213")) in g  # positively regulates
    assert (M.Decreases, SKOS.relatedMatch, URIRef(RO + "0002212")) in g  # negatively regulates
    assert (M.regulator, SKOS.closeMatch, URIRef(BIOLINK + "subject")) in g
    assert (M.direction, SKOS.closeMatch, URIRef(BIOLINK + "object_direction_qualifier")) in g
    assert (M.Condition, SKOS.closeMatch, URIRef("http://purl.obolibrary.org/obo/MONDO_0000001")) in g
    # the logical axioms' external ends are declared, so OWL tools read them as properties and classes
    assert (PROV.hadPrimarySource, RDF.type, OWL.ObjectProperty) in g
    assert (URIRef("http://purl.obolibrary.org/obo/OBI_0003699"), RDF.type, OWL.Class) in g


def test_qc_finds_a_term_without_alignment_and_an_unpinned_target(ontology_graph: Graph) -> None:
    g = Graph() + ontology_graph
    for predicate in (SKOS.closeMatch, SKOS.broadMatch, SKOS.relatedMatch):
        g.remove((M.Mechanism, predicate, None))
    g.add((M.Cargo, SKOS.relatedMatch, URIRef("http://purl.org/spar/cito/cites")))
    messages = [f"{i.focus} {i.message}" for i in check_qc(g).issues]
    assert any(m.startswith(f"{M.Mechanism} no mapping or axiom") for m in messages), messages
    assert any(
        m.startswith(f"{M.Cargo} aligned to http://purl.org/spar/cito/cites, which the ontology") for m in messages
    )
    assert check_qc(ontology_graph).passed


# ----------------------------------------------------------------------------- the pinned releases


REFERENCE = Path(C.DEFAULT_REFERENCE_INDEX).parent if C.DEFAULT_REFERENCE_INDEX else Path("../shared/reference")


def _needs_reference() -> Path:
    if (REFERENCE / "obo" / "ro.obo").is_file() and (REFERENCE / "terms.tsv.gz").is_file():
        return REFERENCE
    if os.environ.get("MSCEXO_REQUIRE_SHARED") == "1":
        pytest.fail(f"MSCEXO_REQUIRE_SHARED=1 but the pinned releases are missing at {REFERENCE}")
    pytest.skip(f"the pinned release files are not at {REFERENCE} (../shared/reference)")


@cache
def _obo_names(path: Path) -> dict[str, tuple[str, bool]]:
    """OBO stanza id -> (name, obsolete)."""
    out = {}
    for stanza in path.read_text(encoding="utf-8").split("\n\n"):
        ident, name = re.search(r"^id: (\S+)", stanza, re.M), re.search(r"^name: (.*)$", stanza, re.M)
        if ident and name:
            out[ident.group(1)] = (name.group(1).strip(), "is_obsolete: true" in stanza)
    return out


def _index_rows(index: Path, wanted: set[str]) -> dict[str, dict[str, str]]:
    """The index's rows of the ``wanted`` CURIEs, as csv.DictReader reads them (csv.reader, and a dict
    for the wanted rows only: half the time of a dict for each of its 1.7M rows)."""
    found = {}
    with gzip.open(index, "rt", encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t")
        header = next(rows)
        assert header[0] == "curie", header
        for row in rows:
            if row and row[0] in wanted:
                assert len(row) == len(header), row
                found[row[0]] = dict(zip(header, row, strict=True))
    return found


def _biolink() -> tuple[dict[str, str], dict[str, str]]:
    """Biolink 4.4.6 classes (CamelCase) and slots (snake_case) -> their names, from the biolink-model package."""
    from importlib.resources import files

    import yaml

    text = files("biolink_model").joinpath("schema/biolink_model.yaml").read_text(encoding="utf-8")
    schema = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml's safe loader: 10x faster
    assert schema["version"] == "4.4.6"
    classes = {"".join(w[0].upper() + w[1:] for w in name.split(" ")): name for name in schema["classes"]}
    slots = {name.replace(" ", "_"): name for name in schema["slots"]}
    return classes, slots


def test_every_external_term_is_declared_as_in_its_pinned_release(ontology_graph: Graph) -> None:
    reference = _needs_reference()
    g = ontology_graph
    declared = {t: str(v) for t, v in g.subject_objects(RDFS.isDefinedBy) if isinstance(t, URIRef)}
    used = {target for term in our_terms(g) for _p, target in alignments(g, term)}
    assert used <= set(declared), sorted(used - set(declared))
    assert set(declared.values()) <= set(PINNED_VOCABULARIES)
    obo_files = {"ro.owl": "ro.obo", "obi.owl": "obi.obo", "iao.owl": "obi.obo", "cob.owl": "obi.obo"}
    obo_files |= {"bfo.owl": "obi.obo", "eco.owl": "eco.obo"}
    in_index = ("go.owl", "cl.owl", "mondo.owl", "uberon.owl", "pato.owl")
    index_curies = {C.compress_iri(str(t)) for t, v in declared.items() if v.rsplit("/", 1)[-1] in in_index}
    index = _index_rows(reference / "terms.tsv.gz", {c for c in index_curies if c})
    sio, oa = (
        Graph().parse(reference / "obo" / "sio-release.owl", format="xml"),
        Graph().parse(reference / "obo" / "oa.ttl"),
    )
    biolink_classes, biolink_slots = _biolink()
    checked: dict[str, int] = {}
    for term, source in sorted(declared.items()):
        label = str(g.value(term, RDFS.label))
        name = source.rsplit("/", 1)[-1]
        if name in obo_files:
            curie = str(term).rsplit("/", 1)[-1].replace("_", ":", 1)
            expected, obsolete = _obo_names(reference / "obo" / obo_files[name])[curie]
            assert (label, obsolete) == (expected, False), term
        elif name in in_index:
            row = index[C.compress_iri(str(term)) or ""]
            assert (label, row["deprecated"]) == (row["label"], "false"), term
        elif source == "http://semanticscience.org/ontology/sio.owl":
            assert label == str(sio.value(term, RDFS.label)) and (term, OWL.deprecated, None) not in sio, term
        elif source == OA:
            assert label == str(oa.value(term, RDFS.label)), term
        elif source == "https://w3id.org/biolink/biolink-model":
            local = str(term)[len(BIOLINK) :]
            assert label == (biolink_classes.get(local) or biolink_slots[local]), term
        else:  # PROV-O, DCMI terms, SKOS: rdflib's closed namespaces list every term (not their labels)
            namespace = {"http://www.w3.org/ns/prov-o#": PROV, "http://purl.org/dc/terms/": DCTERMS}.get(source, SKOS)
            assert str(term).startswith(str(namespace)) and hasattr(namespace, str(term)[len(str(namespace)) :]), term
        checked[source] = checked.get(source, 0) + 1
    assert len(checked) >= 12, checked  # RO, OBI, IAO, ECO, GO, CL, MONDO, UBERON, SIO, OA, PROV, Biolink ...


# ----------------------------------------------------------------------------- ontology.owl for OWL tools


@pytest.fixture(scope="module")
def ontology_owl(build_dir: Path) -> Path:
    """The ontology.owl that ``build`` wrote, the file we ship."""
    return build_dir / "ontology.owl"


def test_ontology_owl_is_the_ontology(ontology_graph: Graph, ontology_owl: Path, build_dir: Path) -> None:
    """ontology.owl holds the graph of ontology.ttl (and of ontology/mscexo.ttl), triple for triple.

    No literal normalisation is needed: a simple literal stays simple (no ``^^xsd:string`` added),
    so rdflib's isomorphism, which tells the two apart, holds as it is.
    """
    from rdflib.compare import isomorphic

    owl = Graph().parse(ontology_owl, format="xml")
    ttl = Graph().parse(build_dir / C.ONTOLOGY_TTL, format="turtle")
    assert len(owl) == len(ttl) == len(ontology_graph) > 1000
    assert isomorphic(owl, ttl) and isomorphic(owl, ontology_graph)
    assert rdf_xml(ontology_graph) == ontology_owl.read_text(encoding="utf-8")


def test_ontology_owl_has_the_owlapi_layout(ontology_owl: Path, ontology_graph: Graph) -> None:
    """Typed node elements with absolute IRIs, ``owl:Ontology`` first: the layout pronto reads.

    pronto (OAK's ``pronto:`` adapter) finds only ``owl:Ontology``, ``owl:Class``, ``owl:ObjectProperty``
    ... elements that are children of ``rdf:RDF``, and takes ``rdf:about`` as it is (no xml:base).
    """
    import warnings
    import xml.etree.ElementTree as ET

    import pronto

    root = ET.parse(ontology_owl).getroot()
    owl, rdf = str(OWL), str(RDF)
    assert root[0].tag == f"{{{owl}}}Ontology" and root[0].get(f"{{{rdf}}}about") == C.ONTOLOGY_IRI
    abouts = [e.get(f"{{{rdf}}}about") for e in root if e.tag.startswith(f"{{{owl}}}")]
    assert all(a is None or a.startswith(("http://", "https://")) for a in abouts)
    classes = {str(c) for c in ontology_graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    assert {e.get(f"{{{rdf}}}about") for e in root.iter(f"{{{owl}}}Class")} - {None} == classes
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pronto warns that it skips annotation properties
        read = pronto.Ontology(str(ontology_owl))
    finding = read[str(M.Finding)]
    assert finding.name == "finding" and finding.definition and str(finding.definition).startswith("One ")
    ours = {t.id for t in read.terms() if t.id.startswith(str(M))}
    assert ours == {c for c in classes if c.startswith(str(M))}
    assert str(M.reportedIn) in {r.id for r in read.relationships()}


def test_rdf_xml_keeps_every_triple_of_a_crafted_graph() -> None:
    """Several types on one node, a typed blank node, a list, literals that XML must escape, a non-OWL type."""
    from rdflib import BNode
    from rdflib.collection import Collection
    from rdflib.compare import isomorphic
    from rdflib.namespace import XSD

    g = Graph()
    g.bind("mscexo", M)
    union, items = BNode(), BNode()
    g.add((URIRef(C.ONTOLOGY_IRI), RDF.type, OWL.Ontology))
    g.add((M.p, RDF.type, OWL.FunctionalProperty))
    g.add((M.p, RDF.type, OWL.ObjectProperty))
    g.add((M.p, RDFS.range, union))
    g.add((union, RDF.type, OWL.Class))
    g.add((union, OWL.unionOf, items))
    Collection(g, items, [M.A, M.B])
    g.add((M.A, RDF.type, OWL.Class))
    g.add((M.A, RDF.type, SKOS.Concept))
    g.add((M.A, RDFS.label, Literal('a <b> & "c" ]]> é', lang="en")))
    g.add((M.A, RDFS.comment, Literal("plain")))
    g.add((M.A, RDFS.comment, Literal("7", datatype=XSD.integer)))
    g.add((M.x, RDF.type, SKOS.Concept))
    text = rdf_xml(g)
    back = Graph().parse(data=text, format="xml")
    assert isomorphic(back, g), text
    assert '<owl:ObjectProperty rdf:about="https://w3id.org/mscexo/ontology#p">' in text
    assert '<owl:Class rdf:about="https://w3id.org/mscexo/ontology#A">' in text
    assert text.index("<owl:Ontology ") < text.index("<owl:Class rdf:about")
    assert rdf_xml(g) == text


def test_owlready2_loads_ontology_owl(ontology_owl: Path) -> None:
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology(ontology_owl.as_uri()).load()
    ours = [c for c in onto.classes() if c.iri.startswith(str(M))]
    assert len(ours) >= 30
    finding = world[str(M.Finding)]
    assert [str(x) for x in finding.label] == ["finding"]
    assert world[str(M.reportedIn)].is_a[-1].iri == str(PROV.hadPrimarySource)
    world.close()


def test_oak_loads_ontology_owl(ontology_owl: Path) -> None:
    from oaklib import get_adapter

    adapter = get_adapter(str(ontology_owl))  # OAK's OWL adapter (py-horned-owl)
    ours = [e for e in adapter.entities() if e.startswith("mscexo:")]
    assert len(ours) == len(our_terms(Graph().parse(ontology_owl, format="xml")))
    assert adapter.definition("mscexo:Finding", lang="en") or adapter.definition("mscexo:Finding")


def test_ontology_page_lists_each_terms_mappings() -> None:
    from mscexo_ld.site.ontology_docs import ontology_docs

    html = ontology_docs(C.ONTOLOGY_FILE)["ontology.html"].decode("utf-8")
    reported = html[html.index('id="reportedIn"') :]
    reported = reported[: reported.index("</section>")]
    assert "Subproperty of" in reported and "hadPrimarySource" in reported
    assert 'href="https://w3id.org/biolink/vocab/publications">biolink:publications</a> (publications)' in reported
    regulator = html[html.index('id="regulator"') :]
    assert "Related match" in regulator[: regulator.index("</section>")]
    assert "RO:0002211</a> (regulates)" in regulator[: regulator.index("</section>")]
    advantage = html[html.index('id="advantage"') :]
    assert "No mapping" in advantage[: advantage.index("</section>")]
    assert "ontology-mappings.sssom.tsv" in html and "ontology.owl" in html and "IAO" not in html[:200]
