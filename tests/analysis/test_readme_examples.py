"""The theme engine's examples in the README give the themes the README says they give."""

from __future__ import annotations

import re
from pathlib import Path

from casereviews.analysis import tag_text

README = Path(__file__).resolve().parents[2] / "README.md"


def _engine_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("### The theme engine")
    end = text.index("\n### ", start + 1) if "\n### " in text[start + 1 :] else len(text)
    return text[start:end]


def test_the_echo_example():
    m = re.search(r'echo "([^"]+)" \| \.venv/bin/casereviews tag', _engine_section())
    assert m, "the README's echo example of `casereviews tag`"
    result = tag_text(m.group(1))
    assert set(result.present_ids()) == {"fathers-men", "substance-misuse"}
    assert result.get("voice-of-child").score < 0.4


def test_the_findings_example():
    m = re.search(r"printf '([^']+)'", _engine_section())
    assert m, "the README's printf example of `casereviews tag`"
    text = m.group(1).replace("\\n", "\n")
    result = tag_text(text)
    assert result.subject == "child"
    assert result.themes[0].id == "fathers-men"  # the README shows it first
    assert "spoke to the father" in result.themes[0].why.indicators
    assert result.themes[0].evidence[0].text == "No one spoke to the father."
    assert result.themes[0].evidence[0].section == "Findings"
    assert {"fathers-men", "babies-injury"} <= set(result.present_ids())
    assert "voice-of-child" not in result.present_ids()
