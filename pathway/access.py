"""The one access policy (DESIGN.md principle 3), a module of its own: it reads the models
of every feature, and no feature's code but the candidate safety rule.

It answers "which records may this user see" as query filters and "may this user do
this to this record" as predicates. Views and exports go through it; a record outside
a user's scope is a 404, a page a role may not use is a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Protocol

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, false, or_, select
from sqlalchemy.orm import selectinload

from pathway.auth.models import Role, User
from pathway.candidates.models import Candidate, Nomination, NominationStatus, WeeklyReview
from pathway.candidates.safety import site_is_safe_for
from pathway.db_types import is_record_id
from pathway.employers.models import Programme, Site, programme_sites
from pathway.extensions import db, login_manager
from pathway.notifications.models import Notification
from pathway.placements.models import Placement, RetentionCheck
from pathway.reports.models import ReportConfirmation, ReportDraft, ReportSnapshot

EMPLOYER_STAFF = (Role.PARTNERSHIP_LEAD, Role.SITE_MANAGER)


def role_required(*roles: Role, hidden: bool = False) -> Callable:
    """Let only signed-in users with one of ``roles`` through: others get 403, or 404 when
    ``hidden`` (pages whose very existence is private, such as a candidate's reviews)."""

    refused = 404 if hidden else 403

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(refused)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # read by the access-matrix test
        wrapped.refused_status = refused
        return wrapped

    return decorator


# --- which records a user may see -------------------------------------------------------


def candidates_for(user: User, erased: bool = False) -> Select:
    """Candidates' full records: only coaches of the candidate's own support provider.
    A record whose personal data was erased is left out unless ``erased`` (its page only
    says so): nothing can be added to it or done with it."""
    query = select(Candidate)
    if not erased:
        query = query.where(Candidate.erased_at.is_(None))
    if user.role is Role.COACH:
        return query.where(Candidate.organisation_id == user.organisation_id)
    return query.where(false())


# Subject access and erasure: the candidate's own support provider - its administrators, and
# its coaches (a coach's caseload is the whole provider's). Employer staff and CR officers never.
DATA_PROTECTION_ROLES = (Role.ADMIN, Role.COACH)


def data_subjects_for(user: User) -> Select:
    """Candidates whose data ``user`` may export (subject access) or erase, erased ones too."""
    query = select(Candidate)
    if user.role in DATA_PROTECTION_ROLES:
        return query.where(Candidate.organisation_id == user.organisation_id)
    return query.where(false())


def nominations_for(user: User) -> Select:
    """Nominations: the candidate's coaches and the employer's partnership leads, whatever
    their state. A site manager sees one while it awaits a decision for a programme one of
    their sites takes part in - a site the candidate could be placed at, not in an area
    they must avoid - and afterwards only if its placement is at one of their sites now:
    declined, or placed (or since moved) elsewhere, is none of theirs."""
    query = select(Nomination).join(Nomination.candidate).join(Nomination.programme)
    if user.role is Role.COACH:
        return query.where(Candidate.organisation_id == user.organisation_id)
    if user.role is Role.PARTNERSHIP_LEAD:
        return query.where(Programme.employer_id == user.organisation_id)
    if user.role is Role.SITE_MANAGER:
        placed_here = select(Placement.nomination_id).where(Placement.site_id.in_(_site_ids(user)))
        return query.where(
            Programme.employer_id == user.organisation_id,
            or_(Nomination.id.in_(_pending_at_safe_sites(user)), Nomination.id.in_(placed_here)),
        )
    return query.where(false())


def _pending_at_safe_sites(user: User) -> list[int]:
    """Pending nominations a site manager decides: for a programme one of their sites takes
    part in, that site outside every area the candidate must avoid (the areas' rules match
    towns and regions written any usual way, so they are applied here, not in SQL)."""
    mine = {
        site.id: site
        for site in db.session.scalars(select(Site).where(Site.id.in_(_site_ids(user))))
    }
    taking_part = select(programme_sites.c.programme_id).where(
        programme_sites.c.site_id.in_(list(mine))
    )
    pending = db.session.scalars(
        select(Nomination)
        .join(Nomination.programme)
        .where(
            Programme.employer_id == user.organisation_id,
            Nomination.status == NominationStatus.PENDING,
            Programme.id.in_(taking_part),
        )
        .options(
            selectinload(Nomination.candidate).selectinload(Candidate.avoid_areas),
            selectinload(Nomination.programme).selectinload(Programme.sites),
        )
    )
    return sorted(
        nomination.id
        for nomination in pending
        if any(
            site.id in mine and site_is_safe_for(nomination.candidate, site)
            for site in nomination.programme.sites
        )
    )


def placements_for(user: User) -> Select:
    query = select(Placement).join(Placement.programme)
    if user.role is Role.COACH:
        return query.join(Placement.candidate).where(
            Candidate.organisation_id == user.organisation_id
        )
    if user.role is Role.PARTNERSHIP_LEAD:
        return query.where(Programme.employer_id == user.organisation_id)
    if user.role is Role.SITE_MANAGER:
        return query.where(Placement.site_id.in_(_site_ids(user)))
    return query.where(false())


def reviews_for(user: User) -> Select:
    """Weekly reviews and their notes: only inside the candidate's own support provider."""
    query = select(WeeklyReview).join(WeeklyReview.candidate)
    if user.role is Role.COACH:
        return query.where(Candidate.organisation_id == user.organisation_id)
    return query.where(false())


def programmes_for(user: User) -> Select:
    """Programmes a user may see: employer staff their own; coaches every active one."""
    query = select(Programme).order_by(Programme.name)
    if user.role in EMPLOYER_STAFF or user.role is Role.CR_OFFICER:
        return query.where(Programme.employer_id == user.organisation_id)
    if user.role is Role.COACH:
        return query.where(Programme.active.is_(True))
    return query.where(false())


def sites_for(user: User) -> Select:
    query = select(Site).order_by(Site.name)
    if user.role is Role.SITE_MANAGER:
        return query.where(Site.id.in_(_site_ids(user)))
    if user.role in (Role.PARTNERSHIP_LEAD, Role.CR_OFFICER):
        return query.where(Site.employer_id == user.organisation_id)
    if user.role is Role.ADMIN:
        return query
    return query.where(false())


def notifications_for(user: User) -> Select:
    """A user's own notices: nobody sees another person's."""
    return select(Notification).where(Notification.recipient_id == user.id)


def retention_checks_for(user: User) -> Select:
    """Follow-ups on a hire: the candidate's coaches and the managers of the site."""
    query = select(RetentionCheck).join(RetentionCheck.placement)
    if user.role is Role.COACH:
        return query.join(Placement.candidate).where(
            Candidate.organisation_id == user.organisation_id
        )
    if user.role is Role.SITE_MANAGER:
        return query.where(Placement.site_id.in_(_site_ids(user)))
    return query.where(false())


REPORT_STAFF = (Role.CR_OFFICER, Role.PARTNERSHIP_LEAD)


def report_drafts_for(user: User) -> Select:
    """Reports not yet published: only the employer's CR officers and partnership leads."""
    query = select(ReportDraft)
    if user.role in REPORT_STAFF:
        return query.where(ReportDraft.employer_id == user.organisation_id)
    return query.where(false())


def report_snapshots_for(user: User) -> Select:
    """Published reports inside Pathway (anyone may check one on /verify)."""
    query = select(ReportSnapshot)
    if user.role in REPORT_STAFF:
        return query.where(ReportSnapshot.employer_id == user.organisation_id)
    return query.where(false())


def report_confirmations_for(user: User) -> Select:
    """Requests to confirm a report: coaches and administrators of the asked provider."""
    query = select(ReportConfirmation)
    if user.role in (Role.COACH, Role.ADMIN):
        return query.where(ReportConfirmation.provider_id == user.organisation_id)
    return query.where(false())


def _site_ids(user: User) -> list[int]:
    return sorted(user.site_ids)


def one_or_404(query: Select, record_id: int):
    """The record with ``record_id`` from a scoped query, or 404."""
    if not is_record_id(record_id):  # e.g. a typed-in number too large for the database
        abort(404)
    entity = query.column_descriptions[0]["entity"]
    record = db.session.scalars(query.where(entity.id == record_id)).first()
    if record is None:
        abort(404)
    return record


# --- what a user may do -----------------------------------------------------------------


def may_manage_programme(user: User, programme: Programme) -> bool:
    return user.role is Role.PARTNERSHIP_LEAD and programme.employer_id == user.organisation_id


def may_decide_nomination(user: User, nomination: Nomination) -> bool:
    programme = nomination.programme
    if programme.employer_id != user.organisation_id:
        return False
    if user.role is Role.PARTNERSHIP_LEAD:
        return True
    if user.role is Role.SITE_MANAGER:
        return bool(user.site_ids & {site.id for site in programme.sites})
    return False


def sites_user_may_accept_at(user: User, nomination: Nomination) -> list[Site]:
    """Taking-part sites a user may place a nominated candidate at: never one in an area
    the candidate must avoid."""
    return [
        site
        for site in _sites_user_decides_for(user, nomination)
        if site_is_safe_for(nomination.candidate, site)
    ]


def may_transfer_placement(user: User, placement: Placement) -> bool:
    """Partnership leads move an open placement between their taking-part sites."""
    return (
        user.role is Role.PARTNERSHIP_LEAD
        and placement.programme.employer_id == user.organisation_id
        and placement.is_open
    )


def sites_to_transfer_to(user: User, placement: Placement) -> list[Site]:
    """Other taking-part sites a placement may move to: never one the candidate must avoid."""
    if not may_transfer_placement(user, placement):
        return []
    return [
        site
        for site in placement.programme.sites
        if site.id != placement.site_id and site_is_safe_for(placement.candidate, site)
    ]


def sites_not_available_for(user: User, nomination: Nomination) -> list[Site]:
    """The user's taking-part sites ruled out for this candidate (the reason is not shown)."""
    return [
        site
        for site in _sites_user_decides_for(user, nomination)
        if not site_is_safe_for(nomination.candidate, site)
    ]


def _sites_user_decides_for(user: User, nomination: Nomination) -> list[Site]:
    sites = nomination.programme.sites
    if user.role is Role.SITE_MANAGER:
        return [site for site in sites if site.id in user.site_ids]
    return list(sites) if may_decide_nomination(user, nomination) else []


def may_record_stage(user: User, placement: Placement) -> bool:
    """Site managers of the placement's site and the employer's partnership leads."""
    if user.role is Role.SITE_MANAGER:
        return placement.site_id in user.site_ids
    if user.role is Role.PARTNERSHIP_LEAD:
        return placement.programme.employer_id == user.organisation_id
    return False


def may_resume_placement(user: User, placement: Placement) -> bool:
    """Only the candidate's own coaches pause and resume a placement."""
    return user.role is Role.COACH and placement.candidate.organisation_id == user.organisation_id


def may_end_placement(user: User, placement: Placement) -> bool:
    """Employer staff in scope, or a coach of the candidate's own support provider."""
    if user.role is Role.COACH:
        return placement.candidate.organisation_id == user.organisation_id
    return may_record_stage(user, placement)


# --- what an employer may see of a candidate --------------------------------------------


class SharingConsent(Protocol):
    """What a consent to share with an employer says may be shared."""

    share_first_name: bool
    share_availability: bool
    share_adjustments: bool


class CandidateRecord(Protocol):
    """What the policy reads of a candidate to say what may be shown of them: a
    ``Candidate``, or a row a page's own query made with these columns (the board's)."""

    @property
    def organisation_id(self) -> int: ...
    @property
    def first_name(self) -> str | None: ...
    @property
    def availability(self) -> str | None: ...
    @property
    def adjustments(self) -> str | None: ...
    @property
    def erased_at(self) -> datetime | None: ...
    @property
    def employer_consent(self) -> SharingConsent | None: ...


@dataclass(frozen=True)
class SharedDetails:
    """The part of a candidate's record the candidate agreed to share with an employer."""

    first_name: str | None
    availability: str | None
    adjustments: str | None
    withheld: bool = False  # no consent to share in force: nothing at all is shown
    erased: bool = False  # the candidate's personal data was erased: nothing is left to show

    @property
    def display_name(self) -> str:
        if self.erased:
            return "Personal data erased"
        if self.withheld:
            return "Candidate details withheld"
        return self.first_name or "Name not shared"


WITHHELD = SharedDetails(None, None, None, withheld=True)
ERASED = SharedDetails(None, None, None, withheld=True, erased=True)


def shared_details(candidate: CandidateRecord) -> SharedDetails:
    if candidate.erased_at is not None:
        return ERASED
    consent = candidate.employer_consent
    if consent is None:
        return WITHHELD
    return SharedDetails(
        first_name=candidate.first_name if consent.share_first_name else None,
        availability=candidate.availability if consent.share_availability else None,
        adjustments=candidate.adjustments if consent.share_adjustments else None,
    )


def candidate_names_for(user: User, candidates: list[Candidate]) -> dict[int, str]:
    """The first names ``user`` may see now, by candidate id, of those candidates whose
    record, placement or nomination is in their scope today (notices name candidates so)."""
    ids = sorted({candidate.id for candidate in candidates})
    if not ids:
        return {}
    if user.role is Role.COACH:
        seen = candidates_for(user).with_only_columns(Candidate.id).where(Candidate.id.in_(ids))
        in_scope = set(db.session.scalars(seen))
    elif user.role in EMPLOYER_STAFF:
        placed = placements_for(user).with_only_columns(Placement.candidate_id)
        nominated = nominations_for(user).with_only_columns(Nomination.candidate_id)
        in_scope = set(db.session.scalars(placed.where(Placement.candidate_id.in_(ids))))
        in_scope |= set(db.session.scalars(nominated.where(Nomination.candidate_id.in_(ids))))
    else:
        in_scope = set()
    names = {}
    for candidate in candidates:
        if candidate.id in in_scope:
            name = candidate_details_for(user, candidate).first_name
            if name:
                names[candidate.id] = name
    return names


def candidate_details_for(user: User, candidate: CandidateRecord) -> SharedDetails:
    """What ``user`` may see of a candidate whose placement or nomination is in their scope."""
    if candidate.erased_at is not None:
        return ERASED
    if user.role is Role.COACH and candidate.organisation_id == user.organisation_id:
        return SharedDetails(candidate.first_name, candidate.availability, candidate.adjustments)
    if user.role in EMPLOYER_STAFF:
        return shared_details(candidate)
    return WITHHELD
