"""Plain-English text a CR team can paste into its slavery and human trafficking statement.

Built from a published report only, so every number in it is a published figure, and each
paragraph names the report's reference and where to verify it. Home Office guidance asks a
statement to cover effectiveness (with key performance indicators) and remediation; the
GOV.UK registry asks how the organisation is "demonstrating progress", in a short answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathway.reports.document.report import long_date, text_of

REGISTRY_LIMIT = 500


@dataclass(frozen=True)
class Paragraph:
    heading: str  # where it belongs in a statement
    where: str
    text: str


@dataclass(frozen=True)
class Statement:
    paragraphs: tuple[Paragraph, ...]
    registry: str  # at most REGISTRY_LIMIT characters


def statement_text(document: dict, verify_url: str) -> Statement:
    """The paragraphs for a published ``document`` (it must have a reference)."""
    reference = document["reference"]
    period = document["period"]["label"]
    partners = _names(document["context"]["partners"]) or "our partner support providers"
    programmes = _names(document["context"]["programmes"]) or "our programme"
    source = (
        f"(Source: Pathway report {reference}, which anyone can check at {verify_url}; "
        f"numbers from 1 to {document['policy']['threshold'] - 1} are given as "
        f"'fewer than {document['policy']['threshold']}' to protect the people concerned.)"
    )
    people = [
        _count("nominated", document, "survivors of modern slavery were nominated"),
        _count("started", document, "started the programme"),
        _count("interviewed", document, "had the guaranteed job interview"),
        _count("hired", document, "were offered and accepted a job"),
    ]
    kpi = (
        f"Between {period.replace(' to ', ' and ')}, through {programmes}, "
        + _join([clause for clause in people if clause] or ["we ran our programme"])
        + ". "
        + _retention(document)
        + source
    )
    remediation = (
        f"We support victims of modern slavery through our NGO partners ({partners}), who "
        f"put forward survivors they support after the National Referral Mechanism to "
        f"{programmes}: a staged route into paid work (meeting a manager, shadowing the role, "
        "training, then a guaranteed interview), with their coach alongside them. "
        + _sentence_about("hired", document, "Over the period {} survivors were hired.")
        + source
    )
    partnership = f"We work in partnership with civil society: {partners}. " + _confirmations(
        document
    )
    return Statement(
        paragraphs=(
            Paragraph(
                "Effectiveness and key performance indicators",
                "the section on how you measure effectiveness (Home Office guidance: "
                "effectiveness and KPIs)",
                kpi,
            ),
            Paragraph(
                "Remediation: supporting victims via NGO partners",
                "the section on remediation or action taken when modern slavery is found",
                remediation,
            ),
            Paragraph(
                "Partnership with civil society",
                "the section on partnerships, collaboration and stakeholder engagement",
                partnership,
            ),
        ),
        registry=registry_text(document, verify_url),
    )


def registry_text(document: dict, verify_url: str) -> str:
    """The short answer for the GOV.UK registry's "demonstrating progress" question."""
    clauses = [
        _count("nominated", document, "nominated"),
        _count("started", document, "started"),
        _count("hired", document, "hired"),
    ]
    retained = text_of(document, "retention.6.in_work")
    retention = "" if retained in ("not shown", "-") else f"; {retained} still in work at 6 months"
    names = _names(document["context"]["partners"])
    partners = f". Partners: {names}" if names else ""
    head = f"Survivor employment programme, {document['period']['label']}: " + ", ".join(
        clause for clause in clauses if clause
    )
    tail = f". Report {document['reference']}, verify at {verify_url}."
    for option in (head + retention + partners + tail, head + retention + tail, head + tail):
        if len(option) <= REGISTRY_LIMIT:
            return option
    return f"Survivor employment figures: report {document['reference']}, {verify_url}"[
        :REGISTRY_LIMIT
    ]


def _count(key: str, document: dict, words: str) -> str | None:
    text = text_of(document, key)
    if text in ("not shown", "-"):
        return None
    return f"{text} {words}"


def _sentence_about(key: str, document: dict, template: str) -> str:
    text = text_of(document, key)
    return "" if text in ("not shown", "-") else template.format(text) + " "


def _retention(document: dict) -> str:
    started = text_of(document, "started_work")
    still = text_of(document, "retention.6.in_work")
    if "not shown" in (started, still) or started in ("0", "-"):
        return ""
    not_due = text_of(document, "retention.6.not_due")
    unknown = text_of(document, "retention.6.unknown")
    return (
        f"Of the {started} who started work in the period, {still} were still in work six "
        f"months later ({not_due} not yet due for that check; {unknown} not known). "
    )


def _confirmations(document: dict) -> str:
    said = []
    for confirmation in document.get("confirmations") or []:
        if confirmation["status"] == "confirmed":
            said.append(
                f"{confirmation['organisation']} confirmed these figures on "
                f"{long_date(confirmation['on'])}."
            )
        else:
            said.append(f"{confirmation['organisation']} has not confirmed these figures.")
    return " ".join(said) or "The figures have not been confirmed by a partner."


def _names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _join(clauses: list[str]) -> str:
    if len(clauses) <= 1:
        return "".join(clauses)
    return ", ".join(clauses[:-1]) + " and " + clauses[-1]
