"""`casereviews analyse --scheduler ADDRESS` on a real Dask cluster (a LocalCluster of two
workers in this process) gives byte for byte the report of a local run."""

from __future__ import annotations

import pytest

from casereviews.analysis.cli import main

distributed = pytest.importorskip("distributed")

TEXT = (
    "Findings\n"
    "There was domestic abuse in the household and the police attended twice.\n"
    "The mother had depression and mental health problems that were not assessed.\n"
)

FRAMEWORK = """
name = "Our pledge"
version = 1

[[themes]]
id = "hidden-men"
name = "Hidden men"
maps_to = "fathers-men"
phrases = ["father", "mother's partner"]

[[themes]]
id = "drink"
name = "Drink"
maps_to = "substance-misuse"
phrases = ["alcohol", "drank", "drinking"]
"""


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as lc:
        yield lc


@pytest.fixture
def run(capsys):
    """The real `casereviews` engine command line, in this process (so that the in-process
    workers of the cluster and the client share nothing but the scheduler's TCP address)."""

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def folder(files):
    files.pdf("reports/report.pdf")
    files.docx("reports/findings.docx")
    files.html("reports/web/summary.html")
    files.markdown("reports/briefing.md")
    files.text("reports/trio.txt", TEXT + "The father drank and the mother's partner was violent.")
    for i in range(20):  # more files than one batch
        files.text(f"reports/many/note-{i:02d}.txt", f"Note {i}. " + TEXT * (i % 3 + 1))
    files.encrypted_pdf("reports/locked.pdf")
    files.scanned_pdf("reports/scanned.pdf")
    files.png_as_pdf("reports/picture.pdf")
    files.empty("reports/empty.md")
    return files.root / "reports"


@pytest.mark.parametrize("fmt", ["json", "html", "csv", "table"])
def test_cluster_report_is_identical_to_a_local_run(cluster, folder, run, fmt):
    local = run("analyse", str(folder), "--format", fmt, "--jobs", "1")
    remote = run("analyse", str(folder), "--format", fmt, "--scheduler", cluster.scheduler_address)
    assert remote[0] == local[0] == 0, remote[2]
    assert remote[1] == local[1]
    assert remote[2] == local[2]  # the same files refused, with the same reasons
    assert "is password-protected" in remote[2] and "has no text layer" in remote[2]
    assert "casereviews-" not in remote[1]  # no worker's temporary path leaks into the report


def test_cluster_uses_the_partnership_framework(cluster, folder, run, tmp_path):
    framework = tmp_path / "pledge.toml"
    framework.write_text(FRAMEWORK, encoding="utf-8")
    args = ("analyse", str(folder), "--format", "json", "--taxonomy", str(framework))
    local = run(*args, "--jobs", "2")
    remote = run(*args, "--scheduler", cluster.scheduler_address)
    assert remote[0] == 0 and remote[1] == local[1]
    assert '"hidden-men"' in remote[1] and '"information-sharing"' not in remote[1]


def test_unreachable_scheduler_is_a_clear_error(folder, run):
    code, _, err = run("analyse", str(folder), "--scheduler", "tcp://127.0.0.1:9")
    assert code == 2
    assert "the Dask scheduler tcp://127.0.0.1:9" in err
    assert "Traceback" not in err
