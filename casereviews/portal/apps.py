from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top floor: the dashboard, the navigation, the audit-log pages and the demo loader.

    It may import every app below it; no app imports it (the layers contract in pyproject.toml).
    """

    name = "casereviews.portal"
    label = "portal"
    verbose_name = "Portal"
