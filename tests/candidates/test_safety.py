"""Areas a candidate must avoid: never offered, never accepted, and the employer never told why."""

from types import SimpleNamespace

import pytest

from pathway.access import sites_user_may_accept_at
from pathway.candidates.models import AreaKind, AvoidArea
from pathway.candidates.safety import (
    SITE_NOT_AVAILABLE,
    record_avoid_area,
    remove_avoid_area,
    site_in_area,
)
from pathway.clock import today_london
from pathway.extensions import db
from pathway.placements.nominations import accept_nomination
from pathway.refusals import ActionRefused

TODAY = today_london()


def avoid(candidate, coach, kind, name):
    area = record_avoid_area(candidate, coach, kind, name, TODAY)
    db.session.commit()
    return area


@pytest.mark.parametrize(
    "kind, name, inside",
    [
        (AreaKind.TOWN, "leeds", True),
        (AreaKind.TOWN, " Leeds ", True),
        (AreaKind.TOWN, "Bradford", False),
        (AreaKind.REGION, "Yorkshire and the Humber", True),
        (AreaKind.REGION, "North West", False),
    ],
)
def test_a_site_lies_in_an_area_by_town_or_region(kind, name, inside):
    site = SimpleNamespace(town="Leeds", region="Yorkshire")
    assert site_in_area(site, AvoidArea(kind=kind, name=name)) is inside


@pytest.fixture
def nomination(world, make):
    candidate = make.candidate(world.coach)
    return make.nomination(candidate, world.programme)


def test_sites_in_an_area_to_avoid_cannot_be_accepted(world, make, nomination):
    york = make.site(world.employer, "York Minster", town="York")
    world.programme.sites.append(york)
    db.session.commit()
    avoid(nomination.candidate, world.coach, AreaKind.TOWN, "Leeds")
    assert sites_user_may_accept_at(world.lead, nomination) == [york]
    with pytest.raises(ActionRefused) as refused:
        accept_nomination(nomination, world.site, world.lead)
    assert str(refused.value) == SITE_NOT_AVAILABLE
    assert accept_nomination(nomination, york, world.lead).site == york


def test_the_employer_sees_only_that_the_site_is_not_available(world, nomination, login):
    avoid(nomination.candidate, world.coach, AreaKind.TOWN, "Leeds")
    lead = login(world.lead)
    page = lead.get(f"/placements/nominations/{nomination.id}").get_data(as_text=True)
    assert "Leeds Central, Leeds: This site is not available for this candidate." in page
    assert "avoid" not in page.lower()
    response = lead.post(
        f"/placements/nominations/{nomination.id}/accept", data={"site_id": world.site.id}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This site is not available for this candidate." in page
    assert "avoid" not in page.lower()
    db.session.refresh(nomination)
    assert nomination.status.value == "pending"


def test_nomination_is_refused_when_every_site_is_in_an_area_to_avoid(world, make, login):
    candidate = make.candidate(world.coach)
    avoid(candidate, world.coach, AreaKind.REGION, "Yorkshire and the Humber")
    response = login(world.coach).post(
        f"/candidates/{candidate.id}/nominate", data={"programme_id": world.programme.id}
    )
    assert response.status_code == 422
    assert "Every taking-part site is in an area this candidate must avoid" in response.get_data(
        as_text=True
    )
    assert candidate.nominations == []


def test_an_area_is_listed_once_and_taken_off_with_a_dated_record(world, make):
    candidate = make.candidate(world.coach)
    area = avoid(candidate, world.coach, AreaKind.TOWN, "Leeds")
    with pytest.raises(ActionRefused, match="already on the list"):
        record_avoid_area(candidate, world.coach, AreaKind.TOWN, "leeds", TODAY)
    remove_avoid_area(candidate, area.id, world.coach, TODAY)
    db.session.commit()
    assert candidate.areas_to_avoid == []
    assert area.removed_on == TODAY and area.removed_by_id == world.coach.id


def test_coach_adds_and_removes_areas_on_the_page(world, make, login):
    candidate = make.candidate(world.coach)
    client = login(world.coach)
    url = f"/candidates/{candidate.id}/areas"
    empty = client.post(url, data={"town": "", "region": ""})
    assert empty.status_code == 422
    assert "Give a town or choose a region." in empty.get_data(as_text=True)
    assert client.post(url, data={"town": "Halifax", "region": "North West"}).status_code == 302
    assert {a.name for a in candidate.areas_to_avoid} == {"Halifax", "North West"}
    halifax = next(a for a in candidate.areas_to_avoid if a.name == "Halifax")
    removed = client.post(f"{url}/remove", data={"area_id": halifax.id})
    assert removed.status_code == 302
    db.session.refresh(candidate)
    assert [a.name for a in candidate.areas_to_avoid] == ["North West"]
    assert client.post(f"{url}/remove", data={"area_id": 999}).status_code == 422


def test_the_coach_is_warned_about_a_placement_in_an_area_to_avoid(world, make, login):
    candidate = make.candidate(world.coach)
    make.placement(candidate, world.programme, world.lead)
    avoid(candidate, world.coach, AreaKind.TOWN, "Leeds")
    page = login(world.coach).get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "is in an area Amina must avoid" in page


def test_another_charity_cannot_see_or_change_the_areas(world, make, login):
    candidate = make.candidate(world.coach)
    client = login(world.other_coach)
    assert client.get(f"/candidates/{candidate.id}/areas").status_code == 404
    assert client.post(f"/candidates/{candidate.id}/areas", data={"town": "X"}).status_code == 404
