from django.urls import path

from . import views_pages

app_name = "api_tokens"

urlpatterns = [
    path("api-tokens/", views_pages.own, name="own"),
    path("api-tokens/<int:token_id>/revoke/", views_pages.revoke, name="revoke"),
    path("service-accounts/", views_pages.service_accounts, name="service_accounts"),
    path(
        "service-accounts/<int:service_account_id>/",
        views_pages.service_account,
        name="service_account",
    ),
]
