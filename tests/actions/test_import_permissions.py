"""Who may import: the business unit and agency leads (their own agency's rows only). Others of
the partnership get 403; another partnership's user never reaches our import or our reviews."""

from __future__ import annotations

import pytest

from casereviews.actions import services
from casereviews.actions.models import Action, ImportBatch
from tests.actions.fixtures_import import (
    REC_1,
    REC_2,
    good_rows,
    preview_of,
    start_import,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

PAGES = [
    ("get", "/actions/import/"),
    ("get", "/actions/import/sheet/"),
    ("get", "/actions/import/headings/"),
    ("get", "/actions/import/columns/"),
    ("get", "/actions/import/check/"),
    ("post", "/actions/import/confirm/"),
    ("post", "/actions/import/cancel/"),
]


def _in_progress(client, user) -> None:
    """An import of `user` in progress, as the session keeps it."""
    start_import(client, "t.xlsx", xlsx_bytes(good_rows(), extra_sheets={"Notes": [["x"]]}))
    assert client.session["actions_import"]["user_id"] == user.pk


@pytest.mark.parametrize("role", ["business_unit", "subgroup_member"])
def test_business_unit_and_agency_lead_may_open_every_step(world, client_for, review, role):
    user = getattr(world, role)
    client = client_for(user)
    _in_progress(client, user)
    for method, url in PAGES[:5]:
        response = getattr(client, method)(url)
        assert response.status_code == 200, url
    batch = ImportBatch.objects.create(
        partnership=world.partnership, original_name="x.xlsx", sha256="0" * 64, imported_by=user
    )
    assert client.get(f"/actions/import/{batch.pk}/").status_code == 200


@pytest.mark.parametrize("role", ["reviewer", "practitioner"])
def test_others_of_the_partnership_are_forbidden(world, client_for, review, role):
    client = client_for(getattr(world, role))
    for method, url in PAGES:
        assert getattr(client, method)(url).status_code == 403, url
    batch = ImportBatch.objects.create(
        partnership=world.partnership, original_name="x.xlsx", sha256="0" * 64
    )
    assert client.get(f"/actions/import/{batch.pk}/").status_code == 403


def test_another_partnership_never_reaches_our_import(world, client_for, review):
    client = client_for(world.business_unit)
    _in_progress(client, world.business_unit)
    state = client.session["actions_import"]
    preview_of(client, "t.xlsx", xlsx_bytes(good_rows()))
    client.post("/actions/import/confirm/")
    batch = ImportBatch.objects.get()

    outsider = client_for(world.outsider)
    session = outsider.session
    session["actions_import"] = state  # our import, carried into their session
    session.save()
    for method, url in PAGES[1:]:
        assert getattr(outsider, method)(url).status_code == 404, url
    assert outsider.get(f"/actions/import/{batch.pk}/").status_code == 404


def test_another_partnership_importing_our_refs_learns_nothing(world, client_for, review):
    outsider = client_for(world.outsider)
    assert outsider.get("/actions/import/").status_code == 200
    page = preview_of(outsider, "t.xlsx", xlsx_bytes(good_rows())).content.decode()
    assert "Ref057 is not a review of your partnership" in page
    assert "Northshire Police” is not an agency of Southshire" in page
    assert review.summary not in page
    assert outsider.post("/actions/import/confirm/").status_code == 200
    assert not Action.objects.exists()


def test_an_agency_lead_imports_only_their_own_agency(world, client_for, review):
    lead = client_for(world.subgroup_member)  # Northshire Police
    page = preview_of(lead, "t.xlsx", xlsx_bytes(good_rows())).content.decode()
    assert "Northshire Health is not your agency: you can only import actions of Northshire" in page
    assert "Ref057 has no recommendation with this wording" in page
    assert lead.post("/actions/import/confirm/").status_code == 200
    assert not Action.objects.exists()

    for text in (REC_1, REC_2):
        services.create_recommendation(world.business_unit, review, text=text)
    police_rows = [r for r in good_rows() if r[3] == "Northshire Police"]
    page = preview_of(lead, "police.xlsx", xlsx_bytes(police_rows)).content.decode()
    assert "Ready to import 2 actions, for 2 recommendations already on the reviews" in page
    response = lead.post("/actions/import/confirm/")
    assert response.status_code == 302
    assert {a.agency for a in Action.objects.all()} == {world.police}
    done = lead.get(response["Location"]).content.decode()
    assert f"/actions/?agency={world.police.pk}" in done

    # Another agency lead sees nothing of this import.
    other = client_for(world.other_subgroup_member)
    assert other.get(response["Location"]).status_code == 404
