"""Preparing, confirming and publishing reports. Functions flush; the request commits.

A draft freezes a period's published figures; partner support providers may confirm it;
publishing stores it for good under a reference (``PW-2026-0007``) with the SHA-256 of its
canonical JSON. A correction is a new version that names the one it supersedes and why.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from pathway.auth.models import Organisation, User
from pathway.clock import to_london, utcnow
from pathway.extensions import db
from pathway.refusals import ActionRefused
from pathway.reports.disclosure.control import Policy
from pathway.reports.disclosure.grain import grain_refusal
from pathway.reports.document.period import report_document
from pathway.reports.figures.periods import Period
from pathway.reports.models import (
    ConfirmationAnswer,
    ReportConfirmation,
    ReportDraft,
    ReportReferenceCounter,
    ReportSnapshot,
)

REFERENCE = re.compile(r"^PW-(\d{4})-(\d{4,})$")


def canonical_json(document: dict) -> str:
    """The one serialisation that is hashed: sorted keys, no spaces, UTF-8 kept as it is."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(document: dict) -> str:
    """SHA-256 (hex) of the UTF-8 bytes of ``document``'s canonical JSON."""
    return hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()


def draft_document(draft: ReportDraft) -> dict:
    return json.loads(draft.content)


def snapshot_document(snapshot: ReportSnapshot) -> dict:
    return json.loads(snapshot.content)


def is_intact(snapshot: ReportSnapshot) -> bool:
    """Whether the stored content still hashes to the stored SHA-256."""
    return hashlib.sha256(snapshot.content.encode("utf-8")).hexdigest() == snapshot.sha256


# --- drafts and confirmations ------------------------------------------------------------


def prepare_draft(
    employer: Organisation, period: Period, author: User, policy: Policy, today: date
) -> ReportDraft:
    """Freeze the period's figures, as they would be published, for checking and confirming:
    a financial year only, the fixed grain of everything published (``grain``)."""
    refusal = grain_refusal(employer, period, today)
    if refusal:
        raise ActionRefused(refusal)
    raw, document = report_document(employer, period, policy, today)
    draft = ReportDraft(
        employer_id=employer.id,
        period_start=period.start,
        period_end=period.end,
        content=canonical_json(document),
        partner_ids=list(raw.partner_ids),
        created_by_id=author.id,
        created_at=utcnow(),
    )
    db.session.add(draft)
    db.session.flush()
    return draft


def request_confirmations(draft: ReportDraft, user: User) -> list[ReportConfirmation]:
    """Ask every partner whose candidates are counted to confirm the draft (once each)."""
    _require_unpublished(draft)
    if not draft.partner_ids:
        raise ActionRefused(
            "No support provider's candidates are counted in this report, so there is no "
            "partner to ask."
        )
    asked = {confirmation.provider_id for confirmation in draft.confirmations}
    added = []
    for provider_id in draft.partner_ids:
        if provider_id not in asked:
            confirmation = ReportConfirmation(
                draft=draft, provider_id=provider_id, requested_by_id=user.id
            )
            db.session.add(confirmation)
            added.append(confirmation)
    db.session.flush()
    return added


def answer_confirmation(
    confirmation: ReportConfirmation, user: User, answer: ConfirmationAnswer, note: str
) -> None:
    """A partner's answer; it may change its answer until the report is published."""
    _require_unpublished(confirmation.draft)
    note = note.strip()
    if answer is ConfirmationAnswer.NOT_CONFIRMED and not note:
        raise ActionRefused("Say what does not match your records, so the employer can check.")
    confirmation.answer = answer
    confirmation.note = note
    confirmation.answered_by_id = user.id
    confirmation.answered_at = utcnow()
    db.session.flush()


@dataclass(frozen=True)
class PartnerStatus:
    organisation: str
    asked: bool
    answer: ConfirmationAnswer | None
    answered_on: date | None
    note: str

    @property
    def words(self) -> str:
        if self.answer is ConfirmationAnswer.CONFIRMED:
            return f"Confirmed by {self.organisation} on {_day(self.answered_on)}"
        if self.answer is ConfirmationAnswer.NOT_CONFIRMED:
            return f"Not confirmed by {self.organisation}"
        if self.asked:
            return f"Awaiting {self.organisation}"
        return f"Not asked: {self.organisation}"


def partner_statuses(draft: ReportDraft) -> list[PartnerStatus]:
    """Each counted partner and where its confirmation stands."""
    by_provider = {c.provider_id: c for c in draft.confirmations}
    names = dict(
        db.session.execute(
            select(Organisation.id, Organisation.name).where(
                Organisation.id.in_(draft.partner_ids or [-1])
            )
        ).all()
    )
    statuses = []
    for provider_id in draft.partner_ids:
        confirmation = by_provider.get(provider_id)
        answered = confirmation.answered_at if confirmation else None
        statuses.append(
            PartnerStatus(
                organisation=names.get(provider_id, "A support provider"),
                asked=confirmation is not None,
                answer=confirmation.answer if confirmation else None,
                answered_on=to_london(answered).date() if answered else None,
                note=confirmation.note if confirmation else "",
            )
        )
    return sorted(statuses, key=lambda status: status.organisation)


# --- publishing -------------------------------------------------------------------------


def publish_draft(
    draft: ReportDraft,
    author: User,
    supersedes: ReportSnapshot | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> ReportSnapshot:
    """Store the draft for good under a new reference; refused if already published, if its
    period is not a complete financial year (a draft made before the grain), or if the year
    has a current report that it does not replace: one current report per year."""
    now = now or utcnow()
    _require_publishable(draft, now)
    reason = reason.strip()
    if supersedes is not None:
        _require_replaceable(draft, supersedes, reason)
    else:
        _require_first_of_its_year(draft)
    reference = next_report_reference(to_london(now).year)
    document = _published_document(draft, reference, author, supersedes, reason, now)
    content = canonical_json(document)
    snapshot = ReportSnapshot(
        reference=reference,
        draft_id=draft.id,
        employer_id=draft.employer_id,
        period_start=draft.period_start,
        period_end=draft.period_end,
        content=content,
        sha256=hashlib.sha256(content.encode("utf-8")).hexdigest(),
        created_at=now,
        author_id=author.id,
        supersedes_id=supersedes.id if supersedes else None,
        supersede_reason=reason if supersedes else "",
    )
    _store(snapshot)
    return snapshot


def _require_publishable(draft: ReportDraft, now: datetime) -> None:
    """Refuse a draft already published, or one whose period is not a whole financial year."""
    _require_unpublished(draft)
    period = Period(draft.period_start, draft.period_end)
    refusal = grain_refusal(draft.employer, period, to_london(now).date())
    if refusal:
        raise ActionRefused(f"This draft cannot be published. {refusal}")


def _require_replaceable(draft: ReportDraft, supersedes: ReportSnapshot, reason: str) -> None:
    """A correction replaces the employer's own newest version, and says why."""
    if supersedes.employer_id != draft.employer_id:
        raise ActionRefused("A report can only replace one of your own published reports.")
    if (supersedes.period_start, supersedes.period_end) != (draft.period_start, draft.period_end):
        raise ActionRefused(
            f"{supersedes.reference} is the report of another period: a correction replaces "
            "the report of its own year."
        )
    if newer_version(supersedes) is not None:
        raise ActionRefused(
            f"{supersedes.reference} has already been replaced; correct the newest version."
        )
    if not reason:
        raise ActionRefused("Say why this report replaces the earlier one.")


def current_report(employer_id: int, period: Period) -> ReportSnapshot | None:
    """The employer's published report of ``period`` that no later version replaces."""
    replaced = select(ReportSnapshot.supersedes_id).where(ReportSnapshot.supersedes_id.is_not(None))
    return db.session.scalar(
        select(ReportSnapshot).where(
            ReportSnapshot.employer_id == employer_id,
            ReportSnapshot.period_start == period.start,
            ReportSnapshot.period_end == period.end,
            ReportSnapshot.id.not_in(replaced),
        )
    )


def _require_first_of_its_year(draft: ReportDraft) -> None:
    current = current_report(draft.employer_id, Period(draft.period_start, draft.period_end))
    if current is not None:
        raise ActionRefused(
            f"This year already has a published report, {current.reference}. To correct it, "
            f"publish this one as the version that replaces {current.reference}, and say why."
        )


def _published_document(
    draft: ReportDraft,
    reference: str,
    author: User,
    supersedes: ReportSnapshot | None,
    reason: str,
    now: datetime,
) -> dict:
    """The draft's document with what publishing adds: reference, time, author, the version
    it replaces and the partners' confirmations."""
    document = draft_document(draft)
    document.update(
        reference=reference,
        published_at=now.replace(microsecond=0).isoformat() + "Z",
        author={"name": author.name, "role": author.role.label},
        supersedes=(
            {
                "reference": supersedes.reference,
                "sha256": supersedes.sha256,
                "reason": reason,
            }
            if supersedes
            else None
        ),
        confirmations=[_confirmation(status) for status in partner_statuses(draft)],
    )
    return document


def _confirmation(status: PartnerStatus) -> dict:
    """How a partner's confirmation is published: confirmed with its day, or not confirmed."""
    confirmed = status.answer is ConfirmationAnswer.CONFIRMED
    return {
        "organisation": status.organisation,
        "status": "confirmed" if confirmed else "not_confirmed",
        "on": status.answered_on.isoformat() if confirmed else None,
    }


def _store(snapshot: ReportSnapshot) -> None:
    """Add and flush the snapshot, refused (and rolled back) if someone else published the
    draft or replaced the same version at the same moment."""
    db.session.add(snapshot)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ActionRefused(
            "This report was published, or the earlier version replaced, by someone else at "
            "the same moment. Nothing was saved."
        ) from None


def next_report_reference(year: int) -> str:
    """The next report reference of ``year``, e.g. ``PW-2026-0007``; atomic under concurrency."""
    if db.session.get(ReportReferenceCounter, year) is None:
        db.session.add(ReportReferenceCounter(year=year, last=0))
        db.session.flush()
    db.session.execute(
        update(ReportReferenceCounter)
        .where(ReportReferenceCounter.year == year)
        .values(last=ReportReferenceCounter.last + 1)
    )
    number = db.session.scalar(
        select(ReportReferenceCounter.last).where(ReportReferenceCounter.year == year)
    )
    return f"PW-{year}-{number:04d}"


def newer_version(snapshot: ReportSnapshot) -> ReportSnapshot | None:
    return db.session.scalar(
        select(ReportSnapshot).where(ReportSnapshot.supersedes_id == snapshot.id)
    )


def latest_version(snapshot: ReportSnapshot) -> ReportSnapshot:
    """Follow the chain of corrections to the newest version."""
    newest = snapshot
    while (newer := newer_version(newest)) is not None:
        newest = newer
    return newest


def find_published(reference: str) -> ReportSnapshot | None:
    """The published report with ``reference`` (any case, spaces ignored), if there is one.

    Every lookup runs the same query, whether or not the reference is well formed, so the
    answer for a malformed reference looks like the answer for an unknown one.
    """
    wanted = reference.strip().upper()
    if not REFERENCE.match(wanted):
        wanted = ""
    return db.session.scalar(select(ReportSnapshot).where(ReportSnapshot.reference == wanted))


def _require_unpublished(draft: ReportDraft) -> None:
    if draft.snapshot is not None:
        raise ActionRefused(
            f"This report was published as {draft.snapshot.reference}; it can no longer change."
        )


def _day(value: date | None) -> str:
    return f"{value.day} {value.strftime('%B %Y')}" if value else ""
