from django.urls import path

from casereviews.subgroup import views

app_name = "subgroup"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("meetings/new/", views.record_meeting, name="record_meeting"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/change/", views.change_meeting, name="change_meeting"),
    path("health-checks/new/", views.record_health_check, name="record_health_check"),
    path("health-checks/<int:check_id>/", views.health_check_detail, name="health_check"),
    path(
        "health-checks/<int:check_id>/change/",
        views.change_health_check,
        name="change_health_check",
    ),
    path("terms/new/", views.record_terms, name="record_terms"),
    path("terms/<int:terms_id>/change/", views.change_terms, name="change_terms"),
    path("priorities/new/", views.add_priority, name="add_priority"),
    path("plan/new/", views.add_plan_action, name="add_plan_action"),
]
