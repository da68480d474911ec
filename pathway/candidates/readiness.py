"""Is a candidate ready for a programme? One pure function, reasons a coach can act on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from pathway.candidates.vocabulary import EnglishLevel, NrmDecision, RightToWork


class CandidateFacts(Protocol):
    date_of_birth: date
    english_level: EnglishLevel
    right_to_work: RightToWork
    visa_expires_on: date | None
    nrm_decision: NrmDecision


class ProgrammeCriteria(Protocol):
    min_english_level: EnglishLevel
    right_to_work_required: bool
    min_age: int
    qualifying_nrm: list[str]


@dataclass(frozen=True)
class Verdict:
    unmet: tuple[str, ...]
    met: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return not self.unmet


def age_on(born: date, today: date) -> int:
    had_birthday = (today.month, today.day) >= (born.month, born.day)
    return today.year - born.year - (0 if had_birthday else 1)


def readiness_verdict(
    candidate: CandidateFacts, programme: ProgrammeCriteria, today: date
) -> Verdict:
    """Check every criterion of ``programme``; each unmet one comes with a plain reason."""
    met: list[str] = []
    unmet: list[str] = []

    def check(ok: bool, good: str, bad: str) -> None:
        (met if ok else unmet).append(good if ok else bad)

    needed = programme.min_english_level
    check(
        candidate.english_level.rank >= needed.rank,
        f"English: {candidate.english_level.label} meets {needed.label}",
        f"English: {candidate.english_level.label} - this programme needs {needed.label}",
    )

    age = age_on(candidate.date_of_birth, today)
    check(
        age >= programme.min_age,
        f"Age: {age}, at least {programme.min_age}",
        f"Age: {age} - this programme needs candidates aged {programme.min_age} or over",
    )

    if programme.right_to_work_required:
        status = candidate.right_to_work
        if not status.allows_work:
            unmet.append(f"Right to work: {status.label} - this programme needs the right to work")
        elif status is RightToWork.VISA and candidate.visa_expires_on is None:
            unmet.append("Right to work: visa expiry date not recorded - record it to confirm")
        elif status is RightToWork.VISA and candidate.visa_expires_on <= today:
            unmet.append(
                f"Right to work: visa expired on {candidate.visa_expires_on:%d %b %Y}"
                " - record the new permission"
            )
        else:
            met.append(f"Right to work: {status.label}")

    qualifying = [NrmDecision(code) for code in programme.qualifying_nrm]
    check(
        candidate.nrm_decision in qualifying,
        f"NRM: {candidate.nrm_decision.label}",
        f"NRM: {candidate.nrm_decision.label} - this programme accepts "
        + (" or ".join(d.label.lower() for d in qualifying) or "no NRM decision"),
    )
    return Verdict(unmet=tuple(unmet), met=tuple(met))
