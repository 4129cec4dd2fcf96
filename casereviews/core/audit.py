"""The one audit service. Every service that writes calls it inside the same transaction.

Every entry names who acted: a signed-in person, or a named `SystemActor` when no person does
(a command, the demo loader, background work, someone failing to sign in). An entry without
an actor is refused (`MissingActor`), and the database refuses one too.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import models

from casereviews.core import scoping
from casereviews.core.models import AuditAction, AuditLog


@dataclass(frozen=True)
class SystemActor:
    """Who acts when no person does; its name is what the audit log shows."""

    name: str
    is_authenticated: ClassVar[bool] = False
    pk: ClassVar[None] = None

    def __str__(self) -> str:
        return self.name


DEMO_LOADER = SystemActor("Demo loader (casereviews demo)")
SIGN_IN_PAGE = SystemActor("Sign-in page (nobody signed in yet)")


def command_actor(command: str) -> SystemActor:
    """The actor of a `casereviews <command>` run from the command line (or a scheduler)."""
    return SystemActor(f"Command line (casereviews {command})")


class MissingActor(ValueError):
    """An audit entry was asked for without saying who acted."""


def actor_fields(actor) -> tuple[Any, str]:
    """(the user or None, the name the log shows) for a person or a system actor."""
    if isinstance(actor, SystemActor):
        return None, actor.name
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor, actor.get_full_name() or actor.username
    raise MissingActor(
        "An audit entry needs an actor: the signed-in person, or a named "
        "core.audit.SystemActor for a command, the demo or background work"
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The audited state of a record: its concrete fields as plain JSON values."""
    result: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"id", "created_at", "updated_at"}:
            continue
        result[field.name] = _plain(getattr(instance, field.attname))
    return result


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for what changed."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


# A redactor: (field name, value) -> the value to keep in the log. Called for each audited field
# of the record, and with the field name "__str__" for the record's description.
Redactor = Callable[[str, Any], Any]


def _redact_fields(values: dict[str, Any], redact: Redactor | None) -> dict[str, Any]:
    return values if redact is None else {k: redact(k, v) for k, v in values.items()}


def _repr(obj: models.Model, redact: Redactor | None, kw: dict[str, Any]) -> dict[str, Any]:
    if redact is not None and kw.get("object_repr") is None:
        kw = {**kw, "object_repr": redact("__str__", str(obj))}
    return kw


def review_of(obj: models.Model | None) -> models.Model | None:
    """The review a record hangs off, from its declared reach (the first, for a referral with
    several), or None."""
    if obj is None or not isinstance(getattr(type(obj), "reach", None), scoping.Reach):
        return None
    reviews = scoping.reach_reviews(obj)
    return reviews[0] if reviews else None


def record(
    actor,
    action: AuditAction | str,
    obj: models.Model | None = None,
    *,
    partnership=None,
    changes: dict[str, Any] | None = None,
    object_repr: str | None = None,
    review=None,
) -> AuditLog:
    """Write one entry. `review`: the review the entry is about (default: the one `obj` hangs
    off), so that a restricted review's entries show their content to its members only."""
    if review is None:
        review = review_of(obj)
    if partnership is None and obj is not None:
        partnership = getattr(obj, "partnership", None)
    actor_obj, actor_name = actor_fields(actor)
    if partnership is None and actor_obj is not None:
        partnership = getattr(actor_obj, "partnership", None)
    return AuditLog.objects.create(
        actor=actor_obj,
        actor_name=actor_name,
        partnership=partnership,
        action=str(action),
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr if object_repr is not None else (str(obj) if obj else ""))[:300],
        changes=changes or {},
        review=review,
    )


def record_create(
    actor, obj: models.Model, *, redact: Redactor | None = None, **kw: Any
) -> AuditLog:
    """`redact`: what the log keeps of each field (personal details the anonymisation check
    finds are kept out of it, for example)."""
    after = _redact_fields(snapshot(obj), redact)
    return record(
        actor, AuditAction.CREATE, obj, changes={"after": after}, **_repr(obj, redact, kw)
    )


def record_created_many(
    actor,
    objs: Iterable[models.Model],
    *,
    partnership,
    extra: Callable[[models.Model], dict[str, Any]] | None = None,
) -> int:
    """record_create for many new records at once (an import of thousands of rows): the same
    entry for each record, written in batches; `extra(obj)` adds to an entry's changes (for
    example the entries created with it). Returns how many were written."""
    actor_obj, actor_name = actor_fields(actor)
    entries = [
        AuditLog(
            actor=actor_obj,
            actor_name=actor_name,
            partnership=partnership,
            action=str(AuditAction.CREATE),
            object_type=obj._meta.label,
            object_id=str(obj.pk),
            object_repr=str(obj)[:300],
            changes={"after": snapshot(obj), **(extra(obj) if extra else {})},
            review=review_of(obj),
        )
        for obj in objs
    ]
    AuditLog.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def record_update(
    actor, obj: models.Model, before: dict[str, Any], *, redact: Redactor | None = None, **kw: Any
) -> AuditLog | None:
    """Log what changed since `before`; `redact` as for record_create (to both values)."""
    changed = diff(before, snapshot(obj))
    changed.pop("version", None)
    if not changed:
        return None
    if redact is not None:
        changed = {k: [redact(k, old), redact(k, new)] for k, (old, new) in changed.items()}
    return record(actor, AuditAction.UPDATE, obj, changes=changed, **_repr(obj, redact, kw))


def record_delete(
    actor, obj: models.Model, *, redact: Redactor | None = None, **kw: Any
) -> AuditLog:
    before = _redact_fields(snapshot(obj), redact)
    return record(
        actor, AuditAction.DELETE, obj, changes={"before": before}, **_repr(obj, redact, kw)
    )


def record_view(actor, obj: models.Model, **kw: Any) -> AuditLog:
    return record(actor, AuditAction.VIEW, obj, **kw)


def record_view_if_restricted(actor, obj: models.Model, review, **kw: Any) -> AuditLog | None:
    """The house rule: every view of a restricted review's record (`obj`, of `review`) is
    audited; views of other reviews' records are not."""
    if review is None or not review.restricted:
        return None
    return record_view(actor, obj, partnership=review.partnership, review=review, **kw)


def last_change(obj: models.Model, parts: models.QuerySet | None = None) -> AuditLog | None:
    """The latest entry that created or changed `obj`, or one of its `parts` (rows saved with
    it, such as a referral's decisions): who changed it last, and when."""
    entries = AuditLog.objects.filter(
        partnership_id=obj.partnership_id,
        action__in=[AuditAction.CREATE, AuditAction.UPDATE],
    )
    mine = models.Q(object_type=obj._meta.label, object_id=str(obj.pk))
    if parts is not None:
        ids = [str(pk) for pk in parts.values_list("pk", flat=True)]
        mine |= models.Q(object_type=parts.model._meta.label, object_id__in=ids)
    return entries.filter(mine).order_by("-at", "-id").first()
