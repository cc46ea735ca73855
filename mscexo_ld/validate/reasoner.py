"""OWL consistency with a real reasoner: owlready2 + HermiT (Java)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL

from .. import constants as C

from .report import CheckResult, Issue


def check_consistency(graph: Graph) -> CheckResult:
    """Load ontology + data into owlready2 and run HermiT; report inconsistency and unsatisfiable classes."""
    if shutil.which("java") is None:
        return CheckResult("reasoner", ran=False, summary="NOT RUN: no `java` on PATH (install a Java 11+ runtime, "
                                                          "e.g. `apt-get install default-jre-headless`)")
    import owlready2

    with tempfile.TemporaryDirectory(prefix="mscexo-owl-") as tmp:
        path = Path(tmp) / "graph.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            # No stdout/stderr redirection: this may run in a thread beside other checks (debug=0 prints nothing).
            world.get_ontology(path.as_uri()).load()
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return CheckResult("reasoner", issues=[Issue("reasoner", "HermiT: the ontology with its data is inconsistent")],
                               summary="inconsistent")
        except Exception as exc:  # noqa: BLE001 - a reasoner crash is reported, not hidden
            return CheckResult("reasoner", issues=[Issue("reasoner", f"HermiT failed to run: {exc}")],
                               summary="reasoner error")
        unsat = sorted(str(c.iri) for c in world.inconsistent_classes() if "Nothing" not in str(c.iri))
        issues = [Issue("reasoner", "unsatisfiable class", focus=c) for c in unsat]
        classes = len(list(world.classes()))
        world.close()
    from rdflib.namespace import RDF

    individuals = len({s for s, o in graph.subject_objects(RDF.type) if str(o).startswith(str(C.MSCEXO))
                       and (o, RDF.type, OWL.Class) in graph})
    return CheckResult("reasoner", issues=issues,
                       summary=f"HermiT: consistent, {classes} classes, {individuals} individuals, {len(unsat)} unsatisfiable")
