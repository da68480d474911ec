"""The signed-in user is read in one query on every request; every change to them applies
on their next request."""

from __future__ import annotations

from pathway.admin.services import update_user
from pathway.auth.models import Role
from pathway.extensions import db
from tests.placements.test_board_views import count_queries


def test_the_user_is_one_query_at_the_start_of_every_request(world, login):
    client = login(world.manager)
    for _ in range(2):  # the same board again is drawn again: nothing is served around it
        statements = count_queries(client, "/placements/board")
        assert "session_version" in statements[0]
        assert sum("session_version" in statement for statement in statements) == 1
        assert len(statements) > 2  # the user, then the board


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
