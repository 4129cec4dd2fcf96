"""An agency's service account reaches through the API exactly what its pages would show an
agency lead of that agency: another partnership's records are 404, a restricted review it is
not a member of is neither listed nor found; every call is audited."""

from __future__ import annotations

from casereviews.core.models import AuditAction, AuditLog
from tests.api.conftest import api, token_for
from tests.factories import ReviewFactory


def _all(client, url):
    rows, data = [], client.get(url).json()
    rows.extend(data["results"])
    while data["next"]:
        data = client.get(data["next"]).json()
        rows.extend(data["results"])
    return rows


def test_the_service_account_lists_only_what_the_pages_show_it(world, records, police_system):
    _account, raw = police_system
    client = api(raw)
    root = client.get("/api/v1/")
    assert root.status_code == 200 and root.json()["reviews"].endswith("/api/v1/reviews/")
    reviews = _all(client, "/api/v1/reviews/")
    assert [r["ref"] for r in reviews] == ["Ref101"]
    actions = _all(client, "/api/v1/actions/")
    assert {a["id"] for a in actions} == {records.police_action.pk, records.health_action.pk}
    assert "SECRET-RESTRICTED" not in str(client.get("/api/v1/actions/").content)


def test_other_partnership_and_restricted_ids_are_not_found(world, records, police_system):
    client = api(police_system[1])
    for url in (
        f"/api/v1/reviews/{records.their_review.pk}/",
        f"/api/v1/reviews/{records.restricted.pk}/",
        f"/api/v1/reviews/{records.restricted.pk}/findings/",
        f"/api/v1/actions/{records.their_action.pk}/",
        f"/api/v1/actions/{records.restricted_action.pk}/",
        "/api/v1/reviews/99999999999999999999/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Not found."} or "detail" in response.json()


def test_cursor_pagination_walks_every_row_once(world, records):
    client = api(token_for(world.business_unit))
    first = client.get("/api/v1/actions/?page_size=1").json()
    assert len(first["results"]) == 1 and first["next"]
    ids = [a["id"] for a in _all(client, "/api/v1/actions/?page_size=1")]
    assert len(ids) == len(set(ids)) == 3  # police, health and the restricted review's


def test_a_member_reads_the_restricted_review_and_the_read_is_audited(world, records):
    client = api(token_for(world.business_unit))
    response = client.get(f"/api/v1/reviews/{records.restricted.pk}/")
    assert response.status_code == 200 and response.json()["restricted"] is True
    views = AuditLog.objects.filter(action=AuditAction.VIEW, review=records.restricted)
    assert views.filter(actor=world.business_unit).exists()
    calls = AuditLog.objects.filter(action=AuditAction.API_CALL, actor=world.business_unit)
    assert calls.filter(object_repr__contains=f"/api/v1/reviews/{records.restricted.pk}/").exists()
    assert calls.latest("id").changes["via"].startswith("token crv_")


def test_role_rules_answer_403_as_json(world, records):
    client = api(token_for(world.practitioner))
    response = client.get("/api/v1/actions/")
    assert response.status_code == 403
    assert response.json()["detail"]
    assert client.get(f"/api/v1/reviews/{records.review.pk}/").status_code == 403  # unpublished
    # The register shows a practitioner published reviews only, as the page does.
    assert client.get("/api/v1/reviews/").json()["results"] == []


def test_a_review_shows_milestones_timeliness_and_accepted_themes(world, records):
    from casereviews.learning.models import Finding, TagSource, TagState, ThemeTag

    finding = Finding.objects.create(review=records.review, number=1, text="Fathers unseen.")
    ThemeTag.objects.create(
        finding=finding, theme_id="fathers-men", source=TagSource.PERSON, state=TagState.ACCEPTED
    )
    ThemeTag.objects.create(
        finding=finding, theme_id="neglect", source=TagSource.ENGINE, state=TagState.SUGGESTED
    )
    client = api(token_for(world.business_unit))
    review = client.get(f"/api/v1/reviews/{records.review.pk}/").json()
    assert review["accepted_themes"] == ["fathers-men"]
    assert set(review["milestones"]) >= {"initiated_on", "published_on"}
    assert review["timeliness"]["state"]
    findings = client.get(f"/api/v1/reviews/{records.review.pk}/findings/").json()
    assert findings == [
        {
            "id": finding.pk,
            "number": 1,
            "title": "",
            "text": "Fathers unseen.",
            "accepted_themes": ["fathers-men"],
        }
    ]
    recs = client.get(f"/api/v1/reviews/{records.review.pk}/recommendations/").json()
    assert {a["status"] for a in recs[0]["actions"]} == {"red"}


def test_the_reviews_list_reads_a_page_in_a_fixed_number_of_queries(world, records):
    """Each review's accepted themes are read for the whole page at once: 3 reviews or 23, the
    same queries, and each row still carries its own themes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casereviews.learning.models import Finding, TagSource, TagState, ThemeTag

    def accept(review, theme_id):
        finding = Finding.objects.create(review=review, number=1, text="A finding.")
        ThemeTag.objects.create(
            finding=finding, theme_id=theme_id, source=TagSource.PERSON, state=TagState.ACCEPTED
        )

    accept(records.review, "fathers-men")
    client = api(token_for(world.business_unit))

    def listing():
        with CaptureQueriesContext(connection) as queries:
            rows = client.get("/api/v1/reviews/?page_size=50").json()["results"]
        return rows, len(queries)

    listing()  # the first call of a token also notes its first use
    rows, few = listing()
    for n in range(20):
        accept(ReviewFactory(partnership=world.partnership, ref=f"Ref2{n:02d}"), "neglect")
    more_rows, many = listing()
    assert len(more_rows) == len(rows) + 20
    assert many == few
    themes = {row["ref"]: row["accepted_themes"] for row in more_rows}
    assert themes["Ref101"] == ["fathers-men"] and themes["Ref205"] == ["neglect"]
    assert themes["Ref102"] == []
