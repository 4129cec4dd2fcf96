from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "casereviews.reminders"
    label = "reminders"
    verbose_name = "Reminders: what falls due, on the dashboard and by email"
