"""A national corpus loaded on the command line, from the engine's JSON report or a folder."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from casereviews.analysis.cli import main as engine_main
from casereviews.core.models import AuditLog
from casereviews.insights import presenters, selectors
from casereviews.insights.models import NationalCorpus
from tests.insights.conftest import DA, FATHERS, hand_made_report

pytestmark = pytest.mark.django_db

REPORTS = {
    "child-a.txt": (
        "Serious case review: Child A. The mother described domestic abuse and coercive control "
        "to her GP and the police attended incidents of domestic violence, but no referral was "
        "made to MARAC. Her depression and mental ill-health were known to adult mental health "
        "services and affected her parenting. The mother's alcohol misuse and heroin use were "
        "known to the substance misuse service; she was often drunk when caring for Child A, and "
        "the impact of her drinking on her parenting was never assessed."
    ),
    "child-b.txt": (
        "Learning review: Child B. The father and the mother's new partner were never assessed; "
        "the men in the household were invisible to practitioners. Child B's voice was not "
        "heard and he was not seen alone; his wishes and feelings were not recorded."
    ),
    "child-c.txt": (
        "Child C lived with cumulative neglect: the home conditions were poor, he was often "
        "hungry, and health appointments were missed again and again."
    ),
}


def test_load_from_json_and_see_it_beside_local_figures(world, small, tmp_path, capsys):
    call_command("insights", "load-national", str(hand_made_report(tmp_path)), "--name", "NSPCC")
    assert "Loaded NSPCC: 10 documents analysed, 1 could not be read" in capsys.readouterr().out
    corpus = selectors.national_corpus()
    assert selectors.national_counts(corpus) == {DA: 6, FATHERS: 3}  # unknown ids left out
    assert AuditLog.objects.filter(object_type="insights.NationalCorpus").count() == 1

    a = presenters.analysis(world.business_unit, None)
    assert a.national_documents == 10
    prevalence = {r[0]: r[1:] for r in a.tables["prevalence"].rows}
    # local reviews, %, findings, reports, national documents, national %
    assert prevalence["Domestic abuse"] == ["3", "75%", "3", "0", "6", "60%"]
    assert prevalence["Fathers and male carers"][-2:] == ["3", "30%"]
    assert prevalence["Neglect and poor parenting"][-2:] == ["0", "0%"]
    trio = {r[0]: r[1:] for r in a.tables["toxic-trio"].rows}
    assert trio["All three (the toxic trio)"] == ["1", "25%", "2", "20%"]
    assert trio["Domestic abuse with Parental mental health and learning disability"][-2:] == [
        "4",
        "40%",
    ]


def test_newest_corpus_is_shown(world, tmp_path):
    path = hand_made_report(tmp_path)
    call_command("insights", "load-national", str(path), "--name", "First")
    call_command("insights", "load-national", str(path), "--name", "Second")
    assert selectors.national_corpus().name == "Second"


def test_load_from_a_folder_counts_what_analyse_counts(world, tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path / "analyse.json"
    args = ["analyse", str(folder), "--format", "json", "--out", str(out), "--jobs", "1"]
    assert engine_main(args) == 0
    call_command("insights", "load-national", str(folder))
    from_folder = NationalCorpus.objects.get(name="reports")
    call_command("insights", "load-national", str(out), "--name", "From JSON")
    from_json = NationalCorpus.objects.get(name="From JSON")

    assert from_folder.documents == from_json.documents == 3
    assert selectors.national_counts(from_folder) == selectors.national_counts(from_json)
    counts = selectors.national_counts(from_folder)
    assert counts[DA] == 1 and counts[FATHERS] == 1  # Child A's and Child B's reports
    assert from_folder.toxic_trio == from_json.toxic_trio == 1


def test_refused_sources(world, tmp_path):
    with pytest.raises(CommandError, match="neither a folder nor a file"):
        call_command("insights", "load-national", str(tmp_path / "missing"))
    bad = tmp_path / "bad.json"
    bad.write_text('{"summary": {}}', encoding="utf-8")
    with pytest.raises(CommandError, match="lacks the summary"):
        call_command("insights", "load-national", str(bad))
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match="nothing loaded"):
        call_command("insights", "load-national", str(tmp_path / "empty"))
    assert not NationalCorpus.objects.exists()


def test_the_demo_loads_an_illustrative_corpus_named_for_what_it_is(world):
    """The demo's national column rests on the engine's real-writing evaluation texts, named so
    nobody takes it for the national picture; loading twice keeps one."""
    import json

    from casereviews.insights import demo

    demo.seed()
    demo.seed()
    corpus = selectors.national_corpus()
    assert NationalCorpus.objects.count() == 1
    assert corpus.name.startswith("Illustrative national corpus (demo")
    texts = sum(
        1
        for name in ("real_dev.jsonl", "real_heldout.jsonl")
        for line in (demo.EVAL / name).read_text().splitlines()
        if json.loads(line).get("text")
    )
    assert corpus.documents == texts and corpus.failed == 0
    counts = selectors.national_counts(corpus)
    assert counts and max(counts.values()) < texts  # figures, not a theme on every text
    page = presenters.analysis(world.business_unit, None)
    assert page.national_documents == texts
