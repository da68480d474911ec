"""The readiness engine: one pure function, three states, one plain reason per criterion."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from pathway.candidates.readiness.rules import (
    ReadinessState,
    Status,
    age_on,
    checks_going_stale,
    months_before,
    programme_days,
    programme_end,
    programme_terms,
    readiness_verdict,
    state_on_terms,
)
from pathway.candidates.vocabulary import EnglishLevel, NrmDecision, RightToWork
from pathway.durations import DurationUnit

TODAY = date(2026, 11, 23)


@dataclass
class Facts:
    date_of_birth: date = date(1990, 1, 1)
    english_level: EnglishLevel = EnglishLevel.ENTRY_3
    english_assessed_on: date = date(2026, 9, 1)
    right_to_work: RightToWork = RightToWork.SETTLED
    right_to_work_checked_on: date | None = date(2026, 9, 1)
    visa_expires_on: date | None = None
    nrm_decision: NrmDecision = NrmDecision.POSITIVE_CONCLUSIVE
    commit_weeks: int | None = 12
    support_in_place: bool | None = True
    move_on_plan: bool | None = True
    custom_answers: dict = field(default_factory=dict)


@dataclass
class Stage:
    duration_amount: int | None
    duration_unit: DurationUnit | None


@dataclass
class Custom:
    id: int
    text: str


FRESH_START = [
    Stage(30, DurationUnit.MINUTES),
    Stage(1, DurationUnit.DAYS),
    Stage(6, DurationUnit.WEEKS),
    Stage(None, None),
]


@dataclass
class Criteria:
    min_english_level: EnglishLevel = EnglishLevel.ENTRY_3
    english_fresh_months: int = 6
    right_to_work_required: bool = True
    right_to_work_fresh_months: int = 12
    min_age: int = 18
    qualifying_nrm: list = field(
        default_factory=lambda: ["positive_reasonable", "positive_conclusive"]
    )
    commitment_required: bool = True
    support_required: bool = True
    move_on_plan_required: bool = True
    stages: list = field(default_factory=lambda: list(FRESH_START))
    custom_criteria: list = field(default_factory=list)


def result(verdict, criterion):
    (found,) = [r for r in verdict.results if r.criterion == criterion]
    return found


def test_a_candidate_meeting_every_criterion_is_ready():
    verdict = readiness_verdict(Facts(), Criteria(), TODAY)
    assert verdict.ready and verdict.state is ReadinessState.READY
    assert verdict.unmet == () and verdict.blocking == ()
    assert len(verdict.results) == 7  # one reason per criterion


def test_english_below_the_minimum_is_explained_with_both_levels():
    verdict = readiness_verdict(Facts(english_level=EnglishLevel.ENTRY_2), Criteria(), TODAY)
    assert verdict.state is ReadinessState.NOT_READY
    assert verdict.unmet == ("English: Entry 2 (A2) - this programme needs Entry 3 (B1)",)


def test_english_assessed_outside_the_freshness_window_needs_a_recheck():
    stale = Facts(english_assessed_on=date(2026, 5, 22))
    verdict = readiness_verdict(stale, Criteria(), TODAY)
    assert verdict.state is ReadinessState.NEEDS_RECHECK
    assert verdict.to_recheck == (
        "English: assessed on 22 May 2026, more than 6 months ago - re-assess it",
    )
    on_the_day = Facts(english_assessed_on=date(2026, 5, 23))
    assert readiness_verdict(on_the_day, Criteria(), TODAY).ready
    assert readiness_verdict(stale, Criteria(english_fresh_months=12), TODAY).ready


def test_an_expired_visa_is_no_right_to_work():
    facts = Facts(right_to_work=RightToWork.VISA, visa_expires_on=date(2026, 11, 1))
    (reason,) = readiness_verdict(facts, Criteria(), TODAY).unmet
    assert reason.startswith("Right to work: visa expired on 01 Nov 2026")


def test_a_visa_ending_before_the_programme_would_is_flagged():
    # Fresh Start lasts 30 minutes + 1 day + 6 weeks: 44 days, so it would end 06 Jan 2027.
    assert programme_end(Criteria(), TODAY) == date(2027, 1, 6)
    facts = Facts(right_to_work=RightToWork.VISA, visa_expires_on=date(2027, 1, 5))
    verdict = readiness_verdict(facts, Criteria(), TODAY)
    assert verdict.state is ReadinessState.NEEDS_RECHECK
    assert (
        "before the programme would end (about 06 Jan 2027)"
        in result(verdict, "Right to work").reason
    )
    later = Facts(right_to_work=RightToWork.VISA, visa_expires_on=date(2027, 1, 6))
    assert readiness_verdict(later, Criteria(), TODAY).ready


def test_a_right_to_work_check_must_be_recorded():
    verdict = readiness_verdict(Facts(right_to_work_checked_on=None), Criteria(), TODAY)
    assert verdict.state is ReadinessState.NEEDS_RECHECK
    assert "no employer-style check recorded" in verdict.to_recheck[0]


def test_time_limited_permission_is_rechecked_but_settled_status_is_not():
    old_check = date(2025, 10, 1)
    visa = Facts(right_to_work=RightToWork.PRE_SETTLED, right_to_work_checked_on=old_check)
    verdict = readiness_verdict(visa, Criteria(), TODAY)
    assert verdict.to_recheck == (
        "Right to work: last checked on 01 Oct 2025, more than 12 months ago - check it again",
    )
    settled = Facts(right_to_work=RightToWork.SETTLED, right_to_work_checked_on=old_check)
    assert readiness_verdict(settled, Criteria(), TODAY).ready


def test_right_to_work_is_not_checked_when_the_programme_does_not_need_it():
    facts = Facts(right_to_work=RightToWork.ASYLUM_NO_PERMISSION)
    assert readiness_verdict(facts, Criteria(right_to_work_required=False), TODAY).ready
    assert not readiness_verdict(facts, Criteria(), TODAY).ready


def test_age_counts_whole_years_to_the_birthday():
    assert age_on(date(2008, 11, 24), TODAY) == 17
    assert age_on(date(2008, 11, 23), TODAY) == 18
    verdict = readiness_verdict(Facts(date_of_birth=date(2008, 11, 24)), Criteria(), TODAY)
    assert verdict.unmet == ("Age: 17 - this programme needs candidates aged 18 or over",)


def test_nrm_decision_outside_the_qualifying_set_is_explained():
    facts = Facts(nrm_decision=NrmDecision.NEGATIVE_CONCLUSIVE)
    (reason,) = readiness_verdict(facts, Criteria(), TODAY).unmet
    assert "Negative conclusive grounds" in reason
    assert "positive reasonable grounds or positive conclusive grounds" in reason


def test_commitment_is_measured_against_the_programme_length():
    assert programme_days(Criteria()) == 44
    short = readiness_verdict(Facts(commit_weeks=4), Criteria(), TODAY)
    assert short.unmet == (
        "Commitment: can commit for 4 weeks - the programme runs for about 7 weeks",
    )
    assert readiness_verdict(Facts(commit_weeks=7), Criteria(), TODAY).ready
    unknown = readiness_verdict(Facts(commit_weeks=None), Criteria(), TODAY)
    assert unknown.state is ReadinessState.NEEDS_RECHECK
    assert readiness_verdict(
        Facts(commit_weeks=4), Criteria(commitment_required=False), TODAY
    ).ready


def test_support_and_a_move_on_plan_are_yes_no_or_not_yet_assessed():
    no_support = readiness_verdict(Facts(support_in_place=False), Criteria(), TODAY)
    assert result(no_support, "Professional support").status is Status.NOT_MET
    no_plan = readiness_verdict(Facts(move_on_plan=False), Criteria(), TODAY)
    assert no_plan.unmet == ("Move-on plan: none yet - agree a move-on plan with them",)
    unknown = readiness_verdict(Facts(move_on_plan=None), Criteria(), TODAY)
    assert unknown.state is ReadinessState.NEEDS_RECHECK
    relaxed = Criteria(support_required=False, move_on_plan_required=False)
    assert readiness_verdict(
        Facts(support_in_place=False, move_on_plan=False), relaxed, TODAY
    ).ready


def test_custom_criteria_are_answered_yes_no_or_not_yet():
    shift = Custom(7, "Can stand for a four-hour shift")
    criteria = Criteria(custom_criteria=[shift])
    unanswered = readiness_verdict(Facts(), criteria, TODAY)
    assert unanswered.state is ReadinessState.NEEDS_RECHECK
    assert unanswered.to_recheck == ("Can stand for a four-hour shift: not yet assessed",)
    no = readiness_verdict(Facts(custom_answers={"7": False}), criteria, TODAY)
    assert no.unmet == ("Can stand for a four-hour shift: no",)
    assert readiness_verdict(Facts(custom_answers={"7": True}), criteria, TODAY).ready


def test_not_met_outweighs_needs_recheck():
    facts = Facts(english_level=EnglishLevel.ENTRY_1, right_to_work_checked_on=None)
    verdict = readiness_verdict(facts, Criteria(), TODAY)
    assert verdict.state is ReadinessState.NOT_READY
    assert len(verdict.blocking) == 2


def test_months_before_keeps_to_the_end_of_a_shorter_month():
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 1) == date(2025, 12, 15)


def test_checks_going_stale_lists_what_falls_due_within_a_month():
    facts = Facts(
        english_assessed_on=date(2026, 6, 10),
        right_to_work=RightToWork.VISA,
        right_to_work_checked_on=date(2025, 11, 1),
        visa_expires_on=date(2026, 12, 1),
    )
    assert checks_going_stale(facts, [Criteria()], TODAY) == [
        "English re-assessment due 10 Dec 2026",
        "Right-to-work check overdue since 01 Nov 2026",
        "Visa expires 01 Dec 2026",
    ]
    assert checks_going_stale(Facts(), [Criteria()], TODAY) == []
    assert checks_going_stale(facts, [], TODAY) == []


# --- properties ---------------------------------------------------------------------------

facts_strategy = st.builds(
    Facts,
    date_of_birth=st.dates(date(1940, 1, 1), date(2015, 1, 1)),
    english_level=st.sampled_from(EnglishLevel),
    english_assessed_on=st.dates(date(2024, 1, 1), TODAY),
    right_to_work=st.sampled_from(RightToWork),
    right_to_work_checked_on=st.none() | st.dates(date(2024, 1, 1), TODAY),
    visa_expires_on=st.none() | st.dates(date(2020, 1, 1), date(2035, 1, 1)),
    nrm_decision=st.sampled_from(NrmDecision),
    commit_weeks=st.none() | st.integers(0, 60),
    support_in_place=st.none() | st.booleans(),
    move_on_plan=st.none() | st.booleans(),
    custom_answers=st.dictionaries(st.sampled_from(["1", "2", "3"]), st.booleans()),
)
criteria_strategy = st.builds(
    Criteria,
    min_english_level=st.sampled_from(EnglishLevel),
    english_fresh_months=st.integers(1, 24),
    right_to_work_required=st.booleans(),
    right_to_work_fresh_months=st.integers(1, 24),
    min_age=st.integers(16, 30),
    qualifying_nrm=st.lists(st.sampled_from([d.value for d in NrmDecision]), unique=True),
    commitment_required=st.booleans(),
    support_required=st.booleans(),
    move_on_plan_required=st.booleans(),
    stages=st.lists(
        st.builds(
            Stage,
            duration_amount=st.none() | st.integers(1, 20),
            duration_unit=st.none() | st.sampled_from(DurationUnit),
        ),
        max_size=5,
    ),
    custom_criteria=st.lists(
        st.sampled_from([Custom(1, "Can lift 10kg"), Custom(2, "Has a bank account")]),
        unique_by=lambda c: c.id,
    ),
)


def expected_met(facts: Facts, criteria: Criteria) -> list[bool]:
    """Each required criterion met or not, worked out independently of the engine."""
    fresh_english = facts.english_assessed_on >= months_before(TODAY, criteria.english_fresh_months)
    met = [
        facts.english_level.rank >= criteria.min_english_level.rank and fresh_english,
        age_on(facts.date_of_birth, TODAY) >= criteria.min_age,
        facts.nrm_decision.value in criteria.qualifying_nrm,
    ]
    if criteria.right_to_work_required:
        status, checked = facts.right_to_work, facts.right_to_work_checked_on
        end = TODAY + timedelta(days=programme_days(criteria))
        met.append(
            status.allows_work
            and checked is not None
            and (
                status not in (RightToWork.VISA, RightToWork.PRE_SETTLED)
                or checked >= months_before(TODAY, criteria.right_to_work_fresh_months)
            )
            and (
                status is not RightToWork.VISA
                or (
                    facts.visa_expires_on is not None
                    and facts.visa_expires_on > TODAY
                    and facts.visa_expires_on >= end
                )
            )
        )
    if criteria.commitment_required:
        weeks = -(-programme_days(criteria) // 7)
        met.append(facts.commit_weeks is not None and facts.commit_weeks >= weeks)
    if criteria.support_required:
        met.append(facts.support_in_place is True)
    if criteria.move_on_plan_required:
        met.append(facts.move_on_plan is True)
    met += [facts.custom_answers.get(str(c.id)) is True for c in criteria.custom_criteria]
    return met


@given(facts_strategy, criteria_strategy)
def test_ready_exactly_when_every_criterion_is_met(facts, criteria):
    met = expected_met(facts, criteria)
    verdict = readiness_verdict(facts, criteria, TODAY)
    assert verdict.ready == all(met)
    assert len(verdict.results) == len(met)
    assert len(verdict.blocking) == met.count(False)
    assert all(reason for reason in verdict.blocking)


@given(facts_strategy, criteria_strategy, st.integers(1, 400))
def test_a_stale_assessment_never_yields_ready(facts, criteria, days_too_old):
    cutoff = months_before(TODAY, criteria.english_fresh_months)
    facts.english_assessed_on = cutoff - timedelta(days=days_too_old)
    verdict = readiness_verdict(facts, criteria, TODAY)
    assert not verdict.ready
    assert verdict.state in (ReadinessState.NOT_READY, ReadinessState.NEEDS_RECHECK)


@given(facts_strategy, criteria_strategy, st.integers(1, 400))
def test_a_stale_right_to_work_check_never_yields_ready(facts, criteria, days_too_old):
    criteria.right_to_work_required = True
    facts.right_to_work = RightToWork.PRE_SETTLED
    cutoff = months_before(TODAY, criteria.right_to_work_fresh_months)
    facts.right_to_work_checked_on = cutoff - timedelta(days=days_too_old)
    assert not readiness_verdict(facts, criteria, TODAY).ready


@given(facts_strategy, criteria_strategy)
def test_the_caseloads_state_alone_is_the_verdicts_state(facts, criteria):
    assert state_on_terms(facts, programme_terms(criteria, TODAY)) is (
        readiness_verdict(facts, criteria, TODAY).state
    )
