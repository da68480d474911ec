"""The field's words for a candidate's circumstances, with plain labels."""

from __future__ import annotations

import enum

from pathway.vocabulary import Labelled


class EnglishLevel(enum.StrEnum):
    """ESOL levels in order, each with its rough CEFR equivalent."""

    PRE_ENTRY = "pre_entry"
    ENTRY_1 = "entry_1"
    ENTRY_2 = "entry_2"
    ENTRY_3 = "entry_3"
    LEVEL_1 = "level_1"
    LEVEL_2 = "level_2"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def cefr(self) -> str:
        return _CEFR[self]

    @property
    def label(self) -> str:
        """E.g. "Entry 2 (A2)": always the ESOL level with its CEFR equivalent."""
        return f"{_ESOL[self]} ({self.cefr})"


_RANK = {level: rank for rank, level in enumerate(EnglishLevel)}
_ESOL = {
    EnglishLevel.PRE_ENTRY: "Pre-entry",
    EnglishLevel.ENTRY_1: "Entry 1",
    EnglishLevel.ENTRY_2: "Entry 2",
    EnglishLevel.ENTRY_3: "Entry 3",
    EnglishLevel.LEVEL_1: "Level 1",
    EnglishLevel.LEVEL_2: "Level 2",
}
_CEFR = {
    EnglishLevel.PRE_ENTRY: "below A1",
    EnglishLevel.ENTRY_1: "A1",
    EnglishLevel.ENTRY_2: "A2",
    EnglishLevel.ENTRY_3: "B1",
    EnglishLevel.LEVEL_1: "B2",
    EnglishLevel.LEVEL_2: "C1",
}


class RightToWork(Labelled):
    BRITISH_IRISH = "british_irish", "British or Irish citizen"
    SETTLED = "settled", "Settled status"
    PRE_SETTLED = "pre_settled", "Pre-settled status"
    VISA = "visa", "Visa with permission to work"
    ASYLUM_NO_PERMISSION = "asylum_no_permission", "Asylum seeker without permission to work"
    OTHER = "other", "Other or not yet known"

    @property
    def allows_work(self) -> bool:
        """Whether this status gives the right to work (a visa only until it expires)."""
        return self in (self.BRITISH_IRISH, self.SETTLED, self.PRE_SETTLED, self.VISA)

    @property
    def time_limited(self) -> bool:
        """Permission that ends, so an employer must check it again (a follow-up check)."""
        return self in (self.PRE_SETTLED, self.VISA)


class NrmDecision(Labelled):
    NOT_REFERRED = "not_referred", "Not referred to the NRM"
    REFERRED = "referred", "Referred, awaiting a decision"
    POSITIVE_REASONABLE = "positive_reasonable", "Positive reasonable grounds"
    POSITIVE_CONCLUSIVE = "positive_conclusive", "Positive conclusive grounds"
    NEGATIVE_CONCLUSIVE = "negative_conclusive", "Negative conclusive grounds"


DEFAULT_QUALIFYING_NRM = (NrmDecision.POSITIVE_REASONABLE, NrmDecision.POSITIVE_CONCLUSIVE)
