from django.urls import path

from . import views

app_name = "events_import"

urlpatterns = [
    path("", views.start, name="start"),
    path("sheet/", views.sheet, name="sheet"),
    path("headings/", views.headings, name="headings"),
    path("columns/", views.map_columns, name="map"),
    path("check/", views.preview, name="preview"),
    path("confirm/", views.confirm, name="confirm"),
    path("cancel/", views.cancel, name="cancel"),
]
