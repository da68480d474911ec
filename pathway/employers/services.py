"""Programmes: created from a template, their stages edited without touching placements."""

from __future__ import annotations

from dataclasses import dataclass

from pathway.auth.models import Organisation
from pathway.candidates.vocabulary import DEFAULT_QUALIFYING_NRM, EnglishLevel
from pathway.employers.models import DurationUnit, Programme, ProgrammeStage, Site
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
) -> Programme:
    """A new programme for ``employer`` with the stages of a ready-made template."""
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
    )
    db.session.add(programme)
    set_stages(programme, list(stages))
    return programme


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
    for criterion in ("min_english_level", "right_to_work_required", "min_age", "qualifying_nrm"):
        if criterion in criteria:
            setattr(programme, criterion, criteria[criterion])
    db.session.flush()


def set_sites(programme: Programme, sites: list[Site]) -> None:
    _check_sites(programme.employer, sites)
    programme.sites = list(sites)
    db.session.flush()


def _check_sites(employer: Organisation, sites: list[Site]) -> None:
    foreign = [site.name for site in sites if site.employer_id != employer.id]
    if foreign:
        raise ActionRefused(f"Not {employer.name}'s sites: {', '.join(foreign)}.")
