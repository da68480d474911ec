"""Telling people what happened: each nomination decision and each event of a placement
that someone must act on or know of becomes a notice for them, once.

- the employer's partnership leads: a new nomination;
- the candidate's coach: a nomination declined or accepted, a hire, not hired, a placement
  ended early, a placement moved to another site;
- the site's managers: a new placement at their site (accepted, or moved there), a
  placement paused by the coach, or resumed.

Nobody is told of what they did themselves. A notice names its candidate only through the
``CANDIDATE`` slot, filled in as the access policy allows when it is read, and is e-mailed
as each person chose, in words that name no one (``notifications``). Functions flush; the
request commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import update

from pathway.auth.models import User
from pathway.candidates.models import Nomination
from pathway.clock import utcnow
from pathway.extensions import db
from pathway.notifications.models import CANDIDATE, Notification
from pathway.notifications.recipients import coaches_of, partnership_leads_of, site_managers_of
from pathway.notifications.services import notify
from pathway.notifications.vocabulary import NoticeKind
from pathway.placements.models import Placement, StageEvent
from pathway.placements.vocabulary import EventKind

# The kinds of notice told here (the scheduled jobs tell the others).
EVENT_KINDS = frozenset(
    {
        NoticeKind.NOMINATED,
        NoticeKind.NOMINATION_DECIDED,
        NoticeKind.NEW_PLACEMENT,
        NoticeKind.OUTCOME,
        NoticeKind.PAUSED,
        NoticeKind.MOVED,
    }
)


def tell_nominated(nomination: Nomination, by: User) -> None:
    programme = nomination.programme
    _tell(
        partnership_leads_of(programme.employer_id),
        by,
        NoticeKind.NOMINATED,
        f"nomination:{nomination.id}:made",
        f"{CANDIDATE} is nominated to {programme.name} by "
        f"{nomination.candidate.organisation.name}: decide where they can start.",
        f"/placements/nominations/{nomination.id}",
        nomination,
        nomination.created_at,
    )


def _decided(nomination: Nomination) -> None:
    """The leads' "decide where they can start" is done once anyone has decided."""
    db.session.execute(
        update(Notification)
        .where(
            Notification.subject_key == f"nomination:{nomination.id}:made",
            Notification.read_at.is_(None),
        )
        .values(read_at=nomination.decided_at or utcnow())
    )


def tell_declined(nomination: Nomination, by: User) -> None:
    _decided(nomination)
    reason = nomination.decline_reason.label if nomination.decline_reason else "no reason given"
    _tell(
        coaches_of(nomination.candidate),
        by,
        NoticeKind.NOMINATION_DECIDED,
        f"nomination:{nomination.id}:declined",
        f"{CANDIDATE}'s nomination to {nomination.programme.name} was declined: {reason}.",
        f"/candidates/{nomination.candidate_id}",
        nomination,
        nomination.decided_at,
    )


def tell_accepted(placement: Placement, by: User) -> None:
    _decided(placement.nomination)
    programme, site = placement.programme.name, placement.site.name
    _tell(
        coaches_of(placement.candidate),
        by,
        NoticeKind.NOMINATION_DECIDED,
        f"nomination:{placement.nomination_id}:accepted",
        f"{CANDIDATE}'s nomination to {programme} was accepted at {site}.",
        _link(placement),
        placement,
        placement.created_at,
    )
    _tell(
        site_managers_of(placement.site_id),
        by,
        NoticeKind.NEW_PLACEMENT,
        f"placement:{placement.id}:new",
        f"{CANDIDATE} starts {programme} at {site}: schedule the first stage.",
        _link(placement),
        placement,
        placement.created_at,
    )


# What the coach is told of an event on a placement (the placement's site in ``{site}``).
TOLD_TO_COACH = {
    EventKind.HIRED: (NoticeKind.OUTCOME, f"{CANDIDATE} was hired at {{site}}."),
    EventKind.NOT_HIRED: (NoticeKind.OUTCOME, f"{CANDIDATE} was not hired at {{site}}."),
    EventKind.WITHDRAWN: (NoticeKind.OUTCOME, f"{CANDIDATE}'s placement at {{site}} ended early."),
}
# What the site's managers are told (the coach pauses and resumes a placement).
TOLD_TO_MANAGERS = {
    EventKind.PAUSED: (NoticeKind.PAUSED, f"{CANDIDATE}'s placement at {{site}} is paused."),
    EventKind.RESUMED: (NoticeKind.PAUSED, f"{CANDIDATE}'s placement at {{site}} goes on again."),
}


def tell_event(placement: Placement, event: StageEvent, by: User) -> None:
    """Tell whoever must know of ``event`` (flushed: it has its id)."""
    site = placement.site.name
    key = f"event:{event.id}"
    if event.kind in TOLD_TO_COACH:
        kind, text = TOLD_TO_COACH[event.kind]
        _tell(
            coaches_of(placement.candidate),
            by,
            kind,
            key,
            text.replace("{site}", site),
            _link(placement),
            placement,
            event.occurred_at,
        )
    if event.kind in TOLD_TO_MANAGERS:
        kind, text = TOLD_TO_MANAGERS[event.kind]
        _tell(
            site_managers_of(placement.site_id),
            by,
            kind,
            key,
            text.replace("{site}", site),
            _link(placement),
            placement,
            event.occurred_at,
        )
    if event.kind is EventKind.TRANSFERRED:
        _tell(
            coaches_of(placement.candidate),
            by,
            NoticeKind.MOVED,
            key,
            f"{CANDIDATE}'s placement moved to {site}.",
            _link(placement),
            placement,
            event.occurred_at,
        )
        _tell(
            site_managers_of(placement.site_id),
            by,
            NoticeKind.NEW_PLACEMENT,
            key,
            f"{CANDIDATE}'s placement moved to {site}, your site.",
            _link(placement),
            placement,
            event.occurred_at,
        )


def _tell(
    people: Iterable[User],
    by: User,
    kind: NoticeKind,
    key: str,
    text: str,
    link: str,
    record: Placement | Nomination,
    at: datetime | None = None,
) -> None:
    """Notify ``people`` but ``by``, dated when it happened (``at``; default now)."""
    notify(
        [person for person in people if person.id != by.id],
        kind,
        key,
        text,
        link,
        at or utcnow(),
        about=record.candidate,
    )


def _link(placement: Placement) -> str:
    return f"/placements/{placement.id}"
