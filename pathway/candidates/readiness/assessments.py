"""Readiness assessments: dated, kept as history; the latest is the candidate's current facts.

``assessment_problems`` is the one list of rules for impossible or contradictory facts: the
forms show its messages beside the fields, and ``record_assessment`` refuses what it finds,
so nothing is saved half-way whichever way the facts arrive.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from pathway.auth.models import User
from pathway.candidates.models import Candidate, ReadinessAssessment
from pathway.candidates.vocabulary import EnglishLevel, NrmDecision, RightToWork
from pathway.extensions import db
from pathway.refusals import ActionRefused

MAX_COMMIT_WEEKS = 520


@dataclass(frozen=True)
class AssessmentFacts:
    """What a coach assesses. None means "not assessed yet"."""

    assessed_on: date
    english_level: EnglishLevel
    english_assessed_on: date
    right_to_work: RightToWork
    nrm_decision: NrmDecision
    right_to_work_checked_on: date | None = None
    visa_issued_on: date | None = None
    visa_expires_on: date | None = None
    commit_weeks: int | None = None
    support_in_place: bool | None = None
    move_on_plan: bool | None = None
    custom_answers: dict[str, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Accept the enums' values too (as forms and factories give them).
        for name, kind in (
            ("english_level", EnglishLevel),
            ("right_to_work", RightToWork),
            ("nrm_decision", NrmDecision),
        ):
            object.__setattr__(self, name, kind(getattr(self, name)))

    @classmethod
    def from_fields(cls, values: dict, assessed_on: date) -> AssessmentFacts:
        """The facts among ``values`` (keyword arguments of a form or a factory)."""
        known = {f.name for f in fields(cls)} - {"assessed_on"}
        return cls(assessed_on=assessed_on, **{k: v for k, v in values.items() if k in known})

    @classmethod
    def of(cls, candidate: Candidate, assessed_on: date) -> AssessmentFacts:
        """The candidate's current facts, to start a new assessment from."""
        known = {f.name for f in fields(cls)} - {"assessed_on"}
        values = {name: getattr(candidate, name) for name in known}
        values["custom_answers"] = dict(candidate.custom_answers or {})
        return cls(assessed_on=assessed_on, **values)


FACT_FIELDS = tuple(f.name for f in fields(AssessmentFacts) if f.name != "assessed_on")


def assessment_problems(facts: AssessmentFacts, today: date) -> dict[str, str]:
    """Impossible or contradictory facts, as {field name: plain message}."""
    problems: dict[str, str] = {}

    def refuse(name: str, message: str) -> None:
        problems.setdefault(name, message)

    if facts.assessed_on > today:
        refuse("assessed_on", "An assessment cannot be dated in the future.")
    for name, what in (
        ("english_assessed_on", "English"),
        ("right_to_work_checked_on", "The right to work"),
    ):
        value = getattr(facts, name)
        if value is None:
            continue
        if value > today:
            refuse(name, "This date cannot be in the future.")
        elif value > facts.assessed_on:
            refuse(name, f"{what} cannot have been checked after the date of this assessment.")

    visa = facts.right_to_work is RightToWork.VISA
    issued, expires = facts.visa_issued_on, facts.visa_expires_on
    if not visa:
        for name, value in (("visa_issued_on", issued), ("visa_expires_on", expires)):
            if value is not None:
                refuse(name, "Only a visa has this date: clear it, or choose Visa above.")
    else:
        if expires is None:
            refuse("visa_expires_on", "Enter the visa's expiry date.")
        if issued is not None and issued > today:
            refuse("visa_issued_on", "A visa cannot have been issued in the future.")
        if issued is not None and expires is not None and expires <= issued:
            refuse("visa_expires_on", "The visa cannot expire before it was issued.")

    weeks = facts.commit_weeks
    if weeks is not None and not 0 <= weeks <= MAX_COMMIT_WEEKS:
        refuse("commit_weeks", f"Give a number of weeks from 0 to {MAX_COMMIT_WEEKS}.")
    if any(not isinstance(answer, bool) for answer in facts.custom_answers.values()):
        refuse("custom_answers", "Answer each programme's own criteria with yes or no.")
    return problems


def record_assessment(
    candidate: Candidate, coach: User, facts: AssessmentFacts, today: date
) -> ReadinessAssessment:
    """Add a dated assessment and, if it is the latest, make it the candidate's facts."""
    problems = assessment_problems(facts, today)
    if problems:
        raise ActionRefused("The assessment was not saved: " + " ".join(problems.values()))
    assessment = ReadinessAssessment(
        candidate=candidate,
        assessed_on=facts.assessed_on,
        assessed_by_id=coach.id,
        **{name: getattr(facts, name) for name in FACT_FIELDS},
    )
    assessment.custom_answers = dict(facts.custom_answers)
    db.session.add(assessment)
    latest = max(
        (a.assessed_on for a in candidate.assessments if a is not assessment), default=None
    )
    if latest is None or facts.assessed_on >= latest:
        for name in FACT_FIELDS:
            setattr(candidate, name, getattr(facts, name))
        candidate.custom_answers = dict(facts.custom_answers)
    db.session.flush()
    return assessment


def latest_first(candidate: Candidate) -> list[ReadinessAssessment]:
    return sorted(candidate.assessments, key=lambda a: (a.assessed_on, a.id), reverse=True)
