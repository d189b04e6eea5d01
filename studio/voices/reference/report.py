"""What a reference check returns (verdicts, criteria, the suggested window) and what it needs
from a speaker encoder: the types the Clone wizard reads, kept apart from the signal code."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol

import numpy as np

from backends.audio import Audio


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
