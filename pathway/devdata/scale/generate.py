"""``flask pathway generate``: a large, realistic, deterministic dataset, by bulk inserts.

Candidates are recorded over the last ``years`` years, get consent, are nominated when
eligible, accepted or declined, and placements go through their stages (see
``journeys``) up to the start of ``until`` (default: today, UTC): later steps have not
happened yet, so recent placements are still open with bookings ahead. The same seed and
``until`` give the same rows. Every generated account has the password ``PASSWORD``.
Only the tables of the core journey are written, then the figures' summary made from them
(``reports.summary.rebuild``); a later feature's tables stay empty.
"""

from __future__ import annotations

import random
import time as timer
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import click
from flask import current_app
from sqlalchemy import Connection, func, select, text
from werkzeug.security import generate_password_hash

from pathway.auth.models import Organisation, Role
from pathway.candidates.models import (
    ConsentMethod,
    ConsentScope,
    DeclineReason,
    NominationStatus,
)
from pathway.candidates.vocabulary import EnglishLevel, NrmDecision, RightToWork
from pathway.clock import utcnow
from pathway.devdata.scale.frame import DOMAIN, Frame, Programme, build_frame
from pathway.devdata.scale.journeys import Journey, later_on, pick, plan_steps
from pathway.devdata.scale.writer import BulkWriter
from pathway.extensions import db
from pathway.placements.vocabulary import Outcome
from pathway.reports.figures.summary import rebuild as rebuild_summary

PASSWORD = "pathway-scale"

FIRST_NAMES = (
    "Amina", "Besa", "Chinedu", "Dritan", "Elira", "Fatima", "Gentian", "Hoa", "Ibrahim",
    "Joy", "Kofi", "Luwam", "Mihaela", "Nguyen", "Osman", "Precious", "Quang", "Rahel",
    "Samira", "Tunde", "Ulrike", "Vesna", "Wei", "Xhensila", "Yonas", "Zainab", "Andrei",
    "Blessing", "Daniela", "Emmanuel", "Florin", "Grace", "Hamid", "Ioana", "Jamal",
    "Khadija", "Linh", "Marta", "Nadia", "Oksana", "Paulina", "Robel", "Senait", "Thu",
    "Valentina", "Yusuf", "Arben", "Filmon", "Krzysztof", "Mercy",
)  # fmt: skip
AVAILABILITY = (
    "Weekdays, daytime", "Any day except Sunday", "Mornings; ESOL class Tue and Thu pm",
    "Early shifts preferred", "Weekdays and Saturdays", "School hours", "Any shift",
    "Afternoons only", "Full-time, any shift", "Mon-Thu",
)  # fmt: skip
ADJUSTMENTS = (
    "", "", "", "", "", "", "", "Quiet room for breaks", "Written instructions as well as spoken",
    "No lone working in the stockroom", "A female buddy on the first days",
    "Time off for medical appointments",
)  # fmt: skip
ENGLISH = (
    (EnglishLevel.PRE_ENTRY, 2),
    (EnglishLevel.ENTRY_1, 4),
    (EnglishLevel.ENTRY_2, 12),
    (EnglishLevel.ENTRY_3, 36),
    (EnglishLevel.LEVEL_1, 30),
    (EnglishLevel.LEVEL_2, 16),
)
RIGHT_TO_WORK = (
    (RightToWork.BRITISH_IRISH, 3),
    (RightToWork.SETTLED, 24),
    (RightToWork.PRE_SETTLED, 26),
    (RightToWork.VISA, 38),
    (RightToWork.ASYLUM_NO_PERMISSION, 6),
    (RightToWork.OTHER, 3),
)
NRM = (
    (NrmDecision.POSITIVE_CONCLUSIVE, 60),
    (NrmDecision.POSITIVE_REASONABLE, 31),
    (NrmDecision.REFERRED, 5),
    (NrmDecision.NEGATIVE_CONCLUSIVE, 2),
    (NrmDecision.NOT_REFERRED, 2),
)
DECLINES = (
    (DeclineReason.NO_VACANCY, 35, "No place at a store near the candidate until next month."),
    (DeclineReason.LOCATION, 25, "No taking-part site within an hour by bus."),
    (DeclineReason.AVAILABILITY, 20, "Training runs on the early shift; not possible for now."),
    (DeclineReason.ENGLISH_LEVEL, 10, ""),
    (DeclineReason.ROLE_NOT_SUITABLE, 7, ""),
    (DeclineReason.OTHER, 3, ""),
)
P_CONSENT = 0.95
P_COUNTED = 0.92  # of those who consent to sharing, also agree to be counted in figures
P_DECLINED = 0.12
P_TRY_AGAIN = 0.6  # after a decline, or after a placement that did not end in a hire
P_ACCEPTED_BY_MANAGER = 0.4


@dataclass(frozen=True)
class Scale:
    employers: int
    sites: int
    candidates: int
    years: int
    seed: int
    until: date


def generate(
    scale: Scale,
    progress: Callable[[int], None] = lambda n: None,
    connection: Connection | None = None,
) -> Frame:
    """Write the whole dataset in one transaction (its own, unless ``connection`` is given);
    ``progress(n)`` is called after every n candidates written."""
    if connection is None:
        with db.engine.begin() as own:
            return generate(scale, progress, own)
    rng = random.Random(scale.seed)
    end = datetime.combine(scale.until, time.min)
    start = end - timedelta(days=365 * scale.years)
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    writer = BulkWriter(connection)
    frame = build_frame(
        writer,
        rng,
        scale.employers,
        scale.sites,
        scale.candidates,
        start - timedelta(days=60),
        generate_password_hash(PASSWORD, method=method),  # one hash for every account
    )
    stories = Stories(writer, rng, frame, end)
    created = sorted(rng.random() ** 0.85 for _ in range(scale.candidates))  # more of late
    done = 0
    for u in created:
        stories.candidate(start + timedelta(seconds=int(u * (end - start).total_seconds())))
        done += 1
        if writer.buffered >= writer.batch_rows:
            writer.flush()
            progress(done)
            done = 0
    stories.write_reference_counters()
    frame.refused_steps = stories.refused_steps
    writer.finish()  # with the planner's statistics, which the summary's queries need
    rebuild_summary(connection)  # the figures' summary of the history just written
    connection.execute(text("ANALYZE"))
    progress(done)
    return frame


class Stories:
    """One candidate at a time: record, consent, nominations, placements and their stages."""

    def __init__(self, writer: BulkWriter, rng: random.Random, frame: Frame, end: datetime):
        self.writer, self.rng, self.frame, self.end = writer, rng, frame, end
        self.references: dict[tuple[int, int], int] = {}
        self.refused_steps = 0
        self.programmes = frame.programmes

    def candidate(self, created: datetime) -> None:
        rng = self.rng
        coach = rng.choice(self.frame.coaches)
        year = created.year
        number = self.references[(coach.organisation_id, year)] = (
            self.references.get((coach.organisation_id, year), 0) + 1
        )
        right_to_work = pick(rng, RIGHT_TO_WORK)
        facts = {
            "reference": f"{coach.prefix}-{year}-{number:04d}",
            "organisation_id": coach.organisation_id,
            "coach_id": coach.id,
            "first_name": rng.choice(FIRST_NAMES),
            "date_of_birth": created.date() - timedelta(days=rng.randint(18 * 366, 58 * 365)),
            "english_level": pick(rng, ENGLISH),
            "english_assessed_on": created.date() - timedelta(days=rng.randint(0, 60)),
            "right_to_work": right_to_work,
            "visa_expires_on": created.date() + timedelta(days=rng.randint(180, 1400))
            if right_to_work is RightToWork.VISA
            else None,
            "nrm_decision": pick(rng, NRM),
            "availability": rng.choice(AVAILABILITY),
            "adjustments": rng.choice(ADJUSTMENTS),
            "created_at": created,
        }
        candidate_id = self.writer.add("candidate", **facts)
        consents = self._consents(candidate_id, coach.id, created)
        if consents:
            self._nominations(candidate_id, coach.id, facts, consents[0])
        for consent in consents:
            self.writer.add("consent", **consent)

    def _consents(self, candidate_id: int, coach_id: int, created: datetime) -> list[dict]:
        rng = self.rng
        given_on = created.date() + timedelta(days=rng.randint(0, 14))
        if rng.random() >= P_CONSENT or given_on >= self.end.date():
            return []
        method = (
            ConsentMethod.SIGNED_FORM if rng.random() < 0.85 else ConsentMethod.VERBAL_WITNESSED
        )
        share = {
            "candidate_id": candidate_id,
            "scope": ConsentScope.SHARE_WITH_EMPLOYER,
            "given_on": given_on,
            "method": method,
            "recorded_by_id": coach_id,
            "share_first_name": rng.random() < 0.97,
            "share_availability": rng.random() < 0.95,
            "share_adjustments": rng.random() < 0.85,
            "withdrawn_on": None,
        }
        consents = [share]
        if rng.random() < P_COUNTED:
            counted = dict(share, scope=ConsentScope.COUNTED_IN_FIGURES)
            counted.update(
                share_first_name=False, share_availability=False, share_adjustments=False
            )
            consents.append(counted)
        return consents

    def _nominations(self, candidate_id, coach_id, facts, share: dict) -> None:
        """Nominate when eligible; accepted or declined; placements run until "now"."""
        rng, end = self.rng, self.end
        t = datetime.combine(share["given_on"], time(9))
        gap = rng.randint(7, 45)
        for _ in range(4):
            at = later_on(rng, t.date() + timedelta(days=gap), t)
            eligible = [p for p in self.programmes if _eligible(facts, p, at.date())]
            if at >= end or not eligible:
                return
            programme = rng.choices(eligible, [p.weight for p in eligible])[0]
            decided = later_on(rng, at.date() + timedelta(days=rng.randint(1, 10)), at)
            nomination = {
                "candidate_id": candidate_id,
                "programme_id": programme.id,
                "nominated_by_id": coach_id,
                "status": NominationStatus.PENDING,
                "created_at": at,
                "decided_at": None,
                "decided_by_id": None,
                "decline_reason": None,
                "decline_note": "",
            }
            if decided >= end:  # still awaiting the employer's decision
                self.writer.add("nomination", **nomination)
                return
            if rng.random() < P_DECLINED:
                reason, _, note = rng.choices(DECLINES, [w for _, w, _ in DECLINES])[0]
                nomination.update(
                    status=NominationStatus.DECLINED,
                    decided_at=decided,
                    decided_by_id=rng.choice(self.frame.leads[programme.employer]),
                    decline_reason=reason,
                    decline_note=note,
                )
                self.writer.add("nomination", **nomination)
                t, gap = decided, rng.randint(10, 45)
                if rng.random() < P_TRY_AGAIN:
                    continue
                return
            journey = self._placement(candidate_id, coach_id, programme, nomination, decided)
            if journey.is_open:
                return
            if journey.placement.outcome is Outcome.HIRED or rng.random() >= P_TRY_AGAIN:
                return
            t, gap = journey.last_at, rng.randint(20, 90)

    def _placement(self, candidate_id, coach_id, programme: Programme, nomination, decided):
        rng, writer = self.rng, self.writer
        site_id = rng.choice(programme.site_ids)
        manager = self.frame.manager_of_site[site_id]
        leads = self.frame.leads[programme.employer]
        decider = manager if rng.random() < P_ACCEPTED_BY_MANAGER else rng.choice(leads)
        nomination.update(
            status=NominationStatus.ACCEPTED, decided_at=decided, decided_by_id=decider
        )
        nomination_id = writer.add("nomination", **nomination)
        journey = Journey(programme.stages, decided, decider)
        for step in plan_steps(rng, programme.stages, decided):
            if step.at >= self.end:
                break
            if step.by_coach:
                actor = coach_id
            else:
                actor = manager if rng.random() < 0.85 else rng.choice(leads)
            if not journey.record(step.update, step.at, actor):
                self.refused_steps += 1  # the rules changed under the plan: stop there
                break
        placement_id = writer.add(
            "placement",
            nomination_id=nomination_id,
            candidate_id=candidate_id,
            programme_id=programme.id,
            site_id=site_id,
            **journey.placement_row(),
        )
        first = writer.reserve("placement_stage", len(programme.stages))
        writer.add_many(
            "placement_stage",
            [
                {
                    "id": first + i,
                    "placement_id": placement_id,
                    "position": stage.position,
                    "name": stage.name,
                    "duration_amount": stage.duration_amount,
                    "duration_unit": stage.duration_unit,
                    "is_interview": stage.is_interview,
                }
                for i, stage in enumerate(programme.stages)
            ],
        )
        events = journey.event_rows()
        first = writer.reserve("stage_event", len(events))
        for i, event in enumerate(events):
            event["id"] = first + i
            event["placement_id"] = placement_id
        writer.add_many("stage_event", events)
        return journey

    def write_reference_counters(self) -> None:
        for (organisation_id, year), last in sorted(self.references.items()):
            self.writer.add(
                "reference_counter", organisation_id=organisation_id, year=year, last=last
            )


def _eligible(facts: dict, programme: Programme, on: date) -> bool:
    """The programme's readiness criteria as they stood on the day of the nomination."""
    born = facts["date_of_birth"]
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    status = facts["right_to_work"]
    works = status.allows_work and (status is not RightToWork.VISA or facts["visa_expires_on"] > on)
    return (
        facts["english_level"].rank >= programme.min_english_level.rank
        and age >= programme.min_age
        and (works or not programme.right_to_work_required)
        and facts["nrm_decision"].value in programme.qualifying_nrm
    )


# --- the command ----------------------------------------------------------------------------


@click.command("generate")
@click.option("--employers", default=5, show_default=True, type=click.IntRange(1, 100))
@click.option("--sites", default=2500, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--candidates", default=100_000, show_default=True, type=click.IntRange(1))
@click.option("--years", default=3, show_default=True, type=click.IntRange(1, 20))
@click.option("--seed", default=1, show_default=True, type=int)
@click.option(
    "--until",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="History ends at the start of this day (default: today, UTC).",
)
def generate_command(employers, sites, candidates, years, seed, until) -> None:
    """Generate a large fictional dataset into an empty database (never in production)."""
    if not current_app.config.get("ALLOW_DEMO_DATA"):
        raise click.ClickException(
            "Generated data is not allowed here (PATHWAY_ENV is production). It is fictional "
            "and only for development, benchmark and test databases."
        )
    if sites < employers:
        raise click.BadParameter("needs at least one site per employer", param_hint="--sites")
    existing = db.session.scalar(select(func.count()).select_from(Organisation))
    db.session.rollback()  # the writer uses its own connection and transaction
    if existing:
        raise click.ClickException(
            f"The database already has data ({existing} organisations): data is only "
            "generated into an empty database."
        )
    scale = Scale(
        employers,
        sites,
        candidates,
        years,
        seed,
        until.date() if until else utcnow().date(),
    )
    began = timer.perf_counter()
    with click.progressbar(length=candidates, label="Generating candidates") as bar:
        frame = generate(scale, bar.update)
    click.echo(
        f"Generated in {timer.perf_counter() - began:.0f} s (seed {seed}, until {scale.until})."
    )
    click.echo("  " + ", ".join(f"{n:,} {what}" for what, n in summary().items()))
    if frame.refused_steps:
        click.echo(
            f"Note: the stage rules refused {frame.refused_steps:,} planned steps; those "
            "placements stop where they were refused (the rules changed since the plans)."
        )
    roles = {role: [e for e, r, _ in frame.accounts if r is role] for role in Role}
    click.echo(f"Every account's password is {PASSWORD!r}. For example:")
    for role, emails in roles.items():
        if emails:
            more = f" (and {len(emails) - 1:,} more)" if len(emails) > 1 else ""
            click.echo(f"  {role.label:<33} {emails[0]}{more}")
    click.echo(f"All accounts end in @{DOMAIN}.")


def summary() -> dict[str, int]:
    from pathway.candidates.models import Candidate, Nomination
    from pathway.employers.models import Site
    from pathway.placements.models import Placement, StageEvent

    counts = {}
    for label, model in (
        ("organisations", Organisation),
        ("sites", Site),
        ("candidates", Candidate),
        ("nominations", Nomination),
        ("placements", Placement),
        ("stage events", StageEvent),
    ):
        counts[label] = db.session.scalar(select(func.count()).select_from(model))
    return counts
