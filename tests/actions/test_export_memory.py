"""The plan's exports stream in bounded memory: ten times the actions must not take anything
like ten times the memory (tracemalloc's peak of Python allocations: memory, not time). And
reading the plan in chunks changes nothing in the file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tracemalloc

import openpyxl
import pytest
from django.urls import reverse

from casereviews.actions import exports, selectors
from casereviews.actions.models import Action, ActionUpdate
from tests.actions.conftest import TODAY

pytestmark = pytest.mark.django_db


def _add_actions(world, recommendation, count: int) -> None:
    Action.objects.bulk_create(
        Action(
            partnership=world.partnership,
            recommendation=recommendation,
            agency=world.police if n % 2 else world.health,
            description=f"Action {n}: " + "audit the records of every child seen. " * 4,
            lead_role="Named Nurse",
            due_on=TODAY + dt.timedelta(days=n % 400 - 200),
            success_measure="Dip sample shows the change in 95% of records.",
        )
        for n in range(count)
    )


def _peak_of_export(client, fmt: str) -> tuple[int, int]:
    """Peak traced memory while the response is made and read chunk by chunk; its size."""
    tracemalloc.start()
    try:
        response = client.get(reverse("actions:export"), {"format": fmt})
        size = sum(len(chunk) for chunk in response.streaming_content)
        return tracemalloc.get_traced_memory()[1], size
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_ten_times_the_actions_do_not_take_ten_times_the_memory(
    world, client_for, recommendation, settings, fmt
):
    settings.JOBS_EXPORT_ROWS = 10**6  # straight away, in the request
    client = client_for(world.business_unit)
    _add_actions(world, recommendation, 300)
    client.get(reverse("actions:export"), {"format": fmt}).getvalue()  # imports, caches
    small, small_size = _peak_of_export(client, fmt)
    _add_actions(world, recommendation, 2_700)
    big, big_size = _peak_of_export(client, fmt)
    assert big_size > 5 * small_size  # the file did grow with the rows
    assert big < 3 * small, (small, big)


def test_the_chunks_give_the_same_rows_with_their_last_updates(world, client_for, recommendation):
    _add_actions(world, recommendation, 7)
    actions = list(Action.objects.order_by("id"))
    for n, action in enumerate(actions[:5]):
        ActionUpdate.objects.create(
            action=action,
            kind="progress",
            written_on=TODAY - dt.timedelta(days=n),
            text="Progress",
        )
    plan = selectors.plan_actions(world.business_unit)
    whole = list(exports.plan_rows(plan, TODAY, chunk_size=1000))
    assert list(exports.plan_rows(plan, TODAY, chunk_size=2)) == whole
    assert sum(1 for row in whole if row[10] is not None) == 5  # last update per action

    client = client_for(world.business_unit)
    text = client.get(reverse("actions:export"), {"format": "csv"}).getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 8
    assert (
        rows[1:]
        == list(
            csv.reader(
                io.StringIO(b"".join(exports.csv_chunks(whole, 3)).decode("utf-8-sig"), newline="")
            )
        )[1:]
    )
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("actions:export"), {"format": "xlsx"}).getvalue())
    )
    sheet = book.active
    assert sheet.max_row == 8
    assert [c.value for c in sheet[2]][3] == whole[0][3]
