"""The board and placement pages, with htmx and without JavaScript."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from pathway.clock import today_london
from pathway.extensions import db
from pathway.placements.transitions import Action
from pathway.placements.vocabulary import Outcome, StageStatus
from tests.factories import through_stage

HTMX = {"HX-Request": "true", "HX-Target": "board"}


def days_from_today(days: int) -> str:
    return (today_london() + timedelta(days=days)).isoformat()


@pytest.fixture
def placement(world, make):
    return make.placement(
        make.candidate(world.coach, first_name="Blerta"), world.programme, world.lead
    )


def column_of(page: str, placement_id: int) -> str:
    """The stage column a card sits in on a rendered board."""
    card = page.index(f'id="placement-{placement_id}"')
    return re.findall(r'data-stage="([^"]+)"', page[:card])[-1]


def test_manager_board_shows_the_card_in_its_stage(world, login, placement):
    page = login(world.manager).get("/placements/board").get_data(as_text=True)
    assert column_of(page, placement.id) == "Meet and greet"
    assert "Blerta" in page and "0 days in this stage" in page


def test_manager_of_another_site_does_not_see_the_card(world, login, placement):
    client = login(world.other_manager)
    assert f"placement-{placement.id}" not in client.get("/placements/board").get_data(as_text=True)
    assert client.get(f"/placements/{placement.id}").status_code == 404
    post = client.post(f"/placements/{placement.id}/schedule", data={"version": 1})
    assert post.status_code == 404


def test_htmx_schedule_returns_the_board_fragment(world, login, placement):
    client = login(world.manager)
    response = client.post(
        f"/placements/{placement.id}/schedule",
        data={
            "version": placement.version,
            "scheduled_on": days_from_today(3),
            "return_to": "board",
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.startswith('<div id="board"') and "<html" not in page
    assert "Recorded: Meet and greet - scheduled." in page
    assert "HX-Request" in response.headers["Vary"]
    db.session.refresh(placement)
    assert placement.stage_status is StageStatus.SCHEDULED


def test_without_javascript_an_action_redirects_back_to_the_board(world, login, placement):
    client = login(world.manager)
    response = client.post(
        f"/placements/{placement.id}/schedule",
        data={
            "version": placement.version,
            "scheduled_on": days_from_today(3),
            "return_to": "board",
        },
    )
    assert response.status_code == 302 and response.location.endswith("/placements/board")
    assert "Recorded: Meet and greet - scheduled." in client.get("/placements/board").get_data(
        as_text=True
    )


def test_manager_moves_a_candidate_from_shadow_day_to_training(world, make, login, placement):
    make.advance(placement, world.manager, *through_stage(1))
    client = login(world.manager)
    for action in ("schedule", "attended", "pass"):
        db.session.refresh(placement)
        data = {
            "version": placement.version,
            "return_to": "board",
            "scheduled_on": today_london().isoformat(),
        }
        assert (
            client.post(f"/placements/{placement.id}/{action}", data=data, headers=HTMX).status_code
            == 200
        )
    page = client.get("/placements/board").get_data(as_text=True)
    assert column_of(page, placement.id) == "Six-week training"


def test_a_refused_transition_is_explained_on_the_card(world, login, placement):
    response = login(world.manager).post(
        f"/placements/{placement.id}/attended",
        data={"version": placement.version, "return_to": "board"},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "Meet and greet is not scheduled yet" in response.get_data(as_text=True)


def test_missing_date_is_shown_beside_the_field_without_javascript(world, login, placement):
    response = login(world.manager).post(
        f"/placements/{placement.id}/schedule", data={"version": placement.version, "note": "kept"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose the date." in page and 'value="kept"' in page


def test_second_of_two_simultaneous_updates_is_told_and_shown_the_current_state(
    world, make, login, placement
):
    seen = placement.version
    make.advance(placement, world.lead, Action.SCHEDULE)
    response = login(world.manager).post(
        f"/placements/{placement.id}/schedule",
        data={"version": seen, "scheduled_on": days_from_today(7), "return_to": "board"},
        headers=HTMX,
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "changed while you were looking at it" in page
    assert "Meet and greet: scheduled" in page
    assert len(placement.events) == 2


def test_interview_outcome_is_recorded_on_the_placement_page(world, make, login, placement):
    make.advance(placement, world.manager, *through_stage(3), Action.SCHEDULE, Action.ATTENDED)
    client = login(world.manager)
    page = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "Interview outcome: hired" in page
    bad = client.post(
        f"/placements/{placement.id}/hire",
        data={"version": placement.version, "hours_per_week": "90"},
    )
    assert bad.status_code == 422
    assert "Between 1 and 48 hours a week." in bad.get_data(as_text=True)
    ok = client.post(
        f"/placements/{placement.id}/hire",
        data={
            "version": placement.version,
            "contract_type": "permanent",
            "hours_per_week": "24",
            "start_date": days_from_today(31),
        },
    )
    assert ok.status_code == 302
    db.session.refresh(placement)
    assert placement.outcome is Outcome.HIRED


def test_coach_can_end_a_placement_but_not_record_stages(world, login, placement):
    client = login(world.coach)
    assert client.get(f"/placements/{placement.id}").status_code == 200
    data = {"version": placement.version, "scheduled_on": days_from_today(3)}
    assert client.post(f"/placements/{placement.id}/schedule", data=data).status_code == 403
    ended = client.post(
        f"/placements/{placement.id}/end",
        data={"version": placement.version, "ended_by": "coach", "reason": "health"},
    )
    assert ended.status_code == 302
    db.session.refresh(placement)
    assert placement.outcome is Outcome.WITHDRAWN


def test_unknown_action_is_404(world, login, placement):
    response = login(world.manager).post(f"/placements/{placement.id}/teleport", data={})
    assert response.status_code == 404


def test_lead_accepts_a_nomination_at_a_chosen_site(world, make, login):
    nomination = make.nomination(make.candidate(world.coach), world.programme)
    client = login(world.lead)
    assert "Decide" in client.get("/placements/").get_data(as_text=True)
    response = client.post(
        f"/placements/nominations/{nomination.id}/accept", data={"site_id": world.other_site.id}
    )
    assert response.status_code == 302
    assert nomination.status.value == "accepted"
    page = login(world.other_manager).get("/placements/board").get_data(as_text=True)
    assert "Meet and greet" in page


def test_declining_needs_a_reason_the_coach_then_sees(world, make, login):
    nomination = make.nomination(make.candidate(world.coach), world.programme)
    client = login(world.manager)
    assert (
        client.post(f"/placements/nominations/{nomination.id}/decline", data={}).status_code == 422
    )
    client.post(
        f"/placements/nominations/{nomination.id}/decline",
        data={"reason": "no_vacancy", "note": "Try again in spring"},
    )
    page = login(world.coach).get(f"/candidates/{nomination.candidate_id}").get_data(as_text=True)
    assert "No place available at the moment: Try again in spring" in page


def count_queries(client, url) -> int:
    statements = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return statements


def test_board_query_count_does_not_grow_with_candidates(world, make, login):
    def add(n):
        for _ in range(n):
            make.placement(make.candidate(world.coach), world.programme, world.lead)

    client = login(world.manager)
    client.get("/placements/board")  # kept from now on: each count below is after a change
    add(5)
    five = count_queries(client, "/placements/board")
    add(195)
    two_hundred = count_queries(client, "/placements/board")
    assert len(two_hundred) == len(five), "\n".join(two_hundred)


def test_hours_can_have_a_half_and_garbage_gets_one_plain_message(world, make, login, placement):
    make.advance(placement, world.manager, *through_stage(3), Action.SCHEDULE, Action.ATTENDED)
    client = login(world.manager)
    data = {
        "version": placement.version,
        "contract_type": "permanent",
        "start_date": days_from_today(14),
    }
    bad = client.post(f"/placements/{placement.id}/hire", data={**data, "hours_per_week": "lots"})
    page = bad.get_data(as_text=True)
    assert "Enter the hours as a number, such as 37.5." in page
    assert "Between 1 and 48" not in page
    ok = client.post(f"/placements/{placement.id}/hire", data={**data, "hours_per_week": "37.5"})
    assert ok.status_code == 302


def test_placement_page_fields_have_unique_ids(world, make, login, placement):
    make.advance(placement, world.manager, *through_stage(3), Action.SCHEDULE, Action.ATTENDED)
    page = login(world.manager).get(f"/placements/{placement.id}").get_data(as_text=True)
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert 'for="end-reason"' in page and 'for="not_hire-reason"' in page


def test_without_javascript_a_refusal_from_the_board_returns_to_the_board(world, login, placement):
    client = login(world.manager)
    response = client.post(
        f"/placements/{placement.id}/attended",
        data={"version": placement.version, "return_to": "board"},
    )
    assert response.status_code == 302 and response.location.endswith("/placements/board")
    assert "is not scheduled yet" in client.get("/placements/board").get_data(as_text=True)


def test_the_coach_sees_what_the_employer_sees(world, make, login):
    from pathway.candidates import services
    from pathway.candidates.models import ConsentMethod

    candidate = make.candidate(world.coach, consent=False, adjustments="Quiet break room")
    services.record_employer_consent(
        candidate,
        world.coach,
        today_london() - timedelta(days=30),
        ConsentMethod.SIGNED_FORM,
        True,
        True,
        False,
    )
    db.session.commit()
    placement = make.placement(candidate, world.programme, world.lead)
    page = login(world.coach).get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "What the employer sees" in page
    assert "Quiet break room" not in page


def test_lead_moves_a_placement_to_another_site_and_history_says_so(world, login, placement):
    client = login(world.lead)
    page = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "Move to another site" in page and "York Road" in page
    response = client.post(
        f"/placements/{placement.id}/transfer",
        data={"version": placement.version, "site_id": world.other_site.id},
    )
    assert response.status_code == 302
    db.session.refresh(placement)
    assert placement.site_id == world.other_site.id
    assert placement.events[-1].kind.value == "transferred"
    assert "York Road" in placement.events[-1].to_state
    board = login(world.other_manager).get("/placements/board").get_data(as_text=True)
    assert f"placement-{placement.id}" in board


def test_a_placement_cannot_move_to_a_site_the_candidate_must_avoid(world, make, login):
    from pathway.candidates.models import AreaKind
    from pathway.candidates.safety import record_avoid_area

    bradford = make.site(world.employer, "Bradford Road", town="Bradford")
    world.programme.sites.append(bradford)
    candidate = make.candidate(world.coach)
    record_avoid_area(candidate, world.coach, AreaKind.TOWN, "Bradford", today_london())
    db.session.commit()
    placement = make.placement(candidate, world.programme, world.lead, site=world.site)
    client = login(world.lead)
    page = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "Move to another site" in page
    assert "Bradford Road" not in page  # ruled out, and not named as such
    response = client.post(
        f"/placements/{placement.id}/transfer",
        data={"version": placement.version, "site_id": bradford.id},
    )
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "This site is not available for this candidate." in text
    assert "Bradford" not in text
    db.session.refresh(placement)
    assert placement.site_id == world.site.id


def _age_session(client, idle_seconds: float) -> None:
    import time

    with client.session_transaction() as session:
        session["seen_at"] = time.time() - idle_seconds


@pytest.mark.parametrize("ended", ["idle", "signed out elsewhere"])
def test_a_board_button_after_the_session_ended_sends_the_page_to_sign_in(
    world, login, placement, ended
):
    """The action is not saved, the sign-in page is not swapped into the board: the whole
    page goes to sign-in, which says so, and comes back to the board afterwards."""
    client = login(world.manager)
    assert client.get("/placements/board").status_code == 200
    if ended == "idle":
        _age_session(client, 31 * 60)
    else:  # signing out in another tab ends every session of the user
        world.manager.end_all_sessions()
        db.session.commit()
    version = placement.version
    response = client.post(
        f"/placements/{placement.id}/schedule",
        data={"version": version, "scheduled_on": days_from_today(3), "return_to": "board"},
        headers={**HTMX, "HX-Current-URL": "http://pathway.test/placements/board?site=1"},
    )

    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login?next=/placements/board?site%3D1"
    assert "<html" not in response.get_data(as_text=True)
    db.session.refresh(placement)
    assert placement.version == version and placement.stage_status is StageStatus.TO_SCHEDULE
    page = client.get(response.headers["HX-Redirect"]).get_data(as_text=True)
    assert "You were signed out, so your change was not saved." in page
    from tests.factories import PASSWORD

    signed_in = client.post(
        response.headers["HX-Redirect"], data={"email": world.manager.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 302 and signed_in.location == "/placements/board?site=1"


def test_a_form_sent_without_javascript_after_the_session_ended_returns_to_its_page(
    world, login, placement
):
    client = login(world.manager)
    _age_session(client, 31 * 60)
    response = client.post(
        f"/placements/{placement.id}/schedule",
        data={"version": placement.version, "scheduled_on": days_from_today(3)},
        headers={"Referer": f"http://pathway.test/placements/{placement.id}"},
    )
    assert response.status_code == 302
    assert response.location == f"/login?next=/placements/{placement.id}"
    page = client.get(response.location).get_data(as_text=True)
    assert "your change was not saved" in page


def test_signing_in_again_never_leads_off_the_site(world, login, placement):
    client = login(world.manager)
    _age_session(client, 31 * 60)
    response = client.post(
        f"/placements/{placement.id}/schedule",
        data={"version": placement.version, "return_to": "board"},
        headers={**HTMX, "HX-Current-URL": "https://evil.example/placements/board"},
    )
    assert response.headers["HX-Redirect"] == "/login"
