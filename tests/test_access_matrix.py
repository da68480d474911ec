"""Every route x every role: who may use it, and who gets 403, 404 or the sign-in page.

A route missing from MATRIX fails ``test_every_route_is_in_the_matrix``, so a new route
cannot escape these checks.
"""

from __future__ import annotations

import pytest

from pathway.auth.models import Role
from tests.world import url_for_rule, users_by_role

PUBLIC = "public"
ADMIN, COACH, LEAD, MANAGER, CR = (
    Role.ADMIN,
    Role.COACH,
    Role.PARTNERSHIP_LEAD,
    Role.SITE_MANAGER,
    Role.CR_OFFICER,
)
EVERY_ROLE = {ADMIN, COACH, LEAD, MANAGER, CR}

# endpoint -> roles that may use it (in their own scope)
MATRIX: dict[str, set[Role] | str] = {
    "static": PUBLIC,
    "vendor.static": PUBLIC,
    "auth.login": PUBLIC,
    "auth.home": EVERY_ROLE,
    "auth.logout": EVERY_ROLE,
    "auth.change_password": EVERY_ROLE,
    "two_factor.sign_in_code": PUBLIC,  # between the password and the code
    "two_factor.setup": EVERY_ROLE,
    "two_factor.recovery_codes": EVERY_ROLE,
    "two_factor.turn_off": EVERY_ROLE,
    "two_factor.reset": {ADMIN},
    "auth.forgot_password": PUBLIC,
    "auth.choose_password": PUBLIC,  # the token in the URL is the key
    "admin.index": {ADMIN},
    "admin.new_organisation": {ADMIN},
    "admin.new_site": {ADMIN},
    "admin.new_user": {ADMIN},
    "admin.edit_user": {ADMIN},
    "admin.send_invitation": {ADMIN},
    "admin.send_password_reset": {ADMIN},
    "candidates.caseload": {COACH},
    "candidates.new_candidate": {COACH},
    "candidates.candidate": {COACH},
    "candidates.edit_candidate": {COACH},
    "candidates.consent": {COACH},
    "candidates.withdraw_consent": {COACH},
    "candidates.nominate": {COACH},
    "candidates.assess": {COACH},
    "candidates.matches": {COACH},
    "candidates.avoid_areas": {COACH},
    "candidates.remove_avoid_area": {COACH},
    "candidates.resume": {COACH},
    "candidates.reviews": {COACH},  # every other role: 404 (the view is hidden)
    "candidates.new_review": {COACH},
    "candidates.review": {COACH},
    "candidates.review_areas": {COACH},
    "employers.programmes": {LEAD, COACH},
    "employers.programme": {LEAD, COACH},
    "employers.new_programme": {LEAD},
    "employers.edit_programme": {LEAD},
    "employers.edit_stages": {LEAD},
    "placements.board": {LEAD, MANAGER},
    "placements.overview": {LEAD, MANAGER},
    "placements.nomination": {LEAD, MANAGER},
    "placements.accept": {LEAD, MANAGER},
    "placements.decline": {LEAD, MANAGER},
    "placements.placement": {LEAD, MANAGER, COACH},
    "placements.act": {LEAD, MANAGER, COACH},
    "placements.transfer": {LEAD},
    "reports.figures": {CR, LEAD},
    "reports.figures_csv": {CR, LEAD},
    "reports.figures_json": {CR, LEAD},
    "reports.figures_pdf": {CR, LEAD},
    "reports.financial_year": {LEAD},  # a figures-only reader moving it would get other years
    "reports.recount": {LEAD},  # a figures-only reader recounting could difference two days
    "publishing.prepare": {CR, LEAD},
    "publishing.draft": {CR, LEAD},
    "publishing.ask_partners": {CR, LEAD},
    "publishing.publish": {CR, LEAD},
    "publishing.published": {CR, LEAD},
    "publishing.snapshot": {CR, LEAD},
    "publishing.snapshot_csv": {CR, LEAD},
    "publishing.snapshot_json": {CR, LEAD},
    "publishing.snapshot_pdf": {CR, LEAD},
    "confirmations.index": {COACH, ADMIN},
    "confirmations.confirmation": {COACH, ADMIN},
    "verify.lookup": PUBLIC,
    "verify.report": PUBLIC,
    "notifications.index": EVERY_ROLE,
    "notifications.count": EVERY_ROLE,
    "notifications.mark_read": EVERY_ROLE,
    "notifications.mark_all_read": EVERY_ROLE,
    "notifications.email_preference": EVERY_ROLE,
    "jobs.runs": {ADMIN},
    "audit.search": {ADMIN},
    "audit.candidate_trail": {COACH},
    "placements.follow_ups": {COACH, MANAGER},
    "placements.follow_up": {COACH, MANAGER},
    "privacy.find": {ADMIN},
    "privacy.candidate": {ADMIN, COACH},
    "privacy.export_json": {ADMIN, COACH},
    "privacy.export_pdf": {ADMIN, COACH},
    "privacy.erase": {ADMIN, COACH},
}


def request(client, method, url):
    response = client.open(url, method=method, data={})
    response.close()
    return response


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - MATRIX.keys() == set(), "add these routes to the access matrix"
    assert MATRIX.keys() - endpoints == set(), "these routes no longer exist"


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_route_answers_each_role_as_the_matrix_says(endpoint, app, world, records, login):
    method, url = url_for_rule(app, endpoint, records)
    allowed = MATRIX[endpoint]

    anonymous = request(app.test_client(), method, url)
    if allowed == PUBLIC:
        assert anonymous.status_code in (200, 302, 422), anonymous.status_code
        return
    assert anonymous.status_code == 302 and "/login" in anonymous.location

    for role, user in users_by_role(world).items():
        response = request(login(user), method, url)
        if role in allowed:
            assert response.status_code in (200, 302, 422), (role, response.status_code)
            if endpoint != "auth.logout":
                assert "/login" not in (response.location or "")
        else:
            refused = getattr(app.view_functions[endpoint], "refused_status", 403)
            assert response.status_code == refused, (role, response.status_code)


# Routes that name a record of a scoped kind, with the roles that have a scope to be outside.
SCOPED = {
    "candidates.candidate": {COACH},
    "candidates.edit_candidate": {COACH},
    "candidates.consent": {COACH},
    "candidates.withdraw_consent": {COACH},
    "candidates.nominate": {COACH},
    "candidates.assess": {COACH},
    "candidates.matches": {COACH},
    "candidates.avoid_areas": {COACH},
    "candidates.remove_avoid_area": {COACH},
    "candidates.resume": {COACH},
    "candidates.reviews": {COACH},
    "candidates.new_review": {COACH},
    "candidates.review": {COACH},
    "audit.candidate_trail": {COACH},
    "employers.programme": {LEAD},  # coaches see every active programme
    "employers.edit_programme": {LEAD},
    "employers.edit_stages": {LEAD},
    "placements.nomination": {LEAD, MANAGER},
    "placements.accept": {LEAD, MANAGER},
    "placements.decline": {LEAD, MANAGER},
    "placements.placement": {LEAD, MANAGER, COACH},
    "placements.act": {LEAD, MANAGER, COACH},
    "placements.transfer": {LEAD},
    "placements.follow_up": {COACH, MANAGER},
    "publishing.draft": {LEAD, CR},
    "publishing.ask_partners": {LEAD, CR},
    "publishing.publish": {LEAD, CR},
    "publishing.snapshot": {LEAD, CR},
    "publishing.snapshot_csv": {LEAD, CR},
    "publishing.snapshot_json": {LEAD, CR},
    "publishing.snapshot_pdf": {LEAD, CR},
    "confirmations.confirmation": {COACH, ADMIN},
    "privacy.candidate": {ADMIN, COACH},
    "privacy.export_json": {ADMIN, COACH},
    "privacy.export_pdf": {ADMIN, COACH},
    "privacy.erase": {ADMIN, COACH},
    "verify.report": set(),  # public: anyone may check a published report
    "auth.choose_password": set(),  # public: the link's token is the only key
}


def test_every_route_naming_a_scoped_record_is_checked_for_outsiders(app):
    naming_a_record = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.arguments - {"action_name", "filename", "user_id", "organisation_id"}
    }
    assert naming_a_record == SCOPED.keys()


@pytest.mark.parametrize("endpoint", sorted(SCOPED))
def test_same_role_in_another_organisation_or_site_gets_404(endpoint, app, records, login):
    method, url = url_for_rule(app, endpoint, records)
    for role in SCOPED[endpoint]:
        outsider = records["outsiders"][role]
        response = request(login(outsider), method, url)
        assert response.status_code == 404, (role, response.status_code)


def test_a_support_provider_has_no_sites_to_add(world, login):
    response = login(world.admin).get(f"/admin/organisations/{world.provider.id}/sites/new")
    assert response.status_code == 404


def test_every_view_declares_its_roles(app):
    """Views reach the policy through @role_required, so the roles are declared in code."""
    for endpoint, roles in MATRIX.items():
        if roles == PUBLIC or endpoint in ("auth.home", "auth.logout"):
            continue
        view = app.view_functions[endpoint]
        assert set(view.allowed_roles) == roles, endpoint
