"""Tests run on the real clock unless their own module or folder freezes it.

A fixture that freezes time must live in the test's own module or folder conftest.py; one
loaded as a plugin (pytest_plugins) would apply to every test collected after it. This module
is moved to the very end of the run (tests/conftest.py), so such a leak anywhere fails it.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile

from django.utils import timezone


def _operating_system_now() -> float:
    """The time as the file system stamps a new file: time_machine does not reach it."""
    with tempfile.NamedTemporaryFile() as handle:
        return os.fstat(handle.fileno()).st_mtime


def test_the_clock_is_real_where_nothing_froze_it():
    assert abs(timezone.now().timestamp() - _operating_system_now()) < 120
    assert abs(dt.date.today() - dt.date.fromtimestamp(_operating_system_now())).days <= 1
