"""Fail when a view or a selector could show records outside the user's reach.

Two rules of the house (ARCHITECTURE.md; docs/adr/0013):

1. Views parse, authorise, call and render: they never query the database themselves
   (`Model.objects`, `get_object_or_404`), only through selectors.
2. A selector that reads for a user (it takes `user`) and queries a model that hangs off a review
   (its declared `reach` names a review) applies the restricted-review rule: it calls
   `in_reach` or `get_in_reach_or_404` (core.scoping), or a selector that does (the rows it
   reads then hang off records already in reach). Selectors without a `user` work on a
   record the caller already fetched within reach.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_IN_VIEWS = re.compile(r"\b[A-Z]\w*\.objects\b|\bget_object_or_404\b|\bget_list_or_404\b")
REACH_CALLS = {"in_reach", "get_in_reach_or_404"}


def _files(pattern: str) -> list[Path]:
    package = ROOT / "casereviews"
    return sorted({*package.rglob(f"{pattern}*.py"), *package.rglob(f"{pattern}/*.py")})


def view_problems() -> list[str]:
    problems = []
    for path in _files("views"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if FORBIDDEN_IN_VIEWS.search(line.split("#", 1)[0]):
                problems.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return problems


def review_bound_models() -> set[str]:
    """Names of our models whose declared reach hangs off a review."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereviews.config.settings")
    import django
    from django.apps import apps

    django.setup()
    from casereviews.core.scoping import reach_of

    return {
        model.__name__
        for model in apps.get_models()
        if model.__module__.startswith("casereviews.") and hasattr(model, "reach")
        if reach_of(model).hangs_off_a_review
    }


def _called_names(node: ast.AST) -> set[str]:
    names = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            func = sub.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def _queried_models(node: ast.AST) -> set[str]:
    return {
        sub.value.id
        for sub in ast.walk(node)
        if isinstance(sub, ast.Attribute) and sub.attr == "objects"
        if isinstance(sub.value, ast.Name)
    }


def _selector_functions(paths: list[Path]) -> list[tuple[Path, ast.FunctionDef]]:
    return [
        (path, node)
        for path in paths
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef)
    ]


def _reaching(functions: list[tuple[Path, ast.FunctionDef]]) -> set[str]:
    """in_reach itself, and every selector that calls it, directly or through another."""
    reaching = set(REACH_CALLS)
    while True:
        more = {node.name for _, node in functions if _called_names(node) & reaching}
        if more <= reaching:
            return reaching
        reaching |= more


def selector_problems(bound: set[str], paths: list[Path] | None = None) -> list[str]:
    problems = []
    functions = _selector_functions(_files("selectors") if paths is None else paths)
    reaching = _reaching(functions)
    for path, node in functions:
        if "user" not in {arg.arg for arg in node.args.args + node.args.kwonlyargs}:
            continue
        unscoped = _queried_models(node) & bound
        if unscoped and not (_called_names(node) & reaching):
            problems.append(
                f"{path.name}:{node.lineno}: {node.name}() reads "
                f"{', '.join(sorted(unscoped))} for a user without in_reach()"
            )
    return problems


def main() -> int:
    problems = view_problems()
    if problems:
        print("Views must query through partnership-scoped selectors, not directly:")
        print("\n".join(sorted(set(problems))))
    selector = selector_problems(review_bound_models())
    if selector:
        print("Selectors reading records of reviews for a user must apply the restricted rule:")
        print("\n".join(selector))
    if problems or selector:
        return 1
    print("check_scoping: views query only through selectors; selectors apply the reach rule")
    return 0


if __name__ == "__main__":
    sys.exit(main())
