"""Every bad curated input is caught with a clear message; build/ is left as it was: the one bad-input suite.

Why this module is long: it is a table of 98 cases, each with the exact messages it must give (the
safety net of the loader's wording); the harness that runs them, and the tests of the bounds
(special files, the size, value and problem caps), are the last 350 lines.

Each case changes one file of a copy of ``data/`` and lists the exact problems
``mscexo-ld build`` must report: file, line, record id, field, what was found and what was
expected. Lines are written as ``{line:TEXT}`` (the first line of the changed file holding
TEXT, after the change) or ``{line:FILE::TEXT}`` (in another file of the copy), so a case
keeps working when records above it move. Whole broken files live in ``tests/bad_input/``.

The cases driven through ``validate`` (identifiers, quotes) build the broken copy (it loads:
the loader does not know the term cache or the review's text) and expect ``validate`` to
exit 1 with the message and the curated origin.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mscexo_ld import constants as C
from mscexo_ld.cli import main
from mscexo_ld.curation import CurationError, load_corpus
from mscexo_ld.curation.yamlpos import MAX_FILE_BYTES
from mscexo_ld.exits import EXIT_INPUT, EXIT_INVALID

FIXTURES = Path(__file__).parent / "bad_input"
SOURCE = C.source_text_path()
CV = "findings/cardiovascular.yaml"
GENE = "entities/gene.yaml"
CARGO = "entities/cargo.yaml"


# ----------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class Change:
    """How a case breaks its file: ``apply(path)``; ``how`` says it in words (for the test id)."""

    how: str
    apply: Callable[[Path], object]


def replace(old: str, new: str) -> Change:
    def apply(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture text {old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return Change(f"replace {old!r} by {new!r}", apply)


def fixture(name: str) -> Change:
    return Change(f"write tests/bad_input/{name}", lambda path: path.write_bytes((FIXTURES / name).read_bytes()))


def write(content: str | bytes) -> Change:
    def apply(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    return Change(f"write {content[:40]!r}", apply)


def transform(how: str, fn: Callable[[bytes], bytes]) -> Change:
    return Change(how, lambda path: path.write_bytes(fn(path.read_bytes())))


def huge(size: int) -> Change:
    """A file of ``size`` bytes of real records, repeated (what a wrong export would look like)."""

    def apply(path: Path) -> None:
        block = (path.parent / "cardiovascular.yaml").read_bytes()
        with path.open("wb") as fh:
            for _ in range(size // len(block) + 1):
                fh.write(block)

    return Change(f"write {size:,} bytes", apply)


def fifo() -> Change:
    """A named pipe where a curated file should be: nobody ever writes into it."""
    return Change("make a FIFO", os.mkfifo)


def symlink(target: str | Path) -> Change:
    """A symbolic link to ``target`` (relative to the link's folder, or absolute)."""
    return Change(f"link to {target}", lambda path: path.symlink_to(target))


def folder() -> Change:
    return Change("make a folder", lambda path: path.mkdir())


def symlink_to_fifo_inside(name: str) -> Change:
    """A FIFO inside the data folder (not named *.yaml, so not read itself) and a link to it."""

    def apply(path: Path) -> None:
        os.mkfifo(path.parent.parent / name)
        path.symlink_to(Path("..") / name)

    return Change(f"link to a FIFO ../{name}", apply)


# ----------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    id: str
    category: str
    file: str  # relative to the copy of data/
    change: Change
    expected: tuple[str, ...]  # every problem reported, exactly (str(Problem)); {line:...} placeholders
    check: str = "build"  # "build": the loader rejects it; or a validate check: "identifiers", "quotes", "shacl"


LINE_OF_F109 = "{line:- id: F109}"
PTEN_RECORD = '- id: PTEN\n  label: PTEN\n  mappings:\n    - {curie: "HGNC:9588", match: exact}\n'
PTEN_AGAIN = '- id: PTEN\n  label: PTEN\n  mappings:\n    - {curie: "HGNC:9588", match: exact}\n\n'
CASES: list[Case] = [
    # --- YAML syntax
    Case(
        "unclosed-flow-list",
        "yaml-syntax",
        CV,
        replace("- id: F109\n", "- id: [F109\n"),
        (
            "data/findings/cardiovascular.yaml:{line:statement: miR-486-5p carried}: record F109: YAML syntax error: "
            "expected ',' or ']', but got ':' at column 12 (while parsing a flow sequence at line {line:- id: [F109})",
        ),
    ),
    Case(
        "colon-space-in-plain-value",
        "yaml-syntax",
        CV,
        replace("  statement: miR-486-5p carried", "  statement: Result: miR-486-5p carried"),
        (
            "data/findings/cardiovascular.yaml:{line:statement: Result:}: record F109: YAML syntax error: "
            "mapping values are not allowed here at column 20",
        ),
    ),
    Case(
        "field-indented-too-far",
        "yaml-syntax",
        CV,
        replace("  references: [109]\n  organ_system", "  references: [109]\n   organ_system"),
        (
            "data/findings/cardiovascular.yaml:{line:   organ_system}: record F109: YAML syntax error: expected the "
            "end of "
            "an indented block, but found a more-indented field at column 4 (while parsing a block mapping at line "
            f"{LINE_OF_F109}); check the indentation",
        ),
    ),
    Case(
        "record-without-dash",
        "yaml-syntax",
        CV,
        replace("- id: F109\n", "id: F109\n"),
        (
            "data/findings/cardiovascular.yaml:{line:id: F109}: record F109: YAML syntax error: expected the end of an "
            "indented block, but found a field name at column 1 (while parsing a block collection at line "
            "{line:- id: F72}); check the indentation",
        ),
    ),
    Case(
        "two-documents",
        "yaml-syntax",
        "entities/species.yaml",
        fixture("multi-document.yaml"),
        (
            "data/entities/species.yaml:{line:---}: YAML syntax error: found another document at column 1; "
            "expected a single document in the stream",
        ),
    ),
    Case(
        "python-tag",
        "yaml-syntax",
        "findings/zz-tag.yaml",
        fixture("python-tag.yaml"),
        (
            "data/findings/zz-tag.yaml:{line:statement}: record F-tag: found the YAML tag "
            "'tag:yaml.org,2002:python/object/apply:os.system'; expected plain values without tags",
        ),
    ),
    Case(
        "key-given-twice",
        "yaml-syntax",
        GENE,
        replace("- id: PTEN\n  label: PTEN\n", "- id: PTEN\n  label: PTEN\n  label: PTEN\n"),
        (
            "data/entities/gene.yaml:{line:- id: PTEN}+2: record PTEN: field 'label': key given twice in one record "
            "(first at line {line:- id: PTEN}+1); expected each field once",
        ),
    ),
    # --- tabs, BOM, encodings, control characters
    Case(
        "tab-indentation",
        "tabs",
        "entities/outcome.part.yaml",
        fixture("tab-indented.yaml"),
        (
            "data/entities/outcome.part.yaml:2: record reduced-fibrosis-tabbed: found '\\t' (U+0009 CHARACTER "
            "TABULATION "
            "(tab)) at column 1; expected spaces: YAML indentation and values use spaces, never tabs",
            "data/entities/outcome.part.yaml:3: record reduced-fibrosis-tabbed: found '\\t' (U+0009 CHARACTER "
            "TABULATION "
            "(tab)) at column 1; expected spaces: YAML indentation and values use spaces, never tabs",
        ),
    ),
    Case(
        "tab-in-a-value",
        "tabs",
        GENE,
        replace("  label: PTEN\n", '  label: "PT\tEN"\n'),
        (
            "data/entities/gene.yaml:{line:PT\tEN}: record PTEN: field 'label': found '\\t' (U+0009 CHARACTER "
            "TABULATION (tab)) at column 13; expected spaces: YAML indentation and values use spaces, never tabs",
        ),
    ),
    Case(
        "byte-order-mark",
        "encoding",
        "entities/species.yaml",
        transform("prepend a UTF-8 BOM", lambda b: b"\xef\xbb\xbf" + b),
        (
            "data/entities/species.yaml:1: found '\\ufeff' (U+FEFF ZERO WIDTH NO-BREAK SPACE) at column 1; expected "
            "UTF-8 "
            "without a byte-order mark: save the file as UTF-8 without BOM",
        ),
    ),
    Case(
        "latin-1",
        "encoding",
        GENE,
        transform("write 'PTÉN' in Latin-1", lambda b: b.replace(b"label: PTEN", b"label: PT\xc9N", 1)),
        (
            "data/entities/gene.yaml:{line:- id: PTEN}+1: record PTEN: not UTF-8: byte 0xc9 at offset {offset:label: "
            "PT} "
            "(column 12); expected UTF-8 text (was the file saved as Latin-1 or Windows-1252?)",
        ),
    ),
    Case(
        "utf-16",
        "encoding",
        "entities/species.yaml",
        transform("re-encode as UTF-16", lambda b: b.decode("utf-8").encode("utf-16")),
        (
            "data/entities/species.yaml:1: found UTF-16 (little-endian) text (byte-order mark FF FE); expected UTF-8: "
            "save the file as UTF-8",
        ),
    ),
    Case(
        "nul-byte",
        "control-character",
        GENE,
        replace("  label: PTEN\n", "  label: PT\x00EN\n"),
        (
            "data/entities/gene.yaml:{line:- id: PTEN}+1: record PTEN: found '\\x00' (U+0000 NULL) at column 12; "
            "expected printable text: delete the control character",
        ),
    ),
    Case(
        "escape-character",
        "control-character",
        CV,
        replace("suppressed PTEN, activated", "suppressed PTEN,\x1b[0m activated"),
        (
            "data/findings/cardiovascular.yaml:{line:statement: miR-486-5p carried}: record F109: found '\\x1b' "
            "(U+001B "
            "ESCAPE) at column {column:\x1b}; expected printable text: delete the control character",
        ),
    ),
    # --- empty, wrong shape, size, structure bombs
    Case(
        "empty-file",
        "file-shape",
        "entities/species.yaml",
        write(""),
        ("data/entities/species.yaml: empty file; expected a YAML list of records",),
    ),
    Case(
        "comments-only",
        "file-shape",
        "entities/species.yaml",
        fixture("comments-only.yaml"),
        ("data/entities/species.yaml: no YAML document (only comments); expected a YAML list of records",),
    ),
    Case(
        "top-level-mapping",
        "file-shape",
        "entities/species.yaml",
        fixture("top-level-mapping.yaml"),
        (
            "data/entities/species.yaml:1: record human: found a mapping (with keys id, label, mappings): start each "
            "record "
            "with '- '; expected a YAML list of records",
        ),
    ),
    Case(
        "record-is-a-string",
        "file-shape",
        "entities/outcome.part.yaml",
        write("- reduced-fibrosis\n"),
        ("data/entities/outcome.part.yaml:1: found 'reduced-fibrosis'; expected a record (a mapping of fields)",),
    ),
    Case(
        "huge-file",
        "file-shape",
        "findings/zz-huge.yaml",
        huge(50 * 2**20),
        (
            "data/findings/zz-huge.yaml: found a file of {size} bytes; expected at most 20,971,520 bytes (20 MiB) per "
            "curated file: it was not read. Split it (KIND.part.yaml) or check that it is the right file",
        ),
    ),
    Case(
        "billion-laughs",
        "file-shape",
        "findings/zz-bomb.yaml",
        fixture("billion-laughs.yaml"),
        (
            "data/findings/zz-bomb.yaml:{line:b: &b}: record F-bomb: found the YAML alias '*a'; expected plain values: "
            "anchors and aliases (&name, *name, <<) are not allowed in curated input (write each value out)",
        ),
    ),
    Case(
        "deep-nesting",
        "file-shape",
        "findings/zz-deep.yaml",
        fixture("deep-nesting.yaml"),
        (
            "data/findings/zz-deep.yaml:{line:notes:}: record F-deep: found YAML nested deeper than 20 levels; "
            "expected a "
            "list of records with fields",
        ),
    ),
    Case(
        "yml-extension",
        "file-shape",
        "findings/zz-extra.yml",
        fixture("duplicate-finding.yaml"),
        (
            "data/findings/zz-extra.yml: found a '.yml' file, which is not read; expected findings/*.yaml (rename it "
            "to "
            "zz-extra.yaml)",
        ),
    ),
    Case(
        "entity-file-in-data-root",
        "file-shape",
        "gene.yaml",
        fixture("gene.part.yaml"),
        (
            "data/gene.yaml: found a YAML file that is not read here; expected only references.yaml or "
            "references.<part>.yaml in the data folder (entities go in entities/, findings in findings/, tables in "
            "tables/)",
        ),
    ),
    # --- missing required fields
    Case(
        "missing-statement",
        "missing-field",
        CV,
        replace(
            "  statement: miR-486-5p carried by bone marrow MSC-Exos suppressed PTEN, activated PI3K/AKT signalling "
            "and inhibited apoptosis of H9C2 cardiomyocytes injured by hypoxia/reoxygenation.\n",
            "",
        ),
        (
            f"data/findings/cardiovascular.yaml:{LINE_OF_F109}: record F109: field 'statement': missing required field "
            "'statement'; expected a non-empty string",
        ),
    ),
    Case(
        "missing-label",
        "missing-field",
        GENE,
        replace("- id: PTEN\n  label: PTEN\n", "- id: PTEN\n"),
        (
            "data/entities/gene.yaml:{line:- id: PTEN}: record PTEN: field 'label': missing required field 'label'; "
            "expected a non-empty string",
        ),
    ),
    Case(
        "missing-direction",
        "missing-field",
        CV,
        replace("      regulated: gene:PTEN\n      direction: decreases\n", "      regulated: gene:PTEN\n"),
        (
            "data/findings/cardiovascular.yaml:{line:regulator: cargo:miR-486-5p}: record F109: field "
            "'regulations[1].direction': missing required field 'direction'; expected one of: increases, decreases",
        ),
    ),
    Case(
        "missing-cargo-type",
        "missing-field",
        CARGO,
        replace("  label: miR-486-5p\n  type: MicroRNA\n", "  label: miR-486-5p\n"),
        (
            "data/entities/cargo.yaml:{line:- id: miR-486-5p}: record miR-486-5p: field 'type': missing required field "
            "'type'; expected one of: MicroRNA, LongNonCodingRNA, Protein, SmallMolecule",
        ),
    ),
    Case(
        "empty-condition",
        "missing-field",
        CV,
        replace(
            "  condition: myocardial-ischemia-reperfusion-injury\n  msc_sources: [bone-marrow]\n  cargo: [miR-486-5p]",
            "  condition:\n  msc_sources: [bone-marrow]\n  cargo: [miR-486-5p]",
        ),
        (
            "data/findings/cardiovascular.yaml:{line:  condition:\n}: record F109: field 'condition': found an empty "
            "value "
            "(null); expected an id of ASCII letters, digits, '.', '_' or '-' (pattern ^[A-Za-z0-9][A-Za-z0-9._-]*$)",
        ),
    ),
    # --- wrong types
    Case(
        "reference-as-string",
        "wrong-type",
        CV,
        replace("references: [109]", "references: ['109']"),
        (
            "data/findings/cardiovascular.yaml:{line:references: ['109']}: record F109: field 'references': found "
            "['109']; "
            "expected a list of reference numbers from 1 to 173 (an empty list only with uncited: true)",
        ),
    ),
    Case(
        "sources-not-a-list",
        "wrong-type",
        CV,
        replace(
            "  msc_sources: [bone-marrow]\n  cargo: [miR-486-5p]", "  msc_sources: bone-marrow\n  cargo: [miR-486-5p]"
        ),
        (
            "data/findings/cardiovascular.yaml:{line:msc_sources: bone-marrow}: record F109: field 'msc_sources': "
            "found "
            "'bone-marrow'; expected a list of ids",
        ),
    ),
    Case(
        "inferred-as-string",
        "wrong-type",
        CV,
        replace(
            "      regulated: gene:PTEN\n      direction: decreases\n",
            "      regulated: gene:PTEN\n      direction: decreases\n      inferred: 'yes'\n      note: read from the "
            "figure\n",
        ),
        (
            "data/findings/cardiovascular.yaml:{line:inferred: 'yes'}: record F109: field 'regulations[1].inferred': "
            "found "
            "'yes'; expected true or false",
        ),
    ),
    Case(
        "label-read-as-boolean",
        "wrong-type",
        "entities/species.yaml",
        replace("  label: Sus scrofa\n", "  label: no\n"),
        (
            "data/entities/species.yaml:{line:label: no}: record pig: field 'label': found False; expected a non-empty "
            "string (YAML reads this unquoted value as a boolean: put it in quotes)",
        ),
    ),
    Case(
        "invalid-date",
        "wrong-type",
        "entities/species.yaml",
        replace("  label: Sus scrofa\n", "  label: 2020-13-45\n"),
        (
            "data/entities/species.yaml:{line:2020-13-45}: record pig: found '2020-13-45', which YAML reads as a date "
            "but "
            "is not a valid one (month must be in 1..12); expected a valid value, or quotes around it if it is text",
        ),
    ),
    Case(
        "regulations-as-mapping",
        "wrong-type",
        CV,
        replace(
            "  regulations:\n    - regulator: cargo:miR-486-5p\n      regulated: gene:PTEN\n      direction: "
            "decreases\n    - regulator: cargo:miR-486-5p\n      regulated: mechanism:PI3K-AKT-signaling",
            "  regulations:\n      regulator: cargo:miR-486-5p\n      regulated: gene:PTEN\n      direction: "
            "decreases\n  regulations_more:\n    - regulator: cargo:miR-486-5p\n      regulated: "
            "mechanism:PI3K-AKT-signaling",
        ),
        (
            "data/findings/cardiovascular.yaml:{line:regulator: cargo:miR-486-5p}-1: record F109: field "
            "'regulations': found "
            "{'regulator': 'cargo:miR-486-5p', 'regulated': 'gene:PTEN', 'direction': 'decreases'}; expected a list of "
            "mappings with fields regulator, regulated, direction, inferred, note, form, against_expectation",
            "data/findings/cardiovascular.yaml:{line:regulations_more}: record F109: field 'regulations_more': "
            "unknown field "
            "'regulations_more'; did you mean 'regulations'? Expected one of: id, statement, references, agent, "
            "organ_system, condition, msc_sources, donor_species, modifications, cargo, regulations, models, outcomes, "
            "quote, notes, evidence_types, system_not_stated, uncited, involvements",
        ),
    ),
    Case(
        "number-as-text",
        "wrong-type",
        "tables/ev-types.yaml",
        replace("diameter_min_nm: 30\n", "diameter_min_nm: 30 nm\n"),
        (
            "data/tables/ev-types.yaml:{line:diameter_min_nm: 30 nm}: record exosome: field 'diameter_min_nm': found "
            "'30 nm'; expected a non-negative number",
        ),
    ),
    Case(
        "min-above-max",
        "wrong-type",
        "tables/ev-types.yaml",
        replace("diameter_min_nm: 30\n", "diameter_min_nm: 300\n"),
        (
            "data/tables/ev-types.yaml:{line:diameter_min_nm: 300}: record exosome: field 'diameter_min_nm': found "
            "diameter_min_nm 300 above diameter_max_nm 100; expected min <= max",
        ),
    ),
    # --- unknown field names
    Case(
        "typo-in-finding-field",
        "unknown-field",
        CV,
        replace(
            "  organ_system: cardiovascular\n  condition: myocardial-ischemia-reperfusion-injury\n  msc_sources: "
            "[bone-marrow]\n  cargo: [miR-486-5p]",
            "  organ_sytem: cardiovascular\n  condition: myocardial-ischemia-reperfusion-injury\n  msc_sources: "
            "[bone-marrow]\n  cargo: [miR-486-5p]",
        ),
        (
            f"data/findings/cardiovascular.yaml:{LINE_OF_F109}: record F109: field 'organ_system': missing required "
            "field "
            "'organ_system'; expected an id of ASCII letters, digits, '.', '_' or '-' (pattern "
            "^[A-Za-z0-9][A-Za-z0-9._-]*$)",
            "data/findings/cardiovascular.yaml:{line:organ_sytem}: record F109: field 'organ_sytem': unknown field "
            "'organ_sytem'; did you mean 'organ_system'? Expected one of: id, statement, references, agent, "
            "organ_system, "
            "condition, msc_sources, donor_species, modifications, cargo, regulations, models, outcomes, quote, notes, "
            "evidence_types, system_not_stated, uncited, involvements",
        ),
    ),
    Case(
        "typo-in-regulation-field",
        "unknown-field",
        CV,
        replace(
            "      regulated: gene:PTEN\n      direction: decreases\n",
            "      regulated: gene:PTEN\n      directon: decreases\n",
        ),
        (
            "data/findings/cardiovascular.yaml:{line:regulator: cargo:miR-486-5p}: record F109: field "
            "'regulations[1].direction': missing required field 'direction'; expected one of: increases, decreases",
            "data/findings/cardiovascular.yaml:{line:directon}: record F109: field 'regulations[1].directon': unknown "
            "field "
            "'directon'; did you mean 'direction'? Expected one of: regulator, regulated, direction, inferred, note, "
            "form, against_expectation",
        ),
    ),
    Case(
        "typo-in-mapping-field",
        "unknown-field",
        GENE,
        replace('{curie: "HGNC:9588", match: exact}', '{curie: "HGNC:9588", mtach: exact}'),
        (
            "data/entities/gene.yaml:{line:mtach}: record PTEN: field 'mappings.mtach': unknown field 'mtach'; did "
            "you mean "
            "'match'? Expected one of: curie, match",
            "data/entities/gene.yaml:{line:mtach}: record PTEN: field 'mappings.match': missing required field "
            "'match'; "
            "expected one of: exact, close",
        ),
    ),
    Case(
        "typo-in-entity-file-name",
        "unknown-field",
        "entities/genes.yaml",
        fixture("gene.part.yaml"),
        (
            "data/entities/genes.yaml: unknown entity kind 'genes'; did you mean 'gene.yaml'? Expected one of: "
            "gene.yaml, "
            "cargo.yaml, mechanism.yaml, agent.yaml, condition.yaml, organ-system.yaml, msc-source.yaml, species.yaml, "
            "model.yaml, outcome.yaml, marker.yaml, cell-type.yaml, evidence-type.yaml",
        ),
    ),
    Case(
        "typo-in-table-file-name",
        "unknown-field",
        "tables/ev-type.yaml",
        write("- id: x\n"),
        (
            "data/tables/ev-type.yaml: unknown table 'ev-type'; did you mean 'ev-types.yaml'? Expected one of: "
            "ev-types.yaml, isolation-methods.yaml, clinical-trials.yaml, isct-criteria.yaml, "
            "characterization-methods.yaml, lists.yaml",
        ),
    ),
    # --- duplicate ids
    Case(
        "duplicate-finding-id-same-file",
        "duplicate-id",
        CV,
        replace("- id: F110\n", "- id: F109\n"),
        (
            "data/findings/cardiovascular.yaml:{line:statement: Bone marrow MSC-Exos loaded with miR-125b}-1: record "
            "F109: "
            f"field 'id': found finding id 'F109' again; expected each finding id once (first defined at "
            f"data/findings/cardiovascular.yaml:{LINE_OF_F109})",
        ),
    ),
    Case(
        "duplicate-finding-id-across-files",
        "duplicate-id",
        "findings/zz-duplicate.yaml",
        fixture("duplicate-finding.yaml"),
        (
            "data/findings/zz-duplicate.yaml:1: record F109: field 'id': found finding id 'F109' again; expected each "
            "finding id once (first defined at "
            "data/findings/cardiovascular.yaml:{line:findings/cardiovascular.yaml::- id: F109})",
        ),
    ),
    Case(
        "duplicate-entity-id-same-file",
        "duplicate-id",
        GENE,
        replace("- id: SIRT1\n", PTEN_AGAIN + "- id: SIRT1\n"),
        (
            "data/entities/gene.yaml:{line:- id: SIRT1}-5: record PTEN: field 'id': found id 'PTEN' again; expected "
            "each id "
            "once in entities/gene.yaml (first defined at data/entities/gene.yaml:{line:- id: PTEN})",
        ),
    ),
    Case(
        "duplicate-entity-id-across-split-files",
        "duplicate-id",
        "entities/gene.part.yaml",
        fixture("gene.part.yaml"),
        (
            "data/entities/gene.yaml:{line:entities/gene.yaml::- id: PTEN}: record PTEN: field 'id': found id 'PTEN' "
            "again; "
            "expected each id once across the gene files (first defined at data/entities/gene.part.yaml:2)",
        ),
    ),
    Case(
        "duplicate-reference-number-across-split-files",
        "duplicate-id",
        "references.part.yaml",
        fixture("references.part.yaml"),
        (
            "data/references.part.yaml:1: record 109: field 'number': found reference number 109 again; expected each "
            "number once (first defined at data/references.yaml:{line:references.yaml::- number: 109})",
        ),
    ),
    # --- dangling references
    Case(
        "dangling-gene",
        "dangling-reference",
        CV,
        replace("regulated: gene:PTEN", "regulated: gene:PTNE"),
        (
            "data/findings/cardiovascular.yaml:{line:gene:PTNE}: record F109: field 'regulations[1].regulated': found "
            "'PTNE', which is not an id in entities/gene.yaml; did you mean 'PTEN'?",
        ),
    ),
    Case(
        "dangling-condition",
        "dangling-reference",
        CV,
        replace(
            "  condition: myocardial-ischemia-reperfusion-injury\n  msc_sources: [bone-marrow]\n  cargo: [miR-486-5p]",
            "  condition: myocardial-infarct\n  msc_sources: [bone-marrow]\n  cargo: [miR-486-5p]",
        ),
        (
            "data/findings/cardiovascular.yaml:{line:condition: myocardial-infarct}: record F109: field 'condition': "
            "found "
            "'myocardial-infarct', which is not an id in entities/condition.yaml; did you mean "
            "'myocardial-infarction'?",
        ),
    ),
    Case(
        "dangling-organism",
        "dangling-reference",
        "entities/model.yaml",
        replace("  model_kind: in_vitro\n  organism: human\n", "  model_kind: in_vitro\n  organism: humans\n"),
        (
            "data/entities/model.yaml:{line:organism: humans}: record EA-hy926: field 'organism': found 'humans', "
            "which is "
            "not an id in entities/species.yaml; did you mean 'human'?",
        ),
    ),
    Case(
        "reference-not-in-references-yaml",
        "dangling-reference",
        "references.yaml",
        replace("- number: 109\n  first_author: Sun\n", ""),
        (
            "data/findings/cardiovascular.yaml:{line:findings/cardiovascular.yaml::references: [109]}: record F109: "
            "field "
            "'references': found reference 109, which is not in references.yaml; expected a number defined there",
        ),
    ),
    # --- values outside the allowed ones
    Case(
        "direction-not-allowed",
        "value",
        CV,
        replace(
            "      regulated: gene:PTEN\n      direction: decreases\n",
            "      regulated: gene:PTEN\n      direction: downregulates\n",
        ),
        (
            "data/findings/cardiovascular.yaml:{line:downregulates}: record F109: field 'regulations[1].direction': "
            "found "
            "'downregulates'; expected one of: increases, decreases",
        ),
    ),
    Case(
        "reference-number-174",
        "value",
        CV,
        replace("references: [109]", "references: [174]"),
        (
            "data/findings/cardiovascular.yaml:{line:references: [174]}: record F109: field 'references': found [174]; "
            "expected a list of reference numbers from 1 to 173 (an empty list only with uncited: true)",
        ),
    ),
    # The number was 109: the findings citing 109 are reported as well (the loader cannot know 0 meant 109).
    Case(
        "reference-number-0",
        "value",
        "references.yaml",
        replace("- number: 109\n", "- number: 0\n"),
        (
            "data/findings/cardiovascular.yaml:{line:findings/cardiovascular.yaml::references: [109]}: record F109: "
            "field "
            "'references': found reference 109, which is not in references.yaml; expected a number defined there",
            "data/references.yaml:{line:- number: 0}: record 0: field 'number': found 0; expected an integer reference "
            "number from 1 to 173",
        ),
    ),
    Case(
        "modification-type-not-allowed",
        "value",
        CV,
        replace("    - type: loading\n      agent: cargo:miR-125b", "    - type: loaded\n      agent: cargo:miR-125b"),
        (
            "data/findings/cardiovascular.yaml:{line:type: loaded}: record F110: field 'modifications[1].type': found "
            "'loaded'; expected one of: overexpression, knockdown, loading, pretreatment",
        ),
    ),
    Case(
        "regulated-kind-not-allowed",
        "value",
        CV,
        replace("regulated: gene:PTEN", "regulated: agent:msc-exos"),
        (
            "data/findings/cardiovascular.yaml:{line:regulated: agent:msc-exos}: record F109: field "
            "'regulations[1].regulated': found 'agent:msc-exos'; expected a prefixed entity reference KIND:ID with "
            "KIND one "
            "of gene, mechanism, cargo",
        ),
    ),
    Case(
        "regulates-itself",
        "value",
        CV,
        replace("regulated: gene:PTEN", "regulated: cargo:miR-486-5p"),
        (
            "data/findings/cardiovascular.yaml:{line:regulated: cargo:miR-486-5p}-1: record F109: field "
            "'regulations[1]': "
            "found cargo:miR-486-5p regulating itself; expected two different entities",
        ),
    ),
    Case(
        "inferred-without-note",
        "value",
        CV,
        replace(
            "      regulated: gene:PTEN\n      direction: decreases\n",
            "      regulated: gene:PTEN\n      direction: decreases\n      inferred: true\n",
        ),
        (
            "data/findings/cardiovascular.yaml:{line:regulated: gene:PTEN}-1: record F109: field "
            "'regulations[1].note': "
            "missing note; expected a note saying why the regulation is inferred",
        ),
    ),
    Case(
        "curie-prefix-not-in-index",
        "value",
        GENE,
        replace('"HGNC:9588"', '"hgnc.symbol:PTEN"'),
        (
            "data/entities/gene.yaml:{line:hgnc.symbol}: record PTEN: field 'mappings.curie': found prefix "
            "'hgnc.symbol' in "
            "'hgnc.symbol:PTEN'; expected one of: " + ", ".join(C.EXTERNAL_PREFIXES) + " (did you mean 'HGNC'?)",
        ),
    ),
    Case(
        "species-taxon-not-numeric",
        "value",
        "entities/species.yaml",
        replace('"NCBITaxon:9823"', '"NCBITaxon:pig"'),
        (
            "data/entities/species.yaml:{line:- id: pig}+3: record pig: field 'mappings': found NCBITaxon:pig (exact); "
            "expected exactly one exact NCBITaxon mapping (NCBITaxon:<digits>) for a species",
        ),
    ),
    Case(
        "quote-too-short",
        "value",
        CV,
        replace(
            "  quote: >-\n    In an MI/R injury model in which H9C2 cells are subjected to hypoxia/ reoxygenation,\n  "
            "  Sun et al[109] found that miR-486-5p carried by bone marrow-derived MSC-Exos suppressed\n    PTEN "
            "expression, activated the PI3K/AKT signaling pathway, and inhibited the apoptosis\n    of injured "
            "cardiomyocytes.\n",
            "  quote: Sun et al[109]\n",
        ),
        (
            "data/findings/cardiovascular.yaml:{line:quote: Sun et al[109]}: record F109: field 'quote': found "
            "'Sun et al[109]'; expected a verbatim excerpt of the review of at least 20 characters (found 14)",
        ),
    ),
    Case(
        "elision-marker-in-quote",
        "value",
        CV,
        replace("    of injured cardiomyocytes.\n", "    of injured […] cardiomyocytes.\n"),
        (
            "data/findings/cardiovascular.yaml:{line:quote: >-\n    In an MI/R}: record F109: field 'quote': found "
            "'In an MI/R injury model in which H9C2 cells are subjected to hypoxia/ reoxygenation, Sun et al[109] "
            "found "
            "that miR-486-5p carried by bone marrow-derived MSC-Exos suppressed PTEN expression, activated the "
            "PI3K/AKT "
            "signaling pathway, and inhibited the apoptosis of injured […] cardiomyocytes.'; expected excerpts without "
            "'[…]' (it joins the excerpts of a list)",
        ),
    ),
    Case(
        "no-source-without-note",
        "value",
        "findings/clinical.yaml",
        replace("  notes:\n    - >-\n      Organ system: GvHD", "  comments:\n    - >-\n      Organ system: GvHD"),
        (
            "data/findings/clinical.yaml:{line:msc_sources: []}: record F171: field 'msc_sources': found an empty "
            "list and "
            "no notes; expected at least one msc-source id, or notes saying why the text names no source",
            "data/findings/clinical.yaml:{line:comments:}: record F171: field 'comments': unknown field 'comments'; "
            "did you mean 'outcomes'? Expected one of: id, statement, references, agent, organ_system, condition, "
            "msc_sources, donor_species, modifications, cargo, regulations, models, outcomes, quote, notes, "
            "evidence_types, system_not_stated, uncited, involvements",
        ),
    ),
    # --- evidence (issue 15): evidence types, experimental system, uncited, involvements, forms
    Case(
        "evidence-type-missing",
        "evidence",
        CV,
        replace(
            "  outcomes: [reduced-cardiomyocyte-apoptosis]\n  evidence_types: [in-vitro]\n",
            "  outcomes: [reduced-cardiomyocyte-apoptosis]\n",
        ),
        (
            f"data/findings/cardiovascular.yaml:{LINE_OF_F109}: record F109: field 'evidence_types': missing "
            "required field 'evidence_types'; expected a non-empty list of ids",
        ),
    ),
    Case(
        "evidence-type-not-stated-with-another",
        "evidence",
        CV,
        replace(
            "  evidence_types: [in-vitro]\n  quote: >-\n    In an MI/R injury model",
            "  evidence_types: [in-vitro, not-stated]\n  quote: >-\n    In an MI/R injury model",
        ),
        (
            "data/findings/cardiovascular.yaml:{line:evidence_types: [in-vitro, not-stated]}: record F109: field "
            "'evidence_types': found 'not-stated' with other evidence types; expected 'not-stated' alone",
        ),
    ),
    Case(
        "evidence-type-unknown",
        "evidence",
        CV,
        replace(
            "  evidence_types: [in-vitro]\n  quote: >-\n    In an MI/R injury model",
            "  evidence_types: [in-vtro]\n  quote: >-\n    In an MI/R injury model",
        ),
        (
            "data/findings/cardiovascular.yaml:{line:evidence_types: [in-vtro]}: record F109: field "
            "'evidence_types': found 'in-vtro', which is not an id in entities/evidence-type.yaml; did you mean "
            "'in-vitro'?",
        ),
    ),
    Case(
        "models-missing-without-system-not-stated",
        "evidence",
        CV,
        replace("  models: [H9C2-hypoxia-reoxygenation]\n", ""),
        (
            f"data/findings/cardiovascular.yaml:{LINE_OF_F109}: record F109: field 'models': found no models and no "
            "system_not_stated; expected the experimental models the text states, or system_not_stated: true when it "
            "states none",
        ),
    ),
    Case(
        "references-empty-without-uncited",
        "evidence",
        CV,
        replace("references: [109]", "references: []"),
        (
            "data/findings/cardiovascular.yaml:{line:references: []}: record F109: field 'references': found an empty "
            "list; expected the review's reference number(s), or uncited: true for a result the review states with no "
            "number (never invent one)",
        ),
    ),
    Case(
        "uncited-with-references",
        "evidence",
        CV,
        replace("references: [109]", "references: [109]\n  uncited: true"),
        (
            "data/findings/cardiovascular.yaml:{line:uncited: true}: record F109: field 'uncited': found uncited: "
            "true with reference numbers; expected one or the other",
        ),
    ),
    Case(
        "involvement-phrase-not-in-quote",
        "evidence",
        CV,
        replace(
            "  evidence_types: [in-vitro]\n  quote: >-\n    In an MI/R injury model",
            "  involvements:\n    - involved: [mechanism:apoptosis]\n      phrase: via the Hippo pathway\n"
            "  evidence_types: [in-vitro]\n  quote: >-\n    In an MI/R injury model",
        ),
        (
            "data/findings/cardiovascular.yaml:{line:      phrase: via the Hippo pathway}: record F109: field "
            "'involvements[1].phrase': found 'via the Hippo pathway', which is not in the quote; expected the words "
            "as printed in the quote",
        ),
    ),
    Case(
        "involvement-of-a-regulation-that-does-not-exist",
        "evidence",
        CV,
        replace(
            "  evidence_types: [in-vitro]\n  quote: >-\n    In an MI/R injury model",
            "  involvements:\n    - involved: [gene:PTEN]\n      phrase: suppressed PTEN expression\n"
            "      regulation: 4\n  evidence_types: [in-vitro]\n  quote: >-\n    In an MI/R injury model",
        ),
        (
            "data/findings/cardiovascular.yaml:{line:    - involved: [gene:PTEN]}: record F109: field "
            "'involvements[1].regulation': found regulation 4; expected the number of one of the finding's 3 "
            "regulation(s)",
        ),
    ),
    Case(
        "regulation-form-unknown",
        "evidence",
        CV,
        replace(
            "      regulated: gene:PTEN\n      direction: decreases\n",
            "      regulated: gene:PTEN\n      direction: decreases\n      form: acetylated\n",
        ),
        (
            "data/findings/cardiovascular.yaml:{line:      form: acetylated}: record F109: field "
            "'regulations[1].form': found 'acetylated'; expected one of: phosphorylated, cleaved, activity, amount",
        ),
    ),
    Case(
        "against-expectation-without-note",
        "evidence",
        CV,
        replace(
            "      regulated: gene:PTEN\n      direction: decreases\n",
            "      regulated: gene:PTEN\n      direction: decreases\n      against_expectation: true\n",
        ),
        (
            "data/findings/cardiovascular.yaml:{line:regulator: cargo:miR-486-5p}: record F109: field "
            "'regulations[1].note': missing note; expected a note saying why the direction is against expectation",
        ),
    ),
    # --- Unicode look-alikes and invisible characters
    Case(
        "german-sharp-s-for-beta-in-gene-label",
        "unicode",
        GENE,
        replace("label: β-catenin", "label: ß-catenin"),
        (
            "data/entities/gene.yaml:{line:ß-catenin}: record CTNNB1: field 'label': found 'ß-catenin'; expected a "
            "label "
            "without look-alike characters; it contains 'ß' (U+00DF LATIN SMALL LETTER SHARP S) at character 1, which "
            "looks like 'β' (U+03B2 GREEK SMALL LETTER BETA): write that instead",
        ),
    ),
    Case(
        "german-sharp-s-for-beta-in-pathway-label",
        "unicode",
        "entities/mechanism.yaml",
        replace("label: Wnt/β-catenin signaling", "label: Wnt/ß-catenin signaling"),
        (
            "data/entities/mechanism.yaml:{line:Wnt/ß-catenin}: record Wnt-beta-catenin-signaling: field 'label': "
            "found "
            "'Wnt/ß-catenin signaling'; expected a label without look-alike characters; it contains 'ß' (U+00DF LATIN "
            "SMALL LETTER SHARP S) at character 5, which looks like 'β' (U+03B2 GREEK SMALL LETTER BETA): write that "
            "instead",
        ),
    ),
    Case(
        "en-dash-in-mirna-label",
        "unicode",
        CARGO,
        replace("label: miR-21a-5p", "label: miR–21a-5p"),
        (
            "data/entities/cargo.yaml:{line:miR–21a-5p}: record miR-21a-5p: field 'label': found 'miR–21a-5p'; "
            "expected a "
            "label without look-alike characters; it contains '–' (U+2013 EN DASH) at character 4, which looks like "
            "'-' "
            "(U+002D HYPHEN-MINUS): write that instead",
        ),
    ),
    Case(
        "em-dash-in-mirna-alt-label",
        "unicode",
        CARGO,
        replace('alt_labels: ["hsa-miR-21-5p"]', 'alt_labels: ["hsa-miR—21-5p"]'),
        (
            "data/entities/cargo.yaml:{line:hsa-miR—21-5p}: record miR-21a-5p: field 'alt_labels': found "
            "['hsa-miR—21-5p']; "
            "expected a label without look-alike characters; it contains '—' (U+2014 EM DASH) at character 8, which "
            "looks "
            "like '-' (U+002D HYPHEN-MINUS): write that instead (in 'hsa-miR—21-5p')",
        ),
    ),
    Case(
        "en-dash-in-cargo-reference",
        "unicode",
        CV,
        replace("  cargo: [miR-486-5p]", "  cargo: [miR–486-5p]"),
        (
            "data/findings/cardiovascular.yaml:{line:cargo: [miR–486-5p]}: record F109: field 'cargo': found "
            "['miR–486-5p']; "
            "expected a list of ids; 'miR–486-5p' is not an id of ASCII letters, digits, '.', '_' or '-' (pattern "
            "^[A-Za-z0-9][A-Za-z0-9._-]*$); it contains '–' (U+2013 EN DASH): write '-' (U+002D HYPHEN-MINUS)",
        ),
    ),
    Case(
        "cyrillic-letter-in-gene-label",
        "unicode",
        GENE,
        replace("- id: PTEN\n  label: PTEN\n", "- id: PTEN\n  label: PT\u0415N\n"),
        (
            "data/entities/gene.yaml:{line:- id: PTEN}+1: record PTEN: field 'label': found 'PT\u0415N'; expected a "
            "label "
            "without look-alike characters; it contains '\u0415' (U+0415 CYRILLIC CAPITAL LETTER IE) at character 3, "
            "which looks like 'E' (U+0045 LATIN CAPITAL LETTER E): write that instead",
        ),
    ),
    Case(
        "accented-letter-in-gene-label",
        "unicode",
        GENE,
        replace("- id: PTEN\n  label: PTEN\n", "- id: PTEN\n  label: PTÉN\n"),
        (
            "data/entities/gene.yaml:{line:- id: PTEN}+1: record PTEN: field 'label': found 'PTÉN'; expected a gene or "
            "cargo label of ASCII letters, digits and punctuation, or Greek lowercase letters; it contains 'É' (U+00C9 "
            "LATIN CAPITAL LETTER E WITH ACUTE) at character 3",
        ),
    ),
    Case(
        "non-breaking-space-in-statement",
        "unicode",
        CV,
        replace("suppressed PTEN, activated", "suppressed\u00a0PTEN, activated"),
        (
            "data/findings/cardiovascular.yaml:{line:statement: miR-486-5p carried}: record F109: field 'statement': "
            "found "
            "'\\xa0' (U+00A0 NO-BREAK SPACE) at column {column:\u00a0}; expected ordinary spaces (U+0020), not "
            "non-breaking spaces",
        ),
    ),
    Case(
        "zero-width-space-in-id",
        "unicode",
        GENE,
        replace("- id: PTEN\n", "- id: PT\u200bEN\n"),
        (
            "data/entities/gene.yaml:{line:\u200b}: record PT\\u200bEN: field 'id': found '\\u200b' (U+200B ZERO WIDTH "
            "SPACE) at column 9; expected no invisible (zero-width or format) characters: delete it",
        ),
    ),
    Case(
        "zero-width-joiner-in-quote",
        "unicode",
        CV,
        replace("PTEN expression, activated the", "PTEN expression,\u200d activated the"),
        (
            "data/findings/cardiovascular.yaml:{line:\u200d}: record F109: field 'quote': found '\\u200d' (U+200D ZERO "
            "WIDTH JOINER) at column {column:\u200d}; expected no invisible (zero-width or format) characters: delete "
            "it",
        ),
    ),
    Case(
        "soft-hyphen-in-field-name",
        "unicode",
        GENE,
        replace("- id: PTEN\n  label: PTEN\n", "- id: PTEN\n  la\u00adbel: PTEN\n"),
        (
            "data/entities/gene.yaml:{line:\u00ad}: record PTEN: field 'la\\xadbel': found '\\xad' (U+00AD SOFT "
            "HYPHEN) at "
            "column 5; expected no invisible (zero-width or format) characters: delete it",
        ),
    ),
    # --- the cases of the former loader suite (tests/test_load.py), now with their exact messages
    Case(
        "misspelt-quote-field",
        "unknown-field",
        CV,
        replace("  quote: >-\n    In an MI/R injury model", "  qoute: >-\n    In an MI/R injury model"),
        (
            f"data/findings/cardiovascular.yaml:{LINE_OF_F109}: record F109: field 'quote': missing required field "
            "'quote'; expected a verbatim excerpt of the review, or a list of excerpts",
            "data/findings/cardiovascular.yaml:{line:  qoute: >-}: record F109: field 'qoute': unknown field 'qoute'; "
            "did you mean 'quote'? Expected one of: id, statement, references, agent, organ_system, condition, "
            "msc_sources, donor_species, modifications, cargo, regulations, models, outcomes, quote, notes, "
            "evidence_types, system_not_stated, uncited, involvements",
        ),
    ),
    Case(
        "direction-as-verb",
        "value",
        CV,
        replace("      direction: decreases", "      direction: downregulates"),
        (
            "data/findings/cardiovascular.yaml:{line:direction: downregulates}: record F105: field "
            "'regulations[1].direction': found 'downregulates'; expected one of: increases, decreases",
        ),
    ),
    Case(
        "reference-number-190",
        "value",
        CV,
        replace("references: [109]", "references: [190]"),
        (
            "data/findings/cardiovascular.yaml:{line:references: [190]}: record F109: field 'references': found [190]; "
            "expected a list of reference numbers from 1 to 173 (an empty list only with uncited: true)",
        ),
    ),
    Case(
        "misspelt-gene-reference",
        "dangling-reference",
        CV,
        replace("regulated: gene:PTEN", "regulated: gene:PTNE"),
        (
            "data/findings/cardiovascular.yaml:{line:regulated: gene:PTNE}: record F109: field "
            "'regulations[1].regulated': found 'PTNE', which is not an id in entities/gene.yaml; did you mean 'PTEN'?",
        ),
    ),
    Case(
        "references-not-a-list",
        "wrong-type",
        CV,
        replace("references: [109]", "references: 109"),
        (
            "data/findings/cardiovascular.yaml:{line:references: 109\n}: record F109: field 'references': found 109; "
            "expected a list of reference numbers from 1 to 173 (an empty list only with uncited: true)",
        ),
    ),
    Case(
        "space-in-finding-id",
        "value",
        CV,
        replace("- id: F109\n", "- id: F 109\n"),
        (
            "data/findings/cardiovascular.yaml:{line:- id: F 109}: record F 109: field 'id': found 'F 109'; expected "
            "an id of ASCII letters, digits, '.', '_' or '-' (pattern ^[A-Za-z0-9][A-Za-z0-9._-]*$); it contains ' ' "
            "(U+0020 SPACE)",
        ),
    ),
    Case(
        "curie-prefix-of-another-registry",
        "value",
        GENE,
        replace('"HGNC:9588"', '"hgnc.symbol:PTEN"'),
        (
            "data/entities/gene.yaml:{line:hgnc.symbol:PTEN}: record PTEN: field 'mappings.curie': found prefix "
            "'hgnc.symbol' in 'hgnc.symbol:PTEN'; expected one of: CL, DOID, ECO, EFO, GO, HGNC, HP, MESH, MONDO, "
            "NCBITaxon, OBI, PATO, UBERON, cellosaurus, clinicaltrials, mirbase, mirbase.mature (did you mean 'HGNC'?)",
        ),
    ),
    Case(
        "match-not-allowed",
        "value",
        GENE,
        replace('{curie: "HGNC:9588", match: exact}', '{curie: "HGNC:9588", match: broad}'),
        (
            "data/entities/gene.yaml:{line:match: broad}: record PTEN: field 'mappings.match': found 'broad'; expected "
            "one of: exact, close",
        ),
    ),
    Case(
        "cargo-type-abbreviated",
        "value",
        CARGO,
        replace("type: LongNonCodingRNA", "type: lncRNA"),
        (
            "data/entities/cargo.yaml:{line:type: lncRNA}: record H19: field 'type': found 'lncRNA'; expected one of: "
            "MicroRNA, LongNonCodingRNA, Protein, SmallMolecule",
        ),
    ),
    Case(
        "non-breaking-space-in-gene-label",
        "unicode",
        GENE,
        replace("label: PTEN", "label: PT\u00a0EN"),
        (
            "data/entities/gene.yaml:{line:PT\u00a0EN}: record PTEN: field 'label': found '\\xa0' (U+00A0 NO-BREAK "
            "SPACE) at column 12; expected ordinary spaces (U+0020), not non-breaking spaces",
        ),
    ),
    Case(
        "latin-1-in-an-id",
        "encoding",
        GENE,
        transform("write 'PTéN' in Latin-1", lambda b: b.replace(b"PTEN", b"PT\xe9N", 1)),
        (
            "data/entities/gene.yaml:{line:- id: PT\ufffdN}: record PT: not UTF-8: byte 0xe9 at offset "
            "{offset:- id: PT} (column 9); expected UTF-8 text (was the file saved as Latin-1 or Windows-1252?)",
        ),
    ),
    Case(
        "empty-references-file",
        "file-shape",
        "references.yaml",
        write(""),
        ("data/references.yaml: empty file; expected a YAML list of records",),
    ),
    Case(
        "finding-field-given-twice",
        "yaml-syntax",
        CV,
        replace("  references: [109]\n", "  references: [109]\n  references: [110]\n"),
        (
            "data/findings/cardiovascular.yaml:{line:references: [110]\n}: record F109: field 'references': key given "
            "twice in one record (first at line {line:references: [109]}); expected each field once",
        ),
    ),
    # --- an identifier's vocabulary must fit its entity's kind (schema.MAPPING_VOCABULARIES)
    Case(
        "gene-mapped-to-go-process",
        "identifier-kind",
        GENE,
        replace(
            PTEN_RECORD,
            "- id: PTEN\n  label: PTEN\n  alt_labels: [apoptotic process]\n  mappings:\n"
            '    - {curie: "GO:0006915", match: exact}\n',
        ),
        (
            "data/entities/gene.yaml:{line:GO:0006915}: record PTEN: field 'mappings.curie': found 'GO:0006915', a GO "
            "identifier; expected an identifier of HGNC for a gene (an identifier's vocabulary must fit its entity's "
            "kind)",
        ),
    ),
    # --- special files: each refused before it is opened (a FIFO would block, /dev/zero never ends)
    Case(
        "fifo",
        "special-file",
        "findings/zz-pipe.yaml",
        fifo(),
        ("data/findings/zz-pipe.yaml: found a FIFO (named pipe), not a regular file; expected a regular YAML file",),
    ),
    Case(
        "symlink-to-dev-zero",
        "special-file",
        "findings/zz-zero.yaml",
        symlink("/dev/zero"),
        (
            "data/findings/zz-zero.yaml: found a symbolic link to /dev/zero, outside the data folder; expected a "
            "regular file inside the data folder (copy the file in instead of linking to it)",
        ),
    ),
    Case(
        "symlink-out-of-data",
        "special-file",
        "entities/gene.part.yaml",
        symlink(FIXTURES.resolve() / "gene.part.yaml"),
        (
            f"data/entities/gene.part.yaml: found a symbolic link to {FIXTURES.resolve() / 'gene.part.yaml'}, "
            "outside the data folder; expected a regular file inside the data folder (copy the file in instead of "
            "linking to it)",
        ),
    ),
    Case(
        "symlink-to-fifo-inside",
        "special-file",
        "findings/zz-link.yaml",
        symlink_to_fifo_inside("pipe"),
        ("data/findings/zz-link.yaml: found a FIFO (named pipe), not a regular file; expected a regular YAML file",),
    ),
    Case(
        "folder-named-yaml",
        "special-file",
        "entities/gene.more.yaml",
        folder(),
        ("data/entities/gene.more.yaml: found a folder, not a regular file; expected a regular YAML file",),
    ),
    # --- checks of the built graph (validate)
    # SHACL, not the loader, requires a mapping or an unmapped_reason (tests/test_validate.py relies on it).
    Case(
        "no-mapping-no-reason",
        "shacl",
        GENE,
        replace(PTEN_RECORD, "- id: PTEN\n  label: PTEN\n"),
        (
            "[shacl] A named entity needs a mapping to a standard identifier (skos:exactMatch / skos:closeMatch) or an "
            "mscexo:unmappedReason. (sh:OrConstraintComponent)",
            "    curated at: data/entities/gene.yaml:{line:- id: PTEN} (record PTEN)",
        ),
        check="shacl",
    ),
    Case(
        "unknown-identifier",
        "identifier",
        GENE,
        replace('"HGNC:9588"', '"HGNC:99999999"'),
        (
            "[identifiers] HGNC:99999999 is not in the pinned term cache (terms.tsv); unknown identifier, or the cache "
            "needs `mscexo-ld terms --refresh`",
            "    curated at: data/entities/gene.yaml:{line:- id: PTEN} (record PTEN)",
        ),
        check="identifiers",
    ),
    Case(
        "deprecated-identifier",
        "identifier",
        "entities/mechanism.yaml",
        replace('- {curie: "GO:0043491", match: close}', '- {curie: "GO:0014065", match: close}'),
        (
            "[identifiers] GO:0014065 (phosphatidylinositol 3-kinase signaling) is deprecated in Bioconductor GO.db "
            "3.16.0 "
            "(GO 2022-07-01); absent from GO 2024-07; no replacement given",
            "    curated at: data/entities/mechanism.yaml:{line:- id: PI3K-AKT-mTOR-signaling} (record "
            "PI3K-AKT-mTOR-signaling)",
        ),
        check="identifiers",
    ),
    Case(
        "label-does-not-match-identifier",
        "identifier",
        GENE,
        replace("- id: PTEN\n  label: PTEN\n", "- id: PTEN\n  label: PTEM\n"),
        (
            "[identifiers] label mismatch: HGNC:9588 is 'PTEN' in {source:HGNC:9588}, but the graph calls it ['PTEM']; "
            "expected the term's label or a synonym as rdfs:label or skos:altLabel",
            "    curated at: data/entities/gene.yaml:{line:- id: PTEN} (record PTEN)",
        ),
        check="identifiers",
    ),
    Case(
        "quote-not-in-review",
        "quote",
        CV,
        replace("suppressed\n    PTEN expression", "suppressed\n    PTEN levels"),
        (
            "[quotes] evidence quote not found verbatim in msc-exos-review.txt: matches up to character 178, then "
            "differs "
            "at 'levels, activated the PI3K/AKT'",
            "    curated at: data/findings/cardiovascular.yaml:{line:- id: F109} (record F109)",
        ),
        check="quotes",
    ),
    Case(
        "en-dash-in-quote",
        "quote",
        CV,
        replace("that miR-486-5p carried", "that miR–486-5p carried"),
        (
            "[quotes] evidence quote not found verbatim in msc-exos-review.txt: matches up to character 114, then "
            "differs "
            "at '–486-5p carried by bone marrow'",
            "    curated at: data/findings/cardiovascular.yaml:{line:- id: F109} (record F109)",
        ),
        check="quotes",
    ),
]


# ----------------------------------------------------------------------------- harness

_PLACEHOLDER = re.compile(r"\{(line|column|offset|size|source):(.+?)\}(?:([+-])(\d+))?", re.S)


def render(expected: str, data: Path, rel: str) -> str:
    """Fill in ``{line:TEXT}``, ``{line:FILE::TEXT}``, ``{column:TEXT}``, ``{offset:TEXT}``, ``{size}``..."""

    def fill(m: re.Match[str]) -> str:
        what, arg, sign, delta = m.group(1), m.group(2), m.group(3), int(m.group(4) or 0)
        if what == "source":
            from mscexo_ld.curation.terms import read_cache

            return read_cache(data / "terms.tsv")[arg].source
        if what == "size":
            return f"{(data / rel).stat().st_size:,}"
        path, needle = (data / arg.split("::")[0], arg.split("::")[1]) if "::" in arg else (data / rel, arg)
        raw = path.read_bytes()
        if what == "offset":
            return str(raw.index(needle.encode("latin-1")) + len(needle))
        text = raw.decode("utf-8", "replace")
        at = text.index(needle)
        if what == "column":
            return str(at - (text.rfind("\n", 0, at) + 1) + 1)
        line = text.count("\n", 0, at) + 1
        return str(line + (delta if sign == "+" else -delta))

    return _PLACEHOLDER.sub(fill, expected.replace("{size}", "{size:x}"))


class HungError(BaseException):
    """Raised by :func:`deadline` (a BaseException, so that no ``except Exception`` of the code under test eats it)."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail instead of hanging: a regression that blocks (a FIFO opened, /dev/zero read) cannot hang the suite."""

    def hung(signum: int, frame: object) -> None:
        raise HungError(f"still running after {seconds} s: the loader blocked or read without end")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too), by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def entries(folder: Path) -> dict[str, tuple[int, int, int, int]]:
    """``folder`` and every entry under it (hidden ones, folders and links too) -> (mode, inode, size, mtime in ns).

    What a rejected build must leave as it was, for ``build_linked`` (whose files are hard links to
    the shared build's): a command that renamed, replaced, deleted or added an entry, the folder
    itself included, changes an inode or the list, and one that wrote into a file changes its size
    or modification time (every write sets it). The bytes are the shared build's, whose SHA-256
    conftest checks again at the end of the run. Reading no file, it costs a hundredth of what
    ``snapshot`` (every byte of the build, twice a case) cost each of the ~90 cases.
    """

    def key(path: Path) -> tuple[int, int, int, int]:
        st = path.lstat()
        return st.st_mode, st.st_ino, st.st_size, st.st_mtime_ns

    return {".": key(folder)} | {str(p.relative_to(folder)): key(p) for p in sorted(folder.rglob("*"))}


def _build_rejects(case: Case, data: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = [render(e, data, case.file) for e in case.expected]
    before = entries(out)
    capsys.readouterr()
    started = time.perf_counter()
    code = main(["build", "--data", str(data), "--out", str(out)])
    elapsed = time.perf_counter() - started
    err = capsys.readouterr().err
    assert code == EXIT_INPUT, err
    # every problem, exactly and in order, as the loader raises them (CurationError.problems; the CLI prints
    # each as "error: <problem>"): the block of them, and no other error line
    assert "".join(f"error: {message}\n" for message in expected) in err, err
    assert sum(line.startswith("error: ") for line in err.splitlines()) == len(expected), err
    assert entries(out) == before, "a failed build changed build/"
    assert elapsed < 10, f"rejecting the input took {elapsed:.1f} s"


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))


def _child_rejects(data: Path, out: Path) -> None:
    """``build`` in a child limited to 2 GiB and 60 s, so that reading /dev/zero cannot take the machine's memory."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "mscexo_ld", "build", "--curated", str(data), "--out", str(out)],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=_limit_memory,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("build still running after 60 s: the loader blocked or read without end")
    assert done.returncode == EXIT_INPUT, done.stderr[-2000:]
    assert not out.exists()


def _validate_rejects(
    case: Case,
    data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    shared: tuple[Path, Path] | None = None,
) -> None:
    """``validate --checks <case.check>`` of a build of ``data`` reports exactly the case's problems; ``shared``:
    (data, out) of a build of the same change made once per run, used instead of building ``data`` again."""
    terms = data / "terms.tsv"
    if case.id == "deprecated-identifier":  # a term cache holding the deprecated term
        terms = tmp_path / "terms-with-deprecated.tsv"
        terms.write_bytes((data / "terms.tsv").read_bytes() + (FIXTURES / "deprecated-term.tsv").read_bytes())
    load_corpus(data)  # the loader accepts it: only the graph check can tell
    out = tmp_path / "build"
    if shared is not None:  # the run's shared build of this very change (conftest's unmapped_build)
        assert (shared[0] / case.file).read_bytes() == (data / case.file).read_bytes()
        data, out = shared
    else:
        assert main(["build", "--data", str(data), "--out", str(out)]) == 0
    before = snapshot(out)
    capsys.readouterr()
    args = ["validate", "--build", str(out), "--curated", str(data), "--terms", str(terms), "--checks", case.check]
    if case.check == "quotes":
        args += ["--source-text", str(SOURCE)]
    code = main(args)
    stdout = capsys.readouterr().out
    assert code == EXIT_INVALID, stdout
    expected = [render(e, data, case.file) for e in case.expected]
    lines = stdout.splitlines()
    for message in expected:
        assert message in lines, stdout
    # a changed quote is also an excerpt whose committed anchor no longer fits: one more [quotes] line
    # naming the fix (`bash scripts/release-graph.sh`)
    also = [line for line in lines if line.startswith("[quotes] an annotation without an oa:TextPositionSelector")]
    assert len(also) == (1 if case.check == "quotes" else 0), stdout
    assert sum(line.startswith(f"[{case.check}]") for line in lines) == 1 + len(also), stdout
    assert snapshot(out) == before


# A case checked by `validate` builds its changed copy of data/ whole (about 5 s): one case per check stays in the
# default run, the others are slow (scripts/test.sh --all and CI run them).
SLOW_CASES = frozenset({"deprecated-identifier", "label-does-not-match-identifier", "en-dash-in-quote"})


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=pytest.mark.slow) if c.id in SLOW_CASES else c for c in CASES],
    ids=[c.id for c in CASES],
)
def test_bad_input_is_caught(
    case: Case, data_copy: Path, request: pytest.FixtureRequest, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case.change.apply(data_copy / case.file)
    if case.check == "build":
        out = request.getfixturevalue("build_linked")  # tmp_path/build: a successful build of the real data
        if case.category == "special-file":  # first in a child with bounded memory and time: a regression fails
            _child_rejects(data_copy, tmp_path / "child-build")
        with deadline(60):
            _build_rejects(case, data_copy, out, capsys)
    else:
        if case.check == "quotes" and SOURCE is None:
            if os.environ.get("MSCEXO_REQUIRE_SHARED") == "1":
                pytest.fail(f"MSCEXO_REQUIRE_SHARED=1 but the review text is missing at {C.DEFAULT_SOURCE_TEXT}")
            pytest.skip(f"review text not found at {C.DEFAULT_SOURCE_TEXT}")
        shared = request.getfixturevalue("unmapped_build") if case.id == "no-mapping-no-reason" else None
        _validate_rejects(case, data_copy, tmp_path, capsys, shared)


def test_corpus_covers_every_category() -> None:
    categories = {c.category for c in CASES}
    assert len(CASES) >= 40
    assert {c.id for c in CASES} >= SLOW_CASES  # the slow cases exist; each check keeps one in the default run
    assert {c.check for c in CASES if c.id not in SLOW_CASES} == {c.check for c in CASES}
    assert len({c.id for c in CASES}) == len(CASES)
    assert categories >= {
        "yaml-syntax",
        "tabs",
        "encoding",
        "control-character",
        "file-shape",
        "missing-field",
        "wrong-type",
        "unknown-field",
        "duplicate-id",
        "dangling-reference",
        "value",
        "unicode",
        "identifier",
        "quote",
        "shacl",
    }


def test_several_errors_in_different_files_are_all_reported(
    data_copy: Path, build_linked: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    breaks = [
        (
            CV,
            replace(
                "      regulated: gene:PTEN\n      direction: decreases\n",
                "      regulated: gene:PTEN\n      direction: sideways\n",
            ),
            "record F109: field 'regulations[1].direction': found 'sideways'",
        ),
        (GENE, replace("label: β-catenin", "label: ß-catenin"), "record CTNNB1: field 'label': found 'ß-catenin'"),
        ("references.yaml", replace("- number: 110\n", "- number: 1100\n"), "record 1100: field 'number': found 1100"),
        (
            "tables/ev-types.yaml",
            replace("diameter_min_nm: 30\n", "diameter_min_nm: -30\n"),
            "record exosome: field 'diameter_min_nm': found -30; expected a non-negative number",
        ),
        (
            "entities/species.yaml",
            transform("prepend a UTF-8 BOM", lambda b: b"\xef\xbb\xbf" + b),
            "data/entities/species.yaml:1: found '\\ufeff' (U+FEFF ZERO WIDTH NO-BREAK SPACE)",
        ),
        ("findings/zz-bomb.yaml", fixture("billion-laughs.yaml"), "found the YAML alias '*a'"),
    ]
    for rel, change, _ in breaks:
        change.apply(data_copy / rel)
    out = build_linked
    before = entries(out)
    capsys.readouterr()
    assert main(["build", "--data", str(data_copy), "--out", str(out)]) == EXIT_INPUT
    err = capsys.readouterr().err
    for rel, _, message in breaks:
        assert any(f"data/{rel}" in line and message in line for line in err.splitlines()), (message, err)
    with pytest.raises(CurationError) as info:
        load_corpus(data_copy)
    # Reference 110 no longer exists: the finding citing it is reported too, and nothing else.
    files = sorted({p.file for p in info.value.problems})
    assert files == sorted({f"data/{rel}" for rel, _, _ in breaks} | {"data/findings/cardiovascular.yaml"}), files
    assert len(info.value.problems) == len(breaks) + 1, str(info.value)
    assert entries(out) == before


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(C.DATA_DIR, data)
    with (data / "findings" / "zz-sparse.yaml").open("wb") as fh:  # a sparse file: size without content
        fh.truncate(MAX_FILE_BYTES + 1)
    started = time.perf_counter()
    with pytest.raises(CurationError) as info:
        load_corpus(data)
    assert time.perf_counter() - started < 5
    (problem,) = info.value.problems
    assert problem.file == "data/findings/zz-sparse.yaml" and f"{MAX_FILE_BYTES + 1:,} bytes" in problem.message


def test_many_bad_characters_are_summarised(data_copy: Path) -> None:
    path = data_copy / "entities" / "species.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n  ", b"\n\t"))  # a whole file indented with tabs
    tabbed = [
        n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if line.startswith("\t")
    ]
    assert len(tabbed) > 10
    with pytest.raises(CurationError) as info:
        load_corpus(data_copy)
    messages = [str(p) for p in info.value.problems]
    assert messages[:10] == [
        f"data/entities/species.yaml:{n}: record {record}: found '\\t' (U+0009 CHARACTER TABULATION (tab)) at column "
        "1; "
        "expected spaces: YAML indentation and values use spaces, never tabs"
        for n, record in zip(tabbed[:10], ["human"] * 4 + ["mouse"] * 4 + ["pig"] * 2, strict=True)
    ]
    assert messages[10:] == [
        f"data/entities/species.yaml:{tabbed[10]}: found {len(tabbed) - 10} more characters like those above, on lines "
        f"{', '.join(map(str, tabbed[10:]))}; expected none: fix them the same way"
    ]


def test_problem_names_the_line(data_copy: Path) -> None:
    path = data_copy / CV
    replace("      direction: decreases", "      direction: down").apply(path)
    expected_line = int(render("{line:direction: down}", data_copy, CV))
    with pytest.raises(CurationError) as info:
        load_corpus(data_copy)
    (problem,) = info.value.problems
    assert problem.line == expected_line
    assert str(problem).startswith(f"data/{CV}:{expected_line}: record ")


def test_all_problems_are_reported_not_only_the_first(data_copy: Path) -> None:
    replace("      direction: decreases", "      direction: down").apply(data_copy / CV)
    replace("references: [109]", "references: [0]").apply(data_copy / CV)
    replace("label: PTEN", "lable: PTEN").apply(data_copy / GENE)
    with pytest.raises(CurationError) as info:
        load_corpus(data_copy)
    text = str(info.value)
    assert "direction" in text and "references" in text and "lable" in text


def test_failed_build_leaves_build_dir_untouched(
    data_copy: Path, build_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rejected build over a build of data/ leaves every byte of it as it was.

    The build is ``build_copy``: the shared build of data/ (made by ``mscexo-ld build``, which conftest
    asserts exited 0), copied into files of its own, so a write into one shows here, in its bytes.
    """
    out = build_copy
    before = snapshot(out)
    replace("      direction: decreases", "      direction: sideways").apply(data_copy / CV)
    capsys.readouterr()
    assert main(["build", "--data", str(data_copy), "--out", str(out)]) == EXIT_INPUT == 3
    err = capsys.readouterr().err
    assert "found 'sideways'" in err and "nothing written" in err
    assert snapshot(out) == before


# ----------------------------------------------------------------- files that are not regular files, and bounds


def test_a_symlink_inside_the_data_folder_is_read(data_copy: Path) -> None:
    findings = data_copy / "findings"
    (findings / "cardiovascular.yaml").rename(data_copy / "cardiovascular.txt")
    (findings / "cardiovascular.yaml").symlink_to(Path("..") / "cardiovascular.txt")
    with deadline(60):
        corpus = load_corpus(data_copy)
    assert "F109" in corpus.findings


def test_the_size_cap_is_enforced_while_reading_not_through_st_size() -> None:
    from mscexo_ld.curation.safefile import UnsafeFileError, read_capped

    proc = Path("/proc/self/maps")  # a regular file whose st_size is 0, like many special files
    if not proc.is_file() or proc.stat().st_size != 0:
        pytest.skip("no /proc/self/maps with st_size 0 here")
    with deadline(10), pytest.raises(UnsafeFileError) as info:
        read_capped(proc, limit=16)
    assert info.value.message.startswith("found a file of more than 16 bytes; expected at most 16 bytes")
    with pytest.raises(UnsafeFileError) as info:
        read_capped(Path("/dev/zero"))
    assert info.value.message == "found a character device, not a regular file; expected a regular YAML file"


# Starts the build from a small Python and prints the build's peak RSS (ru_maxrss of its waited child). Linux
# carries a process's high-water mark across fork and exec: a build started straight from this pytest worker
# would count the worker's own resident memory (400+ MiB after a few whole builds in it) as the build's.
_PEAK_OF_CHILD = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(code)\n"
)


def _child_build(data: Path, out: Path) -> tuple[int, str, int]:
    """``mscexo-ld build`` in a child process: exit code, stderr and the child's own peak RSS in MiB."""
    build = [sys.executable, "-m", "mscexo_ld", "build", "--curated", str(data), "--out", str(out)]
    proc = subprocess.Popen(
        [sys.executable, "-c", _PEAK_OF_CHILD, *build], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    with deadline(120):
        out_bytes, err_bytes = proc.communicate()
    scale = 1 if sys.platform != "darwin" else 1024  # ru_maxrss is KiB on Linux, bytes on macOS
    return proc.returncode, err_bytes.decode("utf-8"), int(out_bytes.decode("ascii").split()[-1]) // 1024 // scale


def test_a_huge_list_of_problems_is_capped(data_copy: Path, tmp_path: Path) -> None:
    """19,000 bad records (133,000 problems): the first 200 are kept and printed, the rest counted."""
    from mscexo_ld.curation.problems import MAX_PROBLEMS

    bad = data_copy / "findings" / "zz-bad.yaml"
    with bad.open("w", encoding="utf-8") as fh:
        for i in range(19_000):
            fh.write(f"- id: X{i}\n  bogus: {'x' * 80}\n")
    one = tmp_path / "one" / "data"
    shutil.copytree(data_copy, one)
    (one / "findings" / "zz-bad.yaml").write_text(f"- id: X0\n  bogus: {'x' * 80}\n", encoding="utf-8")
    with pytest.raises(CurationError) as info:
        load_corpus(one)
    per_record = len(info.value.problems)
    assert per_record > 1
    started = time.perf_counter()
    code, err, rss = _child_build(data_copy, tmp_path / "build")
    elapsed = time.perf_counter() - started
    assert code == EXIT_INPUT, err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    more = 19_000 * per_record - MAX_PROBLEMS
    assert len(errors) == MAX_PROBLEMS + 1, err[-2000:]
    assert errors[-1] == (
        f"error: data/findings/zz-bad.yaml: ... and {more:,} more problems in this file, not listed (only the first "
        f"{MAX_PROBLEMS} problems of the curated input are kept); fix those and run again"
    )
    assert rss < 400, f"peak RSS {rss} MiB"
    assert elapsed < 60, f"{elapsed:.0f} s"
    assert not (tmp_path / "build").exists()


def test_a_file_of_too_many_values_is_refused_before_it_is_composed(data_copy: Path, tmp_path: Path) -> None:
    """5 MB of tiny records (over a million values) would take gigabytes once composed: refused, in bounded memory."""
    from mscexo_ld.curation.yamlpos import MAX_NODES

    bad = data_copy / "findings" / "zz-many.yaml"
    with bad.open("w", encoding="utf-8") as fh:
        for i in range(250_000):
            fh.write(f"- id: X{i}\n  b: {i}\n")
    assert bad.stat().st_size > 4_000_000
    line = MAX_NODES // 5 * 2  # the list, then 5 values a record (the record, 2 keys, 2 values) on 2 lines
    code, err, rss = _child_build(data_copy, tmp_path / "build")
    assert code == EXIT_INPUT, err
    assert f"error: data/findings/zz-many.yaml:{line}: found more than {MAX_NODES:,} YAML values; expected " in err
    assert err.count("error: ") == 1, err
    assert rss < 400, f"peak RSS {rss} MiB"  # composed, the file would take gigabytes
