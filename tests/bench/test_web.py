"""The web benchmark (bench/web.py) still runs, at a tiny size, so it cannot rot unnoticed. It
builds and measures in the test database (bench_web's child process does the same in its own)."""

from __future__ import annotations

from bench.web import BASELINE, SIZES, make_config, measure, table


def test_the_web_benchmark_measures_every_page_and_export_at_three_sizes(db):
    config = {**make_config(0.001, 1, demo=(2, 8, 10), big=(4, 16)), "warm_up": False}
    result = measure(config)

    sizes = result["sizes"]
    assert [sizes[size]["reviews"] for size in SIZES] == [2, 4, 4]
    assert sizes["nation"]["nation"]["partnerships"] == 152  # the same big one, in the nation
    for size in SIZES:
        for role in ("business_unit", "practitioner"):
            rows = sizes[size]["roles"][role]
            assert BASELINE[0] in rows and "Dashboard" in rows
            assert {name: row["status"] for name, row in rows.items() if row["status"] != 200} == {}
    exports = sizes["nation"]["roles"]["business_unit"]
    assert exports["action plan Excel"]["peak_python_mb"] > 0
    assert exports["register CSV (export command)"]["bytes"] > 0
    printed = table(result)
    assert "As practitioner" in printed and "action plan CSV, one agency" in printed
