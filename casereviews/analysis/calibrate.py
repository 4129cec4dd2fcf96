"""`python -m casereviews.analysis.calibrate`: fit the coverage model on the development sets.

Every (text, theme) pair of the development sets whose theme has at least one hit that counts
is one example: its features (`coverage.Features.vector`) and whether the labels say the text
covers the theme. A logistic regression with a small L2 penalty is fitted by Newton's method (7
numbers: plain Python, no numerical library), and its coefficients are written to
`data/coverage.json`. The penalty pulls the coefficients towards the hand-set rule (`PRIOR`:
more strength, more distinct indicators, stated problems and learning sections raise the score,
length lowers it), so a feature the data says little about keeps the rule's sign and size. The
held-out sets are never read here.

    python -m casereviews.analysis.calibrate            # fit on dev + real_dev, write the file
    python -m casereviews.analysis.calibrate --dry-run  # print the coefficients only
"""

from __future__ import annotations

import argparse
import json
import math
from importlib import resources
from pathlib import Path

from casereviews.analysis.coverage import FEATURES, MODEL_FILE, Model
from casereviews.analysis.evaluate import load_split
from casereviews.analysis.subject import ADULT, DHR
from casereviews.analysis.tagger import _children_only, _weak_phrases, analyse_text, names_it
from casereviews.analysis.taxonomy import default_taxonomy

DEV_SPLITS = ("dev", "real_dev")
L2 = 0.5
MAX_STEP = 2.0
L2_BIAS = 2.0
# The presence threshold written with the model: chosen on the development sets (the
# probability stays calibrated; the threshold is where a theme is reported).
THRESHOLD = 0.4
# The rule the fit starts from and is pulled towards: intercept, then FEATURES in order.
PRIOR = (-2.0, 2.0, 0.5, 0.5, 0.6, -0.6, 0.0)


def examples(splits: tuple[str, ...] = DEV_SPLITS) -> list[tuple[list[float], int, float]]:
    """(features, label, weight) for each pair with a counting hit. The real examples weigh
    as much in all as the short synthetic ones."""
    tax = default_taxonomy()
    children_only = _children_only(tax)
    weak = _weak_phrases(tax)
    out: list[tuple[list[float], int, float]] = []
    sizes = {}
    for split in splits:
        try:
            items = load_split(split)
        except FileNotFoundError:
            continue
        sizes[split] = len(items)
        for item in items:
            a = analyse_text(item.text, tax, subject=getattr(item, "subject", None))
            for i, theme in enumerate(tax.themes):
                f = a.features[i]
                if f.strength <= 0:
                    continue
                if children_only[i] and a.subject in (ADULT, DHR):
                    continue  # ruled out whatever its features
                if (
                    theme.id == "domestic-abuse"
                    and a.subject == DHR
                    and names_it(a.hits[i], weak[i])
                ):
                    continue  # covered whatever its features (tagger.DHR_DOMESTIC_ABUSE)
                onehot = [1.0 if j == i else 0.0 for j in range(len(tax.themes))]
                out.append(
                    (
                        f.vector() + onehot,
                        int(theme.id in item.themes),
                        1.0 if split == "dev" else 2.0,
                    )
                )
    return out


# Features whose coefficient may not be negative: more (weighted) strength, more distinct
# indicators, more stated problems, more in the learning sections never lower the score.
MONOTONE = ("strength", "distinct", "problems", "learning", "density")


def fit(data: list[tuple[list[float], int, float]], l2: float = L2) -> Model:
    """Weighted L2-penalised logistic regression by Newton's method: the features, then one
    bias per theme (penalised towards 0 by L2_BIAS). A MONOTONE coefficient that comes out
    negative is fixed at 0 and the rest refitted (an active set), until none is."""
    n_themes = len(data[0][0]) - len(FEATURES)
    prior = list(PRIOR) + [0.0] * n_themes
    fixed: set[int] = set()
    while True:
        w = _newton(data, l2, prior, fixed, n_themes)
        negative = [
            1 + i
            for i, name in enumerate(FEATURES)
            if name in MONOTONE and 1 + i not in fixed and w[1 + i] < 0
        ]
        if not negative:
            break
        fixed.add(min(negative, key=lambda a: w[a]))
    ids = default_taxonomy().ids
    nf = len(FEATURES)
    return Model(
        round(w[0], 6),
        tuple(round(c, 6) for c in w[1 : 1 + nf]),
        THRESHOLD,
        tuple((ids[j], round(w[1 + nf + j], 6)) for j in range(n_themes)),
    )


def _newton(
    data: list[tuple[list[float], int, float]],
    l2: float,
    prior: list[float],
    fixed: set[int],
    n_themes: int,
) -> list[float]:
    k = len(FEATURES) + 1 + n_themes
    penalty = [0.0] + [l2] * len(FEATURES) + [L2_BIAS] * n_themes
    prior = [0.0 if a in fixed else p for a, p in enumerate(prior)]
    w = list(prior)
    for _ in range(200):
        grad = [0.0] * k
        hess = [[0.0] * k for _ in range(k)]
        for x, y, weight in data:
            xs = [1.0, *x]
            z = sum(a * b for a, b in zip(w, xs, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))
            for a in range(k):
                grad[a] += weight * (p - y) * xs[a]
                for b in range(k):
                    hess[a][b] += weight * p * (1 - p) * xs[a] * xs[b]
        for a in range(1, k):  # no penalty on the intercept
            grad[a] += penalty[a] * (w[a] - prior[a])
            hess[a][a] += penalty[a]
        for a in fixed:  # held at 0
            grad[a] = 0.0
            for b in range(k):
                hess[a][b] = hess[b][a] = 0.0
            hess[a][a] = 1.0
        step = _solve(hess, grad)
        biggest = max(abs(x) for x in step)
        if biggest > MAX_STEP:  # damped Newton: never jump far on a flat likelihood
            step = [x * MAX_STEP / biggest for x in step]
        w = [a - b for a, b in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-9:
            break
    return w


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (a is small and positive definite)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for j in range(c, n + 1):
                m[r][j] -= f * m[c][j]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][j] * x[j] for j in range(r + 1, n))) / m[r][r]
    return x


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casereviews.analysis.calibrate")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--l2", type=float, default=L2)
    args = parser.parse_args(argv)
    data = examples()
    model = fit(data, args.l2)
    print(f"{len(data)} examples ({sum(y for _, y, _ in data)} positive)")
    print(json.dumps(model.to_dict(), indent=2))
    if not args.dry_run:
        path = Path(str(resources.files("casereviews.analysis").joinpath("data"))) / MODEL_FILE
        path.write_text(json.dumps(model.to_dict(), indent=2) + "\n", encoding="utf-8")
        print(f"written {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
