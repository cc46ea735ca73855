"""The field spec of every curated record kind: names, required or not, value type, one-line meaning.

Over 400 lines because it is mostly data: one declaration per field of every record kind
(about 80 fields), then the ~100 lines that render the field dictionary from them.

The single source of truth for the fields of ``data/``. It drives the loader's checks
(``mscexo_ld.curation``: allowed and required fields, which checker reads each value, which
fields point at entities), the ``mscexo-ld new`` skeletons (``curation/template.py``), the
table builder (``rdf/tables.py``) and the field dictionary in ``data/README.md``
(:func:`render_block`, between ``<!-- fields:NAME:begin -->`` and ``<!-- fields:NAME:end -->``;
``python -m mscexo_ld.schema`` rewrites those blocks). The order of the fields is the order
the loader lists them in its messages ("Expected one of: ...").

A field's ``type`` names a value check of ``curation/fields.py`` (:data:`VALUE_TYPES` lists
them, with the words the dictionary uses); this module holds no checking code, so it sits
below ``curation/`` and imports nothing from it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS

from mscexo_ld import constants as C
from mscexo_ld.records import (
    AGENT_TYPES,
    CARGO_TYPES,
    DIRECTIONS,
    ENTITY_KINDS,
    EVIDENCE_NOT_STATED,
    FORMS,
    INVOLVED_KINDS,
    MATCH_TYPES,
    MODEL_KINDS,
    MODIFICATION_AGENT_KINDS,
    MODIFICATION_TYPES,
    REGULATED_KINDS,
    REGULATOR_KINDS,
)

#: Joins the excerpts of an elided quote in the graph; the quote check splits on it.
QUOTE_ELISION = " [\u2026] "
#: Shortest evidence quote (the graph's joined quote), as SHACL requires (mscexo:evidenceQuote sh:minLength).
MIN_QUOTE_CHARS = 20
#: Local ids; they become IRIs ``https://w3id.org/mscexo/id/{kind}/{id}``.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: Kinds whose labels name genes or RNAs: ASCII and Greek lowercase letters only (no dashes but '-').
STRICT_LABEL_KINDS = ("gene", "cargo", "marker")
#: Normalised clinical-trial phases (``phases`` of clinical-trials.yaml) -> class local name.
PHASES = {
    "early-phase-1": "EarlyPhase1",
    "phase-1": "Phase1",
    "phase-2": "Phase2",
    "phase-3": "Phase3",
    "phase-4": "Phase4",
}

#: Value types: name -> how the field dictionary writes it. ``curation/fields.py`` has one check for each.
VALUE_TYPES: dict[str, str] = {
    "text": "string",
    "label": "one-line string",
    "strict_label": "one-line string (ASCII, Greek lowercase)",
    "label_list": "list of one-line strings",
    "strict_label_list": "list of one-line strings (ASCII, Greek lowercase)",
    "text_list": "list of strings",
    "quote": "string, or list of strings",
    "id": "local id",
    "id_list": "list of ids",
    "reference_number": f"integer 1–{C.REVIEW_MAX_REFERENCE}",
    "reference_list": "list of integers",
    "citation_list": "list of integers (empty only with `uncited: true`)",
    "entity_ref_list": "list of prefixed references KIND:ID",
    "index": "positive integer",
    "one_of": "one of",
    "bool": "true or false",
    "entity_ref": "prefixed reference KIND:ID",
    "curie": "CURIE PREFIX:ID",
    "records": "list",
    "number": "non-negative number",
    "nct": "NCT id: NCT and 8 digits",
    "phase_list": "list of phases",
    "nonempty_text_list": "non-empty list of strings",
    "nonempty_id_list": "non-empty list of ids",
    "any_ref_list": "non-empty list of prefixed references KIND:ID",
}
#: Value types that hold a list (an omitted optional one reads as an empty list).
LIST_TYPES = frozenset(
    {
        "label_list",
        "strict_label_list",
        "text_list",
        "id_list",
        "reference_list",
        "citation_list",
        "entity_ref_list",
        "records",
        "phase_list",
        "nonempty_text_list",
        "nonempty_id_list",
        "any_ref_list",
    }
)


@dataclass(frozen=True)
class FieldSpec:
    """One field of a curated record."""

    name: str
    #: A key of :data:`VALUE_TYPES`: how the loader checks the value.
    type: str
    #: One line: what the field holds (the dictionary's "meaning", the skeleton's comment).
    doc: str
    required: bool = False
    #: The value when the field is omitted (None: no value).
    default: object = None
    #: ``one_of``: the allowed values; ``entity_ref``: the allowed entity kinds.
    options: tuple[str, ...] = ()
    #: The entity kind an id (or list of ids) points at; checked across the corpus.
    ref: str = ""
    #: ``records``: the spec of each item.
    items: RecordSpec | None = None
    #: Attribute of the typed record in ``records.py`` ("" = ``name``).
    attr: str = ""
    #: Tables: the RDF property the value becomes.
    predicate: URIRef | None = None
    #: The value a ``mscexo-ld new`` skeleton shows for a required field ("" = TODO, or [TODO] for a list).
    placeholder: str = ""

    @property
    def attribute(self) -> str:
        """The attribute of the typed record that holds this field."""
        return self.attr or self.name

    @property
    def is_list(self) -> bool:
        """Whether the value is a list."""
        return self.type in LIST_TYPES

    @property
    def missing(self) -> object:
        """The value of an omitted (or bad) field: its default, or () for an optional list."""
        if self.default is None and self.is_list and not self.required:
            return ()
        return self.default


@dataclass(frozen=True)
class RecordSpec:
    """The fields of one kind of record, in the order the loader lists them."""

    name: str
    fields: tuple[FieldSpec, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The allowed field names."""
        return tuple(f.name for f in self.fields)

    def __getitem__(self, name: str) -> FieldSpec:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


@dataclass(frozen=True)
class TableSpec:
    """One file of ``data/tables/``: its records' class, IRI path segment and specific fields."""

    name: str  # file stem
    cls: str  # class local name in the ontology
    kind: str  # IRI path segment
    fields: tuple[FieldSpec, ...]
    doc: str = ""  # where in the review (Table 1 ...)


def _one_of(options: Iterable[str]) -> tuple[str, ...]:
    return tuple(options)  # a tuple, or the keys of a dict


# ----------------------------------------------------------------------------- references

REFERENCE = RecordSpec(
    "reference",
    (
        FieldSpec("number", "reference_number", "the bracketed number in the review", required=True),
        FieldSpec(
            "first_author", "text", 'surname as printed in the review\'s text ("Sun"); omit when the text names none'
        ),
        FieldSpec(
            "out_of_scope",
            "text",
            "why no finding or table record cites this reference (background statement, review of other work, "
            "method reference ...); the coverage report lists it",
        ),
        FieldSpec("note", "text", "curator note (e.g. the review names no author for this number)"),
    ),
)

# ----------------------------------------------------------------------------- mappings and entities

MAPPING = RecordSpec(
    "mapping",
    (
        FieldSpec(
            "curie",
            "curie",
            "a CURIE with a prefix of the project's prefix map, in the term cache `data/terms.tsv`",
            required=True,
        ),
        FieldSpec(
            "match",
            "one_of",
            "`exact`: the same concept (`skos:exactMatch`); `close`: related, e.g. rodent form, family, "
            "broader (`skos:closeMatch`)",
            required=True,
            options=MATCH_TYPES,
        ),
    ),
)


def _entity_fields(strict: bool) -> tuple[FieldSpec, ...]:
    label = "strict_label" if strict else "label"
    return (
        FieldSpec("id", "id", "stable id within the kind", required=True),
        FieldSpec(
            "label",
            label,
            'display label (`rdfs:label`), as the field writes it ("miR-486-5p", "PTEN"); '
            f"{', '.join(STRICT_LABEL_KINDS)} labels: ASCII and Greek lowercase letters only",
            required=True,
        ),
        FieldSpec(
            "alt_labels",
            f"{label}_list",
            "other names (`skos:altLabel`); put the standard term's label here when it differs from `label`",
        ),
        FieldSpec(
            "mappings",
            "records",
            "standard identifiers, looked up in ../shared/reference/terms.tsv.gz (never typed from memory); then "
            "run `mscexo-ld terms --refresh` so the term cache holds them",
            items=MAPPING,
        ),
        FieldSpec(
            "unmapped_reason",
            "text",
            "when no standard term fits: why no standard term is used (instead of mappings)",
        ),
        FieldSpec("note", "text", "curator note"),
    )


#: Fields only some entity kinds have (kind -> fields), after the common ones.
ENTITY_EXTRA: dict[str, tuple[FieldSpec, ...]] = {
    "cargo": (FieldSpec("type", "one_of", "the cargo class", required=True, options=CARGO_TYPES, attr="cargo_type"),),
    "model": (
        FieldSpec(
            "model_kind",
            "one_of",
            "organism model or cell culture",
            required=True,
            options=_one_of(MODEL_KINDS),
        ),
        FieldSpec(
            "organism",
            "id",
            "the organism or the cell line's species",
            required=True,
            ref="species",
        ),
        FieldSpec("induction", "text", 'how the disease or injury was induced ("hypoxia/reoxygenation")'),
    ),
    "agent": (
        FieldSpec(
            "type",
            "one_of",
            "what is administered: MSC-Exos, exosomes whose producer cells the review does not name, "
            "or MSCs given as cell therapy",
            default="MSCExosome",
            options=AGENT_TYPES,
            attr="agent_type",
        ),
    ),
}

#: The fields of every entity kind (file name in data/entities/ -> spec).
ENTITIES: dict[str, RecordSpec] = {
    kind: RecordSpec(kind, _entity_fields(kind in STRICT_LABEL_KINDS) + ENTITY_EXTRA.get(kind, ()))
    for kind in ENTITY_KINDS
}

# ----------------------------------------------------------------------------- identifier kinds

#: The vocabularies (CURIE prefixes of ``constants.EXTERNAL_PREFIXES``) a mapping of each entity kind
#: may use: an identifier's vocabulary must fit its entity's kind (a gene mapped to a GO process is an
#: error). The loader and ``validate``'s identifiers check both read this table. Choices beyond the
#: plain rule (gene: HGNC; miRNA: miRBase; condition: MONDO, DOID, HP, EFO, MeSH; anatomy: UBERON;
#: cell: CL, Cellosaurus; process: GO; species: NCBITaxon), each needed by the curated corpus:
#: mechanisms may be MeSH (phenomena GO has no process for: oxidative stress, re-epithelialization);
#: MSC sources may be CL or EFO (stem cells: embryonic, induced pluripotent); models may be EFO
#: (cell lines EFO names: HUVEC); markers may be GO (a complex: ESCRT); agents are GO (extracellular
#: exosome) or CL (MSCs); a miRNA cluster is mapped to its HGNC host gene. NCBIGene and ChEBI would
#: fit genes and small molecules, but the project's prefix map does not bind them.
MAPPING_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "gene": ("HGNC",),
    "cargo": ("HGNC", "mirbase", "mirbase.mature", "MESH"),  # refined by type: CARGO_MAPPING_VOCABULARIES
    "mechanism": ("GO", "MESH"),
    "agent": ("GO", "CL"),
    "condition": ("MONDO", "DOID", "HP", "EFO", "MESH"),
    "organ-system": ("UBERON",),
    "msc-source": ("UBERON", "CL", "cellosaurus", "EFO"),
    "species": ("NCBITaxon",),
    "model": ("cellosaurus", "CL", "EFO"),
    "outcome": ("HP", "GO", "MESH"),
    "marker": ("HGNC", "GO"),
    "cell-type": ("CL", "cellosaurus"),
    "evidence-type": ("ECO", "OBI"),
}
#: Cargo by its ``type``: the vocabularies that fit each cargo class.
CARGO_MAPPING_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "MicroRNA": ("mirbase", "mirbase.mature", "HGNC"),  # HGNC: a miRNA cluster's host gene (MIR17HG)
    "LongNonCodingRNA": ("HGNC",),
    "Protein": ("HGNC",),
    "SmallMolecule": ("MESH",),
}


def mapping_vocabularies(kind: str, cargo_type: str | None = None) -> tuple[str, ...]:
    """The CURIE prefixes a mapping of an entity of ``kind`` (and cargo class) may use."""
    if kind == "cargo" and cargo_type in CARGO_MAPPING_VOCABULARIES:
        return CARGO_MAPPING_VOCABULARIES[cargo_type]
    return MAPPING_VOCABULARIES[kind]


def vocabulary_mismatch(prefix: str, kind: str, cargo_type: str | None = None) -> str | None:
    """What was expected when a ``prefix`` identifier does not fit an entity of ``kind``, else None.

    >>> vocabulary_mismatch("GO", "gene")
    "expected an identifier of HGNC for a gene (an identifier's vocabulary must fit its entity's kind)"
    """
    allowed = mapping_vocabularies(kind, cargo_type)
    if prefix in allowed:
        return None
    what = f"a {kind}" + (f" of type {cargo_type}" if kind == "cargo" and cargo_type else "")
    return (
        f"expected an identifier of {', '.join(allowed[:-1]) + ' or ' if len(allowed) > 1 else ''}{allowed[-1]} "
        f"for {what} (an identifier's vocabulary must fit its entity's kind)"
    )


# ----------------------------------------------------------------------------- findings

MODIFICATION = RecordSpec(
    "modification",
    (
        FieldSpec(
            "type",
            "one_of",
            "how the producer cells or exosomes were engineered",
            required=True,
            options=_one_of(MODIFICATION_TYPES),
        ),
        FieldSpec(
            "agent",
            "entity_ref",
            "what was overexpressed, knocked down, loaded or given (`cargo:miR-125b`, `gene:CXCR4`)",
            required=True,
            options=MODIFICATION_AGENT_KINDS,
        ),
        FieldSpec("note", "text", "curator note"),
    ),
)

REGULATION = RecordSpec(
    "regulation",
    (
        FieldSpec("regulator", "entity_ref", "what acts", required=True, options=REGULATOR_KINDS),
        FieldSpec("regulated", "entity_ref", "what is acted on", required=True, options=REGULATED_KINDS),
        FieldSpec("direction", "one_of", "as the review prints it", required=True, options=_one_of(DIRECTIONS)),
        FieldSpec(
            "inferred",
            "bool",
            "`true` when the edge is the curator's reading rather than printed (e.g. the miRNA ⊣ target step "
            "of a ceRNA sponge); say why in `note`",
            default=False,
        ),
        FieldSpec("note", "text", "curator note"),
        FieldSpec(
            "form",
            "one_of",
            "the form, activity or amount of the regulated gene product the text names (`phosphorylated` for "
            '"phosphorylated-Akt", `activity` for "GSK-3β activity"); omit when it names the gene or its '
            "expression only",
            options=_one_of(FORMS),
        ),
        FieldSpec(
            "against_expectation",
            "bool",
            "`true` when the printed direction runs against expectation (a miRNA stimulating its own targets); "
            "recorded as printed, never corrected; say why in `note`",
            default=False,
        ),
    ),
)

INVOLVEMENT = RecordSpec(
    "involvement",
    (
        FieldSpec(
            "involved",
            "entity_ref_list",
            "the pathways, processes, genes or RNAs the text says the effect runs via, with no direction printed",
            required=True,
            options=INVOLVED_KINDS,
        ),
        FieldSpec(
            "phrase",
            "text",
            'the words as printed, found in the quote ("via the AMPK/mTOR and Akt/mTOR pathways", "by modulating '
            'ATG16L", "via the miR-181b-5p/TRPM7 axis"); `mscexo-ld coverage` counts these',
            required=True,
        ),
        FieldSpec(
            "regulation",
            "index",
            "the number (1, 2 ...) of the finding's regulation the phrase qualifies; omit when it qualifies the "
            "finding as a whole",
        ),
        FieldSpec("note", "text", "curator note"),
    ),
)

FINDING = RecordSpec(
    "finding",
    (
        FieldSpec(
            "id",
            "id",
            "`F<ref>`, or `F<ref><letter>` for a citation's separate experiments (`F109`, `F120a`); `FU<n>` for an "
            "uncited result",
            required=True,
        ),
        FieldSpec(
            "statement",
            "label",
            "one sentence in the curator's words; becomes the finding's `rdfs:label`",
            required=True,
            placeholder="TODO what the cited study found",
        ),
        FieldSpec(
            "references",
            "citation_list",
            "the bracketed number(s) of the review, each in `references.yaml` (add it there with first_author); "
            "`[]` for a result the review reports with no number (then `uncited: true`); never invent one",
            required=True,
        ),
        FieldSpec(
            "agent",
            "id",
            "what the study administered: `msc-exos`; `msc-cells` for MSCs as cell therapy; `exosomes` when the "
            "review does not say the exosomes came from MSCs",
            default="msc-exos",
            ref="agent",
        ),
        FieldSpec(
            "organ_system",
            "id",
            "kidney, liver, cardiovascular, nervous, musculoskeletal, skin, immune, respiratory ...",
            required=True,
            ref="organ-system",
        ),
        FieldSpec(
            "condition",
            "id",
            "the disease or injury studied (add it to entities/condition.yaml, mapped to MONDO, if it is new)",
            required=True,
            ref="condition",
        ),
        FieldSpec(
            "msc_sources",
            "id_list",
            "tissue or origin of the producer MSCs; an empty list only with notes saying why",
            required=True,
            ref="msc-source",
        ),
        FieldSpec(
            "donor_species",
            "id_list",
            "species of the producer MSCs, only where the text states it",
            ref="species",
        ),
        FieldSpec(
            "modifications",
            "records",
            "engineering of the producer cells or exosomes",
            items=MODIFICATION,
        ),
        FieldSpec("cargo", "id_list", "exosomal cargo the text credits with the effect", ref="cargo"),
        FieldSpec(
            "regulations",
            "records",
            "what acts on what (targets, pathways, processes), in which direction, as the text prints it",
            items=REGULATION,
        ),
        FieldSpec(
            "models", "id_list", "experimental models (in vivo organism and induction, or in vitro)", ref="model"
        ),
        FieldSpec("outcomes", "id_list", "the reported therapeutic benefit", ref="outcome"),
        FieldSpec(
            "quote",
            "quote",
            "verbatim text of the review supporting the finding (whitespace may differ, nothing else); a list is "
            "an elided quote: excerpts in text order, joined in the graph by `[…]` (use it when a field rests on an "
            "earlier sentence, rather than quoting the unrelated sentences in between)",
            required=True,
            placeholder=">-\n    TODO",
        ),
        FieldSpec(
            "notes", "text_list", "curator notes: the review's quirks, inferences and doubts; never correct it silently"
        ),
        FieldSpec(
            "evidence_types",
            "nonempty_id_list",
            "how the result was obtained, as the text says: `in-vitro`, `in-vivo-animal`, `clinical-case-report`, "
            f"`clinical-trial` (several when the text reports several); `{EVIDENCE_NOT_STATED}` alone when it does not "
            "say (see the evidence rule below)",
            required=True,
            ref="evidence-type",
            placeholder="[TODO]",
        ),
        FieldSpec(
            "system_not_stated",
            "bool",
            "`true` when the text states no experimental system a model can record (cell type or line with its "
            "species, or an organism): then `models` is empty; `models` empty needs `true`",
            default=False,
        ),
        FieldSpec(
            "uncited",
            "bool",
            "`true` for a result the review states with no reference number (`references: []`); the coverage "
            "report lists these",
            default=False,
        ),
        FieldSpec(
            "involvements",
            "records",
            "undirected involvements: what the text says the effect runs via, through, by modulating, or along "
            "an axis, with no direction printed (directed effects go in `regulations`)",
            items=INVOLVEMENT,
        ),
    ),
)

# ----------------------------------------------------------------------------- tables

#: Fields every table record has, before its table's own fields.
TABLE_COMMON = RecordSpec(
    "table record",
    (
        FieldSpec("id", "id", "stable id within the table", required=True),
        FieldSpec("label", "label", "display label (`rdfs:label`)", required=True),
        FieldSpec("alt_labels", "label_list", "other names (`skos:altLabel`)"),
        FieldSpec(
            "quote",
            "quote",
            "verbatim excerpts, as for findings: for a table row, the row's cells as printed, in text order",
            required=True,
        ),
        FieldSpec("references", "reference_list", "the bracketed numbers the text cites for it"),
        FieldSpec("mappings", "records", "standard identifiers, as for entities", items=MAPPING),
        FieldSpec("unmapped_reason", "text", "why no standard term is used"),
        FieldSpec("notes", "text_list", "quirks, contradictions between a table and the text"),
    ),
)
COMMON_FIELDS = TABLE_COMMON.names
M = C.MSCEXO
_PRINTED = "as printed"

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "ev-types",
            "ExtracellularVesicleType",
            "ev-type",
            (
                FieldSpec("diameter", "text", _PRINTED, True, predicate=M.diameterAsPrinted),
                FieldSpec("diameter_min_nm", "number", "in nm", True, predicate=M.minDiameterNm),
                FieldSpec(
                    "diameter_max_nm", "number", "in nm, at least diameter_min_nm", True, predicate=M.maxDiameterNm
                ),
                FieldSpec("shape", "text", _PRINTED, predicate=M.shape),
                FieldSpec("sucrose_density", "text", _PRINTED, predicate=M.sucroseDensity),
                FieldSpec("sedimentation", "text", _PRINTED, predicate=M.sedimentation),
                FieldSpec("origin", "text", _PRINTED, predicate=M.biogenesisOrigin),
                FieldSpec("protein_markers", "nonempty_id_list", "", ref="marker", predicate=M.proteinMarker),
                FieldSpec("lipids", "nonempty_text_list", _PRINTED, predicate=M.lipidContent),
                FieldSpec("nucleic_acids", "nonempty_text_list", _PRINTED, predicate=M.nucleicAcidContent),
            ),
            "Table 1",
        ),
        TableSpec(
            "isolation-methods",
            "IsolationMethod",
            "isolation-method",
            (
                FieldSpec("mechanism", "text", _PRINTED, True, predicate=M.mechanismAsPrinted),
                FieldSpec("advantages", "nonempty_text_list", _PRINTED, True, predicate=M.advantage),
                FieldSpec("disadvantages", "nonempty_text_list", _PRINTED, True, predicate=M.disadvantage),
            ),
            "Table 2",
        ),
        TableSpec(
            "clinical-trials",
            "ClinicalTrial",
            "clinical-trial",
            (
                FieldSpec("nct", "nct", "the trial's ClinicalTrials.gov id", True, predicate=M.nctId),
                FieldSpec("title", "text", _PRINTED, True, predicate=DCTERMS.title),
                FieldSpec("disease", "text", _PRINTED, True, predicate=M.diseaseAsPrinted),
                FieldSpec("intervention", "text", _PRINTED, True, predicate=M.intervention),
                FieldSpec("phase", "text", _PRINTED, True, predicate=M.phaseAsPrinted),
                FieldSpec(
                    "phases",
                    "phase_list",
                    "normalised: " + ", ".join(f"`{p}`" for p in PHASES) + "; empty when the table prints a status",
                    predicate=M.phase,
                ),
                FieldSpec("condition", "id", "", ref="condition", predicate=M.condition),
            ),
            "Table 3",
        ),
        TableSpec(
            "isct-criteria",
            "MSCIdentityCriteria",
            "criteria",
            (
                FieldSpec("culture_condition", "text", _PRINTED, True, predicate=M.cultureCondition),
                FieldSpec("positive_markers", "nonempty_id_list", "", True, ref="marker", predicate=M.positiveMarker),
                FieldSpec("negative_markers", "nonempty_id_list", "", True, ref="marker", predicate=M.negativeMarker),
                FieldSpec(
                    "lineages",
                    "nonempty_id_list",
                    "",
                    True,
                    ref="cell-type",
                    predicate=M.differentiationLineage,
                ),
            ),
            "the ISCT minimal criteria",
        ),
        TableSpec(
            "characterization-methods",
            "CharacterizationMethod",
            "characterization-method",
            (
                FieldSpec("abbreviation", "text", "as printed", predicate=M.abbreviation),
                FieldSpec(
                    "measures",
                    "nonempty_text_list",
                    "`size`, `morphology`, `size distribution`, `concentration`, `surface markers`, `protein content`",
                    True,
                    predicate=M.measures,
                ),
            ),
            "exosome characterization",
        ),
        TableSpec(
            "lists",
            "ReviewList",
            "list",
            (
                FieldSpec(
                    "members",
                    "any_ref_list",
                    "e.g. `msc-source:adipose-tissue`, `marker:CD63`: the lists the review gives, such as the MSC "
                    "tissue sources and the exosome markers",
                    True,
                    predicate=M.member,
                ),
            ),
            "lists in the text",
        ),
    )
}


def table_record_spec(spec: TableSpec) -> RecordSpec:
    """All fields of a record of one table: the common ones, then the table's own."""
    return RecordSpec(spec.name, TABLE_COMMON.fields + spec.fields)


# ----------------------------------------------------------------------------- the field dictionary


def _code(text: str) -> str:
    return f"`{text}`"


def type_words(f: FieldSpec) -> str:
    """How the field dictionary writes a field's value type."""
    if f.type == "one_of":
        return " \\| ".join(_code(o) for o in f.options)
    if f.type == "entity_ref":
        return " \\| ".join(f"`{k}:…`" for k in f.options)
    if f.type == "entity_ref_list":
        return "list of " + " \\| ".join(f"`{k}:…`" for k in f.options)
    if f.type == "records" and f.items is not None:
        return f"list of {f.items.name}s"
    if f.ref and f.type == "id":
        return f"{f.ref} id"
    if f.ref and f.type in ("id_list", "nonempty_id_list"):
        return f"{'non-empty ' if f.type.startswith('nonempty') else ''}list of {f.ref} ids"
    return VALUE_TYPES[f.type]


def required_words(f: FieldSpec, only: str = "") -> str:
    """``yes``, ``no``, ``no (default)``, or ``KIND only`` for a field of some entity kinds."""
    if only:
        return f"{only} only" + ("" if f.required else ", optional") + _default_words(f)
    if f.required:
        return "yes"
    return "no" + _default_words(f)


def _default_words(f: FieldSpec) -> str:
    if f.default is None:
        return ""
    shown = str(f.default).lower() if isinstance(f.default, bool) else str(f.default)
    return f" (`{shown}`)"


def _table(rows: list[tuple[FieldSpec, str]]) -> list[str]:
    out = ["| field | required | type | meaning |", "|---|---|---|---|"]
    for f, only in rows:
        out.append(f"| `{f.name}` | {required_words(f, only)} | {type_words(f)} | {f.doc} |")
    return out


def render_block(name: str) -> str:
    """The generated text of one ``<!-- fields:NAME:... -->`` block of data/README.md (see :data:`BLOCKS`)."""
    if name == "reference":
        lines = _table([(f, "") for f in REFERENCE.fields])
    elif name == "entity":
        common = _entity_fields(False)
        extra = [(f, kind) for kind, fields in ENTITY_EXTRA.items() for f in fields]
        lines = _table([(f, "") for f in common] + extra)
    elif name in ("finding", "regulation", "modification", "mapping", "involvement"):
        record = {
            "finding": FINDING,
            "regulation": REGULATION,
            "modification": MODIFICATION,
            "mapping": MAPPING,
            "involvement": INVOLVEMENT,
        }
        lines = _table([(f, "") for f in record[name].fields])
    elif name == "vocabularies":
        lines = ["| kind | vocabularies of its mappings |", "|---|---|"]
        for kind, allowed in MAPPING_VOCABULARIES.items():
            if kind == "cargo":
                for cargo_type, fitting in CARGO_MAPPING_VOCABULARIES.items():
                    lines.append(f"| `cargo` (`type: {cargo_type}`) | {', '.join(fitting)} |")
            else:
                lines.append(f"| `{kind}` | {', '.join(allowed)} |")
    elif name == "table-common":
        lines = _table([(f, "") for f in TABLE_COMMON.fields])
    elif name == "tables":
        lines = ["| file | class | fields (required ones in bold) |", "|---|---|---|"]
        for spec in TABLES.values():
            cells = []
            for f in spec.fields:
                shown = f"**`{f.name}`**" if f.required else f"`{f.name}`"
                cells.append(f"{shown} ({type_words(f)}{': ' + f.doc if f.doc else ''})")
            lines.append(f"| `{spec.name}.yaml` ({spec.doc}) | `mscexo:{spec.cls}` | {'; '.join(cells)} |")
    else:
        raise KeyError(name)
    return "\n".join(lines) + "\n"


#: The generated blocks of data/README.md, in the order they appear there.
BLOCKS = (
    "reference",
    "entity",
    "mapping",
    "vocabularies",
    "finding",
    "modification",
    "regulation",
    "involvement",
    "table-common",
    "tables",
)
_BLOCK = re.compile(r"(<!-- fields:([a-z-]+):begin -->\n).*?(<!-- fields:\2:end -->)", re.DOTALL)


def readme_blocks(text: str) -> dict[str, str]:
    """The content of every generated block in a README text, by name."""
    return {m.group(2): m.group(0)[len(m.group(1)) : -len(m.group(3))] for m in _BLOCK.finditer(text)}


def render_readme(text: str) -> str:
    """``text`` (data/README.md) with every generated block replaced by its rendering from the spec."""
    return _BLOCK.sub(lambda m: m.group(1) + render_block(m.group(2)) + m.group(3), text)


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated blocks of data/README.md (or the file given) from the spec."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else C.DATA_DIR / "README.md"
    text = path.read_text(encoding="utf-8")
    new = render_readme(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
        print(f"rewrote the field dictionary in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
