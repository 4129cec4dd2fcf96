"""Measure hostile uploads against a real server: peak memory, time, and other requests served.

    .venv/bin/python scripts/measure_uploads.py            # every case
    .venv/bin/python scripts/measure_uploads.py bomb pdf   # some of them

Sets up a throw-away installation (SQLite and files in a temporary folder, the demo loaded),
then for each case starts `casereviews runserver --noreload` on 127.0.0.1, signs in as the demo
business unit user, sends the upload, and meanwhile asks for a small signed-in page every
0.1 s. The server's memory is read from /proc (VmRSS sampled every 20 ms, and VmHWM, the
kernel's own peak). Each case gets a fresh server, so each peak is its own. Loopback only;
every loop is bounded. Not a test: the figures go in ADR 0017.

Cases:
  bomb     a zip bomb named .xlsx (3 members, one unpacking to 4 GiB of zeros), to the import
  lying    the same with its directory claiming 1,000 bytes, ratio limit switched off
  big      a 200 MB upload to the import (stopped by the upload handler at the 25 MB limit)
  rows     a 100,000-row tracker: upload, then the check page that reads every row
  pdf      a 5,000-page PDF as a review's report (refused by the page bound)
"""

from __future__ import annotations

import http.client
import http.cookiejar
import io
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
PASSWORD = "demo-password-2017"  # noqa: S105 - the documented demo sign-in


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _proc_kb(pid: int, field: str) -> int:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(rf"^{field}:\s+(\d+) kB", text, re.M)
    return int(found.group(1)) if found else 0


class Server:
    def __init__(self, env: dict[str, str], extra_env: dict[str, str] | None = None) -> None:
        self.port = _free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.process = subprocess.Popen(  # noqa: S603 - our own console script
            [str(BIN / "casereviews"), "runserver", "--noreload", f"{HOST}:{self.port}"],
            env=env | (extra_env or {}),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(300):  # at most 30 s to start
            try:
                urllib.request.urlopen(self.base + "/accounts/sign-in/", timeout=2).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.samples.append(_proc_kb(self.process.pid, "VmRSS"))
            time.sleep(0.02)

    def rss_mb(self) -> float:
        return _proc_kb(self.process.pid, "VmRSS") / 1024

    def peak_mb(self) -> float:
        return max(_proc_kb(self.process.pid, "VmHWM"), *self.samples) / 1024

    def stop(self) -> None:
        self._stop.set()
        self._sampler.join()
        self.process.terminate()  # only the server this script started
        self.process.wait(timeout=30)


class Session:
    """A signed-in browser, as far as the server can tell."""

    def __init__(self, base: str, username: str = "business.unit") -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.get("/accounts/sign-in/")
        data = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": _csrf(page)}
        self.opener.open(self.base + "/accounts/sign-in/", urllib.parse.urlencode(data).encode())

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=600) as response:
            return response.read().decode()

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def post_file(self, path: str, field: str, name: str, body_file: Path, extra: dict) -> str:
        """POST a multipart form whose file part is read from `body_file` as it is sent."""
        csrf = _csrf(self.get(path))
        boundary = uuid.uuid4().hex
        fields = extra | {"csrfmiddlewaretoken": csrf}
        head = io.BytesIO()
        for key, value in fields.items():
            head.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode()
            )
            head.write(f"{value}\r\n".encode())
        head.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        )
        tail = f"\r\n--{boundary}--\r\n".encode()
        size = len(head.getvalue()) + body_file.stat().st_size + len(tail)
        connection = http.client.HTTPConnection(HOST, int(self.base.rsplit(":", 1)[1]), timeout=600)
        connection.putrequest("POST", path)
        connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        connection.putheader("Content-Length", str(size))
        connection.putheader("Cookie", self.cookie_header())
        connection.putheader("Referer", self.base + path)
        connection.endheaders()
        try:
            connection.send(head.getvalue())
            with open(body_file, "rb") as source:
                while block := source.read(1024 * 1024):
                    connection.send(block)
            connection.send(tail)
        except (BrokenPipeError, ConnectionResetError):
            pass
        response = connection.getresponse()
        location = response.getheader("Location") or ""
        text = response.read().decode(errors="replace")
        connection.close()
        return f"{response.status} {location}\n{text}"


def _csrf(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _message(page: str) -> str:
    found = re.search(r'govuk-error-summary__list">\s*<li>\s*<a[^>]*>([^<]+)<', page)
    return found.group(1).strip() if found else "(no error on the page)"


class Pinger(threading.Thread):
    """GETs a small signed-in page every 0.1 s until stopped (at most 6,000 times)."""

    def __init__(self, session: Session, path: str = "/actions/") -> None:
        super().__init__(daemon=True)
        self.session, self.path = session, path
        self.times: list[float] = []
        self.failures = 0
        self.stop = threading.Event()

    def run(self) -> None:
        for _ in range(6000):
            if self.stop.is_set():
                return
            started = time.perf_counter()
            try:
                self.session.get(self.path)
                self.times.append(time.perf_counter() - started)
            except OSError:
                self.failures += 1
            time.sleep(0.1)

    def summary(self) -> str:
        if not self.times:
            return f"no other request answered ({self.failures} failed)"
        return (
            f"{len(self.times)} other GETs answered meanwhile, median "
            f"{statistics.median(self.times) * 1000:.0f} ms, slowest "
            f"{max(self.times) * 1000:.0f} ms, {self.failures} failed"
        )


def _files_left(var: Path) -> list[str]:
    return [str(p.relative_to(var)) for p in (var / "files").rglob("*") if p.is_file()]


def run_case(env, var, label, build, path, field, name, extra=None, server_env=None, after=None):
    work = Path(tempfile.mkdtemp(prefix="measure-"))
    body = build(work / name)
    before = set(_files_left(var))
    server = Server(env, server_env)
    try:
        session = Session(server.base)
        idle = server.rss_mb()
        pinger = Pinger(Session(server.base))
        pinger.start()
        started = time.perf_counter()
        reply = session.post_file(path, field, name, body, extra or {})
        if after:
            reply = after(session, reply)
        elapsed = time.perf_counter() - started
        time.sleep(0.3)
        pinger.stop.set()
        pinger.join()
        left = sorted(set(_files_left(var)) - before)
        print(f"\n[{label}] {body.stat().st_size / 1e6:.1f} MB sent as {name}")
        print(f"  answer: {reply.split(chr(10), 1)[0]} -> {_message(reply.split(chr(10), 1)[1])}")
        print(
            f"  time {elapsed:.2f} s; server RSS idle {idle:.0f} MB, peak {server.peak_mb():.0f} MB"
        )
        print(f"  {pinger.summary()}")
        print(f"  new files under FILES_ROOT: {left or 'none'}")
    finally:
        server.stop()
        body.unlink(missing_ok=True)
        work.rmdir()


def _bomb(path: Path) -> Path:
    from tests.core.hostile import bomb_file

    return bomb_file(path, 4 * 1024**3)


def _lying(path: Path) -> Path:
    from tests.core.hostile import bomb_bytes, with_declared_size

    data = with_declared_size(bomb_bytes(1024**3), "xl/worksheets/sheet1.xml", 1000)
    path.write_bytes(data)
    return path


def _big(path: Path) -> Path:
    with open(path, "wb") as out:
        block = b"PK\x03\x04" + bytes(1024 * 1024 - 4)
        for _ in range(200):
            out.write(block)
    return path


def _rows(path: Path) -> Path:
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Tracker")
    sheet.append(["Ref", "Recommendation", "Action required", "Lead agency", "Lead officer",
                  "Target date", "RAG", "Update", "Evidence of impact"])  # fmt: skip
    for n in range(100_000):
        sheet.append(["Ref053", "Agencies must share information about the family.",
                      f"Action {n}: brief every team on recording who lives in the home.",
                      "Northshire Police", "Detective Inspector", dt.date(2027, 3, 31),
                      "Amber", "Briefings given to 3 of 5 teams.", None])  # fmt: skip
    book.save(path)
    return path


def _check_page(session: Session, reply: str) -> str:
    """Follow the import to the check page, which reads every row of the sheet."""
    if not reply.startswith("302"):
        return reply
    page = session.get("/actions/import/columns/")
    form = {}
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        form[name] = chosen.group(1) if chosen else ""
    form["csrfmiddlewaretoken"] = _csrf(page)
    data = urllib.parse.urlencode(form).encode()
    with session.opener.open(session.base + "/actions/import/columns/", data, timeout=900) as r:
        text = r.read().decode()
    rows = re.search(r"(\d[\d,]*) rows?", text)
    return f"200 check page{(' (' + rows.group(0) + ')') if rows else ''}\n{text}"


def _pdf(path: Path) -> Path:
    import pypdf

    from tests.core.hostile import pdf_bytes

    page = pypdf.PdfReader(io.BytesIO(pdf_bytes(1, "Overview report"))).pages[0]
    writer = pypdf.PdfWriter()
    for _ in range(5000):
        writer.add_page(page)
    with open(path, "wb") as out:
        writer.write(out)
    return path


def main() -> None:
    chosen = set(sys.argv[1:]) or {"bomb", "lying", "big", "rows", "pdf"}
    var = Path(tempfile.mkdtemp(prefix="casereviews-measure-"))
    env = os.environ | {"CASEREVIEWS_VAR_DIR": str(var), "DEBUG": "0", "LOG_LEVEL": "ERROR"}
    env.pop("DATABASE_URL", None)
    command = str(BIN / "casereviews")
    subprocess.run([command, "migrate", "--no-input", "-v0"], env=env, check=True)  # noqa: S603
    subprocess.run([command, "demo"], env=env, check=True, capture_output=True)  # noqa: S603
    os.environ.update(
        CASEREVIEWS_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="casereviews.config.settings"
    )
    import django

    django.setup()
    from casereviews.reviews.models import Review

    review = Review.objects.order_by("pk").first().pk
    imp = ("/actions/import/", "file")
    if "bomb" in chosen:
        run_case(env, var, "zip bomb", _bomb, *imp, "tracker.xlsx")
    if "lying" in chosen:
        run_case(env, var, "lying zip header", _lying, *imp, "tracker.xlsx",
                 server_env={"CASEREVIEWS_MAX_ARCHIVE_RATIO": "100000000"})  # fmt: skip
    if "big" in chosen:
        run_case(env, var, "200 MB upload", _big, *imp, "tracker.xlsx")
    if "rows" in chosen:
        run_case(env, var, "100,000-row tracker", _rows, *imp, "tracker.xlsx",
                 after=_check_page)  # fmt: skip
    if "pdf" in chosen:
        run_case(env, var, "5,000-page PDF report", _pdf,
                 f"/reviews/{review}/reports/new/", "file", "overview.pdf")  # fmt: skip
    print(f"\n(installation left in {var}; remove it when done)")


if __name__ == "__main__":
    main()
