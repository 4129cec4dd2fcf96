from django.urls import path

from casereviews.accounts import views, views_admin

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("users/", views_admin.users, name="users"),
    path("users/add/", views_admin.user_form, name="user_add"),
    path("users/<int:user_id>/", views_admin.user_form, name="user_edit"),
    path("users/<int:user_id>/password/", views_admin.user_password, name="user_password"),
    path("agencies/", views_admin.agencies, name="agencies"),
    path("agencies/add/", views_admin.agency_form, name="agency_add"),
    path("agencies/<int:agency_id>/", views_admin.agency_form, name="agency_edit"),
]
