from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "casereviews.briefings"
    label = "briefings"
    verbose_name = "Briefings, dissemination and newsletters"

    def ready(self) -> None:
        from casereviews.briefings.presenters import review_row
        from casereviews.reviews import learning_panel

        learning_panel.register("briefings", 30, review_row)
