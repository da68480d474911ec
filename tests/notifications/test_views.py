"""The notices list and header count, with htmx and without JavaScript."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from pathway.auth.models import User
from pathway.extensions import db
from pathway.notifications.models import Notification
from pathway.notifications.services import notify
from pathway.notifications.vocabulary import EmailPreference, NoticeKind
from tests.jobs.history import at

HTMX = {"HX-Request": "true"}


def add_notice(user: User, key: str, text: str, day: str, link: str = "/placements/board"):
    notify([user], NoticeKind.STAGE_REMINDER, key, text, link, at(day))
    db.session.commit()
    return db.session.scalar(select(Notification).where(Notification.subject_key == key))


@pytest.fixture
def notices(world):
    return [
        add_notice(world.manager, "older", "Older notice", "2026-11-20"),
        add_notice(world.manager, "newer", "Newer notice", "2026-11-22", "/placements/7"),
        add_notice(world.other_manager, "theirs", "Someone else's notice", "2026-11-22"),
    ]


def badge(page: str) -> str | None:
    found = re.search(r'<span class="badge"[^>]*>(\d+)</span>', page)
    return found.group(1) if found else None


def test_the_list_shows_my_notices_newest_first_with_links(world, login, notices):
    page = login(world.manager).get("/notifications/").get_data(as_text=True)
    assert page.index("Newer notice") < page.index("Older notice")
    assert '<a href="/placements/7">Newer notice</a>' in page
    assert "Someone else" not in page


def test_the_header_shows_the_unread_count_on_every_page(world, login, notices):
    page = login(world.manager).get("/placements/board").get_data(as_text=True)
    assert badge(page) == "2"
    assert 'hx-get="/notifications/count" hx-trigger="every 60s" hx-select="#notice-count"' in page
    assert badge(login(world.lead).get("/placements/board").get_data(as_text=True)) is None


def test_htmx_polls_the_count_as_a_fragment(world, login, notices):
    client = login(world.manager)
    response = client.get("/notifications/count", headers=HTMX)
    page = response.get_data(as_text=True)
    assert page.startswith('<a id="notice-count"') and "<html" not in page
    assert badge(page) == "2"
    assert "HX-Request" in response.headers["Vary"]
    assert client.get("/notifications/count").status_code == 302  # not htmx: the list


def test_marking_one_read_with_htmx_returns_the_list_and_the_new_count(world, login, notices):
    client = login(world.manager)
    response = client.post(
        "/notifications/read", data={"notification_id": notices[1].id}, headers=HTMX
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and page.startswith('<div id="notices">')
    assert 'hx-swap-oob="true"' in page and badge(page) == "1"
    db.session.refresh(notices[1])
    assert notices[1].read_at is not None and notices[0].read_at is None


def test_marking_read_without_javascript_redirects_to_the_list(world, login, notices):
    client = login(world.manager)
    response = client.post("/notifications/read", data={"notification_id": notices[0].id})
    assert response.status_code == 302 and response.location.endswith("/notifications/")
    assert client.post("/notifications/read", data={}).status_code == 422


def test_nobody_can_mark_another_persons_notice(world, login, notices):
    response = login(world.manager).post(
        "/notifications/read", data={"notification_id": notices[2].id}
    )
    assert response.status_code == 404
    db.session.refresh(notices[2])
    assert notices[2].read_at is None


def test_mark_all_read(world, login, notices):
    client = login(world.manager)
    response = client.post("/notifications/read-all", headers=HTMX)
    page = response.get_data(as_text=True)
    assert badge(page) is None and "Mark all read" not in page
    for notice in notices:
        db.session.refresh(notice)
    assert [n.read_at is not None for n in notices] == [True, True, False]


def test_choosing_the_e_mail_preference(world, login):
    client = login(world.coach)
    page = client.get("/notifications/").get_data(as_text=True)
    assert '<input checked id="preference-0" name="preference"' in page
    bad = client.post("/notifications/email", data={"preference": "hourly"})
    assert bad.status_code == 422 and "Not a valid choice" in bad.get_data(as_text=True)
    ok = client.post("/notifications/email", data={"preference": "daily_digest"})
    assert ok.status_code == 302
    db.session.refresh(world.coach)
    assert world.coach.email_preference is EmailPreference.DAILY_DIGEST
