"""The API's rate limit is counted in a cache every web process shares: by default a table in
the database (made by `migrate`), or Redis when CASEREVIEWS_CACHE_URL says so; never the
per-process memory that would let each gunicorn worker allow the full rate again."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

from django.db import connection

from tests.api.conftest import api, token_for

CACHE_TABLE = "casereviews_cache"


def test_calls_are_counted_in_the_database_table(world, settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "2/minute"},
    }
    raw = token_for(world.business_unit)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM casereviews_cache")
    assert [api(raw).get("/api/v1/events/").status_code for _ in range(3)] == [200, 200, 429]
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM casereviews_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("throttle_api_token-" in key for key in keys)


def test_migrate_makes_the_cache_table(transactional_db):
    migration = importlib.import_module("casereviews.core.migrations.0009_cache_table")
    with connection.schema_editor() as editor:
        editor.execute(f"DROP TABLE {CACHE_TABLE}")
    assert CACHE_TABLE not in connection.introspection.table_names()
    with connection.schema_editor() as editor:
        migration.create_cache_table(None, editor)
    assert CACHE_TABLE in connection.introspection.table_names()


def _backend(cache_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CASEREVIEWS_CACHE_URL": cache_url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'casereviews.config.settings';"
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )


def test_production_can_point_it_at_redis_and_a_typo_is_refused():
    redis = _backend("redis://cache.internal:6379/0")
    assert redis.stdout.strip() == "django.core.cache.backends.redis.RedisCache"
    typo = _backend("memcached://cache.internal")
    assert typo.returncode != 0
    assert "CASEREVIEWS_CACHE_URL must be" in typo.stderr
