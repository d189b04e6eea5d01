"""What a reference check returns (verdicts, criteria, the suggested window) and what it needs
from a speaker encoder: the types the Clone wizard reads, kept apart from the signal code."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol

import numpy as np

from backends.audio import Audio

# A float file may hold any numbers; beyond this peak (about +6 dBFS) it is not a recording.
MAX_PEAK = 2.0
MIN_SPEECH_SECONDS_TO_MAKE = 3.0  # criteria.MIN_SPEECH_SECONDS (kept here to avoid a cycle)


class Status(str, Enum):
    """Worst first when sorted by `severity`."""

    GOOD = "good"
    WARNING = "warning"
    PROBLEM = "problem"

    @property
    def severity(self) -> int:
        return {"good": 0, "warning": 1, "problem": 2}[self.value]


@dataclass(frozen=True)
class CheckItem:
    """One criterion: its status, the number behind it, and what the user should do."""

    criterion: (
        str  # "duration", "loudness", "clipping", "noise", "silence", "music", "speakers", "sample_rate"
    )
    status: Status
    value: float | None  # None when not measured (see `checked`)
    unit: str
    message: str
    checked: bool = True  # False: the check could not run; the message starts "Not checked:"
    details: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Window:
    """A span of the reference, in seconds of the original audio, with why it scored as it did."""

    start: float
    end: float
    score: float  # 0..1, higher is better
    speech_ratio: float
    snr_db: float
    clipped_fraction: float
    speaker_consistency: float | None  # lowest cosine of a window embedding to the span's mean
    within_range: bool  # 5-10 s; False when the recording has no such span

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class ReferenceReport:
    items: tuple[CheckItem, ...]
    verdict: Status
    summary: str
    best_window: Window | None
    speech_segments: tuple[tuple[float, float], ...]  # seconds
    duration: float
    sample_rate: int
    peak: float = 0.0  # largest |sample| of the original; 1.0 is full scale, nan when not finite

    def refusal(self) -> str | None:
        """Why no voice may be made from this clip, in one sentence, or None when one may.

        The one decision shared by the wizard, the CLI and the server (issue 20): a voice "matched"
        from white noise or a square wave got a similarity near 0.5 and was saved. Refused: samples
        that are not numbers or far beyond full scale (not audio as recorded), and too little
        speech, saying what was found instead. Everything else is a warning the user may accept.
        """
        if not math.isfinite(self.peak):
            return ("The recording holds samples that are not numbers (NaN or infinite): the file is "
                    "damaged. Export it again.")
        if self.peak > MAX_PEAK:
            return (f"The recording's samples go far beyond full scale (peak {self.peak:.3g}, where 1 is "
                    "full scale): it is not audio as recorded. Export it again as 16- or 24-bit audio.")
        duration = self.item("duration")
        if duration.status is not Status.PROBLEM:
            return None
        speech = duration.value or 0.0
        if speech >= 0.5:
            return duration.message
        music = self.item("music")
        level = self.item("loudness").value
        if music.status is not Status.GOOD:
            found = "a steady tone or music"
        elif level is not None and math.isfinite(level) and level > -45.0:
            found = "noise or other sound"
        else:
            found = "near silence"
        return (f"No speech was found in the recording, only {found}: record or import at least "
                f"{MIN_SPEECH_SECONDS_TO_MAKE:.0f} s of one person speaking.")

    def item(self, criterion: str) -> CheckItem:
        for it in self.items:
            if it.criterion == criterion:
                return it
        raise KeyError(criterion)


class SpeakerEmbedder(Protocol):
    """What the check needs from a speaker encoder (backends.embedded.speaker.SpeakerEncoder)."""

    def available(self) -> Any: ...

    def embed_windows(
        self, audio: Audio, window_s: float = ..., hop_s: float = ...
    ) -> tuple[np.ndarray, np.ndarray]: ...
