"""Newsletter pages (namespace "newsletters"), with full paths from the root."""

from django.urls import path

from casereviews.briefings.newsletters import views

app_name = "newsletters"

urlpatterns = [
    path("newsletters/", views.index, name="list"),
    path("newsletters/new/", views.new, name="new"),
    path("newsletters/<int:newsletter_id>/", views.detail, name="detail"),
    path("newsletters/<int:newsletter_id>/edit/", views.edit, name="edit"),
    path(
        "newsletters/<int:newsletter_id>/newsletter.pdf",
        views.pdf,
        name="pdf",
    ),
    path(
        "newsletters/<int:newsletter_id>/publish/",
        views.publish,
        name="publish",
    ),
    path("newsletters/<int:newsletter_id>/withdraw/", views.withdraw, name="withdraw"),
    path("newsletters/<int:newsletter_id>/correct/", views.correct, name="correct"),
    path(
        "newsletters/<int:newsletter_id>/items/new/<str:kind>/",
        views.add_item,
        name="item_new",
    ),
    path(
        "newsletters/<int:newsletter_id>/items/<int:item_id>/edit/",
        views.edit_item,
        name="item_edit",
    ),
    path(
        "newsletters/<int:newsletter_id>/items/<int:item_id>/move/",
        views.move_item,
        name="item_move",
    ),
    path(
        "newsletters/<int:newsletter_id>/items/<int:item_id>/remove/",
        views.remove_item,
        name="item_remove",
    ),
]
