"""Exact answers of the canned queries on the built release, each checked by hand.

Every expected answer below was worked out independently of SPARQL: recomputed from the
curated YAML (data/findings, data/tables, data/entities, data/references.yaml; data of commit
5a0d303) and checked against the review's text (/work/shared/seed/msc-exos-review.txt): the
ISCT criteria (text lines ~89-95), Table 1 and Table 2 (~242-305), Table 3 (~986-1062), the
lists of MSC tissue sources (~50-53, ~87-89), the characterization methods (~335-345) and the
disease sections (~466-970; spinal cord injury ~756-790).

Where a query's answer disagrees with the question it asks, the test states the correct
answer (and the reason) rather than the query's current output.
"""

from __future__ import annotations

from collections import Counter

from mscexo_ld import constants as C
from tests.test_queries import answer, store  # noqa: F401  (store is a fixture)

ID = C.ID_BASE
F = ID + "finding/"
OBO = "http://purl.obolibrary.org/obo/"
HGNC = "https://identifiers.org/hgnc:"


# ----------------------------------------------------------------------------- findings by facet


def test_findings_per_condition(store) -> None:
    # (condition, findings, distinct references); F146 cites [146,147], hence ALS 2 findings / 3 refs;
    # AKI-to-CKD is one study [86] split into F86a (in vivo) and F86b (in vitro).
    # Clinical trials (Table 3) also carry a condition but are not findings: none of their
    # conditions (COVID-19, macular hole ...) may appear here.
    assert answer(store, "findings-per-condition") == [
        ("osteoarthritis", "12", "8"),
        ("myocardial infarction", "9", "8"),
        ("myocardial ischemia-reperfusion injury", "9", "8"),
        ("spinal cord injury", "9", "9"),
        ("stroke", "7", "6"),
        ("cutaneous wound", "6", "4"),
        ("liver fibrosis", "5", "4"),
        ("chemical- and drug-induced liver injury", "4", "4"),
        ("osteoporosis", "4", "3"),
        ("renal ischemia-reperfusion injury", "4", "3"),
        ("Alzheimer disease", "3", "3"),
        ("acute liver failure", "3", "3"),
        ("acute myocardial infarction", "3", "3"),
        ("cisplatin-induced acute kidney injury", "3", "3"),
        ("hepatic ischemia-reperfusion injury", "3", "3"),
        ("traumatic brain injury", "3", "3"),
        ("AKI-to-CKD transition", "2", "1"),
        ("amyotrophic lateral sclerosis", "2", "3"),
        ("diabetic foot ulcer", "2", "2"),
        ("diabetic nephropathy", "2", "2"),
        ("Huntington disease", "1", "1"),
        ("acute lung injury", "1", "1"),
        ("graft-versus-host disease", "1", "1"),
        ("immune-mediated liver injury", "1", "1"),
        ("ischemic stroke", "1", "1"),
        ("lumbar facet joint osteoarthritis", "1", "1"),
        ("multiple sclerosis", "1", "1"),
        ("radiation-induced bone loss", "1", "1"),
        ("renal fibrosis", "1", "1"),
        ("septic shock", "1", "1"),
        ("skin burn", "1", "1"),
        ("temporomandibular joint osteoarthritis", "1", "1"),
    ]


def test_findings_per_donor_species(store) -> None:
    # 107 findings, each with at most one donor species; 29 where the text names none
    # (e.g. "adipose-derived MSC-Exos" [108], "bone marrow-derived" [109], [110]).
    rows = answer(store, "findings-per-donor-species")
    assert rows == [
        ("Homo sapiens", "51"),
        ("(not stated)", "29"),
        ("Rattus norvegicus", "21"),
        ("Mus musculus", "6"),
    ]
    assert sum(int(n) for _, n in rows) == 107


def test_findings_for_msc_source_default_adipose_tissue(store) -> None:
    assert answer(store, "findings-for-msc-source") == [
        ("adipose tissue", "86", "kidney", "AKI-to-CKD transition", F + "F86a"),
        ("adipose tissue", "86", "kidney", "AKI-to-CKD transition", F + "F86b"),
        ("adipose tissue", "101", "liver", "liver fibrosis", F + "F101"),
        ("adipose tissue", "108", "cardiovascular system", "myocardial ischemia-reperfusion injury", F + "F108"),
        ("adipose tissue", "114", "cardiovascular system", "myocardial infarction", F + "F114"),
        ("adipose tissue", "115", "cardiovascular system", "myocardial infarction", F + "F115a"),
        ("adipose tissue", "115", "cardiovascular system", "myocardial infarction", F + "F115b"),
        ("adipose tissue", "129", "nervous system", "stroke", F + "F129"),
        ("adipose tissue", "141", "nervous system", "Alzheimer disease", F + "F141"),
        ("adipose tissue", "144", "nervous system", "Huntington disease", F + "F144"),
        ("adipose tissue", "145", "nervous system", "amyotrophic lateral sclerosis", F + "F145"),
        ("adipose tissue", "146", "nervous system", "amyotrophic lateral sclerosis", F + "F146"),
        ("adipose tissue", "147", "nervous system", "amyotrophic lateral sclerosis", F + "F146"),
        ("adipose tissue", "165", "skin", "cutaneous wound", F + "F165a"),
        ("adipose tissue", "165", "skin", "cutaneous wound", F + "F165b"),
        ("adipose tissue", "166", "skin", "cutaneous wound", F + "F166"),
    ]


def test_findings_for_msc_source_umbilical_cord(store) -> None:
    rows = answer(store, "findings-for-msc-source", source="umbilical cord")
    assert [(r[1], r[4]) for r in rows] == [
        ("83", F + "F83"),
        ("84", F + "F84"),
        ("85", F + "F85"),
        ("90", F + "F90"),
        ("95", F + "F95"),
        ("96", F + "F96a"),
        ("98", F + "F98"),
        ("102", F + "F102"),
        ("103", F + "F103"),
        ("112", F + "F112"),
        ("113", F + "F113"),
        ("117", F + "F117"),
        ("121", F + "F121"),
        ("133", F + "F133"),
        ("142", F + "F142"),
        ("164", F + "F164"),
    ]
    # umbilical cord blood ([111], [115]) is a different source and must not be matched
    assert {r[0] for r in rows} == {"umbilical cord"}
    assert ("umbilical cord", "133", "nervous system", "spinal cord injury", F + "F133") in rows


def test_outcomes_for_condition_spinal_cord_injury(store) -> None:
    # Review lines ~756-790: [132] lesion size + functional recovery; [133] locomotor recovery;
    # [134] functional behavioral recovery; [135] ameliorated SCI; [136] tissue damage + motor
    # function; [137] functional recovery, hindlimb function, lesion volume, preserved neurons;
    # [138] relieved SCI; [139] functional recovery; [140] protected neurons, limb motor function.
    expected = [
        ("spinal cord injury", "improved functional recovery", "4"),
        ("spinal cord injury", "improved motor function recovery", "4"),
        ("spinal cord injury", "ameliorated spinal cord injury", "2"),
        ("spinal cord injury", "neuroprotection", "2"),
        ("spinal cord injury", "reduced lesion size", "2"),
        ("spinal cord injury", "reduced tissue damage", "1"),
    ]
    assert answer(store, "outcomes-for-condition") == expected
    assert answer(store, "outcomes-for-condition", condition="spinal cord injury") == expected


def test_outcomes_for_condition_myocardial_infarction(store) -> None:
    assert answer(store, "outcomes-for-condition", condition="myocardial infarction") == [
        ("myocardial infarction", "improved cardiac function", "6"),
        ("myocardial infarction", "reduced myocardial injury", "5"),
        ("myocardial infarction", "reduced cardiomyocyte apoptosis", "4"),
        ("myocardial infarction", "reduced adverse cardiac remodeling", "3"),
        ("myocardial infarction", "reduced infarct size", "2"),
        ("myocardial infarction", "improved myocardial repair", "1"),
        ("myocardial infarction", "increased cell survival", "1"),
        ("myocardial infarction", "reduced cardiac fibrosis", "1"),
    ]
    assert answer(store, "outcomes-for-condition", condition="no such condition") == []


def test_msc_sources_for_spinal_cord_injury(store) -> None:
    # Rat bone marrow MSC-Exos in [132], [134]-[140]; human umbilical cord MSC-Exos in [133] (Sun et al).
    bm, uc = OBO + "UBERON_0002371", OBO + "UBERON_0002331"
    rows = answer(store, "msc-sources-for-condition", condition="spinal cord injury")
    assert rows == [
        ("spinal cord injury", "bone marrow", bm, "Rattus norvegicus", ref)
        for ref in ("132", "134", "135", "136", "137", "138", "139", "140")
    ] + [("spinal cord injury", "umbilical cord", uc, "Homo sapiens", "133")]


def test_findings_with_several_references(store) -> None:
    # Only "two studies by the same group ... in an in vitro model of ALS[146,147]".
    assert answer(store, "findings-with-several-references") == [(F + "F146", "2", "146, 147")]


def test_cell_therapy_findings(store) -> None:
    # The findings whose administered agent is MSCs themselves (agent msc-cells), not MSC-Exos:
    # [30] allogeneic MSC transplantation in LPS-induced acute lung injury (rats), [31] autologous
    # BMSCs in stroke patients, [86] Zhu et al (introduced as a study of MSC-Exos, but the results
    # are credited to "MSCs" and reversed "by an inhibitor of MSC-Exos release", which only makes
    # sense if cells were given: F86a in vivo, F86b in vitro), [88] "BMSCs ameliorated DN via the
    # paracrine effect ...". F31 and F88 have no regulation at all, so only the finding's agent
    # (not a regulator) can find them.
    assert answer(store, "cell-therapy-findings") == [
        ("30", "acute lung injury", F + "F30"),
        ("31", "stroke", F + "F31"),
        ("86", "AKI-to-CKD transition", F + "F86a"),
        ("86", "AKI-to-CKD transition", F + "F86b"),
        ("88", "diabetic nephropathy", F + "F88"),
    ]


def test_in_vivo_models_by_species(store) -> None:
    # (organism, in vivo models, findings); Homo sapiens is the stroke-patient trial of [31],
    # Sus scrofa the porcine TBI model of [125]. [126] has no model: neither its sentence nor
    # "Xin et al[126-128] investigated the effect of rat bone marrow derived MSC-Exos on stroke"
    # names the species of the stroke animals (the rat model of [127] and [128] is printed).
    assert answer(store, "in-vivo-models-by-species") == [
        ("Rattus norvegicus", "17", "27"),
        ("Mus musculus", "18", "20"),
        ("Homo sapiens", "1", "1"),
        ("Sus scrofa", "1", "1"),
    ]


def test_conditions_without_engineering(store) -> None:
    # Conditions of FINDINGS none of which modified the producer cells. Engineered conditions:
    # MI/R ([110] loading), MI ([116]-[118], [120]), renal I/R ([81], [82] knockdown), drug-induced
    # liver injury ([95]), ALF ([103] TNF-α pretreatment), OA ([154]), SCI ([137]-[140]), stroke
    # ([128]), skin burn ([164] Wnt4 disruption), septic shock ([78] curcumin loading).
    # The conditions of the Table 3 clinical trials (COVID-19, cerebrovascular disorder, dry eye
    # syndrome, macular hole, metastatic pancreatic adenocarcinoma, periodontitis, type 1 diabetes
    # mellitus) are not conditions of any finding and must not be listed.
    assert answer(store, "conditions-without-engineering") == [
        ("AKI-to-CKD transition", "2"),
        ("Alzheimer disease", "3"),
        ("Huntington disease", "1"),
        ("acute lung injury", "1"),
        ("acute myocardial infarction", "3"),
        ("amyotrophic lateral sclerosis", "2"),
        ("cisplatin-induced acute kidney injury", "3"),
        ("cutaneous wound", "6"),
        ("diabetic foot ulcer", "2"),
        ("diabetic nephropathy", "2"),
        ("graft-versus-host disease", "1"),
        ("hepatic ischemia-reperfusion injury", "3"),
        ("immune-mediated liver injury", "1"),
        ("ischemic stroke", "1"),
        ("liver fibrosis", "5"),
        ("lumbar facet joint osteoarthritis", "1"),
        ("multiple sclerosis", "1"),
        ("osteoporosis", "4"),
        ("radiation-induced bone loss", "1"),
        ("renal fibrosis", "1"),
        ("temporomandibular joint osteoarthritis", "1"),
        ("traumatic brain injury", "3"),
    ]


# ----------------------------------------------------------------------------- the review's tables


def test_isolation_methods_by_advantage_high_purity(store) -> None:
    # Table 2: only "Immunoaffinity capture technology" lists "high purity" among its advantages.
    expected = [
        (
            "high purity",
            "immunoaffinity capture technology",
            "Magnetic beads bound to specific antibodies",
            "Time-consuming, high cost",
        )
    ]
    assert answer(store, "isolation-methods-by-advantage") == expected
    assert answer(store, "isolation-methods-by-advantage", advantage="high purity") == expected
    assert answer(store, "isolation-methods-by-advantage", advantage="HIGH PURITY") == [
        ("HIGH PURITY",) + expected[0][1:]
    ]


def test_isolation_methods_by_other_advantages(store) -> None:
    # Table 2: "High yield" for membrane filtration, precipitation, SEC and immunoaffinity capture
    # (not ultracentrifugation: "Low yield"); "keeps exosomes intact" for filtration and SEC;
    # "low cost" for ultracentrifugation only.
    assert answer(store, "isolation-methods-by-advantage", advantage="high yield") == [
        (
            "high yield",
            "immunoaffinity capture technology",
            "Magnetic beads bound to specific antibodies",
            "Time-consuming, high cost",
        ),
        ("high yield", "membrane filtration", "Physical method using filters", "Low purity, deformation of exosomes"),
        ("high yield", "precipitation", "Physical/chemical method", "Low purity, contaminants"),
        (
            "high yield",
            "size exclusion chromatography",
            "Use columns packed with pore beads",
            "A small number of bands, time-consuming",
        ),
    ]
    assert [r[1] for r in answer(store, "isolation-methods-by-advantage", advantage="intact")] == [
        "membrane filtration",
        "size exclusion chromatography",
    ]
    assert answer(store, "isolation-methods-by-advantage", advantage="low cost") == [
        ("low cost", "ultracentrifugation", "Physical method", "Low yield, low purity, time-consuming")
    ]
    assert answer(store, "isolation-methods-by-advantage", advantage="low purity") == []


def test_clinical_trials(store) -> None:
    # Table 3, eight rows; "Healthy" volunteers (NCT04313647) have no condition.
    mondo = OBO + "MONDO_"
    assert answer(store, "clinical-trials") == [
        ("NCT02138331", "Diabetes mellitus type 1", mondo + "0005147", "Biological: MSC Exosomes", "Phase 2, Phase 3"),
        ("NCT03384433", "Cerebrovascular disorders", mondo + "0011057", "Biological: Exosome", "Completed"),
        (
            "NCT03437759",
            "Macular holes",
            mondo + "0006843",
            "Biological: Exosomes derived from mesenchymal stem cells (MSC-Exo)",
            "Early Phase 1",
        ),
        (
            "NCT03608631",
            "Metastatic pancreatic adenocarcinoma",
            mondo + "0006047",
            "Drug: Mesenchymal stromal cells-derived exosomes with KRAS G12D siRNA",
            "Phase 1",
        ),
        (
            "NCT04213248",
            "Dry eye",
            mondo + "0006733",
            "Drug: Umbilical mesenchymal stem cells derived exosomes",
            "Phase 1, Phase 2",
        ),
        (
            "NCT04270006",
            "Periodontitis",
            mondo + "0005076",
            "Biological: Adipose derived stem cells exosomes",
            "Early phase 1",
        ),
        ("NCT04276987", "Coronavirus", mondo + "0100096", "Biological: MSCs-derived exosomes", "Phase 1"),
        (
            "NCT04313647",
            "Healthy",
            None,
            "Biological: Low level of MSCs-Exo Biological: High level of MSCs-Exo",
            "Phase 1",
        ),
    ]


def test_clinical_trials_by_phase(store) -> None:
    phase1 = [
        (
            "phase 1",
            "NCT03608631",
            "iExosomes in treating participants with metastatic pancreas cancer with KrasG12D mutation",
            "Phase 1",
        ),
        (
            "phase 1",
            "NCT04213248",
            "Effect of UMSCs Derived exosomes on dry eye in patients with cGVHD",
            "Phase 1, Phase 2",
        ),
        (
            "phase 1",
            "NCT04276987",
            "A pilot clinical study on inhalation of mesenchymal stem cells exosomes treating severe novel coronavirus pneumonia",
            "Phase 1",
        ),
        (
            "phase 1",
            "NCT04313647",
            "A tolerance clinical study on aerosol inhalation of mesenchymal stem cells exosomes in healthy volunteers",
            "Phase 1",
        ),
    ]
    assert answer(store, "clinical-trials-by-phase") == phase1
    assert answer(store, "clinical-trials-by-phase", phase="phase 1") == phase1
    assert answer(store, "clinical-trials-by-phase", phase="phase 2") == [
        (
            "phase 2",
            "NCT02138331",
            "Effect of microvesicles and exosomes therapy on β-cell mass in type I diabetes mellitus (T1DM)",
            "Phase 2, Phase 3",
        ),
        (
            "phase 2",
            "NCT04213248",
            "Effect of UMSCs Derived exosomes on dry eye in patients with cGVHD",
            "Phase 1, Phase 2",
        ),
    ]
    assert [r[1] for r in answer(store, "clinical-trials-by-phase", phase="phase 3")] == ["NCT02138331"]
    assert answer(store, "clinical-trials-by-phase", phase="early phase 1") == [
        ("early phase 1", "NCT03437759", "MSC-Exos promote healing of MHs", "Early Phase 1"),
        (
            "early phase 1",
            "NCT04270006",
            "Evaluation of adipose derived stem cells exo.in treatment of periodontitis",
            "Early phase 1",
        ),
    ]
    assert answer(store, "clinical-trials-by-phase", phase="phase 4") == []


def test_trials_without_phase(store) -> None:
    # Only NCT03384433 prints a status ("Completed") instead of a phase. It carries two curator
    # notes, so it comes back once per note; the order of the two rows is not fixed by the query
    # (ORDER BY ?nct only), hence the sorted comparison.
    rows = answer(store, "trials-without-phase")
    assert {r[0] for r in rows} == {"NCT03384433"}
    assert sorted(rows) == [
        (
            "NCT03384433",
            "Completed",
            'The "Phase" column prints "Completed", a recruitment status, not a phase; `phases` is left empty rather than guessed.',
        ),
        (
            "NCT03384433",
            "Completed",
            'The disease column says "Cerebrovascular disorders" while the title names acute ischemic stroke (a narrower '
            "condition, existing condition `stroke`); the table's disease is recorded.",
        ),
    ]


def test_isct_criteria(store) -> None:
    # Review lines ~91-95: CD105, CD73, CD90, STRO-1, CD29, CD44 expressed; CD45, CD34, CD14,
    # CD11b, CD79a, CD19, HLA-DR not; osteoblasts, adipocytes, chondrocytes. HGNC: ENG, NT5E, THY1,
    # ITGB1, CD44; PTPRC, CD34, CD14, ITGAM, CD79A, CD19, HLA-DRA. STRO-1 has no gene symbol.
    assert answer(store, "isct-criteria") == [
        ("lineage", "adipocyte", OBO + "CL_0000136"),
        ("lineage", "chondrocyte", OBO + "CL_0000138"),
        ("lineage", "osteoblast", OBO + "CL_0000062"),
        ("negative marker", "CD11b", HGNC + "6149"),
        ("negative marker", "CD14", HGNC + "1628"),
        ("negative marker", "CD19", HGNC + "1633"),
        ("negative marker", "CD34", HGNC + "1662"),
        ("negative marker", "CD45", HGNC + "9666"),
        ("negative marker", "CD79a", HGNC + "1698"),
        ("negative marker", "HLA-DR", HGNC + "4947"),
        ("positive marker", "CD105", HGNC + "3349"),
        ("positive marker", "CD29", HGNC + "6153"),
        ("positive marker", "CD44", HGNC + "1681"),
        ("positive marker", "CD73", HGNC + "8021"),
        ("positive marker", "CD90", HGNC + "11801"),
        ("positive marker", "STRO-1", None),
    ]


def test_ev_types(store) -> None:
    # Table 1: 30-100 nm / 100-1000 nm / 1-5 μm (= 1000-5000 nm).
    assert answer(store, "ev-types") == [
        (
            "exosome",
            "30",
            "100",
            "cup shape",
            "1.13-1.19 g/mL",
            "100000 g",
            "Fusion of multivesicular bodies with cell membrane",
        ),
        (
            "microvesicle",
            "100",
            "1000",
            "irregular shape",
            "1.04-1.07 g/mL",
            "10000 g",
            "Outward budding of cell membrane",
        ),
        (
            "apoptotic body",
            "1000",
            "5000",
            "heterogeneous shape",
            "1.18-1.28 g/mL",
            "16000 g",
            "Outward budding of apoptotic cell membrane",
        ),
    ]


def test_markers_of_ev_type(store) -> None:
    # Table 1 protein markers. Exosomes: CD63, CD81, CD9, Alix (PDCD6IP), Tsg101, annexins,
    # heat-shock proteins. Microvesicles: integrins, selectins, CD40 (printed twice), flotillins,
    # ARF6, VCAMP3. Apoptotic bodies: TSP (THBS1), C3b (C3), histones.
    exosome = [
        ("exosome", "Alix", HGNC + "8766"),
        ("exosome", "CD63", HGNC + "1692"),
        ("exosome", "CD81", HGNC + "1701"),
        ("exosome", "CD9", HGNC + "1709"),
        ("exosome", "TSG101", HGNC + "15971"),
        ("exosome", "annexins", None),
        ("exosome", "heat-shock proteins", None),
    ]
    assert answer(store, "markers-of-ev-type") == exosome
    assert answer(store, "markers-of-ev-type", evType="exosome") == exosome
    assert answer(store, "markers-of-ev-type", evType="microvesicle") == [
        ("microvesicle", "ARF6", HGNC + "659"),
        ("microvesicle", "CD40", HGNC + "11919"),
        ("microvesicle", "VCAMP3", None),
        ("microvesicle", "flotillins", None),
        ("microvesicle", "integrins", None),
        ("microvesicle", "selectins", None),
    ]
    assert answer(store, "markers-of-ev-type", evType="apoptotic body") == [
        ("apoptotic body", "C3b", HGNC + "1318"),
        ("apoptotic body", "TSP", HGNC + "11785"),
        ("apoptotic body", "histones", None),
    ]


def test_characterization_methods(store) -> None:
    # "TEM, SEM, and AFM are used to determine the size and morphology"; "NTA ... size distribution
    # and concentration"; "Flow cytometry and Western blot ... surface marker proteins"; "quantified
    # by Bradford or bicinchoninic acid assay or ELISA". TEM, SEM and AFM map to the MeSH
    # descriptors "Microscopy, Electron, Transmission" / "..., Scanning" / "Microscopy, Atomic Force".
    mesh = "https://identifiers.org/mesh:"
    assert answer(store, "characterization-methods") == [
        ("Bradford assay", None, "protein content", None),
        ("Western blot", None, "surface markers", OBO + "OBI_0000854"),
        ("atomic force microscopy", "AFM", "morphology, size", mesh + "D018625"),
        ("bicinchoninic acid assay", None, "protein content", None),
        ("enzyme-linked immunosorbent assay", "ELISA", "protein content", OBO + "OBI_0000661"),
        ("flow cytometry analysis", None, "surface markers", OBO + "OBI_0000916"),
        ("nanoparticle tracking analysis", "NTA", "concentration, size distribution", None),
        ("scanning electron microscopy", "SEM", "morphology, size", mesh + "D008855"),
        ("transmission electron microscopy", "TEM", "morphology, size", mesh + "D046529"),
    ]


def test_review_list_members(store) -> None:
    # "adipose tissue, umbilical cord blood, liver, amniotic fluid, placenta, and dental pulp[8,9]"
    assert answer(store, "review-list-members") == [
        ("tissues MSCs can be isolated from", "adipose tissue", OBO + "UBERON_0001013"),
        ("tissues MSCs can be isolated from", "amniotic fluid", OBO + "UBERON_0000173"),
        ("tissues MSCs can be isolated from", "dental pulp", OBO + "UBERON_0001754"),
        ("tissues MSCs can be isolated from", "liver", OBO + "UBERON_0002107"),
        ("tissues MSCs can be isolated from", "placenta", OBO + "UBERON_0001987"),
        ("tissues MSCs can be isolated from", "umbilical cord blood", OBO + "UBERON_0012168"),
    ]
    label = "exosome surface marker proteins identified by flow cytometry and Western blot"
    # "for example, CD9, CD63, CD81, and CD82"
    assert answer(store, "review-list-members", list=label) == [
        (label, "CD63", HGNC + "1692"),
        (label, "CD81", HGNC + "1701"),
        (label, "CD82", HGNC + "6210"),
        (label, "CD9", HGNC + "1709"),
    ]
    other = answer(store, "review-list-members", list="other common exosomal proteins")
    assert [r[1] for r in other] == [
        "Alix",
        "ESCRT complex",
        "GTPases",
        "HSP60",
        "HSP70",
        "HSP90",
        "TSG101",
        "annexins",
        "lipid-related proteins",
        "phospholipases",
    ]
    intro = "tissues MSCs can be isolated from (Introduction)"
    # "bone marrow, adipose tissue, dental pulp, umbilical cord, umbilical cord blood, placenta,
    # amniotic fluid, Wharton’s jelly, the brain, spleen, liver, kidney, lung, thymus, and pancreas"
    assert answer(store, "review-list-members", list=intro) == [
        (intro, member, OBO + "UBERON_" + uberon)
        for member, uberon in [
            ("Wharton’s jelly", "0003422"),
            ("adipose tissue", "0001013"),
            ("amniotic fluid", "0000173"),
            ("bone marrow", "0002371"),
            ("brain", "0000955"),
            ("dental pulp", "0001754"),
            ("kidney", "0002113"),
            ("liver", "0002107"),
            ("lung", "0002048"),
            ("pancreas", "0001264"),
            ("placenta", "0001987"),
            ("spleen", "0002106"),
            ("thymus", "0002370"),
            ("umbilical cord", "0002331"),
            ("umbilical cord blood", "0012168"),
        ]
    ]
    assert answer(store, "review-list-members", list="no such list") == []


# ----------------------------------------------------------------------------- molecular content


def test_genes_by_direction_decreases(store) -> None:
    assert answer(store, "genes-by-direction") == [
        ("decreases", "Bax", "6", "82, 91, 104, 108, 110, 124"),
        ("decreases", "caspase-3", "6", "82, 91, 104, 108, 110, 121"),
        ("decreases", "PTEN", "4", "109, 119, 128, 169"),
        ("decreases", "TNF-α", "3", "91, 110, 124"),
        ("decreases", "mTOR", "3", "84, 89, 157"),
        ("decreases", "IL-1β", "2", "110, 124"),
        ("decreases", "IL-6", "2", "91, 110"),
        ("decreases", "RhoA", "2", "137, 140"),
        ("decreases", "ADAMTS5", "1", "150"),
        ("decreases", "CCL2", "1", "81"),
        ("decreases", "FasL", "1", "119"),
        ("decreases", "GIT1", "1", "155"),
        ("decreases", "GSK-3β", "1", "128"),
        ("decreases", "Huntingtin", "1", "144"),
        ("decreases", "JNK3", "1", "121"),
        ("decreases", "NLRP3", "1", "102"),
        ("decreases", "PDCD4", "1", "119"),
        ("decreases", "Peli1", "1", "119"),
        ("decreases", "RalA", "1", "154"),
        ("decreases", "Runx2", "1", "155"),
        ("decreases", "SATB2", "1", "161"),
        ("decreases", "SIRT7", "1", "110"),
        ("decreases", "SOCS2", "1", "122"),
        ("decreases", "SOX6", "1", "121"),
        ("decreases", "Sirt1", "1", "120"),
        ("decreases", "Smad2", "1", "100"),
        ("decreases", "Smad7", "1", "113"),
        ("decreases", "Sox9", "1", "154"),
        ("decreases", "TGF-β1", "1", "100"),
        ("decreases", "TRPM7", "1", "129"),
        ("decreases", "c-Fos", "1", "111"),
        ("decreases", "c-JNK", "1", "105"),
        ("decreases", "caspase 8", "1", "82"),
        ("decreases", "collagen type I", "1", "100"),
        ("decreases", "collagen type III", "1", "100"),
        ("decreases", "lipocalin 2", "1", "131"),
        ("decreases", "matrix metalloproteinase-13", "1", "155"),
        ("decreases", "semaphorin 3A", "1", "82"),
        ("decreases", "superoxide dismutase 1", "1", "145"),
        ("decreases", "tartrate resistant acid phosphatase", "1", "153"),
    ]


def test_genes_by_direction_increases(store) -> None:
    rows = answer(store, "genes-by-direction", direction="increases")
    assert len(rows) == 32
    assert rows[:6] == [
        ("increases", "Bcl-2", "5", "82, 104, 108, 110, 124"),
        ("increases", "collagen type I", "4", "163, 164, 165"),
        ("increases", "Beclin-1", "3", "89, 90, 104"),
        ("increases", "PCNA", "3", "93, 164, 165"),
        ("increases", "Sox9", "3", "86, 154"),
        ("increases", "collagen type III", "3", "163, 165"),
    ]
    assert ("increases", "PTEN", "1", "169") in rows  # H19 "promoting PTEN expression"
    assert ("increases", "heme oxygenase 1", "1", "30") in rows  # "by upregulating heme oxygenase 1"
    assert ("increases", "vascular endothelial growth factor A", "1", "168") in rows
    assert {r[0] for r in rows} == {"increases"}
    assert answer(store, "genes-by-direction", direction="sideways") == []


def test_mirna_targets(store) -> None:
    assert answer(store, "mirna-targets") == [
        ("miR-100-5p", "decreases", "mTOR", "true", "157"),
        ("miR-122", "increases", "cyclin G1", "false", "101"),
        ("miR-122", "increases", "insulin-like growth factor receptor 1", "false", "101"),
        ("miR-122", "increases", "prolyl-4-hydroxylase α1", "false", "101"),
        ("miR-125b", "decreases", "Bax", "false", "110"),
        ("miR-125b", "increases", "Bcl-2", "false", "110"),
        ("miR-125b", "decreases", "IL-1β", "false", "110"),
        ("miR-125b", "decreases", "IL-6", "false", "110"),
        ("miR-125b", "decreases", "SIRT7", "true", "110"),
        ("miR-125b", "decreases", "TNF-α", "false", "110"),
        ("miR-125b", "decreases", "caspase-3", "false", "110"),
        ("miR-125b-5p", "decreases", "Smad7", "true", "113"),
        ("miR-126", "increases", "CREB", "false", "140"),
        ("miR-126", "increases", "ERK1/2", "false", "140"),
        ("miR-126", "decreases", "RhoA", "false", "140"),
        ("miR-126", "increases", "STAT3", "false", "140"),
        ("miR-133b", "increases", "CREB", "false", "137"),
        ("miR-133b", "increases", "ERK1/2", "false", "137"),
        ("miR-133b", "decreases", "RhoA", "false", "137"),
        ("miR-133b", "increases", "STAT3", "false", "137"),
        ("miR-138-5p", "decreases", "Sirt1", "true", "120"),
        ("miR-140-5p", "decreases", "RalA", "false", "154"),
        ("miR-140-5p", "increases", "Sox9", "false", "154"),
        ("miR-152-3p", "decreases", "PTEN", "true", "169"),
        ("miR-17-92 cluster", "decreases", "GSK-3β", "false", "128"),
        ("miR-17-92 cluster", "decreases", "PTEN", "true", "128"),
        ("miR-181a", "decreases", "c-Fos", "false", "111"),
        ("miR-181b-5p", "decreases", "TRPM7", "true", "129"),
        ("miR-185", "decreases", "SOCS2", "false", "122"),
        ("miR-19a", "increases", "Akt", "false", "121"),
        ("miR-19a", "decreases", "JNK3", "false", "121"),
        ("miR-19a", "decreases", "SOX6", "true", "121"),
        ("miR-19a", "decreases", "caspase-3", "false", "121"),
        ("miR-206", "decreases", "GIT1", "true", "155"),
        ("miR-20a", "increases", "Beclin-1", "false", "90"),
        ("miR-20a", "increases", "FAS", "false", "90"),
        ("miR-21a-5p", "decreases", "FasL", "false", "119"),
        ("miR-21a-5p", "decreases", "PDCD4", "false", "119"),
        ("miR-21a-5p", "decreases", "PTEN", "false", "119"),
        ("miR-21a-5p", "decreases", "Peli1", "false", "119"),
        ("miR-34c", "decreases", "SATB2", "true", "161"),
        ("miR-486-5p", "decreases", "PTEN", "false", "109"),
    ]


def test_inferred_regulations(store) -> None:
    rows = answer(store, "inferred-regulations")
    assert [r[:4] for r in rows] == [
        ("30", "heme oxygenase 1", "decreases", "oxidative stress"),
        ("89", "MSC-derived exosomes", "increases", "autophagy"),
        ("94", "MSC-derived exosomes", "decreases", "oxidative stress"),
        ("96", "MSC-derived exosomes", "decreases", "oxidative stress"),
        ("103", "miR-299-3p", "decreases", "NLRP3-related inflammatory pathway"),
        ("110", "miR-125b", "decreases", "SIRT7"),
        ("113", "miR-125b-5p", "decreases", "Smad7"),
        ("120", "miR-138-5p", "decreases", "Sirt1"),
        ("121", "miR-19a", "decreases", "SOX6"),
        ("128", "miR-17-92 cluster", "decreases", "PTEN"),
        ("129", "miR-181b-5p", "decreases", "TRPM7"),
        # "decreased mHtt aggregates" / "alleviated aggregation of superoxide dismutase 1": printed
        # for the aggregates, read as an edge on the gene product
        ("144", "MSC-derived exosomes", "decreases", "Huntingtin"),
        ("145", "MSC-derived exosomes", "decreases", "superoxide dismutase 1"),
        ("154", "RalA", "decreases", "Sox9"),
        ("155", "KLF3-AS1", "decreases", "miR-206"),
        ("155", "miR-206", "decreases", "GIT1"),
        ("157", "miR-100-5p", "decreases", "mTOR"),
        ("160", "MSC-derived exosomes", "increases", "MAPK signaling pathway"),
        ("160", "c-JNK", "increases", "osteoblast proliferation"),
        ("161", "miR-34c", "decreases", "SATB2"),
        ("164", "Wnt4", "increases", "Wnt/β-catenin signaling"),
        ("169", "miR-152-3p", "decreases", "PTEN"),
    ]
    assert all(r[4] for r in rows), "every inferred edge says why"
    notes = {(r[0], r[3]): r[4] for r in rows}
    assert '"by regulating SIRT7"' in notes[("110", "SIRT7")]
    assert '"by inhibiting miR-152-3p and promoting PTEN expression"' in notes[("169", "PTEN")]
    assert '"targeting PTEN to activate the PI3K/AKT/mTOR signaling pathway"' in notes[("128", "PTEN")]


def test_mechanisms_affected(store) -> None:
    rows = answer(store, "mechanisms-affected")
    assert len(rows) == 74
    assert rows[:9] == [
        ("apoptosis", "decreases", "30", "30"),
        ("inflammation", "decreases", "20", "20"),
        ("angiogenesis", "increases", "13", "13"),
        ("autophagy", "increases", "8", "8"),
        ("oxidative stress", "decreases", "8", "8"),
        ("M2 macrophage polarization", "increases", "6", "6"),
        ("cell proliferation", "increases", "5", "5"),
        ("Wnt/β-catenin signaling", "increases", "4", "4"),
        ("neurogenesis", "increases", "4", "4"),
    ]
    # findings == references in every row; for apoptosis only by balance: F106a/F106b share [106],
    # F146 cites [146,147] (30 findings, 30 references)
    assert all(r[2] == r[3] for r in rows)
    assert sum(int(r[2]) for r in rows) == 187
    assert len({r[0] for r in rows}) == 71
    # the only mechanisms reported in both directions: [158] miR-26a-5p "inhibited ... proliferation
    # ... and promoted apoptosis"; [165] collagen up early, "inhibited collagen expression" later
    both = Counter(r[0] for r in rows)
    assert sorted(m for m, n in both.items() if n > 1) == ["apoptosis", "cell proliferation", "collagen synthesis"]
    assert ("apoptosis", "increases", "1", "1") in rows
    assert ("cell proliferation", "decreases", "1", "1") in rows
    assert ("collagen synthesis", "decreases", "2", "2") in rows
    assert ("collagen synthesis", "increases", "1", "1") in rows
    assert ("PI3K/AKT signaling", "increases", "3", "3") in rows
    assert rows[-1] == ("senescence-associated protein levels", "increases", "1", "1")


def test_cargo_target_pathway_outcome(store) -> None:
    rows = answer(store, "cargo-target-pathway-outcome")
    assert len(rows) == 79
    assert Counter(r[0] for r in rows) == {
        "110": 28,
        "137": 16,
        "140": 8,
        "157": 8,
        "122": 4,
        "128": 4,
        "169": 4,
        "81": 2,
        "109": 2,
        "111": 2,
        "161": 1,
    }
    assert rows[:4] == [
        ("81", "CCR2", "decreases", "CCL2", "decreases", "monocyte/macrophage activation", "reduced kidney injury"),
        ("81", "CCR2", "decreases", "CCL2", "decreases", "monocyte/macrophage recruitment", "reduced kidney injury"),
        (
            "109",
            "miR-486-5p",
            "decreases",
            "PTEN",
            "increases",
            "PI3K/AKT signaling",
            "reduced cardiomyocyte apoptosis",
        ),
        ("109", "miR-486-5p", "decreases", "PTEN", "decreases", "apoptosis", "reduced cardiomyocyte apoptosis"),
    ]
    assert ("161", "MALAT1", "increases", "SATB2", "increases", "osteogenesis", "alleviated osteoporosis") in rows
    assert (
        "128",
        "miR-17-92 cluster",
        "decreases",
        "PTEN",
        "increases",
        "PI3K/AKT/mTOR signaling",
        "increased neural plasticity",
    ) in rows
    assert rows[-4:] == [
        ("169", "H19", "increases", "PTEN", "decreases", "apoptosis", "accelerated wound healing"),
        ("169", "H19", "increases", "PTEN", "increases", "fibroblast migration", "accelerated wound healing"),
        ("169", "H19", "increases", "PTEN", "increases", "fibroblast proliferation", "accelerated wound healing"),
        ("169", "H19", "increases", "PTEN", "decreases", "inflammation", "accelerated wound healing"),
    ]
    # 24 distinct (reference, cargo, target) links
    assert len({(r[0], r[1], r[3]) for r in rows}) == 24
    assert len(set(rows)) == len(rows)


def test_pathways_per_organ_system(store) -> None:
    rows = answer(store, "pathways-per-organ-system")
    assert len(rows) == 105
    per_system = Counter(r[0] for r in rows)
    assert per_system == {
        "cardiovascular system": 16,
        "immune system": 1,
        "kidney": 9,
        "liver": 17,
        "musculoskeletal system": 24,
        "nervous system": 22,
        "respiratory system": 1,
        "skin": 15,
    }
    assert rows[0] == ("cardiovascular system", "apoptosis", "13")
    assert ("immune system", "inflammation", "1") in rows  # [78] curcumin in exosomes
    assert ("respiratory system", "oxidative stress", "1") in rows  # [30] heme oxygenase 1 (inferred)
    assert ("liver", "inflammation", "6") in rows
    assert ("nervous system", "angiogenesis", "6") in rows
    assert ("musculoskeletal system", "apoptosis", "5") in rows
    assert ("skin", "re-epithelialization", "3") in rows
    assert rows[-1] == ("skin", "keratinocyte proliferation", "1")
    # sorted by organ system, then most findings first
    for a, b in zip(rows, rows[1:]):
        assert (a[0], -int(a[2]), a[1]) < (b[0], -int(b[2]), b[1])


def test_findings_for_standard_id(store) -> None:
    pten = HGNC + "9588"
    assert answer(store, "findings-for-standard-id") == [
        (pten, ID + "gene/PTEN", "PTEN", "109", F + "F109"),
        (pten, ID + "gene/PTEN", "PTEN", "119", F + "F119"),
        (pten, ID + "gene/PTEN", "PTEN", "128", F + "F128"),
        (pten, ID + "gene/PTEN", "PTEN", "169", F + "F169"),
    ]
    stroke = OBO + "MONDO_0005098"
    assert [r[3:] for r in answer(store, "findings-for-standard-id", standardId=stroke)] == [
        ("31", F + "F31"),
        ("126", F + "F126"),
        ("127", F + "F127"),
        ("128", F + "F128"),
        ("129", F + "F129"),
        ("131", F + "F131a"),
        ("131", F + "F131b"),
    ]
    # cerebrovascular disorder is only the condition of trial NCT03384433, which is no finding
    assert answer(store, "findings-for-standard-id", standardId=OBO + "MONDO_0011057") == []


# ----------------------------------------------------------------------------- provenance, vocabularies


def test_references_without_author(store) -> None:
    # every number below appears in the text without "<Name> et al[n]"; [146,147] share F146
    no_author = [
        ("30", "F30"),
        ("31", "F31"),
        ("81", "F81"),
        ("84", "F84"),
        ("87", "F87"),
        ("89", "F89"),
        ("92", "F92"),
        ("94", "F94"),
        ("95", "F95"),
        ("98", "F98"),
        ("99", "F99"),
        ("100", "F100a"),
        ("100", "F100b"),
        ("101", "F101"),
        ("103", "F103"),
        ("104", "F104"),
        ("105", "F105"),
        ("107", "F107"),
        ("111", "F111"),
        ("113", "F113"),
        ("114", "F114"),
        ("120", "F120"),
        ("121", "F121"),
        ("122", "F122"),
        ("125", "F125"),
        ("129", "F129"),
        ("130", "F130"),
        ("131", "F131a"),
        ("131", "F131b"),
        ("135", "F135"),
        ("136", "F136"),
        ("138", "F138"),
        ("142", "F142"),
        ("143", "F143"),
        ("145", "F145"),
        ("146", "F146"),
        ("147", "F146"),
        ("151", "F151"),
        ("155", "F155a"),
        ("155", "F155b"),
        ("157", "F157"),
        ("158", "F158"),
        ("164", "F164"),
        ("171", "F171"),
    ]
    assert answer(store, "references-without-author") == [(n, F + f) for n, f in no_author]


def test_out_of_scope_references(store) -> None:
    rows = answer(store, "out-of-scope-references")
    assert len(rows) == 52
    assert sum(int(r[1]) for r in rows) == 58  # 173 references = 115 cited by findings/tables + 58 out of scope
    assert rows[:4] == [
        (
            "Background: disadvantages of MSC therapy that restrict clinical use (cited as [12-15]); no experimental "
            "result reported.",
            "4",
            "12",
            "15",
        ),
        (
            "Background on MSC immunomodulation: induction of regulatory T cells and Tr1 cells (cited as [34,35]); "
            "general statement, no study result.",
            "2",
            "34",
            "35",
        ),
        (
            "Background: definition of stem cells (self-renewal, differentiation into multiple lineages), cited as [1,2]; "
            "no experimental result reported.",
            "2",
            "1",
            "2",
        ),
        (
            "Background: diseases for which MSCs are suitable (cited as [28,29]); general statement, no study result.",
            "2",
            "28",
            "29",
        ),
    ]
    assert all(r[1] == "1" and r[2] == r[3] for r in rows[4:])
    by_ref = {r[2]: r[0] for r in rows}
    assert by_ref["97"].startswith("Background on liver fibrosis")
    assert by_ref["173"].startswith(
        "Cited for the open question whether MSC exosomes are effective when given systemically"
    )
    assert by_ref["79"].startswith("Background on acute kidney injury, cited three times in the kidney section")
    # references that carry findings or table records are never out of scope
    assert not {"8", "9", "25", "30", "31", "72", "109", "146", "147", "171"} & {r[2] for r in rows}


def test_mappings_per_vocabulary(store) -> None:
    # Counted from data/entities and data/tables (COUNT DISTINCT entity per vocabulary and match).
    # EFO terms (http://www.ebi.ac.uk/efo/EFO_...) form one vocabulary "EFO": exact septic shock and
    # induced pluripotent stem cell, close diabetic foot ulcer and HUVEC -- not one row per raw IRI.
    # GO close includes the "exosomes of unstated origin" agent (GO:0070062); UBERON exact the seven
    # sources only in the Introduction's list; MeSH exact TEM, SEM, AFM, close size exclusion
    # chromatography ("Chromatography, Gel").
    assert answer(store, "mappings-per-vocabulary") == [
        ("CL", "close", "2"),
        ("CL", "exact", "4"),
        ("EFO", "close", "2"),
        ("EFO", "exact", "2"),
        ("GO", "close", "22"),
        ("GO", "exact", "43"),
        ("HP", "close", "2"),
        ("HP", "exact", "1"),
        ("MONDO", "close", "9"),
        ("MONDO", "exact", "24"),
        ("OBI", "exact", "4"),
        ("UBERON", "close", "1"),
        ("UBERON", "exact", "25"),
        ("cellosaurus", "close", "6"),
        ("cellosaurus", "exact", "2"),
        ("clinicaltrials", "exact", "8"),
        ("hgnc", "close", "11"),
        ("hgnc", "exact", "83"),
        ("mesh", "close", "2"),
        ("mesh", "exact", "10"),
        ("mirbase", "close", "11"),
        ("mirbase.mature", "close", "10"),
        ("mirbase.mature", "exact", "4"),
    ]
