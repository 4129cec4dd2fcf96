from django.urls import path

from . import views

app_name = "self_assessment"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("start/", views.start, name="start"),
    path("<int:assessment_id>/", views.detail, name="detail"),
    path("<int:assessment_id>/answers/", views.fill, name="fill"),
    path("sets/", views.sets, name="sets"),
    path("sets/add/", views.add_set, name="add_set"),
    path("partnership/", views.partnership_picture, name="picture"),
]
