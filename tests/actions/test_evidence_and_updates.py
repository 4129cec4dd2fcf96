"""Updates through the action's page: evidence files, bad files, two people at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from casereviews.actions.models import ActionUpdate, EvidenceFile
from tests.actions.conftest import PNG, docx_bytes, pdf_bytes, upload, xlsx_bytes


def _form(action, **extra):
    data = {
        "written_on-day": "30",
        "written_on-month": "9",
        "written_on-year": "2026",
        "kind": "evidence",
        "text": "A dip sample of 40 incidents found children recorded at 38.",
        "status_to": "",
        "version": str(action.version),
    }
    data.update(extra)
    return data


def _kept_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    "name,content",
    [
        ("dip-sample.pdf", pdf_bytes()),
        ("audit.docx", docx_bytes()),
        ("figures.xlsx", xlsx_bytes()),
        ("poster.png", PNG),
    ],
)
def test_a_good_file_is_kept_outside_the_web_root_and_downloadable(
    world, client_for, police_action, files_root, name, content
):
    client = client_for(world.subgroup_member)
    response = client.post(
        reverse("actions:detail", args=[police_action.pk]),
        _form(police_action, files=[upload(name, content)]),
    )
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    assert evidence.original_name == name
    (kept,) = _kept_files(files_root)
    assert kept.read_bytes() == content
    assert kept.name != name  # a random name, not the one the user chose
    assert not kept.resolve().is_relative_to(Path(settings.STATIC_ROOT).resolve())
    page = client.get(reverse("actions:detail", args=[police_action.pk]))
    assert name in page.text
    download = client.get(reverse("actions:evidence_file", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == content


def test_several_files_at_once(world, client_for, police_action, files_root):
    client_for(world.business_unit).post(
        reverse("actions:detail", args=[police_action.pk]),
        _form(
            police_action,
            files=[upload("a.pdf", pdf_bytes()), upload("b.docx", docx_bytes())],
        ),
    )
    assert sorted(EvidenceFile.objects.values_list("original_name", flat=True)) == [
        "a.pdf",
        "b.docx",
    ]
    assert len(_kept_files(files_root)) == 2


def test_a_renamed_binary_is_refused_and_nothing_is_written(
    world, client_for, police_action, files_root
):
    fake = upload("minutes.pdf", b"MZ\x90\x00\x03" + b"\x00" * 400)
    response = client_for(world.business_unit).post(
        reverse("actions:detail", args=[police_action.pk]),
        _form(police_action, files=[upload("good.pdf", pdf_bytes()), fake]),
    )
    assert response.status_code == 200
    assert "minutes.pdf is not really a PDF" in response.text
    assert "Choose your files again" in response.text
    # The entries are kept in the form; nothing of the update, nor the good file, is kept.
    assert "A dip sample of 40 incidents" in response.text
    assert not ActionUpdate.objects.exists()
    assert _kept_files(files_root) == []


def test_a_file_of_the_wrong_kind_is_refused(world, client_for, police_action, files_root):
    response = client_for(world.business_unit).post(
        reverse("actions:detail", args=[police_action.pk]),
        _form(police_action, files=[upload("run.exe", b"MZ" + b"\x00" * 100)]),
    )
    assert "run.exe must be a" in response.text
    assert "PDF" in response.text and "Word document" in response.text
    assert not ActionUpdate.objects.exists()


def test_a_file_too_big_is_refused_with_a_message_and_nothing_written(
    world, client_for, police_action, files_root, settings
):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    big = upload("huge.pdf", b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024))
    response = client_for(world.business_unit).post(
        reverse("actions:detail", args=[police_action.pk]),
        _form(police_action, files=[big]),
    )
    assert response.status_code == 200
    assert "The file is too big: the largest file accepted is 1 MB" in response.text
    assert not ActionUpdate.objects.exists()
    assert _kept_files(files_root) == []


def test_blue_without_evidence_is_refused_on_the_page(world, client_for, police_action):
    response = client_for(world.business_unit).post(
        reverse("actions:detail", args=[police_action.pk]),
        _form(police_action, kind="status", text="", status_to="blue"),
    )
    assert response.status_code == 200
    assert "An action can only be Blue with evidence of its impact" in response.text
    police_action.refresh_from_db()
    assert police_action.status == "red"


def test_red_to_blue_with_evidence_on_the_page(world, client_for, police_action):
    client = client_for(world.business_unit)
    response = client.post(
        reverse("actions:detail", args=[police_action.pk]),
        _form(police_action, status_to="blue", files=[upload("audit.pdf", pdf_bytes())]),
    )
    assert response.status_code == 302
    page = client.get(reverse("actions:detail", args=[police_action.pk]))
    assert "Red to Blue" in page.text
    assert "audit.pdf" in page.text
    assert "Completed" in page.text and "30 September 2026" in page.text


def test_two_people_update_at_once_the_second_is_told_and_keeps_their_entries(
    world, client_for, police_action, files_root
):
    url = reverse("actions:detail", args=[police_action.pk])
    opened = _form(police_action)  # both opened the page at the same version
    first = client_for(world.business_unit).post(
        url, {**opened, "kind": "progress", "text": "Training booked for November."}
    )
    assert first.status_code == 302
    second = client_for(world.subgroup_member).post(
        url,
        {
            **opened,
            "kind": "progress",
            "text": "My own note about the briefings.",
            "status_to": "amber",
            "files": [upload("plan.pdf", pdf_bytes())],
        },
    )
    assert second.status_code == 200
    text = second.text
    assert "This action was changed by Sam Tester" in text  # the first person's name
    assert "Your changes have not been saved" in text
    assert "My own note about the briefings." in text  # their text is kept
    assert 'value="amber" checked' in text  # and their chosen status
    assert "choose them again" in text.lower()
    assert "Training booked for November." in text  # the first update is there to read
    assert list(ActionUpdate.objects.values_list("text", flat=True)) == [
        "Training booked for November."
    ]
    assert _kept_files(files_root) == []
    # Saving again is now deliberate: the form carries the current version.
    police_action.refresh_from_db()
    assert f'name="version" value="{police_action.version}"' in text


def test_editing_an_action_from_a_stale_version_keeps_the_entries(world, client_for, police_action):
    url = reverse("actions:edit", args=[police_action.pk])
    data = {
        "agency": str(world.police.pk),
        "description": police_action.description,
        "lead_role": "Detective Chief Inspector",
        "due_on-day": "31",
        "due_on-month": "12",
        "due_on-year": "2026",
        "success_measure": "",
        "version": str(police_action.version),
    }
    assert client_for(world.business_unit).post(url, data).status_code == 302
    response = client_for(world.subgroup_member).post(url, {**data, "lead_role": "DS Smith"})
    assert response.status_code == 200
    assert "was changed by Sam Tester" in response.text
    assert "DS Smith" in response.text
    police_action.refresh_from_db()
    assert police_action.lead_role == "Detective Chief Inspector"
