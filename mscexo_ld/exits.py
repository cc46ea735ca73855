"""The exit codes of every verb, one meaning each, and their text for ``--help``."""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID = 1  # the answer is no: validation problems, differing graphs, coverage or term cache gaps
EXIT_USAGE = 2  # bad arguments, unknown query or parameter
EXIT_INPUT = 3  # curated input rejected; nothing written
EXIT_MISSING = 4  # a needed file is missing or unreadable (no build yet ...), or an output cannot be written
EXIT_ENDPOINT = 5  # a SPARQL endpoint or server failed or disagreed (or its port is taken)
EXIT_INTERNAL = 70  # an unexpected error (a bug): one line, MSCEXO_DEBUG=1 shows the traceback
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as the shell reports it)
EXIT_PIPE = 141  # stdout was closed before everything was written (`| head`): 128 + SIGPIPE, as a Unix tool

EXIT_CODES = f"""exit codes:
  {EXIT_OK}  success
  {EXIT_INVALID}  the check failed (each problem is printed): validate found problems, diff found the graphs
     differ, coverage found unaccounted numbers, terms found the cache differs from the index
  {EXIT_USAGE}  usage error: bad option, unknown query, bad parameter
  {EXIT_INPUT}  curated input rejected (file, line, record, field printed); build/ untouched
  {EXIT_MISSING}  a needed file is missing or cannot be read (run `mscexo-ld build` first, or pass the path), or
     an output cannot be written (path and the system's reason printed)
  {EXIT_ENDPOINT}  a SPARQL endpoint or server failed, refused, or reported a different triple count;
     `serve`: the port is already in use
  {EXIT_INTERNAL} internal error (please report it; MSCEXO_DEBUG=1 shows the traceback)
  {EXIT_INTERRUPTED} interrupted (Ctrl-C)
  {EXIT_PIPE} stdout was closed before all output was written (e.g. `| head`), as for SIGPIPE"""
