"""Dissemination and newsletter pages (namespace "sharing"), with full paths from the root."""

from django.urls import path

from casereviews.briefings import views_newsletter, views_sharing

app_name = "sharing"

urlpatterns = [
    path("briefings/sharing/", views_sharing.tracker, name="tracker"),
    path("briefings/<int:briefing_id>/sharing/", views_sharing.briefing, name="briefing"),
    path("briefings/<int:briefing_id>/sharing/new/", views_sharing.record, name="record"),
    path("newsletters/", views_newsletter.index, name="newsletters"),
    path("newsletters/new/", views_newsletter.new, name="newsletter_new"),
    path("newsletters/<int:newsletter_id>/", views_newsletter.detail, name="newsletter"),
    path("newsletters/<int:newsletter_id>/edit/", views_newsletter.edit, name="newsletter_edit"),
    path(
        "newsletters/<int:newsletter_id>/newsletter.pdf",
        views_newsletter.pdf,
        name="newsletter_pdf",
    ),
    path(
        "newsletters/<int:newsletter_id>/publish/",
        views_newsletter.publish,
        name="newsletter_publish",
    ),
    path(
        "newsletters/<int:newsletter_id>/items/new/<str:kind>/",
        views_newsletter.add_item,
        name="newsletter_item_new",
    ),
    path(
        "newsletters/<int:newsletter_id>/items/<int:item_id>/edit/",
        views_newsletter.edit_item,
        name="newsletter_item_edit",
    ),
    path(
        "newsletters/<int:newsletter_id>/items/<int:item_id>/move/",
        views_newsletter.move_item,
        name="newsletter_item_move",
    ),
    path(
        "newsletters/<int:newsletter_id>/items/<int:item_id>/remove/",
        views_newsletter.remove_item,
        name="newsletter_item_remove",
    ),
]
