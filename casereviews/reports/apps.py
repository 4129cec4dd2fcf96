from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "casereviews.reports"
    label = "reports"
    verbose_name = "Reports and exports"

    def ready(self) -> None:
        from casereviews.events import results
        from casereviews.reports import event_results

        # Level 4 of events from the case audits on their themes (events cannot see audits).
        results.register("case_audits", event_results.sentence)
