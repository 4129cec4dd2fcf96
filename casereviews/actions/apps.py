from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "casereviews.actions"
    label = "actions"
    verbose_name = "Recommendations and the composite action plan"
