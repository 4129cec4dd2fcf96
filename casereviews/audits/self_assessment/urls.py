from django.urls import path

from . import views, views_sets

app_name = "self_assessment"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("start/", views.start, name="start"),
    path("<int:assessment_id>/", views.detail, name="detail"),
    path("<int:assessment_id>/answers/", views.fill, name="fill"),
    path("sets/", views.sets, name="sets"),
    path("sets/add/", views.add_set, name="add_set"),
    path("sets/adapt-default/", views.adapt_default, name="adapt_default"),
    path("sets/<int:set_id>/issues/add/", views_sets.add_issue, name="add_issue"),
    path("sets/issues/<int:issue_id>/change/", views_sets.change_issue, name="change_issue"),
    path("<int:assessment_id>/reopen/", views.reopen, name="reopen"),
    path("answers/<int:answer_id>/raise-action/", views.raise_action, name="raise_action"),
    path("partnership/", views.partnership_picture, name="picture"),
]
