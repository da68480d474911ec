"""The board keeps each card's HTML by what the card shows: any change shows at once, and
every form carries the viewer's own CSRF token."""

import re
from datetime import timedelta

import pytest

from pathway.candidates.models import ConsentMethod
from pathway.candidates.services import withdraw_employer_consent
from pathway.clock import today_london
from pathway.extensions import db
from pathway.kept_pages import TOKEN_SLOT
from pathway.placements.board import board_cards, card_html
from pathway.placements.transitions import Action
from tests.factories import PASSWORD

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


# --- the whole page, kept until anything changes (pathway/kept_pages.py) ------------------


def test_an_unchanged_board_is_served_kept_after_one_query(world, make, login, placement):
    from tests.placements.test_board_views import count_queries

    client = login(world.manager)
    first = count_queries(client, "/placements/board")
    again = count_queries(client, "/placements/board")
    assert len(first) > 1
    assert len(again) == 1 and "change_stamp" in again[0]  # served before the user is read
    make.advance(placement, world.lead, Action.SCHEDULE)
    drawn = count_queries(client, "/placements/board")
    assert len(drawn) == len(first) + 1  # the stamp first, then as the first time


def test_a_kept_board_holds_no_transaction_open_on_the_server(world, login, placement):
    """One round trip: no BEGIN before the stamp is read, nothing to roll back after."""
    from sqlalchemy import event

    client = login(world.manager)
    client.get("/placements/board")
    open_after = []

    def after(conn, _cursor, statement, *_args):
        dbapi = conn.connection.dbapi_connection
        if conn.dialect.name == "postgresql":
            open_after.append(dbapi.info.transaction_status.name != "IDLE")
        else:
            open_after.append(dbapi.in_transaction)

    event.listen(db.engine, "after_cursor_execute", after)
    try:
        assert client.get("/placements/board").status_code == 200
    finally:
        event.remove(db.engine, "after_cursor_execute", after)
    assert open_after == [False]


def test_a_change_the_cards_do_not_show_still_shows_at_once(world, login, placement):
    from pathway.clock import utcnow
    from pathway.notifications.services import notify
    from pathway.notifications.vocabulary import NoticeKind

    client = login(world.manager)
    assert 'aria-label="1 unread"' not in board(client)
    world.manager.name = "Morgan Renamed"
    notify([world.manager], NoticeKind.STAGE_REMINDER, "k", "Due", "/", utcnow())
    db.session.commit()
    page = board(client)
    assert "Morgan Renamed" in page and 'aria-label="1 unread"' in page


def test_each_user_is_served_their_own_kept_board(world, login, placement):
    manager, lead = board(login(world.manager)), board(login(world.lead))
    assert world.manager.name in manager and world.manager.name not in lead
    assert world.lead.name in lead
    assert board(login(world.manager)).count(world.manager.name) == manager.count(
        world.manager.name
    )


def test_a_one_time_message_is_shown_once_and_never_kept(world, login, placement):
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


def test_a_board_drawn_after_a_change_in_the_same_request_is_not_an_older_kept_one(
    app, world, placement
):
    from flask_login import login_user

    from pathway.kept_pages import kept_page

    with app.test_request_context("/placements/board"):
        login_user(world.manager)
        drawn_before = kept_page(lambda: "before", TODAY)
        world.site.name = "Leeds Kirkgate"
        db.session.commit()
        assert kept_page(lambda: "after", TODAY) == "after"
    assert drawn_before == "before"


def test_a_board_kept_again_after_a_change_carries_no_ones_token(
    world, login, placement, monkeypatch
):
    import time

    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    class Later(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) + 5

    class SignedLater(URLSafeTimedSerializer):
        default_signer = Later

    laptop = login(world.manager)
    board(laptop)
    world.site.name = "Leeds Kirkgate"
    db.session.commit()
    # a CSRF token signed now differs from the first (a signature holds when it was made)
    monkeypatch.setattr("flask_wtf.csrf.URLSafeTimedSerializer", SignedLater)
    board(laptop)  # drawn again by the same session, and kept
    page = board(login(world.manager))  # another session of the same person
    header = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    assert set(re.findall(r'name="csrf_token" value="([^"]+)"', page)) == {header}
    assert header not in board(laptop)


# --- a kept page served before the user is read (kept_pages.serve_kept_page) -------------


def _kept(client) -> None:
    board(client)
    board(client)  # now kept


def _age(client, idle_seconds: float) -> None:
    import time

    with client.session_transaction() as session:
        session["seen_at"] = time.time() - idle_seconds


def test_a_session_past_its_idle_limit_is_not_served_a_kept_page(world, login, placement):
    client = login(world.manager)
    _kept(client)
    _age(client, 31 * 60)
    response = client.get("/placements/board")
    assert response.status_code == 302 and "/login" in response.location


def test_a_session_signed_out_elsewhere_is_not_served_a_kept_page(world, login, placement):
    laptop, phone = login(world.manager), login(world.manager)
    _kept(phone)
    laptop.post("/logout")
    assert phone.get("/placements/board").status_code == 302


def test_a_minute_on_the_page_is_noted_by_the_whole_request(world, login, placement):
    client = login(world.manager)
    _kept(client)
    assert "Set-Cookie" not in client.get("/placements/board").headers
    _age(client, 61)
    response = client.get("/placements/board")
    assert response.status_code == 200 and "Set-Cookie" in response.headers


def test_a_session_from_another_browser_goes_through_the_whole_request(world, login, placement):
    from tests.placements.test_board_views import count_queries

    client = login(world.manager)
    _kept(client)
    client.environ_base["HTTP_USER_AGENT"] = "Another browser"
    assert "session_version" in count_queries(client, "/placements/board")[0]  # the user read
    with client.session_transaction() as session:
        assert session["_fresh"] is False  # Flask-Login's session protection saw it


def test_a_board_asked_for_with_a_query_goes_through_the_whole_request(world, login, placement):
    from tests.placements.test_board_views import count_queries

    client = login(world.manager)
    _kept(client)
    assert "session_version" in count_queries(client, "/placements/board?x=1")[0]


def test_a_page_drawn_with_changes_not_yet_committed_is_not_kept(app, world, placement):
    from flask_login import login_user

    from pathway.kept_pages import kept_page

    with app.test_request_context("/placements/board"):
        login_user(world.manager)
        world.site.name = "Never committed"
        assert kept_page(lambda: "uncommitted", TODAY) == "uncommitted"
        db.session.rollback()
        assert kept_page(lambda: "as it stands", TODAY) == "as it stands"


def test_kept_pages_are_bounded_by_size(monkeypatch):
    from pathway import kept_pages

    monkeypatch.setattr(kept_pages, "KEPT_BYTES", 100)
    monkeypatch.setattr(kept_pages, "LARGEST_KEPT", 60)
    kept = kept_pages._Kept()
    kept.get(7, ("any",))  # the stamp is 7
    kept.put(7, ("too large",), "x" * 61)
    for n in range(4):
        kept.put(7, (n,), "x" * 40)
    assert kept.get(7, ("too large",)) is None
    assert [kept.get(7, (n,)) is not None for n in range(4)] == [False, False, True, True]
    assert kept.size == 80


def test_the_key_holds_the_address(app, world):
    from flask_login import login_user

    from pathway.kept_pages import page_key

    with app.test_request_context("/placements/board"):
        login_user(world.manager)
        assert "/placements/board" in page_key(TODAY)
        assert world.manager.get_id() in page_key(TODAY)
