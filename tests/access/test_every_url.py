"""Every URL of the project, as every kind of user, judged by one generic oracle (issue 16).

The URLs come from Django's resolver (tests/access/walk.py), filled with real ids of the world
(tests/access/world.py). Each is requested with GET and with an empty POST. What must hold:

- nobody, and a deactivated user: sent to sign in (302 to the sign-in page), or 403/404/405;
- another partnership's user: any URL with one of our ids answers 404 (never 403, which would
  confirm the record exists), and nothing of ours shows on any page; the same the other way;
- a user who is not a member of the restricted review: any URL with an id of a record that hangs
  off it answers 403/404, and no page, list, export or document shows a marker that only its
  records hold (its published briefing excepted: docs/adr/0013);
- a member: the restricted review's pages answer as the unrestricted review's pages do;
- a request that must be refused (and any POST to a page the user may not GET) changes nothing
  in the database.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import path

from casereviews.accounts.models import User
from tests.access import oracle, walk
from tests.access.world import OUR_MARKERS, RESTRICTED, THEIRS, build_world

MEMBERS = ("business_unit", "agency_lead", "reviewer")
NON_MEMBERS = (
    "practitioner",
    "business_unit_not_member",
    "agency_lead_not_member",
    "reviewer_unassigned",
)
SIGNED_OUT = ("nobody", "deactivated")
USER_KINDS = (*MEMBERS, *NON_MEMBERS, *SIGNED_OUT, "other_partnership")
OUR_FAMILIES = {"restricted", "open", "published", "ours"}


@pytest.fixture
def built(db, settings, tmp_path):
    settings.FILES_ROOT = tmp_path / "files"
    world = build_world()
    oracle.watch_writes()
    found, unknown, skips = walk.targets(world)
    oracle.COUNTS["url patterns walked"] = len({t.name for t in found})
    oracle.COUNTS["urls filled"] = len(found)
    return world, found, unknown, skips


def signed_in(world, kind: str) -> Client:
    client = Client()
    if kind == "nobody":
        return client
    user = world.users[kind]
    client.force_login(user)
    if kind == "deactivated":
        User.objects.filter(pk=user.pk).update(is_active=False)
    return client


def forbidden_markers(kind: str) -> tuple[str, ...]:
    if kind in SIGNED_OUT:
        return (*OUR_MARKERS, THEIRS)
    if kind == "other_partnership":
        return OUR_MARKERS
    if kind in NON_MEMBERS:
        return (THEIRS, RESTRICTED)
    return (THEIRS,)


def must_refuse(kind: str, target: walk.Target) -> bool:
    """Refused whatever the page: the oracle's categories."""
    if kind in SIGNED_OUT:
        return True
    if kind == "other_partnership":
        return target.family in OUR_FAMILIES
    if target.family == "theirs":
        return True
    return kind in NON_MEMBERS and target.sensitive


def status_problem(
    kind: str, target: walk.Target, response, ghost_status: int | None
) -> str | None:
    status = response.status_code
    if kind in SIGNED_OUT:
        login = resolve_url("accounts:login")
        refused = status in oracle.SIGNED_OUT_REFUSED
        if refused or (status == 302 and response["Location"].startswith(login)):
            return None
        return f"answered {status}, not a sign-in redirect, 401, 403 or 404"
    if kind == "other_partnership" and target.family in OUR_FAMILIES:
        return None if status in {404, 405} else f"answered {status}, not 404"
    # Another partnership's record: refused exactly as a record that does not exist is.
    theirs = kind != "other_partnership" and target.family == "theirs"
    if theirs and (status not in oracle.REFUSED or status != ghost_status):
        return f"answered {status} where a missing record answers {ghost_status}"
    if kind in NON_MEMBERS and target.sensitive and status not in oracle.REFUSED:
        return f"answered {status} to a non-member, not 403 or 404"
    return None


def _refused(response) -> bool:
    """Refused to this user (a 405, GET of a POST-only page, says nothing about the user)."""
    if response.status_code in {401, 403, 404}:
        return True
    return response.status_code == 302 and response["Location"].startswith(
        resolve_url("accounts:login")
    )


def _request(client, method: str, url: str):
    oracle.COUNTS["requests"] += 1
    return getattr(client, method)(url, {}) if method == "post" else client.get(url)


def check_target(client, kind: str, target: walk.Target, statuses: dict) -> list[str]:
    problems: list[str] = []
    markers = forbidden_markers(kind)
    get_refused = True
    for method in ("get", "post"):
        guard = method == "post" and (must_refuse(kind, target) or get_refused)
        guard = guard or (method == "get" and must_refuse(kind, target))
        with transaction.atomic():
            if guard:
                oracle.forget_writes()
            try:
                response = _request(client, method, target.url)
            except Exception as exc:  # noqa: BLE001 - an error page is a finding too
                problems.append(f"{method.upper()} {target.url}: raised {exc!r}")
                transaction.set_rollback(True)
                continue
            text = oracle.body_text(response)
            if guard and (changed := oracle.written_tables()):
                problems.append(f"{method.upper()} {target.url}: changed {', '.join(changed)}")
            if method == "post":
                transaction.set_rollback(True)  # what a member's POST did is undone
        if method == "get":
            get_refused = _refused(response)
        statuses[(method, target.family, target.twin_key)] = response.status_code
        ghost = None
        if target.family == "theirs" and kind != "other_partnership":
            with transaction.atomic():
                ghost = _request(client, method, target.ghost).status_code
                transaction.set_rollback(True)
        if problem := status_problem(kind, target, response, ghost):
            problems.append(f"{method.upper()} {target.url} ({target.labels}): {problem}")
        leaked = [m for m in markers if m in text]
        if leaked:
            problems.append(f"{method.upper()} {target.url}: shows {', '.join(leaked)}")
    return problems


def member_parity(statuses: dict) -> list[str]:
    """A member gets the restricted review's pages as the unrestricted review's."""
    problems = []
    for (method, family, key), status in statuses.items():
        if family != "restricted" or "published briefing" in key[1]:
            continue
        twin = statuses.get((method, "open", key))
        if twin is not None and twin != status:
            problems.append(f"{method.upper()} {key[0]} ({key[1]}): {status}, open twin {twin}")
    return problems


def test_every_url_pattern_can_be_filled(built):
    _world, found, unknown, skips = built
    assert not unknown, "\n".join(unknown)
    assert found and len(skips) >= len(walk.SKIPS)


@pytest.mark.parametrize("kind", USER_KINDS)
def test_every_url_as(kind, built):
    world, found, _unknown, _skips = built
    client = signed_in(world, kind)
    if kind == "deactivated":  # the session of a deactivated user no longer works
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url("accounts:login"))
    statuses: dict = {}
    problems: list[str] = []
    for target in found:
        problems.extend(check_target(client, kind, target, statuses))
    if kind in MEMBERS:
        problems.extend(member_parity(statuses))
    if kind == "business_unit":
        opened = [
            k for (m, f, k), s in statuses.items() if m == "get" and f == "restricted" and s == 200
        ]
        assert len(opened) >= 20, "the business unit member should open the restricted pages"
    assert not problems, f"{len(problems)} problems as {kind}:\n" + "\n".join(problems)


def test_platform_admin_refuses_every_non_superuser(built):
    """The Django admin (skipped by the walk) lets in no user of the product, however senior."""
    world = built[0]
    admin_pages = [
        p
        for p in walk.patterns()
        if p.route.startswith("platform-admin/")
        and not p.kwargs
        and p.name not in {"admin:login", "admin:logout"}
    ]
    assert len(admin_pages) > 5
    for kind in (k for k in USER_KINDS if k != "nobody"):  # one world for all: it is read-only
        client = signed_in(world, kind)
        for pattern in admin_pages:
            for method in ("get", "post"):
                with transaction.atomic():
                    oracle.forget_writes()
                    response = _request(client, method, f"/{pattern.route}")
                    assert oracle.written_tables() == [], (kind, pattern.route, method)
                    transaction.set_rollback(True)
                assert response.status_code in {302, 403, 404}, (kind, pattern.route, method)
                if response.status_code == 302:
                    assert "/platform-admin/login/" in response["Location"] or response[
                        "Location"
                    ].startswith(resolve_url("accounts:login"))


def test_platform_admin_opens_for_a_superuser(built):
    """The admin refusals above are real: a superuser does get in."""
    world = built[0]
    boss = User.objects.create_superuser("platform", "platform@example.invalid", "x" * 20)
    client = Client()
    client.force_login(boss)
    assert client.get("/platform-admin/").status_code == 200
    assert world.users


def _page(request, gizmo_id):  # pragma: no cover - never requested
    raise AssertionError


urlpatterns = [path("gizmos/<int:gizmo_id>/", _page, name="gizmo")]


def test_a_url_the_walk_cannot_fill_fails_it_by_name(built, settings):
    """A future page with an argument the walk does not know is reported, not skipped."""
    world = built[0]
    settings.ROOT_URLCONF = __name__
    found, unknown, _skips = walk.targets(world)
    assert found == []
    assert len(unknown) == 1
    assert "/gizmos/<int:gizmo_id>/ (gizmo)" in unknown[0] and "gizmo_id" in unknown[0]


def test_the_write_watch_sees_what_a_request_could_change(built):
    """The oracle's guard can fail: an edit, a deletion and a non-view audit entry are all seen,
    a restricted-record view entry is not, and a rolled-back write leaves no note."""
    from casereviews.accounts.models import Agency
    from casereviews.core import audit
    from casereviews.core.models import AuditAction

    world = built[0]
    user = world.users["business_unit"]
    oracle.forget_writes()
    assert oracle.written_tables() == []
    audit.record(user, AuditAction.VIEW, user)
    assert oracle.written_tables() == []
    User.objects.filter(pk=user.pk).update(first_name="Changed")
    audit.record(user, AuditAction.UPDATE, user)
    assert oracle.written_tables() == ["accounts.User", "core.AuditLog"]
    oracle.forget_writes()
    with transaction.atomic():
        Agency.objects.create(partnership=world.partnership, name="Short-lived").delete()
        assert oracle.written_tables() == ["accounts.Agency"]
        transaction.set_rollback(True)
    assert oracle.written_tables() == []
