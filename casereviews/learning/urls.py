from django.urls import path

from casereviews.learning import views, views_reports

app_name = "learning"

urlpatterns = [
    path("reviews/<int:review_id>/findings/", views.findings, name="findings"),
    path("reviews/<int:review_id>/findings/new/", views.add_finding, name="add_finding"),
    path("findings/<int:finding_id>/edit/", views.edit_finding, name="edit_finding"),
    path("findings/<int:finding_id>/history/", views.finding_history, name="finding_history"),
    path("findings/<int:finding_id>/themes/new/", views.add_theme, name="add_theme"),
    path("findings/<int:finding_id>/themes/decide/", views.decide_finding, name="decide_finding"),
    path("themes/<int:tag_id>/", views.decide_tag, name="decide_tag"),
    path("themes/<int:tag_id>/accept/", views.accept_tag, name="accept_tag"),
    path("themes/<int:tag_id>/reject/", views.reject_tag, name="reject_tag"),
    path("themes/<int:tag_id>/reopen/", views.reopen_tag, name="reopen_tag"),
    path(
        "reviews/<int:review_id>/reports/new/",
        views_reports.upload_report,
        name="upload_report",
    ),
    path("reports/<int:report_id>/", views_reports.report, name="report"),
    path("reports/<int:report_id>/decide/", views_reports.decide_report, name="decide_report"),
    path(
        "reports/<int:report_id>/download/",
        views_reports.download_report,
        name="download_report",
    ),
]
