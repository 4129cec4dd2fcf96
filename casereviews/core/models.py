"""The audit log: one append-only table for every write and every view of a restricted record."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casereviews.core.scoping import Reach


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    DELETE = "delete", "Deleted"
    VIEW = "view", "Viewed (restricted)"
    EXPORT = "export", "Exported"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_OUT = "sign_out", "Signed out"
    API_CALL = "api_call", "API call"


class AuditLogQuerySet(models.QuerySet):
    def update(self, **kwargs):  # pragma: no cover - guarded behaviour is tested
        raise PermissionError("The audit log cannot be changed")

    def delete(self):
        raise PermissionError("The audit log cannot be deleted")


class AuditLog(models.Model):
    reach = Reach(partnership="partnership")

    # No index on `at` alone: the log is read per partnership (auditlog_partnership_at) or per
    # record (auditlog_record_at). With one, PostgreSQL read a partnership's newest entries by
    # walking the nation's newest backwards whenever others had been busier lately (473,000
    # rows passed over, 55 ms, in make bench-web).
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(max_length=300, blank=True)
    partnership = models.ForeignKey(
        "accounts.Partnership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    # The review the record hangs off (its declared reach), when it hangs off one: a
    # restricted review's entries show their content to its members only (portal.audit_log).
    # A string reference, so core still imports no app.
    review = models.ForeignKey(
        "reviews.Review", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # The log's pages, newest first: the whole order in the index (with the tiebreak
            # id), so a page is read off it. With "-at" alone PostgreSQL, just after a bulk
            # load, chose to sort: the first page took 49 ms among 1,000,000 rows, not 2 ms.
            models.Index(fields=["partnership", "-at", "-id"], name="auditlog_partnership_at"),
            # "Who changed it last" (core.audit.last_change) and the log filtered to a record.
            models.Index(fields=["object_type", "object_id", "-at"], name="auditlog_record_at"),
        ]
        constraints = [
            # Every entry names who acted: a person, or a named system actor (core.audit).
            models.CheckConstraint(
                condition=models.Q(actor__isnull=False) | ~models.Q(actor_name=""),
                name="auditlog_names_its_actor",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        # Integrity, not business logic: an entry, once written, never changes.
        if self.pk is not None:
            raise PermissionError("The audit log cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log cannot be deleted")


class SubmissionToken(models.Model):
    """A create form that was submitted and saved (core.once): sent again, it goes here.

    The token is rendered into the form when the page is made; the first submission that saves
    stores it, and a digest of what was sent, with where the new record is. Unique per user, so
    two racing submissions of one form cannot both save. Holds no content of the record: its
    kind, id and address, and a one-way digest of the entries.
    """

    reach = Reach(partnership="user__partnership")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    # What was sent (core.once.digest): the same entries sent again soon are a repeat.
    digest = models.CharField(max_length=64, blank=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="submission_token_once")
        ]
        indexes = [models.Index(fields=["user", "digest"], name="submission_token_digest")]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id} saved from form {self.token[:8]}"


# The background jobs' model lives with its feature (core/jobs/); imported last, as it needs
# nothing above and the audit log above must be defined first.
from casereviews.core.jobs.models import Job, JobStatus  # noqa: E402, F401, I001
