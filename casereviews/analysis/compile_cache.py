"""A cache of compiled frameworks on disk, so that a run does not compile the framework again.

Compiling the default framework for the scan (matcher.Matcher: ~2,000 phrases into ~19,000 keys
with their plural and spacing variants and the hits hidden inside long keys) takes about 0.15 s
of Python, a tenth of `casereviews analyse` on 40 MB. The result is plain data (strings, numbers,
tuples, lists), stored with `marshal` (which builds data, never runs code) under a name that is
a SHA-256 of the framework's phrases and of the source of every module that decides what they
compile to, so an edit to either simply misses the cache. Only frameworks read from a file are
cached (the shipped default, a partnership's own), in $CASEREVIEWS_CACHE, else
$XDG_CACHE_HOME/casereviews, else ~/.cache/casereviews; `CASEREVIEWS_CACHE=off` disables it. Any
failure to read or write it is ignored: the framework is then compiled as before.

A file is a CRC-32 of its contents followed by them, so a damaged file is refused, not read as
other data. Besides the compiled framework (`framework-*.bin`), the C scan's built engine is
kept as its image (`engine-*.bin`, see matcher.Matcher): building the trie was 0.035 s of each
run. Each kind keeps its `_KEEP` newest files (every edit of the engine's sources makes new
ones), so the folder stays a few megabytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
import zlib
from pathlib import Path
from typing import Any

_VERSION = b"casereviews compiled framework 2"
_KEEP = 8  # files kept of each kind (an engine image is about 4 MB)
_SOURCES = ("matcher.py", "textnorm.py", "negation.py", "taxonomy.py")


def _folder(taxonomy: Any) -> Path | None:
    """Where to cache `taxonomy`: only frameworks read from a file (the shipped default or a
    partnership's own), not ones built in memory (tests generate thousands)."""
    if str(getattr(taxonomy, "source", "<memory>")).startswith("<"):
        return None
    env = os.environ.get("CASEREVIEWS_CACHE", "").strip()
    if env.lower() == "off":
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "casereviews"


def _key(taxonomy: Any, extra: Any) -> str:
    h = hashlib.sha256(_VERSION)
    here = Path(__file__).resolve().parent
    for name in _SOURCES:
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(name.encode())
    for t in taxonomy.themes:
        h.update(repr((t.id, t.phrases, t.weak, t.exclude, t.negatable)).encode("utf-8"))
    h.update(repr(extra).encode("utf-8"))
    return h.hexdigest()[:40]


def load(taxonomy: Any, extra: Any = (), kind: str = "framework", length: int = 5) -> tuple | None:
    """The compiled form of `taxonomy` (with `extra`: anything else compiled with it, such as
    extra word lists) stored as `kind`, a tuple of `length` items, or None."""
    folder = _folder(taxonomy)
    if folder is None:
        return None
    try:
        # Only this user's own cache folder is read (whoever can write there can already
        # change this user's files); and marshal builds data, it never runs it.
        raw = memoryview((folder / f"{kind}-{_key(taxonomy, (kind, extra))}.bin").read_bytes())
        if len(raw) < 4 or zlib.crc32(raw[4:]) != int.from_bytes(raw[:4], "little"):
            return None
        data = marshal.loads(raw[4:])  # noqa: S302
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return data if isinstance(data, tuple) and len(data) == length else None


def store(taxonomy: Any, data: tuple, extra: Any = (), kind: str = "framework") -> None:
    folder = _folder(taxonomy)
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        payload = marshal.dumps(data)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(zlib.crc32(payload).to_bytes(4, "little"))
            fh.write(payload)
        os.replace(tmp, folder / f"{kind}-{_key(taxonomy, (kind, extra))}.bin")
        for old in sorted(folder.glob(f"{kind}-*.bin"), key=_mtime, reverse=True)[_KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, ValueError):
        with contextlib.suppress(OSError, NameError):
            os.unlink(tmp)  # type: ignore[possibly-undefined]


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
