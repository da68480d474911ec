"""A programme's readiness criteria as data: set by the partnership lead, read by coaches."""

import pytest

from pathway.employers.services import custom_criteria_problems, set_custom_criteria
from pathway.extensions import db
from pathway.refusals import ActionRefused


def edit_form(world, **changes) -> dict:
    data = {
        "name": "Fresh Start",
        "sites": [world.site.id],
        "min_english_level": "entry_3",
        "right_to_work_required": "y",
        "min_age": "18",
        "qualifying_nrm": ["positive_reasonable", "positive_conclusive"],
        "english_fresh_months": "9",
        "right_to_work_fresh_months": "6",
        "commitment_required": "y",
        "support_required": "y",
        "custom_criteria": "Can stand for a four-hour shift\n\nHas steel-toe boots",
        "places_per_site": "3",
        "active": "y",
    }
    data.update(changes)
    return data


def test_lead_sets_every_kind_of_criterion_on_the_edit_page(world, login):
    client = login(world.lead)
    url = f"/programmes/{world.programme.id}/edit"
    response = client.post(url, data=edit_form(world))
    assert response.status_code == 302
    programme = world.programme
    db.session.refresh(programme)
    assert programme.english_fresh_months == 9
    assert programme.right_to_work_fresh_months == 6
    assert programme.commitment_required and programme.support_required
    assert not programme.move_on_plan_required
    assert programme.places_per_site == 3
    assert [c.text for c in programme.custom_criteria] == [
        "Can stand for a four-hour shift",
        "Has steel-toe boots",
    ]
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert "Has steel-toe boots" in page and "the last 9 months" in page
    form = client.get(url).get_data(as_text=True)
    assert "Can stand for a four-hour shift\nHas steel-toe boots" in form


def test_a_kept_criterion_keeps_its_identity_so_coaches_answers_stand(world):
    set_custom_criteria(world.programme, ["Can lift 10kg", "Has a bank account"])
    db.session.commit()
    lift = world.programme.custom_criteria[0]
    set_custom_criteria(world.programme, ["Has a bank account", "can lift 10KG", "Drives"])
    db.session.commit()
    ids = [c.id for c in world.programme.custom_criteria]
    assert lift.id in ids and ids.index(lift.id) == 1


@pytest.mark.parametrize(
    "text, message",
    [
        ("Can lift 10kg\ncan lift 10kg", "is listed twice"),
        ("Has the right to work in the UK", "repeats a criterion set above"),
        ("Speaks English well", "repeats a criterion set above"),
        ("Can commit to the whole programme", "repeats a criterion set above"),
        ("Has a caseworker", "repeats a criterion set above"),
        ("x" * 201, "Keep each criterion to 200 characters."),
        ("\n".join(f"Criterion {i}" for i in range(11)), "at most 10"),
    ],
)
def test_contradictory_or_impossible_criteria_are_refused_beside_the_field(
    world, login, text, message
):
    url = f"/programmes/{world.programme.id}/edit"
    response = login(world.lead).post(url, data=edit_form(world, custom_criteria=text))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert 'id="custom_criteria-error"' in page
    db.session.refresh(world.programme)
    assert world.programme.custom_criteria == [] and world.programme.english_fresh_months == 6


def test_freshness_windows_and_places_must_be_sensible(world, login):
    data = edit_form(world, english_fresh_months="0", places_per_site="-2")
    response = login(world.lead).post(f"/programmes/{world.programme.id}/edit", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Give a number of months from 1 to 36." in page
    assert "Give a whole number from 1 to 999." in page


def test_the_service_refuses_what_the_form_refuses(world):
    assert custom_criteria_problems(["Aged over 21"])
    with pytest.raises(ActionRefused, match="listed twice"):
        set_custom_criteria(world.programme, ["Drives", "drives"])
