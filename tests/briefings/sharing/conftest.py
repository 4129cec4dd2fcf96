"""Dissemination tests: the shared fixtures; the clock frozen at 2 March 2026 in this folder."""

import pytest

from tests.briefings.sharing_fixtures import (  # noqa: F401 - fixtures used by the tests here
    briefing,
    date_fields,
    draft,
    education,
    frozen_today,
    make_briefing,
    review,
    theirs,
)


@pytest.fixture(autouse=True)
def _today(frozen_today):  # noqa: F811
    yield
