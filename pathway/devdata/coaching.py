"""Demo data for the coaching record: regions, readiness assessments, areas to avoid, consent
to be counted or quoted, and weekly reviews (several of coach@demo.test's clients with the
hoped-for downward trend, some flat or rising, a few overdue).

Called by ``devdata.demo.load`` after the stories are in place. It draws from its own seeded
random generator, so the stories themselves stay exactly as they were. Every name and note
is invented; no note mentions anyone's history of exploitation.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta

from pathway.auth.models import User
from pathway.candidates.consent import record_consent
from pathway.candidates.models import AreaKind, Candidate, ConsentMethod, ConsentScope
from pathway.candidates.readiness.assessments import AssessmentFacts, record_assessment
from pathway.candidates.reviews.services import DEFAULT_AREAS, AreaScore, record_review
from pathway.candidates.safety import record_avoid_area
from pathway.candidates.vocabulary import EnglishLevel
from pathway.devdata.cast import COACH_OF, SITES

SEED = 20190521
WITNESS = "Ruth Adeyemi (volunteer)"
HOME_REGION = {"HL": "Yorkshire and the Humber", "ND": "North West"}
STANDARD_REGION = {"Yorkshire": "Yorkshire and the Humber"}
COMMIT_WEEKS = {"Andrei": 10, "Hoa": 12}  # everyone else: half a year

AVOID = {
    "Besa": [(AreaKind.TOWN, "Bradford")],
    "Marta": [(AreaKind.REGION, "North West")],
}
NOT_COUNTED = {"Lan", "Minh"}  # consented to share with an employer, not to be counted

# name: (trend, weeks of reviews, days since the last one)
REVIEWS = {
    "Semhar": ("down", 8, 3),
    "Dritan": ("down", 10, 5),
    "Ioana": ("down", 12, 2),
    "Marta": ("down", 6, 4),
    "Mihaela": ("down", 5, 6),
    "Arben": ("down", 4, 1),
    "Amna": ("flat", 6, 3),
    "Quang": ("flat", 5, 6),
    "Besa": ("up", 4, 2),
    "Tomasz": ("flat", 6, 20),
    "Hawa": ("down", 7, 24),
    "Ifeoma": ("down", 6, 2),
    "Precious": ("flat", 5, 4),
    "Senait": ("down", 6, 16),
}
NOTES = {
    DEFAULT_AREAS[0]: (
        "Wants a shop-floor job; CV drafted together.",
        "Applied for two jobs this week.",
        "Set a goal to finish the ESOL course by spring.",
        "Talked through what a first job could look like.",
    ),
    DEFAULT_AREAS[1]: (
        "Went to ESOL class twice this week.",
        "Keeping every appointment with the caseworker.",
        "Practising travel to town on the bus alone.",
        "Feeling more confident speaking on the phone.",
    ),
    DEFAULT_AREAS[2]: (
        "Came to the weekly drop-in.",
        "Joined a walking group at the community centre.",
        "Helping at the food bank on Saturdays.",
        "Not much contact with others this week.",
    ),
    DEFAULT_AREAS[3]: (
        "Budget plan agreed.",
        "Bank account opened.",
        "Benefit claim now paid on time.",
        "Worried about a bill; made a plan to pay it.",
    ),
}


def first_assessment(story, created: date, visa_expires: date | None) -> dict:
    """The region and the readiness facts the first assessment adds to a story's candidate."""
    person = story.person
    region = HOME_REGION[person.provider]
    if story.site:
        site_region = SITES[story.site][3]
        region = STANDARD_REGION.get(site_region, site_region)
    return dict(
        region=region,
        right_to_work_checked_on=created,
        visa_issued_on=created - timedelta(days=420) if visa_expires else None,
        commit_weeks=COMMIT_WEEKS.get(person.first_name, 26),
        support_in_place=True,
        move_on_plan=True,
    )


def add_coaching_record(plans_and_candidates, users: dict[str, User], now: datetime) -> None:
    rng = random.Random(SEED)
    today = now.date()
    for plan, candidate in sorted(plans_and_candidates, key=lambda pc: pc[1].id):
        name = plan.story.person.first_name
        coach = users[COACH_OF[plan.story.person.provider]]
        if plan.consent_on is not None:
            _consent_to_figures(candidate, coach, plan.consent_on, name, rng)
        for kind, area in AVOID.get(name, []):
            record_avoid_area(candidate, coach, kind, area, plan.created.date())
        if plan.story.path is None:
            _reassess(candidate, coach, today - timedelta(days=rng.randint(3, 25)), name, today)
        if name in REVIEWS:
            _reviews(candidate, coach, *REVIEWS[name], today=today, rng=rng)


def _consent_to_figures(candidate: Candidate, coach: User, on: date, name: str, rng) -> None:
    if name not in NOT_COUNTED:
        record_consent(candidate, ConsentScope.COUNTED_IN_FIGURES, coach, on, SIGNED)
    if rng.random() < 0.6:
        record_consent(candidate, ConsentScope.CASE_STUDY, coach, on, SIGNED)


SIGNED = ConsentMethod.SIGNED_FORM


def _reassess(candidate: Candidate, coach: User, on: date, name: str, today: date) -> None:
    """A recent re-assessment: the right to work checked again (and Besa's English re-tested)."""
    facts = replace(AssessmentFacts.of(candidate, on), right_to_work_checked_on=on)
    if name == "Besa":
        facts = replace(facts, english_level=EnglishLevel.ENTRY_2, english_assessed_on=on)
    record_assessment(candidate, coach, facts, today)


def _reviews(candidate, coach, trend: str, weeks: int, since: int, today: date, rng) -> None:
    last = today - timedelta(days=since)
    first_possible = candidate.created_at.date() + timedelta(days=1)
    days = [last - timedelta(days=7 * i) for i in reversed(range(weeks))]
    days = [day for day in days if day >= first_possible]
    start, end = {"down": (4.6, 1.8), "flat": (3.0, 3.0), "up": (2.2, 3.8)}[trend]
    for i, day in enumerate(days):
        progress = i / max(1, len(days) - 1)
        scores = []
        for area in DEFAULT_AREAS:
            level = start + (end - start) * progress + rng.choice((-0.6, 0, 0, 0.4))
            score = min(5, max(1, round(level)))
            note = rng.choice(NOTES[area]) if rng.random() < 0.7 else ""
            scores.append(AreaScore(area, score, note))
        latest = i == len(days) - 1
        record_review(
            candidate,
            coach,
            day,
            scores,
            signed_by_client=not (latest and rng.random() < 0.4),
            signed_by_coach=True,
            today=today,
        )
