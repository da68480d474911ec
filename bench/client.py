"""Shared by the benchmark and the load test: datasets, a signed-in HTTP client, gunicorn.

Traffic goes only to 127.0.0.1. Every request has a timeout, and every loop a bound.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"
# Generated datasets (hundreds of MB), logs and results; PATHWAY_BENCH_DIR puts them elsewhere.
BENCH_DIR = Path(os.environ.get("PATHWAY_BENCH_DIR") or INSTANCE / "bench")
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

os.environ.setdefault("PATHWAY_ENV", "development")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def make_app(url: str):
    from pathway import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url})


def dataset(url: str, employers: int, sites: int, candidates: int, years: int = 3, seed: int = 1):
    """Migrate ``url`` and generate into it, unless it already holds that dataset."""
    import click
    from flask_migrate import upgrade
    from sqlalchemy import func, select, text

    from pathway.candidates.models import Candidate
    from pathway.clock import utcnow
    from pathway.devdata.scale.generate import Scale, generate
    from pathway.extensions import db

    app = make_app(url)
    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade(directory=str(ROOT / "migrations"), revision="heads")
        have = db.session.scalar(select(func.count()).select_from(Candidate))
        db.session.rollback()
        if have == candidates:
            with db.engine.begin() as connection:
                connection.execute(text("ANALYZE"))  # statistics for any new index
            db.engine.dispose()
            return 0.0
        began = time.perf_counter()
        scale = Scale(employers, sites, candidates, years, seed, utcnow().date())
        label = f"Generating {candidates:,} candidates"
        with click.progressbar(length=candidates, label=label, file=sys.stderr) as bar:
            generate(scale, bar.update)
        db.engine.dispose()
        return time.perf_counter() - began


def cached_sqlite(employers: int, sites: int, candidates: int, years: int = 3, seed: int = 1):
    """A generated SQLite file under ``BENCH_DIR``, made once per set of parameters."""
    folder = BENCH_DIR / "datasets"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"e{employers}-s{sites}-c{candidates}-y{years}-seed{seed}.sqlite3"
    partial = path.with_suffix(".partial")
    if path.exists():  # brought up to the latest migrations (e.g. new indexes), kept
        dataset(sqlite_url(path), employers, sites, candidates, years, seed)
        return path, None
    for leftover in folder.glob(partial.name + "*"):
        leftover.unlink()
    seconds = dataset(sqlite_url(partial), employers, sites, candidates, years, seed)
    _sqlite_checkpoint(partial)
    partial.rename(path)
    return path, seconds


def _sqlite_checkpoint(path: Path) -> None:
    import sqlite3

    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode = DELETE")


def fresh_copy(path: Path, name: str) -> Path:
    """A working copy of a cached dataset, for runs that write."""
    copy = path.with_name(name)
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    shutil.copyfile(path, copy)
    return copy


# --- HTTP ----------------------------------------------------------------------------------


class Browser:
    """One signed-in person: a session cookie, CSRF tokens scraped from pages."""

    def __init__(self, port: int, timeout: float = 30):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        """(status, body, seconds) of one request; redirects are not followed."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        began = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            seconds = time.perf_counter() - began
            for header in response.headers.get_all("Set-Cookie") or []:
                for key, morsel in SimpleCookie(header).items():
                    self.cookies[key] = morsel.value
            return response.status, text, seconds
        finally:
            connection.close()

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, form: dict):
        return self.request("POST", path, form)

    def sign_in(self, email: str, password: str) -> None:
        status, page, _ = self.get("/login")
        token = CSRF.search(page).group(1)
        form = {"email": email, "password": password, "csrf_token": token}
        status, _, _ = self.post("/login", form)
        if status != 302:
            raise RuntimeError(f"could not sign in as {email} (HTTP {status})")


# --- gunicorn ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(app: str, url: str, workers: int, log: Path):
    """Serve ``app`` on a free loopback port; yields (port, master process)."""
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, PATHWAY_ENV="development")
    with open(log, "w") as out:
        process = subprocess.Popen(
            # --timeout: the slowest report pages take longer than gunicorn's default 30 s
            [
                GUNICORN,
                "--workers",
                str(workers),
                "--timeout",
                "120",
                "--bind",
                f"127.0.0.1:{port}",
                app,
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for(port, process)
            yield port, process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting; see its log")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start in time")


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return pids


def peak_rss_mb(pid: int) -> float:
    """The most memory the process has held (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]
