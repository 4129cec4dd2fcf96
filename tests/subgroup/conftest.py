from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone


@pytest.fixture(autouse=True)
def _today():
    """Friday 20 November 2026, midday in London: a meeting in December is in the future."""
    moment = timezone.make_aware(dt.datetime(2026, 11, 20, 12, 0))
    with time_machine.travel(moment, tick=False):
        yield
