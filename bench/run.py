"""``make bench``: how fast Pathway's busiest pages are on a large generated dataset.

    python bench/run.py --database sqlite      # the cached SQLite files under instance/
    python bench/run.py --database postgres    # PATHWAY_TEST_DATABASE_URL (scripts/with-postgres)
    python bench/run.py --only caseload,served # some of: board, caseload, candidate, figures,
                                               # served (written to results-partial.json)

Measures, on the large dataset: server-side latency p50/p95 of a site manager's board, a
coach's caseload, a
candidate page, the redress figures of the largest employer and their CSV (Flask test
client, one request at a time); SQL statements per request, against the
same pages on a small dataset; the redress aggregate as one raw SQL query; the board's
throughput under gunicorn against a minimal Flask endpoint; a worker's peak memory.
Prints a table with each budget's pass/fail and writes BENCH_DIR/results.json
(instance/bench/ unless PATHWAY_BENCH_DIR says otherwise).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.client import (  # noqa: E402
    BENCH_DIR,
    Browser,
    cached_sqlite,
    dataset,
    gunicorn,
    make_app,
    peak_rss_mb,
    percentile,
    sqlite_url,
    worker_pids,
)
from pathway.clock import today_london  # noqa: E402
from pathway.reports.figures.periods import last_complete_financial_year  # noqa: E402

BIG = (5, 2500, 100_000)  # employers, sites, candidates (3 years, seed 1)
SMALL = (2, 100, 3_000)
PAGE_P95_MS = 50
FIGURES_S = 1.0
FIGURES_RAW_RATIO = 3.0
THROUGHPUT_ROUNDS = 3  # the board and the minimal endpoint take turns, this many each
WORKER_MB = 200
RESULTS = BENCH_DIR / "results.json"
CARD = 'class="card"'
# what --only can choose, and the subject each page belongs to
SUBJECTS = ("board", "caseload", "candidate", "figures", "served")
PAGES = {
    "board": "board",
    "caseload": "caseload",
    "candidate": "candidate",
    "figures": "figures",
    "figures.csv": "figures",
}

RAW_FIGURES = """
-- The headline counts the figures page shows for the period, from the raw tables: only
-- candidates whose consent to be counted is in force; "All programmes" is the sum of the
-- programmes' figures (a candidate nominated to two programmes counts in each).
SELECT
  (SELECT COUNT(*) FROM (
     SELECT DISTINCT n.programme_id, n.candidate_id FROM nomination n
       JOIN programme p ON p.id = n.programme_id
      WHERE p.employer_id = :employer AND n.created_at >= :since AND n.created_at < :until
        AND n.candidate_id IN (SELECT candidate_id FROM consent
                                WHERE scope = 'counted_in_figures' AND withdrawn_on IS NULL)
  ) nominated),
  (SELECT COUNT(*) FROM nomination n
     JOIN programme p ON p.id = n.programme_id
    WHERE p.employer_id = :employer AND n.status = 'accepted'
      AND n.decided_at >= :since AND n.decided_at < :until
      AND n.candidate_id IN (SELECT candidate_id FROM consent
                              WHERE scope = 'counted_in_figures' AND withdrawn_on IS NULL)),
  (SELECT COUNT(*) FROM nomination n
     JOIN programme p ON p.id = n.programme_id
    WHERE p.employer_id = :employer AND n.status = 'declined'
      AND n.decided_at >= :since AND n.decided_at < :until
      AND n.candidate_id IN (SELECT candidate_id FROM consent
                              WHERE scope = 'counted_in_figures' AND withdrawn_on IS NULL)),
  ev.started, ev.interviewed, ev.hired, ev.not_hired, ev.ended_early
FROM (
  SELECT
    COUNT(DISTINCT CASE WHEN e.kind = 'attended' AND e.stage_position = 0
                        THEN e.placement_id END) AS started,
    COUNT(DISTINCT CASE WHEN e.kind = 'attended' AND ps.is_interview = TRUE
                        THEN e.placement_id END) AS interviewed,
    COUNT(DISTINCT CASE WHEN e.kind = 'hired' THEN e.placement_id END) AS hired,
    COUNT(DISTINCT CASE WHEN e.kind = 'not_hired' THEN e.placement_id END) AS not_hired,
    COUNT(DISTINCT CASE WHEN e.kind = 'withdrawn' THEN e.placement_id END) AS ended_early
  FROM stage_event e
  JOIN placement pl ON pl.id = e.placement_id
  JOIN programme p ON p.id = pl.programme_id
  LEFT JOIN placement_stage ps
    ON ps.placement_id = e.placement_id AND ps.position = e.stage_position
  WHERE p.employer_id = :employer AND e.occurred_at >= :since AND e.occurred_at < :until
    AND pl.candidate_id IN (SELECT candidate_id FROM consent
                             WHERE scope = 'counted_in_figures' AND withdrawn_on IS NULL)
) ev
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=30, help="requests per page")
    parser.add_argument(
        "--scale", default=",".join(map(str, BIG)), help="employers,sites,candidates"
    )
    parser.add_argument(
        "--seconds", type=int, default=5, help=f"each of {THROUGHPUT_ROUNDS} throughput runs"
    )
    parser.add_argument(
        "--only",
        default=",".join(SUBJECTS),
        help=f"comma list of what to measure (default all): {','.join(SUBJECTS)}",
    )
    args = parser.parse_args()
    big = tuple(int(n) for n in args.scale.split(","))
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    if unknown := only - set(SUBJECTS):
        parser.error(f"--only: unknown {', '.join(sorted(unknown))}; choose from {SUBJECTS}")
    pages_wanted = [p for p in PAGES if PAGES[p] in only]

    generated = {}
    if args.database == "postgres":
        url = os.environ.get("PATHWAY_TEST_DATABASE_URL")
        if not url:
            print("No PostgreSQL (PATHWAY_TEST_DATABASE_URL is not set): skipped.")
            return 0
        generated["small"] = dataset(url, *SMALL)
        small_counts = measure_pages(url, repeat=3, names=pages_wanted)
        generated["big"] = dataset(url, *big)
        big_url = url
    else:
        small_path, generated["small"] = cached_sqlite(*SMALL)
        big_path, generated["big"] = cached_sqlite(*big)
        small_counts = measure_pages(sqlite_url(small_path), repeat=3, names=pages_wanted)
        big_url = sqlite_url(big_path)

    pages = measure_pages(big_url, repeat=args.repeat, names=pages_wanted)
    raw = None
    if "figures" in only:
        raw = measure_raw_figures(big_url, pages["subjects"], args.repeat)
    served = None
    if "served" in only:
        try:
            served = measure_served(big_url, pages["subjects"], args.seconds)
        except (RuntimeError, OSError) as error:  # reported in the table, not lost
            served = {"error": str(error)}
    result = {
        "database": args.database,
        "dataset": dict(zip(("employers", "sites", "candidates"), big, strict=True)),
        "generated_seconds": generated,
        "measured_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        **pages,
        "small_dataset_queries": {k: v["queries"] for k, v in small_counts["pages"].items()},
        "raw_figures": raw,
        "served": served,
    }
    result["budgets"] = budgets(result)
    print_table(result)
    if only == set(SUBJECTS):
        save(result)
    else:  # a partial run does not overwrite the last full one
        save(result, RESULTS.with_name("results-partial.json"))
    return 0


# --- pages, one request at a time ----------------------------------------------------------


def pick_subjects(db) -> dict:
    """The people the issue names: a manager with ~40 open placements, a coach with ~200
    clients, one of that coach's candidates, a CR officer of the largest employer."""
    from sqlalchemy import text

    one = db.session.execute
    manager = one(
        text(
            'SELECT u.email, COUNT(*) AS n FROM user_sites us JOIN "user" u ON u.id = us.user_id '
            "JOIN placement pl ON pl.site_id = us.site_id WHERE pl.outcome = 'in_progress' "
            "GROUP BY u.email ORDER BY ABS(COUNT(*) - 40), u.email LIMIT 1"
        )
    ).one()
    coach = one(
        text(
            "SELECT u.email, u.id, "
            "(SELECT COUNT(*) FROM candidate c WHERE c.coach_id = u.id) AS own, "
            "(SELECT COUNT(*) FROM candidate c WHERE c.organisation_id = u.organisation_id) AS org "
            "FROM \"user\" u WHERE u.role = 'coach' "
            "ORDER BY ABS((SELECT COUNT(*) FROM candidate c WHERE c.coach_id = u.id) - 200) "
            "+ ABS((SELECT COUNT(*) FROM candidate c "
            "WHERE c.organisation_id = u.organisation_id) - 200), u.id LIMIT 1"
        )
    ).one()
    candidate = one(
        text(
            "SELECT c.id FROM candidate c JOIN placement pl ON pl.candidate_id = c.id "
            "WHERE c.coach_id = :coach ORDER BY pl.created_at DESC, c.id LIMIT 1"
        ),
        {"coach": coach.id},
    ).scalar()
    employer = one(
        text(
            "SELECT p.employer_id, COUNT(*) AS n FROM placement pl "
            "JOIN programme p ON p.id = pl.programme_id GROUP BY p.employer_id "
            "ORDER BY COUNT(*) DESC LIMIT 1"
        )
    ).one()
    cr = one(
        text(
            "SELECT email FROM \"user\" WHERE role = 'cr_officer' AND organisation_id = :e "
            "ORDER BY id LIMIT 1"
        ),
        {"e": employer.employer_id},
    ).scalar()
    month = db.session.execute(
        text("SELECT financial_year_start_month FROM organisation WHERE id = :e"),
        {"e": employer.employer_id},
    ).scalar()
    db.session.rollback()
    # The last complete financial year: the grain a CR officer is given figures for.
    year = last_complete_financial_year(today_london(), month)
    start, end = year.start, year.end
    return {
        "manager": {"email": manager.email, "open_placements": manager.n},
        "coach": {
            "email": coach.email,
            "own_clients": coach.own,
            "organisation_clients": coach.org,
        },
        "candidate": {"id": candidate},
        "cr": {"email": cr, "employer_id": employer.employer_id, "placements": employer.n},
        "period": {"start": start.isoformat(), "end": end.isoformat()},
    }


def measure_pages(url: str, repeat: int, names: list[str] | None = None) -> dict:
    from sqlalchemy import event

    from pathway.devdata.scale.generate import PASSWORD
    from pathway.extensions import db

    app = make_app(url)
    app.config.update(WTF_CSRF_ENABLED=False)
    statements = []
    with app.app_context():
        subjects = pick_subjects(db)
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(1))
    period = "start={start}&end={end}".format(**subjects["period"])
    pages = {
        # drawn for the signed-in manager on every request, as every page is
        "board": (subjects["manager"]["email"], "/placements/board"),
        "caseload": (subjects["coach"]["email"], "/candidates/"),
        "candidate": (subjects["coach"]["email"], f"/candidates/{subjects['candidate']['id']}"),
        "figures": (subjects["cr"]["email"], f"/figures/?{period}"),
        "figures.csv": (subjects["cr"]["email"], f"/figures/figures.csv?{period}"),
    }
    results = {}
    for name, (email, path) in pages.items():
        if names is not None and name not in names:
            continue
        client = app.test_client()
        signed_in = client.post("/login", data={"email": email, "password": PASSWORD})
        assert signed_in.status_code == 302, f"{email} could not sign in"
        times, counts = [], []
        figures = name.startswith("figures")
        warm = 1 if figures else 2  # warm-up requests fill caches and are not counted
        runs = max(3, repeat // 10) if figures else repeat
        for n in range(runs + warm):
            statements.clear()
            began = time.perf_counter()
            response = client.get(path)
            seconds = time.perf_counter() - began
            assert response.status_code == 200, f"{path}: HTTP {response.status_code}"
            if n >= warm:
                times.append(seconds)
                counts.append(len(statements))
        body = response.get_data(as_text=True)
        results[name] = {
            "path": path,
            "p50_ms": round(percentile(times, 50) * 1000, 1),
            "p95_ms": round(percentile(times, 95) * 1000, 1),
            "queries": max(counts),
            "size": _size(name, body),
        }
    with app.app_context():
        db.engine.dispose()
    return {"subjects": subjects, "pages": results}


def _size(name: str, body: str) -> str:
    if name == "board":
        return f"{body.count(CARD)} cards"
    if name == "caseload":
        return f"{max(0, body.count('<tr') - 1)} rows"
    return f"{len(body) // 1024} KB"


def measure_raw_figures(url: str, subjects: dict, repeat: int) -> dict:
    from datetime import datetime

    from sqlalchemy import text

    from pathway.extensions import db

    app = make_app(url)
    start = date.fromisoformat(subjects["period"]["start"])
    end = date.fromisoformat(subjects["period"]["end"])
    params = {
        "employer": subjects["cr"]["employer_id"],
        "since": datetime.combine(start, datetime.min.time()),
        "until": datetime.combine(end + timedelta(days=1), datetime.min.time()),
    }
    times = []
    with app.app_context():
        with db.engine.connect() as connection:
            for n in range(max(3, repeat // 3) + 1):
                began = time.perf_counter()
                row = connection.execute(text(RAW_FIGURES), params).one()
                if n:
                    times.append(time.perf_counter() - began)
        db.engine.dispose()
    names = ("nominated", "accepted", "declined", "started", "interviewed", "hired")
    return {
        "p50_ms": round(percentile(times, 50) * 1000, 1),
        "figures": dict(zip(names + ("not_hired", "ended_early"), row, strict=True)),
    }


# --- under gunicorn ------------------------------------------------------------------------


def measure_served(url: str, subjects: dict, seconds: int) -> dict:
    """The board and the minimal endpoint served side by side, measured in turns: a moment
    when the machine is busy slows whichever runs then, so each gets the same share."""
    from pathway.devdata.scale.generate import PASSWORD

    logs = BENCH_DIR / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    tool = "wrk" if shutil.which("wrk") else "python"
    served = {"workers": 4, "tool": tool, "seconds": seconds, "rounds": THROUGHPUT_ROUNDS}
    pathway = gunicorn("wsgi:app", url, 4, logs / "pathway.log")
    minimal = gunicorn("bench.minimal_app:app", url, 4, logs / "minimal.log")
    with pathway as (port, master), minimal as (minimal_port, _):
        manager = Browser(port)
        manager.sign_in(subjects["manager"]["email"], PASSWORD)
        board, bare = [], []
        for _ in range(THROUGHPUT_ROUNDS):
            for _ in range(8):  # warm, and the session cookie as a browser would have it now
                manager.get("/placements/board")
            board.append(throughput(port, "/placements/board", manager.cookies, seconds))
            bare.append(throughput(minimal_port, "/", {}, seconds))
        served["board"], served["minimal"] = _in_all(board), _in_all(bare)
        # every page once or twice more, so the workers' peak memory covers them all
        coach, cr = Browser(port, timeout=150), Browser(port, timeout=150)
        coach.sign_in(subjects["coach"]["email"], PASSWORD)
        cr.sign_in(subjects["cr"]["email"], PASSWORD)
        period = "start={start}&end={end}".format(**subjects["period"])
        paths = [
            (coach, "/candidates/"),
            (coach, f"/candidates/{subjects['candidate']['id']}"),
            (cr, f"/figures/?{period}"),
            (cr, f"/figures/figures.csv?{period}"),
        ]
        served["other_pages"] = {}
        for browser, path in paths * 2:
            try:
                status, _, took = browser.get(path)
                served["other_pages"][path] = f"HTTP {status} in {took:.1f} s"
            except OSError as error:  # a timeout: said in the results, not hidden
                served["other_pages"][path] = f"failed: {error}"
        served["worker_peak_mb"] = round(max(peak_rss_mb(p) for p in worker_pids(master.pid)), 1)
    served["ratio"] = round(served["board"]["rps"] / served["minimal"]["rps"], 3)
    return served


def _in_all(runs: list[dict]) -> dict:
    """Several throughput runs of equal length as one: the mean rate, each run's rate."""
    return {
        "rps": round(sum(run["rps"] for run in runs) / len(runs), 1),
        "non_2xx": sum(run["non_2xx"] for run in runs),
        "tool": runs[0]["tool"],
        "each_rps": [run["rps"] for run in runs],
    }


def throughput(port: int, path: str, cookies: dict, seconds: int) -> dict:
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if shutil.which("wrk"):
        command = ["wrk", "-t2", "-c8", f"-d{seconds}s", f"http://127.0.0.1:{port}{path}"]
        if cookie:
            command[1:1] = ["-H", f"Cookie: {cookie}"]
        for _ in range(2):  # once more if wrk printed no rate (e.g. a worker still booting)
            run = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
            rate = re.search(r"Requests/sec:\s+([\d.]+)", run.stdout)
            if rate:
                bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", run.stdout)
                return {
                    "rps": round(float(rate.group(1)), 1),
                    "non_2xx": int(bad.group(1)) if bad else 0,
                    "tool": "wrk",
                }
            said = (run.stdout + run.stderr)[:300]
            print(f"wrk gave no rate: {command[:-1]} ...: {said}", file=sys.stderr)
    return {**_python_throughput(port, path, cookies, seconds), "tool": "python"}


def _python_throughput(port: int, path: str, cookies: dict, seconds: int) -> dict:
    """Eight threads in a closed loop, bounded by time and by count."""
    from concurrent.futures import ThreadPoolExecutor

    deadline = time.monotonic() + seconds

    def loop() -> tuple[int, int]:
        browser = Browser(port)
        browser.cookies = dict(cookies)
        done = bad = 0
        while time.monotonic() < deadline and done < 100_000:
            status, _, _ = browser.get(path)
            done += 1
            bad += status != 200
        return done, bad

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: loop(), range(8)))
    return {
        "rps": round(sum(d for d, _ in results) / seconds, 1),
        "non_2xx": sum(b for _, b in results),
    }


# --- budgets and output --------------------------------------------------------------------


def budgets(result: dict) -> list[dict]:
    pages, small = result["pages"], result["small_dataset_queries"]
    rows = []
    for name in ("board", "caseload", "candidate"):
        if name not in pages:
            continue
        p95 = pages[name]["p95_ms"]
        rows.append(_budget(f"{name} p95", f"<= {PAGE_P95_MS} ms", f"{p95} ms", p95 <= PAGE_P95_MS))
    raw_ms = (result["raw_figures"] or {}).get("p50_ms")
    for name in ("figures", "figures.csv"):
        if name not in pages or raw_ms is None:
            continue
        p50 = pages[name]["p50_ms"]
        ratio = p50 / raw_ms if raw_ms else float("inf")
        rows.append(
            _budget(f"{name} time", f"<= {FIGURES_S:g} s", f"{p50} ms", p50 <= FIGURES_S * 1000)
        )
        rows.append(
            _budget(
                f"{name} vs raw SQL",
                f"<= {FIGURES_RAW_RATIO:g}x",
                f"{ratio:.1f}x ({raw_ms} ms raw)",
                ratio <= FIGURES_RAW_RATIO,
            )
        )
    for name, page in pages.items():
        same = page["queries"] == small[name]
        rows.append(
            _budget(
                f"{name} queries",
                "same as small data",
                f"{page['queries']} (small: {small[name]})",
                same,
            )
        )
    served = result["served"]
    if served is None:
        return rows
    if "error" in served:
        rows.append(_budget("under gunicorn", "measured", served["error"][:40], False))
        return rows
    # Reported, no longer a budget: it was met only by serving whole pages before sign-in,
    # which Pathway no longer does; a capacity figure from make load is to replace it.
    rows.append(
        _budget(
            "board throughput",
            "reported (was 30% of minimal)",
            f"{served['board']['rps']} / {served['minimal']['rps']} req/s = {served['ratio']:.0%}",
            True,
        )
    )
    mb = served["worker_peak_mb"]
    rows.append(_budget("worker peak memory", f"<= {WORKER_MB} MB", f"{mb} MB", mb <= WORKER_MB))
    return rows


def _budget(what: str, budget: str, measured: str, ok: bool) -> dict:
    return {"what": what, "budget": budget, "measured": measured, "pass": ok}


def print_table(result: dict) -> None:
    s = result["subjects"]
    print(f"\n== {result['database']}: {result['dataset']} ==")
    print(
        f"manager {s['manager']['email']} ({s['manager']['open_placements']} open placements); "
        f"coach {s['coach']['email']} ({s['coach']['own_clients']} own clients, "
        f"{s['coach']['organisation_clients']} in the organisation); "
        f"CR of the largest employer ({s['cr']['placements']:,} placements); "
        f"period {s['period']['start']}..{s['period']['end']}"
    )
    print(f"{'page':<12} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}  size")
    for name, page in result["pages"].items():
        timing = f"{page['p50_ms']:>8} {page['p95_ms']:>8}"
        print(f"{name:<12} {timing} {page['queries']:>8}  {page['size']}")
    if result["raw_figures"]:
        print(f"{'raw SQL':<12} {result['raw_figures']['p50_ms']:>8}")
    print(f"\n{'check':<24} {'budget':<22} {'measured':<40} result")
    for row in result["budgets"]:
        verdict = "pass" if row["pass"] else "FAIL"
        print(f"{row['what']:<24} {row['budget']:<22} {row['measured']:<40} {verdict}")


def save(result: dict, path: Path = RESULTS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    saved = json.loads(path.read_text()) if path.exists() else {}
    saved[result["database"]] = result
    path.write_text(json.dumps(saved, indent=2, default=str))
    print(f"\nWritten to {path}")


if __name__ == "__main__":
    raise SystemExit(main())
