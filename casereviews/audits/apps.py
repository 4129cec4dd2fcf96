from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "casereviews.audits"
    label = "audits"
    verbose_name = "Case audits against the nine themes"

    def ready(self) -> None:
        from casereviews.actions import origins
        from casereviews.audits import plan_links
        from casereviews.audits.quality.presenters import review_row
        from casereviews.reviews import learning_panel

        learning_panel.register("quality", 40, review_row)
        origins.register("case audits", plan_links.case_audit_links)
        origins.register("self-assessments", plan_links.self_assessment_links)
