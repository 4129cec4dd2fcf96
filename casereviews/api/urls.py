from django.contrib.auth.decorators import login_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import docs, views

app_name = "api"

urlpatterns = [
    path("", views.Root.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", login_required(docs.Docs.as_view(url_name="api:schema")), name="docs"),
    path("reviews/", views.ReviewList.as_view(), name="reviews"),
    path("reviews/<int:review_id>/", views.ReviewDetail.as_view(), name="review"),
    path("reviews/<int:review_id>/findings/", views.FindingList.as_view(), name="findings"),
    path(
        "reviews/<int:review_id>/recommendations/",
        views.RecommendationList.as_view(),
        name="recommendations",
    ),
    path("referrals/", views.ReferralList.as_view(), name="referrals"),
    path("referrals/<int:referral_id>/", views.ReferralDetail.as_view(), name="referral"),
    path("actions/", views.ActionList.as_view(), name="actions"),
    path("actions/<int:action_id>/", views.ActionDetail.as_view(), name="action"),
    path(
        "actions/<int:action_id>/updates/",
        views.ActionUpdateCreate.as_view(),
        name="action_updates",
    ),
    path("briefings/", views.BriefingList.as_view(), name="briefings"),
    path("briefings/<int:briefing_id>/", views.BriefingDetail.as_view(), name="briefing"),
    path("case-audits/", views.CaseAuditList.as_view(), name="case_audits"),
    path("case-audits/<int:audit_id>/", views.CaseAuditDetail.as_view(), name="case_audit"),
    path(
        "case-audits/<int:audit_id>/complete/",
        views.CaseAuditComplete.as_view(),
        name="case_audit_complete",
    ),
    path("events/", views.EventList.as_view(), name="events"),
    path("events/<int:event_id>/", views.EventDetail.as_view(), name="event"),
    # Last: anything else under /api/v1/ is a JSON 404 (never the HTML page).
    re_path(r"^.*$", views.NotFoundView.as_view(), name="not_found"),
]
