"""JSON: the published document as it was hashed, with its schema, status and SHA-256.

To check a published report, serialise ``report`` with sorted keys, no spaces and UTF-8
characters kept (``snapshots.canonical_json``) and compare its SHA-256 with ``sha256``.
"""

from __future__ import annotations

import json

SCHEMA_PATH = "schemas/report-v1.schema.json"  # under the app's static files


def report_json(document: dict, sha256: str | None, schema_url: str) -> str:
    return json.dumps(
        {
            "$schema": schema_url,
            "status": "published" if sha256 else "draft",
            "sha256": sha256,
            "report": document,
        },
        indent=2,
        ensure_ascii=False,
    )
