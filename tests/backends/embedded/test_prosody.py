"""Tag -> rate/pitch/loudness mapping (prosody.py)."""

from __future__ import annotations

import pytest

from backends.chunking import chunk_text
from backends.embedded import prosody
from backends.tags import TagState, parse


def _state(text: str) -> TagState:
    return chunk_text(parse(text))[0].state


def test_no_tags_is_neutral() -> None:
    assert prosody.prosody_for(_state("Hello.")) == prosody.Prosody(1.0, 0.0, 0.0)


@pytest.mark.parametrize(("tag", "rate"), [("慢速1", 0.8), ("慢速2", 0.65), ("快速1", 1.25), ("快速2", 1.5)])
def test_speed_levels(tag: str, rate: float) -> None:
    assert prosody.prosody_for(_state(f"({tag})Hello.")).rate == pytest.approx(rate)


def test_emotions_follow_the_table_and_request_values_add_up() -> None:
    p = prosody.prosody_for(_state("(高兴2)(快速1)Hello."), speed=1.2, pitch=1.0)
    happy = prosody.EMOTIONS[("高兴", 2)]
    assert p.rate == pytest.approx(1.2 * 1.25 * happy.rate)
    assert p.semitones == pytest.approx(1.0 + happy.semitones)
    assert p.gain_db == happy.gain_db
    sad = prosody.prosody_for(_state("(悲伤1)Hello."))
    assert sad.rate < 1 and sad.semitones < 0 and sad.gain_db < 0


def test_unlisted_level_uses_the_nearest_listed_one() -> None:
    assert prosody.prosody_for(_state("(高兴5)Hello.")) == prosody.prosody_for(_state("(高兴2)Hello."))
    assert prosody.prosody_for(_state("(悲伤2)Hello.")) == prosody.prosody_for(_state("(悲伤1)Hello."))


def test_results_are_clamped_to_what_every_voice_can_do() -> None:
    fast = prosody.prosody_for(_state("(快速2)(生气2)Hello."), speed=2.0, pitch=12.0)
    assert fast.rate == prosody.MAX_SPEED and fast.semitones == prosody.MAX_PITCH
    slow = prosody.prosody_for(_state("(慢速2)(悲伤1)Hello."), speed=0.5, pitch=-12.0)
    assert slow.rate == prosody.MIN_SPEED and slow.semitones == prosody.MIN_PITCH


def test_describe_says_exactly_how() -> None:
    assert prosody.Prosody(1.06, 1.5, 1.0).describe() == "rate +6 %, pitch +1.5 semitones, loudness +1 dB"
