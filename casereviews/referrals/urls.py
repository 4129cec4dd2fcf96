from django.urls import path

from casereviews.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new/", views.referral_create, name="create"),
    path("<int:referral_id>/", views.referral_detail, name="detail"),
    path("<int:referral_id>/edit/", views.referral_edit, name="edit"),
    path("<int:referral_id>/decision/", views.referral_decide, name="decide"),
]
