"""Fictional demo data: loaded by ``make run`` into an empty database.

Everything is made through the real services (programmes, candidates, consent,
nominations, placements and their stage events), with a fixed random seed, so the same
command always tells the same stories. Times are spread over the last two years and are
placed relative to today: open placements have dates around now, so the boards have work
on them whenever the demo is loaded.

Every name, organisation and account here is invented. No record holds anyone's history
of exploitation: only what the programme needs (first name, English, right to work,
availability, adjustments) and employment outcomes.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select, update

from pathway.auth.models import Organisation, OrganisationKind, Role, User
from pathway.candidates import services as candidate_services
from pathway.candidates.models import (
    Candidate,
    ConsentMethod,
    DeclineReason,
    Nomination,
    NominationStatus,
)
from pathway.candidates.vocabulary import EnglishLevel, NrmDecision, RightToWork
from pathway.clock import to_london, utcnow
from pathway.devdata import coaching as demo_coaching
from pathway.devdata import follow_ups as demo_follow_ups
from pathway.devdata.cast import (
    ACCOUNTS,
    COACH_OF,
    LEAD_OF,
    LOGISTICS,
    PROVIDERS,
    RETAILER,
    SITES,
)
from pathway.employers.models import Programme, Site
from pathway.employers.services import create_programme
from pathway.extensions import db
from pathway.notifications.models import Notification
from pathway.placements import nominations
from pathway.placements.models import Placement
from pathway.placements.nominations import accept_nomination
from pathway.placements.services import StageUpdate, record_stage_update
from pathway.placements.transitions import Action
from pathway.placements.vocabulary import ContractType, EndedBy, LeaveReason, Outcome
from pathway.refusals import ActionRefused

demo_cli = AppGroup("pathway", help="Pathway's own commands.")

PASSWORD = "pathway-demo"
SEED = 20190520  # fixed: the demo is the same every time it is loaded

E1, E2, E3, L1, L2 = (
    EnglishLevel.ENTRY_1,
    EnglishLevel.ENTRY_2,
    EnglishLevel.ENTRY_3,
    EnglishLevel.LEVEL_1,
    EnglishLevel.LEVEL_2,
)
SETTLED, PRE_SETTLED, VISA, ASYLUM = (
    RightToWork.SETTLED,
    RightToWork.PRE_SETTLED,
    RightToWork.VISA,
    RightToWork.ASYLUM_NO_PERMISSION,
)
CG, RG, REFERRED = (
    NrmDecision.POSITIVE_CONCLUSIVE,
    NrmDecision.POSITIVE_REASONABLE,
    NrmDecision.REFERRED,
)

# programme key: (employer, name, minimum English, site keys)
PROGRAMMES = {
    "retail": (
        RETAILER,
        "Fresh Start",
        E3,
        (
            "headingley",
            "bradford",
            "sheffield",
            "deansgate",
            "bolton",
            "larklane",
            "moseley",
            "earlsdon",
        ),
    ),
    "warehouse": (LOGISTICS, "Warehouse Pathway", E2, ("wakefield", "warrington")),
}

# --- the candidates and what happened to them ---------------------------------------------


@dataclass(frozen=True)
class Person:
    first_name: str
    provider: str  # "HL" or "ND"
    age: int
    english: EnglishLevel
    right_to_work: RightToWork
    nrm: NrmDecision = CG
    availability: str = "Weekdays, daytime"
    adjustments: str = ""
    consent: str = "full"  # full | limited (no adjustments) | verbal | none | expired visa
    visa_expired: bool = False


@dataclass(frozen=True)
class Decline:
    programme: str
    reason: DeclineReason
    note: str


@dataclass(frozen=True)
class Story:
    """One candidate's route: not nominated, pending, declined, or a placement's path.

    ``path`` is a placement's history in letters, read in order: S schedule, A attended,
    D did not attend, P passed, H hired, N not hired, E ended early. An open placement
    stops where its path stops.
    """

    person: Person
    programme: str | None = None
    site: str | None = None
    path: str | None = None  # None: no placement
    pending: bool = False
    declined: Decline | None = None  # a nomination declined first (or only)
    contract: ContractType | None = None
    hours: int | None = None
    reason: LeaveReason | None = None
    ended_by: EndedBy | None = None
    note: str = ""
    withdraw_consent: bool = False

    @property
    def is_open(self) -> bool:
        return self.path is not None and self.path.replace(" ", "")[-1:] not in ("H", "N", "E")


P = Person
STORIES = (
    # Not (yet) nominated: one ready, the others each held back by something a coach can act on.
    Story(P("Besa", "HL", 34, E1, VISA, availability="Mornings; ESOL class Tue and Thu pm")),
    Story(P("Ibrahim", "ND", 27, E3, ASYLUM, RG, "Any weekday")),
    Story(P("Quang", "HL", 24, E2, PRE_SETTLED, availability="Weekdays", consent="none")),
    Story(P("Filmon", "ND", 31, E2, VISA, REFERRED, "Weekdays after 10am")),
    Story(P("Marta", "HL", 42, L1, SETTLED, availability="Mon-Thu, school hours")),
    Story(P("Thu", "ND", 29, E3, VISA, availability="Afternoons", visa_expired=True)),
    # Nominated, awaiting the employer's decision.
    Story(
        P("Elira", "HL", 26, L1, VISA, availability="Weekdays and Saturdays"),
        "retail",
        pending=True,
    ),
    Story(
        P("Chinedu", "ND", 38, E2, VISA, availability="Early shifts preferred"),
        "warehouse",
        pending=True,
    ),
    Story(
        P("Mihaela", "HL", 33, E3, PRE_SETTLED, availability="Any day except Sunday"),
        "retail",
        pending=True,
    ),
    Story(
        P("Osman", "HL", 45, E2, VISA, availability="Weekdays, any shift"),
        "warehouse",
        pending=True,
    ),
    # Declined nominations, with the employer's reasons.
    Story(
        P("Luwam", "ND", 23, E3, VISA, availability="Weekdays, daytime"),
        declined=Decline(
            "retail",
            DeclineReason.LOCATION,
            "Luwam lives in Halifax: no taking-part store within an hour by bus. Happy to "
            "look again if a Calderdale store joins the programme.",
        ),
    ),
    Story(
        P("Andrei", "HL", 36, E3, PRE_SETTLED, availability="Afternoons only"),
        declined=Decline(
            "warehouse",
            DeclineReason.AVAILABILITY,
            "Warehouse Pathway training runs on the early shift (6am start); Andrei can only "
            "do afternoons at the moment.",
        ),
    ),
    Story(
        P("Hoa", "HL", 30, E3, VISA, availability="Weekdays"),
        declined=Decline(
            "retail",
            DeclineReason.ROLE_NOT_SUITABLE,
            "Hoa is looking for back-office work only; every Fresh Start role is on the shop "
            "floor with customers. Suggest the clerical programme when it opens.",
        ),
    ),
    Story(
        P("Tunde", "ND", 41, E3, SETTLED, availability="Full-time, any shift"),
        "warehouse",
        "wakefield",
        "SAP SAP SAP SAH",
        declined=Decline(
            "retail",
            DeclineReason.NO_VACANCY,
            "All places at the Yorkshire stores are taken until the new year; please "
            "nominate again then.",
        ),
        contract=ContractType.SEASONAL,
        hours=30,
    ),
    # Open placements at the demo manager's two stores: something in every column.
    Story(
        P("Arben", "HL", 28, E3, VISA, availability="Weekdays, daytime"), "retail", "headingley", ""
    ),
    Story(
        P("Ifeoma", "ND", 35, L1, SETTLED, availability="Mon, Wed, Fri"), "retail", "bradford", "S"
    ),
    Story(
        P(
            "Semhar",
            "HL",
            25,
            E3,
            VISA,
            availability="Weekdays 9-3",
            adjustments="Written instructions as well as spoken ones",
        ),
        "retail",
        "headingley",
        "SAP",
    ),
    Story(
        P("Tomasz", "HL", 47, L1, SETTLED, availability="Any day"), "retail", "bradford", "SAP S"
    ),
    Story(
        P("Lan", "ND", 32, E3, PRE_SETTLED, availability="Weekdays and Sunday", consent="limited"),
        "retail",
        "headingley",
        "SAP SA",
    ),
    Story(
        P(
            "Amna",
            "HL",
            29,
            E3,
            VISA,
            availability="Mornings",
            adjustments="A short break mid-morning",
        ),
        "retail",
        "bradford",
        "SAP SD",
    ),
    Story(
        P("Dritan", "HL", 39, L1, VISA, availability="Weekdays, daytime"),
        "retail",
        "headingley",
        "SAP SAP S",
    ),
    Story(
        P("Precious", "ND", 27, L1, SETTLED, availability="Weekdays 9-3 (school run)"),
        "retail",
        "bradford",
        "SAP SAP SA",
    ),
    Story(
        P("Ioana", "HL", 31, L1, SETTLED, availability="Any day"),
        "retail",
        "headingley",
        "SAP SAP SAP S",
    ),
    # Open placements elsewhere.
    Story(P("Yonas", "ND", 26, E3, VISA, availability="Weekdays"), "retail", "deansgate", "SAP S"),
    Story(
        P(
            "Hawa",
            "HL",
            37,
            E3,
            VISA,
            availability="Mornings",
            adjustments="Start after 9.30 on Wednesdays for appointments",
        ),
        "retail",
        "moseley",
        "SAP SAP SA",
    ),
    Story(
        P("Minh", "HL", 22, E3, PRE_SETTLED, availability="Weekdays", consent="verbal"),
        "retail",
        "sheffield",
        "SDS",
    ),
    Story(
        P("Klodian", "HL", 33, E2, VISA, availability="Early or late shifts"),
        "warehouse",
        "wakefield",
        "SAP SAP SAP",
    ),
    Story(
        P("Senait", "ND", 28, E2, VISA, availability="Day shifts"),
        "warehouse",
        "warrington",
        "SAP SA",
    ),
    # Hired.
    Story(
        P("Funmilayo", "HL", 44, L1, SETTLED, availability="Weekdays and Saturdays"),
        "retail",
        "headingley",
        "SAP SAP SAP SAH",
        contract=ContractType.PERMANENT,
        hours=24,
    ),
    Story(
        P("Gheorghe", "ND", 50, E2, SETTLED, availability="Full-time"),
        "warehouse",
        "wakefield",
        "SAP SAP SAP SAH",
        contract=ContractType.PERMANENT,
        hours=37,
    ),
    Story(
        P("Agnieszka", "HL", 38, L1, SETTLED, availability="Weekdays"),
        "retail",
        "deansgate",
        "SAP SAP SAP SAH",
        contract=ContractType.FIXED_TERM,
        hours=20,
    ),
    Story(
        P("Mohamed", "ND", 30, E3, VISA, availability="Afternoons and evenings"),
        "retail",
        "bradford",
        "SAP SDSAP SAP SAH",
        contract=ContractType.PERMANENT,
        hours=16,
    ),
    Story(
        P("Tuan", "HL", 24, E3, PRE_SETTLED, availability="Evenings and weekends"),
        "retail",
        "larklane",
        "SAP SAP SAP SAH",
        contract=ContractType.ZERO_HOURS,
        hours=15,
    ),
    Story(
        P("Alketa", "HL", 21, E3, VISA, availability="Weekdays"),
        "retail",
        "earlsdon",
        "SAP SAP SAP SAH",
        contract=ContractType.APPRENTICESHIP,
        hours=30,
    ),
    # Not hired, with the employer's reasons.
    Story(
        P("Blessing", "HL", 36, E3, SETTLED, availability="Weekdays"),
        "retail",
        "bradford",
        "SAP SAP SAP SAN",
        reason=LeaveReason.ENGLISH_LEVEL,
        note="Warm with customers but struggled with till prompts and telephone orders. We "
        "would welcome her back after her Level 1 ESOL course.",
    ),
    Story(
        P("Florin", "ND", 43, E3, SETTLED, availability="Any day"),
        "retail",
        "sheffield",
        "SAP SAP SAP SAN",
        reason=LeaveReason.CUSTOMER_SERVICE,
        note="Reliable and hard-working in the stockroom; not yet confident serving "
        "customers on his own.",
    ),
    Story(
        P("Krzysztof", "HL", 52, E2, SETTLED, availability="Day shifts"),
        "warehouse",
        "warrington",
        "SAP SAP SAP SAN",
        reason=LeaveReason.NO_VACANCY,
        note="Passed everything; no day-shift vacancy at the end of the programme. He is on "
        "the reserve list for the spring.",
    ),
    Story(
        P("Robel", "ND", 25, E3, VISA, availability="Weekdays"),
        "retail",
        "moseley",
        "SAP SAP SAP SAN",
        reason=LeaveReason.ENGLISH_LEVEL,
        note="Lacked the English and customer-service skills the role needs for now; "
        "coach to look at ESOL and a volunteering role first.",
    ),
    # Ended early: by the candidate, the employer or the coach.
    Story(
        P("Ermal", "HL", 29, E3, VISA, availability="Weekdays"),
        "retail",
        "headingley",
        "SAP SAE",
        ended_by=EndedBy.CANDIDATE,
        reason=LeaveReason.ROLE_NOT_SUITABLE,
        note="After the shadow day Ermal decided shop work is not for him; he is looking at "
        "kitchen roles instead.",
    ),
    Story(
        P("Hanh", "ND", 34, E3, PRE_SETTLED, availability="School hours"),
        "retail",
        "bolton",
        "SAP SAP SA E",
        ended_by=EndedBy.CANDIDATE,
        reason=LeaveReason.PERSONAL_CIRCUMSTANCES,
        note="Childcare changed and she could not keep to the training days. Would like to "
        "try again next year.",
    ),
    Story(
        P("Khalid", "HL", 40, E2, VISA, availability="Any shift"),
        "warehouse",
        "wakefield",
        "SAP SAP SA E",
        ended_by=EndedBy.CANDIDATE,
        reason=LeaveReason.OTHER_WORK,
        note="Offered a full-time job at a bakery near home; left on good terms.",
    ),
    Story(
        P("Paulina", "ND", 27, E3, SETTLED, availability="Weekdays"),
        "retail",
        "larklane",
        "SAP SD SD E",
        ended_by=EndedBy.EMPLOYER,
        reason=LeaveReason.ATTENDANCE,
        note="Missed the shadow day twice without word; the store cannot hold the place "
        "longer. Coach informed.",
    ),
    Story(
        P("Daniela", "HL", 35, E3, SETTLED, availability="Weekdays"),
        "retail",
        "bradford",
        "SAP SAP SA E",
        ended_by=EndedBy.COACH,
        reason=LeaveReason.HEALTH,
        note="Paused on medical advice; Daniela may rejoin the programme later.",
    ),
    Story(
        P("Adaeze", "HL", 31, L1, SETTLED, availability="Weekdays"),
        "retail",
        "earlsdon",
        "SAP E",
        ended_by=EndedBy.CANDIDATE,
        reason=LeaveReason.MOVED_AWAY,
        note="Moved to another city to be near family.",
        withdraw_consent=True,
    ),
)

# --- placing the stories in time ----------------------------------------------------------

# Days from the previous stage (or acceptance) to the next one, by stage position:
# meet and greet within two weeks, shadow day a week or two later, six-week training
# starting a week or so after, the guaranteed interview within 14 days of training.
GAP_DAYS = {0: (4, 12), 1: (7, 14), 2: (5, 12), 3: (3, 13)}
TRAINING_DAYS = 42
TWO_YEARS = timedelta(days=730)


class Timeline:
    """Builds a placement's stage updates with realistic, increasing times."""

    def __init__(self, rng: random.Random, start: datetime):
        self.rng = rng
        self.at = start  # when the last thing was recorded
        self.day = start.date()  # when the last stage took place (or the acceptance)
        self.stage = 0
        self.scheduled_on: date | None = None
        self.scheduled_time: time | None = None
        self.steps: list[tuple[datetime, StageUpdate]] = []

    def _later(self, low_hours: float, high_hours: float) -> datetime:
        """Some hours after the last step, moved into working hours."""
        minutes = self.rng.randint(int(low_hours * 60), int(high_hours * 60))
        return _in_working_hours(self.rng, self.at + timedelta(minutes=minutes))

    def _record(self, at: datetime, update: StageUpdate) -> None:
        self.at = at
        self.steps.append((at, update))

    def schedule(self) -> None:
        at = self._later(1, 48)
        low, high = GAP_DAYS[min(self.stage, 3)]
        on = max(
            self.day + timedelta(days=self.rng.randint(low, high)),
            at.date() + timedelta(days=2),
        )
        slot = None
        if self.stage == 0 or self.stage == 3:  # a meeting and an interview have a time
            slot = time(self.rng.randint(9, 15), self.rng.choice((0, 30)))
        self.scheduled_on, self.scheduled_time = on, slot
        self._record(at, StageUpdate(Action.SCHEDULE, scheduled_on=on, scheduled_time=slot))

    def _on_the_day(self, earliest: int, latest: int) -> datetime:
        assert self.scheduled_on is not None
        start = self.scheduled_time or time(earliest, 0)
        moment = datetime.combine(self.scheduled_on, start) + timedelta(
            minutes=self.rng.randint(40, 60 * max(1, latest - start.hour))
        )
        return max(moment, self.at + timedelta(minutes=5))

    def attended(self) -> None:
        self.day = self.scheduled_on
        self._record(self._on_the_day(9, 17), StageUpdate(Action.ATTENDED))

    def did_not_attend(self) -> None:
        self.day = self.scheduled_on
        self._record(self._on_the_day(12, 18), StageUpdate(Action.DID_NOT_ATTEND))

    def passed(self) -> None:
        if self.stage == 2:  # training: passed at its end, six weeks after it began
            end = self.day + timedelta(days=TRAINING_DAYS + self.rng.randint(-1, 2))
            at = datetime.combine(end, time(self.rng.randint(14, 16), self.rng.randint(0, 59)))
        else:
            at = self._later(0.5, 20)
        self.day = at.date()
        self.stage += 1
        self._record(at, StageUpdate(Action.PASS))

    def outcome(self, story: Story, letter: str) -> None:
        at = self._later(2, 72)
        if letter == "H":
            update = StageUpdate(
                Action.HIRE,
                contract_type=story.contract,
                hours_per_week=story.hours,
                start_date=at.date() + timedelta(days=self.rng.randint(7, 21)),
                note="Offer accepted.",
            )
        elif letter == "N":
            update = StageUpdate(Action.NOT_HIRE, reason=story.reason, note=story.note)
        else:
            at = self._later(4, 24 * 9)
            update = StageUpdate(
                Action.END, ended_by=story.ended_by, reason=story.reason, note=story.note
            )
        self._record(at, update)

    def follow(self, story: Story) -> None:
        steps = {"S": self.schedule, "A": self.attended, "D": self.did_not_attend, "P": self.passed}
        for letter in (story.path or "").replace(" ", ""):
            if letter in steps:
                steps[letter]()
            else:
                self.outcome(story, letter)


def _shifted(steps, days: int) -> list[tuple[datetime, StageUpdate]]:
    """The same history moved by whole days (times of day and gaps kept)."""
    delta = timedelta(days=days)

    def move(value):
        return value + delta if value else value

    return [
        (
            at + delta,
            dataclasses.replace(
                u, scheduled_on=move(u.scheduled_on), start_date=move(u.start_date)
            ),
        )
        for at, u in steps
    ]


@dataclass
class Plan:
    """A story placed in time: every moment it needs, absolute, naive UTC."""

    story: Story
    created: datetime
    english_assessed_on: date
    consent_on: date | None
    declined_at: tuple[datetime, datetime] | None = None  # nominated, decided
    nominated_at: datetime | None = None
    accepted_at: datetime | None = None
    steps: list[tuple[datetime, StageUpdate]] = dataclasses.field(default_factory=list)


def _in_working_hours(rng: random.Random, moment: datetime) -> datetime:
    """``moment``, or the next morning's working hours when it falls in the night."""
    if moment.hour < 8:
        return datetime.combine(moment.date(), time(rng.randint(8, 9), rng.randint(0, 59)))
    if moment.hour >= 18:
        next_day = moment.date() + timedelta(days=1)
        return datetime.combine(next_day, time(rng.randint(8, 9), rng.randint(0, 59)))
    return moment


def _office_hours(rng: random.Random, day: date) -> datetime:
    return datetime.combine(day, time(rng.randint(9, 16), rng.randint(0, 59)))


def plan_stories(rng: random.Random, now: datetime) -> list[Plan]:
    """Give every story its dates: closed ones spread over two years, open ones ending now."""
    earliest = now - TWO_YEARS + timedelta(days=5)
    slots = _closed_slots(rng)
    return [_plan_story(story, rng, now, earliest, slots) for story in STORIES]


def _closed_slots(rng: random.Random) -> dict[str, float]:
    """Where each closed placement falls in the two years (0 to 1), by first name: one to
    each equal slice, in a shuffled order, so the outcomes are spread evenly over time."""
    closed = [s for s in STORIES if s.path is not None and not s.is_open]
    return {
        s.person.first_name: (i + rng.random()) / len(closed)
        for i, s in enumerate(rng.sample(closed, len(closed)))
    }


def _plan_story(
    story: Story, rng: random.Random, now: datetime, earliest: datetime, slots: dict[str, float]
) -> Plan:
    """One story's moments. The random draws happen in this order, and the demo depends
    on it: change the order and every story moves."""
    lead_in = timedelta(days=rng.randint(21, 110))  # recorded, then nominated
    steps: list[tuple[datetime, StageUpdate]] = []
    accepted_at = nominated_at = None
    if story.path is not None:
        accepted_at, steps = _placement_history(story, rng, now, earliest + lead_in, slots)
        nominated_at = _office_hours(rng, accepted_at.date() - timedelta(days=rng.randint(2, 12)))
    elif story.pending:
        nominated_at = _office_hours(rng, now.date() - timedelta(days=rng.randint(1, 12)))
    declined_at = _declined_at(story, rng, now, nominated_at)
    first_ask = declined_at[0] if declined_at else nominated_at
    created = _created_at(rng, now, earliest, lead_in, first_ask)
    consent_on = _consent_on(story, rng, created, first_ask, now)
    assessed = created.date() - timedelta(days=rng.randint(0, 45))
    return Plan(
        story=story,
        created=created,
        english_assessed_on=assessed,
        consent_on=consent_on,
        declined_at=declined_at,
        nominated_at=nominated_at,
        accepted_at=accepted_at,
        steps=steps,
    )


def _placement_history(
    story: Story,
    rng: random.Random,
    now: datetime,
    first_nomination: datetime,
    slots: dict[str, float],
) -> tuple[datetime, list[tuple[datetime, StageUpdate]]]:
    """When the placement was accepted, and its stage updates. The history is drafted
    from a fixed start, then moved by whole days to where the story belongs."""
    draft_start = datetime(2001, 1, 1, 9) + timedelta(minutes=rng.randint(0, 420))
    timeline = Timeline(rng, draft_start)
    timeline.follow(story)
    draft = timeline.steps
    if story.is_open:
        shift = _open_shift(rng, story, draft, draft_start, now)
    else:
        slot = slots[story.person.first_name]
        shift = _closed_shift(story, draft, draft_start, first_nomination, now, slot)
    return draft_start + timedelta(days=shift), _shifted(draft, shift)


def _closed_shift(
    story: Story, draft, draft_start: datetime, first_nomination: datetime, now: datetime, slot
) -> int:
    """Whole days to move a closed placement's history to its slot in the two years, so
    it starts after the candidate could be nominated and ends before the last ten days."""
    last = draft[-1][0] if draft else draft_start
    first_possible = first_nomination + timedelta(days=60 if story.declined else 14)
    last_possible = now - timedelta(days=10) - (last - draft_start)
    target = first_possible + (last_possible - first_possible) * slot
    return (target.date() - draft_start.date()).days


def _declined_at(
    story: Story, rng: random.Random, now: datetime, nominated_at: datetime | None
) -> tuple[datetime, datetime] | None:
    """When a declined nomination was made and decided, if the story has one."""
    if not story.declined:
        return None
    if nominated_at is None:  # only a declined nomination: some months ago
        first = now - timedelta(days=rng.randint(40, 400))
    else:  # declined by one programme, put forward to another a few weeks later
        first = nominated_at - timedelta(days=rng.randint(21, 45))
    asked = _office_hours(rng, first.date())
    decided = asked + timedelta(hours=rng.randint(20, 24 * 8))
    return (asked, _in_working_hours(rng, decided))


def _created_at(
    rng: random.Random,
    now: datetime,
    earliest: datetime,
    lead_in: timedelta,
    first_ask: datetime | None,
) -> datetime:
    """When the candidate was recorded: a lead-in before their first nomination (never
    before the demo's two years), or in the last few months if never nominated."""
    if first_ask is not None:
        created = max(earliest, first_ask - lead_in)
    else:
        created = now - timedelta(days=rng.randint(8, 150))
    created = _office_hours(rng, created.date())
    if first_ask is not None and created >= first_ask:
        created = first_ask - timedelta(days=3)
    return created


def _consent_on(
    story: Story,
    rng: random.Random,
    created: datetime,
    first_ask: datetime | None,
    now: datetime,
) -> date | None:
    """The day the candidate agreed to share with employers: soon after being recorded,
    before any nomination and never after today (None: no consent yet)."""
    if story.person.consent == "none":
        return None
    consent_on = created.date() + timedelta(days=rng.randint(1, 10))
    if first_ask is not None:
        consent_on = min(consent_on, first_ask.date() - timedelta(days=1))
    return min(consent_on, now.date())


def _open_shift(rng, story: Story, draft, draft_start: datetime, now: datetime) -> int:
    """Whole days to move an open placement's history so it ends just before now."""
    last_at = draft[-1][0] if draft else draft_start
    last_letter = (story.path or "").replace(" ", "")[-1:]
    if last_letter == "S":  # the next step is booked: its date must be ahead of today
        ahead = (draft[-1][1].scheduled_on - last_at.date()).days
        lag = rng.randint(1, max(1, min(4, ahead - 1)))
    elif last_letter == "A" and story.path.count("P") == 2:  # part way through training
        lag = rng.randint(8, 30)
    else:
        lag = rng.randint(1, 5)
    return (now.date() - timedelta(days=lag) - last_at.date()).days


# --- loading ------------------------------------------------------------------------------


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def load(now: datetime | None = None) -> dict:
    """Create every demo record in the current session (flushed, not committed)."""
    now = now or utcnow()
    today = to_london(now).date()
    rng = random.Random(SEED)
    founded = now - TWO_YEARS - timedelta(days=30)

    orgs = _add_organisations(founded)
    sites = _add_sites(orgs)
    db.session.flush()
    users = _add_accounts(orgs, sites, rng, founded)
    db.session.flush()
    programmes = _add_programmes(orgs, sites, founded)
    db.session.flush()

    plans = plan_stories(rng, now)
    candidates = _add_candidates(plans, users, rng, today)
    _add_nominations(plans, candidates, programmes, sites, users, rng)
    db.session.flush()
    demo_coaching.add_coaching_record(
        [(plan, candidates[plan.story.person.first_name]) for plan in plans], users, now
    )
    db.session.flush()
    demo_follow_ups.add_follow_ups(now)
    _read_old_news(now)
    return summary()


def _read_old_news(now: datetime) -> None:
    """People were told of the stories' events as they happened; what is more than a week
    old they have read, so each inbox opens with this week's news."""
    db.session.execute(
        update(Notification)
        .where(Notification.created_at < now - timedelta(days=7), Notification.read_at.is_(None))
        .values(read_at=now - timedelta(days=7))
    )


def _add_organisations(founded: datetime) -> dict[str, Organisation]:
    """The support providers and the employers, by name."""
    orgs: dict[str, Organisation] = {}
    for name, prefix in PROVIDERS:
        orgs[name] = Organisation(
            name=name,
            kind=OrganisationKind.SUPPORT_PROVIDER,
            reference_prefix=prefix,
            created_at=founded,
        )
    for name in (RETAILER, LOGISTICS):
        orgs[name] = Organisation(name=name, kind=OrganisationKind.EMPLOYER, created_at=founded)
    db.session.add_all(orgs.values())
    return orgs


def _add_sites(orgs: dict[str, Organisation]) -> dict[str, Site]:
    """The employers' sites, by key."""
    sites: dict[str, Site] = {}
    for key, (employer, name, town, region) in SITES.items():
        sites[key] = Site(employer=orgs[employer], name=name, town=town, region=region)
    db.session.add_all(sites.values())
    return sites


def _add_accounts(
    orgs: dict[str, Organisation],
    sites: dict[str, Site],
    rng: random.Random,
    founded: datetime,
) -> dict[str, User]:
    """The demo accounts, by e-mail address, all with the published demo password."""
    # Every demo account shares one password: hash it once (scrypt is slow on purpose).
    users: dict[str, User] = {}
    for email, name, role, org, site_keys in ACCOUNTS:
        user = User(
            email=email,
            name=name,
            role=role,
            organisation=orgs[org],
            sites=[sites[k] for k in site_keys],
            created_at=founded + timedelta(days=rng.randint(1, 20)),
        )
        if users:
            user.password_hash = next(iter(users.values())).password_hash
        else:
            user.set_password(PASSWORD)
        users[email] = user
    db.session.add_all(users.values())
    return users


def _add_programmes(
    orgs: dict[str, Organisation], sites: dict[str, Site], founded: datetime
) -> dict[str, Programme]:
    """The employers' programmes, by key, through the real service."""
    programmes: dict[str, Programme] = {}
    for key, (employer, name, english, site_keys) in PROGRAMMES.items():
        programme = create_programme(
            orgs[employer], name, [sites[k] for k in site_keys], min_english_level=english
        )
        programme.created_at = founded + timedelta(days=25)
        programmes[key] = programme
    return programmes


def _add_candidates(
    plans: list[Plan], users: dict[str, User], rng: random.Random, today: date
) -> dict[str, Candidate]:
    """Every candidate, by first name, recorded in the order they were created so that
    their references are issued in that order."""
    candidates: dict[str, Candidate] = {}
    for plan in sorted(plans, key=lambda p: p.created):
        candidates[plan.story.person.first_name] = _record_candidate(plan, users, rng, today)
    return candidates


def _record_candidate(plan: Plan, users: dict[str, User], rng: random.Random, today: date):
    person = plan.story.person
    coach = users[COACH_OF[person.provider]]
    born = today - timedelta(days=person.age * 365 + rng.randint(10, 350))
    visa_expires = None
    if person.right_to_work is VISA:
        visa_expires = (
            today - timedelta(days=rng.randint(10, 40))
            if person.visa_expired
            else today + timedelta(days=rng.randint(180, 900))
        )
    candidate = candidate_services.record_candidate(
        coach,
        plan.created.date(),
        first_name=person.first_name,
        date_of_birth=born,
        english_level=person.english,
        english_assessed_on=plan.english_assessed_on,
        right_to_work=person.right_to_work,
        visa_expires_on=visa_expires,
        nrm_decision=person.nrm,
        availability=person.availability,
        adjustments=person.adjustments,
        **demo_coaching.first_assessment(plan.story, plan.created.date(), visa_expires),
    )
    candidate.created_at = plan.created
    if plan.consent_on is not None:
        candidate_services.record_employer_consent(
            candidate,
            coach,
            plan.consent_on,
            ConsentMethod.VERBAL_WITNESSED
            if person.consent == "verbal"
            else ConsentMethod.SIGNED_FORM,
            share_first_name=True,
            share_availability=True,
            share_adjustments=person.consent != "limited",
            witness=demo_coaching.WITNESS if person.consent == "verbal" else "",
        )
    return candidate


def _nominate(candidate: Candidate, programme: Programme, coach: User, at: datetime):
    nomination = nominations.nominate_candidate(candidate, programme, coach, at.date())
    nomination.created_at = at
    return nomination


def _add_nominations(
    plans: list[Plan],
    candidates: dict[str, Candidate],
    programmes: dict[str, Programme],
    sites: dict[str, Site],
    users: dict[str, User],
    rng: random.Random,
) -> None:
    """Every nomination, its decision and its placement, in the order they happened."""
    for what, plan in _nominations_in_order(plans):
        story = plan.story
        candidate = candidates[story.person.first_name]
        coach = users[COACH_OF[story.person.provider]]
        if what == "declined":
            _add_declined_nomination(plan, candidate, coach, programmes, users)
            continue
        programme = programmes[story.programme]
        nomination = _nominate(candidate, programme, coach, plan.nominated_at)
        if story.path is not None:
            _add_placement(plan, nomination, candidate, programme, sites[story.site], users, rng)


def _nominations_in_order(plans: list[Plan]) -> list[tuple[str, Plan]]:
    """Each plan's nominations ("declined" or "nominated"), earliest first."""
    events = []
    for plan in plans:
        if plan.declined_at:
            events.append((plan.declined_at[0], "declined", plan))
        if plan.nominated_at:
            events.append((plan.nominated_at, "nominated", plan))
    return [(what, plan) for _, what, plan in sorted(events, key=lambda e: (e[0], e[1]))]


def _add_declined_nomination(
    plan: Plan,
    candidate: Candidate,
    coach: User,
    programmes: dict[str, Programme],
    users: dict[str, User],
) -> None:
    """A nomination the employer's partnership lead declined, with their reason."""
    declined = plan.story.declined
    programme = programmes[declined.programme]
    nomination = _nominate(candidate, programme, coach, plan.declined_at[0])
    nominations.decline_nomination(
        nomination, users[LEAD_OF[programme.employer.name]], declined.reason, declined.note
    )
    nomination.decided_at = plan.declined_at[1]


def _add_placement(
    plan: Plan,
    nomination: Nomination,
    candidate: Candidate,
    programme: Programme,
    site: Site,
    users: dict[str, User],
    rng: random.Random,
) -> None:
    """Accept the nomination at ``site`` and record the placement's stages as planned."""
    actor = _site_actor(site, users)
    decider = actor if rng.random() < 0.4 else users[LEAD_OF[programme.employer.name]]
    placement = accept_nomination(nomination, site, decider, at=plan.accepted_at)
    for at, step in plan.steps:
        record_stage_update(placement, step, actor, placement.version, at=at)
    if plan.story.withdraw_consent:
        last = plan.steps[-1][0] if plan.steps else plan.accepted_at
        candidate_services.withdraw_employer_consent(
            candidate, last.date() + timedelta(days=rng.randint(3, 14))
        )


def _site_actor(site: Site, users: dict[str, User]) -> User:
    """The site's manager, or the employer's partnership lead where it has none."""
    for user in users.values():
        if user.role is Role.SITE_MANAGER and site in user.sites:
            return user
    return users[LEAD_OF[site.employer.name]]


def summary() -> dict:
    outcomes = dict(
        db.session.execute(
            select(Placement.outcome, func.count()).group_by(Placement.outcome)
        ).all()
    )
    statuses = dict(
        db.session.execute(
            select(Nomination.status, func.count()).group_by(Nomination.status)
        ).all()
    )
    kinds = dict(
        db.session.execute(
            select(Organisation.kind, func.count()).group_by(Organisation.kind)
        ).all()
    )
    return {
        "employers": kinds.get(OrganisationKind.EMPLOYER, 0),
        "support providers": kinds.get(OrganisationKind.SUPPORT_PROVIDER, 0),
        "sites": _count(Site),
        "programmes": _count(Programme),
        "accounts": _count(User),
        "candidates": _count(Candidate),
        "nominations pending": statuses.get(NominationStatus.PENDING, 0),
        "nominations declined": statuses.get(NominationStatus.DECLINED, 0),
        **{f"placements {o.label.lower()}": outcomes.get(o, 0) for o in Outcome},
    }


@demo_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has data.")
def load_demo(if_empty: bool) -> None:
    """Load the demo organisations, accounts and candidates (all fictional)."""
    if not current_app.config.get("ALLOW_DEMO_DATA"):
        raise click.ClickException(
            "Demo data is not allowed here (PATHWAY_ENV is production). It is fictional "
            "and only for development and testing databases."
        )
    existing = _count(Organisation)
    if existing:
        if if_empty:
            click.echo("The database already has data: demo data not loaded.")
            return
        raise click.ClickException(
            f"The database already has data ({existing} organisations): demo data is only "
            "loaded into an empty database. Use --if-empty to skip quietly."
        )
    try:
        counts = load()
        db.session.commit()
    except ActionRefused as error:
        db.session.rollback()
        raise click.ClickException(f"Demo data could not be loaded: {error}") from error
    except Exception:
        db.session.rollback()
        raise

    click.echo("Demo data loaded (every name and organisation is fictional).")
    click.echo("  " + ", ".join(f"{n} {what}" for what, n in counts.items()))
    click.echo(f"Accounts (password: {PASSWORD}):")
    for email, name, role, org, site_keys in ACCOUNTS:
        where = ", ".join(SITES[k][1] for k in site_keys) or org
        click.echo(f"  {email:<26} {role.label:<33} {name}, {where}")
