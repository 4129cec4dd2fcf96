"""The job a person started, as they see it (the queue's own row is django_tasks_db's)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casereviews.core.scoping import Reach


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


FINISHED = (JobStatus.DONE, JobStatus.FAILED)


class Job(models.Model):
    reach = Reach(partnership="partnership")

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=100)  # what it is, e.g. "Import of an action tracker"
    task_path = models.CharField(max_length=300)
    task_id = models.CharField(max_length=64, blank=True)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    unit = models.CharField(max_length=20, blank=True)  # what done/total count; "" = percent
    message = models.CharField(max_length=300, blank=True)  # the step it is on
    error = models.CharField(max_length=1000, blank=True)  # why it failed, for the person
    result_url = models.CharField(max_length=500, blank=True)
    result_label = models.CharField(max_length=200, blank=True)
    result_file = models.CharField(max_length=300, blank=True)  # a stored name (core.files)
    result_filename = models.CharField(max_length=200, blank=True)
    # Stored names (core.files) the job owns while it runs, e.g. the upload it imports: removed,
    # with anything named after them, if the job is swept up after its worker stopped.
    kept_files = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["started_by", "-created_at"])]

    def __str__(self) -> str:
        return f"Job {self.pk}: {self.kind} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED
