"""The contract for edits by instruction: requests, their parsing and checking, declarations."""

from __future__ import annotations

import pytest

from backends.base import InvalidRequest, Manifest, Support
from backends.edits import (
    EMOTIONS,
    EditKind,
    EditRequest,
    EditSupport,
    edit_limit,
    edit_support,
    parse_instruction,
    refusal,
)


def _manifest(**edits: EditSupport) -> Manifest:
    return Manifest("x", "Engine X", "1", "MIT", "", ("en",), {}, edits=edits)


@pytest.mark.parametrize(("text", "kind", "value", "amount"), [
    ("emotion=happy", EditKind.EMOTION, "happy", None),
    ("  Emotion = Sad ", EditKind.EMOTION, "sad", None),
    ("style=whisper", EditKind.STYLE, "whisper", None),
    ("speed=1.25", EditKind.SPEED, "", 1.25),
    ("speed=x0.8", EditKind.SPEED, "", 0.8),
    ("pitch=-2", EditKind.PITCH, "", -2.0),
    ("paralinguistic=laughter", EditKind.PARALINGUISTIC, "laughter", None),
    ("denoise", EditKind.DENOISE, "", None),
    ("remove-silence", EditKind.REMOVE_SILENCE, "", None),
    ("vad", EditKind.REMOVE_SILENCE, "", None),
])
def test_instructions_parse(text: str, kind: EditKind, value: str, amount: float | None) -> None:
    request = parse_instruction(text)
    assert (request.kind, request.value, request.amount) == (kind, value, amount)


@pytest.mark.parametrize("text", ["emotion=gleeful", "emotion", "speed=fast", "speed=9", "pitch=-30",
                                  "denoise=yes", "shout", "", "pitch=nan", "paralinguistic=cough"])
def test_bad_instructions_get_one_sentence(text: str) -> None:
    with pytest.raises(InvalidRequest) as caught:
        parse_instruction(text)
    message = str(caught.value)
    assert message and "\n" not in message and message.endswith(".")


def test_requests_round_trip_through_json() -> None:
    request = EditRequest(EditKind.PARALINGUISTIC, "sigh", at=1.5, transcript="hello there")
    assert EditRequest.from_json(request.to_json()) == request
    with pytest.raises(InvalidRequest):
        EditRequest.from_json({"kind": "speed", "amount": True})
    with pytest.raises(InvalidRequest):
        EditRequest.from_json({"kind": "teleport"})


def test_describe_labels() -> None:
    assert parse_instruction("speed=1.25").describe() == "speed x1.25"
    assert parse_instruction("pitch=2").describe() == "pitch +2 st"
    assert parse_instruction("emotion=happy").describe() == "emotion happy"
    assert parse_instruction("remove_silence").describe() == "remove silence"


def test_support_and_refusals_come_from_the_manifest() -> None:
    manifest = _manifest(emotion=EditSupport(Support.APPROXIMATED, "prosody", values=("happy",)),
                         style=EditSupport(Support.UNSUPPORTED, "No model can change the style."))
    assert edit_support(manifest, EditKind.EMOTION).honoured
    assert refusal(manifest, parse_instruction("emotion=happy")) is None
    assert "cannot do the emotion 'sad'" in (refusal(manifest, parse_instruction("emotion=sad")) or "")
    assert refusal(manifest, parse_instruction("style=whisper")) == "No model can change the style."
    assert refusal(manifest, parse_instruction("denoise")) == "Engine X does not do denoise edits."
    assert set(EMOTIONS) >= {"happy", "sad", "angry", "surprised", "remove"}


def test_edit_limit_takes_the_smaller_positive() -> None:
    class Engine:
        max_edit_seconds = 30.0
        manifest = _manifest(denoise=EditSupport(Support.NATIVE, "", max_seconds=20.0),
                             speed=EditSupport(Support.NATIVE, ""))

    assert edit_limit(Engine(), "denoise") == 20.0
    assert edit_limit(Engine(), EditKind.SPEED) == 30.0
    assert edit_limit(object(), "speed") == 0.0
