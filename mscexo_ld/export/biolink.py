"""Biolink Model 4.4.6 choices of the KGX export: categories by vocabulary and by class, predicates' qualifiers.

Why each choice was made is told in :mod:`mscexo_ld.export.kgx`'s docstring.
"""

from __future__ import annotations

from rdflib import URIRef

from mscexo_ld import constants as C
from mscexo_ld import iris

M = C.MSCEXO

#: The Biolink Model release the KGX export follows (the ``biolink-model`` package pinned in the test extra).
BIOLINK_VERSION = "4.4.6"

#: Export prefix -> Biolink's spelling of the same prefix, where they differ (Biolink's JSON-LD context).
BIOLINK_PREFIXES: dict[str, str] = {"clinicaltrials": "CLINICALTRIALS"}

#: Category by the vocabulary of a node's standard id, where that vocabulary fixes the kind.
PREFIX_CATEGORY: dict[str, str] = {
    "HGNC": "biolink:Gene",
    "mirbase": "biolink:MicroRNA",
    "mirbase.mature": "biolink:MicroRNA",
    "MONDO": "biolink:Disease",
    "DOID": "biolink:Disease",
    "HP": "biolink:PhenotypicFeature",
    "UBERON": "biolink:AnatomicalEntity",
    "CL": "biolink:Cell",
    "cellosaurus": "biolink:CellLine",
    "CLINICALTRIALS": "biolink:ClinicalTrial",
    "NCBITaxon": "biolink:OrganismTaxon",
}

#: Category by our class, for our own ids and for vocabularies spanning several kinds.
CLASS_CATEGORY: dict[URIRef, str] = {
    M.GeneProduct: "biolink:Gene",
    M.MicroRNA: "biolink:MicroRNA",
    M.LongNonCodingRNA: "biolink:NoncodingRNAProduct",
    M.Protein: "biolink:Protein",
    M.SmallMolecule: "biolink:SmallMolecule",
    M.Mechanism: "biolink:BiologicalProcess",
    M.Condition: "biolink:DiseaseOrPhenotypicFeature",
    M.OrganSystem: "biolink:AnatomicalEntity",
    M.MSCSource: "biolink:AnatomicalEntity",
    M.CellType: "biolink:Cell",
    M.Exosome: "biolink:Treatment",
    M.MSCExosome: "biolink:Treatment",
    M.MSCCells: "biolink:Treatment",
    M.InVivoModel: "biolink:PopulationOfIndividualOrganisms",
    M.InVitroModel: "biolink:Cell",
    M.TherapeuticOutcome: "biolink:PhenotypicFeature",
    M.ExosomeMarker: "biolink:Protein",
    M.ExtracellularVesicleType: "biolink:CellularComponent",
    M.IsolationMethod: "biolink:Procedure",
    M.CharacterizationMethod: "biolink:Procedure",
    M.ClinicalTrial: "biolink:ClinicalTrial",
    M.Finding: "biolink:Evidence",
}

#: (class, prefix of the id or of a mapping) pairs whose category differs from the class's.
CLASS_PREFIX_CATEGORY: dict[tuple[URIRef, str], str] = {
    (M.ExosomeMarker, "GO"): "biolink:MacromolecularComplex",
    (M.InVitroModel, "cellosaurus"): "biolink:CellLine",
}

#: Categories in the domain and range of ``biolink:regulates`` ("physical essence or occurrent") among
#: ours; an RNA, a protein or a treatment is not (tests/test_export_kgx.py checks this with bmt).
REGULATES_ENDS = frozenset(
    {
        "biolink:Gene",
        "biolink:BiologicalProcess",
        "biolink:Pathway",
        "biolink:SmallMolecule",
        "biolink:AnatomicalEntity",
        "biolink:Cell",
        "biolink:CellularComponent",
    }
)

#: Regulators that are given from outside (not a biologically evolved control): ``affects``.
EXOGENOUS_REGULATORS = frozenset({M.Exosome, M.MSCExosome, M.MSCCells, M.SmallMolecule})
#: Objects whose change is one of "activity or abundance" (gene products, RNAs, chemicals).
MOLECULAR_OBJECTS = frozenset(
    {M.GeneProduct, M.MicroRNA, M.LongNonCodingRNA, M.Protein, M.SmallMolecule, M.ExosomeMarker}
)
REGULATES_DIRECTION = {M.Increases: "upregulated", M.Decreases: "downregulated"}
AFFECTS_DIRECTION = {M.Increases: "increased", M.Decreases: "decreased"}
HUMAN = iris.taxon("NCBITaxon:9606")
