"""Service accounts made before User.is_service_account: mark their users (and take away any
password the user pages may have given them)."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import migrations


def mark(apps, schema_editor):
    ServiceAccount = apps.get_model("api", "ServiceAccount")
    User = apps.get_model("accounts", "User")
    ids = list(ServiceAccount.objects.values_list("user_id", flat=True))
    unusable = UNUSABLE_PASSWORD_PREFIX  # what set_unusable_password() stores begins so
    User.objects.filter(pk__in=ids).update(is_service_account=True, password=unusable)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("accounts", "0003_user_is_service_account"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
