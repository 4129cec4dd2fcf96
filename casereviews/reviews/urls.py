from django.urls import path

from casereviews.reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.register, name="register"),
    path("<int:review_id>/", views.detail, name="detail"),
    path("<int:review_id>/edit/", views.edit, name="edit"),
    path("<int:review_id>/access/", views.access, name="access"),
    path("<int:review_id>/delays/new/", views.add_delay, name="add_delay"),
]
