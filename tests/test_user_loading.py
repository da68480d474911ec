"""The signed-in user is read with the change stamp, in one query; every change to them applies
on their next request."""

from __future__ import annotations

from sqlalchemy import delete

from pathway.admin.services import update_user
from pathway.auth.models import Role
from pathway.changes import ChangeStamp
from pathway.extensions import db
from tests.placements.test_board_views import count_queries


def test_the_user_and_the_stamp_are_one_query(world, login):
    statements = count_queries(login(world.coach), "/candidates/")
    assert "change_stamp" in statements[0] and "session_version" in statements[0]
    assert not any("change_stamp" in statement for statement in statements[1:])


def test_a_changed_role_and_sites_apply_on_the_next_request(world, make, login):
    client = login(world.manager)
    assert client.get("/placements/board").status_code == 200
    update_user(world.manager, role=Role.PARTNERSHIP_LEAD, sites=[], active=True, by=world.admin)
    db.session.commit()
    assert client.get("/placements/follow-ups").status_code == 403  # a manager's page only
    assert client.get("/placements/board").status_code == 200


def test_a_renamed_organisation_shows_on_the_next_page(world, login):
    client = login(world.coach)
    assert world.coach.organisation.name in client.get("/candidates/").get_data(as_text=True)
    world.coach.organisation.name = "Renamed Support Trust"
    db.session.commit()
    assert "Renamed Support Trust" in client.get("/candidates/").get_data(as_text=True)


def test_a_change_made_through_the_signed_in_user_is_saved(world, login):
    client = login(world.coach)
    response = client.post(
        "/notifications/email", data={"preference": "none"}, follow_redirects=False
    )
    assert response.status_code in (200, 302)
    db.session.refresh(world.coach)
    assert world.coach.email_preference.value == "none"


def test_without_the_stamp_row_people_still_sign_in_and_nothing_is_kept(world, login):
    db.session.execute(delete(ChangeStamp))
    db.session.commit()
    client = login(world.manager)
    assert client.get("/placements/board").status_code == 200
    again = count_queries(client, "/placements/board")
    assert len(again) > 2  # drawn afresh: the user and the board are read every time
