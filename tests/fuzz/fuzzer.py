"""One endpoint under fuzzing: who uses it, the form it reads, one Hypothesis example at a
time from the same database rows, and what must hold of each answer."""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from pathway.auth.models import Role
from pathway.extensions import db
from tests.fuzz.conftest import DOMAIN, FuzzWorld, client_as, set_session
from tests.fuzz.database import Baseline, Change, changes, snapshot, stored_problems
from tests.fuzz.forms import Form, form_from_class, form_posting_to, read_forms
from tests.fuzz.recipes import Page, Recipe
from tests.fuzz.values import HUGE_IDS, MARKUP, bodies
from tests.world import url_for_rule

ERROR_MARKUP = re.compile(r'class="(?:[^"]* )?(?:error|error-summary|refusal|has-error)[ "]')


def fuzz_settings(default_examples: int) -> settings:
    """Derandomized, so CI sees the same examples every run; ``PATHWAY_FUZZ_EXAMPLES`` sets
    how many per endpoint (more for a long local run)."""
    return settings(
        max_examples=int(os.environ.get("PATHWAY_FUZZ_EXAMPLES", default_examples)),
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],  # no "explain": slow
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


class Fuzzer:
    """``method`` POST: a form body; GET: a query string (the page's GET forms' fields), and
    nothing may change but the tables the recipe ``writes``."""

    def __init__(self, app, fuzz: FuzzWorld, endpoint, recipe: Recipe, baseline, method="POST"):
        self.app, self.fuzz, self.endpoint, self.recipe = app, fuzz, endpoint, recipe
        self.method, self.writes = method, recipe.writes
        self.hints = recipe.hints(fuzz.records) if recipe.hints else {}
        self.clients = {role: client_as(app, fuzz, role) for role in self._roles()}
        for role, client in self.clients.items():  # else every answer would be "sign in"
            assert role is None or "/login" not in client.get("/").location, f"{role} signed out"
        self.forms: dict[str, tuple[Form, str | None]] = {}
        self.baseline: Baseline = baseline

    # --- one example ------------------------------------------------------------------

    def try_one(self, data) -> None:
        try:
            args = {
                name: data.draw(st.sampled_from(values), label=name)
                for name, values in (
                    self.recipe.args(self.fuzz.records) if self.recipe.args else {}
                ).items()
            }
            url = self._url(self.endpoint, args)
            form, token = self._form(url, args)
            body = data.draw(bodies(form, self.hints, self.fuzz.foreign_ids), label="body")
            url = self._url(
                self.endpoint, {**args, **data.draw(self._tampered_args(args), label="URL ids")}
            )
            headers = {"X-CSRFToken": token} if token else {}
            if data.draw(st.booleans(), label="htmx"):
                headers["HX-Request"] = "true"
            client = self.clients[self.recipe.role]
            if self.method == "GET":
                response = client.get(url, query_string=MultiDict(body), headers=headers)
            else:
                body = [*body, ("csrf_token", token)]
                response = client.post(url, data=MultiDict(body), headers=headers)
            self._check(response, url, args)
        finally:
            self.baseline.restore()
            for role, client in self.clients.items():
                set_session(client, self.fuzz.sessions[role])

    def _tampered_args(self, args: dict) -> st.SearchStrategy[dict]:
        """Mostly none; sometimes one record id in the URL swapped for another
        organisation's or for one no record has."""
        (rule,) = [r for r in self.app.url_map.iter_rules() if r.endpoint == self.endpoint]
        records = {**self.fuzz.records, **args}
        ids = [name for name in sorted(rule.arguments) if isinstance(records[name], int)]
        if not ids:
            return st.just({})
        swapped = st.builds(
            lambda name, value: {name: value},
            st.sampled_from(ids),
            st.sampled_from(self.fuzz.foreign_ids + list(HUGE_IDS)),
        )
        return st.one_of(st.just({}), st.just({}), swapped)

    def _check(self, response, url: str, args: dict) -> None:
        status, what = response.status_code, f"{self.method} {url}"
        assert status < 500, f"{what} answered {status}"
        _assert_escaped(response, what)
        found = [c for c in changes(self.baseline.rows, snapshot()) if c.table not in self.writes]
        if self.method == "GET" or _refused(response):
            assert not found, f"{what} answered {status} but saved: " + "; ".join(map(str, found))
            return
        problems = [p for change in found for p in stored_problems(change)]
        if self.recipe.role is not Role.ADMIN:
            problems += [p for change in found for p in self._foreign_problems(change)]
        assert not problems, f"{what} ({status}) saved: " + "; ".join(problems)
        for role, page in self._pages_after(response, args):
            shown = self.clients[role].get(page)
            assert shown.status_code < 500, f"GET {page} as {role} answered {shown.status_code}"
            _assert_escaped(shown, f"GET {page} as {role}")

    def _foreign_problems(self, change: Change) -> list[str]:
        """Another organisation's record changed, or a saved row pointing at one."""
        foreign = self.fuzz.foreign
        if change.key and change.key[0] in foreign.get(change.table, ()):
            return [f"another organisation's {change.table} {change.key} changed"]
        if change.after is None:
            return []
        table = db.metadata.tables[change.table]
        problems = []
        for name in change.changed_columns:
            for key in table.columns[name].foreign_keys:
                target = key.column.table.name
                if change.after[name] in foreign.get(target, ()):
                    problems.append(
                        f"{change.table}.{name} points at another organisation's {target}"
                    )
        return problems

    def _pages_after(self, response, args: dict) -> list[tuple[Role | None, str]]:
        """Where the saved values show: the page it sends the user to, and the recipe's."""
        pages = []
        location = response.headers.get("Location")
        if location and urlsplit(location).netloc in ("", DOMAIN):
            pages.append((self.recipe.role, urlsplit(location).path))
        for page in self.recipe.shown_on:
            pages.append((page.role, self._url(page.endpoint, args, page)))
        return pages

    # --- the world around it ------------------------------------------------------------

    def _roles(self) -> set[Role | None]:
        return {self.recipe.role} | {page.role for page in self.recipe.shown_on}

    def _url(self, endpoint: str, args: dict, page: Page | None = None) -> str:
        records = {**self.fuzz.records, **args}
        if page is not None:
            records.update({name: self.fuzz.records[key] for name, key in page.args.items()})
        return url_for_rule(self.app, endpoint, records)[1]

    def _form(self, url: str, args: dict) -> tuple[Form, str | None]:
        """The form posting to ``url``, read from the page showing it, and a CSRF token."""
        if self.method == "GET":
            return self._query_form(url, self._url(self.recipe.page or self.endpoint, args))
        if url not in self.forms:
            page_url = self._url(self.recipe.page or self.endpoint, args)
            page = self.clients[self.recipe.role].get(page_url)
            assert page.status_code == 200, f"GET {page_url} answered {page.status_code}"
            html = page.get_data(as_text=True)
            form = form_posting_to(html, page_url, url)
            if form is None:
                assert self.recipe.form_class, f"{page_url} has no form posting to {url}"
                form = form_from_class(self.app, self.recipe.form_class(args), url)
            self.forms[url] = (form, read_forms(html, page_url)[1])
        return self.forms[url]

    def _query_form(self, url: str, page_url: str) -> tuple[Form, str | None]:
        """Every field of the page's GET forms (filters, periods, searches), if any."""
        if url not in self.forms:
            page = self.clients[self.recipe.role].get(page_url)
            found, token = ([], None)
            if page.status_code == 200 and page.mimetype == "text/html":
                found, token = read_forms(page.get_data(as_text=True), page_url, method="get")
            form = Form(urlsplit(url).path)
            for each in found:
                form.fields.update(each.fields)
            self.forms[url] = (form, token)
        return self.forms[url]


def _refused(response) -> bool:
    """Refused: an error status, or the form shown again with its errors."""
    if response.status_code >= 400:
        return True
    if response.mimetype != "text/html":  # a download (a subject access PDF) shows no form
        return False
    return response.status_code == 200 and bool(
        ERROR_MARKUP.search(response.get_data(as_text=True))
    )


def _assert_escaped(response, what: str) -> None:
    if response.mimetype != "text/html":
        return
    html = response.get_data(as_text=True).lower()
    for markup in MARKUP:
        assert markup.lower() not in html, f"{what} shows {markup!r} unescaped"
