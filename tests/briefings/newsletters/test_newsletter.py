"""Newsletter issues: who may see and write them, their items and order, publishing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from casereviews.briefings.models import Newsletter, NewsletterItem
from casereviews.briefings.newsletters import services as services
from casereviews.core.models import AuditLog


def dates(name: str, day: dt.date | None) -> dict[str, str]:
    parts = ("", "", "") if day is None else (str(day.day), str(day.month), str(day.year))
    return dict(zip((f"{name}-day", f"{name}-month", f"{name}-year"), parts, strict=True))


@pytest.fixture
def issue(world):
    return services.create_newsletter(
        world.business_unit,
        title="Learning newsletter: spring 2026",
        issue_date=dt.date(2026, 3, 1),
        introduction="Welcome to the spring issue.\n\nThree reviews have published learning.",
    )


@pytest.fixture
def filled(world, issue, briefing):
    bu = world.business_unit
    services.add_item(bu, issue, kind="briefing", briefing=briefing)
    services.add_item(
        bu, issue, kind="update", heading="Action plan progress", body="14 of 18 actions are Green."
    )
    services.add_item(
        bu,
        issue,
        kind="event",
        heading="Learning from case reviews: training",
        event_on=dt.date(2026, 4, 21),
        body="A half-day multi-agency session at Northshire House.",
    )
    return issue


@pytest.fixture
def published_issue(world, filled):
    services.publish(world.business_unit, filled)
    filled.refresh_from_db()
    return filled


def others(issue, item) -> list[NewsletterItem]:
    return [i for i in NewsletterItem.objects.filter(newsletter=issue) if i.pk != item.pk]


def headings(issue) -> list[str]:
    return [i.heading or i.briefing.title for i in NewsletterItem.objects.filter(newsletter=issue)]


# --- who may see -----------------------------------------------------------------------------


def test_practitioner_reads_published_issues_not_drafts(world, client_for, published_issue):
    draft = services.create_newsletter(
        world.business_unit, title="Summer draft", issue_date=dt.date(2026, 6, 1)
    )
    client = client_for(world.practitioner)
    listing = client.get(reverse("newsletters:list")).content.decode()
    assert "Learning newsletter: spring 2026" in listing
    assert "Summer draft" not in listing
    assert client.get(reverse("newsletters:detail", args=[published_issue.pk])).status_code == 200
    assert client.get(reverse("newsletters:detail", args=[draft.pk])).status_code == 403
    assert client.get(reverse("newsletters:pdf", args=[draft.pk])).status_code == 403
    pdf = client.get(reverse("newsletters:pdf", args=[published_issue.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_drafts_are_for_the_business_unit(world, client_for, filled):
    url = reverse("newsletters:detail", args=[filled.pk])
    assert client_for(world.business_unit).get(url).status_code == 200
    for user in (world.subgroup_member, world.reviewer, world.practitioner):
        assert client_for(user).get(url).status_code == 403
    listing = client_for(world.business_unit).get(reverse("newsletters:list")).content.decode()
    assert "Learning newsletter: spring 2026" in listing and "Draft" in listing


def test_outsider_finds_no_issue_of_ours(world, client_for, published_issue):
    client = client_for(world.outsider)
    for name in (
        "newsletters:detail",
        "newsletters:pdf",
        "newsletters:edit",
        "newsletters:publish",
    ):
        assert client.get(reverse(name, args=[published_issue.pk])).status_code == 404
    listing = client.get(reverse("newsletters:list")).content.decode()
    assert "spring 2026" not in listing


@pytest.mark.parametrize("who", ["subgroup_member", "reviewer", "practitioner"])
def test_only_the_business_unit_writes_issues(world, client_for, filled, who):
    client = client_for(getattr(world, who))
    item = NewsletterItem.objects.filter(newsletter=filled).first()
    assert client.get(reverse("newsletters:new")).status_code == 403
    assert client.get(reverse("newsletters:edit", args=[filled.pk])).status_code == 403
    assert client.get(reverse("newsletters:publish", args=[filled.pk])).status_code == 403
    assert (
        client.get(reverse("newsletters:item_new", args=[filled.pk, "update"])).status_code == 403
    )
    move = reverse("newsletters:item_move", args=[filled.pk, item.pk])
    assert client.post(move, {"direction": "down"}).status_code == 403
    remove = reverse("newsletters:item_remove", args=[filled.pk, item.pk])
    assert client.post(remove).status_code == 403
    assert NewsletterItem.objects.filter(newsletter=filled).count() == 3


# --- writing an issue ------------------------------------------------------------------------


def test_start_an_issue(world, client_for):
    client = client_for(world.business_unit)
    assert client.get(reverse("newsletters:new")).status_code == 200
    response = client.post(
        reverse("newsletters:new"),
        {
            "title": "Winter issue",
            "introduction": "Hello",
            **dates("issue_date", dt.date(2026, 1, 9)),
        },
    )
    issue = Newsletter.objects.get()
    assert response["Location"] == reverse("newsletters:detail", args=[issue.pk])
    assert issue.status == "draft" and issue.partnership == world.partnership
    assert AuditLog.objects.filter(object_type="briefings.Newsletter", action="create").exists()


def test_start_an_issue_with_mistakes(world, client_for):
    response = client_for(world.business_unit).post(
        reverse("newsletters:new"), {"title": "", **dates("issue_date", None)}
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter the title of the issue" in html and "Enter the issue date" in html
    assert not Newsletter.objects.exists()


def test_edit_is_versioned_and_the_loser_keeps_their_words(world, client_for, issue):
    url = reverse("newsletters:edit", args=[issue.pk])
    opened = issue.version
    services.update_newsletter(world.business_unit, issue, {"title": "Changed meanwhile"}, None)
    response = client_for(world.business_unit).post(
        url,
        {
            "version": str(opened),
            "title": "My new title",
            "introduction": "My introduction",
            **dates("issue_date", dt.date(2026, 3, 1)),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "since you opened it" in html
    assert "Changed meanwhile" in html and 'value="My new title"' in html
    issue.refresh_from_db()
    assert issue.title == "Changed meanwhile"


def test_items_in_order_and_moved(world, client_for, filled, briefing):
    assert headings(filled) == [
        "Learning from Ref057",
        "Action plan progress",
        "Learning from case reviews: training",
    ]
    client = client_for(world.business_unit)
    event = NewsletterItem.objects.get(newsletter=filled, kind="event")
    client.post(reverse("newsletters:item_move", args=[filled.pk, event.pk]), {"direction": "up"})
    client.post(reverse("newsletters:item_move", args=[filled.pk, event.pk]), {"direction": "up"})
    assert headings(filled)[0] == "Learning from case reviews: training"
    # at the top already: nothing moves
    client.post(reverse("newsletters:item_move", args=[filled.pk, event.pk]), {"direction": "up"})
    assert headings(filled) == [
        "Learning from case reviews: training",
        "Learning from Ref057",
        "Action plan progress",
    ]
    html = client.get(reverse("newsletters:detail", args=[filled.pk])).content.decode()
    order = [html.index(f'id="item-{i.pk}-heading"') for i in (event, *others(filled, event))]
    assert order == sorted(order)


def test_remove_an_item(world, client_for, filled):
    update = NewsletterItem.objects.get(newsletter=filled, kind="update")
    client_for(world.business_unit).post(
        reverse("newsletters:item_remove", args=[filled.pk, update.pk])
    )
    assert headings(filled) == ["Learning from Ref057", "Learning from case reviews: training"]
    assert list(
        NewsletterItem.objects.filter(newsletter=filled).values_list("position", flat=True)
    ) == [0, 1]
    assert AuditLog.objects.filter(object_type="briefings.NewsletterItem", action="delete").exists()


def test_briefing_item_shows_title_kind_ref_key_points_and_link(
    world, client_for, filled, briefing
):
    html = (
        client_for(world.business_unit)
        .get(reverse("newsletters:detail", args=[filled.pk]))
        .content.decode()
    )
    assert "Learning from Ref057" in html
    assert "7-minute briefing · Ref057" in html
    assert "Think family: who else lives in the home?" in html
    assert "Hear the voice of the child" in html


def test_only_published_briefings_can_be_chosen(world, client_for, issue, briefing, draft, theirs):
    client = client_for(world.business_unit)
    url = reverse("newsletters:item_new", args=[issue.pk, "briefing"])
    html = client.get(url).content.decode()
    assert "Learning from Ref057" in html
    assert "Draft learning" not in html and "Theirs" not in html
    for other in (draft, theirs):
        response = client.post(url, {"briefing": str(other.pk)})
        assert (
            "Choose a published briefing that is not in the issue yet" in response.content.decode()
        )
    assert client.post(url, {"briefing": str(briefing.pk)}).status_code == 302
    # already in the issue: no longer offered
    assert "Learning from Ref057" not in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("update", {"heading": "", "body": ""}, "Enter a heading"),
        ("update", {"heading": "Progress", "body": " "}, "Enter the text of the update"),
        (
            "event",
            {"heading": "Training", **dates("event_on", None)},
            "Enter the date of the event",
        ),
        (
            "event",
            {"heading": "", **dates("event_on", dt.date(2026, 4, 1))},
            "Enter the name of the event",
        ),
        (
            "event",
            {"heading": "T", "event_on-day": "30", "event_on-month": "2", "event_on-year": "2026"},
            "Date of the event must be a real date",
        ),
    ],
)
def test_item_mistakes_get_clear_messages(world, client_for, issue, kind, data, message):
    url = reverse("newsletters:item_new", args=[issue.pk, kind])
    html = client_for(world.business_unit).post(url, data).content.decode()
    assert "There is a problem" in html and message in html
    assert not NewsletterItem.objects.exists()


def test_edit_an_update(world, client_for, filled):
    update = NewsletterItem.objects.get(newsletter=filled, kind="update")
    url = reverse("newsletters:item_edit", args=[filled.pk, update.pk])
    client = client_for(world.business_unit)
    assert "14 of 18 actions are Green." in client.get(url).content.decode()
    client.post(url, {"heading": "Action plan progress", "body": "16 of 18 actions are Green."})
    update.refresh_from_db()
    assert update.body == "16 of 18 actions are Green."


def test_unknown_item_kind_is_not_found(world, client_for, issue):
    url = reverse("newsletters:item_new", args=[issue.pk, "poem"])
    assert client_for(world.business_unit).get(url).status_code == 404


# --- publishing ------------------------------------------------------------------------------


def test_publish_makes_it_readable_by_practitioners(world, client_for, filled):
    client = client_for(world.business_unit)
    page = client.get(reverse("newsletters:publish", args=[filled.pk])).content.decode()
    assert "found nothing that looks like a personal detail" in page
    response = client.post(reverse("newsletters:publish", args=[filled.pk]), {})
    assert response.status_code == 302
    filled.refresh_from_db()
    assert filled.status == "published" and filled.published_on == dt.date(2026, 3, 2)
    url = reverse("newsletters:detail", args=[filled.pk])
    assert client_for(world.practitioner).get(url).status_code == 200


def test_a_published_issue_can_no_longer_change(world, client_for, published_issue):
    client = client_for(world.business_unit)
    item = NewsletterItem.objects.filter(newsletter=published_issue).first()
    response = client.get(reverse("newsletters:edit", args=[published_issue.pk]))
    assert response.status_code == 302
    client.post(reverse("newsletters:item_remove", args=[published_issue.pk, item.pk]))
    assert NewsletterItem.objects.filter(newsletter=published_issue).count() == 3
    html = client.get(reverse("newsletters:detail", args=[published_issue.pk])).content.decode()
    assert "Move up" not in html and "Remove" not in html


def test_an_empty_issue_is_not_published(world, client_for, issue):
    html = (
        client_for(world.business_unit)
        .get(reverse("newsletters:publish", args=[issue.pk]))
        .content.decode()
    )
    assert "has no items yet" in html
    with pytest.raises(Exception, match="Add at least one"):
        services.publish(world.business_unit, issue)


def test_personal_details_block_publishing_until_edited(world, client_for, filled):
    update = NewsletterItem.objects.get(newsletter=filled, kind="update")
    services.update_item(
        world.business_unit,
        filled,
        update,
        heading="Action plan progress",
        body="Ask Mrs Jane Whitfield on 07700 900123 or at NN1 4AB about the action plan.",
    )
    client = client_for(world.business_unit)
    url = reverse("newsletters:publish", args=[filled.pk])
    page = client.get(url).content.decode()
    assert "07700 900123" in page and "NN1 4AB" in page
    assert "Update: Action plan progress" in page
    response = client.post(url, {})
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Edit the text to remove the personal details listed" in html
    filled.refresh_from_db()
    assert filled.status == "draft"
    # ticking without a reason is not enough
    html = client.post(url, {"checked": "on", "reason": ""}).content.decode()
    assert "Say why these are not personal details" in html
    # editing the text clears them
    services.update_item(
        world.business_unit,
        filled,
        update,
        heading="Action plan progress",
        body="Ask the business unit about the action plan.",
    )
    assert client.post(url, {}).status_code == 302
    filled.refresh_from_db()
    assert filled.status == "published"


def test_findings_confirmed_not_personal_with_a_reason(world, client_for, issue, briefing):
    services.add_item(
        world.business_unit,
        issue,
        kind="event",
        heading="Training at 12 Market Street",
        event_on=dt.date(2026, 5, 1),
        body="",
    )
    client = client_for(world.business_unit)
    url = reverse("newsletters:publish", args=[issue.pk])
    assert "12 Market Street" in client.get(url).content.decode()
    response = client.post(url, {"checked": "on", "reason": "Our training venue, not a home."})
    assert response.status_code == 302
    entry = AuditLog.objects.filter(object_type="briefings.Newsletter", action="update").last()
    checked = entry.changes["anonymisation_checked"][1]
    assert checked["reason"] == "Our training venue, not a home."
    # The log says what kind of detail was confirmed and where, never the detail (ADR 0015).
    assert any("Address" in f for f in checked["findings"])
    assert "12 Market Street" not in str(entry.changes)


def test_agency_names_are_not_findings(world, issue):
    services.add_item(
        world.business_unit,
        issue,
        kind="update",
        heading="Northshire Police",
        body="Northshire Police and Northshire Health shared every briefing.",
    )
    assert services.text_findings(issue) == []


def test_hostile_strings_are_inert_on_the_page(world, client_for, issue, briefing):
    hostile = '<script>alert(1)</script><img src="http://evil.invalid/x.png">'
    services.update_newsletter(world.business_unit, issue, {"introduction": hostile}, None)
    services.add_item(world.business_unit, issue, kind="update", heading=hostile, body=hostile)
    html = (
        client_for(world.business_unit)
        .get(reverse("newsletters:detail", args=[issue.pk]))
        .content.decode()
    )
    assert "<script>alert(1)</script>" not in html
    assert '<img src="http://evil.invalid' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
