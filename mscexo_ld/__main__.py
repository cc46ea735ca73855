"""``python -m mscexo_ld``: the ``mscexo-ld`` command."""

from mscexo_ld.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
