from django.urls import path

from casereviews.core import views, views_audit

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("audit-log/", views_audit.audit_log, name="audit_log"),
]
