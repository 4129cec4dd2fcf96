from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "casereviews platform administration"

urlpatterns = [
    path("", include("casereviews.portal.urls")),
    path("accounts/reminders/", include("casereviews.reminders.urls")),
    path("accounts/", include("casereviews.accounts.urls")),
    path("referrals/", include("casereviews.referrals.urls")),
    path("reviews/", include("casereviews.reviews.urls")),
    path("reports/", include("casereviews.reports.urls")),
    path("insights/", include("casereviews.insights.urls")),
    path("subgroup/", include("casereviews.subgroup.urls")),
    # Issue 4's apps give their paths in full (/reviews/<id>/findings/, /actions/...).
    path("", include("casereviews.learning.urls")),
    path("", include("casereviews.actions.importing.urls")),
    path("", include("casereviews.actions.urls")),
    path("", include("casereviews.briefings.urls")),
    path("", include("casereviews.briefings.sharing.urls")),
    path("", include("casereviews.briefings.newsletters.urls")),
    path("", include("casereviews.audits.urls")),
    path("events/", include("casereviews.events.urls")),
    path("events/<int:event_id>/register/import/", include("casereviews.events.importing.urls")),
    path("", include("casereviews.chronology.urls")),
    path("api/v1/", include("casereviews.api.urls")),
    path("accounts/", include("casereviews.api.urls_pages")),
    path("", include("casereviews.core.jobs.urls")),
    path("library/", include("casereviews.library.urls")),
    path("platform-admin/", admin.site.urls),
]
