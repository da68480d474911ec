"""Why a candidate's personal data was erased (kept on the record; never free text)."""

from __future__ import annotations

from pathway.vocabulary import Labelled


class ErasureReason(Labelled):
    REQUESTED = "requested", "The person asked for their data to be erased"
    NO_LONGER_NEEDED = "no_longer_needed", "No longer needed: support has ended"
    RETENTION = "retention", "Retention period passed without activity"


# What a person may choose on the erasure page; the retention job gives RETENTION itself.
CHOSEN_REASONS = (ErasureReason.REQUESTED, ErasureReason.NO_LONGER_NEEDED)
