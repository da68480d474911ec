"""Administrator pages: organisations, sites and accounts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from pathway.auth.models import Organisation, OrganisationKind, Role, User
from pathway.employers.models import Site
from pathway.extensions import db


@pytest.fixture
def admin(make):
    return make.user(Role.ADMIN, make.provider(name="Pathway Support"))


@pytest.fixture
def client_as_admin(login, admin):
    return login(admin)


def user_form(organisation, role, sites=(), **overrides) -> dict:
    data = {
        "name": "Sam Taylor",
        "email": "Sam.Taylor@Example.test",
        "organisation": str(organisation.id),
        "role": role.value,
        "sites": [site.id for site in sites],
    }
    data.update(overrides)
    return data


def test_admin_sees_organisations_sites_and_users(make, client_as_admin):
    coop = make.employer(name="Co-op")
    make.site(coop, name="Leeds Kirkgate", town="Leeds", region="Yorkshire")
    hope_lane = make.provider(name="Hope Lane")
    make.user(Role.COACH, hope_lane, name="Jo Coach")
    page = client_as_admin.get("/admin/")
    assert page.status_code == 200
    prefix = hope_lane.reference_prefix
    for text in ("Co-op", "Leeds Kirkgate", "Yorkshire", "Hope Lane", prefix, "Jo Coach", "Coach"):
        assert text in page.text


def test_admin_creates_an_organisation(client_as_admin):
    data = {"name": "Hope Lane", "kind": "support_provider", "reference_prefix": "hl"}
    response = client_as_admin.post("/admin/organisations/new", data=data)
    assert response.status_code == 302
    provider = db.session.scalars(select(Organisation).filter_by(name="Hope Lane")).one()
    assert provider.kind is OrganisationKind.SUPPORT_PROVIDER
    assert provider.reference_prefix == "HL"
    assert "Hope Lane is added." in client_as_admin.get(response.location).text


def test_a_taken_organisation_name_is_refused_beside_the_field(make, client_as_admin):
    make.employer(name="Co-op")
    data = {"name": "Co-op", "kind": "employer", "reference_prefix": ""}
    response = client_as_admin.post("/admin/organisations/new", data=data)
    assert response.status_code == 422
    assert 'id="name-error">There is already an organisation called Co-op.' in response.text
    assert 'value="Co-op"' in response.text


def test_a_support_provider_without_a_prefix_is_refused(client_as_admin):
    data = {"name": "Hope Lane", "kind": "support_provider", "reference_prefix": ""}
    response = client_as_admin.post("/admin/organisations/new", data=data)
    assert response.status_code == 422
    assert 'id="reference_prefix-error">A support provider needs a reference prefix' in (
        response.text
    )
    assert db.session.scalars(select(Organisation).filter_by(name="Hope Lane")).first() is None


def test_admin_adds_a_site_to_an_employer(make, client_as_admin):
    coop = make.employer(name="Co-op")
    data = {"name": "York Parliament Street", "town": "York", "region": "Yorkshire"}
    response = client_as_admin.post(f"/admin/organisations/{coop.id}/sites/new", data=data)
    assert response.status_code == 302
    site = db.session.scalars(select(Site)).one()
    assert (site.employer_id, site.name, site.town) == (coop.id, "York Parliament Street", "York")


def test_site_form_errors_keep_typed_values(make, client_as_admin):
    coop = make.employer()
    data = {"name": "Kirkgate", "town": "", "region": "Yorkshire"}
    response = client_as_admin.post(f"/admin/organisations/{coop.id}/sites/new", data=data)
    assert response.status_code == 422
    assert 'id="town-error">Give the town.' in response.text
    assert 'value="Kirkgate"' in response.text


def test_a_support_provider_or_unknown_organisation_has_no_site_page(make, client_as_admin):
    provider = make.provider()
    assert client_as_admin.get(f"/admin/organisations/{provider.id}/sites/new").status_code == 404
    assert client_as_admin.get("/admin/organisations/999999/sites/new").status_code == 404


def test_admin_creates_a_site_manager_who_is_invited_to_choose_a_password(make, client_as_admin):
    coop = make.employer(name="Co-op")
    kirkgate = make.site(coop, name="Kirkgate")
    make.site(coop, name="Briggate")
    data = user_form(coop, Role.SITE_MANAGER, sites=[kirkgate])
    response = client_as_admin.post("/admin/users/new", data=data)
    assert response.status_code == 302
    user = db.session.scalars(select(User).filter_by(name="Sam Taylor")).one()
    assert user.email == "sam.taylor@example.test"
    assert [site.name for site in user.sites] == ["Kirkgate"]
    assert user.active and user.invitation_pending
    assert "Invited, not yet accepted" in client_as_admin.get("/admin/").text
    # the journey from the e-mail on: tests/links/test_journeys.py


def test_a_role_that_does_not_fit_the_organisation_is_refused_with_a_message(make, client_as_admin):
    coop = make.employer(name="Co-op")
    response = client_as_admin.post("/admin/users/new", data=user_form(coop, Role.COACH))
    assert response.status_code == 422
    assert "A coach belongs to a support provider, and Co-op is an employer." in response.text
    assert 'value="Sam.Taylor@Example.test"' in response.text
    assert db.session.scalars(select(User).filter_by(name="Sam Taylor")).first() is None


def test_a_duplicate_email_is_refused(make, client_as_admin):
    provider = make.provider()
    make.user(Role.COACH, provider, email="sam.taylor@example.test")
    response = client_as_admin.post("/admin/users/new", data=user_form(provider, Role.COACH))
    assert response.status_code == 422
    assert 'id="email-error">sam.taylor@example.test already has an account.' in response.text
    assert (
        len(db.session.scalars(select(User).filter_by(email="sam.taylor@example.test")).all()) == 1
    )


def test_new_user_form_errors_are_shown_beside_the_field(make, client_as_admin):
    data = user_form(make.provider(), Role.COACH, email="not-an-email")
    data["role"] = ""
    response = client_as_admin.post("/admin/users/new", data=data)
    assert response.status_code == 422
    assert 'id="email-error">Give a whole email address.' in response.text
    assert 'id="role-error">Choose a role.' in response.text
    assert 'value="Sam Taylor"' in response.text
    assert 'type="password"' not in response.text  # the person chooses their own


def test_a_site_manager_cannot_be_given_another_employers_site(make, client_as_admin):
    coop = make.employer(name="Co-op")
    foreign = make.site(make.employer(), name="Elsewhere")
    data = user_form(coop, Role.SITE_MANAGER, sites=[foreign])
    response = client_as_admin.post("/admin/users/new", data=data)
    assert response.status_code == 422
    assert "Not Co-op&#39;s sites: Elsewhere." in response.text


def test_admin_changes_a_role_and_sites_and_deactivates_an_account(make, client_as_admin):
    coop = make.employer()
    site = make.site(coop)
    user = make.user(Role.PARTNERSHIP_LEAD, coop)
    page = client_as_admin.get(f"/admin/users/{user.id}/edit")
    assert page.status_code == 200 and user.email in page.text

    data = {"role": "site_manager", "sites": [site.id]}  # "active" unticked
    response = client_as_admin.post(f"/admin/users/{user.id}/edit", data=data)
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.role, user.site_ids, user.active) == (Role.SITE_MANAGER, {site.id}, False)


def test_an_admin_cannot_deactivate_themself(admin, client_as_admin):
    response = client_as_admin.post(f"/admin/users/{admin.id}/edit", data={"role": "admin"})
    assert response.status_code == 422
    assert "You cannot deactivate your own account." in response.text
    db.session.refresh(admin)
    assert admin.active


def test_editing_an_unknown_user_is_404(client_as_admin):
    assert client_as_admin.get("/admin/users/999999/edit").status_code == 404


@pytest.mark.parametrize(
    "role", [Role.COACH, Role.PARTNERSHIP_LEAD, Role.SITE_MANAGER, Role.CR_OFFICER]
)
@pytest.mark.parametrize(
    "url",
    ["/admin/", "/admin/organisations/new", "/admin/users/new", "/admin/users/{me}/edit"],
)
def test_only_administrators_use_the_admin_pages(make, login, role, url):
    user = make.user(role)
    client = login(user)
    assert client.get(url.format(me=user.id)).status_code == 403
    assert client.post(url.format(me=user.id), data={}).status_code in (403, 405)


def test_only_administrators_add_sites(make, login):
    coop = make.employer()
    client = login(make.user(Role.PARTNERSHIP_LEAD, coop))
    assert client.get(f"/admin/organisations/{coop.id}/sites/new").status_code == 403
