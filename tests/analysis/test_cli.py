"""`casereviews tag` and `casereviews analyse`, run as the real console script."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casereviews.analysis import default_taxonomy

TEXT = (
    "Findings\n"
    "There was domestic abuse in the household and the police attended twice.\n"
    "The mother had depression and mental health problems that were not assessed.\n"
    "There were no concerns about neglect.\n"
)


def _command() -> list[str]:
    exe = Path(sys.executable).parent / "casereviews"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("casereviews")
    return [found] if found else [sys.executable, "-m", "casereviews"]


def run(*args: str, stdin: str | bytes = b"", cwd: Path | None = None):
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [*_command(), *args], input=data, capture_output=True, cwd=cwd, timeout=120, check=False
    )
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


# --- tag ----------------------------------------------------------------------------------------


def test_tag_prints_present_themes_in_the_documented_shape():
    code, out, err = run("tag", stdin=TEXT)
    assert code == 0, err
    data = json.loads(out)
    assert set(data) - {"toxic_trio"} == {"themes", "subject"}
    assert data["subject"] in ("child", "adult", "domestic-homicide", "none")
    themes = data["themes"]
    assert themes, "some theme should be found"
    for theme in themes:
        assert set(theme) == {"id", "name", "score", "why", "evidence"}
        assert isinstance(theme["score"], float | int) and theme["score"] > 0
        assert theme["why"]["indicators"]
        assert theme["evidence"]
        for ev in theme["evidence"]:
            assert set(ev) == {"text", "start", "end", "section", "page"}
            assert TEXT[ev["start"] : ev["end"]] == ev["text"]
    scores = [t["score"] for t in themes]
    assert scores == sorted(scores, reverse=True)
    ids = {t["id"] for t in themes}
    assert "domestic-abuse" in ids
    assert "neglect" not in ids  # negated mention


def test_tag_all_lists_every_theme():
    code, out, err = run("tag", "--all", stdin=TEXT)
    assert code == 0, err
    themes = json.loads(out)["themes"]
    assert [t["id"] for t in themes if t["id"]] and len(themes) == len(default_taxonomy().themes)
    assert {t["id"] for t in themes} == {t.id for t in default_taxonomy().themes}
    assert any(t["score"] == 0 for t in themes)
    scores = [t["score"] for t in themes]
    assert scores == sorted(scores, reverse=True)


def test_tag_reads_cp1252_stdin():
    code, out, err = run("tag", stdin="The father’s domestic abuse – café.\n".encode("cp1252"))
    assert code == 0, err
    assert "domestic-abuse" in {t["id"] for t in json.loads(out)["themes"]}


def test_tag_empty_input_gives_no_themes():
    code, out, _ = run("tag", stdin="")
    assert code == 0
    assert json.loads(out)["themes"] == []


def test_tag_bad_taxonomy_file(tmp_path):
    bad = tmp_path / "framework.toml"
    bad.write_text('[[theme]]\nid = "ok"\nname = \n', encoding="utf-8")
    code, out, err = run("tag", "--taxonomy", str(bad), stdin=TEXT)
    assert code == 2
    assert out == ""
    assert "line" in err.lower()
    assert "Traceback" not in err


def test_tag_missing_taxonomy_file(tmp_path):
    code, _, err = run("tag", "--taxonomy", str(tmp_path / "nope.toml"), stdin=TEXT)
    assert code == 2
    assert "does not exist" in err


def test_usage_errors_exit_2():
    assert run("tag", "--nope")[0] == 2
    code, _, err = run("analyse")
    assert code == 2 and "PATH" in err
    assert run("analyse", ".", "--format", "pdf")[0] == 2
    assert run("analyse", ".", "--jobs", "0")[0] == 2


# --- analyse ------------------------------------------------------------------------------------


@pytest.fixture
def folder(files):
    files.pdf("reports/report.pdf")
    files.docx("reports/findings.docx")
    files.html(
        "reports/web/summary.html",
        body="<p>Evil &lt;script&gt;alert(1)&lt;/script&gt; and domestic abuse.</p>",
    )
    files.markdown("reports/briefing.md")
    files.text_cp1252("reports/notes.txt")
    files.encrypted_pdf("reports/locked.pdf")
    files.scanned_pdf("reports/scanned.pdf")
    files.png_as_pdf("reports/picture.pdf")
    files.corrupt_pdf("reports/truncated.pdf")
    files.empty("reports/empty.md")
    return files.root / "reports"


def test_analyse_table_default_with_errors_on_stderr(folder):
    code, out, err = run("analyse", str(folder), "--jobs", "2")
    assert code == 0, err
    assert "5 documents analysed" in out
    assert "Prevalence of themes" in out and "Toxic trio" in out
    assert "report.pdf" in out and "domestic-abuse" in out
    assert "5 of 10 files could not be analysed" in err
    for reason in (
        "is password-protected",
        "has no text layer",
        "not what its extension says",
        "is empty",
        "truncated",
    ):
        assert reason in err
        assert reason in out  # the report lists them too
    assert "Traceback" not in err


def test_analyse_json(folder, tmp_path):
    out_file = tmp_path / "out.json"
    code, out, err = run("analyse", str(folder), "--format", "json", "--out", str(out_file))
    assert code == 0, err
    assert out == ""
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert set(data) == {
        "summary",
        "themes",
        "prevalence",
        "cooccurrence",
        "toxic_trio",
        "documents",
        "errors",
    }
    assert data["summary"]["analysed"] == 5 and data["summary"]["failed"] == 5
    assert [d["path"] for d in data["documents"]] == sorted(d["path"] for d in data["documents"])
    assert {e["path"].rsplit("/", 1)[-1] for e in data["errors"]} == {
        "locked.pdf",
        "scanned.pdf",
        "picture.pdf",
        "truncated.pdf",
        "empty.md",
    }
    for doc in data["documents"]:
        assert {"path", "title", "kind", "pages", "chars", "toxic_trio", "themes"} <= set(doc)
        assert doc["title"]  # a title, or the file name when the text has none
        for theme in doc["themes"]:
            assert {"id", "name", "score", "why", "evidence"} <= set(theme)
    assert isinstance(data["toxic_trio"]["documents"], int)


def test_analyse_csv(folder):
    code, out, err = run("analyse", str(folder), "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 10
    assert {r["status"] for r in rows} == {"ok", "error"}
    ids = [t.id for t in default_taxonomy().themes]
    assert set(ids) <= set(rows[0])
    locked = next(r for r in rows if r["path"].endswith("locked.pdf"))
    assert "password-protected" in locked["error"]


def test_analyse_html_is_escaped(folder, tmp_path):
    out_file = tmp_path / "report.html"
    code, _, err = run("analyse", str(folder), "--format", "html", "--out", str(out_file))
    assert code == 0, err
    html = out_file.read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert 'lang="en-GB"' in html


def test_analyse_only_bad_files_exits_1(files):
    files.empty("x/empty.txt")
    files.png_as_pdf("x/picture.pdf")
    code, _, err = run("analyse", str(files.root / "x"))
    assert code == 1
    assert "2 of 2 files could not be analysed" in err


def test_analyse_missing_path_is_reported_and_others_go_on(folder, tmp_path):
    code, _, err = run(
        "analyse", str(folder / "report.pdf"), str(tmp_path / "missing.pdf"), "--format", "json"
    )
    assert code == 0
    assert "missing.pdf does not exist" in err


def test_analyse_empty_folder_exits_1(tmp_path):
    (tmp_path / "empty").mkdir()
    code, _, err = run("analyse", str(tmp_path / "empty"))
    assert code == 1
    assert "no documents found" in err


def test_no_progress_bar_when_piped(folder):
    code, _, err = run("analyse", str(folder), "--format", "json")
    assert code == 0
    assert "Analysing" not in err
    assert "doc/s" not in err and "%|" not in err and "\r" not in err


def test_analyse_output_is_deterministic(folder):
    first = run("analyse", str(folder), "--format", "json", "--jobs", "1")[1]
    second = run("analyse", str(folder), "--format", "json", "--jobs", "2")[1]
    assert first == second
