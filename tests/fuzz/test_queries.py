"""Every page and htmx fragment read with GET, sent Hypothesis-made query strings: its GET
form's own fields (periods, filters, searches) with valid-looking and hostile values, and
parameters it does not expect, with and without htmx. Never a 500, markup always escaped,
and a GET changes nothing in the database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pathway import create_app
from tests.fuzz.fuzzer import Fuzzer, fuzz_settings
from tests.fuzz.recipes import Recipe

# Files, not pages; and PDFs, which render the period their page checks (reports.figures).
NOT_FUZZED = {"static", "vendor.static"}
# Pages that write when read, and what: setting up two-factor keeps the unconfirmed secret
# it shows, so the code typed next can be checked against it; a complete financial year's
# figures read for the first time are counted and kept (reports/figures/counted_years.py).
COUNTED = {"counted_year"}
WRITES = {
    "two_factor.setup": {"two_factor"},
    "reports.figures": COUNTED,
    "reports.figures_csv": COUNTED,
    "reports.figures_json": COUNTED,
}
# Downloads whose period form is on another page.
FORM_ON = {"reports.figures_csv": "reports.figures", "reports.figures_json": "reports.figures"}


def _read_with_get() -> list[str]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return sorted(
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and rule.endpoint not in NOT_FUZZED
        and not rule.endpoint.endswith("_pdf")
    )


@pytest.mark.parametrize("endpoint", _read_with_get())
def test_hostile_query_strings_change_nothing(endpoint, app, fuzz_world, baseline):
    roles = getattr(app.view_functions[endpoint], "allowed_roles", None)
    recipe = Recipe(
        roles[0] if roles else None,
        page=FORM_ON.get(endpoint),
        writes=frozenset(WRITES.get(endpoint, ())),
    )
    fuzzer = Fuzzer(app, fuzz_world, endpoint, recipe, baseline, method="GET")

    @fuzz_settings(8)
    @given(st.data())
    def get_hostile_query(data):
        fuzzer.try_one(data)

    get_hostile_query()
