"""The exit codes of every verb, one meaning each, and their text for ``--help``."""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID = 1  # the answer is no: validation problems, differing graphs, coverage or term cache gaps
EXIT_USAGE = 2  # bad arguments, unknown query or parameter
EXIT_INPUT = 3  # curated input rejected; nothing written
EXIT_MISSING = 4  # a needed file is missing (no build yet, no reference index ...)
EXIT_ENDPOINT = 5  # a SPARQL endpoint or server failed or disagreed

EXIT_CODES = f"""exit codes:
  {EXIT_OK}  success
  {EXIT_INVALID}  the check failed (each problem is printed): validate found problems, diff found the graphs
     differ, coverage found unaccounted numbers, terms found the cache differs from the index
  {EXIT_USAGE}  usage error: bad option, unknown query, bad parameter; a query refused or stopped on the
     embedded store (SERVICE, --timeout, --max-rows, --max-memory)
  {EXIT_INPUT}  curated input rejected (file, line, record, field printed); build/ untouched
  {EXIT_MISSING}  a needed file is missing (run `mscexo-ld build` first, or pass the path)
  {EXIT_ENDPOINT}  a SPARQL endpoint or server failed, refused, or reported a different triple count"""
