from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "casereviews.chronology"
    label = "chronology"
    verbose_name = "The multi-agency chronology"

    def ready(self) -> None:
        from casereviews.chronology import permissions  # noqa: F401 (registers the rules)
        from casereviews.chronology.presenters import review_row
        from casereviews.reviews import learning_panel

        learning_panel.register("chronology", 5, review_row)
