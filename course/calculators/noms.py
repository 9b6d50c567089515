"""The NOMS decision pathway for spinal metastases: neurologic, oncologic, mechanical, systemic.

Primary publication: Laufer I, Rubin DG, Lis E, et al. The NOMS framework: approach to the
treatment of spinal metastatic tumors. Oncologist 2013;18(6):744-751.
doi:10.1634/theoncologist.2012-0293. PMID 23709750.

The framework asks four questions in turn, and this module answers them from a few findings:

- **N**eurologic: how much epidural tumor is there (Bilsky ESCC grade on axial T2 MRI) and does
  the patient have a neurological deficit? Grades 0, 1a and 1b are low grade, 2 and 3 high
  grade, 1c in between (Bilsky 2010). A deficit calls for dexamethasone 16 mg at once and
  treatment as an emergency (NICE NG234, 2023).
- **O**ncologic: how radiosensitive is the tumor? Radiosensitive tumors are treated with
  conventional external-beam radiotherapy whatever the ESCC grade; radioresistant tumors need a
  stereotactic dose, and when the cord is compressed (grade 2-3) "separation surgery" first
  frees a margin around the cord so that the dose can be given safely (Laufer 2013; Bilsky
  grade management as reproduced by Radiopaedia and UpToDate, course evidence sheet 4.6).
- **M**echanical: is the spine stable? SINS 0-6 stable, 7-12 potentially unstable (a spine
  surgeon's opinion), 13-18 unstable (stabilization) (Fisher 2010; Fourney 2011). Radiotherapy
  does not restore stability. Mechanical pain without gross instability may be treated with
  percutaneous cement augmentation (NOMS abstracts).
- **S**ystemic: can the patient tolerate surgery, and is the expected survival long enough?
  The surgery-plus-radiotherapy trial enrolled patients expected to live at least 3 months and
  not paraplegic for more than 48 hours (Patchell 2005); SBRT in SC.24 was not meant for a life
  expectancy under 3 months (Sahgal 2021). When surgery is not possible, palliative conventional
  radiotherapy (8 Gy x 1 is acceptable for cord compression; Hoskin 2019, SCORAD III) and
  supportive care remain.

Evidence status: the course evidence sheet marks the NOMS framework itself [unverified]; its
structure above was checked against the abstract of Laufer 2013 and an MSKCC review abstract.
The Bilsky management rule, the SINS bands, the Patchell criteria and the NICE dexamethasone dose
are verified in the sheet. The histology-to-radiosensitivity list (:data:`RADIOSENSITIVITY`) is
"standard teaching, unverified as a list" there, except lymphoma, myeloma, leukemia and germ-cell
tumors, which Patchell excluded as radiosensitive.

A teaching model of how a team reasons, not a treatment algorithm. For education only, not for
clinical decisions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from numbers import Real
from typing import Literal, get_args

from course.calculators.bilsky import bilsky_grade_description, bilsky_is_high_grade
from course.calculators.sins import sins_band, sins_location, sins_score

__all__ = [
    "NEUROLOGY",
    "NOMS_CASES",
    "RADIOSENSITIVITY",
    "RADIOSENSITIVITY_NOTE",
    "REFERENCE",
    "SURGERY_MIN_SURVIVAL_MONTHS",
    "NomsCase",
    "NomsDecision",
    "NomsStep",
    "decide_case",
    "noms_decision",
    "radiosensitivity_of",
]

REFERENCE: str = (
    "Laufer I, Rubin DG, Lis E, et al. The NOMS framework: approach to the treatment of spinal "
    "metastatic tumors. Oncologist 2013;18(6):744-751. doi:10.1634/theoncologist.2012-0293. "
    "PMID 23709750."
)

_PATCHELL = (
    "Patchell RA et al. Lancet 2005;366:643-648. doi:10.1016/S0140-6736(05)66954-1; PMID 16112300"
)
_NICE = "NICE NG234 (2023), spinal metastases and metastatic spinal cord compression"
_BILSKY = "Bilsky MH et al. J Neurosurg Spine 2010;13:324-328. PMID 20809724"
_SINS = "Fisher CG et al. Spine 2010;35:E1221-E1229; Fourney DR et al. J Clin Oncol 2011;29:3072"
_SCORAD = "Hoskin PJ et al. JAMA 2019;322:2084-2094. doi:10.1001/jama.2019.17913"
_SC24 = "Sahgal A et al. Lancet Oncol 2021 (SC.24)"
_NOMS = "Laufer I et al. Oncologist 2013;18:744-751. doi:10.1634/theoncologist.2012-0293"

#: Below this expected survival (months), open surgery is not offered (Patchell 2005 criterion).
SURGERY_MIN_SURVIVAL_MONTHS: float = 3.0

Radiosensitivity = Literal["sensitive", "resistant"]
Neurology = Literal["intact", "deficit", "paraplegic_over_48h"]
Surgery = Literal["none", "separation_surgery", "stabilization", "separation_and_stabilization"]
Radiotherapy = Literal["conventional", "stereotactic"]

RADIOSENSITIVITIES: tuple[str, ...] = get_args(Radiosensitivity)
#: Neurological status: no deficit, a deficit (weakness, sensory loss, sphincter trouble), or
#: complete paraplegia for more than 48 hours (excluded from Patchell's trial).
NEUROLOGY: tuple[str, ...] = get_args(Neurology)

#: Histology -> usual response to conventional radiotherapy (teaching simplification).
RADIOSENSITIVITY: dict[str, str] = {
    "lymphoma": "sensitive",
    "myeloma": "sensitive",
    "germ-cell tumor": "sensitive",
    "small-cell lung cancer": "sensitive",
    "breast cancer": "sensitive",
    "prostate cancer": "sensitive",
    "renal cell carcinoma": "resistant",
    "melanoma": "resistant",
    "sarcoma": "resistant",
    "gastrointestinal cancer": "resistant",
}

RADIOSENSITIVITY_NOTE: str = (
    "Radiosensitive: lymphoma, myeloma, germ-cell tumors, small-cell lung cancer and many breast "
    "and prostate cancers; relatively radioresistant: renal cell carcinoma, melanoma, sarcoma and "
    "many gastrointestinal cancers (standard teaching; the course evidence sheet marks the list "
    "unverified, except lymphoma, myeloma and germ-cell tumors, which Patchell 2005 excluded as "
    "radiosensitive). Response varies within a histology."
)


def radiosensitivity_of(histology: str) -> Radiosensitivity:
    """Usual radiosensitivity of a histology in :data:`RADIOSENSITIVITY`.

    >>> radiosensitivity_of("renal cell carcinoma")
    'resistant'
    """
    if not isinstance(histology, str) or histology.strip().lower() not in RADIOSENSITIVITY:
        allowed = ", ".join(repr(h) for h in RADIOSENSITIVITY)
        raise ValueError(f"Unknown histology {histology!r}; choose one of {allowed}.")
    return RADIOSENSITIVITY[histology.strip().lower()]  # type: ignore[return-value]


@dataclass(frozen=True)
class NomsStep:
    """One of the four questions, with what was found and why it matters.

    Attributes:
        letter: ``"N"``, ``"O"``, ``"M"`` or ``"S"``.
        name: ``"Neurologic"``, ``"Oncologic"``, ``"Mechanical"`` or ``"Systemic"``.
        finding: what the team sees, in a short line (for a diagram).
        conclusion: what the finding implies, in a short line (for a diagram).
        reasoning: the full reasoning, in sentences.
        source: where the rule comes from.
    """

    letter: str
    name: str
    finding: str
    conclusion: str
    reasoning: str
    source: str


@dataclass(frozen=True)
class NomsDecision:
    """Result of :func:`noms_decision`.

    Attributes:
        surgery: ``"none"``, ``"separation_surgery"`` (decompression of the cord before
            radiotherapy), ``"stabilization"`` or ``"separation_and_stabilization"``.
        radiotherapy: ``"conventional"`` or ``"stereotactic"`` (after surgery when there is
            surgery).
        dexamethasone: True when a neurological deficit calls for dexamethasone 16 mg now.
        surgical_opinion: True when a spine surgeon's opinion is warranted for a patient who
            could have surgery (high-grade compression in a radioresistant tumor, or SINS 7 or
            more).
        surgical_candidate: True when fit for surgery with an expected survival of 3 months or
            more (Patchell 2005 criterion).
        debated: True when the framework leaves the choice open (Bilsky 1c in a radioresistant
            tumor).
        steps: the four :class:`NomsStep` in the order N, O, M, S.
        recommendation: the plan in one or two sentences.
        cautions: what the plan leaves unsolved or what to watch.
    """

    surgery: Surgery
    radiotherapy: Radiotherapy
    dexamethasone: bool
    surgical_opinion: bool
    surgical_candidate: bool
    debated: bool
    steps: tuple[NomsStep, ...]
    recommendation: str
    cautions: tuple[str, ...] = field(default=())


def _choice(name: str, value: object, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"The {name} must be one of {options}; got {value!r}.")
    return value


def _survival(value: object) -> float:
    message = (
        f"The expected survival must be a positive number of months (for example 6); got {value!r}."
    )
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(message)
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(message)
    return number


def _months(value: float) -> str:
    return f"{value:g} month" + ("" if value == 1 else "s")


def noms_decision(
    *,
    bilsky_grade: str,
    radiosensitivity: Radiosensitivity,
    sins_total: int,
    neurology: Neurology = "intact",
    fit_for_surgery: bool,
    expected_survival_months: float,
) -> NomsDecision:
    """Walk the NOMS pathway for one spinal metastasis and explain each step.

    Args:
        bilsky_grade: ``"0"``, ``"1a"``, ``"1b"``, ``"1c"``, ``"2"`` or ``"3"``.
        radiosensitivity: ``"sensitive"`` or ``"resistant"`` (see :func:`radiosensitivity_of`).
        sins_total: the SINS total, 0-18 (see :func:`course.calculators.sins.sins_score`).
        neurology: ``"intact"``, ``"deficit"`` or ``"paraplegic_over_48h"``.
        fit_for_surgery: whether the patient's general health allows an operation.
        expected_survival_months: the team's estimate of survival, in months (> 0).

    Returns:
        A :class:`NomsDecision` with the plan and the reasoning of each step.

    Raises:
        ValueError: for an unknown grade, radiosensitivity or neurology, a SINS total outside
            0-18, a non-bool ``fit_for_surgery`` or a non-positive survival.

    Example (radioresistant tumor, high-grade compression, stable spine, fit):
        >>> d = noms_decision(bilsky_grade="2", radiosensitivity="resistant", sins_total=5,
        ...                   fit_for_surgery=True, expected_survival_months=12)
        >>> d.surgery, d.radiotherapy
        ('separation_surgery', 'stereotactic')
    """
    high = bilsky_is_high_grade(bilsky_grade)  # validates the grade
    grade = str(bilsky_grade).strip().lower()
    sensitivity = _choice("radiosensitivity", radiosensitivity, RADIOSENSITIVITIES)
    band = sins_band(sins_total)  # validates the total
    neuro = _choice("neurology", neurology, NEUROLOGY)
    if not isinstance(fit_for_surgery, bool):
        raise ValueError(
            f"fit_for_surgery must be True or False (can the patient tolerate an operation?); "
            f"got {fit_for_surgery!r}."
        )
    survival = _survival(expected_survival_months)
    candidate = fit_for_surgery and survival >= SURGERY_MIN_SURVIVAL_MONTHS
    cautions: list[str] = []

    # N: neurologic ------------------------------------------------------------------------
    group = "high-grade" if high else ("intermediate" if grade == "1c" else "low-grade")
    dexamethasone = neuro != "intact"
    neuro_words = {
        "intact": "no neurological deficit",
        "deficit": "a neurological deficit",
        "paraplegic_over_48h": "complete paraplegia for more than 48 hours",
    }[neuro]
    reasoning_n = (
        f"Bilsky grade {grade}: {bilsky_grade_description(grade)} This is {group} epidural "
        f"compression. The patient has {neuro_words}."
    )
    if dexamethasone:
        reasoning_n += (
            " A deficit makes this an emergency: dexamethasone 16 mg at once, and definitive "
            "treatment without delay."
        )
    if neuro == "paraplegic_over_48h":
        reasoning_n += (
            " Patients paraplegic for more than 48 hours were excluded from the trial that showed "
            "decompression helps people walk, so surgery is not expected to restore walking."
        )
    if high:
        conclusion_n = "cord compressed"
    elif grade == "1c":
        conclusion_n = "tumor touches the cord"
    else:
        conclusion_n = "no cord compression"
    if dexamethasone:
        conclusion_n = f"emergency: dexamethasone 16 mg; {conclusion_n}"
    step_n = NomsStep(
        "N",
        "Neurologic",
        f"Bilsky {grade} ({group}); {neuro_words}",
        conclusion_n,
        reasoning_n,
        f"{_BILSKY}; {_NICE}; {_PATCHELL}",
    )

    # O: oncologic -------------------------------------------------------------------------
    needs_separation = False
    debated = False
    if sensitivity == "sensitive":
        radiotherapy: Radiotherapy = "conventional"
        conclusion_o = "conventional radiotherapy, whatever the grade"
        reasoning_o = (
            "The tumor is radiosensitive: conventional external-beam radiotherapy controls it "
            "whatever the degree of epidural compression, so compression alone does not call "
            "for surgery."
        )
    elif high:
        radiotherapy = "stereotactic"
        needs_separation = True
        conclusion_o = "separation surgery, then stereotactic radiotherapy"
        reasoning_o = (
            "The tumor is radioresistant, so it needs a stereotactic (high) dose. With the cord "
            "compressed that dose cannot be given safely: separation surgery first decompresses "
            "the cord and creates a margin between tumor and cord, then stereotactic "
            "radiotherapy treats what remains."
        )
    elif grade == "1c":
        radiotherapy = "stereotactic"
        debated = True
        conclusion_o = "stereotactic radiotherapy or surgery first: debated"
        reasoning_o = (
            "The tumor is radioresistant and the epidural tumor touches the cord without "
            "compressing it (grade 1c). Whether stereotactic radiotherapy alone or separation "
            "surgery first is better is debated; the team weighs it case by case."
        )
    else:
        radiotherapy = "stereotactic"
        conclusion_o = "stereotactic radiotherapy"
        reasoning_o = (
            "The tumor is radioresistant but the cord is not compressed (low grade), so "
            "stereotactic radiotherapy can give a high dose while sparing the cord, without "
            "surgery."
        )
    step_o = NomsStep(
        "O",
        "Oncologic",
        f"radio{sensitivity} tumor",
        conclusion_o,
        reasoning_o,
        f"{_NOMS}; {_BILSKY} (management as reproduced in the course evidence sheet 4.6)",
    )

    # M: mechanical ------------------------------------------------------------------------
    needs_stabilization = band == "unstable"
    if band == "stable":
        conclusion_m = "stable: no stabilization needed"
        reasoning_m = (
            f"SINS {sins_total} (0-6): stable. The spine is not expected to give way under normal "
            "loads, so stability does not call for surgery."
        )
    elif band == "potentially_unstable":
        conclusion_m = "potentially unstable: spine surgeon's opinion"
        reasoning_m = (
            f"SINS {sins_total} (7-12): potentially unstable. A spine surgeon should give an "
            "opinion; depending on the whole picture the answer may be stabilization, or "
            "percutaneous cement augmentation for mechanical pain without gross instability, "
            "or no procedure."
        )
    else:
        conclusion_m = "unstable: stabilization needed"
        reasoning_m = (
            f"SINS {sins_total} (13-18): unstable. Radiotherapy does not restore stability, so "
            "the spine needs stabilization whatever the tumor's radiosensitivity."
        )
    step_m = NomsStep("M", "Mechanical", f"SINS {sins_total}", conclusion_m, reasoning_m, _SINS)

    # S: systemic --------------------------------------------------------------------------
    wants_separation = needs_separation and neuro != "paraplegic_over_48h"
    if needs_separation and not wants_separation:
        # Without separation, a stereotactic dose cannot be given safely next to the cord.
        radiotherapy = "conventional"
        cautions.append(
            "Decompression is not expected to restore walking after more than 48 hours of "
            "paraplegia (excluded from Patchell 2005)."
        )
    surgery_indicated = wants_separation or needs_stabilization
    fitness = "fit for surgery" if fit_for_surgery else "not fit for surgery"
    reasoning_s = (
        f"Expected survival about {_months(survival)}; {fitness}. Open surgery is offered to "
        "patients fit enough for it and expected to live at least 3 months (Patchell 2005 "
        "criterion). Systemic therapy for the primary cancer continues alongside, planned by the "
        "oncologist."
    )
    if needs_separation and not wants_separation:
        reasoning_s += (
            " Decompression is not offered after more than 48 hours of paraplegia, and without it "
            "a stereotactic dose cannot be given safely next to the compressed cord: conventional "
            "radiotherapy instead."
        )
    if surgery_indicated and candidate:
        conclusion_s = "surgery is reasonable"
        surgery: Surgery = (
            "separation_and_stabilization"
            if wants_separation and needs_stabilization
            else ("separation_surgery" if wants_separation else "stabilization")
        )
    elif surgery_indicated:
        conclusion_s = "not a surgical candidate: radiotherapy alone"
        surgery = "none"
        reasoning_s += (
            " Surgery would be indicated, but the patient is not a candidate, so the plan is "
            "palliative conventional radiotherapy (a single 8 Gy fraction is acceptable for cord "
            "compression) with supportive care."
        )
        if needs_stabilization:
            cautions.append(
                "The spine stays unstable without surgery: expect mechanical pain and a risk of "
                "deformity; less invasive options (such as cement augmentation) may be discussed."
            )
        radiotherapy = "conventional"
    else:
        conclusion_s = "no surgery needed"
        surgery = "none"
    palliative = surgery_indicated and not candidate
    if radiotherapy == "stereotactic" and survival < SURGERY_MIN_SURVIVAL_MONTHS:
        palliative = True
        radiotherapy = "conventional"
        reasoning_s += (
            " With an expected survival under 3 months, stereotactic radiotherapy is not the "
            "choice (the SC.24 authors did not advise it for a life expectancy under 3 months): "
            "palliative conventional radiotherapy instead."
        )
        conclusion_s += "; conventional, not stereotactic, radiotherapy"
    step_s = NomsStep(
        "S",
        "Systemic",
        f"{fitness}; survival about {_months(survival)}",
        conclusion_s,
        reasoning_s,
        f"{_PATCHELL}; {_SCORAD}; {_SC24}",
    )

    surgical_opinion = candidate and (wants_separation or band != "stable")
    if band == "potentially_unstable" and surgery == "separation_surgery":
        cautions.append(
            "SINS 7-12: the surgeon decides whether to add stabilization to the separation surgery."
        )
    if debated:
        cautions.append("Bilsky 1c in a radioresistant tumor: teams differ; discuss at the MDT.")

    # Plan -------------------------------------------------------------------------------------
    parts = []
    if dexamethasone:
        parts.append("Dexamethasone 16 mg now")
    surgery_words = {
        "none": "",
        "separation_surgery": "separation surgery (decompression of the cord)",
        "stabilization": "stabilization surgery",
        "separation_and_stabilization": (
            "separation surgery (decompression of the cord) with stabilization"
        ),
    }[surgery]
    if radiotherapy == "stereotactic":
        rt_words = "stereotactic radiotherapy"
    elif palliative:
        rt_words = (
            "palliative conventional external-beam radiotherapy (a single 8 Gy fraction is "
            "acceptable) with supportive care"
        )
    else:
        rt_words = "conventional external-beam radiotherapy"
    if surgery != "none":
        parts.append(f"{surgery_words}, then {rt_words} after the operation")
    else:
        parts.append(rt_words)
    if band == "potentially_unstable" and surgery == "none" and candidate:
        parts.append("ask a spine surgeon about stability")
    recommendation = "; ".join(parts) + "."
    recommendation = recommendation[0].upper() + recommendation[1:]

    return NomsDecision(
        surgery=surgery,
        radiotherapy=radiotherapy,
        dexamethasone=dexamethasone,
        surgical_opinion=surgical_opinion,
        surgical_candidate=candidate,
        debated=debated,
        steps=(step_n, step_o, step_m, step_s),
        recommendation=recommendation,
        cautions=tuple(cautions),
    )


@dataclass(frozen=True)
class NomsCase:
    """A synthetic patient with one spinal metastasis, for running the pathway."""

    key: str
    name: str
    story: str
    histology: str
    level: str
    bilsky_grade: str
    sins: dict[str, str]
    neurology: Neurology
    fit_for_surgery: bool
    expected_survival_months: float

    @property
    def sins_total(self) -> int:
        """SINS total of the case (location taken from its level)."""
        return sins_score(location=sins_location(self.level), **self.sins).total

    @property
    def radiosensitivity(self) -> Radiosensitivity:
        return radiosensitivity_of(self.histology)


def decide_case(case: NomsCase) -> NomsDecision:
    """Run :func:`noms_decision` on a :class:`NomsCase`."""
    return noms_decision(
        bilsky_grade=case.bilsky_grade,
        radiosensitivity=case.radiosensitivity,
        sins_total=case.sins_total,
        neurology=case.neurology,
        fit_for_surgery=case.fit_for_surgery,
        expected_survival_months=case.expected_survival_months,
    )


def _sins(pain: str, lesion: str, alignment: str, collapse: str, posterolateral: str) -> dict:
    return {
        "pain": pain,
        "bone_lesion": lesion,
        "alignment": alignment,
        "collapse": collapse,
        "posterolateral": posterolateral,
    }


#: Synthetic teaching cases (not real patients), used in notebook 5.3 and its tests.
NOMS_CASES: tuple[NomsCase, ...] = (
    NomsCase(
        "myeloma",
        "Mr. Tomas Varga, 71",
        "Myeloma; back pain for three weeks, walking normally. MRI: T8 lesion with epidural "
        "tumor compressing the cord, CSF still visible.",
        "myeloma",
        "T8",
        "2",
        _sins("occasional", "lytic", "normal", "none_over_50_involved", "none"),
        "intact",
        True,
        24,
    ),
    NomsCase(
        "rcc_low_grade",
        "Mr. Daniel Okafor, 58",
        "Renal cell carcinoma with a single painful metastasis at L1; no weakness. MRI: epidural "
        "tumor touching the thecal sac without deforming it.",
        "renal cell carcinoma",
        "L1",
        "1a",
        _sins("occasional", "lytic", "normal", "none", "none"),
        "intact",
        True,
        24,
    ),
    NomsCase(
        "melanoma_compression",
        "Ms. Amira Haddad, 49",
        "Melanoma; two days of leg weakness and a band of pain around the chest. MRI: T10 "
        "epidural tumor compressing the cord, no CSF visible.",
        "melanoma",
        "T10",
        "3",
        _sins("mechanical", "lytic", "normal", "under_50", "unilateral"),
        "deficit",
        True,
        12,
    ),
    NomsCase(
        "prostate_unstable",
        "Mr. George Whitfield, 76",
        "Prostate cancer; severe back pain on standing or turning in bed, eased lying flat. "
        "CT: L1 collapsed by more than half, with the vertebra shifted forward.",
        "prostate cancer",
        "L1",
        "1b",
        _sins("mechanical", "mixed", "subluxation", "over_50", "bilateral"),
        "intact",
        True,
        30,
    ),
    NomsCase(
        "frail_gi",
        "Mrs. Edith Brennan, 83",
        "Widespread gastrointestinal cancer, in bed most of the day; new leg weakness. MRI: T6 "
        "epidural compression, CSF still visible. The team expects survival of about six weeks.",
        "gastrointestinal cancer",
        "T6",
        "2",
        _sins("occasional", "lytic", "normal", "under_50", "unilateral"),
        "deficit",
        False,
        1.5,
    ),
    NomsCase(
        "rcc_1c",
        "Mrs. Lena Sorensen, 62",
        "Renal cell carcinoma; dull back pain, no weakness. MRI: T5 epidural tumor deforming the "
        "thecal sac and touching the cord without compressing it.",
        "renal cell carcinoma",
        "T5",
        "1c",
        _sins("occasional", "mixed", "normal", "none", "unilateral"),
        "intact",
        True,
        18,
    ),
)
