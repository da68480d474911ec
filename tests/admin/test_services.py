"""The administrator's rules, called directly without HTTP."""

from __future__ import annotations

import pytest

from pathway.admin import services
from pathway.auth.models import OrganisationKind, Role
from pathway.refusals import ActionRefused, FieldRefused


def new_user(organisation, role, sites=(), **fields):
    values = dict(
        name="Sam Taylor",
        email="sam@example.test",
        organisation=organisation,
        role=role,
        sites=list(sites),
    )
    values.update(fields)
    return services.create_user(**values)


def refusal_of(action, *args, **kwargs) -> FieldRefused:
    with pytest.raises(FieldRefused) as caught:
        action(*args, **kwargs)
    return caught.value


def test_a_support_provider_needs_a_reference_prefix_of_capital_letters(make):
    error = refusal_of(services.create_organisation, "Hope Lane", OrganisationKind.SUPPORT_PROVIDER)
    assert error.field == "reference_prefix"
    for bad in ("h", "HOPES", "hl", "H1"):
        error = refusal_of(
            services.create_organisation, "Hope Lane", OrganisationKind.SUPPORT_PROVIDER, bad
        )
        assert "2 to 4 capital letters" in str(error)
    provider = services.create_organisation("Hope Lane", OrganisationKind.SUPPORT_PROVIDER, "HL")
    assert provider.reference_prefix == "HL"


def test_two_support_providers_cannot_share_a_prefix(make):
    services.create_organisation("Hope Lane", OrganisationKind.SUPPORT_PROVIDER, "HL")
    error = refusal_of(
        services.create_organisation, "Harbour Light", OrganisationKind.SUPPORT_PROVIDER, "HL"
    )
    assert "Hope Lane already uses the prefix HL" in str(error)


def test_an_employer_has_no_reference_prefix(make):
    error = refusal_of(services.create_organisation, "Co-op", OrganisationKind.EMPLOYER, "CO")
    assert error.field == "reference_prefix"
    employer = services.create_organisation("Co-op", OrganisationKind.EMPLOYER, "")
    assert employer.reference_prefix is None


def test_organisation_names_are_unique_whatever_the_case(make):
    make.employer(name="Co-op")
    error = refusal_of(services.create_organisation, "  co-op ", OrganisationKind.EMPLOYER)
    assert error.field == "name"
    assert str(error) == "There is already an organisation called Co-op."


def test_site_names_are_unique_per_employer_only(make):
    coop, other = make.employer(), make.employer()
    services.create_site(coop, "Leeds Kirkgate", "Leeds", "Yorkshire")
    error = refusal_of(services.create_site, coop, "leeds kirkgate", "Leeds", "Yorkshire")
    assert "already has a site called Leeds Kirkgate" in str(error)
    assert services.create_site(other, "Leeds Kirkgate", "Leeds", "Yorkshire").employer is other


def test_a_support_provider_has_no_sites(make):
    with pytest.raises(ActionRefused, match="only employers have sites"):
        services.create_site(make.provider(), "Drop-in", "Hull", "Yorkshire")


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        (Role.COACH, OrganisationKind.EMPLOYER),
        (Role.PARTNERSHIP_LEAD, OrganisationKind.SUPPORT_PROVIDER),
        (Role.SITE_MANAGER, OrganisationKind.SUPPORT_PROVIDER),
        (Role.CR_OFFICER, OrganisationKind.SUPPORT_PROVIDER),
    ],
)
def test_a_role_must_fit_the_kind_of_organisation(make, role, kind):
    organisation = make.organisation(kind, name="Northwind")
    error = refusal_of(new_user, organisation, role)
    assert error.field == "role"
    kind_in_words = "an employer" if kind is OrganisationKind.EMPLOYER else "a support provider"
    assert str(error).endswith(f"and Northwind is {kind_in_words}.")


def test_a_coach_on_an_employer_is_refused_in_plain_words(make):
    error = refusal_of(new_user, make.employer(name="Co-op"), Role.COACH)
    assert str(error) == "A coach belongs to a support provider, and Co-op is an employer."


@pytest.mark.parametrize("kind", list(OrganisationKind))
def test_an_administrator_may_belong_to_either_kind(make, kind):
    user = new_user(make.organisation(kind), Role.ADMIN)
    assert user.role is Role.ADMIN


def test_emails_are_unique_whatever_the_case_and_stored_lowercased(make):
    provider = make.provider()
    user = new_user(provider, Role.COACH, email="  Sam.Taylor@Example.TEST ")
    assert user.email == "sam.taylor@example.test"
    assert user.invitation_pending
    error = refusal_of(new_user, provider, Role.COACH, email="SAM.taylor@example.test")
    assert error.field == "email"
    assert "already has an account" in str(error)


def test_a_site_manager_needs_sites_of_their_own_employer(make):
    coop = make.employer(name="Co-op")
    own, foreign = make.site(coop, name="Kirkgate"), make.site(make.employer(), name="Elsewhere")
    assert refusal_of(new_user, coop, Role.SITE_MANAGER).field == "sites"
    error = refusal_of(new_user, coop, Role.SITE_MANAGER, sites=[own, foreign])
    assert str(error) == "Not Co-op's sites: Elsewhere."
    manager = new_user(coop, Role.SITE_MANAGER, sites=[own])
    assert manager.site_ids == {own.id}


def test_only_site_managers_have_sites(make):
    coop = make.employer()
    error = refusal_of(new_user, coop, Role.PARTNERSHIP_LEAD, sites=[make.site(coop)])
    assert error.field == "sites"


def test_a_new_account_has_no_password_until_the_person_chooses_one(make):
    user = new_user(make.provider(), Role.COACH)
    assert user.invitation_pending and user.active
    assert not user.check_password("") and not user.check_password(user.password_hash)


def test_update_user_changes_role_sites_and_active(make):
    coop = make.employer()
    site = make.site(coop)
    admin = make.user(Role.ADMIN)
    user = make.user(Role.PARTNERSHIP_LEAD, coop)
    services.update_user(user, role=Role.SITE_MANAGER, sites=[site], active=False, by=admin)
    assert (user.role, user.site_ids, user.active) == (Role.SITE_MANAGER, {site.id}, False)
    services.update_user(user, role=Role.CR_OFFICER, sites=[], active=True, by=admin)
    assert (user.role, user.sites, user.active) == (Role.CR_OFFICER, [], True)


def test_update_user_checks_the_role_fits(make):
    user = make.user(Role.COACH)
    error = refusal_of(
        services.update_user,
        user,
        role=Role.SITE_MANAGER,
        sites=[],
        active=True,
        by=make.user(Role.ADMIN),
    )
    assert error.field == "role"
    assert user.role is Role.COACH


def test_an_administrator_cannot_deactivate_or_demote_themself(make):
    admin = make.user(Role.ADMIN)
    error = refusal_of(
        services.update_user, admin, role=Role.ADMIN, sites=[], active=False, by=admin
    )
    assert str(error) == "You cannot deactivate your own account."
    error = refusal_of(
        services.update_user, admin, role=Role.COACH, sites=[], active=True, by=admin
    )
    assert error.field == "role"
    assert admin.active and admin.role is Role.ADMIN
