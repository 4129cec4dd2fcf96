"""Fail when a view reaches the database directly instead of through a scoped selector.

Views parse, authorise, call and render; queries of sensitive records live in selectors, which
are partnership-scoped. This check keeps it so (ARCHITECTURE.md, rules of the house).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

FORBIDDEN = re.compile(r"\b[A-Z]\w*\.objects\b|\bget_object_or_404\b|\bget_list_or_404\b")


def main() -> int:
    root = Path(__file__).resolve().parent.parent / "casereviews"
    problems = []
    for path in sorted(root.rglob("views*.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if FORBIDDEN.search(line.split("#", 1)[0]):
                problems.append(f"{path.relative_to(root.parent)}:{number}: {line.strip()}")
    for path in sorted((root).rglob("views/*.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if FORBIDDEN.search(line.split("#", 1)[0]):
                problems.append(f"{path.relative_to(root.parent)}:{number}: {line.strip()}")
    if problems:
        print("Views must query through partnership-scoped selectors, not directly:")
        print("\n".join(sorted(set(problems))))
        return 1
    print("check_scoping: views query only through selectors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
