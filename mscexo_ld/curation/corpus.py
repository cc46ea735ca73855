"""The corpus: every curated file of the data folder loaded, stray files reported, then cross-checked.

:func:`load_corpus` is the stage's entry (``mscexo_ld.curation.load_corpus``): it collects every
problem, not only the first (up to :data:`~mscexo_ld.curation.problems.MAX_PROBLEMS`, then a
count per file), and raises :class:`~mscexo_ld.curation.problems.CurationError` with them. Nothing is written anywhere.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from mscexo_ld import constants as C
from mscexo_ld.curation.crosscheck import cross_check
from mscexo_ld.curation.loaders import Known, load_entities, load_findings, load_references, load_table, rel_path
from mscexo_ld.curation.problems import CurationError, Problem, ProblemList
from mscexo_ld.records import ENTITY_KINDS, Corpus

#: Extensions of files that look curated but would not be read.
_MISNAMED = (".yml", ".YML", ".YAML", ".Yaml", ".json")


def _stray_files(folder: Path, base: Path, expected: str, problems: list[Problem]) -> None:
    """Files the loader would silently skip: a curated file must be named *.yaml."""
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.name.startswith(".") and path.suffix in _MISNAMED:
            problems.append(
                Problem(
                    rel_path(path, base),
                    None,
                    None,
                    None,
                    f"found a '{path.suffix}' file, which is not read; expected {expected} "
                    f"(rename it to {path.stem}.yaml)",
                )
            )


def load_corpus(data_dir: Path = C.DATA_DIR) -> Corpus:
    """Load and cross-check all curated input under ``data_dir``; raise CurationError."""
    problems = ProblemList()
    known = Known()
    base = data_dir
    corpus = Corpus(data_dir=data_dir)
    _stray_files(data_dir, base, "references.yaml or references.<part>.yaml", problems)
    for path in sorted(data_dir.glob("*.yaml")) if data_dir.is_dir() else []:
        if path.name != "references.yaml" and not path.name.startswith("references."):
            problems.append(
                Problem(
                    rel_path(path, base),
                    None,
                    None,
                    None,
                    "found a YAML file that is not read here; expected only references.yaml or "
                    "references.<part>.yaml in the data folder (entities go in entities/, findings "
                    "in findings/, tables in tables/)",
                )
            )
    # references.yaml, plus references.<part>.yaml files (e.g. one per section while curating)
    for path in [data_dir / "references.yaml", *sorted(data_dir.glob("references.*.yaml"))]:
        load_references(path, base, problems, corpus.references, known)
    entity_dir = data_dir / "entities"
    _stray_files(entity_dir, base, "KIND.yaml or KIND.<part>.yaml", problems)
    present = sorted(entity_dir.glob("*.yaml")) if entity_dir.is_dir() else []
    for path in present:
        kind = path.name.split(".", 1)[0]  # gene.yaml, or gene.<part>.yaml
        if kind not in ENTITY_KINDS:
            close = difflib.get_close_matches(kind, ENTITY_KINDS, n=1)
            hint = f"; did you mean '{close[0]}.yaml'?" if close else ""
            problems.append(
                Problem(
                    rel_path(path, base),
                    None,
                    None,
                    None,
                    f"unknown entity kind '{kind}'{hint} Expected one of: "
                    + ", ".join(k + ".yaml" for k in ENTITY_KINDS),
                )
            )
            continue
        loaded = load_entities(path, kind, base, problems, known)
        known_here = corpus.entities.setdefault(kind, {})
        for ident, entity in loaded.items():
            if ident in known_here:
                problems.append(
                    Problem(
                        entity.origin.file,
                        entity.origin.line,
                        ident,
                        "id",
                        f"found id {ident!r} again; expected each id once across the {kind} files "
                        f"(first defined at {known_here[ident].origin})",
                    )
                )
            else:
                known_here[ident] = entity
    for kind in ENTITY_KINDS:
        corpus.entities.setdefault(kind, {})
    findings_dir = data_dir / "findings"
    _stray_files(findings_dir, base, "findings/*.yaml", problems)
    finding_files = sorted(findings_dir.glob("*.yaml")) if findings_dir.is_dir() else []
    if not finding_files:
        problems.append(
            Problem(rel_path(findings_dir, base), None, None, None, "no findings/*.yaml files; expected at least one")
        )
    for path in finding_files:
        for finding in load_findings(path, base, problems, known):
            if finding.id in corpus.findings:
                problems.append(
                    Problem(
                        finding.origin.file,
                        finding.origin.line,
                        finding.id,
                        "id",
                        f"found finding id {finding.id!r} again; expected each finding id once "
                        f"(first defined at {corpus.findings[finding.id].origin})",
                    )
                )
                continue
            corpus.findings[finding.id] = finding
    tables_dir = data_dir / "tables"
    _stray_files(tables_dir, base, "tables/<table>.yaml", problems)
    for path in sorted(tables_dir.glob("*.yaml")) if tables_dir.is_dir() else []:
        load_table(path, base, problems, corpus, known)
    cross_check(corpus, problems, known)
    if problems:
        raise CurationError(problems.summarised(), problems.total)
    return corpus
