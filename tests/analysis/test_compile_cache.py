"""The compiled framework is cached on disk and gives the very same results; a framework built
in memory is never cached, a changed one misses the cache, a damaged cache file is ignored."""

from __future__ import annotations

import pytest

from casereviews.analysis import compile_cache, load_taxonomy, tag_text
from casereviews.analysis.matcher import Matcher
from casereviews.analysis.taxonomy import Taxonomy, Theme

TEXT = "Findings\nThe father drank heavily. No one spoke to the father about his drinking.\n"
FRAMEWORK = """
name = "Our pledge"
version = 1

[[themes]]
id = "drink"
name = "Drink"
phrases = ["drank", "drinking"]
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CASEREVIEWS_CACHE", str(folder))
    return folder


def _framework(tmp_path, text=FRAMEWORK):
    path = tmp_path / "pledge.toml"
    path.write_text(text, encoding="utf-8")
    return load_taxonomy(path)


def test_cached_framework_gives_the_same_result(cache, tmp_path):
    first = tag_text(TEXT, taxonomy=_framework(tmp_path))
    files = list(cache.glob("framework-*.bin"))
    assert len(files) == 1
    again = tag_text(TEXT, taxonomy=_framework(tmp_path))  # a new Taxonomy: from the cache
    assert again == first and again.get("drink").present


def test_a_changed_framework_misses_the_cache(cache, tmp_path):
    tag_text(TEXT, taxonomy=_framework(tmp_path))
    changed = _framework(tmp_path, FRAMEWORK.replace('"drank", ', ""))
    assert compile_cache.load(changed) is None
    tag_text(TEXT, taxonomy=changed)
    assert len(list(cache.glob("framework-*.bin"))) == 2


def test_a_damaged_cache_file_is_compiled_again(cache, tmp_path):
    tag_text(TEXT, taxonomy=_framework(tmp_path))
    for path in cache.glob("*.bin"):  # the compiled framework and the C scan's engine image
        path.write_bytes(b"\x00not marshal data")
    result = tag_text(TEXT, taxonomy=_framework(tmp_path))
    assert result.get("drink").present


def test_frameworks_built_in_memory_and_switched_off_are_not_cached(cache, tmp_path, monkeypatch):
    Matcher(Taxonomy("in memory", [Theme(id="x", name="X", phrases=["drank"])]))
    assert not cache.exists()
    monkeypatch.setenv("CASEREVIEWS_CACHE", "off")
    Matcher(_framework(tmp_path))
    assert not cache.exists()
