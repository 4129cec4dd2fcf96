"""Newsletter tests: the shared fixtures; the clock frozen at 2 March 2026 in this folder."""

from tests.briefings.sharing_fixtures import *  # noqa: F403 - fixtures, folder-scoped here
