"""The prefix map agrees with Bioregistry (OBO PURLs for OBO ontologies, identifiers.org otherwise)."""

from __future__ import annotations

import bioregistry
import pytest

from mscexo_ld import constants as C

EXAMPLES = {
    "CL": "0000134",
    "DOID": "4",
    "ECO": "0000269",
    "EFO": "1001459",
    "GO": "0070062",
    "HGNC": "9588",
    "HP": "0000118",
    "MESH": "D015428",
    "MONDO": "0005068",
    "NCBITaxon": "10116",
    "OBI": "0000070",
    "PATO": "0000001",
    "UBERON": "0002371",
    "cellosaurus": "CVCL_0286",
    "clinicaltrials": "NCT04276987",
    "mirbase": "MI0000070",
    "mirbase.mature": "MIMAT0002177",
}
OBO = {"CL", "DOID", "ECO", "EFO", "GO", "HP", "MONDO", "NCBITaxon", "OBI", "PATO", "UBERON"}
PROVIDER_DEFAULT = {"cellosaurus", "clinicaltrials"}


def test_every_prefix_has_an_example() -> None:
    assert set(EXAMPLES) == set(C.EXTERNAL_PREFIXES)


@pytest.mark.parametrize("prefix", sorted(C.EXTERNAL_PREFIXES))
def test_prefix_matches_bioregistry(prefix: str) -> None:
    local = EXAMPLES[prefix]
    ours = C.expand_curie(f"{prefix}:{local}")
    norm = bioregistry.normalize_prefix(prefix)
    assert norm, prefix
    if prefix in OBO:
        expected = bioregistry.get_iri(norm, local, priority=["obofoundry", "default"])
    elif prefix in PROVIDER_DEFAULT:
        expected = bioregistry.get_iri(norm, local.removeprefix("CVCL_"), priority=["default"])
    else:
        expected = bioregistry.get_identifiers_org_iri(norm, local)
    assert ours == expected
    assert C.compress_iri(ours) == f"{prefix}:{local}"
