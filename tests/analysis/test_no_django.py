"""The theme engine is a plain library: importing and using it loads no Django."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
import casereviews.analysis as a
from casereviews.analysis import evaluate, matcher, negation, segment, tagger, taxonomy
a.tag_text("The child was not seen.")
others = ("config", "core", "accounts", "referrals", "reviews", "reports")
bad = sorted(m for m in sys.modules if m == "django" or m.startswith("django.")
             or m.startswith(tuple("casereviews." + o for o in others)))
print(",".join(bad))
"""


def test_importing_the_engine_loads_no_django():
    out = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == ""
