"""SHACL with Apache Jena SHACL (opt-in: ``validate --shacl-engine jena``), for large data.

Jena SHACL is part of the Apache Jena that the repository already pins for Fuseki (pom.xml;
``scripts/fetch-fuseki.sh`` puts the jars in ``.cache/fuseki/lib`` and compiles the launcher
``scripts/fuseki/MscexoShacl.java`` beside Fuseki's). One ``java`` process reads the files
(N-Triples and Turtle as they are, each parsed in a second thread while the first fills the
graph; any other format converted to N-Triples by pyoxigraph first), validates with the
(shape, focus node) pairs split over the machine's cores, and writes the report graph as
N-Triples, which is read back here into an rdflib Graph: ``shacl.check_shacl`` turns it into
the same issues as pySHACL's report. Nothing is fetched: owl:imports are not followed and a
file that would load a remote document is refused before Java starts (``refuse_fetching``).

The shapes are SHACL Core; sh:class follows rdfs:subClassOf in the data graph, which holds the
ontology as it does for pySHACL. The tests compare the results with pySHACL on every shape
case and on synthetic data; the benchmark (benchmarks/pipeline.py) compares them at 1M.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from mscexo_ld.resources import jena_home

#: The launcher's class, compiled by scripts/fetch-fuseki.sh into <home>/classes.
LAUNCHER = "MscexoShacl"
#: Files the launcher reads as they are; any other format is converted to N-Triples first.
_DIRECT_SUFFIXES = (".nt", ".ntriples", ".ttl", ".turtle")
#: Exit status of the launcher for a data or shapes file it cannot read or parse.
_INPUT_ERROR = 3
#: The JVM's options: the throughput collector (the graph is built once, then only read), and a heap of up
#: to 3/4 of the memory (the default 1/4 is too small for 5M triples).
JAVA_OPTIONS = ("-XX:+UseParallelGC", "-XX:MaxRAMPercentage=75")


class JenaDataError(ValueError):
    """Jena could not read or parse a data file; the message starts with the file's path."""


@dataclass(frozen=True)
class JenaData:
    """RDF files for Jena SHACL, read by Java itself (no rdflib Graph in this process)."""

    paths: tuple[Path, ...]


def jena_command(home: Path | None = None) -> list[str]:
    """``java ... MscexoShacl``; FileNotFoundError (one line: what is missing, how to get it) otherwise."""
    home = jena_home() if home is None else home
    java = shutil.which("java")
    if java is None:
        raise FileNotFoundError(
            "the SHACL engine `jena` needs Java 17: java not found (Debian: apt-get install default-jre-headless)"
        )
    if not any((home / "lib").glob("jena-shacl-*.jar")) or not (home / "classes" / f"{LAUNCHER}.class").is_file():
        raise FileNotFoundError(
            f"the SHACL engine `jena` needs the Jena jars and its launcher in {home}: "
            "run scripts/fetch-fuseki.sh in a checkout or the sdist of mscexo-ld (Maven), "
            "and from elsewhere set MSCEXO_FUSEKI_HOME to its .cache/fuseki"
        )
    classpath = f"{home / 'classes'}{os.pathsep}{home / 'lib' / '*'}"
    return [java, *JAVA_OPTIONS, "-cp", classpath, LAUNCHER]


def _direct_or_converted(paths: Sequence[Path], tmp: Path) -> list[Path]:
    """The files Java can read as they are; every other one converted to N-Triples in ``tmp``.

    JenaDataError ``"<file>: <error>"`` for a file that would fetch a document or that pyoxigraph
    (or rdflib, for a format pyoxigraph does not know) cannot parse.
    """
    import pyoxigraph as ox

    from mscexo_ld.validate.inputs import refuse_fetching

    out: list[Path] = []
    for n, path in enumerate(paths):
        try:
            refuse_fetching(path)
            if path.suffix.lower() in _DIRECT_SUFFIXES:
                out.append(path)
                continue
            converted = tmp / f"data-{n}.nt"
            fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
            if fmt is None:  # a format pyoxigraph does not know by name: rdflib reads it
                Graph().parse(path).serialize(converted, format="nt", encoding="utf-8")
            else:
                quads = ox.parse(path=str(path), format=fmt, rename_blank_nodes=True)
                ox.serialize((q.triple for q in quads), output=str(converted), format=ox.RdfFormat.N_TRIPLES)
            out.append(converted)
        except Exception as exc:  # pyoxigraph, rdflib and the file system raise many kinds of errors
            raise JenaDataError(f"{path}: {exc}") from exc
    return out


def jena_report(data: Graph | JenaData, shapes: Graph, *, threads: int | None = None) -> Graph:
    """Jena SHACL's validation report (``sh:ValidationReport``) of ``data`` against ``shapes``.

    ``data``: an rdflib Graph (written to a temporary N-Triples file first) or files
    (:class:`JenaData`). FileNotFoundError when Java or the jars are missing; JenaDataError
    when a file cannot be read or parsed; RuntimeError when Java fails otherwise.
    """
    return jena_reports([data], shapes, threads=threads)[0]


def jena_reports(datasets: Sequence[Graph | JenaData], shapes: Graph, *, threads: int | None = None) -> list[Graph]:
    """:func:`jena_report` of each dataset, each validated on its own, all in one Java process."""
    command = jena_command()
    threads = threads if threads is not None else max(1, os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="mscexo-jena-") as scratch:
        tmp = Path(scratch)
        shapes_file = tmp / "shapes.nt"
        shapes.serialize(shapes_file, format="nt", encoding="utf-8")
        args = ["--shapes", str(shapes_file), "--threads", str(threads)]
        reports = []
        for n, data in enumerate(datasets):
            job = tmp / f"job-{n}"
            job.mkdir()
            if isinstance(data, JenaData):
                files = _direct_or_converted(data.paths, job)
            else:
                files = [job / "data.nt"]
                data.serialize(files[0], format="nt", encoding="utf-8")
            reports.append(job / "report.nt")
            args += ["--report", str(reports[-1]), *map(str, files)]
        done = subprocess.run([*command, *args], stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit status {done.returncode}"
        if done.returncode == _INPUT_ERROR:
            raise JenaDataError(message)
        if done.returncode != 0:
            raise RuntimeError(f"Jena SHACL failed: {message}")
        return [Graph().parse(report, format="nt") for report in reports]
