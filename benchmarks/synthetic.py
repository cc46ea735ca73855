"""Deterministic synthetic data in the shape of the curated release, at any size.

The real release graph (``load_corpus`` -> ``build_data_graph``, plus ``load_ontology``) is
the template. Its instance data is replicated under new IRIs, copy ``k`` of a record
``.../id/{kind}/{id}[/sub/path]`` becoming ``.../id/{kind}/{id}.s{k}[/sub/path]`` (copy 0
keeps the real IRIs), so every class, property and fan-out of the curated findings recurs and
every IRI still matches the shapes' patterns. The ontology is emitted once; the 173
references and the dataset node are shared by all copies (reference numbers must stay unique
and within 1..173). Perturbations, all drawn from one ``random.Random(seed)``:

* about 10 % of the links from a copy's records to entities (condition, gene, model, outcome,
  cargo, mechanism ...) are rewired to the same entity of another copy, so copies are not
  disconnected islands and entities have uneven fan-in;
* about 10 % of the curator notes of findings in copies >= 1 are dropped;
* after the full copies, whole findings (with their regulations and producer modifications,
  in seeded order, linking to entities of the full copies) are added as further partial
  copies until the graph reaches the requested number of triples.

A few known SHACL violations are injected (``INJECTED`` below, one finding or regulation of
the last full copy each, plus one duplicate reference number), so a SHACL engine comparison
has something to find; ``Synthetic.expected_violations`` lists them as
``(focus, path, component)``.

The output is N-Triples written line by line (never a second in-memory graph); the same
seed and size give byte-identical files.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mscexo_ld import constants as C

BASE = C.ID_BASE
M = str(C.MSCEXO)
SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

#: Record kinds shared by every copy rather than replicated.
SHARED_KINDS = frozenset({"reference", "dataset"})
#: Links inside one record (a finding to its own regulations / modifications): never rewired.
STRUCTURAL = frozenset({M + "regulation", M + "producerModification"})
REWIRE_P = 0.10
DROP_NOTE_P = 0.10
DEFAULT_SEED = 20200814  # the review's publication date

# A term: ("I", iri) | ("B", label) | ("L", lexical, datatype or None, language or None)
Term = tuple
Triple = tuple[Term, Term, Term]

#: The injected violations: name -> what is done (for the README and the report).
INJECTED = {
    "finding-without-quote": "a finding loses its mscexo:evidenceQuote (sh:minCount 1)",
    "finding-wrong-condition": "a finding's mscexo:condition points to a gene product (sh:class mscexo:Condition)",
    "note-with-language": "a finding gets a curator note tagged @en (sh:datatype xsd:string)",
    "direction-not-allowed": "a regulation's direction becomes mscexo:Unknown (sh:in)",
    "regulator-is-regulated": "a miRNA regulation regulates its own regulator (sh:disjoint)",
    "duplicate-reference-number": "a second reference with number 109 (SPARQL constraint UniqueReferenceNumber, 2 results)",
}


def parse_size(text: str) -> int:
    """'10k' -> 10000, '1m' -> 1000000, '2500' -> 2500."""
    t = text.strip().lower().replace("_", "").replace(",", "")
    mult = 1
    if t.endswith("k"):
        mult, t = 1_000, t[:-1]
    elif t.endswith("m"):
        mult, t = 1_000_000, t[:-1]
    value = int(float(t) * mult)
    if value <= 0:
        raise ValueError(f"size must be positive: {text!r}")
    return value


def size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def _term(t) -> Term:
    from rdflib import BNode, Literal, URIRef

    if isinstance(t, URIRef):
        return ("I", str(t))
    if isinstance(t, BNode):
        return ("B", str(t))
    assert isinstance(t, Literal)
    return ("L", str(t), str(t.datatype) if t.datatype else None, t.language)


def nt_term(t: Term, cache: dict) -> str:
    """The N-Triples form of a term (literals escaped by pyoxigraph, cached)."""
    if t[0] == "I":
        return f"<{t[1]}>"
    if t[0] == "B":
        return f"_:{t[1]}"
    found = cache.get(t)
    if found is None:
        import pyoxigraph as ox

        _, lex, dt, lang = t
        if lang:
            lit = ox.Literal(lex, language=lang)
        elif dt:
            lit = ox.Literal(lex, datatype=ox.NamedNode(dt))
        else:
            lit = ox.Literal(lex)
        found = cache[t] = str(lit)
    return found


def _split(iri: str) -> tuple[str, str, str] | None:
    """'…/id/finding/F1/regulation/2' -> ('finding', 'F1', '/regulation/2'); None if not ours."""
    if not iri.startswith(BASE):
        return None
    kind, _, tail = iri[len(BASE) :].partition("/")
    ident, slash, sub = tail.partition("/")
    return kind, ident, slash + sub


def copy_iri(iri: str, k: int) -> str:
    """The IRI of ``iri`` in copy ``k`` (shared kinds and foreign IRIs unchanged)."""
    parts = _split(iri)
    if k == 0 or parts is None or parts[0] in SHARED_KINDS or not parts[1]:
        return iri
    kind, ident, sub = parts
    return f"{BASE}{kind}/{ident}.s{k}{sub}"


@dataclass
class Template:
    ontology: list[Triple]
    shared: list[Triple]
    units: dict[str, list[Triple]]  # root IRI -> its triples (a record and its sub-nodes)
    finding_roots: list[str]

    @property
    def per_copy(self) -> int:
        return sum(len(v) for v in self.units.values())


def load_template() -> Template:
    """The real release, as sorted term tuples: ontology (canonical blank nodes), shared, units."""
    from rdflib.compare import to_canonical_graph

    from mscexo_ld.curation import load_corpus
    from mscexo_ld.rdf.build import build_data_graph, load_ontology

    data = build_data_graph(load_corpus())
    ontology = sorted((_term(s), _term(p), _term(o)) for s, p, o in to_canonical_graph(load_ontology()))
    shared: list[Triple] = []
    units: dict[str, list[Triple]] = {}
    for s, p, o in sorted(((_term(s), _term(p), _term(o)) for s, p, o in data), key=repr):
        parts = _split(s[1]) if s[0] == "I" else None
        if parts is None or parts[0] in SHARED_KINDS or not parts[1]:
            shared.append((s, p, o))
            continue
        root = f"{BASE}{parts[0]}/{parts[1]}"
        units.setdefault(root, []).append((s, p, o))
    findings = sorted(r for r in units if r.startswith(BASE + "finding/"))
    return Template(ontology, shared, units, findings)


@dataclass
class Synthetic:
    target: int
    seed: int
    full_copies: int = 0
    partial_findings: int = 0
    triples: int = 0
    sha256: str = ""
    expected_violations: list[tuple[str, str, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "target": self.target,
            "seed": self.seed,
            "full_copies": self.full_copies,
            "partial_findings": self.partial_findings,
            "triples": self.triples,
            "sha256": self.sha256,
            "expected_violations": [list(v) for v in self.expected_violations],
        }


class _Injector:
    """Picks the records of the last full copy that get a known violation; edits their triples."""

    def __init__(self, tpl: Template, copy: int):
        self.copy = copy
        f = tpl.finding_roots
        self.no_quote = f[0]
        self.wrong_condition = f[1 % len(f)]
        self.lang_note = f[2 % len(f)]
        regs = sorted(
            s[1] for root in f for s, p, o in tpl.units[root] if p == ("I", RDF_TYPE) and o == ("I", M + "Regulation")
        )
        self.bad_direction = regs[0]
        # A regulation whose regulator is a miRNA, so the regulated end's sh:or still passes.
        cargo = {
            s[1] for u in tpl.units.values() for s, p, o in u if p == ("I", RDF_TYPE) and o == ("I", M + "MicroRNA")
        }
        self.self_regulation = next(
            s[1]
            for root in f
            for s, p, o in tpl.units[root]
            if p == ("I", M + "regulator") and o[1] in cargo and s[1] != self.bad_direction
        )
        self.gene = sorted(r for r in tpl.units if r.startswith(BASE + "gene/"))[0]

    def expected(self) -> list[tuple[str, str, str]]:
        c = lambda iri: copy_iri(iri, self.copy)  # noqa: E731
        dup = f"{BASE}reference/109.dup"
        return sorted(
            [
                (c(self.no_quote), M + "evidenceQuote", SH + "MinCountConstraintComponent"),
                (c(self.wrong_condition), M + "condition", SH + "ClassConstraintComponent"),
                (c(self.lang_note), M + "curatorNote", SH + "DatatypeConstraintComponent"),
                (c(self.bad_direction), M + "direction", SH + "InConstraintComponent"),
                (c(self.self_regulation), M + "regulator", SH + "DisjointConstraintComponent"),
                # UniqueReferenceNumber: a sequence path (number, then back to references), maxCount 1
                (f"{BASE}reference/109", "complex-path", SH + "MaxCountConstraintComponent"),
                (dup, "complex-path", SH + "MaxCountConstraintComponent"),
            ]
        )

    def edit(self, s: Term, p: Term, o: Term) -> list[Triple]:
        """The triples that replace one template triple of the injection copy."""
        subj = s[1]
        if subj == self.no_quote and p == ("I", M + "evidenceQuote"):
            return []
        if subj == self.wrong_condition and p == ("I", M + "condition"):
            return [(s, p, ("I", self.gene))]
        if subj == self.bad_direction and p == ("I", M + "direction"):
            return [(s, p, ("I", M + "Unknown"))]
        if subj == self.self_regulation and p == ("I", M + "regulated"):
            return []  # replaced by the regulator, below
        out = [(s, p, o)]
        if subj == self.self_regulation and p == ("I", M + "regulator"):
            out.append((s, ("I", M + "regulated"), o))
        if subj == self.lang_note and p == ("I", RDF_TYPE):
            out.append((s, ("I", M + "curatorNote"), ("L", "an injected note with a language tag", None, "en")))
        return out

    @staticmethod
    def extra() -> list[Triple]:
        dup = ("I", f"{BASE}reference/109.dup")
        return [
            (dup, ("I", RDF_TYPE), ("I", M + "Reference")),
            (dup, ("I", RDFS_LABEL), ("L", "Reference [109] again (injected duplicate)", None, None)),
            (dup, ("I", M + "referenceNumber"), ("L", "109", XSD_INTEGER, None)),
        ]


def generate(
    target: int,
    seed: int = DEFAULT_SEED,
    *,
    inject: bool = True,
    template: Template | None = None,
    meta: Synthetic | None = None,
) -> Iterator[Triple]:
    """Yield the synthetic triples (about ``target`` of them: at least one full copy)."""
    tpl = template or load_template()
    rng = random.Random(seed)
    fixed = len(tpl.ontology) + len(tpl.shared) + (3 if inject else 0)
    full = max(1, (target - fixed) // tpl.per_copy)
    meta = meta if meta is not None else Synthetic(target, seed)
    meta.full_copies = full
    injector = _Injector(tpl, full - 1) if inject else None
    count = 0

    def entity_copy(k: int) -> int:
        return k if k < full else rng.randrange(full)

    def emit_unit(root: str, k: int) -> Iterator[Triple]:
        for s, p, o in tpl.units[root]:
            s2 = ("I", copy_iri(s[1], k))
            if (
                p == ("I", M + "curatorNote")
                and k > 0
                and root.startswith(BASE + "finding/")
                and rng.random() < DROP_NOTE_P
            ):
                continue
            if (
                o[0] == "I"
                and p[1] not in STRUCTURAL
                and (parts := _split(o[1])) is not None
                and parts[0] not in SHARED_KINDS
                and parts[0] != "finding"
            ):
                j = entity_copy(k)
                if rng.random() < REWIRE_P and full > 1:
                    j = rng.randrange(full)
                o2 = ("I", copy_iri(o[1], j))
            elif o[0] == "I":
                o2 = ("I", copy_iri(o[1], k))
            else:
                o2 = o
            if injector is not None and k == injector.copy:
                # the injector works on template IRIs for the subject, copy IRIs for the rest
                for s3, p3, o3 in injector.edit(s, p, o2):
                    yield (("I", copy_iri(s3[1], k)), p3, o3)
            else:
                yield (s2, p, o2)

    for t in tpl.ontology:
        count += 1
        yield t
    for t in tpl.shared:
        count += 1
        yield t
    if injector is not None:
        for t in injector.extra():
            count += 1
            yield t
        meta.expected_violations = injector.expected()
    roots = sorted(tpl.units)
    for k in range(full):
        for root in roots:
            for t in emit_unit(root, k):
                count += 1
                yield t
    partial, k = 0, full
    while count < target:  # partial copies: whole findings (with their sub-nodes), in seeded order
        order = list(tpl.finding_roots)
        rng.shuffle(order)
        for root in order:
            if count >= target:
                break
            for t in emit_unit(root, k):
                count += 1
                yield t
            partial += 1
        k += 1
    meta.partial_findings = partial
    meta.triples = count


def write_ntriples(
    path: Path, target: int, seed: int = DEFAULT_SEED, *, inject: bool = True, template: Template | None = None
) -> Synthetic:
    """Write the synthetic graph to ``path`` as N-Triples, streaming; return its description."""
    meta = Synthetic(target, seed)
    cache: dict = {}
    digest = hashlib.sha256()
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        buf: list[str] = []
        for s, p, o in generate(target, seed, inject=inject, template=template, meta=meta):
            buf.append(f"{nt_term(s, cache)} <{p[1]}> {nt_term(o, cache)} .\n")
            if len(buf) >= 10_000:
                chunk = "".join(buf)
                digest.update(chunk.encode("utf-8"))
                out.write(chunk)
                buf.clear()
        chunk = "".join(buf)
        digest.update(chunk.encode("utf-8"))
        out.write(chunk)
    meta.sha256 = digest.hexdigest()
    return meta
