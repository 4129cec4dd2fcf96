from django.urls import path

from casereviews.actions import views, views_plan

app_name = "actions"

urlpatterns = [
    path(
        "reviews/<int:review_id>/recommendations/",
        views.recommendations,
        name="recommendations",
    ),
    path(
        "reviews/<int:review_id>/recommendations/new/",
        views.add_recommendation,
        name="add_recommendation",
    ),
    path(
        "recommendations/<int:recommendation_id>/edit/",
        views.edit_recommendation,
        name="edit_recommendation",
    ),
    path(
        "recommendations/<int:recommendation_id>/actions/new/",
        views.add_action,
        name="add_action",
    ),
    path("actions/", views_plan.plan, name="plan"),
    path("actions/escalation/", views_plan.escalation, name="escalation"),
    path("actions/export/", views_plan.export, name="export"),
    path("actions/<int:action_id>/", views.detail, name="detail"),
    path("actions/<int:action_id>/edit/", views.edit, name="edit"),
    path("actions/evidence/<int:file_id>/", views.evidence_file, name="evidence_file"),
]
