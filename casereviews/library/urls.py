from django.urls import path

from casereviews.library import views

app_name = "library"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("rebuild/", views.rebuild, name="rebuild"),
    path("reports/<int:report_id>/", views.report_text, name="report_text"),
    path("themes/<str:theme_id>/", views.theme_page, name="theme"),
]
