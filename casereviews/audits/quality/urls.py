from django.urls import path

from . import views

urlpatterns = [
    path("reviews/<int:review_id>/quality/", views.review_quality, name="quality"),
    path("reviews/<int:review_id>/quality/<str:stage>/", views.rate, name="quality_rate"),
    path("quality-markers/", views.partnership_summary, name="quality_summary"),
]
