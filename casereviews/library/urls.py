from django.urls import path

from casereviews.library import views

app_name = "library"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("rebuild/", views.rebuild, name="rebuild"),
    path("themes/<str:theme_id>/", views.theme_page, name="theme"),
]
