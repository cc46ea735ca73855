"""Typed records: what the loader makes of the curated input, and what builders consume."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: Entity kinds: file name in data/entities/ -> OWL class local name (None: not a node of ours).
ENTITY_KINDS: dict[str, str | None] = {
    "gene": "GeneProduct",
    "cargo": "Cargo",  # refined by Entity.cargo_type
    "mechanism": "Mechanism",
    "agent": "MSCExosome",
    "condition": "Condition",
    "organ-system": "OrganSystem",
    "msc-source": "MSCSource",
    "species": None,
    "model": "ExperimentalModel",  # refined by Entity.model_kind
    "outcome": "TherapeuticOutcome",
    "marker": "ExosomeMarker",
    "cell-type": "CellType",
    "evidence-type": "EvidenceType",
}
CARGO_TYPES = ("MicroRNA", "LongNonCodingRNA", "Protein", "SmallMolecule")
MODEL_KINDS = {"in_vivo": "InVivoModel", "in_vitro": "InVitroModel"}
AGENT_TYPES = ("MSCExosome", "Exosome", "MSCCells")
MATCH_TYPES = ("exact", "close")
DIRECTIONS = {"increases": "Increases", "decreases": "Decreases"}
MODIFICATION_TYPES = {
    "overexpression": "Overexpression",
    "knockdown": "Knockdown",
    "loading": "Loading",
    "pretreatment": "Pretreatment",
}
#: Kinds a regulation's regulator / regulated may point at.
REGULATOR_KINDS = ("agent", "cargo", "gene", "mechanism")
REGULATED_KINDS = ("gene", "mechanism", "cargo")
MODIFICATION_AGENT_KINDS = ("cargo", "gene", "mechanism")
#: Kinds an involvement (an undirected "via / through / by modulating / axis" edge) may point at.
INVOLVED_KINDS = ("mechanism", "gene", "cargo")
#: Form or activity of the regulated thing a regulation names (``form``) -> individual local name.
FORMS = {
    "phosphorylated": "PhosphorylatedForm",
    "cleaved": "CleavedForm",
    "activity": "ActivityForm",
    "amount": "AmountForm",
}
#: The evidence type a finding gets when the review does not say how the result was obtained.
EVIDENCE_NOT_STATED = "not-stated"


@dataclass(frozen=True)
class Origin:
    """Where a record was curated: file (relative to the project) and line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Mapping:
    """A standard identifier of an entity or table record, exact or close."""

    curie: str
    match: str  # "exact" | "close"


@dataclass(frozen=True)
class Entity:
    """A named thing of one kind (data/entities/KIND.yaml) that findings point at."""

    kind: str
    id: str
    label: str
    origin: Origin
    alt_labels: tuple[str, ...] = ()
    mappings: tuple[Mapping, ...] = ()
    unmapped_reason: str | None = None
    note: str | None = None
    cargo_type: str | None = None
    model_kind: str | None = None
    organism: str | None = None  # species id
    induction: str | None = None
    agent_type: str | None = None

    @property
    def ref(self) -> str:
        """The prefixed reference KIND:ID."""
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class Reference:
    """A study the review cites, by its bracketed number."""

    number: int
    origin: Origin
    first_author: str | None = None
    note: str | None = None
    out_of_scope: str | None = None  # why no finding cites this reference


@dataclass(frozen=True)
class EntityRef:
    """A prefixed reference to an entity, e.g. ``cargo:miR-486-5p``."""

    kind: str
    id: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class Modification:
    """Engineering of the producer cells or exosomes in a finding."""

    type: str
    agent: EntityRef
    note: str | None = None


@dataclass(frozen=True)
class Regulation:
    """What acts on what, in which direction, in a finding."""

    regulator: EntityRef
    regulated: EntityRef
    direction: str
    inferred: bool = False
    note: str | None = None
    form: str | None = None  # a key of FORMS: the modified form, activity or amount the text names
    against_expectation: bool = False  # printed against expectation: recorded as printed (a review quirk)


@dataclass(frozen=True)
class Involvement:
    """An undirected involvement: the finding (or one of its regulations) acts via these, as printed."""

    involved: tuple[EntityRef, ...]
    phrase: str  # the "via ... / through ... / by modulating ... / ... axis" words as printed
    regulation: int | None = None  # 1-based index of the finding's regulation it qualifies (None: the finding)
    note: str | None = None


@dataclass(frozen=True)
class Finding:
    """One reported result of one cited study."""

    id: str
    statement: str
    references: tuple[int, ...]
    organ_system: str
    condition: str
    msc_sources: tuple[str, ...]
    quote: tuple[str, ...]  # verbatim excerpts, in text order
    origin: Origin
    donor_species: tuple[str, ...] = ()
    modifications: tuple[Modification, ...] = ()
    cargo: tuple[str, ...] = ()
    regulations: tuple[Regulation, ...] = ()
    models: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    agent: str = "msc-exos"  # agent id: what was administered (MSC-Exos, or MSCs as cell therapy)
    evidence_types: tuple[str, ...] = ()  # evidence-type ids (in-vitro, in-vivo-animal, ..., not-stated)
    system_not_stated: bool = False  # the review states no experimental system (models is empty)
    uncited: bool = False  # reported by the review itself with no reference number (references is empty)
    involvements: tuple[Involvement, ...] = ()


@dataclass(frozen=True)
class TableRecord:
    """A record of the review's structured content (tables, criteria, lists): see schema.TABLES."""

    table: str  # file stem, e.g. "clinical-trials"
    id: str
    label: str
    origin: Origin
    quote: tuple[str, ...]
    fields: tuple[tuple[str, object], ...] = ()  # (field name, typed value), in schema order
    alt_labels: tuple[str, ...] = ()
    references: tuple[int, ...] = ()
    mappings: tuple[Mapping, ...] = ()
    unmapped_reason: str | None = None
    notes: tuple[str, ...] = ()

    def get(self, name: str) -> object:
        """The value of a table-specific field (None when absent)."""
        return dict(self.fields).get(name)


@dataclass
class Corpus:
    """Everything curated, cross-checked: references, entities by kind and id, findings."""

    references: dict[int, Reference] = field(default_factory=dict)
    entities: dict[str, dict[str, Entity]] = field(default_factory=dict)
    findings: dict[str, Finding] = field(default_factory=dict)
    tables: dict[str, dict[str, TableRecord]] = field(default_factory=dict)
    data_dir: Path | None = None

    def entity(self, ref: EntityRef) -> Entity:
        """The entity a prefixed reference points at."""
        return self.entities[ref.kind][ref.id]
