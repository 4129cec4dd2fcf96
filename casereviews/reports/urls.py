from django.urls import path

from casereviews.reports import views

app_name = "reports"

urlpatterns = [
    path("briefing-paper/", views.briefing_paper, name="briefing_paper"),
    path("briefing-paper.docx", views.briefing_paper_docx, name="briefing_paper_docx"),
]
