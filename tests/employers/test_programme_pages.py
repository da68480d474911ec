"""Programme pages: leads define programmes and their stages, coaches read them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pathway.auth.models import Role
from pathway.candidates.vocabulary import EnglishLevel
from pathway.employers.models import Programme
from pathway.extensions import db


def programme_form(sites, **overrides) -> dict:
    data = {
        "name": "Bright Future",
        "template": "fresh_start",
        "sites": [site.id for site in sites],
        "min_english_level": "entry_3",
        "right_to_work_required": "y",
        "min_age": "18",
        "qualifying_nrm": ["positive_reasonable", "positive_conclusive"],
    }
    data.update(overrides)
    return data


def stages_form(programme, **overrides) -> dict:
    """The stages page as a lead would post it back unchanged, with ``overrides``."""
    data = {}
    rows = [stage for stage in programme.stages if not stage.is_interview]
    for i, stage in enumerate(rows):
        data[f"stages-{i}-name"] = stage.name
        data[f"stages-{i}-duration_amount"] = str(stage.duration_amount or "")
        data[f"stages-{i}-duration_unit"] = stage.duration_unit.value if stage.duration_unit else ""
    data["interview-name"] = programme.stages[-1].name
    data["interview-duration_amount"] = ""
    data["interview-duration_unit"] = ""
    data["save"] = "Save stages"
    data.update(overrides)
    return data


def stage_names(programme) -> list[str]:
    db.session.refresh(programme)
    return [stage.name for stage in programme.stages]


@pytest.fixture
def employer(make):
    return make.employer(name="Co-op")


@pytest.fixture
def lead(make, employer):
    return make.user(Role.PARTNERSHIP_LEAD, employer)


def test_lead_creates_a_programme_from_the_template_and_sees_its_four_stages(
    make, login, employer, lead
):
    leeds = make.site(employer, name="Leeds Kirkgate")
    make.site(employer, name="York Parliament Street")
    client = login(lead)

    page = client.get("/programmes/new")
    assert page.status_code == 200
    assert "Fresh Start" in page.text and "Leeds Kirkgate" in page.text

    response = client.post("/programmes/new", data=programme_form([leeds]))
    assert response.status_code == 302
    programme = db.session.scalars(select(Programme)).one()
    assert programme.employer_id == employer.id
    assert [site.name for site in programme.sites] == ["Leeds Kirkgate"]
    assert programme.min_english_level is EnglishLevel.ENTRY_3

    page = client.get(response.location)
    stages = [
        ("Meet and greet", "30 minutes"),
        ("Shadow day", "1 day"),
        ("Six-week training", "6 weeks"),
    ]
    for name, duration in stages:
        assert name in page.text and duration in page.text
    assert "Guaranteed interview" in page.text
    assert page.text.index("Meet and greet") < page.text.index("Guaranteed interview")


def test_lead_sees_own_programmes_with_stage_count_and_sites(make, login, employer, lead):
    make.programme(employer, sites=[make.site(employer, name="Leeds Kirkgate")], name="Bright")
    make.programme(make.employer(), name="Someone else's")
    page = login(lead).get("/programmes/")
    assert page.status_code == 200
    assert "Bright" in page.text and "Leeds Kirkgate" in page.text
    assert "Someone else" not in page.text
    assert "New programme" in page.text


def test_new_programme_errors_are_shown_beside_the_field_and_typed_values_kept(
    make, login, employer, lead
):
    site = make.site(employer)
    data = programme_form([], name="Warehouse route", min_age="12")
    response = login(lead).post("/programmes/new", data=data)
    assert response.status_code == 422
    assert 'value="Warehouse route"' in response.text
    assert 'id="min_age-error">The minimum age must be between 16 and 99.' in response.text
    assert 'id="sites-error">Choose at least one taking-part site.' in response.text
    assert 'value="12"' in response.text
    assert db.session.scalars(select(Programme)).first() is None
    assert site.name in response.text


def test_a_typo_in_a_number_gets_one_plain_error(make, login, employer, lead):
    data = programme_form([make.site(employer)], min_age="eighteen")
    response = login(lead).post("/programmes/new", data=data)
    assert response.status_code == 422
    assert response.text.count('id="min_age-error"') == 1
    assert "Give a whole number, such as 6." in response.text
    assert 'value="eighteen"' in response.text


def test_lead_cannot_put_another_employers_site_on_a_programme(make, login, employer, lead):
    own = make.site(employer)
    foreign = make.site(make.employer())
    response = login(lead).post("/programmes/new", data=programme_form([own, foreign]))
    assert response.status_code == 422
    assert "Choose from your own organisation&#39;s sites." in response.text
    assert db.session.scalars(select(Programme)).first() is None


def test_lead_edits_name_criteria_sites_and_stops_nominations(make, login, employer, lead):
    first, second = make.site(employer, name="Aire"), make.site(employer, name="Bramley")
    programme = make.programme(employer, sites=[first])
    data = programme_form(
        [second],
        name="Bright Future",
        min_english_level="entry_2",
        min_age="21",
        qualifying_nrm=["positive_conclusive", "not_referred"],
    )
    del data["right_to_work_required"]  # unticked: no "active" either
    response = login(lead).post(f"/programmes/{programme.id}/edit", data=data)
    assert response.status_code == 302
    db.session.refresh(programme)
    assert programme.name == "Bright Future"
    assert [site.name for site in programme.sites] == ["Bramley"]
    assert programme.min_english_level is EnglishLevel.ENTRY_2
    assert programme.min_age == 21
    assert programme.right_to_work_required is False
    assert programme.active is False
    assert sorted(programme.qualifying_nrm) == ["not_referred", "positive_conclusive"]


def test_lead_sets_the_programme_promises_and_reminder_timings(make, login, employer, lead):
    site = make.site(employer)
    programme = make.programme(employer, sites=[site])
    data = programme_form(
        [site],
        interview_within_days="10",
        stale_after_days="21",
        escalate_after_days="5",
        follow_up_by="site_manager",
        active="y",
    )
    response = login(lead).post(f"/programmes/{programme.id}/edit", data=data)
    assert response.status_code == 302
    db.session.refresh(programme)
    assert (programme.interview_within_days, programme.stale_after_days) == (10, 21)
    assert programme.escalate_after_days == 5
    assert programme.follow_up_by.value == "site_manager"
    bad = login(lead).post(
        f"/programmes/{programme.id}/edit", data={**data, "interview_within_days": "0"}
    )
    assert bad.status_code == 422
    assert "Give a number of days from 1 to 90." in bad.get_data(as_text=True)


def test_edit_form_starts_from_the_programme(make, login, employer, lead):
    programme = make.programme(employer, name="Bright Future", min_age=19)
    page = login(lead).get(f"/programmes/{programme.id}/edit")
    assert page.status_code == 200
    assert 'value="Bright Future"' in page.text and 'value="19"' in page.text


def test_lead_renames_a_stage_and_changes_its_duration(make, login, employer, lead):
    programme = make.programme(employer)
    data = stages_form(
        programme,
        **{
            "stages-0-name": "Meet the store manager",
            "stages-0-duration_amount": "1",
            "stages-0-duration_unit": "hours",
            "interview-name": "Job interview",
        },
    )
    response = login(lead).post(f"/programmes/{programme.id}/stages", data=data)
    assert response.status_code == 302
    assert stage_names(programme) == [
        "Meet the store manager",
        "Shadow day",
        "Six-week training",
        "Job interview",
    ]
    assert programme.stages[0].duration_label == "1 hour"
    assert programme.stages[-1].is_interview


def test_add_a_stage_shows_a_blank_row_and_saves_nothing(make, login, employer, lead):
    programme = make.programme(employer)
    data = stages_form(programme, **{"stages-0-name": "Renamed but not saved"})
    del data["save"]
    data["add_stage"] = "Add a stage"
    response = login(lead).post(f"/programmes/{programme.id}/stages", data=data)
    assert response.status_code == 200
    assert 'name="stages-3-name"' in response.text
    assert 'value="Renamed but not saved"' in response.text
    assert stage_names(programme)[0] == "Meet and greet"


def test_lead_adds_a_stage_before_the_interview(make, login, employer, lead):
    programme = make.programme(employer)
    data = stages_form(
        programme,
        **{
            "stages-3-name": "Back-office induction",
            "stages-3-duration_amount": "2",
            "stages-3-duration_unit": "days",
        },
    )
    response = login(lead).post(f"/programmes/{programme.id}/stages", data=data)
    assert response.status_code == 302
    assert stage_names(programme) == [
        "Meet and greet",
        "Shadow day",
        "Six-week training",
        "Back-office induction",
        "Guaranteed interview",
    ]
    assert programme.stages[3].duration_label == "2 days"


def test_a_blank_added_row_is_left_out(make, login, employer, lead):
    programme = make.programme(employer)
    data = stages_form(programme, **{"stages-3-name": "", "stages-3-duration_amount": ""})
    response = login(lead).post(f"/programmes/{programme.id}/stages", data=data)
    assert response.status_code == 302
    assert len(stage_names(programme)) == 4


def test_lead_removes_a_stage(make, login, employer, lead):
    programme = make.programme(employer)
    data = stages_form(programme, **{"stages-1-remove": "y", "stages-1-duration_amount": "x"})
    response = login(lead).post(f"/programmes/{programme.id}/stages", data=data)
    assert response.status_code == 302
    assert stage_names(programme) == ["Meet and greet", "Six-week training", "Guaranteed interview"]


def test_the_interview_cannot_be_removed_and_stays_last(make, login, employer, lead):
    programme = make.programme(employer)
    client = login(lead)
    page = client.get(f"/programmes/{programme.id}/stages")
    assert "Placements already under way keep the stages they started with." in page.text
    assert 'name="interview-remove"' not in page.text

    data = stages_form(programme, **{"interview-remove": "y"})
    assert client.post(f"/programmes/{programme.id}/stages", data=data).status_code == 302
    assert stage_names(programme)[-1] == "Guaranteed interview"
    assert programme.stages[-1].is_interview


def test_removing_every_stage_before_the_interview_is_refused(make, login, employer, lead):
    programme = make.programme(employer)
    data = stages_form(programme, **{f"stages-{i}-remove": "y" for i in range(3)})
    response = login(lead).post(f"/programmes/{programme.id}/stages", data=data)
    assert response.status_code == 422
    assert "A programme needs at least one stage before its interview." in response.text
    assert len(stage_names(programme)) == 4


def test_stage_errors_are_shown_beside_the_field(make, login, employer, lead):
    programme = make.programme(employer)
    data = stages_form(
        programme,
        **{
            "stages-1-name": "",
            "stages-2-duration_amount": "6",
            "stages-2-duration_unit": "",
            "interview-name": "",
        },
    )
    response = login(lead).post(f"/programmes/{programme.id}/stages", data=data)
    assert response.status_code == 422
    assert 'id="stages-1-name-error">Give the stage a name.' in response.text
    assert 'id="stages-2-duration_unit-error">Choose a unit for the duration.' in response.text
    assert 'id="interview-name-error">Give the stage a name.' in response.text
    assert 'value="6"' in response.text
    assert stage_names(programme)[1] == "Shadow day"


def test_a_placement_under_way_keeps_its_stages_when_the_programme_changes(
    make, login, employer, lead
):
    programme = make.programme(employer)
    coach = make.user(Role.COACH)
    placement = make.placement(make.candidate(coach), programme, lead)
    before = [(s.name, s.duration_amount) for s in placement.stages]

    data = stages_form(
        programme,
        **{
            "stages-0-name": "Welcome chat",
            "stages-1-remove": "y",
            "stages-3-name": "Warehouse induction",
            "stages-3-duration_amount": "3",
            "stages-3-duration_unit": "days",
        },
    )
    assert login(lead).post(f"/programmes/{programme.id}/stages", data=data).status_code == 302
    assert stage_names(programme)[0] == "Welcome chat"

    db.session.expire_all()
    after = [(s.name, s.duration_amount) for s in placement.stages]
    assert after == before
    assert [s.name for s in placement.stages] == [
        "Meet and greet",
        "Shadow day",
        "Six-week training",
        "Guaranteed interview",
    ]


def test_lead_of_another_employer_gets_404(make, login, employer):
    programme = make.programme(employer)
    other_lead = make.user(Role.PARTNERSHIP_LEAD, make.employer())
    client = login(other_lead)
    for url in ("", "/edit", "/stages"):
        assert client.get(f"/programmes/{programme.id}{url}").status_code == 404
    assert client.post(f"/programmes/{programme.id}/stages", data={}).status_code == 404
    assert client.get("/programmes/999999").status_code == 404


def test_coach_sees_every_active_programme_with_criteria_in_plain_words(make, login, employer):
    make.programme(employer, name="Bright Future", min_english_level=EnglishLevel.ENTRY_3)
    other = make.employer(name="Northern Logistics")
    make.programme(other, name="Warehouse route", min_age=21, right_to_work_required=True)
    paused = make.programme(other, name="Paused route")
    paused.active = False
    db.session.commit()

    page = login(make.user(Role.COACH)).get("/programmes/")
    assert page.status_code == 200
    assert "Bright Future" in page.text and "Co-op" in page.text
    assert "Warehouse route" in page.text and "Northern Logistics" in page.text
    assert "Paused route" not in page.text
    assert "Entry 3 (B1) or above" in page.text
    assert "Required: the right to work in the UK" in page.text
    assert "21 or over" in page.text
    assert "Positive reasonable grounds, Positive conclusive grounds" in page.text
    assert "Six-week training" in page.text and "6 weeks" in page.text


def test_coach_reads_an_active_programme_but_cannot_edit_it(make, login, employer):
    programme = make.programme(employer)
    client = login(make.user(Role.COACH))
    page = client.get(f"/programmes/{programme.id}")
    assert page.status_code == 200
    assert "Entry 3 (B1)" in page.text
    assert "Edit stages" not in page.text
    assert client.get(f"/programmes/{programme.id}/edit").status_code == 403
    assert client.get("/programmes/new").status_code == 403


def test_coach_gets_404_for_a_programme_not_taking_nominations(make, login, employer):
    programme = make.programme(employer)
    programme.active = False
    db.session.commit()
    assert login(make.user(Role.COACH)).get(f"/programmes/{programme.id}").status_code == 404


@pytest.mark.parametrize("role", [Role.SITE_MANAGER, Role.CR_OFFICER, Role.ADMIN])
@pytest.mark.parametrize("url", ["/", "/new", "/{id}", "/{id}/edit", "/{id}/stages"])
def test_other_roles_get_403_on_programme_pages(make, login, employer, role, url):
    programme = make.programme(employer)
    organisation = None if role is Role.ADMIN else employer
    sites = programme.sites if role is Role.SITE_MANAGER else ()
    client = login(make.user(role, organisation, sites=sites))
    assert client.get("/programmes" + url.format(id=programme.id)).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, make, employer):
    response = client.get("/programmes/")
    assert response.status_code == 302
    assert "/login" in response.location
