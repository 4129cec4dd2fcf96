from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "casereviews.learning"
    label = "learning"
    verbose_name = "Findings and themes"

    def ready(self) -> None:
        from casereviews.learning.presenters import review_row
        from casereviews.reviews import learning_panel

        learning_panel.register("learning", 10, review_row)
