from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "casereviews.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from casereviews.accounts import permissions, signals  # noqa: F401 (registers rules)
