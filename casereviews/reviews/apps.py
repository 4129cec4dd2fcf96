from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "casereviews.reviews"
    label = "reviews"
    verbose_name = "Reviews"
