"""The learning-theme framework as data: loading, validating and the shipped default."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from casereviews.analysis.textnorm import normalise_phrase

DEFAULT_FILE = "default.toml"
DEFAULT_IDS = (
    "information-sharing",
    "professional-curiosity",
    "domestic-abuse",
    "parental-mental-health",
    "substance-misuse",
    "identity-culture",
    "adolescents",
    "fathers-men",
    "permanence-drift",
    "neglect",
    "voice-of-child",
    "parental-engagement",
    "babies-injury",
    "thresholds-referrals",
    "escalation",
    "recording",
    "supervision",
)
TOXIC_TRIO = ("domestic-abuse", "parental-mental-health", "substance-misuse")

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_PHRASE = re.compile(r"^[^*]*\w[^*]*\*?$")
_THEME_KEYS = {
    "id",
    "name",
    "covers",
    "guidance",
    "phrases",
    "weak",
    "exclude",
    "negatable",
    "maps_to",
    "children_only",
    "sentence_rules",
}
_RULE_KEYS = {"name", "when", "with", "problem", "after"}


@dataclass(frozen=True)
class SentenceRule:
    """A theme's weak (or strong) phrase counts as the strong indicator `name` when its
    sentence also holds one of `with` (eval/LABELLING.md: learning said in other words, "the
    mother's explanation was accepted"); with `problem`, only when the sentence also states a
    practice problem or lesson; with `after`, only when the `with` word follows the hit ("did
    not ask about the history", not "did not know his history and did not ask"). Applied by
    `paraphrase.apply_rules`."""

    name: str
    when: tuple[str, ...]
    with_: tuple[str, ...]
    problem: bool = False
    after: bool = False


class TaxonomyError(ValueError):
    """A framework file that cannot be used; the message names the file, the line and why."""


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    covers: str = ""
    guidance: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    weak: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    negatable: bool = True
    maps_to: str | None = None
    children_only: bool = False  # never given to an adult review or a domestic homicide review
    sentence_rules: tuple[SentenceRule, ...] = ()

    @property
    def default_id(self) -> str | None:
        """The default-framework theme this one counts as (itself, for the default framework)."""
        return self.maps_to or (self.id if self.id in DEFAULT_IDS else None)


@dataclass(eq=False)
class Taxonomy:
    name: str
    themes: list[Theme]
    source: str = "<memory>"
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def by_id(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def all_phrases(self) -> list[str]:
        """Every literal phrase the engine looks for (strong and weak, wildcards stripped),
        deduplicated in first-seen order: what a comparison matcher should be given."""
        seen: dict[str, None] = {}
        for theme in self.themes:
            for phrase in (*theme.phrases, *theme.weak):
                seen.setdefault(phrase.rstrip("*").strip(), None)
        return list(seen)


def _theme_lines(source: str) -> list[int]:
    """1-based line numbers of each [[themes]] table header, in order."""
    return [
        i
        for i, line in enumerate(source.splitlines(), start=1)
        if line.strip().startswith("[[themes]]")
    ]


def _key_line(source: str, start: int, key: str) -> int:
    """The line of `key = ...` inside the theme table starting at `start`, else `start`."""
    lines = source.splitlines()
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for i in range(start, len(lines)):
        if i > start and lines[i].strip().startswith("[["):
            break
        if pattern.match(lines[i]):
            return i + 1
    return start


def _str_list(value: Any, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{what} must be a list of strings")
    return [v.strip() for v in value]


def parse_taxonomy(source: str, filename: str = "<string>", *, local: bool = True) -> Taxonomy:
    """Parse and validate framework TOML text. `local` frameworks may use `maps_to`."""

    def fail(line: int | None, reason: str) -> TaxonomyError:
        where = f"{filename}: line {line}" if line else filename
        return TaxonomyError(f"{where}: {reason}")

    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        reason = msg[: m.start()].strip() if m else msg
        line = int(m.group(1)) if m else None
        col = f", column {m.group(2)}" if m else ""
        raise fail(line, f"not valid TOML{col}: {reason}") from None

    name = data.get("name", Path(filename).stem)
    if not isinstance(name, str) or not name.strip():
        raise fail(1, "'name' must be a non-empty string")
    raw_themes = data.get("themes")
    if not isinstance(raw_themes, list) or not raw_themes:
        raise fail(1, "no themes: add at least one [[themes]] table")

    header_lines = _theme_lines(source)
    themes: list[Theme] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_themes):
        line = header_lines[index] if index < len(header_lines) else None

        def key_line(key: str, _line: int | None = line) -> int | None:
            return _key_line(source, _line - 1, key) if _line else None

        if not isinstance(raw, dict):
            raise fail(line, f"theme {index + 1} is not a table")
        unknown = sorted(set(raw) - _THEME_KEYS)
        if unknown:
            raise fail(line, f"theme {index + 1} has unknown key(s): {', '.join(unknown)}")
        theme_id = raw.get("id")
        if not isinstance(theme_id, str) or not theme_id.strip():
            raise fail(line, f"theme {index + 1} has no id")
        if not _ID.match(theme_id):
            raise fail(
                key_line("id"),
                f"theme id {theme_id!r} must be lowercase letters, digits and hyphens",
            )
        if theme_id in seen:
            raise fail(
                key_line("id"),
                f"duplicate theme id {theme_id!r} (first defined at line {seen[theme_id]})",
            )
        seen[theme_id] = line or 0
        tname = raw.get("name")
        if not isinstance(tname, str) or not tname.strip():
            raise fail(line, f"theme {theme_id!r} has no name")
        covers = raw.get("covers", "")
        if not isinstance(covers, str):
            raise fail(key_line("covers"), f"theme {theme_id!r}: 'covers' must be a string")
        negatable = raw.get("negatable", True)
        if not isinstance(negatable, bool):
            raise fail(
                key_line("negatable"), f"theme {theme_id!r}: 'negatable' must be true or false"
            )
        children_only = raw.get("children_only", False)
        if not isinstance(children_only, bool):
            raise fail(
                key_line("children_only"),
                f"theme {theme_id!r}: 'children_only' must be true or false",
            )
        lists: dict[str, list[str]] = {}
        for key in ("guidance", "phrases", "weak", "exclude"):
            try:
                lists[key] = _str_list(raw.get(key, []), f"theme {theme_id!r}: '{key}'")
            except ValueError as exc:
                raise fail(key_line(key), str(exc)) from None
        if not lists["phrases"]:
            raise fail(
                key_line("phrases") if "phrases" in raw else line,
                f"theme {theme_id!r} has an empty phrase list",
            )
        for key in ("phrases", "weak", "exclude"):
            for phrase in lists[key]:
                if not _PHRASE.match(phrase) or not normalise_phrase(phrase.rstrip("*")):
                    raise fail(
                        key_line(key),
                        f"theme {theme_id!r}: bad phrase {phrase!r} "
                        "(needs a letter or digit; '*' only at the end)",
                    )
        rules = _sentence_rules(
            raw.get("sentence_rules", []),
            {*lists["phrases"], *lists["weak"]},
            lambda reason, _k=key_line, _t=theme_id: fail(
                _k("sentence_rules"), f"theme {_t!r}: {reason}"
            ),
        )
        maps_to = raw.get("maps_to")
        if maps_to is not None:
            if not isinstance(maps_to, str) or maps_to not in DEFAULT_IDS:
                raise fail(
                    key_line("maps_to"),
                    f"theme {theme_id!r}: maps_to {maps_to!r} is "
                    "not a theme id of the default framework",
                )
            if not local:
                raise fail(key_line("maps_to"), "the default framework cannot use maps_to")
        themes.append(
            Theme(
                id=theme_id,
                name=tname.strip(),
                covers=covers.strip(),
                guidance=lists["guidance"],
                phrases=lists["phrases"],
                weak=lists["weak"],
                exclude=lists["exclude"],
                negatable=negatable,
                maps_to=maps_to,
                children_only=children_only,
                sentence_rules=rules,
            )
        )
    return Taxonomy(name=name.strip(), themes=themes, source=filename)


def _sentence_rules(raw: Any, known: set[str], fail: Any) -> tuple[SentenceRule, ...]:
    """A theme's `sentence_rules`: tables of `name`, `when` (phrases of the theme's own lists),
    `with` (words or phrases, '*' at the end allowed) and optionally `problem`."""
    if not isinstance(raw, list):
        raise fail("'sentence_rules' must be a list of tables")
    out = []
    for n, r in enumerate(raw, start=1):
        if not isinstance(r, dict):
            raise fail(f"sentence rule {n} is not a table")
        unknown = sorted(set(r) - _RULE_KEYS)
        if unknown:
            raise fail(f"sentence rule {n} has unknown key(s): {', '.join(unknown)}")
        name = r.get("name")
        if not isinstance(name, str) or not name.strip():
            raise fail(f"sentence rule {n} has no name")
        try:
            when = _str_list(r.get("when", []), f"sentence rule {name!r}: 'when'")
            with_ = _str_list(r.get("with", []), f"sentence rule {name!r}: 'with'")
        except ValueError as exc:
            raise fail(str(exc)) from None
        if not when or not with_:
            raise fail(f"sentence rule {name!r} needs 'when' and 'with'")
        missing = [w for w in when if w not in known]
        if missing:
            raise fail(
                f"sentence rule {name!r}: 'when' phrase(s) {missing} are not the theme's phrases"
            )
        for w in with_:
            if not _PHRASE.match(w) or not normalise_phrase(w.rstrip("*")):
                raise fail(f"sentence rule {name!r}: bad 'with' phrase {w!r}")
        flags = []
        for key in ("problem", "after"):
            flag = r.get(key, False)
            if not isinstance(flag, bool):
                raise fail(f"sentence rule {name!r}: '{key}' must be true or false")
            flags.append(flag)
        out.append(SentenceRule(name.strip(), tuple(when), tuple(with_), *flags))
    return tuple(out)


def load_taxonomy(path: str | Path) -> Taxonomy:
    """Load a partnership's framework file; raises TaxonomyError naming file, line and reason."""
    p = Path(path)
    try:
        source = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TaxonomyError(f"{p}: no such file") from None
    except UnicodeDecodeError as exc:
        raise TaxonomyError(f"{p}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise TaxonomyError(f"{p}: cannot be read ({exc.strerror})") from None
    return parse_taxonomy(source, str(p))


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    """The shipped default framework (ids as in the taxonomy contract), loaded once."""
    ref = resources.files("casereviews.analysis").joinpath("data").joinpath(DEFAULT_FILE)
    name = f"casereviews/analysis/data/{DEFAULT_FILE}"
    tax = parse_taxonomy(ref.read_text(encoding="utf-8"), name, local=False)
    missing = [i for i in DEFAULT_IDS if i not in tax.ids]
    if missing:
        raise TaxonomyError(f"{tax.source}: default framework lacks theme(s) {missing}")
    return tax
