"""What a form asks for, read from the HTML a user is shown: its fields, their kinds, the
options of each choice and the longest value each text box takes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

TEXT_KINDS = {"text", "textarea", "search", "email", "password", "tel", "url"}


@dataclass
class Field:
    name: str
    kind: str  # an <input> type, or "select" / "textarea"
    options: list[str] = field(default_factory=list)  # select, radio and checkbox values
    value: str = ""  # what the page fills in
    maxlength: int | None = None
    multiple: bool = False  # a multiple select, or several checkboxes of one name
    required: bool = False

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS


@dataclass
class Form:
    action: str  # the path it posts to
    fields: dict[str, Field] = field(default_factory=dict)

    def add(self, name: str, kind: str, attrs: dict[str, str]) -> Field:
        value = attrs.get("value", "on" if kind in ("radio", "checkbox") else "")
        known = self.fields.get(name)
        if known is None:
            maxlength = attrs.get("maxlength", "")
            known = self.fields[name] = Field(
                name,
                kind,
                value="" if kind in ("radio", "checkbox") else value,
                maxlength=int(maxlength) if maxlength.isdigit() else None,
                required="required" in attrs,
            )
        elif kind == "checkbox":
            known.multiple = True
        if kind in ("radio", "checkbox"):
            known.options.append(value)
            if "checked" in attrs:
                known.value = value
        return known


class _FormReader(HTMLParser):
    def __init__(self, page_path: str, method: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_path, self.method = page_path, method
        self.forms: list[Form] = []
        self.csrf_token: str | None = None
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        if tag == "body" and "hx-headers" in a:
            self._token_from_headers(a["hx-headers"])
        if tag == "form" and a.get("method", "get").lower() == self.method:
            self._form = Form(urlsplit(a.get("action") or self.page_path).path)
            self.forms.append(self._form)
            return
        if tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")
        if self._form is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            self._form.add(name, a.get("type", "text").lower(), a)
            if name == "csrf_token":
                self.csrf_token = a.get("value")
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._form.add(name, "submit", a)
        elif tag == "select":
            self._select = self._form.add(name, "select", {**a, "value": ""})
            self._select.multiple = "multiple" in a
        elif tag == "textarea":
            self._textarea = self._form.add(name, "textarea", {**a, "value": ""})

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def _token_from_headers(self, value: str) -> None:
        self.csrf_token = json.loads(value).get("X-CSRFToken") or self.csrf_token


def read_forms(html: str, page_path: str, method="post") -> tuple[list[Form], str | None]:
    """The forms on a page sent with ``method``, and the CSRF token the page carries."""
    reader = _FormReader(page_path, method)
    reader.feed(html)
    reader.close()
    return reader.forms, reader.csrf_token


def form_posting_to(html: str, page_path: str, action: str) -> Form | None:
    forms, _ = read_forms(html, page_path)
    return next((form for form in forms if form.action == urlsplit(action).path), None)


def form_from_class(app, form_class, action: str) -> Form:
    """A form the page does not show (its state does not offer it), read from the WTForms
    class itself by rendering each field as the page would."""
    with app.test_request_context():
        form = form_class(formdata=None, meta={"csrf": False})
        html = "".join(str(bound()) for bound in form)
    found, _ = read_forms(f'<form method="post" action="{action}">{html}</form>', action)
    return found[0]
