from django.urls import path

from casereviews.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<slug:table>.csv", views.table_csv, name="csv"),
    path("themes/<slug:theme_id>/", views.theme, name="theme"),
]
