from django.urls import path

from casereviews.chronology import views
from casereviews.chronology.importing import views as import_views

app_name = "chronology"

IMPORT = "chronology/requests/<int:request_id>/import/"

urlpatterns = [
    path("reviews/<int:review_id>/chronology/", views.overview, name="overview"),
    path(
        "reviews/<int:review_id>/chronology/start/",
        views.start_chronology,
        name="start_chronology",
    ),
    path("chronology/<int:chronology_id>/ask/", views.add_requests, name="add_requests"),
    path("chronology/<int:chronology_id>/", views.integrated, name="integrated"),
    path("chronology/<int:chronology_id>/merge/", views.merge, name="merge"),
    path("chronology/<int:chronology_id>/knew/", views.knew, name="knew"),
    path(
        "chronology/<int:chronology_id>/gaps/finding/",
        views.record_gap_finding,
        name="record_gap_finding",
    ),
    path("chronology/<int:chronology_id>/download/<str:fmt>/", views.download, name="download"),
    path("chronology/requests/<int:request_id>/", views.agency, name="agency"),
    path("chronology/requests/<int:request_id>/add/", views.add_entry, name="add_entry"),
    path(
        "chronology/requests/<int:request_id>/entries/<int:entry_id>/",
        views.change_entry,
        name="change_entry",
    ),
    path("chronology/requests/<int:request_id>/send/", views.send, name="send"),
    path(IMPORT, import_views.upload_entries, name="import_start"),
    path(IMPORT + "sheet/", import_views.sheet, name="import_sheet"),
    path(IMPORT + "headings/", import_views.headings, name="import_headings"),
    path(IMPORT + "columns/", import_views.map_columns, name="import_map"),
    path(IMPORT + "check/", import_views.preview, name="import_preview"),
    path(IMPORT + "confirm/", import_views.confirm, name="import_confirm"),
    path(IMPORT + "cancel/", import_views.cancel, name="import_cancel"),
]
