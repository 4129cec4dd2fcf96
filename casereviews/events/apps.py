from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "casereviews.events"
    label = "events"
    verbose_name = "Events and training: learning events, de-briefs, courses and their evaluation"
