"""Audit entries name the review their record hangs off (issue 16), so that a restricted
review's entries show their content to its members only. Existing entries are filled in where
their record still resolves to a review."""

import django.db.models.deletion
from django.db import migrations, models

# The path from each kind of record to its review(s), as the models' reach declared it when
# this migration was written (frozen here: a migration must not follow later code).
REVIEW_PATHS = {
    "reviews.Review": ("pk",),
    "reviews.Delay": ("review",),
    "referrals.Referral": ("reviews",),
    "referrals.Decision": ("referral__reviews",),
    "learning.Finding": ("review",),
    "learning.ReviewReport": ("review",),
    "learning.ThemeTag": ("finding__review", "report__review"),
    "learning.TagEvent": ("tag__finding__review", "tag__report__review"),
    "actions.Recommendation": ("review",),
    "actions.Action": ("recommendation__review",),
    "actions.ActionUpdate": ("action__recommendation__review",),
    "actions.EvidenceFile": ("update__action__recommendation__review",),
    "briefings.Briefing": ("review",),
    "briefings.AnonymisationWarning": ("briefing__review",),
    "briefings.Dissemination": ("briefing__review",),
}


def fill_in_reviews(apps, schema_editor):
    AuditLog = apps.get_model("core", "AuditLog")
    for label, paths in REVIEW_PATHS.items():
        ids = set(
            AuditLog.objects.filter(object_type=label, review__isnull=True).values_list(
                "object_id", flat=True
            )
        )
        keys = [int(i) for i in ids if i.isdigit()]
        if not keys:
            continue
        model = apps.get_model(label)
        review_by_id: dict[str, int] = {}
        for path in paths:
            rows = model._default_manager.filter(pk__in=keys, **{f"{path}__isnull": False})
            for pk, review_id in rows.values_list("pk", path).order_by("pk", path):
                review_by_id.setdefault(str(pk), review_id)
        by_review: dict[int, list[str]] = {}
        for object_id, review_id in review_by_id.items():
            by_review.setdefault(review_id, []).append(object_id)
        for review_id, object_ids in by_review.items():
            AuditLog.objects.filter(
                object_type=label, object_id__in=object_ids, review__isnull=True
            ).update(review_id=review_id)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_submission_token"),
        ("reviews", "0001_initial"),
        ("referrals", "0001_initial"),
        ("learning", "0001_initial"),
        ("actions", "0002_initial"),
        ("briefings", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditlog",
            name="review",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="reviews.review",
            ),
        ),
        migrations.RunPython(fill_in_reviews, migrations.RunPython.noop),
    ]
