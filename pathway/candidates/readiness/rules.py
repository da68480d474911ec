"""Is a candidate ready for a programme? One pure function, one plain reason per criterion.

The verdict is one of three states: *ready* when every criterion the programme requires is
met; *not ready* when any is not met; *needs re-check* when none fails outright but a fact is
out of date or not yet assessed (English assessed too long ago, a right-to-work check due, a
visa ending before the programme would, a custom criterion never answered). A stale fact
never yields "ready".
"""

from __future__ import annotations

import calendar
import enum
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple, Protocol

from pathway.candidates.vocabulary import EnglishLevel, NrmDecision, RightToWork
from pathway.durations import DurationUnit
from pathway.vocabulary import Labelled


class CandidateFacts(Protocol):
    date_of_birth: date
    english_level: EnglishLevel
    english_assessed_on: date
    right_to_work: RightToWork
    right_to_work_checked_on: date | None
    visa_expires_on: date | None
    nrm_decision: NrmDecision
    commit_weeks: int | None
    support_in_place: bool | None
    move_on_plan: bool | None
    custom_answers: Mapping[str, bool]


class StageLength(Protocol):
    duration_amount: int | None
    duration_unit: DurationUnit | None


class CustomCriterion(Protocol):
    id: int
    text: str


class ProgrammeCriteria(Protocol):
    min_english_level: EnglishLevel
    english_fresh_months: int
    right_to_work_required: bool
    right_to_work_fresh_months: int
    min_age: int
    qualifying_nrm: list[str]
    commitment_required: bool
    support_required: bool
    move_on_plan_required: bool
    stages: Sequence[StageLength]
    custom_criteria: Sequence[CustomCriterion]


class ReadinessState(Labelled):
    READY = "ready", "ready"
    NOT_READY = "not_ready", "not ready"
    NEEDS_RECHECK = "needs_recheck", "needs re-check"


class Status(enum.StrEnum):
    """How one criterion stands."""

    MET = "met"
    NOT_MET = "not_met"
    RECHECK = "recheck"


class CriterionResult(NamedTuple):
    criterion: str
    status: Status
    explain: Callable[[], str]  # the plain reason, put into words only when it is read

    @property
    def reason(self) -> str:
        # A caseload checks hundreds of candidates and shows no reasons: wording them all
        # (dates formatted, labels looked up) was most of its cost.
        return self.explain()


@dataclass(frozen=True)
class Verdict:
    results: tuple[CriterionResult, ...]

    @property
    def state(self) -> ReadinessState:
        statuses = {result.status for result in self.results}
        if Status.NOT_MET in statuses:
            return ReadinessState.NOT_READY
        if Status.RECHECK in statuses:
            return ReadinessState.NEEDS_RECHECK
        return ReadinessState.READY

    @property
    def ready(self) -> bool:
        return self.state is ReadinessState.READY

    def _reasons(self, status: Status) -> tuple[str, ...]:
        return tuple(r.reason for r in self.results if r.status is status)

    @property
    def met(self) -> tuple[str, ...]:
        return self._reasons(Status.MET)

    @property
    def unmet(self) -> tuple[str, ...]:
        return self._reasons(Status.NOT_MET)

    @property
    def to_recheck(self) -> tuple[str, ...]:
        return self._reasons(Status.RECHECK)

    @property
    def blocking(self) -> tuple[str, ...]:
        """What would make the candidate ready: every criterion not met or to re-check."""
        return tuple(r.reason for r in self.results if r.status is not Status.MET)


# --- dates --------------------------------------------------------------------------------


def age_on(born: date, today: date) -> int:
    had_birthday = (today.month, today.day) >= (born.month, born.day)
    return today.year - born.year - (0 if had_birthday else 1)


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day if shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_after(day: date, months: int) -> date:
    return months_before(day, -months)


def programme_days(programme: ProgrammeCriteria) -> int:
    """The programme's length in whole days: the sum of its stages' expected durations."""
    total = sum(
        stage.duration_unit.calendar_days(stage.duration_amount)
        for stage in programme.stages
        if stage.duration_amount and stage.duration_unit
    )
    return math.ceil(total)


def programme_weeks(programme: ProgrammeCriteria) -> int:
    return math.ceil(programme_days(programme) / 7)


def programme_end(programme: ProgrammeCriteria, today: date) -> date:
    """When the programme would end for a candidate starting today."""
    return today + timedelta(days=programme_days(programme))


def _day(value: date) -> str:
    return f"{value:%d %b %Y}"


# --- the criteria -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeTerms:
    """A programme's criteria copied out, with what the checks derive from them (its length
    and end, the freshness cut-offs) worked out once for ``today``: the caseload checks
    hundreds of candidates against the same few programmes. It reads like the programme
    (``checks_going_stale`` takes either)."""

    today: date
    min_english_level: EnglishLevel
    english_fresh_months: int
    right_to_work_required: bool
    right_to_work_fresh_months: int
    min_age: int
    qualifying: tuple[NrmDecision, ...]
    days: int
    end: date
    english_since: date  # assessed before this: re-assess
    right_to_work_since: date  # a time-limited permission checked before this: check again
    checks: tuple[Callable[[CandidateFacts, ProgrammeTerms], CriterionResult], ...]
    custom: tuple[tuple[str, str], ...]  # (answer key, text) of the programme's own criteria

    @property
    def weeks(self) -> int:
        return math.ceil(self.days / 7)


def programme_terms(programme: ProgrammeCriteria, today: date) -> ProgrammeTerms:
    checks = [_english, _age, _nrm]
    if programme.right_to_work_required:
        checks.insert(1, _right_to_work)
    if programme.commitment_required:
        checks.append(_commitment)
    if programme.support_required:
        checks.append(_support)
    if programme.move_on_plan_required:
        checks.append(_move_on)
    days = programme_days(programme)
    return ProgrammeTerms(
        today=today,
        min_english_level=programme.min_english_level,
        english_fresh_months=programme.english_fresh_months,
        right_to_work_required=programme.right_to_work_required,
        right_to_work_fresh_months=programme.right_to_work_fresh_months,
        min_age=programme.min_age,
        qualifying=tuple(NrmDecision(code) for code in programme.qualifying_nrm),
        days=days,
        end=today + timedelta(days=days),
        english_since=months_before(today, programme.english_fresh_months),
        right_to_work_since=months_before(today, programme.right_to_work_fresh_months),
        checks=tuple(checks),
        custom=tuple((str(c.id), c.text) for c in programme.custom_criteria),
    )


def _english(c: CandidateFacts, t: ProgrammeTerms) -> CriterionResult:
    level, needed = c.english_level, t.min_english_level
    assessed = c.english_assessed_on
    if level.rank < needed.rank:
        return CriterionResult(
            "English",
            Status.NOT_MET,
            lambda: f"English: {level.label} - this programme needs {needed.label}",
        )
    if assessed < t.english_since:
        months = t.english_fresh_months
        return CriterionResult(
            "English",
            Status.RECHECK,
            lambda: (
                f"English: assessed on {_day(assessed)}, more than {months} months ago "
                "- re-assess it"
            ),
        )
    return CriterionResult(
        "English",
        Status.MET,
        lambda: f"English: {level.label} meets {needed.label} (assessed {_day(assessed)})",
    )


def _right_to_work(c: CandidateFacts, t: ProgrammeTerms) -> CriterionResult:
    name, status = "Right to work", c.right_to_work
    checked, expires = c.right_to_work_checked_on, c.visa_expires_on
    today, end = t.today, t.end
    visa = status is RightToWork.VISA
    if not status.allows_work:
        return CriterionResult(
            name, Status.NOT_MET, lambda: f"Right to work: {status.label} - this programme needs it"
        )
    if visa and expires is not None and expires <= today:
        return CriterionResult(
            name,
            Status.NOT_MET,
            lambda: f"Right to work: visa expired on {_day(expires)} - record the new permission",
        )
    if visa and expires is None:
        return CriterionResult(
            name,
            Status.RECHECK,
            lambda: (
                "Right to work: visa expiry date not recorded - check the documents and record it"
            ),
        )
    if checked is None:
        return CriterionResult(
            name,
            Status.RECHECK,
            lambda: (
                "Right to work: no employer-style check recorded - check the documents and "
                "record the date"
            ),
        )
    if status.time_limited and checked < t.right_to_work_since:
        months = t.right_to_work_fresh_months
        return CriterionResult(
            name,
            Status.RECHECK,
            lambda: (
                f"Right to work: last checked on {_day(checked)}, more than {months} months "
                "ago - check it again"
            ),
        )
    if visa and expires < end:
        return CriterionResult(
            name,
            Status.RECHECK,
            lambda: (
                f"Right to work: visa expires on {_day(expires)}, before the programme "
                f"would end (about {_day(end)}) - check an extension has been applied for"
            ),
        )
    return CriterionResult(
        name,
        Status.MET,
        lambda: (
            f"Right to work: {status.label}"
            + (f", until {_day(expires)}" if visa else "")
            + f", checked {_day(checked)}"
        ),
    )


def _age(c: CandidateFacts, t: ProgrammeTerms) -> CriterionResult:
    age, minimum = age_on(c.date_of_birth, t.today), t.min_age
    if age >= minimum:
        return CriterionResult("Age", Status.MET, lambda: f"Age: {age}, at least {minimum}")
    return CriterionResult(
        "Age",
        Status.NOT_MET,
        lambda: f"Age: {age} - this programme needs candidates aged {minimum} or over",
    )


def _nrm(c: CandidateFacts, t: ProgrammeTerms) -> CriterionResult:
    decision = c.nrm_decision
    if decision in t.qualifying:
        return CriterionResult("NRM", Status.MET, lambda: f"NRM: {decision.label}")
    accepted = t.qualifying
    return CriterionResult(
        "NRM",
        Status.NOT_MET,
        lambda: (
            f"NRM: {decision.label} - this programme accepts "
            + (" or ".join(d.label.lower() for d in accepted) or "no NRM decision")
        ),
    )


def _commitment(c: CandidateFacts, t: ProgrammeTerms) -> CriterionResult:
    weeks, can = t.weeks, c.commit_weeks
    name = "Commitment"
    if can is None:
        return CriterionResult(
            name,
            Status.RECHECK,
            lambda: (
                "Commitment: not yet asked how long they can commit - the programme runs "
                f"for about {_weeks(weeks)}"
            ),
        )
    if can < weeks:
        return CriterionResult(
            name,
            Status.NOT_MET,
            lambda: (
                f"Commitment: can commit for {_weeks(can)} - the programme runs for "
                f"about {_weeks(weeks)}"
            ),
        )
    return CriterionResult(
        name,
        Status.MET,
        lambda: (
            f"Commitment: can commit for {_weeks(can)}, the programme runs for about "
            f"{_weeks(weeks)}"
        ),
    )


def _weeks(n: int) -> str:
    return f"{n} week" if n == 1 else f"{n} weeks"


def _yes_no(name: str, answer: bool | None, yes: str, no: str, unknown: str) -> CriterionResult:
    if answer is None:
        return CriterionResult(name, Status.RECHECK, lambda: f"{name}: {unknown}")
    if answer:
        return CriterionResult(name, Status.MET, lambda: f"{name}: {yes}")
    return CriterionResult(name, Status.NOT_MET, lambda: f"{name}: {no}")


def _support(c: CandidateFacts, t: ProgrammeTerms) -> CriterionResult:
    return _yes_no(
        "Professional support",
        c.support_in_place,
        "in place",
        "none in place - this programme needs a caseworker or coach supporting them",
        "not yet assessed",
    )


def _move_on(c: CandidateFacts, t: ProgrammeTerms) -> CriterionResult:
    return _yes_no(
        "Move-on plan",
        c.move_on_plan,
        "agreed",
        "none yet - agree a move-on plan with them",
        "not yet assessed",
    )


def _results(candidate: CandidateFacts, terms: ProgrammeTerms) -> Iterator[CriterionResult]:
    """Each criterion's result in turn: the fixed ones, then the programme's own."""
    for check in terms.checks:
        yield check(candidate, terms)
    answers = candidate.custom_answers or {}
    for key, text in terms.custom:
        yield _yes_no(text, answers.get(key), "yes", "no", "not yet assessed")


def verdict_on_terms(candidate: CandidateFacts, terms: ProgrammeTerms) -> Verdict:
    """``readiness_verdict`` against terms worked out beforehand."""
    return Verdict(tuple(_results(candidate, terms)))


def state_on_terms(candidate: CandidateFacts, terms: ProgrammeTerms) -> ReadinessState:
    """The verdict's state alone (what the caseload shows): the criteria are checked in the
    same order, stopping at the first one not met."""
    recheck = False
    for result in _results(candidate, terms):
        if result.status is Status.NOT_MET:
            return ReadinessState.NOT_READY
        recheck = recheck or result.status is Status.RECHECK
    return ReadinessState.NEEDS_RECHECK if recheck else ReadinessState.READY


def readiness_verdict(
    candidate: CandidateFacts, programme: ProgrammeCriteria, today: date
) -> Verdict:
    """Check every criterion ``programme`` requires; each comes with one plain reason."""
    return verdict_on_terms(candidate, programme_terms(programme, today))


# --- what is going stale ------------------------------------------------------------------


class FreshnessWindows(Protocol):
    english_fresh_months: int
    right_to_work_required: bool
    right_to_work_fresh_months: int


def checks_going_stale(
    candidate: CandidateFacts,
    programmes: Sequence[FreshnessWindows],
    today: date,
    within_days: int = 30,
) -> list[str]:
    """Dated checks that are out of date, or will be within ``within_days``, for any of
    ``programmes`` (the shortest freshness window counts). Programmes or their terms."""
    if not programmes:
        return []
    soon = today + timedelta(days=within_days)
    found: list[str] = []
    english_months = min(p.english_fresh_months for p in programmes)
    due = months_after(candidate.english_assessed_on, english_months)
    if due <= soon:
        found.append(
            f"English re-assessment {'overdue since' if due <= today else 'due'} {_day(due)}"
        )
    checked = candidate.right_to_work_checked_on
    needs_work = [p for p in programmes if p.right_to_work_required]
    if needs_work and candidate.right_to_work.time_limited and checked is not None:
        due = months_after(checked, min(p.right_to_work_fresh_months for p in needs_work))
        if due <= soon:
            word = "overdue since" if due <= today else "due"
            found.append(f"Right-to-work check {word} {_day(due)}")
    expires = candidate.visa_expires_on
    if candidate.right_to_work is RightToWork.VISA and expires is not None and expires <= soon:
        found.append(f"Visa {'expired' if expires <= today else 'expires'} {_day(expires)}")
    return found
