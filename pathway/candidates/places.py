"""UK regions and which are near which: enough to find sites "in or near" a candidate.

Sites keep their region as free text (e.g. "Yorkshire"); ``region_key`` reads common ways of
writing a region so "Yorkshire and the Humber", "Yorkshire" and "yorkshire " all match.
Near means sharing a border (the nine English regions, Wales and Scotland).
"""

from __future__ import annotations

from wtforms import SelectChoice

REGIONS = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Wales",
    "Scotland",
    "Northern Ireland",
)

_ALIASES = {
    "yorkshire": "yorkshire and the humber",
    "yorkshire & the humber": "yorkshire and the humber",
    "east": "east of england",
    "eastern": "east of england",
    "greater london": "london",
}

_BORDERS = {
    "north east": {"north west", "yorkshire and the humber", "scotland"},
    "north west": {"north east", "yorkshire and the humber", "east midlands", "west midlands",
                   "wales", "scotland"},
    "yorkshire and the humber": {"north east", "north west", "east midlands"},
    "east midlands": {"north west", "yorkshire and the humber", "west midlands",
                      "east of england", "south east"},
    "west midlands": {"north west", "east midlands", "south east", "south west", "wales"},
    "east of england": {"east midlands", "london", "south east"},
    "london": {"east of england", "south east"},
    "south east": {"east midlands", "west midlands", "east of england", "london", "south west"},
    "south west": {"west midlands", "south east", "wales"},
    "wales": {"north west", "west midlands", "south west"},
    "scotland": {"north east", "north west"},
    "northern ireland": set(),
}  # fmt: skip


def region_key(text: str | None) -> str:
    """A region written any usual way, as one comparable key ("" when none)."""
    key = " ".join((text or "").lower().replace("&", "and").split())
    return _ALIASES.get(key, key)


def town_key(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def nearness(candidate_region: str | None, site_region: str | None) -> str | None:
    """ "in" the candidate's region, "near" it (a neighbouring region), or None."""
    mine, theirs = region_key(candidate_region), region_key(site_region)
    if not mine or not theirs:
        return None
    if mine == theirs:
        return "in"
    if theirs in _BORDERS.get(mine, set()):
        return "near"
    return None


def region_choices(placeholder: str | None = "Not recorded") -> list[SelectChoice]:
    options = [SelectChoice("", placeholder)] if placeholder is not None else []
    return options + [SelectChoice(region, region) for region in REGIONS]
