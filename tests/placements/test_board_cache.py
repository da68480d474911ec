"""The board keeps each card's HTML by what the card shows: any change shows at once, and
every form carries the viewer's own CSRF token."""

import re
from datetime import timedelta

import pytest

from pathway.candidates.models import ConsentMethod
from pathway.candidates.services import withdraw_employer_consent
from pathway.clock import today_london
from pathway.extensions import db
from pathway.placements.board import TOKEN_SLOT, board_cards, card_html
from pathway.placements.transitions import Action
from tests.factories import PASSWORD
from tests.jobs.history import forget_what_was_told

TODAY = today_london()


@pytest.fixture
def placement(world, make):
    return make.placement(
        make.candidate(world.coach, first_name="Blerta"), world.programme, world.lead
    )


def card(page: str, placement_id: int) -> str:
    start = page.index(f'id="placement-{placement_id}"')
    return page[start : page.index("</article>", start)]


def board(client) -> str:
    response = client.get("/placements/board")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_stage_update_shows_on_the_next_request(world, login, placement):
    client = login(world.manager)
    before = card(board(client), placement.id)
    assert "to schedule" in before and "Blerta" in before
    day = TODAY + timedelta(days=3)
    posted = client.post(
        f"/placements/{placement.id}/schedule",
        data={"version": placement.version, "scheduled_on": day.isoformat(), "return_to": "board"},
    )
    assert posted.status_code == 302
    after = card(board(client), placement.id)
    assert f'datetime="{day.isoformat()}"' in after and "to schedule" not in after
    assert 'name="version" value="2"' in after  # the next post is checked against this


def test_another_users_update_shows_on_this_users_board(world, make, login, placement):
    client = login(world.manager)
    assert "Attended" not in card(board(client), placement.id)
    make.advance(placement, world.lead, Action.SCHEDULE)  # a partnership lead, elsewhere
    assert ">Attended</button>" in card(board(client), placement.id)


def test_a_withdrawn_consent_hides_the_name_at_once(world, login, placement):
    client = login(world.manager)
    assert "Blerta" in card(board(client), placement.id)
    withdraw_employer_consent(placement.candidate, TODAY, world.coach, ConsentMethod.TOLD_COACH)
    db.session.commit()
    shown = card(board(client), placement.id)
    assert "Blerta" not in shown and "Candidate details withheld" in shown


def test_a_renamed_site_and_candidate_show_at_once(world, login, placement):
    client = login(world.manager)
    assert "Leeds Central" in card(board(client), placement.id)
    world.site.name = "Leeds Kirkgate"
    placement.candidate.first_name = "Bleta"
    db.session.commit()
    shown = card(board(client), placement.id)
    assert "Leeds Kirkgate" in shown and "Bleta" in shown and "Blerta" not in shown


def test_a_card_drawn_on_a_later_day_moves_on_with_it(app, world, make, placement):
    tomorrow = TODAY + timedelta(days=1)
    make.advance(placement, world.manager, Action.SCHEDULE, scheduled_on=tomorrow)
    with app.test_request_context():
        (facts,) = board_cards(world.manager)
        on_the_day, day_after = card_html(facts, TODAY), card_html(facts, tomorrow)
    assert ">Attended</button>" not in on_the_day  # attendance only on or after the day
    assert ">Attended</button>" in day_after
    days = [
        int(re.search(r"(\d+) days? in this stage", html).group(1))
        for html in (on_the_day, day_after)
    ]
    assert days[1] == days[0] + 1


def test_every_form_carries_the_viewers_own_csrf_token(world, make, login, placement):
    make.placement(make.candidate(world.coach), world.programme, world.lead)
    tokens = []
    for _ in range(2):  # two people: the second is served the cards the first one drew
        page = board(login(world.manager))
        header = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
        in_forms = set(re.findall(r'name="csrf_token" value="([^"]+)"', page))
        assert in_forms == {header} and TOKEN_SLOT not in page
        tokens.append(header)
    assert tokens[0] != tokens[1]


def test_a_post_from_a_kept_card_passes_the_csrf_check(app, world, login, placement):
    board(login(world.manager))  # the card is drawn and kept
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    form = {"email": world.manager.email, "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=form).status_code == 302
    shown = card(board(client), placement.id)
    token = re.search(r'name="csrf_token" value="([^"]+)"', shown).group(1)
    posted = client.post(
        f"/placements/{placement.id}/schedule",
        data={
            "csrf_token": token,
            "version": placement.version,
            "scheduled_on": TODAY.isoformat(),
            "return_to": "board",
        },
    )
    assert posted.status_code == 302


def test_a_refusal_shows_on_its_card_only(world, login, make, placement):
    other = make.placement(
        make.candidate(world.coach, first_name="Dana"), world.programme, world.lead
    )
    client = login(world.manager)
    board(client)
    response = client.post(
        f"/placements/{placement.id}/attended",
        data={"version": placement.version, "return_to": "board"},
        headers={"HX-Request": "true", "HX-Target": "board"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'role="alert"' in card(page, placement.id)
    assert 'role="alert"' not in card(page, other.id)
    assert 'role="alert"' not in card(board(client), placement.id)  # not kept


# --- the page itself is drawn for every request -------------------------------------------


def test_a_change_the_cards_do_not_show_still_shows_at_once(world, login, placement):
    from pathway.clock import utcnow
    from pathway.notifications.services import notify
    from pathway.notifications.vocabulary import NoticeKind

    forget_what_was_told()  # the new placement at their site: a notice of its own
    client = login(world.manager)
    assert 'aria-label="1 unread"' not in board(client)
    world.manager.name = "Morgan Renamed"
    notify([world.manager], NoticeKind.STAGE_REMINDER, "k", "Due", "/", utcnow())
    db.session.commit()
    page = board(client)
    assert "Morgan Renamed" in page and 'aria-label="1 unread"' in page


def test_each_user_is_shown_their_own_board(world, login, placement):
    manager, lead = board(login(world.manager)), board(login(world.lead))
    assert world.manager.name in manager and world.manager.name not in lead
    assert world.lead.name in lead


def test_a_one_time_message_is_shown_once(world, login, placement):
    client = login(world.manager)
    board(client)
    day = (TODAY + timedelta(days=2)).isoformat()
    posted = client.post(
        f"/placements/{placement.id}/schedule",
        data={"version": placement.version, "scheduled_on": day, "return_to": "board"},
    )
    assert posted.status_code == 302
    with client.session_transaction() as session:
        flashed = [message for _, message in session.get("_flashes", [])]
    assert flashed, "the update is confirmed with a message"
    assert flashed[0] in board(client)
    assert flashed[0] not in board(client)


def _age(client, idle_seconds: float) -> None:
    import time

    with client.session_transaction() as session:
        session["seen_at"] = time.time() - idle_seconds


def test_a_session_past_its_idle_limit_is_sent_to_sign_in(world, login, placement):
    client = login(world.manager)
    board(client)
    _age(client, 31 * 60)
    response = client.get("/placements/board")
    assert response.status_code == 302 and "/login" in response.location


def test_a_session_signed_out_elsewhere_is_sent_to_sign_in(world, login, placement):
    laptop, phone = login(world.manager), login(world.manager)
    board(phone)
    laptop.post("/logout")
    assert phone.get("/placements/board").status_code == 302


def test_a_minute_on_the_page_is_noted(world, login, placement):
    client = login(world.manager)
    board(client)
    assert "Set-Cookie" not in client.get("/placements/board").headers
    _age(client, 61)
    response = client.get("/placements/board")
    assert response.status_code == 200 and "Set-Cookie" in response.headers


def test_a_session_from_another_browser_is_seen_by_session_protection(world, login, placement):
    client = login(world.manager)
    board(client)
    client.environ_base["HTTP_USER_AGENT"] = "Another browser"
    board(client)
    with client.session_transaction() as session:
        assert session["_fresh"] is False  # Flask-Login's session protection saw it
