"""Shipped resources (found by mscexo_ld.resources): the built release graph ``mscexo.nt``, and in an
installed wheel or sdist the ontology/, shapes/, queries/ and data/ folders (pyproject.toml maps the
checkout's top-level folders here). Regenerate ``mscexo.nt`` with ``bash scripts/release-graph.sh``.
"""
