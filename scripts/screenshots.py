"""Take full-page screenshots of pages as a signed-in user, to look at what we make.

    .venv/bin/python scripts/screenshots.py --user business.unit /reviews/ /referrals/

Needs a running server (`make run`) and Chromium. Writes PNGs to var/screenshots/.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="business.unit")
    parser.add_argument("--password", default="demo-password-2017")
    parser.add_argument("--out", default="var/screenshots")
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": 900})
        page.goto(args.base + "/accounts/sign-in/")
        page.fill("#id_username", args.user)
        page.fill("#id_password", args.password)
        page.click("button[type=submit]")
        for path in args.paths:
            page.goto(args.base + path)
            name = re.sub(r"[^a-z0-9]+", "-", f"{args.user}{path}".lower()).strip("-")
            target = out / f"{name}.png"
            page.screenshot(path=str(target), full_page=True)
            print(target)
        browser.close()


if __name__ == "__main__":
    main()
