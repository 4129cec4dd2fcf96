from django.urls import path

from casereviews.accounts import views, views_admin, views_two_factor

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    # The steps of signing in, for people not (fully) signed in yet, all under sign-in/.
    path("sign-in/two-factor/", views_two_factor.verify, name="two_factor_verify"),
    path(
        "sign-in/forgotten-password/",
        views.ForgottenPasswordView.as_view(),
        name="password_reset",
    ),
    path(
        "sign-in/forgotten-password/sent/",
        views.PasswordResetSentView.as_view(),
        name="password_reset_sent",
    ),
    path(
        "sign-in/reset/<uidb64>/<token>/",
        views.NewPasswordView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "sign-in/reset/done/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path("sign-in/sso/<slug:slug>/", views.sso_start, name="sso_start"),
    path("sign-in/sso/<slug:slug>/callback/", views.sso_callback, name="sso_callback"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("two-factor/", views_two_factor.own, name="two_factor"),
    path("two-factor/set-up/", views_two_factor.set_up, name="two_factor_set_up"),
    path(
        "two-factor/recovery-codes/",
        views_two_factor.new_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("two-factor/turn-off/", views_two_factor.turn_off, name="two_factor_turn_off"),
    path("users/", views_admin.users, name="users"),
    path("users/add/", views_admin.user_form, name="user_add"),
    path("users/<int:user_id>/", views_admin.user_form, name="user_edit"),
    path("users/<int:user_id>/password/", views_admin.user_password, name="user_password"),
    path("users/<int:user_id>/two-factor/", views_two_factor.reset, name="user_two_factor"),
    path("agencies/", views_admin.agencies, name="agencies"),
    path("agencies/add/", views_admin.agency_form, name="agency_add"),
    path("agencies/<int:agency_id>/", views_admin.agency_form, name="agency_edit"),
]
