"""The framework file: the shipped default and partnerships' own files, good and bad."""

from __future__ import annotations

from pathlib import Path

import pytest

from casereviews.analysis import TaxonomyError, default_taxonomy, load_taxonomy, tag_text
from casereviews.analysis.taxonomy import DEFAULT_IDS

CONTRACT_IDS = [
    "information-sharing", "professional-curiosity", "domestic-abuse", "parental-mental-health",
    "substance-misuse", "identity-culture", "adolescents", "fathers-men", "permanence-drift",
    "neglect", "voice-of-child", "parental-engagement", "babies-injury", "thresholds-referrals",
    "escalation", "recording", "supervision",
]  # fmt: skip


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "local.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_has_exactly_the_contract_ids():
    tax = default_taxonomy()
    assert tax.ids == CONTRACT_IDS == list(DEFAULT_IDS)
    for theme in tax.themes:
        assert theme.name and theme.covers
        assert len(theme.phrases) >= 30, theme.id
    assert tax.by_id("neglect").guidance[0] == "Is neglect evident? In what way?"
    assert default_taxonomy() is tax  # cached


def test_all_phrases_are_literal_and_unique():
    phrases = default_taxonomy().all_phrases()
    assert len(phrases) == len(set(phrases)) > 1000
    assert not any(p.endswith("*") for p in phrases)
    assert "coercive control" in phrases


def test_local_framework_with_maps_to(tmp_path):
    path = write(
        tmp_path,
        """
name = "Our pledge"
[[themes]]
id = "hidden-men"
name = "Hidden men"
phrases = ["hidden men", "mother's boyfriend"]
maps_to = "fathers-men"
""",
    )
    tax = load_taxonomy(path)
    assert tax.name == "Our pledge" and tax.by_id("hidden-men").maps_to == "fathers-men"
    result = tag_text("The mother's boyfriend was never assessed.", tax)
    assert result.present_ids() == ["hidden-men"]


def test_syntax_error_names_file_and_line(tmp_path):
    path = write(tmp_path, 'name = "x"\n[[themes]]\nid = "a"\nname = "A\nphrases = ["a"]\n')
    with pytest.raises(TaxonomyError) as exc:
        load_taxonomy(path)
    assert str(path) in str(exc.value) and "line 4" in str(exc.value)


def test_duplicate_id_names_the_line(tmp_path):
    path = write(
        tmp_path,
        """name = "x"
[[themes]]
id = "a"
name = "A"
phrases = ["alpha"]

[[themes]]
id = "a"
name = "Again"
phrases = ["beta"]
""",
    )
    with pytest.raises(
        TaxonomyError, match=r"line 8: duplicate theme id 'a' \(first defined at line 2\)"
    ):
        load_taxonomy(path)


def test_missing_name(tmp_path):
    path = write(tmp_path, '[[themes]]\nid = "a"\nphrases = ["alpha"]\n')
    with pytest.raises(TaxonomyError, match=r"line 1: theme 'a' has no name"):
        load_taxonomy(path)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('[[themes]]\nname = "A"\nphrases = ["a"]\n', "line 1: theme 1 has no id"),
        (
            '[[themes]]\nid = "a"\nname = "A"\nphrases = []\n',
            "line 4: theme 'a' has an empty phrase",
        ),
        (
            '[[themes]]\nid = "a"\nname = "A"\nphrases = ["a"]\nmaps_to = "nope"\n',
            "line 5: theme 'a': maps_to",
        ),
        ('[[themes]]\nid = "A b"\nname = "A"\nphrases = ["a"]\n', "line 2: theme id 'A b'"),
        ('[[themes]]\nid = "a"\nname = "A"\nphrases = ["*x"]\n', "line 4: theme 'a': bad phrase"),
        ('[[themes]]\nid = "a"\nname = "A"\nphrases = ["a"]\ncolour = 1\n', "unknown key"),
        ('name = "x"\n', "no themes"),
        (
            '[[themes]]\nid = "a"\nname = "A"\nphrases = ["a"]\n'
            'sentence_rules = [{ name = "r", when = ["b"], with = ["c"] }]\n',
            "line 5: theme 'a': sentence rule 'r': 'when' phrase",
        ),
        (
            '[[themes]]\nid = "a"\nname = "A"\nphrases = ["a"]\n'
            'sentence_rules = [{ name = "r", when = ["a"], with = [] }]\n',
            "needs 'when' and 'with'",
        ),
        (
            '[[themes]]\nid = "a"\nname = "A"\nphrases = ["a"]\n'
            'sentence_rules = [{ name = "r", when = ["a"], with = ["c"], colour = 1 }]\n',
            "sentence rule 1 has unknown key",
        ),
        (
            '[[themes]]\nid = "a"\nname = "A"\nphrases = ["a"]\n'
            'sentence_rules = [{ name = "r", when = ["a"], with = ["*c"] }]\n',
            "bad 'with' phrase",
        ),
    ],
)
def test_semantic_errors(tmp_path, body, reason):
    with pytest.raises(TaxonomyError, match=reason.replace("(", r"\(").replace("*", r"\*")):
        load_taxonomy(write(tmp_path, body))


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(TaxonomyError, match="no such file"):
        load_taxonomy(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'name = "\xff"\n')
    with pytest.raises(TaxonomyError, match="not UTF-8"):
        load_taxonomy(bad)


def test_a_local_framework_can_have_sentence_rules(tmp_path):
    path = write(
        tmp_path,
        'name = "Local"\n[[themes]]\nid = "checking"\nname = "Checking"\n'
        'phrases = ["did not check"]\nweak = ["accepted"]\n'
        'sentence_rules = [{ name = "taken on trust", when = ["accepted"], with = ["stor*"],'
        " after = true }]\n",
    )
    tax = load_taxonomy(path)
    (rule,) = tax.by_id("checking").sentence_rules
    assert (rule.name, rule.when, rule.with_, rule.problem, rule.after) == (
        "taken on trust",
        ("accepted",),
        ("stor*",),
        False,
        True,
    )
    result = tag_text("The worker accepted the stories she was told about the bruises.", tax)
    assert "~ taken on trust" in result.get("checking").why.indicators
    result = tag_text("The stories were accepted by the worker.", tax)  # the word comes first
    assert "~ taken on trust" not in result.get("checking").why.indicators
