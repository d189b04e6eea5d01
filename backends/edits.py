"""Edits by instruction: the operations an engine may declare, and the one call that does them.

An engine edit turns a clip of speech into the same speech changed one way: more emotion of a
kind, another speaking style, faster or slower, higher or lower, a breath or a laugh added, the
noise or the silences taken out. The kinds and their values follow Step-Audio-EditX (the model
this contract was written for; see `../shared/notes/step-audio-editx.md` §2.5-2.6), so an EditX
engine passes them through unchanged, while an engine without such a model says what it does
instead.

Like tags, every kind is declared in the manifest (`Manifest.edits`, kind -> `EditSupport`) as
native, approximated (how) or unsupported (why), in a sentence the user reads before running it:
the Edit page builds its instruction panel from the declarations, and the editing core refuses an
unsupported request with the engine's own reason before any work is done.

An engine edits a clip, never a whole project: `studio.editing.instruct` cuts a span out at pauses,
splits it into pieces no longer than the engine's limit (EditX: 30 s), edits each and splices the
results back. So `edit` sees short clips and may be slow (seconds per clip on a GPU); it blocks
and honours its cancel token, like `synthesize`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from backends.audio import Audio
from backends.base import CancelToken, InvalidRequest, Support

if TYPE_CHECKING:
    from backends.base import Manifest


class EditKind(str, Enum):
    EMOTION = "emotion"  # value: one of EMOTIONS
    STYLE = "style"  # value: one of STYLES
    SPEED = "speed"  # amount: factor (1.25 = faster, the length becomes 1/1.25)
    PITCH = "pitch"  # amount: semitones
    PARALINGUISTIC = "paralinguistic"  # value: one of SOUNDS; at: seconds into the clip
    DENOISE = "denoise"
    REMOVE_SILENCE = "remove_silence"


# Step-Audio-EditX's values, exactly as its prompts take them ("remove" takes the emotion/style out).
EMOTIONS: tuple[str, ...] = (
    "happy", "angry", "sad", "humour", "confusion", "disgusted", "empathy", "embarrass", "fear",
    "surprised", "excited", "depressed", "coldness", "admiration", "remove")
STYLES: tuple[str, ...] = (
    "serious", "arrogant", "child", "older", "girl", "pure", "sister", "sweet", "ethereal", "whisper",
    "gentle", "recite", "generous", "act_coy", "warm", "shy", "comfort", "authority", "chat", "radio",
    "soulful", "story", "vivid", "program", "news", "advertising", "roar", "murmur", "shout", "deeply",
    "loudly", "remove", "exaggerated")
# Paralinguistic sounds: our value -> EditX's inline tag.
SOUNDS: Mapping[str, str] = {
    "breathing": "[Breathing]", "laughter": "[Laughter]", "sigh": "[Sigh]", "uhm": "[Uhm]",
    "surprise-oh": "[Surprise-oh]", "surprise-ah": "[Surprise-ah]", "surprise-wa": "[Surprise-wa]",
    "confirmation-en": "[Confirmation-en]", "question-ei": "[Question-ei]",
    "dissatisfaction-hnn": "[Dissatisfaction-hnn]"}

VALUES: Mapping[EditKind, tuple[str, ...]] = {
    EditKind.EMOTION: EMOTIONS, EditKind.STYLE: STYLES, EditKind.PARALINGUISTIC: tuple(SOUNDS)}

# Bounds every engine shares for the numeric kinds (what the editing core's own DSP applies).
SPEED_RANGE = (0.25, 4.0)
PITCH_RANGE = (-12.0, 12.0)


@dataclass(frozen=True)
class EditSupport:
    """How one engine treats one kind of edit.

    `how`: for NATIVE what it does, for APPROXIMATED how, for UNSUPPORTED why not; one or two
    sentences for the user. `values`: the values it takes (empty: every value in `VALUES` for the
    kind, or none for a kind without values). `max_seconds`: the longest clip one call takes (0: no
    limit); longer spans are split at pauses by the editing core.
    """

    support: Support
    how: str
    values: tuple[str, ...] = ()
    max_seconds: float = 0.0

    @property
    def honoured(self) -> bool:
        return self.support is not Support.UNSUPPORTED


@dataclass(frozen=True)
class EditRequest:
    """One edit to apply to a clip.

    `value`: the emotion, style or sound (see VALUES); `amount`: the speed factor or the pitch in
    semitones, for the other kinds an intensity an engine may use (None: its default); `at`: where
    a paralinguistic sound goes, in seconds from the start of the clip the engine is given;
    `transcript`: what the clip says, where known (EditX's prompts quote it; optional).
    """

    kind: EditKind  # a kind's name ("denoise") is taken too
    value: str = ""
    amount: float | None = None
    at: float | None = None
    transcript: str = ""
    options: Mapping[str, object] = field(default_factory=dict)  # engine-specific

    def __post_init__(self) -> None:
        if not isinstance(self.kind, EditKind):  # "denoise" is as good as EditKind.DENOISE
            try:
                object.__setattr__(self, "kind", EditKind(self.kind))
            except ValueError:
                known = ", ".join(k.value for k in EditKind)
                raise InvalidRequest(f"'{self.kind}' is not an edit; known edits: {known}.") from None

    def describe(self) -> str:
        """A short label for a version list or a progress line: "emotion happy", "speed x1.25"."""
        if self.kind is EditKind.SPEED and self.amount is not None:
            return f"speed x{self.amount:g}"
        if self.kind is EditKind.PITCH and self.amount is not None:
            return f"pitch {self.amount:+g} st"
        label = self.kind.value.replace("_", " ")
        return f"{label} {self.value}".strip()

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind.value, "value": self.value, "amount": self.amount, "at": self.at,
                "transcript": self.transcript, "options": dict(self.options)}

    @classmethod
    def from_json(cls, raw: Mapping[str, object]) -> EditRequest:
        """The inverse of to_json; raises InvalidRequest with one sentence when it is not one."""
        kind = raw.get("kind")
        if not isinstance(kind, str):
            raise InvalidRequest("An edit needs a kind, such as denoise or emotion.")
        amount, at = raw.get("amount"), raw.get("at")
        for name, number in (("amount", amount), ("at", at)):
            if number is not None and (isinstance(number, bool) or not isinstance(number, (int, float))):
                raise InvalidRequest(f"The edit's {name} must be a number.")
        value, transcript, options = raw.get("value", ""), raw.get("transcript", ""), raw.get("options", {})
        if not isinstance(value, str) or not isinstance(transcript, str) or not isinstance(options, dict):
            raise InvalidRequest("The edit's value and transcript must be text and its options an object.")
        request = cls(kind, value, None if amount is None else float(amount),  # type: ignore[arg-type]
                      None if at is None else float(at), transcript, options)  # type: ignore[arg-type]
        check_request(request)
        return request


def check_request(request: EditRequest) -> None:
    """Refuse a request that no engine could do (unknown value, missing or absurd amount) with one
    sentence (InvalidRequest); whether a given engine can do it is `edit_support`'s question."""
    kind = request.kind
    known = VALUES.get(kind)
    if known is not None and request.value not in known:
        if not request.value:
            raise InvalidRequest(f"A {kind.value} edit needs a value, one of: {', '.join(known)}.")
        raise InvalidRequest(f"'{request.value}' is not a known {kind.value} value; "
                             f"choose one of: {', '.join(known)}.")
    bounds = {EditKind.SPEED: SPEED_RANGE, EditKind.PITCH: PITCH_RANGE}.get(kind)
    if bounds is not None:
        what = "speed factor" if kind is EditKind.SPEED else "pitch change in semitones"
        if request.amount is None or not math.isfinite(request.amount):
            raise InvalidRequest(f"A {kind.value} edit needs a {what}.")
        if not bounds[0] <= request.amount <= bounds[1]:
            raise InvalidRequest(f"A {what} of {request.amount:g} is outside {bounds[0]:g}..{bounds[1]:g}.")
        if kind is EditKind.SPEED and request.amount <= 0:
            raise InvalidRequest("A speed factor must be above 0.")
    elif request.amount is not None and not math.isfinite(request.amount):
        raise InvalidRequest("The edit's amount must be a finite number.")
    if request.at is not None and not (math.isfinite(request.at) and request.at >= 0):
        raise InvalidRequest("Where a sound is inserted must be a time of 0 seconds or more.")


def parse_instruction(text: str, *, at: float | None = None, transcript: str = "") -> EditRequest:
    """An EditRequest from the short form the CLI and the server take: "emotion=happy",
    "style=whisper", "speed=1.25", "pitch=-2", "paralinguistic=laughter", "denoise",
    "remove_silence" (also "remove-silence", "vad"). Raises InvalidRequest with one sentence."""
    name, _, value = text.strip().partition("=")
    name, value = name.strip().lower().replace("-", "_"), value.strip()
    if name == "vad":
        name = EditKind.REMOVE_SILENCE.value
    try:
        kind = EditKind(name)
    except ValueError:
        raise InvalidRequest(f"'{text.strip()}' is not an edit; write one of: emotion=VALUE, style=VALUE, "
                             "speed=FACTOR, pitch=SEMITONES, paralinguistic=SOUND, denoise, "
                             "remove_silence.") from None
    amount: float | None = None
    if kind in (EditKind.SPEED, EditKind.PITCH):
        try:
            amount = float(value.lstrip("x×"))
        except ValueError:
            raise InvalidRequest(f"'{text.strip()}': {kind.value} needs a number, as in {kind.value}="
                                 f"{'1.25' if kind is EditKind.SPEED else '-2'}.") from None
        value = ""
    elif kind in (EditKind.DENOISE, EditKind.REMOVE_SILENCE) and value:
        raise InvalidRequest(f"'{text.strip()}': {kind.value} takes no value.")
    request = EditRequest(kind, value.lower() if kind in VALUES else value, amount, at, transcript)
    check_request(request)
    return request


def instruction_text(request: EditRequest) -> str:
    """The short form `parse_instruction` reads back: what a client sends to the engine server."""
    if request.kind in (EditKind.SPEED, EditKind.PITCH):
        return f"{request.kind.value}={request.amount:g}"
    return f"{request.kind.value}={request.value}" if request.value else request.kind.value


def edit_support(manifest: Manifest, kind: EditKind | str) -> EditSupport:
    """How `manifest`'s engine treats `kind`; a kind it does not declare is unsupported."""
    key = kind.value if isinstance(kind, EditKind) else kind
    found = manifest.edits.get(key)
    if found is not None:
        return found
    return EditSupport(Support.UNSUPPORTED, f"{manifest.name} does not do {key.replace('_', ' ')} edits.")


def refusal(manifest: Manifest, request: EditRequest) -> str | None:
    """Why `manifest`'s engine cannot do `request` (one sentence), or None when it can."""
    support = edit_support(manifest, request.kind)
    if not support.honoured:
        return support.how
    if support.values and request.value not in support.values:
        return (f"{manifest.name} cannot do the {request.kind.value} '{request.value}'; it can do: "
                f"{', '.join(support.values)}.")
    return None


def edit_limit(engine: object, kind: EditKind | str) -> float:
    """The longest clip (seconds) `engine` edits in one call for `kind`: the smaller positive of
    its `max_edit_seconds` and the kind's declared `max_seconds`; 0.0 when neither sets a limit."""
    limits = [float(getattr(engine, "max_edit_seconds", 0.0) or 0.0)]
    manifest = getattr(engine, "manifest", None)
    if manifest is not None:
        limits.append(edit_support(manifest, kind).max_seconds)
    positive = [x for x in limits if x > 0]
    return min(positive) if positive else 0.0


@runtime_checkable
class SupportsEditing(Protocol):
    """Engines whose manifest declares edits implement this (besides Backend)."""

    @property
    def max_edit_seconds(self) -> float:
        """The longest clip one `edit` call takes, in seconds (EditX: 30); 0.0: no limit."""
        ...

    def edit(self, audio: Audio, request: EditRequest, cancel: CancelToken,
             progress: Callable[[float, str], None] | None = None) -> Audio:
        """The clip with the edit applied (any length; may differ from the input's, e.g. speed).

        Blocking, from a worker thread. Raises InvalidRequest before any work for a request the
        manifest declares unsupported (or a value it does not take), Cancelled when `cancel`
        fires, BackendError for a failure. `progress(fraction, message)` from this thread.
        """
        ...
