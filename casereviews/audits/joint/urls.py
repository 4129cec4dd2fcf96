from django.urls import path

from . import views

app_name = "joint"

urlpatterns = [
    path("", views.joint_list, name="list"),
    path("start/", views.start, name="start"),
    path("<int:joint_id>/", views.detail, name="detail"),
    path("<int:joint_id>/link/", views.link, name="link"),
    path("<int:joint_id>/download.<str:kind>", views.download, name="download"),
    path(
        "<int:joint_id>/themes/<int:number>/raise-action/",
        views.raise_action,
        name="raise_action",
    ),
]
