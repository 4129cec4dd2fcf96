"""The production layout in miniature: gunicorn (two web processes) and `casereviews worker`,
each a process of its own, on a database of their own (a SQLite file, or a PostgreSQL database
beside the test one when DATABASE_URL names PostgreSQL). A 50,000-row tracker import runs as a
job; its page shows the rows counted as they go; other pages answer while it runs."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings

ROWS = int(os.environ.get("WORKER_PROCESS_ROWS", "50000"))
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PROGRESS = re.compile(
    r'for="job-progress">([^<]*)</label>\s*<progress id="job-progress"[^>]*max="(\d+)" '
    r'value="(\d+)"'
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def database_url(tmp_path):
    """A database for the processes to share, made and thrown away here."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        yield f"sqlite:///{tmp_path / 'casereviews.sqlite3'}"
        return
    import psycopg

    name = f"{db['NAME']}_worker"[:63]
    server = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}
    if db.get("PASSWORD"):
        server["password"] = db["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    yield f"postgres://{db['USER']}{password}@{server['host']}:{server['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_50000_row_import_runs_as_a_job_while_the_site_answers(database_url, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CASEREVIEWS_FILES_DIR": str(tmp_path / "files"),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "casereviews.config.settings",
    }
    run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True, "text": True}
    subprocess.run([BIN / "casereviews", "migrate", "--no-input"], **run)
    made = subprocess.run(
        [BIN / "python", "-m", "tests.core.worker_process_setup", str(ROWS)], **run
    )
    setup = json.loads(made.stdout.strip().splitlines()[-1])

    port = _free_port()
    logs = tmp_path / "logs"
    logs.mkdir()
    started = []
    try:
        web = [
            BIN / "gunicorn",
            "casereviews.config.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
        ]
        worker = [BIN / "casereviews", "worker", "--no-startup-delay", "--interval", "0.2"]
        for name, command in (("web", web), ("worker", worker)):
            with open(logs / f"{name}.log", "w") as log:
                started.append(
                    subprocess.Popen(
                        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
                    )
                )
        site = requests.Session()
        site.cookies.set("sessionid", setup["session"])
        base = f"http://127.0.0.1:{port}"
        job_url = f"{base}/jobs/{setup['job']}/"
        for _ in range(100):  # gunicorn up
            try:
                requests.get(base + "/accounts/login/", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.2)

        seen: list[tuple[str, int, int]] = []
        other_pages: list[float] = []
        began = time.monotonic()
        page = ""
        while time.monotonic() - began < 900:
            page = site.get(job_url, timeout=30).text
            if "actions imported" in page or "The job did not finish" in page:
                break
            if match := PROGRESS.search(page):
                seen.append((match[1], int(match[3]), int(match[2])))
            asked = time.monotonic()
            plan = site.get(f"{base}/actions/", timeout=30)
            other_pages.append(time.monotonic() - asked)
            assert plan.status_code == 200 and "Composite action plan" in plan.text
            time.sleep(0.5)
        took = time.monotonic() - began
    finally:
        for process in started:
            process.send_signal(signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    assert f"{ROWS:,} actions imported from big.csv" in page, (
        page[-3000:] + (logs / "worker.log").read_text()[-3000:]
    )
    # The page showed the rows being checked (of the right total), then the saving part way
    # (the saving is one transaction: its progress comes from the file beside the job). The
    # checking takes a few seconds and may pass between two looks on a loaded machine, so only
    # the saving, ten times longer, must be seen part way.
    checking = [(done, total) for step, done, total in seen if step.startswith("Checking")]
    saving = [done for step, done, total in seen if step.startswith("Saving") and 0 < done < 100]
    assert all(total == setup["total"] for _, total in checking), seen
    assert saving, seen
    assert other_pages and max(other_pages) < 10, other_pages
    print(
        f"\n{ROWS:,}-row import as a job: {took:.0f} s; progress seen part way "
        f"{sum(done > 0 for done, _ in checking)} times checking, {len(saving)} times saving; "
        "the plan page answered "
        f"{len(other_pages)} times meanwhile, slowest "
        f"{max(other_pages):.2f} s, median {sorted(other_pages)[len(other_pages) // 2]:.2f} s"
    )
