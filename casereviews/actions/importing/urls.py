from django.urls import path

from casereviews.actions.importing import views

app_name = "actions_import"

urlpatterns = [
    path("actions/import/", views.start, name="start"),
    path("actions/import/sheet/", views.sheet, name="sheet"),
    path("actions/import/headings/", views.headings, name="headings"),
    path("actions/import/columns/", views.map_columns, name="map"),
    path("actions/import/check/", views.preview, name="preview"),
    path("actions/import/confirm/", views.confirm, name="confirm"),
    path("actions/import/cancel/", views.cancel, name="cancel"),
    path("actions/import/<int:batch_id>/", views.done, name="done"),
]
