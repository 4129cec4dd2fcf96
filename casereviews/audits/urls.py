from django.urls import include, path

from . import views, views_framework, views_raise, views_summary

app_name = "audits"

urlpatterns = [
    path("", include("casereviews.audits.quality.urls")),
    path("case-audits/", views.audit_list, name="list"),
    path("case-audits/start/", views.start, name="start"),
    path("case-audits/<int:audit_id>/", views.detail, name="detail"),
    path("case-audits/<int:audit_id>/themes/", views.fill, name="fill"),
    path("case-audits/<int:audit_id>/details/", views.change_details, name="details"),
    path("case-audits/<int:audit_id>/reopen/", views.reopen, name="reopen"),
    path("case-audits/<int:audit_id>/sign-off/", views.sign_off, name="sign_off"),
    path("case-audits/<int:audit_id>/download.<str:kind>", views.download, name="download"),
    path("self-assessments/", include("casereviews.audits.self_assessment.urls")),
    path("case-audits/joint/", include("casereviews.audits.joint.urls")),
    path(
        "case-audits/<int:audit_id>/themes/<int:number>/raise-action/",
        views_raise.raise_action,
        name="raise_action",
    ),
    path("case-audits/summary/", views_summary.summary, name="summary"),
    path("case-audits/framework/", views_framework.framework, name="framework"),
    path("case-audits/framework/add/", views_framework.change_theme, name="add_theme"),
    path(
        "case-audits/framework/themes/<int:number>/change/",
        views_framework.change_theme,
        name="change_theme",
    ),
    path(
        "case-audits/framework/themes/<int:number>/retire/",
        views_framework.retire_theme,
        name="retire_theme",
    ),
]
