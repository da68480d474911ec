"""The retention job erases candidates inactive for RETENTION_MONTHS after their last
placement ended (or who never had one), and nobody else."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from pathway.audit.models import AuditEvent
from pathway.candidates.models import Candidate, Consent, ConsentMethod, ConsentScope
from pathway.candidates.reviews.services import AreaScore, record_review
from pathway.clock import add_months
from pathway.config import ConfigError, load_config
from pathway.extensions import db
from pathway.jobs.registry import registered_jobs
from pathway.placements.transitions import Action
from pathway.placements.vocabulary import EndedBy, LeaveReason
from pathway.privacy.jobs import anonymise_inactive, retention_cut_off
from pathway.privacy.vocabulary import ErasureReason
from tests.factories import TODAY
from tests.reports.builders import Scheme


def at(day: date) -> datetime:
    """07:00 UTC on ``day`` (still that day in the UK)."""
    return datetime.combine(day, time(7))


def months_on(months: int, days: int = 0) -> datetime:
    """``months`` (and ``days``) after today, when everything in these tests happened."""
    return at(add_months(TODAY, months) + timedelta(days=days))


def erased(candidate: Candidate) -> bool:
    db.session.expire_all()
    return db.session.get(Candidate, candidate.id).erased_at is not None


@pytest.fixture
def ended(world, make) -> Candidate:
    """A candidate whose placement ended today."""
    candidate = make.candidate(world.coach)
    placement = make.placement(candidate, world.programme, world.lead)
    make.advance(
        placement,
        world.lead,
        Action.END,
        ended_by=EndedBy.EMPLOYER,
        reason=LeaveReason.NO_VACANCY,
    )
    return candidate


def test_erased_24_months_after_the_placement_ended_not_a_day_before(ended):
    assert anonymise_inactive(months_on(24, days=-1)) == {"erased": 0}
    assert not erased(ended)

    assert anonymise_inactive(months_on(24, days=1)) == {"erased": 1}
    candidate = db.session.get(Candidate, ended.id)
    assert candidate.erasure_reason is ErasureReason.RETENTION
    assert candidate.first_name == "" and candidate.date_of_birth is None


def test_the_period_runs_from_when_the_last_placement_ended(world, make):
    scheme = Scheme(make, world.coach, world.employer)
    placement = scheme.place(when=at(TODAY))
    ended_on = add_months(TODAY, 6)
    scheme.record(
        placement,
        Action.END,
        when=at(ended_on),
        ended_by=EndedBy.CANDIDATE,
        reason=LeaveReason.MOVED_AWAY,
    )
    assert anonymise_inactive(months_on(29)) == {"erased": 0}
    assert anonymise_inactive(months_on(30, days=1)) == {"erased": 1}
    assert erased(placement.candidate)


def test_running_again_erases_no_one_more(ended):
    assert anonymise_inactive(months_on(25)) == {"erased": 1}
    assert anonymise_inactive(months_on(25)) == {"erased": 0}
    assert anonymise_inactive(months_on(26)) == {"erased": 0}


def test_a_candidate_never_placed_counts_from_the_last_thing_recorded(world, make):
    never = make.candidate(world.coach)
    assert anonymise_inactive(months_on(25)) == {"erased": 1}
    assert erased(never)


def test_any_recent_activity_keeps_the_record(world, make):
    reviewed = make.candidate(world.coach)
    later = add_months(TODAY, 12)
    record_review(reviewed, world.coach, later, [AreaScore("Finance", 2)], True, True, later)
    consented = make.candidate(world.coach)
    db.session.add(
        Consent(
            candidate=consented,
            scope=ConsentScope.CASE_STUDY,
            given_on=later,
            method=ConsentMethod.SIGNED_FORM,
            recorded_by_id=world.coach.id,
        )
    )
    db.session.commit()

    assert anonymise_inactive(months_on(25)) == {"erased": 0}
    assert anonymise_inactive(months_on(37)) == {"erased": 2}


def test_never_while_a_placement_is_under_way_or_a_nomination_awaits(world, make):
    placed = make.candidate(world.coach)
    make.placement(placed, world.programme, world.lead)
    nominated = make.candidate(world.coach)
    make.nomination(nominated, world.programme)

    assert anonymise_inactive(months_on(60)) == {"erased": 0}
    assert not erased(placed) and not erased(nominated)


def test_the_period_is_a_setting(app, ended):
    app.config["RETENTION_MONTHS"] = 6
    assert anonymise_inactive(months_on(6, days=-1)) == {"erased": 0}
    assert anonymise_inactive(months_on(6, days=1)) == {"erased": 1}


def test_the_erasure_is_audited_as_done_by_no_one(ended):
    anonymise_inactive(months_on(25))
    (event,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "erase")).all()
    assert (event.user_id, event.record_id, event.candidate_id) == (None, str(ended.id), ended.id)


def test_the_job_is_registered_to_run_daily(app):
    job = registered_jobs()["anonymise_inactive"]
    assert job.function is anonymise_inactive
    assert job.schedule.describe() == "every day at 06:30 (UK time)"


def test_retention_months_comes_from_the_environment(tmp_path):
    base = {"PATHWAY_ENV": "testing"}
    assert load_config(str(tmp_path), base)["RETENTION_MONTHS"] == 24
    assert load_config(str(tmp_path), {**base, "RETENTION_MONTHS": "36"})["RETENTION_MONTHS"] == 36
    for wrong in ("0", "-3", "two years"):
        with pytest.raises(ConfigError, match="RETENTION_MONTHS"):
            load_config(str(tmp_path), {**base, "RETENTION_MONTHS": wrong})


@pytest.mark.parametrize(
    "today, cut_off",
    [
        (date(2004, 8, 29), date(2004, 2, 29)),  # 29 Feb's six months end on 29 Aug...
        (date(2004, 8, 30), date(2004, 3, 1)),  # ...so on 30 Aug it is old enough
        (date(2027, 2, 28), date(2026, 8, 28)),
        (date(2027, 3, 1), date(2026, 9, 1)),  # 31 Aug's six months ended on 28 Feb
        (date(2026, 12, 4), date(2026, 6, 4)),
    ],
)
def test_the_cut_off_is_the_first_day_whose_period_has_not_ended(today, cut_off):
    assert retention_cut_off(at(today), 6) == cut_off
