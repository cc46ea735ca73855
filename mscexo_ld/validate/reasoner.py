"""OWL consistency with a real reasoner: owlready2 + HermiT (Java)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from concurrent.futures import Executor
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL

from mscexo_ld import constants as C
from mscexo_ld.validate.report import CheckResult, Issue

#: HermiT's classification of the classes: consistency (of the ontology with its data) and every
#: unsatisfiable class, which is all this check reports. owlready2's ``sync_reasoner_hermit`` also
#: classifies the properties and realises every individual (``-c -O -D -I``): the same verdict for
#: about twice the CPU (tests/test_check_loop.py compares the two; benchmarks/check_loop.py times them).
HERMIT_ACTION = "-c"
_OWL_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
_EQUIVALENTS = re.compile(r"^EquivalentClasses\( ((?:<[^>]+>\s*)+)\)$", re.MULTILINE)


def hermit_command(path: Path) -> list[str]:
    """The HermiT command line for an N-Triples file: owlready2's Java, memory and jar, classes only."""
    import owlready2

    jars = Path(owlready2.__file__).parent / "hermit"
    classpath = os.pathsep.join([str(jars), str(jars / "HermiT.jar")])
    main = "org.semanticweb.HermiT.cli.CommandLine"
    return [owlready2.JAVA_EXE, f"-Xmx{owlready2.JAVA_MEMORY}M", "-cp", classpath, main, HERMIT_ACTION, path.as_uri()]


def unsatisfiable(output: str) -> list[str]:
    """The classes HermiT's classification puts equivalent to owl:Nothing (owl: names left out)."""
    found: set[str] = set()
    for members in _EQUIVALENTS.findall(output):
        iris = re.findall(r"<([^>]+)>", members)
        if _OWL_NOTHING in iris:
            found.update(i for i in iris if not i.startswith(str(OWL)))
    return sorted(found)


def _hermit(path: str) -> tuple[str | None, list[str], int]:
    """Run HermiT on an N-Triples file: (error, unsatisfiable classes, class count).

    HermiT runs as its own Java process; meanwhile owlready2 loads the file to count its classes
    (as the check always has). Runs in a child process (see ``ConsistencyCheck``), so it must not
    touch the parent's state.
    """
    import subprocess

    import owlready2

    # Only the JVM's quick compiler: same answers, about 40% less CPU for a run this short,
    # leaving the other core to the Python checks.
    env = {**os.environ}
    env["JAVA_TOOL_OPTIONS"] = (env.get("JAVA_TOOL_OPTIONS", "") + " -XX:TieredStopAtLevel=1").strip()
    try:
        java = subprocess.Popen(hermit_command(Path(path)), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    except OSError as exc:
        return f"HermiT failed to run: {exc}", [], 0
    with java:
        world = owlready2.World()
        try:
            world.get_ontology(Path(path).as_uri()).load()
            classes = len(list(world.classes()))
        finally:
            world.close()
        raw, _ = java.communicate()
    output = raw.decode("utf-8", errors="replace")
    if java.returncode == 1 and "Inconsistent ontology" in output:
        return "inconsistent", [], 0
    if java.returncode != 0:
        return f"HermiT failed to run: Java error message is:\n{output}", [], 0
    return None, unsatisfiable(output), classes


class ConsistencyCheck:
    """The reasoner check, started at once in a child process; ``result()`` waits for it.

    owlready2's loading is Python work and HermiT is Java: in a child process both overlap with
    the Python checks instead of sharing one interpreter lock with them. Start it from the main
    thread before other threads exist (the child is forked, with the modules already imported),
    or give it a worker of a forking ``executor`` (``build --validate`` shares the build's pool).
    """

    def __init__(self, graph: Graph, executor: Executor | None = None) -> None:
        self.graph = graph
        self.missing_java = shutil.which("java") is None
        if self.missing_java:
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._tmp = tempfile.TemporaryDirectory(prefix="mscexo-owl-")
        path = Path(self._tmp.name) / "graph.nt"
        if (None, OWL.imports, None) in graph:  # nothing is fetched: the graph is checked as given
            graph = Graph() + graph
            graph.remove((None, OWL.imports, None))
        graph.serialize(path, format="nt", encoding="utf-8")
        self._pool = (
            ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
            if executor is None
            else None
        )
        self._future = (self._pool or executor).submit(_hermit, str(path))  # type: ignore[union-attr]

    def result(self) -> CheckResult:
        """Wait for HermiT and return the check's result (NOT RUN without ``java``)."""
        if self.missing_java:
            return CheckResult(
                "reasoner",
                ran=False,
                summary="NOT RUN: no `java` on PATH (install a Java 11+ "
                "runtime, e.g. `apt-get install default-jre-headless`)",
            )
        try:
            error, unsat, classes = self._future.result()
        finally:
            if self._pool is not None:
                self._pool.shutdown()
            self._tmp.cleanup()
        if error == "inconsistent":
            return CheckResult(
                "reasoner",
                issues=[Issue("reasoner", "HermiT: the ontology with its data is inconsistent")],
                summary="inconsistent",
            )
        if error:
            return CheckResult("reasoner", issues=[Issue("reasoner", error)], summary="reasoner error")
        issues = [Issue("reasoner", "unsatisfiable class", focus=c) for c in unsat]
        from rdflib.namespace import RDF

        graph = self.graph
        individuals = len(
            {
                s
                for s, o in graph.subject_objects(RDF.type)
                if str(o).startswith(str(C.MSCEXO)) and (o, RDF.type, OWL.Class) in graph
            }
        )
        return CheckResult(
            "reasoner",
            issues=issues,
            summary=f"HermiT: consistent, {classes} classes, {individuals} individuals, {len(unsat)} unsatisfiable",
        )


def check_consistency(graph: Graph) -> CheckResult:
    """Load ontology + data into owlready2 and run HermiT; report inconsistency and unsatisfiable classes."""
    return ConsistencyCheck(graph).result()
