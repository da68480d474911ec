"""How to fuzz each endpoint that takes a POST: who posts, which page shows its form, which
records its URL may name, and which pages show back what it saves.

A POST endpoint without a recipe fails ``test_every_post_endpoint_has_a_fuzz_recipe``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pathway.auth.models import Role
from pathway.placements.forms import FORM_OF
from pathway.placements.transitions import Action
from tests.factories import PASSWORD

ADMIN, COACH, LEAD, MANAGER, CR = (
    Role.ADMIN,
    Role.COACH,
    Role.PARTNERSHIP_LEAD,
    Role.SITE_MANAGER,
    Role.CR_OFFICER,
)


@dataclass(frozen=True)
class Page:
    """A page that shows what a form saved, as one role sees it; ``args`` names the record
    (in the fuzz world's records) to use for a URL argument where the default is not it."""

    endpoint: str
    role: Role
    args: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Recipe:
    role: Role | None  # who posts; None: someone signed out
    page: str | None = None  # the page showing the form (default: the route's own GET)
    args: Callable[[dict], dict[str, list]] | None = None  # URL argument -> values to try
    form_class: Callable[[dict], type] | None = None  # when the page does not show the form
    shown_on: tuple[Page, ...] = ()
    hints: Callable[[dict], dict[str, list[str]]] | None = None  # valid-looking values
    writes: frozenset[str] = frozenset()  # tables it may write even when it refuses
    examples: int = 20  # fewer where each answer is slow to make (a PDF)


def _stage_form(args: dict) -> type:
    from pathway.placements.forms import StageActionForm

    try:
        return FORM_OF[Action(args["action_name"])]
    except ValueError:  # no such action: its post is sent the fields every action has
        return StageActionForm


def _bare_form() -> type:
    """A form of buttons only (its CSRF token): for a page that shows it only sometimes."""
    from flask_wtf import FlaskForm

    return FlaskForm


def _code_form() -> type:
    from pathway.auth.two_factor.forms import CodeForm

    return CodeForm


CANDIDATE_PAGES = (
    Page("candidates.candidate", COACH),
    Page("candidates.caseload", COACH),
)
EMPLOYER_PAGES = (
    Page("placements.placement", MANAGER),
    Page("placements.board", MANAGER),
    Page("placements.overview", LEAD),
)
PROGRAMME_PAGES = (
    Page("employers.programme", LEAD),
    Page("employers.programmes", COACH),
    Page("candidates.candidate", COACH),
    Page("candidates.assess", COACH),
    Page("candidates.matches", COACH),
    *EMPLOYER_PAGES,
)

RECIPES: dict[str, Recipe] = {
    "auth.login": Recipe(
        None,
        hints=lambda r: {"email": r["emails"], "password": [PASSWORD, "wrong password"]},
    ),
    "auth.logout": Recipe(COACH, page="candidates.caseload"),
    "auth.change_password": Recipe(COACH, hints=lambda r: {"current_password": [PASSWORD]}),
    "admin.new_organisation": Recipe(ADMIN, shown_on=(Page("admin.index", ADMIN),)),
    "admin.new_site": Recipe(
        ADMIN,
        shown_on=(Page("admin.index", ADMIN), Page("employers.new_programme", LEAD)),
    ),
    "admin.new_user": Recipe(ADMIN, shown_on=(Page("admin.index", ADMIN),)),
    "admin.edit_user": Recipe(
        ADMIN,
        args=lambda r: {"user_id": [r["user_id"], r["manager_id"]]},
        shown_on=(Page("admin.index", ADMIN),),
    ),
    # Invitations and password resets (pathway/auth/invitations.py, links.py).
    "auth.forgot_password": Recipe(None, hints=lambda r: {"email": r["emails"]}),
    "auth.choose_password": Recipe(None, args=lambda r: {"token": [r["token"]]}),
    "admin.send_invitation": Recipe(
        ADMIN,
        page="admin.edit_user",
        args=lambda r: {"user_id": [r["user_id"]]},
        form_class=lambda args: _bare_form(),
    ),
    "admin.send_password_reset": Recipe(
        ADMIN,
        page="admin.edit_user",
        args=lambda r: {"user_id": [r["user_id"], r["manager_id"]]},
    ),
    "candidates.new_candidate": Recipe(COACH, shown_on=CANDIDATE_PAGES),
    "candidates.edit_candidate": Recipe(COACH, shown_on=CANDIDATE_PAGES + EMPLOYER_PAGES),
    "candidates.consent": Recipe(COACH, shown_on=CANDIDATE_PAGES + EMPLOYER_PAGES),
    "candidates.withdraw_consent": Recipe(COACH, shown_on=CANDIDATE_PAGES + EMPLOYER_PAGES),
    "candidates.nominate": Recipe(
        COACH,
        page="candidates.candidate",
        args=lambda r: {"candidate_id": [r["free_candidate_id"]]},
        shown_on=(Page("placements.overview", LEAD),),
    ),
    "candidates.assess": Recipe(COACH, shown_on=CANDIDATE_PAGES),
    "candidates.avoid_areas": Recipe(COACH, shown_on=CANDIDATE_PAGES),
    "candidates.remove_avoid_area": Recipe(
        COACH, page="candidates.avoid_areas", shown_on=CANDIDATE_PAGES
    ),
    "candidates.resume": Recipe(
        COACH,
        page="candidates.candidate",
        args=lambda r: {
            "candidate_id": [r["paused_candidate_id"]],
            "placement_id": [r["paused_placement_id"]],
        },
        shown_on=CANDIDATE_PAGES,
    ),
    "candidates.new_review": Recipe(
        COACH, shown_on=(*CANDIDATE_PAGES, Page("candidates.reviews", COACH))
    ),
    "candidates.review_areas": Recipe(COACH, shown_on=(Page("candidates.new_review", COACH),)),
    "employers.new_programme": Recipe(LEAD, shown_on=PROGRAMME_PAGES),
    "employers.edit_programme": Recipe(LEAD, shown_on=PROGRAMME_PAGES),
    "employers.edit_stages": Recipe(LEAD, shown_on=PROGRAMME_PAGES),
    "placements.accept": Recipe(LEAD, page="placements.nomination", shown_on=EMPLOYER_PAGES),
    "placements.decline": Recipe(
        LEAD,
        page="placements.nomination",
        shown_on=(
            Page("candidates.candidate", COACH, {"candidate_id": "nominated_candidate_id"}),
            Page("placements.overview", LEAD),
        ),
    ),
    "placements.act": Recipe(
        MANAGER,
        page="placements.placement",
        args=lambda r: {
            "placement_id": [r["placement_id"], r["interview_placement_id"]],
            "action_name": [action.value for action in Action] + ["bogus"],
        },
        form_class=_stage_form,
        shown_on=(*EMPLOYER_PAGES, Page("candidates.candidate", COACH)),
        hints=lambda r: {"return_to": ["placement", "board"]},
    ),
    "placements.transfer": Recipe(LEAD, page="placements.placement", shown_on=EMPLOYER_PAGES),
    "placements.follow_up": Recipe(COACH, shown_on=(Page("placements.follow_ups", COACH),)),
    "reports.financial_year": Recipe(LEAD, shown_on=(Page("reports.figures", LEAD),)),
    "reports.recount": Recipe(
        LEAD, page="reports.figures", shown_on=(Page("reports.figures", CR),)
    ),
    "publishing.prepare": Recipe(
        CR, page="reports.figures", shown_on=(Page("publishing.published", CR),)
    ),
    "publishing.ask_partners": Recipe(
        CR, page="publishing.draft", shown_on=(Page("confirmations.index", COACH),)
    ),
    "publishing.publish": Recipe(
        CR, page="publishing.draft", shown_on=(Page("publishing.published", CR),)
    ),
    "confirmations.confirmation": Recipe(
        COACH,
        shown_on=(Page("confirmations.index", COACH), Page("publishing.draft", CR)),
    ),
    "notifications.mark_read": Recipe(COACH, page="notifications.index"),
    "notifications.mark_all_read": Recipe(COACH, page="notifications.index"),
    "notifications.email_preference": Recipe(COACH, page="notifications.index"),
    # Subject access and erasure (pathway/privacy/): a candidate with a placement under way
    # (erasure refused) and one free to erase.
    "privacy.find": Recipe(ADMIN),
    "privacy.export_json": Recipe(
        COACH,
        page="candidates.candidate",
        args=lambda r: {"candidate_id": [r["candidate_id"], r["free_candidate_id"]]},
    ),
    "privacy.export_pdf": Recipe(
        ADMIN,
        page="privacy.candidate",
        args=lambda r: {"candidate_id": [r["free_candidate_id"]]},
        examples=5,
    ),
    "privacy.erase": Recipe(
        COACH,
        args=lambda r: {"candidate_id": [r["free_candidate_id"]]},
        shown_on=(*CANDIDATE_PAGES, Page("privacy.candidate", ADMIN), *EMPLOYER_PAGES),
    ),
    # Two-factor sign-in (pathway/auth/two_factor/): the CR officer has it on; the coach is
    # setting it up (the page keeps the unconfirmed secret it shows: that table may change).
    "two_factor.setup": Recipe(COACH, writes=frozenset({"two_factor"})),
    "two_factor.sign_in_code": Recipe(  # signed out, no password given yet: back to sign in
        None, page="auth.login", form_class=lambda args: _code_form()
    ),
    "two_factor.recovery_codes": Recipe(CR),
    "two_factor.turn_off": Recipe(CR),
    "two_factor.reset": Recipe(
        ADMIN,
        page="admin.edit_user",
        args=lambda r: {"user_id": [r["cr_id"], r["user_id"]]},
        form_class=lambda args: _bare_form(),  # shown only for a user with two-factor
        shown_on=(Page("admin.edit_user", ADMIN, {"user_id": "cr_id"}),),
    ),
}
