import pytest

from casereviews.core.models import AuditLog
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_page_renders_with_govuk_layout(client):
    response = client.get("/accounts/sign-in/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-template" in html
    assert 'name="username"' in html


def test_pages_need_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_sign_in_and_audit(client, world):
    response = client.post("/accounts/sign-in/", {"username": "bu", "password": PASSWORD})
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="sign_in", actor=world.business_unit).exists()


def test_wrong_password_shows_error_summary(client, world):
    response = client.post("/accounts/sign-in/", {"username": "bu", "password": "nope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter a correct username and password" in html
    assert "nope" not in html


def test_repeated_failures_lock_the_account(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/sign-in/", {"username": "bu", "password": "wrong"})
    response = client.post("/accounts/sign-in/", {"username": "bu", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
