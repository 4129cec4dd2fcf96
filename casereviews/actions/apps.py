from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "casereviews.actions"
    label = "actions"
    verbose_name = "Recommendations and the composite action plan"

    def ready(self) -> None:
        from casereviews.actions.presenters import review_row
        from casereviews.reviews import learning_panel

        learning_panel.register("actions", 20, review_row)
