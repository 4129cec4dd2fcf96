"""`casereviews engine report`: per theme, how often people accepted the engine's suggestions,
what they added that it missed, and why they rejected (real database, real engine)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from casereviews.core.models import AuditLog
from casereviews.learning import services
from tests.factories import ReviewFactory, UserFactory
from tests.learning.conftest import NEGLECT_TEXT

pytestmark = pytest.mark.django_db

SELF_NEGLECT = "Self-neglect of an adult: not neglect of a child"


def _decide(world, finding, accept=(), reject=None):
    tags = {t.theme_id: t for t in finding.tags.all()}
    for theme_id in accept:
        services.accept_tag(world.business_unit, tags[theme_id])
    for theme_id, reason in (reject or {}).items():
        services.reject_tag(world.business_unit, tags[theme_id], reason)


def _report(*args: str) -> str:
    out = io.StringIO()
    call_command("engine", "report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def decided(world, review):
    """Two findings: suggestions accepted and rejected (with reasons), one left undecided, a
    theme a person added; a restricted review's rejection; another partnership's tags."""
    one = services.add_finding(world.business_unit, review, text=NEGLECT_TEXT)
    two = services.add_finding(world.business_unit, review, text=NEGLECT_TEXT)
    _decide(world, one, accept=["neglect", "professional-curiosity"], reject={"fathers-men": ""})
    _decide(world, two, accept=["professional-curiosity"], reject={"neglect": SELF_NEGLECT})
    services.add_theme(world.business_unit, two, "domestic-abuse", "The partner was violent")

    secret = ReviewFactory(partnership=world.partnership, ref="Ref099", restricted=True)
    secret.restricted_members.add(world.business_unit)
    hidden = services.add_finding(world.business_unit, secret, text=NEGLECT_TEXT)
    _decide(world, hidden, reject={"neglect": "Child Z's name is in this reason"})

    theirs = ReviewFactory(partnership=world.other_partnership, ref="Ref100")
    southern = UserFactory(
        username="bu-south", partnership=world.other_partnership, role="business_unit"
    )
    other = services.add_finding(southern, theirs, text=NEGLECT_TEXT)
    for tag in other.tags.all():
        services.reject_tag(southern, tag, "Southshire's own reason")
    return one, two, hidden


def test_json_counts_decisions_per_theme(world, decided):
    data = json.loads(_report("--format", "json", "--partnership", "northshire"))
    assert data["partnership"] == "northshire"
    themes = {t["id"]: t for t in data["themes"]}
    neglect = themes["neglect"]
    assert (neglect["suggested"], neglect["accepted"], neglect["rejected"]) == (3, 1, 2)
    assert neglect["acceptance_rate"] == pytest.approx(1 / 3, abs=0.001)
    assert neglect["rejected_reasons"] == [{"reason": SELF_NEGLECT, "count": 1}]
    assert neglect["restricted_reasons_not_shown"] == 1
    curiosity = themes["professional-curiosity"]
    assert (curiosity["accepted"], curiosity["rejected"], curiosity["acceptance_rate"]) == (
        2,
        0,
        1.0,
    )
    assert curiosity["awaiting"] == 1  # the restricted finding's, not decided
    assert curiosity["mean_score_accepted"] is not None and curiosity["mean_score_rejected"] is None
    fathers = themes["fathers-men"]
    assert fathers["rejected"] == 1 and fathers["rejected_reasons"] == []  # no reason given
    assert themes["domestic-abuse"]["added_by_people"] == 1
    assert themes["domestic-abuse"]["suggested"] == 0
    assert list(themes)[:2] == ["information-sharing", "professional-curiosity"]  # framework order
    # Southshire's decisions are not Northshire's.
    assert "Southshire" not in json.dumps(data)
    total = data["totals"]
    assert total["accepted"] == sum(t["accepted"] for t in data["themes"])
    assert total["rejected"] == sum(t["rejected"] for t in data["themes"])


def test_text_report_reads_as_a_table_with_the_reasons(world, decided):
    text = _report("--partnership", "northshire")
    assert text.startswith(
        "The theme engine's suggestions and what people decided: Northshire Safeguarding"
    )
    neglect_row = next(line for line in text.splitlines() if line.startswith("Neglect"))
    assert neglect_row.split()[-6:] == ["3", "1", "2", "0", "33%", "0"]
    assert f"- {SELF_NEGLECT}" in text
    assert "1 reason(s) on restricted reviews, not shown" in text
    assert "Child Z" not in text  # a restricted review's reason is never quoted


def test_an_audit_entry_says_who_ran_it(world, decided):
    _report("--partnership", "northshire")
    entry = AuditLog.objects.filter(action="export").latest("id")
    assert entry.actor_name == "Command line (casereviews engine report)"
    assert entry.partnership == world.partnership
    assert entry.changes["format"] == "text" and entry.changes["rejected"] >= 2


def test_the_partnership_must_be_named_when_there_are_several(world, decided):
    with pytest.raises(CommandError, match="more than one partnership"):
        _report()
    with pytest.raises(CommandError, match="No partnership has the slug 'nowhere'"):
        _report("--partnership", "nowhere")


def test_an_empty_partnership_has_a_report_too(world):
    data = json.loads(_report("--format", "json", "--partnership", "southshire"))
    assert data["totals"]["suggested"] == 0 and data["totals"]["acceptance_rate"] is None
    assert "No reasons were given" in _report("--partnership", "southshire")


def test_written_to_a_file(world, decided, tmp_path):
    out = tmp_path / "engine.json"
    _report("--format", "json", "--partnership", "northshire", "--out", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["partnership"] == "northshire"
