"""Subject access: everything held about one candidate, as one plain dict.

``subject_access_record`` is the only collection: the JSON download is the dict itself and
the readable PDF is rendered from ``readable_sections`` of the same dict, so the two cannot
drift. Keys are the catalogue's section keys and the tables' own column names; dates are
ISO 8601, times of day ``HH:MM:SS``, moments UTC with a ``Z``.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from pathway.auth.models import Organisation, User
from pathway.candidates.models import Candidate
from pathway.employers.models import Programme, ProgrammeCriterion, Site
from pathway.extensions import db
from pathway.privacy.catalogue import (
    CRITERIA,
    ORGANISATION,
    PERSON,
    PROGRAMME,
    SECTIONS,
    SITE,
    Section,
)
from pathway.privacy.holdings import holdings

FORMAT = "pathway-subject-access/1"


def subject_access_record(candidate: Candidate, now: datetime) -> dict:
    """Everything held about ``candidate`` at ``now`` (naive UTC)."""
    held = holdings(candidate)
    record: dict = {
        "format": FORMAT,
        "generated_at": plain(now),
        "reference": candidate.reference,
    }
    for section in SECTIONS:
        rows = [row_of(section, row) for row in held[section.key]]
        record[section.key] = rows[0] if section.key == "candidate" else rows
    record["names"] = _names(record)
    return record


def exported_columns(section: Section) -> list[str]:
    return [column.name for column in section.columns]


def row_of(section: Section, row) -> dict:
    return {name: plain(getattr(row, name)) for name in exported_columns(section)}


def plain(value):
    """A column's value as JSON: ISO dates, enum values, UTC moments ending in ``Z``."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") + "Z"
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in sorted(value.items())}
    return value


def record_json(record: dict) -> str:
    return json.dumps(record, indent=2, ensure_ascii=False)


# --- names of the people, organisations, programmes and sites the rows refer to ------------


def _referred(record: dict, kind: str) -> set:
    found = set()
    for section in SECTIONS:
        rows = record[section.key]
        for row in [rows] if isinstance(rows, dict) else rows:
            for column in section.columns:
                value = row.get(column.name)
                if column.refers_to != kind or value is None:
                    continue
                found.update(value if kind == CRITERIA else [value])
    return found


def _names(record: dict) -> dict:
    """Who and what the rows' numbers refer to (staff by name, role and organisation)."""
    people = _load(User, _referred(record, PERSON))
    programmes = _load(Programme, _referred(record, PROGRAMME))
    sites = _load(Site, _referred(record, SITE))
    organisation_ids = _referred(record, ORGANISATION)
    organisation_ids |= {user.organisation_id for user in people}
    organisation_ids |= {programme.employer_id for programme in programmes}
    organisation_ids |= {site.employer_id for site in sites}
    organisations = _load(Organisation, organisation_ids)
    names = {o.id: o.name for o in organisations}
    criteria_ids = {int(key) for key in _referred(record, CRITERIA) if str(key).isdigit()}
    return {
        PERSON: {
            str(u.id): f"{u.name} ({u.role.label}, {names[u.organisation_id]})" for u in people
        },
        ORGANISATION: {str(key): name for key, name in names.items()},
        PROGRAMME: {str(p.id): f"{p.name} ({names[p.employer_id]})" for p in programmes},
        SITE: {str(s.id): f"{s.name}, {s.town} ({names[s.employer_id]})" for s in sites},
        CRITERIA: {str(c.id): c.text for c in _load(ProgrammeCriterion, criteria_ids)},
    }


def _load(model, ids: set) -> list:
    if not ids:
        return []
    return list(db.session.scalars(select(model).where(model.id.in_(ids)).order_by(model.id)))


# --- the readable form of the same record (the PDF) ----------------------------------------


@dataclass(frozen=True)
class ReadableSection:
    title: str
    labels: list[str]
    rows: list[list[str]]


def readable_sections(record: dict) -> list[ReadableSection]:
    """The record as titled tables of text, in the catalogue's order."""
    names = record["names"]
    sections = []
    for section in SECTIONS:
        rows = record[section.key]
        rows = [rows] if isinstance(rows, dict) else rows
        sections.append(
            ReadableSection(
                title=section.title,
                labels=[column.label for column in section.columns],
                rows=[
                    [
                        _text(row[c.name], c.refers_to, names, _enum_of(section, c.name))
                        for c in section.columns
                    ]
                    for row in rows
                ],
            )
        )
    return sections


def _enum_of(section: Section, name: str) -> type[enum.Enum] | None:
    """The enum a column stores (its members' labels read better than their values)."""
    enum_class = getattr(section.model.__table__.c[name].type, "enum_class", None)
    return enum_class if enum_class is not None and hasattr(enum_class, "label") else None


def _text(value, refers_to: str | None, names: dict, enum_class=None) -> str:
    if value is None or value == "" or value == {}:
        return "-"
    if enum_class is not None:
        try:
            return enum_class(value).label
        except ValueError:
            return str(value)
    if refers_to == CRITERIA:
        criteria = names[CRITERIA]
        return "; ".join(
            f"{criteria.get(key, 'criterion ' + key)}: {'yes' if answer else 'no'}"
            for key, answer in value.items()
        )
    if refers_to is not None:
        return names[refers_to].get(str(value), str(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value.endswith("Z") and "T" in value:
        return value.removesuffix("Z").replace("T", " ") + " UTC"
    return str(value)
