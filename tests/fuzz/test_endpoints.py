"""Every endpoint that takes a POST, sent Hypothesis-made bodies - valid-looking values mixed
with over-long, unicode, markup, SQL, wrong-typed, missing, extra and other organisations'
values - with and without htmx. For each one:

- never a 500;
- refused (4xx, or a form shown again with errors): nothing in the database changed;
- saved: nothing stored that the database should not hold, nothing of another organisation
  touched or pointed at, and every page showing it back shows markup escaped.

``PATHWAY_FUZZ_EXAMPLES`` sets the examples per endpoint (default 20; CI-stable, since
Hypothesis runs derandomized).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.fuzzer import Fuzzer, fuzz_settings
from tests.fuzz.recipes import RECIPES


def test_every_post_endpoint_has_a_fuzz_recipe(app):
    posting = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    assert posting - RECIPES.keys() == set(), "add fuzz recipes (tests/fuzz/recipes.py)"
    assert RECIPES.keys() - posting == set(), "these endpoints no longer take a POST"


@pytest.mark.parametrize("endpoint", sorted(RECIPES))
def test_hostile_posts_are_refused_or_saved_safely(endpoint, app, fuzz_world, baseline):
    recipe = RECIPES[endpoint]
    fuzzer = Fuzzer(app, fuzz_world, endpoint, recipe, baseline)

    @fuzz_settings(recipe.examples)
    @given(st.data())
    def post_hostile_body(data):
        fuzzer.try_one(data)

    post_hostile_body()
