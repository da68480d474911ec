"""``make load``: 50 simulated people for 60 seconds against gunicorn (4 workers, loopback),
then the capacity: the most people the server holds.

    python bench/load.py --database sqlite      # a fresh copy of a cached generated dataset
    python bench/load.py --database postgres    # PATHWAY_TEST_DATABASE_URL (scripts/with-postgres)
    python bench/load.py --capacity             # step the people up until p95 > 500 ms or errors

Site managers move candidates through stages with the board's own forms (CSRF tokens and
versions scraped from the page, posted as a browser without JavaScript would); coaches
open their caseload and candidates; CR officers download the figures CSV. Afterwards it
checks that every stage update the server accepted is in the history (no lost writes),
that the placements' versions moved exactly as often, and that no response was a 5xx.
Exits non-zero when a check fails.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import threading
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.client import (  # noqa: E402
    BENCH_DIR,
    Browser,
    cached_sqlite,
    dataset,
    fresh_copy,
    gunicorn,
    make_app,
    percentile,
    sqlite_url,
)
from pathway.clock import today_london  # noqa: E402
from pathway.reports.figures.periods import last_complete_financial_year  # noqa: E402

DATASET = (2, 200, 5_000)  # employers, sites, candidates
MIX = {"manager": 30, "coach": 15, "cr": 5}
FORM = re.compile(r'<form method="post" action="(/placements/(\d+)/(\w+))"(.*?)</form>', re.S)
VERSION = re.compile(r'name="version" value="(\d+)"')
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
CANDIDATE_LINK = re.compile(r'href="(/candidates/\d+)"')
MAX_REQUESTS_PER_USER = 2_000
STEPS = (25, 50, 100, 150, 200, 300, 400, 600)
CAPACITY_P95_MS = 500


class Tally:
    """What every simulated person saw, shared between threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.errors: list[str] = []
        self.updates_saved: dict[int, int] = defaultdict(int)  # placement id -> 302s

    def record(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            self.statuses[kind][status] += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=sum(MIX.values()))
    parser.add_argument(
        "--capacity",
        action="store_true",
        help="step the number of people up (STEPS, --seconds each) and report the largest "
        f"the server holds with p95 <= {CAPACITY_P95_MS} ms and no errors",
    )
    args = parser.parse_args()

    if args.database == "postgres":
        url = os.environ.get("PATHWAY_TEST_DATABASE_URL")
        if not url:
            print("No PostgreSQL (PATHWAY_TEST_DATABASE_URL is not set): skipped.")
            return 0
        dataset(url, *DATASET)
    else:
        cached, _ = cached_sqlite(*DATASET)
        url = sqlite_url(fresh_copy(cached, "load-run.sqlite3"))

    logs = BENCH_DIR / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    with gunicorn("wsgi:app", url, 4, logs / f"load-{args.database}.log") as (port, _):
        if args.capacity:
            return capacity(args, url, port)
        before = history_snapshot(url)
        tally = simulate(url, port, args.users, args.seconds)
        after = history_snapshot(url)
    return report(args, tally, before, after)


def simulate(url: str, port: int, users: int, seconds: int) -> Tally:
    """``users`` simulated people (the MIX's shares) for ``seconds``, starting over 5 s."""
    people = choose_people(url, users)
    tally = Tally()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=act, args=(role, email, port, deadline, tally, n), daemon=True)
        for n, (role, email) in enumerate(people)
    ]
    for thread in threads:
        thread.start()
        time.sleep(5 / len(threads))
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return tally


def capacity(args, url: str, port: int) -> int:
    """The largest number of people (same mix) served with p95 <= CAPACITY_P95_MS over every
    request, and no error, stepping up through STEPS until one is not."""
    print(f"\n== capacity on {args.database}: {args.seconds} s a step, 4 workers ==")
    print(f"{'people':>7} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'5xx':>5} {'errors':>7}")
    held = 0
    for users in STEPS:
        tally = simulate(url, port, users, args.seconds)
        times = [t for kind in tally.times.values() for t in kind]
        server_errors = sum(
            n for statuses in tally.statuses.values() for code, n in statuses.items() if code >= 500
        )
        p50, p95 = percentile(times, 50) * 1000, percentile(times, 95) * 1000
        print(
            f"{users:>7} {len(times):>9} {p50:>8.0f} {p95:>8.0f} {server_errors:>5} "
            f"{len(tally.errors):>7}"
        )
        if p95 > CAPACITY_P95_MS or server_errors or tally.errors:
            break
        held = users
    print(f"capacity on {args.database}: {held} people (p95 <= {CAPACITY_P95_MS} ms, 0 errors)")
    return 0


def choose_people(url: str, users: int) -> list[tuple[str, str]]:
    """Managers with the most open placements, coaches, CR officers: in the MIX's shares."""
    from sqlalchemy import text

    from pathway.extensions import db

    app = make_app(url)
    with app.app_context():
        managers = db.session.scalars(
            text(
                'SELECT u.email FROM "user" u JOIN user_sites us ON us.user_id = u.id '
                "JOIN placement pl ON pl.site_id = us.site_id AND pl.outcome = 'in_progress' "
                "GROUP BY u.email ORDER BY COUNT(*) DESC, u.email"
            )
        ).all()
        coaches = db.session.scalars(
            text("SELECT email FROM \"user\" WHERE role = 'coach' ORDER BY id")
        ).all()
        crs = db.session.scalars(
            text("SELECT email FROM \"user\" WHERE role = 'cr_officer' ORDER BY id")
        ).all()
        db.engine.dispose()
    total = sum(MIX.values())
    wanted = {role: max(1, round(users * share / total)) for role, share in MIX.items()}
    pools = {"manager": managers, "coach": coaches, "cr": crs}
    return [
        (role, pools[role][n % len(pools[role])])
        for role, count in wanted.items()
        for n in range(count)
    ]


def act(role: str, email: str, port: int, deadline: float, tally: Tally, seed: int) -> None:
    from pathway.devdata.scale.generate import PASSWORD

    rng = random.Random(seed)
    browser = Browser(port, timeout=30)
    try:
        browser.sign_in(email, PASSWORD)
    except Exception as error:  # noqa: BLE001  (counted, and the person stops)
        with tally.lock:
            tally.errors.append(f"{email}: {error}")
        return
    step = {"manager": manager_step, "coach": coach_step, "cr": cr_step}[role]
    for _ in range(MAX_REQUESTS_PER_USER):
        if time.monotonic() >= deadline:
            return
        try:
            step(browser, rng, tally)
        except Exception as error:  # noqa: BLE001  (a timeout or a dropped connection)
            with tally.lock:
                tally.errors.append(f"{role}: {type(error).__name__}: {error}")
        time.sleep(rng.uniform(0.5, 2.0))  # reading the page


def manager_step(browser: Browser, rng: random.Random, tally: Tally) -> None:
    status, page, seconds = browser.get("/placements/board")
    tally.record("board", status, seconds)
    forms = [m for m in FORM.finditer(page) if m.group(3) != "schedule" or rng.random() < 0.5]
    if status != 200 or not forms:
        return
    form = rng.choice(forms)
    path, placement_id, action, inner = form.groups()
    data = {
        "csrf_token": TOKEN.search(inner).group(1),
        "version": VERSION.search(inner).group(1),
        "return_to": "board",
    }
    if action == "schedule":
        data["scheduled_on"] = (today_london() + timedelta(days=rng.randint(1, 14))).isoformat()
    time.sleep(rng.uniform(0.2, 1.0))  # choosing
    status, _, seconds = browser.post(path, data)
    tally.record(f"stage update ({action})", status, seconds)
    if status == 302:
        with tally.lock:
            tally.updates_saved[int(placement_id)] += 1


def coach_step(browser: Browser, rng: random.Random, tally: Tally) -> None:
    status, page, seconds = browser.get("/candidates/")
    tally.record("caseload", status, seconds)
    links = CANDIDATE_LINK.findall(page)
    if status == 200 and links:
        status, _, seconds = browser.get(rng.choice(links))
        tally.record("candidate", status, seconds)


def cr_step(browser: Browser, rng: random.Random, tally: Tally) -> None:
    year = last_complete_financial_year(today_london(), 4)  # the generated employers' year
    status, _, seconds = browser.get(f"/figures/figures.csv?start={year.start}&end={year.end}")
    tally.record("figures CSV", status, seconds)
    time.sleep(rng.uniform(1, 4))


def history_snapshot(url: str) -> dict:
    """Each placement's version and number of stage events."""
    from sqlalchemy import text

    from pathway.extensions import db

    app = make_app(url)
    with app.app_context():
        rows = db.session.execute(
            text(
                "SELECT pl.id, pl.version, COUNT(e.id) FROM placement pl "
                "LEFT JOIN stage_event e ON e.placement_id = pl.id GROUP BY pl.id, pl.version"
            )
        ).all()
        db.engine.dispose()
    return {placement_id: (version, events) for placement_id, version, events in rows}


def report(args, tally: Tally, before: dict, after: dict) -> int:
    print(f"\n== load on {args.database}: {args.users} people, {args.seconds} s, 4 workers ==")
    print(f"{'request':<28} {'count':>6} {'p50 ms':>8} {'p95 ms':>8}  statuses")
    server_errors = 0
    for kind in sorted(tally.times):
        times = tally.times[kind]
        statuses = dict(sorted(tally.statuses[kind].items()))
        server_errors += sum(n for code, n in statuses.items() if code >= 500)
        p50, p95 = percentile(times, 50) * 1000, percentile(times, 95) * 1000
        print(f"{kind:<28} {len(times):>6} {p50:>8.0f} {p95:>8.0f}  {statuses}")
    saved = sum(tally.updates_saved.values())
    new_events = sum(after[p][1] - before[p][1] for p in after)
    # Each accepted update is one new event; the version moves with each UPDATE of the row
    # (a reschedule to the same day changes no column, so it may move less, never more).
    lost = [p for p, n in tally.updates_saved.items() if after[p][1] - before[p][1] != n]
    version_off = [
        p
        for p, n in tally.updates_saved.items()
        if not 0 < after[p][0] - before[p][0] <= after[p][1] - before[p][1]
    ]
    stray = [p for p in after if after[p] != before[p] and p not in tally.updates_saved]
    print(f"\nstage updates saved (302): {saved}; new stage events in the history: {new_events}")
    checks = {
        "0 lost writes (one new stage event per accepted update)": not lost and new_events == saved,
        "versions moved with the events (optimistic locking intact)": not version_off,
        "no change the server did not report": not stray,
        "0 server errors (5xx)": server_errors == 0,
        "0 client-side errors (timeouts, dropped connections)": not tally.errors,
    }
    for check, ok in checks.items():
        print(f"  {'pass' if ok else 'FAIL'}  {check}")
    for error in tally.errors[:10]:
        print(f"    {error}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
