"""Dissemination pages (namespace "sharing"), with full paths from the root."""

from django.urls import path

from casereviews.briefings.sharing import views

app_name = "sharing"

urlpatterns = [
    path("briefings/sharing/", views.tracker, name="tracker"),
    path("briefings/<int:briefing_id>/sharing/", views.briefing, name="briefing"),
    path("briefings/<int:briefing_id>/sharing/new/", views.record, name="record"),
]
