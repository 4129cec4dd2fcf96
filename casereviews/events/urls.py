from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("add/", views.create_event, name="create_event"),
    path("year/", views.year, name="year"),
    path("<int:event_id>/", views.detail, name="detail"),
    path("<int:event_id>/change/", views.change_event, name="change"),
    path("<int:event_id>/cancel/", views.cancel_event, name="cancel"),
    path("<int:event_id>/book/", views.book, name="book"),
    path("<int:event_id>/bookings/add/", views.add_booking, name="add_booking"),
    path(
        "<int:event_id>/bookings/<int:booking_id>/cancel/",
        views.cancel_booking,
        name="cancel_booking",
    ),
    path("<int:event_id>/register/", views.register, name="register"),
    path("<int:event_id>/register/add/", views.record_attendance, name="record_attendance"),
    path("<int:event_id>/before/", views.record_baseline, name="record_baseline"),
    path("<int:event_id>/feedback/", views.record_feedback, name="record_feedback"),
    path("follow-up/<int:attendance_id>/", views.record_follow_up, name="record_follow_up"),
]
