"""Password rules, and changing one's own password (which ends every other session)."""

from __future__ import annotations

import pytest

from pathway.admin.services import create_user
from pathway.audit.models import AuditEvent
from pathway.auth.links import choose_password, issue_link
from pathway.auth.models import LinkPurpose, Role
from pathway.auth.passwords import common_passwords, password_problem
from pathway.clock import utcnow
from pathway.extensions import db
from pathway.refusals import FieldRefused
from tests.factories import PASSWORD

GOOD = "harbour kettle violin 42"


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("elevenchars", "at least 12 characters"),
        ("Password1234", "too common"),
        ("pass word 1234", "too common"),
        ("aaaaaaaaaaaa", "too common"),
        ("aaaaaaaaaaaaaaa", "too easy"),
        ("abababababab", "too easy"),
        ("x" * 201, "at most 200"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password, problem):
    assert problem in password_problem(password)


def test_a_good_password_passes_and_the_list_is_ours_and_short():
    assert password_problem(GOOD) is None
    assert 20 < len(common_passwords()) < 1000
    assert password_problem("sam@example.test", email="sam@example.test")


def test_an_invited_person_cannot_choose_a_common_password(make):
    user = create_user(
        name="Sam",
        email="sam@example.test",
        organisation=make.provider(),
        role=Role.COACH,
        sites=[],
    )
    token = issue_link(user, LinkPurpose.INVITATION, utcnow())
    with pytest.raises(FieldRefused) as refused:
        choose_password(token, "qwerty123456", "qwerty123456", utcnow())
    assert refused.value.field == "password"


def _change(client, current=PASSWORD, new=GOOD, confirm=None):
    return client.post(
        "/account/password",
        data={"current_password": current, "new_password": new, "confirm": confirm or new},
    )


def test_changing_the_password_signs_out_other_sessions_but_not_this_one(world, login):
    here, elsewhere = login(world.coach), login(world.coach)
    assert here.get("/account/password").status_code == 200
    response = _change(here)
    assert response.status_code == 302
    assert here.get("/candidates/").status_code == 200
    assert elsewhere.get("/candidates/").status_code == 302
    db.session.refresh(world.coach)
    assert world.coach.check_password(GOOD)
    actions = db.session.scalars(db.select(AuditEvent.action)).all()
    assert "password_change" in actions


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"current": "wrong password!"}, "not your current password"),
        ({"new": "password1234"}, "too common"),
        ({"confirm": "something else entirely"}, "not the same"),
        ({"new": PASSWORD}, "different from the current one"),
    ],
)
def test_a_refused_change_says_why_beside_the_field_and_changes_nothing(
    fields, message, world, login
):
    client = login(world.coach)
    response = _change(client, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.refresh(world.coach)
    assert world.coach.check_password(PASSWORD)
    assert client.get("/candidates/").status_code == 200
