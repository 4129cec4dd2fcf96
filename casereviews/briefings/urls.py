from django.urls import path

from casereviews.briefings import views

app_name = "briefings"

urlpatterns = [
    path("briefings/", views.briefing_list, name="list"),
    path("briefings/<int:briefing_id>/", views.detail, name="detail"),
    path("briefings/<int:briefing_id>/edit/", views.edit, name="edit"),
    path("briefings/<int:briefing_id>/publish/", views.publish, name="publish"),
    path("briefings/<int:briefing_id>/withdraw/", views.withdraw, name="withdraw"),
    path("briefings/<int:briefing_id>/correct/", views.correct, name="correct"),
    path("briefings/<int:briefing_id>/pdf/", views.pdf, name="pdf"),
    path("briefings/<int:briefing_id>/docx/", views.docx, name="docx"),
    path("reviews/<int:review_id>/briefings/", views.for_review, name="for_review"),
    path("reviews/<int:review_id>/briefings/new/", views.new, name="new"),
]
