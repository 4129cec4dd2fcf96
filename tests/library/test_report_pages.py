"""A review report is searched page by page: a result says which page, links to that page's
text (with the report's own permission), and one report does not fill the results."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from casereviews.learning import reports
from casereviews.library import indexing, search
from casereviews.library.selectors import Filters
from tests.analysis.conftest import pdf_bytes
from tests.library.test_search import _published, library  # noqa: F401 - the fixture

PAGES = [
    ["Introduction and terms of reference of the review."],
    ["The father was not seen by the health visitor."],
    ["Agencies did not ask who the father was."],
    ["The school knew nothing of the father."],
    ["Nobody recorded the father's details."],
    ["Recommendations for the partnership."],
]


@pytest.fixture
def report(world, library, settings, tmp_path):  # noqa: F811
    settings.FILES_ROOT = tmp_path
    upload = SimpleUploadedFile("overview.pdf", pdf_bytes(PAGES), "application/pdf")
    return reports.upload_report(world.business_unit, library["published"], upload)


def report_results(user, query, filters=None):
    return [r for r in search.search(user, query, filters).results if r.entry.kind == "report"]


def test_results_say_the_page_and_at_most_three_of_a_report_with_the_rest_linked(
    world, report, client_for
):
    found = report_results(world.practitioner, "father")
    assert [r.entry.part for r in found][:3] and len(found) == 3
    assert {r.entry.part for r in found} <= {2, 3, 4, 5}
    assert [r.more for r in found] == [0, 0, 1]  # one more page, linked from the last
    every = report_results(world.practitioner, "father", Filters(report=report.pk))
    assert sorted(r.entry.part for r in every) == [2, 3, 4, 5]

    body = client_for(world.practitioner).get("/library/", {"q": "father"}).content.decode()
    assert "Page 2 of Ref001 report: overview.pdf" in body or "Page 3 of Ref001" in body
    assert "1 more page in this report" in body
    assert f"report={report.pk}" in body
    more = client_for(world.practitioner).get("/library/", {"q": "father", "report": report.pk})
    assert more.content.decode().count("of Ref001 report: overview.pdf</a>") == 4


def test_a_result_opens_its_page_of_the_report_text(world, report, client_for):
    result = report_results(world.practitioner, "school")[0]
    assert result.entry.link == f"/library/reports/{report.pk}/?part=4"
    page = client_for(world.practitioner).get(result.entry.link)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Page 4" in body and "The school knew nothing of the father." in body
    assert "Agencies did not ask" not in body  # only that page
    assert f"/library/reports/{report.pk}/?part=3" in body  # previous page
    assert f"/library/reports/{report.pk}/?part=5" in body  # next page
    assert (
        client_for(world.practitioner).get(f"/library/reports/{report.pk}/?part=99").status_code
        == 404
    )


def test_the_report_text_has_the_report_s_reach(world, library, report, client_for, settings):  # noqa: F811
    assert client_for(world.outsider).get(f"/library/reports/{report.pk}/").status_code == 404
    restricted = reports.upload_report(
        world.business_unit,
        library["restricted"],
        SimpleUploadedFile("secret.pdf", pdf_bytes(PAGES), "application/pdf"),
    )
    assert (
        client_for(world.practitioner).get(f"/library/reports/{restricted.pk}/").status_code == 404
    )
    assert report_results(world.practitioner, "school") and all(
        r.entry.record_id == report.pk for r in report_results(world.practitioner, "school")
    )


def test_a_member_reading_a_restricted_review_s_report_page_is_recorded(
    world,
    library,  # noqa: F811
    report,
    client_for,
):
    from casereviews.core.models import AuditLog

    restricted = library["restricted"]
    restricted.restricted_members.add(world.business_unit)
    secret = reports.upload_report(
        world.business_unit,
        restricted,
        SimpleUploadedFile("secret.pdf", pdf_bytes(PAGES), "application/pdf"),
    )
    client = client_for(world.business_unit)
    assert client.get(f"/library/reports/{secret.pk}/?part=4").status_code == 200
    seen = AuditLog.objects.filter(action="view", review=restricted, actor=world.business_unit)
    assert [entry.object_repr for entry in seen] == [f"{secret} page 4"]
    # A published, open review's report is not a restricted record: no entry.
    assert client.get(f"/library/reports/{report.pk}/?part=4").status_code == 200
    assert not AuditLog.objects.filter(action="view", review=library["published"]).exists()


def test_pages_survive_a_theme_decision_and_a_rebuild(world, report):
    from casereviews.learning import services as learning

    tag = report.tags.order_by("id").first()
    if tag is not None:
        learning.accept_tag(world.business_unit, tag)
    assert report_results(world.practitioner, "school")[0].entry.part == 4
    call_command("library", "rebuild")  # reads the kept file again
    assert report_results(world.practitioner, "school")[0].entry.part == 4


def test_a_report_without_pages_is_cut_into_passages_of_whole_paragraphs():
    paragraphs = [f"Paragraph {n}. " + "word " * 200 for n in range(20)]
    parts = indexing.report_parts("\n\n".join(paragraphs))
    assert len(parts) > 3 and all(not is_page for _, is_page, _ in parts)
    assert all(len(text) <= indexing.PASSAGE_CHARS for _, _, text in parts)
    assert "\n\n".join(text for _, _, text in parts) == "\n\n".join(p.strip() for p in paragraphs)
    assert indexing.report_parts("one\n\f\ntwo\n\f\n\n\f\nfour") == [
        (1, True, "one"),
        (2, True, "two"),
        (4, True, "four"),
    ]


def test_a_word_report_is_found_by_passage(world, settings, tmp_path, client_for):
    import io

    import docx

    settings.FILES_ROOT = tmp_path
    review = _published(world, "Ref010")
    document = docx.Document()
    for n in range(12):
        document.add_paragraph(f"Section {n}. " + ("Practitioners met often. " * 60))
    document.add_paragraph("The stepfather was never assessed.")
    buffer = io.BytesIO()
    document.save(buffer)
    reports.upload_report(
        world.business_unit,
        review,
        SimpleUploadedFile(
            "review.docx",
            buffer.getvalue(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    )
    found = report_results(world.practitioner, "stepfather")
    assert len(found) == 1 and found[0].entry.part > 1 and not found[0].entry.part_is_page
    body = client_for(world.practitioner).get("/library/", {"q": "stepfather"}).content.decode()
    assert f"Passage {found[0].entry.part} of Ref010 report: review.docx" in body


def test_a_report_counts_once_however_many_of_its_pages_match(world, report):
    found = search.search(world.practitioner, "father")
    records = {(r.entry.kind, r.entry.record_id) for r in found.results}
    assert found.total == len(records) < len(found.results)  # four pages, one report


def test_words_across_a_page_break_find_the_whole_report(world, report, client_for):
    found = report_results(world.practitioner, '"health visitor agencies"')
    assert [(r.entry.part, r.entry.link) for r in found] == [(0, f"/library/reports/{report.pk}/")]
    page = client_for(world.practitioner).get(found[0].entry.link)
    assert page.status_code == 200 and "Page 1" in page.content.decode()
