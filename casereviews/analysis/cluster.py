"""`casereviews analyse --scheduler ADDRESS`: the same analysis on a Dask distributed cluster.

The client (this process) reads each file and sends its bytes with the task, so the workers
need no access to the client's folders, only the `casereviews` package. Files go in batches
(up to BATCH_FILES files or BATCH_BYTES bytes), and only a few batches per worker are in flight
at a time: memory stays flat on both sides however large the corpus. A worker writes the bytes
to a private temporary folder under the file's own name (the type is sniffed from the bytes,
the name only decides between text kinds) and analyses it with exactly the code of a local run,
reporting the original path, so the report is identical to a local one. The framework travels
as its TOML text, parsed once per worker process.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from typing import Any

from casereviews.analysis.corpus import (
    Outcome,
    analyse_document,
    load_framework,
    outcome_of,
    theme_catalogue,
)
from casereviews.analysis.readers import DEFAULT_MAX_BYTES

__all__ = ["analyse_batch", "iter_outcomes_on_cluster"]

BATCH_FILES = 16
BATCH_BYTES = 16 * 1024 * 1024
IN_FLIGHT_PER_WORKER = 3
CONNECT_TIMEOUT = "10s"

_FRAMEWORKS: dict[str, tuple[Any, list[str]]] = {}


def _framework(source: str | None) -> tuple[Any, list[str]]:
    """The framework (and its ids) of a TOML text, or the default one; parsed once per process."""
    key = hashlib.sha256(source.encode("utf-8")).hexdigest() if source is not None else ""
    found = _FRAMEWORKS.get(key)
    if found is None:
        if source is None:
            taxonomy = load_framework(None)
        else:
            from casereviews.analysis.taxonomy import parse_taxonomy

            taxonomy = parse_taxonomy(source, "framework sent by the client")
        found = _FRAMEWORKS[key] = (taxonomy, [tid for tid, _ in theme_catalogue(taxonomy)])
    return found


def analyse_batch(
    items: list[tuple[str, bytes]], source: str | None, max_evidence: int
) -> list[Outcome]:
    """Run on a worker: analyse each (original path, file bytes) and return their outcomes."""
    taxonomy, ids = _framework(source)
    out = []
    folder = tempfile.mkdtemp(prefix="casereviews-")
    try:
        for i, (path, data) in enumerate(items):
            local = os.path.join(folder, str(i), os.path.basename(path) or "document")
            os.makedirs(os.path.dirname(local))
            with open(local, "wb") as fh:
                fh.write(data)
            res = analyse_document(local, taxonomy, max_evidence, name=path)
            out.append(outcome_of(res, ids))
            os.remove(local)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return out


def _limit() -> int:
    env = os.environ.get("CASEREVIEWS_MAX_DOCUMENT_MB")
    try:
        return int(float(env) * 1024 * 1024) if env else DEFAULT_MAX_BYTES
    except ValueError:
        return DEFAULT_MAX_BYTES


def _batches(paths: Sequence[str], ids: list[str], taxonomy: Any, max_evidence: int):
    """Yield ("local", outcome) for files the client itself must refuse (too large, unreadable:
    read_document gives the very message of a local run) and ("batch", items) otherwise."""
    limit = _limit()
    items: list[tuple[str, bytes]] = []
    size = 0
    for path in paths:
        try:
            too_big = os.stat(path).st_size > limit
            data = None if too_big else open(path, "rb").read()  # noqa: SIM115
        except OSError:
            data = None
        if data is None:
            yield "local", outcome_of(analyse_document(path, taxonomy, max_evidence), ids)
            continue
        items.append((path, data))
        size += len(data)
        if len(items) >= BATCH_FILES or size >= BATCH_BYTES:
            yield "batch", items
            items, size = [], 0
    if items:
        yield "batch", items


def iter_outcomes_on_cluster(
    paths: Sequence[str],
    address: str,
    *,
    taxonomy_path: str | None = None,
    max_evidence: int = 0,
) -> Iterator[Outcome]:
    """Analyse `paths` on the cluster at `address`; yield outcomes as batches finish."""
    from distributed import Client, as_completed

    source = None
    if taxonomy_path:
        with open(taxonomy_path, encoding="utf-8") as fh:
            source = fh.read()
    taxonomy, ids = _framework(source)
    with Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        window = workers * IN_FLIGHT_PER_WORKER
        pending = as_completed(loop=client.loop)
        in_flight = 0
        batches = _batches(paths, ids, taxonomy, max_evidence)

        def fill() -> Iterator[Outcome]:
            nonlocal in_flight
            while in_flight < window:
                item = next(batches, None)
                if item is None:
                    return
                what, value = item
                if what == "local":
                    yield value
                    continue
                pending.add(client.submit(analyse_batch, value, source, max_evidence, pure=False))
                in_flight += 1

        yield from fill()
        while in_flight:
            future = next(pending)
            in_flight -= 1
            outcomes = future.result()
            future.release()
            yield from outcomes
            yield from fill()
