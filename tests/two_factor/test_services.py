"""The rules of two-factor sign-in, called without HTTP: codes computed from the secret."""

from __future__ import annotations

from datetime import datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select, text

from pathway.audit.models import AuditEvent
from pathway.auth.models import Role
from pathway.auth.two_factor import services
from pathway.auth.two_factor.models import RecoveryCode, TwoFactor
from pathway.auth.two_factor.services import CodeOutcome
from pathway.extensions import db
from pathway.refusals import ActionRefused, FieldRefused

NOW = datetime(2026, 11, 24, 10, 0, 15)  # naive UTC, 15 seconds into a 30-second step
IP = "10.0.0.7"


def _actions(user) -> list[str]:
    query = select(AuditEvent.action).where(AuditEvent.record_id == str(user.id))
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def test_a_code_from_the_app_is_accepted_once(world, enrol):
    enrolled = enrol(world.coach, NOW)
    code = enrolled.code(NOW)
    assert services.check_code(world.coach, code, NOW) is CodeOutcome.ACCEPTED
    assert services.check_code(world.coach, code, NOW) is CodeOutcome.REPLAYED
    # still refused later within the window it would otherwise be good for
    later = NOW + timedelta(seconds=30)
    assert services.check_code(world.coach, code, later) is CodeOutcome.REPLAYED
    assert services.check_code(world.coach, enrolled.code(later), later) is CodeOutcome.ACCEPTED


def test_the_enrolment_code_cannot_be_used_again_to_sign_in(world, enrol):
    enrolled = enrol(world.coach, NOW)  # confirmed with the code of the step before NOW
    assert services.check_code(world.coach, enrolled.code(NOW, -1), NOW) is CodeOutcome.REPLAYED


@pytest.mark.parametrize(
    "steps, outcome",
    [
        (-2, CodeOutcome.WRONG),
        (0, CodeOutcome.ACCEPTED),
        (1, CodeOutcome.ACCEPTED),  # the phone's clock a little ahead
        (2, CodeOutcome.WRONG),
    ],
)
def test_a_code_one_step_either_side_of_now_is_accepted(world, enrol, steps, outcome):
    enrolled = enrol(world.coach, NOW - timedelta(minutes=5))
    assert services.check_code(world.coach, enrolled.code(NOW, steps), NOW) is outcome


def test_a_code_one_step_behind_is_accepted_when_nothing_newer_was_used(world, enrol):
    enrolled = enrol(world.coach, NOW - timedelta(minutes=5))
    assert services.check_code(world.coach, enrolled.code(NOW, -1), NOW) is CodeOutcome.ACCEPTED


def test_an_older_code_is_refused_once_a_newer_one_was_used(world, enrol):
    enrolled = enrol(world.coach, NOW - timedelta(minutes=5))
    newer, older = enrolled.code(NOW, 1), enrolled.code(NOW, 0)
    assert services.check_code(world.coach, newer, NOW) is CodeOutcome.ACCEPTED
    assert services.check_code(world.coach, older, NOW) is CodeOutcome.REPLAYED


def test_spaces_in_a_code_do_not_matter_but_other_text_is_wrong(world, enrol):
    enrolled = enrol(world.coach, NOW - timedelta(minutes=5))
    code = enrolled.code(NOW)
    assert services.check_code(world.coach, "12345", NOW) is CodeOutcome.WRONG
    assert services.check_code(world.coach, "", NOW) is CodeOutcome.WRONG
    assert services.check_code(world.coach, f"{code[:3]} {code[3:]}", NOW) is CodeOutcome.ACCEPTED


def test_a_user_without_two_factor_has_no_good_code(world):
    assert services.check_code(world.coach, "123456", NOW) is CodeOutcome.WRONG
    assert not services.is_enrolled(world.coach)


def test_a_recovery_code_works_once(world, enrol):
    enrolled = enrol(world.coach, NOW)
    assert len(enrolled.recovery_codes) == 10 and len(set(enrolled.recovery_codes)) == 10
    first = enrolled.recovery_codes[0]
    typed = first.upper().replace("-", " ")  # as someone might type it
    assert services.check_code(world.coach, typed, NOW) is CodeOutcome.RECOVERY
    assert services.check_code(world.coach, first, NOW) is CodeOutcome.WRONG
    assert services.remaining_recovery_codes(world.coach) == 9
    assert services.check_code(world.coach, enrolled.recovery_codes[1], NOW) is CodeOutcome.RECOVERY


def test_another_users_recovery_code_does_not_work(world, enrol):
    coach = enrol(world.coach, NOW)
    enrol(world.admin, NOW)
    assert services.check_code(world.admin, coach.recovery_codes[0], NOW) is CodeOutcome.WRONG


def test_recovery_codes_are_kept_only_as_hashes(world, enrol):
    enrolled = enrol(world.coach, NOW)
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10
    for code in enrolled.recovery_codes:
        assert not any(code.replace("-", "") in value or code in value for value in stored)


def test_the_secret_is_stored_encrypted(world, enrol):
    enrol(world.coach, NOW)
    secret = db.session.get(TwoFactor, world.coach.id).secret
    raw = db.session.execute(text("SELECT secret FROM two_factor")).scalar_one()
    assert len(secret) == 32 and secret not in raw
    assert pyotp.TOTP(secret).now()  # it reads back as the secret itself


def test_enrolment_keeps_one_secret_until_confirmed(world):
    first = services.start_enrolment(world.coach).secret
    db.session.commit()
    assert services.start_enrolment(world.coach).secret == first
    assert not services.is_enrolled(world.coach)


def test_enrolment_needs_a_code_matching_the_secret(world):
    secret = services.start_enrolment(world.coach).secret
    wrong = str((int(pyotp.TOTP(secret).at(NOW)) + 1) % 1_000_000).zfill(6)
    with pytest.raises(FieldRefused) as refused:
        services.confirm_enrolment(world.coach, wrong, NOW)
    assert refused.value.field == "code"
    assert not services.is_enrolled(world.coach)


def test_enrolling_ends_the_users_other_sessions_and_is_audited(world, enrol):
    version = world.coach.session_version
    enrol(world.coach, NOW)
    assert world.coach.session_version == version + 1
    assert "two_factor_enrolled" in _actions(world.coach)
    with pytest.raises(ActionRefused):
        services.start_enrolment(world.coach)


def test_wrong_codes_lock_the_account_like_wrong_passwords(world, enrol):
    enrolled = enrol(world.coach, NOW - timedelta(minutes=5))
    for minute in range(5):
        attempt = services.attempt_code(world.coach, "000000", IP, NOW + timedelta(seconds=minute))
        assert not attempt.accepted and attempt.try_again_at is None
    sixth = services.attempt_code(world.coach, "000000", IP, NOW + timedelta(seconds=5))
    assert sixth.try_again_at == NOW + timedelta(seconds=5, minutes=30)
    assert "Too many attempts to sign in. You can try again after" in sixth.refusal
    # now even the right code waits, and is not used up
    right = services.attempt_code(world.coach, enrolled.code(NOW), IP, NOW + timedelta(seconds=6))
    assert not right.accepted and right.try_again_at is not None
    assert services.check_code(world.coach, enrolled.code(NOW), NOW) is CodeOutcome.ACCEPTED
    assert _actions(world.coach).count("two_factor_failed") == 6
    assert "login_refused" in _actions(world.coach)


def test_a_good_code_starts_the_count_again(world, enrol):
    enrolled = enrol(world.coach, NOW - timedelta(minutes=5))
    for second in range(5):
        services.attempt_code(world.coach, "000000", IP, NOW + timedelta(seconds=second))
    assert services.attempt_code(world.coach, enrolled.code(NOW), IP, NOW).accepted
    assert services.attempt_code(world.coach, "000000", IP, NOW).try_again_at is None


def test_a_reused_code_says_so_and_counts_as_a_failure(world, enrol):
    enrolled = enrol(world.coach, NOW - timedelta(minutes=5))
    code = enrolled.code(NOW)
    assert services.attempt_code(world.coach, code, IP, NOW).accepted
    again = services.attempt_code(world.coach, code, IP, NOW)
    assert again.outcome is CodeOutcome.REPLAYED
    assert again.refusal == "This code has been used; wait for the next one."
    assert _actions(world.coach)[-2:] == ["two_factor_passed", "two_factor_failed"]


def test_using_a_recovery_code_is_audited(world, enrol):
    enrolled = enrol(world.coach, NOW)
    assert services.attempt_code(world.coach, enrolled.recovery_codes[3], IP, NOW).accepted
    assert _actions(world.coach)[-2:] == ["two_factor_passed", "recovery_code_used"]


def test_two_factor_is_required_only_for_administrators_and_coaches_when_on(app, world):
    everyone = [world.admin, world.coach, world.lead, world.manager, world.cr]
    assert not any(services.required_for(user) for user in everyone)  # off in testing
    app.config["TWO_FACTOR_REQUIRED"] = True
    assert {user.role for user in everyone if services.required_for(user)} == {
        Role.ADMIN,
        Role.COACH,
    }


def test_renewing_recovery_codes_needs_a_current_code_and_replaces_them(world, enrol):
    enrolled = enrol(world.coach, NOW - timedelta(minutes=5))
    with pytest.raises(services.CodeRefused):
        services.renew_recovery_codes(world.coach, "000000", IP, NOW)
    fresh = services.renew_recovery_codes(world.coach, enrolled.code(NOW), IP, NOW)
    db.session.commit()
    assert set(fresh).isdisjoint(enrolled.recovery_codes)
    assert services.check_code(world.coach, enrolled.recovery_codes[0], NOW) is CodeOutcome.WRONG
    assert services.check_code(world.coach, fresh[0], NOW) is CodeOutcome.RECOVERY
    assert "recovery_codes_renewed" in _actions(world.coach)


def test_turning_off_needs_a_code_and_is_refused_where_the_role_needs_it(app, world, enrol):
    enrolled = enrol(world.lead, NOW - timedelta(minutes=5))
    with pytest.raises(services.CodeRefused):
        services.turn_off(world.lead, "000000", IP, NOW)
    coach = enrol(world.coach, NOW - timedelta(minutes=5))
    app.config["TWO_FACTOR_REQUIRED"] = True
    with pytest.raises(ActionRefused, match=r"Your role \(coach\) needs two-factor"):
        services.turn_off(world.coach, coach.code(NOW), IP, NOW)
    assert services.may_turn_off(world.lead) and not services.may_turn_off(world.coach)
    services.turn_off(world.lead, enrolled.code(NOW), IP, NOW)
    db.session.commit()
    assert services.two_factor_of(world.lead) is None
    assert db.session.scalars(select(RecoveryCode).filter_by(user_id=world.lead.id)).all() == []
    assert "two_factor_disabled" in _actions(world.lead)


def test_an_administrator_resets_someones_two_factor(world, enrol):
    enrol(world.coach, NOW)
    version = world.coach.session_version
    services.reset_by_administrator(world.coach, world.admin)
    db.session.commit()
    assert services.two_factor_of(world.coach) is None
    assert world.coach.session_version == version + 1
    event = db.session.scalars(select(AuditEvent).filter_by(action="two_factor_reset")).one()
    assert (event.user_id, event.record_id) == (world.admin.id, str(world.coach.id))
    with pytest.raises(ActionRefused, match="no two-factor"):
        services.reset_by_administrator(world.coach, world.admin)


def test_an_administrator_cannot_reset_their_own(world, enrol):
    enrol(world.admin, NOW)
    with pytest.raises(ActionRefused, match="another administrator"):
        services.reset_by_administrator(world.admin, world.admin)
    assert services.is_enrolled(world.admin)


def test_the_qr_code_is_an_svg_drawn_by_pathway(world):
    two_factor = services.start_enrolment(world.coach)
    address = services.provisioning_uri(world.coach, two_factor)
    assert address.startswith("otpauth://totp/Pathway:") and two_factor.secret in address
    assert services.qr_code_data_uri(address).startswith("data:image/svg+xml")
