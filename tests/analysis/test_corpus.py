"""Corpus analysis: every format, bad files collected while the others go on, aggregates."""

from __future__ import annotations

import pytest

from casereviews.analysis.corpus import analyse_corpus, collect_paths
from casereviews.analysis.readers import read_document

TRIO_TEXT = (
    "Findings\n"
    "There was domestic abuse in the household: the father assaulted the mother.\n"
    "The mother had severe depression and a long history of mental health problems.\n"
    "Both parents misused alcohol and drugs; parental substance misuse was known to the GP.\n"
)


@pytest.fixture
def folder(files):
    """A folder with good files of each kind and each kind of bad file, some nested."""
    files.pdf("a/report.pdf")
    files.docx("a/findings.docx")
    files.html("b/summary.html")
    files.markdown("b/briefing.md")
    files.text_cp1252("c/notes.txt")
    files.text("c/deep/trio.txt", TRIO_TEXT)
    files.encrypted_pdf("bad/locked.pdf")
    files.scanned_pdf("bad/scanned.pdf")
    files.corrupt_pdf("bad/truncated.pdf")
    files.png_as_pdf("bad/picture.pdf")
    files.empty("bad/empty.txt")
    (files.root / "c" / "ignored.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (files.root / ".hidden").mkdir()
    (files.root / ".hidden" / "x.txt").write_text("domestic abuse")
    return files.root


def test_collect_paths_sorted_recursive_supported_only(folder, tmp_path):
    paths, missing = collect_paths([folder, tmp_path / "nowhere"])
    names = [p.removeprefix(str(folder) + "/") for p in paths]
    assert names == sorted(names)
    assert "c/deep/trio.txt" in names
    assert not any(n.endswith(".png") or ".hidden" in n for n in names)
    assert len(names) == 11
    assert [m.error for m in missing] == [f"{tmp_path / 'nowhere'} does not exist"]


def test_good_files_analysed_and_bad_files_reported(folder):
    corpus = analyse_corpus([folder], jobs=2)
    ok = {d.path.removeprefix(str(folder) + "/"): d for d in corpus.analysed}
    bad = {d.path.removeprefix(str(folder) + "/"): d.error for d in corpus.errors}
    assert set(ok) == {
        "a/report.pdf",
        "a/findings.docx",
        "b/summary.html",
        "b/briefing.md",
        "c/notes.txt",
        "c/deep/trio.txt",
    }
    assert {d.kind for d in ok.values()} == {"pdf", "docx", "html", "markdown", "text"}
    assert ok["a/report.pdf"].pages == 2
    assert "is password-protected" in bad["bad/locked.pdf"]
    assert "has no text layer" in bad["bad/scanned.pdf"]
    assert "damaged" in bad["bad/truncated.pdf"] or "truncated" in bad["bad/truncated.pdf"]
    assert "not what its extension says" in bad["bad/picture.pdf"]
    assert "is empty" in bad["bad/empty.txt"]
    assert [d.path for d in corpus.documents] == sorted(d.path for d in corpus.documents)


def test_themes_found_and_toxic_trio_counted(folder):
    corpus = analyse_corpus([folder], jobs=1)
    by_name = {d.path.rsplit("/", 1)[-1]: d for d in corpus.analysed}
    trio = by_name["trio.txt"]
    ids = {t["id"] for t in trio.themes}
    assert {"domestic-abuse", "parental-mental-health", "substance-misuse"} <= ids
    assert trio.toxic_trio is True
    assert "domestic-abuse" in {t["id"] for t in by_name["report.pdf"].themes}
    assert corpus.toxic_trio == sum(1 for d in corpus.analysed if d.toxic_trio) >= 1


def test_evidence_is_the_slice_of_the_document_text(folder):
    corpus = analyse_corpus([folder], jobs=1, max_evidence=0)
    checked = 0
    for doc in corpus.analysed:
        text = read_document(doc.path).text
        for theme in doc.themes:
            for ev in theme["evidence"]:
                assert text[ev["start"] : ev["end"]] == ev["text"]
                checked += 1
    assert checked >= 5


def test_aggregates_are_consistent(folder):
    corpus = analyse_corpus([folder], jobs=2)
    data = corpus.to_dict()
    n = data["summary"]["analysed"]
    assert n == 6 and data["summary"]["failed"] == 5
    ids = data["cooccurrence"]["themes"]
    matrix = data["cooccurrence"]["matrix"]
    assert len(ids) == len(matrix) and all(len(row) == len(ids) for row in matrix)
    for i in range(len(ids)):
        for j in range(len(ids)):
            assert matrix[i][j] == matrix[j][i]
    prevalence = {row["id"]: row for row in data["prevalence"]}
    for i, tid in enumerate(ids):
        count = sum(1 for d in corpus.analysed if tid in {t["id"] for t in d.themes})
        assert prevalence[tid]["documents"] == matrix[i][i] == count
        assert prevalence[tid]["percent"] == round(100 * count / n, 1)
    counts = [row["documents"] for row in data["prevalence"]]
    assert counts == sorted(counts, reverse=True)
    for pair in data["cooccurrence"]["pairs"]:
        assert pair["documents"] == matrix[ids.index(pair["a"])][ids.index(pair["b"])] > 0


def test_deterministic_whatever_the_number_of_processes(folder):
    one = analyse_corpus([folder], jobs=1).to_dict()
    two = analyse_corpus([folder], jobs=2).to_dict()
    assert one == two
    assert analyse_corpus([folder], jobs=2).to_dict() == two


def test_evidence_per_theme_is_as_many_as_asked_or_all(tmp_path):
    sentences = [f"On visit {n} the mother had been drinking heavily again." for n in range(12)]
    (tmp_path / "long.txt").write_text(" ".join(sentences), encoding="utf-8")

    def quoted(max_evidence: int) -> int:
        corpus = analyse_corpus([str(tmp_path)], jobs=1, max_evidence=max_evidence)
        theme = next(t for t in corpus.analysed[0].themes if t["id"] == "substance-misuse")
        return len(theme["evidence"])

    assert quoted(3) == 3
    assert quoted(8) == 8
    assert quoted(0) == 12  # 0 = all, as `analyse --evidence` says


def test_pdf_quotations_carry_their_page_and_documents_their_title(files):
    files.pdf(
        "r/child-b.pdf",
        pages=[
            ["Rapid review: Baby B", "Background", "The family moved twice in a year."],
            ["Findings", "There was domestic abuse in the household and nobody asked about it."],
        ],
    )
    [doc] = analyse_corpus([files.root / "r"], jobs=1).analysed
    assert doc.title == "Rapid review: Baby B"
    theme = next(t for t in doc.themes if t["id"] == "domestic-abuse")
    assert [ev["page"] for ev in theme["evidence"]] == [2]
