"""The database cache's table (settings.CACHES: the API's rate limits are counted there, shared
by every web process), made by `migrate` so no deployment step is forgotten. Does nothing when
CASEREVIEWS_CACHE_URL points at Redis; createcachetable leaves an existing table alone."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0008_job_kept_files")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
