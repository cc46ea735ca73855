"""The field spec (mscexo_ld/schema.py) is what the loader, the records, the skeletons and data/README.md say.

One data copy gets, for every record kind, a record with only an unknown field ``zzz``; the
loader must name exactly the spec's fields as the allowed ones, and exactly the spec's
required fields as missing.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from mscexo_ld import constants as C
from mscexo_ld import schema as S
from mscexo_ld.curation import CurationError, Problem, load_corpus
from mscexo_ld.curation.fields import checked_types
from mscexo_ld.curation.template import entity_template, finding_template
from mscexo_ld.records import ENTITY_KINDS, Entity, Finding, Mapping, Modification, Reference, Regulation, TableRecord

#: The unknown field given to one record of every kind.
BAD = "  zzz: 1\n"


def _cases() -> list[tuple[str, str, str, S.RecordSpec]]:
    """(case id, file relative to data/, field prefix of the problems, spec) for every record kind."""
    cases = [("reference", "references.zz.yaml", "", S.REFERENCE)]
    cases += [(f"entity-{kind}", f"entities/{kind}.zz.yaml", "", spec) for kind, spec in S.ENTITIES.items()]
    cases += [
        ("mapping", "entities/gene.zz.yaml", "mappings.", S.MAPPING),
        ("finding", "findings/zz.yaml", "", S.FINDING),
        ("regulation", "findings/zz.yaml", "regulations[1].", S.REGULATION),
        ("modification", "findings/zz.yaml", "modifications[1].", S.MODIFICATION),
    ]
    cases += [(f"table-{name}", f"tables/{name}.yaml", "", S.table_record_spec(t)) for name, t in S.TABLES.items()]
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def problems(tmp_path_factory: pytest.TempPathFactory) -> list[Problem]:
    """The problems of the real data plus one record with an unknown field per record kind."""
    data = tmp_path_factory.mktemp("schema") / "data"
    shutil.copytree(C.DATA_DIR, data)
    (data / "references.zz.yaml").write_text("- zzz: 1\n", encoding="utf-8")
    for kind in ENTITY_KINDS:
        extra = "  mappings:\n    - zzz: 1\n" if kind == "gene" else ""
        (data / "entities" / f"{kind}.zz.yaml").write_text(f"- id: zz-{kind}\n{BAD}{extra}", encoding="utf-8")
    (data / "findings" / "zz.yaml").write_text(
        f"- id: FZZ\n{BAD}  regulations:\n    - zzz: 1\n  modifications:\n    - zzz: 1\n", encoding="utf-8"
    )
    for name in S.TABLES:
        path = data / "tables" / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.rstrip("\n") + f"\n- id: zz-{name}\n{BAD}", encoding="utf-8")
    with pytest.raises(CurationError) as info:
        load_corpus(data)
    return info.value.problems


def _of(problems: list[Problem], file: str, prefix: str) -> list[Problem]:
    """The problems of ``file`` in fields under ``prefix`` (no prefix: top-level fields only)."""
    fields = [(p, p.field or "") for p in problems if p.file == f"data/{file}"]
    if not prefix:
        return [p for p, field in fields if "." not in field and "[" not in field]
    return [p for p, field in fields if field.startswith(prefix)]


@pytest.mark.parametrize(("file", "prefix", "spec"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_loader_allows_exactly_the_spec_fields(
    problems: list[Problem], file: str, prefix: str, spec: S.RecordSpec
) -> None:
    unknown = [p for p in _of(problems, file, prefix) if p.field == f"{prefix}zzz"]
    assert len(unknown) == 1, [str(p) for p in _of(problems, file, prefix)]
    assert unknown[0].message.endswith(f"Expected one of: {', '.join(spec.names)}")


@pytest.mark.parametrize(("file", "prefix", "spec"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_loader_requires_exactly_the_spec_required_fields(
    problems: list[Problem], file: str, prefix: str, spec: S.RecordSpec
) -> None:
    missing = {
        p.field.removeprefix(prefix)
        for p in _of(problems, file, prefix)
        if p.field and p.message.startswith("missing required field")
    }
    # the record's id is given (a record without one could not be named); nested records have no id
    expected = {f.name for f in spec.fields if f.required} - {"id"}
    assert missing == expected


def test_every_field_has_a_known_value_type() -> None:
    specs = [S.REFERENCE, S.MAPPING, S.FINDING, S.REGULATION, S.MODIFICATION, S.TABLE_COMMON, *S.ENTITIES.values()]
    fields = [f for spec in specs for f in spec.fields] + [f for t in S.TABLES.values() for f in t.fields]
    for f in fields:
        assert f.type in S.VALUE_TYPES and f.type in checked_types(), f
        assert bool(f.options) == (f.type in ("one_of", "entity_ref")), f
        assert (f.items is not None) == (f.type == "records"), f
        assert not f.ref or f.ref in ENTITY_KINDS, f
        assert f.doc == f.doc.strip() and "\n" not in f.doc and "|" not in f.doc, f
    for t in S.TABLES.values():
        assert all(f.predicate is not None for f in t.fields), t.name
    assert set(S.VALUE_TYPES) == checked_types()


def _attributes(cls: type, *, besides: set[str]) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)} - besides


def test_typed_records_hold_the_spec_fields() -> None:
    assert _attributes(Reference, besides={"origin"}) == {f.attribute for f in S.REFERENCE.fields}
    every_kind = {f.attribute for spec in S.ENTITIES.values() for f in spec.fields}
    assert _attributes(Entity, besides={"kind", "origin"}) == every_kind
    assert _attributes(Finding, besides={"origin"}) == {f.attribute for f in S.FINDING.fields}
    assert _attributes(Regulation, besides=set()) == set(S.REGULATION.names)
    assert _attributes(Modification, besides=set()) == set(S.MODIFICATION.names)
    assert _attributes(Mapping, besides=set()) == set(S.MAPPING.names)
    assert _attributes(TableRecord, besides={"table", "origin", "fields"}) == set(S.COMMON_FIELDS)


def test_readme_field_dictionary_is_the_rendering_of_the_spec() -> None:
    text = (C.DATA_DIR / "README.md").read_text(encoding="utf-8")
    blocks = S.readme_blocks(text)
    assert list(blocks) == list(S.BLOCKS)
    for name, content in blocks.items():
        assert content == S.render_block(name), f"run `python -m mscexo_ld.schema` to regenerate block {name!r}"
    assert S.render_readme(text) == text


def test_readme_rewrite_fills_the_blocks(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("intro\n<!-- fields:finding:begin -->\nstale\n<!-- fields:finding:end -->\nend\n", "utf-8")
    assert S.main([str(readme)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert "stale" not in text and "| `quote` | yes |" in text and text.endswith("end\n")
    assert S.readme_blocks(text) == {"finding": S.render_block("finding")}


def _skeleton_fields(text: str) -> list[str]:
    """Field names of a skeleton, in order: the lines ``  name:`` and ``  # name:`` (not the examples)."""
    return re.findall(r"(?m)^  (?:# )?([a-z_]+):", text)


def test_finding_skeleton_has_every_spec_field_in_order() -> None:
    text = finding_template("F1")
    assert text.startswith("- id: F1\n")
    assert _skeleton_fields(text) == [f.name for f in S.FINDING.fields if f.name != "id"]


@pytest.mark.parametrize("kind", list(ENTITY_KINDS))
def test_entity_skeleton_has_every_spec_field(kind: str) -> None:
    text = entity_template(kind, "x")
    assert sorted(_skeleton_fields(text)) == sorted(f.name for f in S.ENTITIES[kind].fields if f.name != "id")
    for f in S.ENTITIES[kind].fields:
        if f.required and f.name != "id":
            assert f"\n  {f.name}: TODO\n" in text


def _imports(path: Path) -> tuple[set[str], list[int]]:
    """(modules imported at the top of ``path``, lines of imports inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {n.module or "" for n in tree.body if isinstance(n, ast.ImportFrom)}
    top |= {a.name for n in tree.body if isinstance(n, ast.Import) for a in n.names}
    inner = [
        n.lineno
        for f in ast.walk(tree)
        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
        for n in ast.walk(f)
        if isinstance(n, (ast.Import, ast.ImportFrom))
    ]
    return top, inner


def test_schema_sits_below_curation_and_curation_imports_at_the_top() -> None:
    package = Path(S.__file__).parent
    top, inner = _imports(package / "schema.py")
    assert not any(m.startswith("mscexo_ld.curation") for m in top) and inner == []
    for path in sorted((package / "curation").glob("*.py")):
        assert _imports(path)[1] == [], f"{path.name}: imports inside functions"
