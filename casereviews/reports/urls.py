from django.urls import path

from casereviews.reports import views
from casereviews.reports.annual import views as annual

app_name = "reports"

urlpatterns = [
    path("briefing-paper/", views.briefing_paper, name="briefing_paper"),
    path("briefing-paper.docx", views.briefing_paper_docx, name="briefing_paper_docx"),
    path("annual/", annual.annual, name="annual"),
    path("annual.docx", annual.annual_docx, name="annual_docx"),
    path("annual.pdf", annual.annual_pdf, name="annual_pdf"),
    path("annual.json", annual.annual_json, name="annual_json"),
    path("annual/narrative/<slug:section>/", annual.edit_narrative, name="annual_narrative"),
    path("repository/<int:review_id>/", views.repository_summary, name="repository_summary"),
    path(
        "repository/<int:review_id>/edit/",
        views.repository_summary_edit,
        name="repository_summary_edit",
    ),
    path(
        "repository/<int:review_id>/refill/",
        views.repository_summary_refill,
        name="repository_summary_refill",
    ),
    path(
        "repository/<int:review_id>.docx",
        views.repository_summary_docx,
        name="repository_summary_docx",
    ),
    path(
        "repository/<int:review_id>.txt",
        views.repository_summary_txt,
        name="repository_summary_txt",
    ),
]
