"""The studio's edit requests in EditX's terms, and what EditX declares it does with each.

EditX takes its emotions, styles and sounds by name, natively. Two of the studio's kinds do not map
one to one: a speed factor becomes one of EditX's four speeds (it has no other), and a sound placed at
a time is written into the transcript before the word nearest that time (EditX places sounds by text,
and without word timings the nearest word is found by the share of characters spoken). Pitch has no
EditX edit at all.
"""

from __future__ import annotations

import re

from backends.base import InvalidRequest, Support
from backends.edits import EMOTIONS, SOUNDS, STYLES, EditKind, EditRequest, EditSupport, check_request

MAX_SECONDS = 30.0


def edit_table() -> dict[str, EditSupport]:
    """The manifest's ``edits`` for an EditX engine."""
    def native(how: str, values: tuple[str, ...] = ()) -> EditSupport:
        return EditSupport(Support.NATIVE, how, values, MAX_SECONDS)

    return {
        EditKind.EMOTION.value: native("Step-Audio-EditX re-speaks the clip with the chosen emotion, in the "
                                       "same voice and words.", EMOTIONS),
        EditKind.STYLE.value: native("Step-Audio-EditX re-speaks the clip in the chosen speaking style.",
                                     STYLES),
        EditKind.PARALINGUISTIC.value: native(
            "Step-Audio-EditX re-speaks the clip with the sound added before the word nearest the chosen "
            "point; it needs the clip's transcript.", tuple(SOUNDS)),
        EditKind.DENOISE.value: native("Step-Audio-EditX re-speaks the clip without the noise."),
        EditKind.REMOVE_SILENCE.value: native(
            "Step-Audio-EditX re-speaks the clip without its silent parts."),
        EditKind.SPEED.value: EditSupport(
            Support.APPROXIMATED, "Step-Audio-EditX has four speeds: the factor picks one (above 1.25: much "
            "faster; above 1: faster; 0.8 to 1: slower; below 0.8: much slower).", (), MAX_SECONDS),
        EditKind.PITCH.value: EditSupport(
            Support.UNSUPPORTED, "Step-Audio-EditX has no pitch edit; the Embedded engine changes pitch."),
    }


def speed_value(factor: float) -> str:
    """EditX's speed for a factor (1.25 = a quarter faster)."""
    if factor == 1.0:
        raise InvalidRequest("A speed factor of 1 changes nothing.")
    if factor > 1.25:
        return "more faster"
    if factor > 1.0:
        return "faster"
    return "slower" if factor >= 0.8 else "more slower"


CJK = r"[\u3040-\u30ff\u3400-\u9fff]"


def insert_sound(transcript: str, tag: str, at: float, duration: float) -> str:
    """``transcript`` with ``tag`` before the word nearest ``at`` seconds, by the share of characters
    spoken (or after the last word, at the end). Words are split at spaces; Chinese and Japanese text
    takes the tag between characters."""
    text = transcript.strip()
    if not text:
        raise InvalidRequest("EditX places a sound by the clip's words; give the clip's transcript.")
    share = min(max(at / duration, 0.0), 1.0) if duration > 0 else 0.0
    cuts = [m.start() for m in re.finditer(rf"(?<!\S)\S|{CJK}", text)] + [len(text)]
    cut = min(cuts, key=lambda c: abs(c - share * len(text)))
    before, after = text[:cut].rstrip(), text[cut:].lstrip()
    joiner = "" if re.search(CJK, text) else " "
    return joiner.join(part for part in (before, tag, after) if part)


def editx_request(request: EditRequest, duration: float) -> tuple[str, str, str]:
    """(edit type, value, new text) for EditX, or InvalidRequest in one sentence."""
    check_request(request)
    kind = request.kind
    if kind is EditKind.EMOTION:
        return "emotion", request.value, ""
    if kind is EditKind.STYLE:
        return "style", request.value, ""
    if kind is EditKind.SPEED:
        return "speed", speed_value(float(request.amount)), ""  # type: ignore[arg-type]
    if kind is EditKind.DENOISE:
        return "denoise", "", ""
    if kind is EditKind.REMOVE_SILENCE:
        return "vad", "", ""
    if kind is EditKind.PARALINGUISTIC:
        at = 0.0 if request.at is None else request.at
        return "paralinguistic", "", insert_sound(request.transcript, SOUNDS[request.value], at, duration)
    raise InvalidRequest(edit_table()[kind.value].how)
