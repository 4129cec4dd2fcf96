"""The fixed rule that splits the examples written from real texts into development and held out.

An example is held out when the first byte of the SHA-256 of its id (UTF-8) is below 86: about
one in three (86/256). The rule was fixed before any tuning and never changes; tests check that
every example of `real_dev.jsonl` and `real_heldout.jsonl` is in the file the rule says.
"""

from __future__ import annotations

import hashlib

HELDOUT_BELOW = 86


def is_heldout(example_id: str) -> bool:
    return hashlib.sha256(example_id.encode("utf-8")).digest()[0] < HELDOUT_BELOW
