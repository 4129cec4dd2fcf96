from django.urls import path

from casereviews.portal import views
from casereviews.portal.audit_log import views as audit_log_views

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("audit-log/", audit_log_views.audit_log, name="audit_log"),
]
