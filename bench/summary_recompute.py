"""``make bench`` (part): what every stage update pays to keep the figures' summary in step -
``reports.summary.recompute`` of one placement - on a generated dataset.

    python bench/summary_recompute.py                       # a new SQLite file
    PATHWAY_TEST_DATABASE_URL=... python bench/summary_recompute.py   # an empty PostgreSQL

Each placement is recomputed inside one transaction that is rolled back, so nothing changes.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PATHWAY_ENV", "testing")

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import select  # noqa: E402

from pathway import create_app  # noqa: E402
from pathway.devdata.scale.generate import Scale, generate  # noqa: E402
from pathway.extensions import db  # noqa: E402
from pathway.placements.models import Placement  # noqa: E402
from pathway.reports.figures.summary import recompute  # noqa: E402

PLACEMENTS = 300


def main() -> None:
    url = os.environ.get("PATHWAY_TEST_DATABASE_URL") or (
        f"sqlite:///{tempfile.mkdtemp()}/summary.sqlite3"
    )
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="heads")
        generate(
            Scale(
                employers=2, sites=100, candidates=3000, years=3, seed=1, until=date(2026, 11, 23)
            )
        )
        ids = db.session.scalars(select(Placement.id).order_by(Placement.id)).all()[::7]
        times = []
        with db.engine.connect() as connection:
            transaction = connection.begin()
            for placement_id in ids[:20]:  # warm: statements compiled and cached
                recompute(connection, {placement_id})
            for placement_id in ids[:PLACEMENTS]:
                start = time.perf_counter()
                recompute(connection, {placement_id})
                times.append((time.perf_counter() - start) * 1000)
            transaction.rollback()
        times.sort()
        print(
            f"{db.engine.dialect.name}: recompute of one placement after a stage update: "
            f"median {statistics.median(times):.2f} ms, p95 {times[int(len(times) * 0.95)]:.2f} ms "
            f"({len(times)} placements)"
        )


if __name__ == "__main__":
    main()
