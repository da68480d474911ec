from dataclasses import dataclass, field
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from pathway.candidates.readiness import age_on, readiness_verdict
from pathway.candidates.vocabulary import EnglishLevel, NrmDecision, RightToWork

TODAY = date(2026, 11, 23)


@dataclass
class Facts:
    date_of_birth: date = date(1990, 1, 1)
    english_level: EnglishLevel = EnglishLevel.ENTRY_3
    right_to_work: RightToWork = RightToWork.SETTLED
    visa_expires_on: date | None = None
    nrm_decision: NrmDecision = NrmDecision.POSITIVE_CONCLUSIVE


@dataclass
class Criteria:
    min_english_level: EnglishLevel = EnglishLevel.ENTRY_3
    right_to_work_required: bool = True
    min_age: int = 18
    qualifying_nrm: list = field(
        default_factory=lambda: ["positive_reasonable", "positive_conclusive"]
    )


def test_a_candidate_meeting_every_criterion_is_ready():
    verdict = readiness_verdict(Facts(), Criteria(), TODAY)
    assert verdict.ready
    assert verdict.unmet == ()


def test_english_below_the_minimum_is_explained_with_both_levels():
    verdict = readiness_verdict(Facts(english_level=EnglishLevel.ENTRY_2), Criteria(), TODAY)
    assert not verdict.ready
    assert verdict.unmet == ("English: Entry 2 (A2) - this programme needs Entry 3 (B1)",)


def test_an_expired_visa_is_no_right_to_work():
    facts = Facts(right_to_work=RightToWork.VISA, visa_expires_on=date(2026, 11, 1))
    (reason,) = readiness_verdict(facts, Criteria(), TODAY).unmet
    assert reason.startswith("Right to work: visa expired on 01 Nov 2026")


def test_right_to_work_is_not_checked_when_the_programme_does_not_need_it():
    facts = Facts(right_to_work=RightToWork.ASYLUM_NO_PERMISSION)
    assert readiness_verdict(facts, Criteria(right_to_work_required=False), TODAY).ready
    assert not readiness_verdict(facts, Criteria(), TODAY).ready


def test_age_counts_whole_years_to_the_birthday():
    assert age_on(date(2008, 11, 24), TODAY) == 17
    assert age_on(date(2008, 11, 23), TODAY) == 18


def test_nrm_decision_outside_the_qualifying_set_is_explained():
    facts = Facts(nrm_decision=NrmDecision.NEGATIVE_CONCLUSIVE)
    (reason,) = readiness_verdict(facts, Criteria(), TODAY).unmet
    assert "Negative conclusive grounds" in reason
    assert "positive reasonable grounds or positive conclusive grounds" in reason


facts_strategy = st.builds(
    Facts,
    date_of_birth=st.dates(date(1940, 1, 1), date(2015, 1, 1)),
    english_level=st.sampled_from(EnglishLevel),
    right_to_work=st.sampled_from(RightToWork),
    visa_expires_on=st.none() | st.dates(date(2020, 1, 1), date(2035, 1, 1)),
    nrm_decision=st.sampled_from(NrmDecision),
)
criteria_strategy = st.builds(
    Criteria,
    min_english_level=st.sampled_from(EnglishLevel),
    right_to_work_required=st.booleans(),
    min_age=st.integers(16, 30),
    qualifying_nrm=st.lists(st.sampled_from([d.value for d in NrmDecision]), unique=True),
)


@given(facts_strategy, criteria_strategy)
def test_ready_exactly_when_every_criterion_is_met(facts, criteria):
    english_ok = facts.english_level.rank >= criteria.min_english_level.rank
    age_ok = age_on(facts.date_of_birth, TODAY) >= criteria.min_age
    work_ok = not criteria.right_to_work_required or (
        facts.right_to_work.allows_work
        and (
            facts.right_to_work is not RightToWork.VISA
            or (facts.visa_expires_on is not None and facts.visa_expires_on > TODAY)
        )
    )
    nrm_ok = facts.nrm_decision.value in criteria.qualifying_nrm
    verdict = readiness_verdict(facts, criteria, TODAY)
    assert verdict.ready == (english_ok and age_ok and work_ok and nrm_ok)
    assert len(verdict.unmet) == [english_ok, age_ok, work_ok, nrm_ok].count(False)
