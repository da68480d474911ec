"""Programmes: created from a template, their stages edited without touching placements."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pathway.auth.models import Organisation
from pathway.candidates.vocabulary import DEFAULT_QUALIFYING_NRM, EnglishLevel
from pathway.durations import DurationUnit
from pathway.employers.models import (
    Programme,
    ProgrammeCriterion,
    ProgrammeStage,
    Site,
)
from pathway.extensions import db
from pathway.refusals import ActionRefused


@dataclass(frozen=True)
class StageSpec:
    name: str
    duration_amount: int | None
    duration_unit: DurationUnit | None
    is_interview: bool = False


FRESH_START = (
    StageSpec("Meet and greet", 30, DurationUnit.MINUTES),
    StageSpec("Shadow day", 1, DurationUnit.DAYS),
    StageSpec("Six-week training", 6, DurationUnit.WEEKS),
    StageSpec("Guaranteed interview", None, None, is_interview=True),
)
TEMPLATES = {"fresh_start": ("Fresh Start", FRESH_START)}


def create_programme(
    employer: Organisation,
    name: str,
    sites: list[Site],
    template: str = "fresh_start",
    min_english_level: EnglishLevel = EnglishLevel.ENTRY_3,
    right_to_work_required: bool = True,
    min_age: int = 18,
    qualifying_nrm: list[str] | None = None,
    custom_criteria: list[str] | None = None,
    **criteria,
) -> Programme:
    """A new programme for ``employer`` with the stages of a ready-made template.
    ``criteria`` may set any of the other readiness criteria (see ``MORE_CRITERIA``)."""
    _check_sites(employer, sites)
    _, stages = TEMPLATES[template]
    programme = Programme(
        employer=employer,
        name=name.strip(),
        sites=list(sites),
        min_english_level=min_english_level,
        right_to_work_required=right_to_work_required,
        min_age=min_age,
        qualifying_nrm=list(qualifying_nrm or [d.value for d in DEFAULT_QUALIFYING_NRM]),
        **{name: criteria[name] for name in MORE_CRITERIA if name in criteria},
    )
    db.session.add(programme)
    set_stages(programme, list(stages))
    set_custom_criteria(programme, custom_criteria or [])
    return programme


MORE_CRITERIA = (
    "english_fresh_months",
    "right_to_work_fresh_months",
    "commitment_required",
    "support_required",
    "move_on_plan_required",
    "places_per_site",
    # Timings the reminders, the interview guarantee and the follow-ups use.
    "interview_within_days",
    "stale_after_days",
    "escalate_after_days",
    "follow_up_by",
)
MAX_CUSTOM_CRITERIA = 10
CUSTOM_CRITERION_LENGTH = 200
# A programme's own criterion must not restate (and so perhaps contradict) a built-in one.
_BUILT_IN = re.compile(
    r"\b(english|esol|right to work|nrm|national referral|aged?|move[- ]on plan"
    r"|commit(?:ted|ment)? to the (?:whole )?programme|professional support|caseworker)\b",
    re.I,
)


def custom_criteria_lines(text: str | None) -> list[str]:
    """One criterion per non-empty line, spaces tidied."""
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def custom_criteria_problems(lines: list[str]) -> list[str]:
    problems = []
    if len(lines) > MAX_CUSTOM_CRITERIA:
        problems.append(f"A programme can have at most {MAX_CUSTOM_CRITERIA} of its own criteria.")
    seen: set[str] = set()
    for line in lines:
        if len(line) > CUSTOM_CRITERION_LENGTH:
            problems.append(f"Keep each criterion to {CUSTOM_CRITERION_LENGTH} characters.")
        if line.lower() in seen:
            problems.append(f'"{line}" is listed twice.')
        seen.add(line.lower())
        if _BUILT_IN.search(line):
            problems.append(
                f'"{line}" repeats a criterion set above (English, right to work, age, NRM, '
                "commitment, professional support or move-on plan): use that setting instead, "
                "so the two cannot contradict each other."
            )
    return problems


def set_custom_criteria(programme: Programme, lines: list[str]) -> None:
    """Replace the programme's own criteria; one kept unchanged keeps its coaches' answers."""
    lines = custom_criteria_lines("\n".join(lines))
    problems = custom_criteria_problems(lines)
    if problems:
        raise ActionRefused(" ".join(problems))
    existing = {c.text.lower(): c for c in programme.custom_criteria}
    kept = []
    for position, text in enumerate(lines):
        criterion = existing.pop(text.lower(), None) or ProgrammeCriterion(text=text)
        criterion.position = position
        criterion.text = text
        kept.append(criterion)
    programme.custom_criteria = kept
    db.session.flush()


def set_stages(programme: Programme, stages: list[StageSpec]) -> None:
    """Replace a programme's stages. Placements under way keep their own copy."""
    if not stages:
        raise ActionRefused("A programme needs at least one stage before its interview.")
    interviews = [i for i, stage in enumerate(stages) if stage.is_interview]
    if interviews != [len(stages) - 1]:
        raise ActionRefused("A programme ends with exactly one guaranteed interview stage.")
    if len(stages) < 2:
        raise ActionRefused("A programme needs at least one stage before its interview.")
    programme.stages.clear()
    db.session.flush()
    for position, spec in enumerate(stages):
        programme.stages.append(
            ProgrammeStage(
                position=position,
                name=spec.name.strip(),
                duration_amount=spec.duration_amount,
                duration_unit=spec.duration_unit,
                is_interview=spec.is_interview,
            )
        )
    db.session.flush()


def update_programme(
    programme: Programme, name: str, active: bool, sites: list[Site], **criteria
) -> None:
    """Change a programme's name, whether it takes nominations, its sites and criteria."""
    set_sites(programme, sites)
    programme.name = name.strip()
    programme.active = active
    names = ("min_english_level", "right_to_work_required", "min_age", "qualifying_nrm")
    for criterion in (*names, *MORE_CRITERIA):
        if criterion in criteria:
            setattr(programme, criterion, criteria[criterion])
    if "custom_criteria" in criteria:
        set_custom_criteria(programme, criteria["custom_criteria"])
    db.session.flush()


def set_sites(programme: Programme, sites: list[Site]) -> None:
    _check_sites(programme.employer, sites)
    programme.sites = list(sites)
    db.session.flush()


def _check_sites(employer: Organisation, sites: list[Site]) -> None:
    foreign = [site.name for site in sites if site.employer_id != employer.id]
    if foreign:
        raise ActionRefused(f"Not {employer.name}'s sites: {', '.join(foreign)}.")
