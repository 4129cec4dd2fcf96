from django.urls import path

from casereviews.core.jobs import views

app_name = "jobs"

urlpatterns = [
    path("jobs/", views.job_list, name="list"),
    path("jobs/<int:job_id>/", views.status, name="status"),
    path("jobs/<int:job_id>/download/", views.download, name="download"),
]
