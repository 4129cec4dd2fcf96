"""How well the anonymisation check does, measured as scripts/measure_anonymise.py measures it:
recall on the planted details of planted_details.tsv (109 fictional sentences), and warnings on
the theme engine's examples (real-sounding learning points with no personal details)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from casereviews.briefings.anonymise import find_personal_details

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "measure_anonymise.py"
_spec = importlib.util.spec_from_file_location("measure_anonymise", SCRIPT)
measure = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(measure)

# Floors just under what was measured when the rules were written (ADR 0015): 108 of 109.
RECALL_FLOOR = 0.97
KIND_FLOOR = 0.90
EVAL_MAX_WARNINGS = 0


def test_recall_on_planted_details_stays_above_the_floor():
    recall = measure.recall_by_kind()
    found, planted = recall.pop("all")
    assert planted >= 100
    assert found / planted >= RECALL_FLOOR
    low = {
        kind: f"{hit}/{total}" for kind, (hit, total) in recall.items() if hit / total < KIND_FLOOR
    }
    assert low == {}


def test_the_theme_engines_examples_give_almost_no_warnings():
    warnings, words = measure.warnings_in(measure.eval_texts())
    assert words > 3000
    assert warnings <= EVAL_MAX_WARNINGS


@pytest.mark.parametrize(
    "text",
    [
        "Child A, Adult B, Sibling 1 and Mother attended; the health visitor was not told.",
        "Brandon et al. (2008) and Reder and Duncan (1999) describe the same pattern.",
        "Professor Eileen Munro's review and Lord Laming's inquiry are cited.",
        "Arthur Labinjo-Hughes and Star Hobson were murdered in 2020.",
        "The Close Working protocol and the Road Safety team.",
        "St Thomas' Hospital and the Queen Elizabeth Hospital treated the baby.",
        "The GP surgery, the dental surgery and the local health centre were involved.",
        "Clare's Law and Sarah's Law disclosures were not requested.",
        "The strategy meeting on 3.4.26 agreed a plan; May was a difficult month.",
        "She attended primary school and then the High Court granted the order.",
        "Amber and Green actions; Will the plan work? Hope and Faith groups ran sessions.",
        "The family moved to Northampton, then to Kettering and Corby.",
    ],
)
def test_what_briefings_say_without_personal_details_is_not_flagged(text):
    assert find_personal_details(text, ["Northshire Police"]) == []
