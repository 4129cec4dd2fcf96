"""Optimistic concurrency: a record carries a version; a save from a stale version is refused."""

from __future__ import annotations

from django.db import models


class StaleRecordError(Exception):
    """Someone else saved the record after this user opened it."""

    def __init__(self, instance: models.Model, submitted_version: int | None):
        self.instance = instance
        self.submitted_version = submitted_version
        super().__init__(
            f"{instance} was changed by someone else since you opened it. "
            "Your changes have not been saved."
        )


def save_versioned(instance: models.Model, expected_version: int | None) -> None:
    """Save `instance` only if its row is still at `expected_version`; bump the version.

    The check and the write are one UPDATE ... WHERE version = expected, so two saves racing
    cannot both succeed.
    """
    model = type(instance)
    if expected_version is None:
        expected_version = instance.version
    fields = {
        f.attname: getattr(instance, f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname != "version"
    }
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False):
            fields[f.attname] = f.pre_save(instance, add=False)
    updated = model._base_manager.filter(pk=instance.pk, version=expected_version).update(
        version=expected_version + 1, **fields
    )
    if updated != 1:
        current = model._base_manager.get(pk=instance.pk)
        raise StaleRecordError(current, expected_version)
    instance.version = expected_version + 1
