"""The C scan's built engine kept as an image (`Engine.image`, `Engine.from_image`, cached by
compile_cache as `engine-*.bin`): an engine taken from its image gives the same output as the
one built from the framework, and an image that is cut short, changed or forged is refused or,
where the change keeps it whole, still only read inside its arrays (`make test-asan` runs this
file under AddressSanitizer)."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casereviews.analysis import compile_cache, load_taxonomy
from casereviews.analysis.matcher import CEngine, Matcher
from casereviews.analysis.tagger import MARKERS
from casereviews.analysis.taxonomy import default_taxonomy
from casereviews.analysis.textnorm import fold
from tests.analysis.test_compile_cache import FRAMEWORK  # one small framework for both
from tests.analysis.test_scan_reference import (
    engine_args,
    synthetic_assess,
    tag_with_calls,
)

needs_c = pytest.mark.skipif(CEngine is None, reason="the C scan is not built (make install)")

TEXTS = [
    "",
    "The mother's drug use was not a factor. No evidence of domestic abuse; the father drank.",
    "Neglect \u2013 the child was not seen; may have been at risk. Caf\u00e9 ISTANBUL \u0130 a.",
    "Missed appointments, poor school attendance and self-harm were known to the GP " * 20,
]
HEAD = 8 + 12 * 4  # magic, then twelve int32: byte order check and the counts


def _rebuilt(engine, args: tuple, nphrases: int = 6):
    _keys, _records, _tails, deferred, punct, params = args
    return CEngine.from_image(engine.image(), deferred, punct, params, nphrases)


def _all_outputs(engine, text: str, nthemes: int) -> list:
    return [
        tag_with_calls(engine, text, synthetic_assess, top, *sampling)
        for top in (0, 2)
        for sampling in ((), ((2, nthemes),), ((1, 0, True),))
    ]


@needs_c
@settings(max_examples=200)
@given(args=engine_args(), data=st.data())
def test_an_engine_from_its_image_is_the_engine(args, data):
    built = CEngine(*args)
    again = _rebuilt(built, args)
    assert again.image() == built.image() and again.stats() == built.stats()
    token = st.one_of(st.sampled_from(args[0]), st.text("ab '\u00e9.", max_size=3))
    text = " ".join(data.draw(st.lists(token, max_size=12)))
    n = len(args[3])
    assert _all_outputs(again, text, n) == _all_outputs(built, text, n)


@needs_c
def test_the_default_framework_from_its_image_tags_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEREVIEWS_CACHE", str(tmp_path))
    tax = default_taxonomy()
    built = Matcher(tax, CEngine, MARKERS)  # compiled (or from the framework cache), stored
    assert len(list(tmp_path.glob("engine-*.bin"))) == 1
    loaded = Matcher(tax, CEngine, MARKERS)  # from the engine image
    assert loaded.engine.image() == built.engine.image()
    assert (loaded.phrases, loaded.deferred) == (built.phrases, built.deferred)
    for text in TEXTS:
        folded = fold(text)
        assert loaded.engine.tag(folded, synthetic_assess, 3) == built.engine.tag(
            folded, synthetic_assess, 3
        )
        assert loaded.sample(text, 5, True) == built.sample(text, 5, True)


SMALL = (
    ["drug", "drug use", "no", "caf\u00e9", "abc", "ab", "mother's", "x\U0001f600"],
    [
        (((0, 0, 4, 0),), (), ((1, 1),)),
        (((0, 0, 8, 1), (1, 5, 3, 0)), (), ()),
        ((), ((0, 2, 1),), ()),
        (((1, 0, 4, 2),), (), ()),
        (((0, 1, 2, 0),), ((0, 1, 4),), ((0, 2),)),
        ((), (), ((1, 0),)),
        (((1, 0, 8, 1),), (), ()),
        (((0, 0, 2, 2),), (), ()),
    ],
    [(0.0, 1.0, 0, False), (0.6, 0.4, 1, True), (0.5, 0.5, 2, False)],
    (True, False),
    bytes(range(128)).replace(b".", b" ").replace(b"'", b" "),
    (3, 3, 4, 1, 2),
)
SMALL_TEXT = "No drug use. Drug  use in a caf\u00e9, abc ab abcd the mother's x\U0001f600 drugs no"


def _tag_or_refuse(image: bytes) -> None:
    """from_image refuses `image` or gives an engine that tags without reading out of bounds."""
    _keys, _records, _tails, deferred, punct, params = SMALL
    try:
        engine = CEngine.from_image(image, deferred, punct, params, 3)
    except ValueError:
        return
    _all_outputs(engine, fold(SMALL_TEXT), 2)
    engine.image()


@needs_c
def test_a_cut_short_or_lengthened_image_is_refused():
    image = CEngine(*SMALL).image()
    _keys, _records, _tails, deferred, punct, params = SMALL
    for cut in range(len(image)):
        with pytest.raises(ValueError):
            CEngine.from_image(image[:cut], deferred, punct, params, 3)
    with pytest.raises(ValueError):
        CEngine.from_image(image + b"\x00", deferred, punct, params, 3)
    with pytest.raises(ValueError):  # another number of themes than the image was built for
        CEngine.from_image(image, (True,), punct, params, 3)
    with pytest.raises(ValueError):  # a phrase index past the phrases
        CEngine.from_image(image, deferred, punct, params, 2)


@needs_c
@pytest.mark.parametrize("value", [-(2**31), -3, -2, -1, 0, 1, 2, 7, 40, 2**30, 2**31 - 1])
def test_every_word_of_an_image_set_to_a_hostile_value_is_refused_or_safe(value):
    image = CEngine(*SMALL).image()
    for at in range(0, len(image) - 3, 4):
        _tag_or_refuse(image[:at] + struct.pack("=i", value) + image[at + 4 :])


@needs_c
@settings(max_examples=300)
@given(data=st.data())
def test_images_with_random_bytes_changed_are_refused_or_safe(data):
    image = bytearray(CEngine(*SMALL).image())
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(HEAD, len(image) - 1))
        image[at] = data.draw(st.integers(0, 255))
    _tag_or_refuse(bytes(image))


@needs_c
def test_a_damaged_or_forged_engine_file_is_built_again(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEREVIEWS_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "pledge.toml"
    path.write_text(FRAMEWORK, encoding="utf-8")
    first = Matcher(load_taxonomy(path), CEngine, MARKERS).engine.image()
    [cached] = (tmp_path / "cache").glob("engine-*.bin")
    raw = cached.read_bytes()
    cached.write_bytes(raw[:-1] + bytes([raw[-1] ^ 1]))  # the CRC no longer agrees
    assert Matcher(load_taxonomy(path), CEngine, MARKERS).engine.image() == first
    # a file whose CRC agrees but whose image does not hold together
    tax = load_taxonomy(path)
    extra = compile_cache.load(tax, (MARKERS, _build()), "engine", 3)
    assert extra is not None
    _image, deferred, phrases = extra
    compile_cache.store(tax, (b"crscan\x01\x00" + b"\xff" * 64, deferred, phrases), *_engine_kind())
    assert Matcher(load_taxonomy(path), CEngine, MARKERS).engine.image() == first


def _build() -> tuple[int, int]:
    from casereviews.analysis.matcher import _c_build

    return _c_build()


def _engine_kind() -> tuple:
    return (MARKERS, _build()), "engine"


def test_each_kind_keeps_only_its_newest_files(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEREVIEWS_CACHE", str(tmp_path))
    path = tmp_path / "pledge.toml"
    path.write_text(FRAMEWORK, encoding="utf-8")
    tax = load_taxonomy(path)
    for i in range(compile_cache._KEEP + 3):
        compile_cache.store(tax, (i,), ("extra", i), "engine")
    assert len(list(tmp_path.glob("engine-*.bin"))) == compile_cache._KEEP
    assert compile_cache.load(tax, ("extra", compile_cache._KEEP + 2), "engine", 1) == (
        compile_cache._KEEP + 2,
    )
