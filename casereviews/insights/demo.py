"""The demo's national corpus, so that the analysis pages show a partnership beside a national
figure (issue 11).

No published report's text is shipped with the product. The demo instead analyses the theme
engine's real-writing evaluation texts (`casereviews/analysis/eval/real_*.jsonl`): excerpts
written in the style of published reviews, briefings and summaries. The corpus is named for what
it is, so nobody takes its figures for the national picture; a platform administrator loads the
real one with `casereviews insights load-national`.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from casereviews.core import audit
from casereviews.insights.models import NationalCorpus
from casereviews.insights.services import load_national

EVAL = Path(__file__).resolve().parents[1] / "analysis" / "eval"
NAME = "Illustrative national corpus (demo: texts written in the style of published reviews)"


def seed() -> None:
    if NationalCorpus.objects.exists():
        return
    with tempfile.TemporaryDirectory(prefix="demo-national-") as folder:
        for name in ("real_dev.jsonl", "real_heldout.jsonl"):
            for line in (EVAL / name).read_text(encoding="utf-8").splitlines():
                item = json.loads(line)
                if item.get("text"):
                    (Path(folder) / f"{item['id']}.txt").write_text(item["text"], "utf-8")
        load_national(folder, name=NAME, actor=audit.command_actor("demo"), jobs=1)
