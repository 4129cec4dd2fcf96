"""Two-factor sign-in for password accounts: codes made by django-otp's own TOTP, as the
person's authenticator app would make them from the key the set-up page shows."""

from __future__ import annotations

import base64
import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from casereviews.accounts import two_factor
from casereviews.core.models import AuditLog
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN = "/accounts/sign-in/"


@pytest.fixture
def required(settings):
    settings.CASEREVIEWS_REQUIRE_TWO_FACTOR = True


def code_for(key_text: str, offset_steps: int = 0) -> str:
    """What an authenticator app shows for the base32 key typed into it."""
    key = base64.b32decode(key_text.replace(" ", "") + "=" * (-len(key_text.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = time.time() + 30 * offset_steps
    return f"{totp.token():06d}"


def device_code(device: TOTPDevice, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key)
    totp.time = time.time() + 30 * offset_steps
    return f"{totp.token():06d}"


def sign_in(client, username: str, next_url: str = "/"):
    return client.post(SIGN_IN, {"username": username, "password": PASSWORD, "next": next_url})


def set_up(client) -> list[str]:
    """Set up an authenticator through the pages; returns the recovery codes shown."""
    page = client.get("/accounts/two-factor/set-up/").content.decode()
    key = re.search(r'id="two-factor-key">([A-Z2-7 ]+)<', page).group(1)
    assert 'src="data:image/svg+xml' in page  # the QR code
    done = client.post("/accounts/two-factor/set-up/", {"code": code_for(key), "next": "/"})
    assert done.status_code == 200
    html = done.content.decode()
    assert "Save your recovery codes" in html
    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", html)


def test_the_business_unit_is_sent_to_set_it_up_before_anything_else(client, world, required):
    sign_in(client, "bu")
    response = client.get("/reviews/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/set-up/")
    assert client.get("/accounts/users/").status_code == 302  # nothing else either
    codes = set_up(client)
    assert len(codes) == two_factor.RECOVERY_CODES and len(set(codes)) == len(codes)
    assert client.get("/reviews/").status_code == 200
    entry = AuditLog.objects.filter(actor=world.business_unit, action="update").latest("id")
    assert entry.changes == {"two_factor": "set up"}
    for code in codes:  # no recovery code in the log
        assert not AuditLog.objects.filter(changes__icontains=code).exists()


def test_a_wrong_set_up_code_does_not_turn_it_on(client, world, required):
    sign_in(client, "bu")
    client.get("/accounts/two-factor/set-up/")
    response = client.post("/accounts/two-factor/set-up/", {"code": "000000"})
    assert "The code is not right" in response.content.decode()
    assert not two_factor.is_on(world.business_unit)
    assert client.get("/").status_code == 302


def test_opening_the_set_up_page_writes_nothing(client, world, required):
    sign_in(client, "bu")
    client.get("/accounts/two-factor/set-up/")
    assert not TOTPDevice.objects.exists()


def test_a_password_sign_in_asks_for_the_code(client, world, required):
    device = TOTPDevice.objects.create(user=world.business_unit, name="app", confirmed=True)
    response = sign_in(client, "bu", "/reviews/")
    assert client.get(response["Location"])["Location"].startswith("/accounts/sign-in/two-factor/")
    wrong = client.post("/accounts/sign-in/two-factor/", {"code": "123456", "next": "/reviews/"})
    assert "The code is not right" in wrong.content.decode()
    assert client.get("/reviews/").status_code == 302
    failed = AuditLog.objects.filter(action="sign_in_failed", actor=world.business_unit)
    assert failed.latest("id").changes == {"step": "two-factor", "reason": "wrong code"}
    time.sleep(1.1)  # django-otp refuses every code for 2^(failures-1) seconds after a failure
    right = client.post(
        "/accounts/sign-in/two-factor/", {"code": device_code(device), "next": "/reviews/"}
    )
    assert right.status_code == 302 and right["Location"] == "/reviews/"
    assert client.get("/reviews/").status_code == 200
    passed = AuditLog.objects.filter(action="sign_in", actor=world.business_unit).latest("id")
    assert passed.changes == {"step": "two-factor", "with": "authenticator code"}


def test_a_code_works_once(client, world, required):
    device = TOTPDevice.objects.create(user=world.business_unit, name="app", confirmed=True)
    code = device_code(device)
    sign_in(client, "bu")
    assert client.post("/accounts/sign-in/two-factor/", {"code": code}).status_code == 302
    client.post("/accounts/sign-out/")
    sign_in(client, "bu")
    again = client.post("/accounts/sign-in/two-factor/", {"code": code})
    assert again.status_code == 200  # refused: the same code again


def test_recovery_codes_work_once_each(client, world, required):
    sign_in(client, "bu")
    codes = set_up(client)
    client.post("/accounts/sign-out/")
    sign_in(client, "bu")
    used = client.post("/accounts/sign-in/two-factor/", {"code": codes[0]})
    assert used.status_code == 302
    entry = AuditLog.objects.filter(action="sign_in", actor=world.business_unit).latest("id")
    assert entry.changes["with"] == "recovery code"
    assert entry.changes["recovery_codes_left"] == two_factor.RECOVERY_CODES - 1
    client.post("/accounts/sign-out/")
    sign_in(client, "bu")
    assert client.post("/accounts/sign-in/two-factor/", {"code": codes[0]}).status_code == 200
    time.sleep(1.1)  # the throttle after a wrong code
    assert client.post("/accounts/sign-in/two-factor/", {"code": codes[1]}).status_code == 302


def test_it_is_optional_for_other_roles(client, world, required):
    sign_in(client, "practitioner")
    assert client.get("/").status_code == 200
    page = client.get("/accounts/two-factor/").content.decode()
    assert "Optional" in page and "Set up two-factor sign-in" in page
    set_up(client)
    client.post("/accounts/sign-out/")
    sign_in(client, "practitioner")
    assert client.get("/").status_code == 302  # now asked for the code
    client.post("/accounts/sign-in/two-factor/", {"code": "nope"})


def test_someone_for_whom_it_is_optional_can_turn_it_off(client, world, required):
    sign_in(client, "practitioner")
    set_up(client)
    client.post("/accounts/two-factor/turn-off/")
    assert not two_factor.is_on(world.practitioner)
    client.post("/accounts/sign-out/")
    sign_in(client, "bu")  # the business unit cannot
    set_up(client)
    client.post("/accounts/two-factor/turn-off/")
    assert two_factor.is_on(world.business_unit)


def test_the_local_demo_does_not_require_it(client, world, settings):
    settings.CASEREVIEWS_REQUIRE_TWO_FACTOR = False
    sign_in(client, "bu")
    assert client.get("/").status_code == 200


def test_platform_staff_need_it_for_the_platform_admin(client, world, required):
    staff = UserFactory(username="staff", partnership=None, agency=None, is_staff=True)
    staff.is_superuser = True
    staff.save()
    client.post("/platform-admin/login/", {"username": "staff", "password": PASSWORD})
    response = client.get("/platform-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/set-up/")


def test_the_business_unit_resets_a_colleagues_lost_device(client, world, required):
    colleague = UserFactory(
        username="bu2", partnership=world.partnership, agency=None, role="business_unit"
    )
    TOTPDevice.objects.create(user=colleague, name="app", confirmed=True)
    me = TOTPDevice.objects.create(user=world.business_unit, name="app", confirmed=True)
    sign_in(client, "bu")
    client.post("/accounts/sign-in/two-factor/", {"code": device_code(me)})
    page = client.get(f"/accounts/users/{colleague.pk}/two-factor/").content.decode()
    assert "Reset two-factor sign-in" in page
    response = client.post(f"/accounts/users/{colleague.pk}/two-factor/")
    assert response.status_code == 302
    assert not two_factor.is_on(colleague)
    entry = AuditLog.objects.filter(actor=world.business_unit, object_id=str(colleague.pk))
    assert entry.latest("id").changes == {"two_factor": "reset"}
    # Not their own, and not another partnership's people.
    client.post(f"/accounts/users/{world.business_unit.pk}/two-factor/")
    assert two_factor.is_on(world.business_unit)
    assert client.get(f"/accounts/users/{world.outsider.pk}/two-factor/").status_code == 404
    # The colleague is sent to set it up again.
    other = client.__class__()
    sign_in(other, "bu2")
    assert other.get("/")["Location"].startswith("/accounts/two-factor/set-up/")


def test_only_the_business_unit_may_reset(client_for, world):
    target = world.practitioner
    client = client_for(world.subgroup_member)
    assert client.get(f"/accounts/users/{target.pk}/two-factor/").status_code == 403
