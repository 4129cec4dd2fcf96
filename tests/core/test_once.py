"""Forms that create a record save once, however often they are sent (core.once, ADR 0021)."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import get_resolver

import casereviews
from casereviews.core.models import SubmissionToken
from casereviews.referrals.models import Referral
from tests.core.create_forms import CREATE_FORMS, CreateForm
from tests.factories import UserFactory
from tests.referrals.conftest import referral_post

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'<input type="hidden" name="submission_token" value="([A-Za-z0-9_-]+)">')


@pytest.fixture(autouse=True)
def _today(settings, tmp_path):
    settings.FILES_ROOT = tmp_path / "files"
    settings.FILES_ROOT.mkdir()
    moment = dt.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=False):
        yield


def token_of(response) -> str:
    assert response.status_code == 200
    found = TOKEN.findall(response.content.decode())
    assert len(found) == 1, "a create page carries exactly one submission token"
    return found[0]


@pytest.mark.parametrize("form", CREATE_FORMS, ids=str)
def test_a_create_form_sent_twice_saves_once_and_says_so(client_for, world, form: CreateForm):
    page = form.setup(world)
    client = client_for(world.business_unit)
    token = token_of(client.get(page.url))
    before = page.model.objects.count()

    first = client.post(page.url, {**page.data(), "submission_token": token})
    assert first.status_code == 302, first.content.decode()[:3000]
    assert page.model.objects.count() == before + 1
    client.get(first.url)  # the page after saving (its success banner is shown and spent)

    again = client.post(page.url, {**page.data(), "submission_token": token})
    assert again.status_code == 302
    assert again.url == first.url  # sent to what the first submission saved
    assert page.model.objects.count() == before + 1
    shown = client.get(again.url).content.decode()
    assert "This was already saved" in shown
    assert "govuk-notification-banner" in shown


@pytest.mark.parametrize("form", CREATE_FORMS, ids=str)
def test_each_page_load_gets_a_new_token(client_for, world, form: CreateForm):
    page = form.setup(world)
    client = client_for(world.business_unit)
    assert token_of(client.get(page.url)) != token_of(client.get(page.url))


def _views_by_url_name() -> dict[str, object]:
    views: dict[str, object] = {}

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif pattern.name:
                views[namespace + pattern.name] = pattern.callback

    walk(get_resolver().url_patterns, "")
    return views


def test_every_replay_safe_page_is_tested_here():
    """A new create view (decorated with once.replay_safe) must be added to CREATE_FORMS."""
    views = _views_by_url_name()
    replay_safe = {view for view in views.values() if getattr(view, "replay_safe", False)}
    assert replay_safe == {views[form.name] for form in CREATE_FORMS}


CREATES = re.compile(
    r"^(create_|add_|start_|record_(?!view|download|briefing_view|review_view)|upload_)"
)


def _creating_views_without_replay_safe() -> list[str]:
    """Views that call a service which creates a record, but are not replay_safe."""
    root = Path(casereviews.__file__).parent
    missing = []
    for path in sorted(root.rglob("views*.py")):
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.FunctionDef):
                continue
            calls = {
                call.func.attr
                for call in ast.walk(node)
                if isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and isinstance(call.func.value, ast.Name)
                and call.func.value.id in {"services", "reports"}
                and CREATES.match(call.func.attr)
            }
            decorated = any(ast.unparse(d) == "once.replay_safe" for d in node.decorator_list)
            if calls and not decorated:
                missing.append(f"{path.relative_to(root)}:{node.name} calls {sorted(calls)}")
    return missing


def test_every_view_that_creates_a_record_is_replay_safe():
    assert _creating_views_without_replay_safe() == []


def test_a_form_without_a_token_still_saves(client_for, world):
    """A page opened before tokens existed (or a script) is saved as before, unprotected."""
    client = client_for(world.business_unit)
    assert client.post("/referrals/new/", referral_post(world)).status_code == 302
    assert client.post("/referrals/new/", referral_post(world)).status_code == 302
    assert Referral.objects.count() == 2
    assert not SubmissionToken.objects.exists()


def test_a_form_refused_keeps_its_token_and_saves_once_corrected(client_for, world):
    client = client_for(world.business_unit)
    token = token_of(client.get("/referrals/new/"))
    refused = client.post(
        "/referrals/new/", {**referral_post(world, summary=""), "submission_token": token}
    )
    assert token_of(refused) == token  # nothing was saved with it: the same form goes on
    assert not SubmissionToken.objects.exists()
    saved = client.post("/referrals/new/", {**referral_post(world), "submission_token": token})
    assert saved.status_code == 302
    assert Referral.objects.count() == 1


def test_another_users_token_is_not_theirs(client_for, world):
    """Tokens are per person: someone else's cannot send them to a record, nor block a save."""
    data = {**referral_post(world), "submission_token": "a" * 32}
    first = client_for(world.business_unit).post("/referrals/new/", data)
    colleague = UserFactory(username="bu2", partnership=world.partnership, role="business_unit")
    second = client_for(colleague).post("/referrals/new/", data)
    assert second.status_code == 302 and second.url != first.url
    assert Referral.objects.count() == 2


def test_the_token_row_says_where_the_record_is_and_nothing_of_it(client_for, world):
    client = client_for(world.business_unit)
    token = token_of(client.get("/referrals/new/"))
    client.post("/referrals/new/", {**referral_post(world), "submission_token": token})
    row = SubmissionToken.objects.get()
    referral = Referral.objects.get()
    assert (row.user, row.object_type, row.object_id) == (
        world.business_unit,
        "referrals.Referral",
        str(referral.pk),
    )
    assert row.url == f"/referrals/{referral.pk}/"
    assert "Child Q" not in str(row.__dict__)


def test_old_tokens_are_forgotten_after_a_week_when_a_later_save_commits(
    client_for, world, django_capture_on_commit_callbacks
):
    client = client_for(world.business_unit)
    token = token_of(client.get("/referrals/new/"))
    client.post("/referrals/new/", {**referral_post(world), "submission_token": token})
    assert SubmissionToken.objects.count() == 1
    with time_machine.travel(dt.datetime(2026, 11, 27, 11, 0, tzinfo=ZoneInfo("Europe/London"))):
        client = client_for(world.business_unit)  # a new day, a new session
        fresh = token_of(client.get("/referrals/new/"))
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/referrals/new/", {**referral_post(world), "submission_token": fresh})
    assert list(SubmissionToken.objects.values_list("token", flat=True)) == [fresh]


def test_back_to_a_fresh_page_and_the_same_entries_again_saves_once(client_for, world):
    """Going back fetches the page again (no-store), with a new token; the browser puts the
    entries back. The same entries to the same page soon after are the same submission."""
    client = client_for(world.business_unit)
    first_token = token_of(client.get("/referrals/new/"))
    first = client.post(
        "/referrals/new/", {**referral_post(world), "submission_token": first_token}
    )
    client.get(first.url)
    fresh = token_of(client.get("/referrals/new/"))
    again = client.post("/referrals/new/", {**referral_post(world), "submission_token": fresh})
    assert again.url == first.url
    assert "This was already saved" in client.get(again.url).content.decode()
    assert Referral.objects.count() == 1


def test_different_entries_from_a_fresh_page_are_a_new_record(client_for, world):
    client = client_for(world.business_unit)
    for pseudonym in ("Child Q", "Child R"):
        token = token_of(client.get("/referrals/new/"))
        data = {**referral_post(world, child_pseudonym=pseudonym), "submission_token": token}
        assert client.post("/referrals/new/", data).status_code == 302
    assert Referral.objects.count() == 2


def test_the_same_entries_long_after_are_a_new_record(client_for, world):
    client = client_for(world.business_unit)
    token = token_of(client.get("/referrals/new/"))
    client.post("/referrals/new/", {**referral_post(world), "submission_token": token})
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 31, tzinfo=ZoneInfo("Europe/London"))):
        fresh = token_of(client.get("/referrals/new/"))
        client.post("/referrals/new/", {**referral_post(world), "submission_token": fresh})
    assert Referral.objects.count() == 2
