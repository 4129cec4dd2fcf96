from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "casereviews platform administration"

urlpatterns = [
    path("", include("casereviews.core.urls")),
    path("accounts/", include("casereviews.accounts.urls")),
    path("referrals/", include("casereviews.referrals.urls")),
    path("reviews/", include("casereviews.reviews.urls")),
    path("reports/", include("casereviews.reports.urls")),
    path("platform-admin/", admin.site.urls),
]
