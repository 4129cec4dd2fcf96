"""The dashboard's "What falls due" panel and the preferences page under the account."""

from __future__ import annotations

from casereviews.reminders.models import ReminderPreference
from tests.reminders.conftest import CHILD_DETAILS


def test_dashboard_shows_what_falls_due_overdue_first(world, plan, referral, client_for):
    page = client_for(world.subgroup_member).get("/").content.decode()
    assert "What falls due" in page
    panel = page.split("What falls due")[1]
    assert f"Ref057 recommendation 1, action {plan['overdue'].pk}" in panel
    assert f"action {plan['health'].pk}" not in panel
    assert panel.index(f"action {plan['overdue'].pk}") < panel.index(f"action {plan['soon'].pk}")
    assert "Child Q" not in panel.split("</table>")[0]


def test_practitioner_with_nothing_due_is_told_so(world, plan, client_for):
    page = client_for(world.practitioner).get("/").content.decode()
    assert "Nothing falls due for you" in page


def test_preferences_saved_and_audited(world, client_for):
    client = client_for(world.subgroup_member)
    page = client.get("/accounts/reminders/").content.decode()
    assert "Weekly" in page and "Daily" not in page  # daily: the business unit's alone
    response = client.post("/accounts/reminders/", {"daily": "on"}, follow=True)
    assert "Your reminder emails are saved" in response.content.decode()
    preference = ReminderPreference.objects.get(user=world.subgroup_member)
    assert (preference.weekly, preference.daily) == (False, False)
    for detail in CHILD_DETAILS:
        assert detail not in page
