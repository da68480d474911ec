"""Hypothesis strategies for form bodies: valid-looking values mixed with hostile ones."""

from __future__ import annotations

import re
from datetime import timedelta

from hypothesis import strategies as st

from pathway.clock import today_london
from tests.factories import PASSWORD
from tests.fuzz.forms import Field, Form

# Shown back raw, any of these would run in the browser; escaped they are harmless text.
MARKUP = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
)
PLAIN = ("Weekday mornings", "Leeds", "Quiet room for breaks", "O'Brien", "Zoë", "José-María")
UNICODE = (
    "\u202eevil\u202c",  # right-to-left override
    "zero\u200bwidth\u200d",
    "🙂👩‍👩‍👧",
    "مرحبا",
    "שלום",
    "e\u0301",
    "\ufeffbom",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "\u00a0",
)
SQL = ("' OR 1=1 --", "'; DROP TABLE candidate; --", '" OR ""="', "%", "_", "\\")
NUMBERS = (
    "0",
    "-1",
    "1.5",
    "1e309",
    "nan",
    "inf",
    "-0",
    "99999999999999999999999",
    "9223372036854775808",
    "-9223372036854775809",
    "2147483648",
    "1_000",
    "٣",
    "0x10",
    " 7 ",
)
HUGE_IDS = (0, -1, 2**31, 2**63, 10**23)  # no record has these ids
DATES = (
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "31/12/2026",
    "2026-13-01",
    "today",
)
TIMES = ("25:99", "24:00", "9", "09:30:00.000001")
OVERLONG = ("x" * 10_000, "é" * 10_000, MARKUP[0] * 400)
NUL = ("a\x00b", "\x00")
CONTROL = ("\r\n", "\t", "line\nbreak", "   ", "")
STRONG_PASSWORD = "plum kettle harbour lantern 7"

# Names a form never has, sent alongside its own fields.
EXTRA_NAMES = ("id", "role", "organisation_id", "candidate_id", "is_admin", "active", "sites")


def hostile(foreign_ids: list[int]) -> st.SearchStrategy[str]:
    """Any value a field might be sent that it should refuse or keep harmlessly."""
    return st.one_of(
        st.sampled_from(MARKUP + UNICODE + SQL + NUMBERS + DATES + TIMES + NUL + CONTROL),
        st.sampled_from(OVERLONG),
        st.sampled_from([str(i) for i in foreign_ids] or ["0"]),
        st.text(max_size=20),
        st.integers(-(2**70), 2**70).map(str),
    )


def hostile_for(field: Field, foreign_ids: list[int]) -> st.SearchStrategy[str]:
    """Half the time a value aimed at the field's kind (an odd number for a number, an
    impossible date for a date, markup or a NUL for text), half the time anything."""
    ids = [str(i) for i in foreign_ids]
    if field.kind in ("number", "hidden", "select", "radio", "checkbox"):
        aimed = st.sampled_from(NUMBERS + tuple(ids) + ("", "not a number"))
    elif field.kind == "date":
        aimed = st.sampled_from(DATES)
    elif field.kind == "time":
        aimed = st.sampled_from(TIMES)
    else:
        aimed = st.sampled_from(MARKUP + OVERLONG + NUL + UNICODE + SQL)
    return st.one_of(aimed, aimed, hostile(foreign_ids))


def _days_from_today(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda n: (today_london() + timedelta(days=n)).isoformat())


def valid_looking(field: Field, hints: dict[str, list[str]]) -> st.SearchStrategy[list[str]]:
    """Values a person might really type or choose (the values to send; [] leaves it out):
    what the page filled in, a choice it offers, or typical input. Markup is valid text:
    stored, it must be shown escaped."""
    if field.name in hints:
        return st.sampled_from(hints[field.name]).map(lambda value: [value])
    if field.kind == "hidden":
        return st.just([field.value])
    if field.kind == "checkbox":
        if field.multiple:
            return st.lists(st.sampled_from(field.options), unique=True, max_size=3)
        return st.sampled_from([[], field.options[:1]])
    if field.kind in ("select", "radio"):
        chosen = [option for option in field.options if option] or field.options or [""]
        return st.sampled_from(chosen).map(lambda value: [value])
    if field.kind == "date":
        typed = _days_from_today(-400, 0) | _days_from_today(1, 30)
    elif field.kind == "time":
        typed = st.sampled_from(["09:30", "14:00"])
    elif field.kind == "number":
        typed = st.integers(1, 40).map(str)
    elif field.kind == "email":
        typed = st.sampled_from(["new.person@example.test", "Second.Person@Example.Test"])
    elif field.kind == "password":
        typed = st.sampled_from([PASSWORD, STRONG_PASSWORD])
    else:
        typed = st.sampled_from(PLAIN + MARKUP + UNICODE[:4] + SQL[:2])
    kept = [field.value] if field.value else []
    if not field.required:
        kept.append("")
    single = st.sampled_from(kept) | typed if kept else typed
    return single.map(lambda value: [value])


def hostile_values(field: Field, foreign_ids: list[int]) -> st.SearchStrategy[list[str]]:
    """Left out, one hostile value, or the field sent twice."""
    value = hostile_for(field, foreign_ids)
    return st.one_of(
        st.just([]),
        value.map(lambda v: [v]),
        st.lists(value, min_size=2, max_size=3),
    )


@st.composite
def bodies(draw, form: Form, hints: dict[str, list[str]], foreign_ids: list[int]):
    """A form body as (name, value) pairs. Every field valid-looking, all but one, or each
    field anything at all; then perhaps a few fields the form does not have."""
    fields = [f for f in form.fields.values() if f.kind != "submit" and f.name != "csrf_token"]
    buttons = [f for f in form.fields.values() if f.kind == "submit"]
    mode = draw(st.sampled_from(["valid", "one hostile", "one hostile", "chaos"]))
    broken = draw(st.sampled_from(fields)).name if fields and mode == "one hostile" else None
    pressed = draw(st.sampled_from(buttons)) if buttons else None  # the button pressed
    pairs = [(pressed.name, pressed.value)] if pressed else []
    for field in fields:
        if mode == "chaos":
            choice = st.one_of(valid_looking(field, hints), hostile_values(field, foreign_ids))
        elif field.name == broken:
            choice = hostile_values(field, foreign_ids)
        else:
            choice = valid_looking(field, hints)
        pairs.extend((field.name, value) for value in draw(choice, label=field.name))
    # Rows of a list the form never showed (stages-999-name), and names it does not have.
    rows = [re.sub(r"-\d+-", "-999-", f.name) for f in fields if re.search(r"-\d+-", f.name)]
    names = st.sampled_from(EXTRA_NAMES + tuple(rows)) | st.text(max_size=8)
    extras = st.tuples(names, hostile(foreign_ids))
    pairs.extend(draw(st.lists(extras, max_size=2), label="extra fields"))
    return pairs
