"""What every figure counts, from which events, and which date decides its period.

The words here are printed beside the figures and stored with every published report, so a
cited number can always be traced to the rule that produced it. Change a definition and
``VERSION`` together: a published report keeps the words it was made with.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway.durations import DAYS_PER_WEEK, HOURS_PER_DAY

VERSION = "2026-1"

FULL_TIME_HOURS = 30  # hours a week from which a job counts as full-time (the ONS convention)
RETENTION_MONTHS = (3, 6, 12)

GENERAL = (
    "Figures count what was recorded in Pathway for the employer's programmes. An event falls "
    "in a period when the UTC calendar day it was recorded on is inside the period (both the "
    "first and the last day included). Only candidates whose consent to be counted in "
    "anonymous figures is in force are counted. The all-programmes figure is the sum of the "
    "programmes' figures, so a candidate on two programmes counts once in each."
)


@dataclass(frozen=True)
class Definition:
    label: str
    counts: str  # what is counted, from which events
    dated_by: str  # which date decides the period

    @property
    def text(self) -> str:
        return f"{self.counts} Dated by {self.dated_by}."

    def as_dict(self) -> dict[str, str]:
        return {"label": self.label, "counts": self.counts, "dated_by": self.dated_by}


def _d(label: str, counts: str, dated_by: str) -> Definition:
    return Definition(label, counts, dated_by)


DEFINITIONS: dict[str, Definition] = {
    "nominated": _d(
        "Candidates nominated",
        "Candidates a support provider put forward to the programme; one put forward twice "
        "to the same programme counts once.",
        "the day the nomination was made",
    ),
    "accepted": _d(
        "Nominations accepted",
        "Nominations the employer accepted, placing the candidate at a taking-part site.",
        "the day of the decision",
    ),
    "declined": _d(
        "Nominations declined",
        "Nominations the employer declined.",
        "the day of the decision",
    ),
    "declined.reason": _d(
        "Nominations declined, by reason",
        "Declined nominations by the one reason the employer gave; they add up to "
        "Nominations declined.",
        "the day of the decision",
    ),
    "started": _d(
        "Started the programme",
        "Placements whose candidate attended the first stage.",
        "the day the attendance was recorded",
    ),
    "completed": _d(
        "Completed a stage",
        "Placements that passed the stage; stages of several programmes with the same name "
        "are added together. Each step of the funnel counts what happened in the period, so "
        "someone who started in one period and finished training in the next counts in each "
        "period's own step.",
        "the day the pass was recorded",
    ),
    "interviewed": _d(
        "Had the guaranteed interview",
        "Placements whose candidate attended the guaranteed interview.",
        "the day the attendance was recorded",
    ),
    "hired": _d(
        "Hired (job offer accepted)",
        "Placements that ended with a job offer the candidate accepted. Pathway records an "
        "offer when it is accepted, so job offers and hires are one figure.",
        "the day the hire was recorded",
    ),
    "hired.contract": _d(
        "Hired, by contract type",
        "Hires by the type of contract offered; they add up to Hired.",
        "the day the hire was recorded",
    ),
    "hired.hours": _d(
        "Hired, by hours",
        f"Hires by the hours a week offered: full-time is {FULL_TIME_HOURS} hours or more "
        "(the ONS convention), part-time fewer; they add up to Hired.",
        "the day the hire was recorded",
    ),
    "interviews.due": _d(
        "Guaranteed interviews due",
        "Placements that completed the stage before the guaranteed interview (the training), "
        "so that the interview became due.",
        "the day the training was passed",
    ),
    "interviews.on_time": _d(
        "Held within the promised time",
        "Of the interviews due, those held (by the day they were scheduled for) no later than "
        "the programme's promised number of days after the training: 14 unless the programme "
        "promises otherwise, or the deadline recorded when it was missed.",
        "the day the training was passed",
    ),
    "interviews.late": _d(
        "Held later than promised",
        "Of the interviews due, those held after the promised number of days.",
        "the day the training was passed",
    ),
    "interviews.not_held": _d(
        "Not held (yet)",
        "Of the interviews due, those not held by the day the figures were made, including "
        "placements that ended before the interview. The three rows add up to interviews due.",
        "the day the training was passed",
    ),
    "interviews.on_time_share": _d(
        "Share held within the promised time",
        "Interviews held within the promised time as a share of the interviews due.",
        "the day the training was passed",
    ),
    "started_work": _d(
        "Started work",
        "Hired people whose job started in the period. Each is followed up 3, 6 and 12 "
        "months after starting.",
        "the job's start date",
    ),
    "retention": _d(
        "Still in work",
        "Of those who started work, the answer to the follow-up check made that many months "
        "after starting: still in work; no longer in work (also when an earlier check said "
        "so); not known (the answer was 'not known', or the check is due and not answered); "
        "or not yet due (the check falls after the day the figures were made). For each "
        "check the four rows add up to Started work: none is left out.",
        "the job's start date",
    ),
    "retention.share": _d(
        "Share still in work",
        "Those still in work as a share of those whose check was due (started work, less "
        "not yet due); 'not known' counts against the share.",
        "the job's start date",
    ),
    "not_hired": _d(
        "Not hired after the interview",
        "Placements that ended at the guaranteed interview without a job.",
        "the day the outcome was recorded",
    ),
    "ended_early": _d(
        "Ended before the interview outcome",
        "Placements ended early, by the candidate, the employer or the coach.",
        "the day the placement was ended",
    ),
    "left.reason": _d(
        "Reasons for not progressing",
        "Placements not hired or ended early, by the one reason recorded; they add up to the "
        "two rows above.",
        "the day the outcome was recorded",
    ),
    "ended.by": _d(
        "Ended early, by who ended it",
        "Placements ended early by who ended them (the candidate withdrew, the employer "
        "ended it, the coach withdrew the candidate); they add up to Ended before the "
        "interview outcome.",
        "the day the placement was ended",
    ),
    "training_hours": _d(
        "Training hours delivered",
        f"The planned length of every stage a candidate attended (a day counts as "
        f"{HOURS_PER_DAY:g} hours, a week as {HOURS_PER_DAY * DAYS_PER_WEEK:g}). Not shown "
        "where fewer than the disclosure threshold attended a stage, since the hours would "
        "reveal how many did.",
        "the day the attendance was recorded",
    ),
    "days_to_interview": _d(
        "Median days from nomination to interview",
        "For each guaranteed interview attended, the days from the nomination to the day the "
        "attendance was recorded; the middle value.",
        "the day the attendance was recorded",
    ),
    "days_to_hire": _d(
        "Median days from nomination to hire",
        "For each hire, the days from the nomination to the day the hire was recorded; the "
        "middle value.",
        "the day the hire was recorded",
    ),
    "left_out": _d(
        "Left out: no consent to be counted",
        "Different candidates who would have been counted in the period (nominated, decided "
        "on, or with a stage recorded) but whose consent to be counted in anonymous figures "
        "is not in force. They are in none of the figures above.",
        "the events that would have counted them",
    ),
    "sites": _d(
        "Taking-part sites",
        "Sites chosen to take part in the programme on the day the figures were made. Site "
        "names are never published, so that no one's workplace can be found.",
        "the day the figures were made",
    ),
    "regions": _d(
        "Regions",
        "Regions of the taking-part sites, on the day the figures were made.",
        "the day the figures were made",
    ),
    "partners": _d(
        "Partner support providers",
        "Support providers (charities) whose counted candidates were nominated, decided on "
        "or had a stage recorded in the period. Organisations only: never people.",
        "the events that counted their candidates",
    ),
}


def family(key: str) -> str:
    """The key of the definition a row takes: a breakdown row (``hired.contract.permanent``)
    takes its family's (``hired.contract``), a funnel stage (``completed.2``) takes
    ``completed``, a retention row (``retention.6.left``) takes ``retention``."""
    parts = key.split(".")
    for length in range(len(parts), 0, -1):
        candidate = ".".join(parts[:length])
        if candidate in DEFINITIONS:
            return candidate
    raise KeyError(key)


def definition(key: str) -> Definition:
    return DEFINITIONS[family(key)]
