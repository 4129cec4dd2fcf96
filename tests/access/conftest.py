"""Prints how many access checks the run made (tests/access/oracle.py counts them)."""

from __future__ import annotations

from tests.access import oracle


def pytest_terminal_summary(terminalreporter):
    if oracle.COUNTS:
        terminalreporter.section("access checks")
        for what, count in sorted(oracle.COUNTS.items()):
            terminalreporter.write_line(f"{what}: {count}")
