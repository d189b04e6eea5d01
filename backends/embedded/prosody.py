"""How the embedded engine renders speed and emotion tags: rate, pitch and loudness.

None of the bundled models can act an emotion. What they can do honestly is change how fast, how
high and how loud they speak, which is the most audible part of an emotional delivery (happy:
faster, higher, louder; sad: slower, lower, softer; angry: faster and much louder). The numbers
below are that approximation; the manifest quotes them to the user word for word, so the UI can
say exactly what "(高兴1)" will do here.
"""

from __future__ import annotations

from dataclasses import dataclass

from backends.tags import Tag, TagState

MIN_SPEED = 0.5
MAX_SPEED = 2.0
MIN_PITCH = -12.0
MAX_PITCH = 12.0


@dataclass(frozen=True)
class Prosody:
    """A multiplier on speaking rate, a pitch offset in semitones and a loudness offset in dB."""

    rate: float = 1.0
    semitones: float = 0.0
    gain_db: float = 0.0

    def describe(self) -> str:
        parts = [f"rate {round((self.rate - 1) * 100):+d} %", f"pitch {self.semitones:+g} semitones",
                 f"loudness {self.gain_db:+g} dB"]
        return ", ".join(parts)


# (tag name, level) -> prosody. Levels follow the public Step-Audio model (see tags.VOCABULARY).
EMOTIONS: dict[tuple[str, int], Prosody] = {
    ("高兴", 1): Prosody(1.06, 1.5, 1.0),
    ("高兴", 2): Prosody(1.12, 3.0, 2.0),
    ("生气", 1): Prosody(1.08, 0.5, 3.0),
    ("生气", 2): Prosody(1.15, 1.0, 5.0),
    ("悲伤", 1): Prosody(0.88, -2.0, -3.0),
    ("撒娇", 1): Prosody(0.94, 2.5, -1.0),
}

# (tag name, level) -> speaking-rate multiplier, applied natively by every voice family.
SPEEDS: dict[tuple[str, int], float] = {
    ("慢速", 1): 0.8,
    ("慢速", 2): 0.65,
    ("快速", 1): 1.25,
    ("快速", 2): 1.5,
}


def _nearest_level(table: dict[tuple[str, int], object], name: str, level: int | None) -> int:
    levels = sorted(lv for (n, lv) in table if n == name)
    if not levels:
        raise KeyError(name)
    wanted = level if level is not None else levels[0]
    return min(levels, key=lambda lv: (abs(lv - wanted), lv))


def emotion_prosody(tag: Tag) -> Prosody:
    """The prosody for an emotion tag; a level the model does not list uses the nearest one."""
    return EMOTIONS[(tag.name, _nearest_level(EMOTIONS, tag.name, tag.level))]


def speed_factor(tag: Tag) -> float:
    return SPEEDS[(tag.name, _nearest_level(SPEEDS, tag.name, tag.level))]


def clamp_speed(speed: float) -> float:
    return min(MAX_SPEED, max(MIN_SPEED, speed))


def prosody_for(state: TagState, speed: float = 1.0, pitch: float = 0.0) -> Prosody:
    """The prosody for one chunk: the request's speed and pitch combined with the tags in force.

    Speeds multiply (request x speed tag x emotion rate) and are clamped to what every voice
    family can do natively (0.5..2.0); pitch offsets add and are clamped to +-12 semitones.
    """
    rate = speed
    semitones = pitch
    gain = 0.0
    if state.speed is not None and state.speed.definition is not None:
        rate *= speed_factor(state.speed)
    if state.emotion is not None and state.emotion.definition is not None:
        emo = emotion_prosody(state.emotion)
        rate *= emo.rate
        semitones += emo.semitones
        gain += emo.gain_db
    return Prosody(clamp_speed(rate), max(MIN_PITCH, min(MAX_PITCH, semitones)), gain)
