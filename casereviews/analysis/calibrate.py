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
import hashlib
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


Example = tuple[list[float], int, float]


def item_examples(
    split: str,
) -> list[tuple[str, frozenset[str], list[tuple[str, Example]], set[str]]]:
    """Per item of `split`: its id, its labels, (theme id, example) for each theme with a
    counting hit, and the themes covered whatever the model says (a DHR's domestic abuse)."""
    tax = default_taxonomy()
    children_only = _children_only(tax)
    weak = _weak_phrases(tax)
    out = []
    for item in load_split(split):
        a = analyse_text(item.text, tax, subject=getattr(item, "subject", None))
        rows: list[tuple[str, Example]] = []
        forced: set[str] = set()
        for i, theme in enumerate(tax.themes):
            f = a.features[i]
            if f.strength <= 0:
                continue
            if children_only[i] and a.subject in (ADULT, DHR):
                continue  # ruled out whatever its features
            if (
                theme.id == "domestic-abuse"
                and a.subject == DHR
                and names_it(a.hits[i], weak[i], a.text)
            ):
                forced.add(theme.id)
                continue  # covered whatever its features (tagger.DHR_DOMESTIC_ABUSE)
            onehot = [1.0 if j == i else 0.0 for j in range(len(tax.themes))]
            label = int(theme.id in item.themes)
            rows.append((theme.id, (f.vector() + onehot, label, 1.0 if split == "dev" else 2.0)))
        out.append((item.id, item.themes, rows, forced))
    return out


def examples(splits: tuple[str, ...] = DEV_SPLITS) -> list[Example]:
    """(features, label, weight) for each pair with a counting hit. The real examples weigh
    as much in all as the short synthetic ones."""
    out: list[Example] = []
    for split in splits:
        try:
            items = item_examples(split)
        except FileNotFoundError:
            continue
        for _, _, rows, _ in items:
            out.extend(x for _, x in rows)
    return out


def cross_validate(folds: int = 5, l2: float = L2) -> dict[str, float]:
    """Out-of-fold figures on real_dev: its items split into `folds` by a hash of the id (not
    the held-out rule's byte), the model refitted on dev and the other folds for each, and
    precision, recall and F1 computed on the pooled predictions at THRESHOLD. Measures a change
    to phrases, rules or features on texts the fit did not see (ADR 0046, ADR 0049)."""
    dev = examples(("dev",))
    real = item_examples("real_dev")
    fold_of = {
        item_id: hashlib.sha256(item_id.encode("utf-8")).digest()[1] % folds
        for item_id, _, _, _ in real
    }
    ids = default_taxonomy().ids
    counts = {t: [0, 0, 0] for t in ids}
    for k in range(folds):
        train = dev + [x for item_id, _, rows, _ in real if fold_of[item_id] != k for _, x in rows]
        model = fit(train, l2)
        for item_id, gold, rows, forced in real:
            if fold_of[item_id] != k:
                continue
            predicted = set(forced)
            for theme_id, (x, _, _) in rows:
                nf = len(FEATURES)
                z = model.intercept + sum(
                    c * v for c, v in zip(model.coefficients, x[:nf], strict=True)
                )
                z += dict(model.theme_bias).get(theme_id, 0.0)
                if 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z)))) >= model.threshold:
                    predicted.add(theme_id)
            for t, c in counts.items():
                c[0] += t in gold and t in predicted
                c[1] += t in predicted and t not in gold
                c[2] += t in gold and t not in predicted
    f1s = []
    for tp, fp, fn in counts.values():
        if tp + fn:
            f1s.append(2 * tp / (2 * tp + fp + fn))
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    out = {
        "micro_precision": tp / (tp + fp) if tp + fp else 0.0,
        "micro_recall": tp / (tp + fn) if tp + fn else 0.0,
        "micro_f1": 2 * tp / (2 * tp + fp + fn) if tp else 0.0,
        "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
    }
    for t, (tp_, fp_, fn_) in counts.items():
        out[t] = 2 * tp_ / (2 * tp_ + fp_ + fn_) if tp_ else 0.0
        out[f"{t} tp/fp/fn"] = f"{tp_}/{fp_}/{fn_}"
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
    parser.add_argument(
        "--cv", type=int, metavar="K", help="instead: K-fold cross-validated figures on real_dev"
    )
    args = parser.parse_args(argv)
    if args.cv:
        print(json.dumps(cross_validate(args.cv, args.l2), indent=2))
        return 0
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
