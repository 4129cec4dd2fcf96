"""The business unit writes its partnership's library index again as a background job, from
the library page or `casereviews library rebuild --background --as USER`; other partnerships'
entries are left alone, and nobody else may start it."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from casereviews.core.jobs.models import Job
from casereviews.library.models import SearchEntry
from tests.core.run_jobs import run_worker
from tests.library.test_search import library, titles  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _entries(partnership):
    return sorted(
        SearchEntry.objects.filter(partnership=partnership).values_list(
            "kind", "record_id", "title"
        )
    )


def test_the_business_unit_rebuilds_its_index_as_a_job(world, client_for, library):  # noqa: F811
    ours = _entries(world.partnership)
    theirs = list(
        SearchEntry.objects.filter(partnership=world.other_partnership).values("pk").order_by("pk")
    )
    SearchEntry.objects.filter(partnership=world.partnership).delete()
    assert titles(world.business_unit, '"male carers"') == []

    client = client_for(world.business_unit)
    assert "Rebuild the search index" in client.get("/library/").content.decode()
    response = client.post("/library/rebuild/")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert run_worker() == 1
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.started_by == world.business_unit and job.partnership == world.partnership

    assert _entries(world.partnership) == ours
    assert "Ref001 finding 1: Fathers unseen" in titles(world.business_unit, '"male carers"')
    # The other partnership's entries were not touched (the same rows).
    assert list(
        SearchEntry.objects.filter(partnership=world.other_partnership).values("pk").order_by("pk")
    ) == (theirs)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f"written again: {len(ours):,} entries" in page


def test_only_the_business_unit_may_start_it(world, client_for, library):  # noqa: F811
    for user in (world.practitioner, world.reviewer, world.subgroup_member):
        client = client_for(user)
        assert "Rebuild the search index" not in client.get("/library/").content.decode()
        assert client.post("/library/rebuild/").status_code == 403
    assert client_for(world.business_unit).get("/library/rebuild/").status_code == 405
    assert not Job.objects.exists()


def test_the_command_queues_the_rebuild_with_background(world, library, capsys):  # noqa: F811
    SearchEntry.objects.filter(partnership=world.partnership).delete()
    call_command("library", "rebuild", "--background", "--as", world.business_unit.username)
    job = Job.objects.get()
    assert f"Queued as job {job.pk}" in capsys.readouterr().out
    assert job.started_by == world.business_unit
    assert SearchEntry.objects.filter(partnership=world.partnership).count() == 0
    run_worker()
    assert "Ref001 finding 1: Fathers unseen" in titles(world.business_unit, "father")
    with pytest.raises(CommandError, match="may not rebuild"):
        call_command("library", "rebuild", "--background", "--as", world.practitioner.username)
    with pytest.raises(CommandError, match="needs --as"):
        call_command("library", "rebuild", "--background")
