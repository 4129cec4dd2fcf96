from django.urls import path

from casereviews.actions import views_import

app_name = "actions_import"

urlpatterns = [
    path("actions/import/", views_import.start, name="start"),
    path("actions/import/sheet/", views_import.sheet, name="sheet"),
    path("actions/import/headings/", views_import.headings, name="headings"),
    path("actions/import/columns/", views_import.map_columns, name="map"),
    path("actions/import/check/", views_import.preview, name="preview"),
    path("actions/import/confirm/", views_import.confirm, name="confirm"),
    path("actions/import/cancel/", views_import.cancel, name="cancel"),
    path("actions/import/<int:batch_id>/", views_import.done, name="done"),
]
