"""The public check of a cited report: /verify/<reference>, no sign-in.

It shows what a reader of a statement needs to trust a citation - the employer, the period,
the headline figures as published, the SHA-256 and whether a newer version replaces the
report - and nothing that could identify a person (not even the author's name). An unknown
or malformed reference gets the same 404 page as any other missing page.
"""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from pathway.reports.document.rendering import PUBLISHED, ReportPage
from pathway.reports.publishing.blueprint import verify_bp as bp
from pathway.reports.publishing.snapshots import (
    find_published,
    is_intact,
    latest_version,
    newer_version,
    snapshot_document,
)


@bp.route("/")
def lookup():
    reference = request.args.get("reference", "").strip().upper()
    if reference:
        return redirect(url_for("verify.report", reference=reference))
    return render_template("reports/verify_lookup.html")


@bp.route("/<reference>")
def report(reference: str):
    snapshot = find_published(reference)
    if snapshot is None:
        abort(404)
    newer = newer_version(snapshot)
    latest = latest_version(snapshot) if newer else None
    page = ReportPage(
        snapshot_document(snapshot),
        PUBLISHED,
        sha256=snapshot.sha256,
        intact=is_intact(snapshot),
        newer=newer.reference if newer else None,
    )
    return render_template(
        "reports/verify.html", page=page, latest=latest.reference if latest else None
    )
