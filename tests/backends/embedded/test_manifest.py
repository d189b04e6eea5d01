"""The manifest covers every tag honestly (manifest.py)."""

from __future__ import annotations

from backends.base import Support
from backends.embedded.manifest import build_manifest
from backends.tags import VOCABULARY, TagFamily


def test_every_vocabulary_key_plus_free_and_break_is_declared() -> None:
    m = build_manifest()
    expected = {d.key for d in VOCABULARY} | {"free", "break"}
    assert set(m.tags) == expected
    assert all(s.how for s in m.tags.values())


def test_support_levels() -> None:
    tags = build_manifest().tags
    for d in VOCABULARY:
        s = tags[d.key].support
        if d.family is TagFamily.EMOTION:
            assert s is Support.APPROXIMATED
        elif d.family is TagFamily.SPEED:
            assert s is Support.NATIVE
        elif d.family in (TagFamily.MUSIC, TagFamily.PARALINGUISTIC):
            assert s is Support.UNSUPPORTED
            assert "spoken plainly" in tags[d.key].how
    assert tags["language:中文"].support is Support.NATIVE
    assert tags["language:英文"].support is Support.NATIVE
    assert tags["language:日语"].support is Support.NATIVE
    assert tags["language:韩语"].support is Support.APPROXIMATED
    assert tags["language:粤语"].support is Support.APPROXIMATED
    assert tags["language:四川话"].support is Support.UNSUPPORTED
    assert tags["free"].support is Support.UNSUPPORTED
    assert tags["break"].support is Support.NATIVE


def test_how_strings_quote_the_numbers() -> None:
    tags = build_manifest().tags
    happy = tags["emotion:高兴"].how
    assert "rate +6 %" in happy and "semitones" in happy and "dB" in happy and "level 2" in happy
    assert "x0.8" in tags["speed:慢速"].how and "x0.65" in tags["speed:慢速"].how
    assert "x1.25" in tags["speed:快速"].how and "x1.5" in tags["speed:快速"].how


def test_ranges_and_capabilities() -> None:
    m = build_manifest()
    assert m.id == "embedded" and m.streaming
    assert m.speed is not None and (m.speed.minimum, m.speed.maximum, m.speed.how) == (0.5, 2.0, "native")
    assert m.pitch is not None and (m.pitch.minimum, m.pitch.maximum) == (-12.0, 12.0)
    assert "post-process" in m.pitch.how
    assert m.hardware.device == "cpu"
    assert {"en", "zh", "ja", "ko", "yue"} <= set(m.languages)
