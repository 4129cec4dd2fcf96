"""Signing in with a password (and keeping a session): people only.

A service account (User.is_service_account, made on the API's service-account pages) reaches
the API with its tokens alone: whatever password it might be given, it cannot sign in to the
pages, and a session it somehow held is no longer recognised.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend


class PeopleBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and not getattr(
            user, "is_service_account", False
        )
