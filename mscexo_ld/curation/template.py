"""Skeletons for new curated records, every field explained (``mscexo-ld new``)."""

from __future__ import annotations


def finding_template(ident: str) -> str:
    return f"""- id: {ident}
  # One sentence in your words; becomes the finding's rdfs:label.
  statement: TODO what the cited study found
  # The bracketed number(s) of the review; each must be in references.yaml (add it there with first_author).
  references: [TODO]
  # Optional: what was administered: msc-exos (default), msc-cells (MSCs as cell therapy), exosomes (origin not stated).
  # agent: msc-exos
  # An id from entities/organ-system.yaml: kidney, liver, cardiovascular, nervous, musculoskeletal, skin, immune, respiratory.
  organ_system: TODO
  # An id from entities/condition*.yaml (add the condition there, mapped to MONDO, if it is new).
  condition: TODO
  # Ids from entities/msc-source*.yaml (tissue of the producer MSCs); [] only with a note saying why.
  msc_sources: [TODO]
  # Optional: ids from entities/species.yaml, ONLY where the text states the donor species (human, rat, mouse, pig).
  donor_species: []
  # Optional: engineering of the producer cells; type overexpression | knockdown | loading | pretreatment,
  # agent a prefixed id (cargo:miR-..., gene:...).
  modifications: []
  # Optional: ids from entities/cargo*.yaml that the text credits with the effect.
  cargo: []
  # Optional: what acts on what, in which direction, as the text prints it:
  #   - regulator: agent:msc-exos | cargo:ID | gene:ID | mechanism:ID
  #     regulated: gene:ID | mechanism:ID | cargo:ID
  #     direction: increases | decreases
  #     inferred: true            # only when the edge is your reading, not printed; then say why in note
  #     note: ...
  regulations: []
  # Optional: ids from entities/model*.yaml (in vivo organism + induction, or in vitro cell line).
  models: []
  # Optional: ids from entities/outcome*.yaml.
  outcomes: []
  # Verbatim text of the review (whitespace may differ, nothing else). For several sentences that are not
  # adjacent, give a list of excerpts in text order.
  quote: >-
    TODO
  # Optional: the review's quirks, your inferences and doubts. Never correct the review silently.
  notes: []
"""


def entity_template(kind: str, ident: str) -> str:
    extra = {
        "cargo": "  # MicroRNA | LongNonCodingRNA | Protein | SmallMolecule\n  type: TODO\n",
        "model": "  # in_vivo | in_vitro; organism is an id of entities/species.yaml\n  model_kind: TODO\n  organism: TODO\n"
        "  # Optional: how the disease or injury was induced.\n  # induction: ...\n",
        "agent": "  # MSCExosome | Exosome | MSCCells\n  type: MSCExosome\n",
    }.get(kind, "")
    return f"""- id: {ident}
  # As the field writes it; becomes rdfs:label.
  label: TODO
  # Optional: other names; put the standard term's label here when it differs from label.
  alt_labels: []
{extra}  # Standard identifiers, looked up in ../shared/reference/terms.tsv.gz (never typed from memory):
  #   {{curie: "HGNC:9588", match: exact}}   exact: same concept; close: related (rodent form, family, broader)
  # Then run `mscexo-ld terms --refresh` so the term cache holds them.
  mappings: []
  # When no standard term fits, say why instead of mapping:
  # unmapped_reason: ...
"""
