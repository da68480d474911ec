"""Why a candidate's personal data was erased (kept on the record; never free text)."""

from __future__ import annotations

import enum


class ErasureReason(enum.StrEnum):
    REQUESTED = "requested"
    NO_LONGER_NEEDED = "no_longer_needed"
    RETENTION = "retention"

    @property
    def label(self) -> str:
        return {
            "requested": "The person asked for their data to be erased",
            "no_longer_needed": "No longer needed: support has ended",
            "retention": "Retention period passed without activity",
        }[self.value]


# What a person may choose on the erasure page; the retention job gives RETENTION itself.
CHOSEN_REASONS = (ErasureReason.REQUESTED, ErasureReason.NO_LONGER_NEEDED)
