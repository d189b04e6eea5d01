"""Test doubles for the window tests (never used by product code).

`FakeBackend` streams one chunk per sentence with a delay, honours its cancel token, and declares a
small manifest with one tag of each support level, so tests can check that the UI follows it.
`FakePlayer` records what the page asks of the sound output, for machines without a sound card.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from backends.base import (
    AudioChunk,
    Availability,
    BackendError,
    Cancelled,
    CancelToken,
    Finished,
    Manifest,
    Progress,
    Range,
    Support,
    SynthesisEvent,
    SynthesisRequest,
    SynthesisWarning,
    TagSupport,
    VoiceInfo,
)
from backends.registry import EngineEntry, Registry
from backends.tags import TagFamily, parse

RATE = 16000
# What the window tests' device probe reports on a machine without sound output.
NO_DEVICE = ([], "No audio output device was found. Generating and exporting still work.")
MakeWindow = Callable[..., Any]  # the Speak tests' make_window fixture: (backend, devices, player) -> window

MANIFEST = Manifest(
    id="fake",
    name="Fake engine",
    version="1.0",
    licence="test",
    description="A test double",
    languages=("en",),
    tags={
        "emotion:高兴": TagSupport(Support.NATIVE, "acted natively"),
        "paralinguistic:Laughter": TagSupport(Support.APPROXIMATED, "a short chuckle sample"),
        "music:RAP": TagSupport(Support.UNSUPPORTED, "cannot rap"),
        "break": TagSupport(Support.NATIVE, "silence"),
    },
    streaming=True,
    speed=Range(0.5, 2.0, 1.0, "native"),
    pitch=Range(-6.0, 6.0, 0.0, "post-process"),
)


class FakeBackend:
    """Streams a 0.25 s tone per sentence, `delay` seconds apart."""

    delay = 0.05
    fail_with: str | None = None

    def __init__(self) -> None:
        self.loaded = False
        self.requests: list[SynthesisRequest] = []

    @property
    def manifest(self) -> Manifest:
        return MANIFEST

    def availability(self) -> Availability:
        return Availability(True)

    def load(self) -> None:
        self.loaded = True

    def unload(self) -> None:
        self.loaded = False

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo("alto", "Alto", ("en",), RATE, "female"),
                VoiceInfo("bass", "Bass", ("en", "zh"), RATE, "male", native_pitch=True)]

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        self.requests.append(request)
        if self.fail_with:
            raise BackendError(self.fail_with)
        parsed = parse(request.text)
        for tag in parsed.tags:
            key = "break" if tag.family is TagFamily.BREAK else tag.key
            support = MANIFEST.tag_support(key)
            if support.support is Support.UNSUPPORTED:
                yield SynthesisWarning("tag-unsupported", f"{tag.raw} is not honoured: {support.how}")
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", parsed.spoken_text.strip()) if s]
        for i, sentence in enumerate(sentences):
            cancel.raise_if_cancelled()
            time.sleep(self.delay)
            cancel.raise_if_cancelled()
            t = np.arange(int(0.25 * RATE)) / RATE
            samples = (0.3 * np.sin(2 * np.pi * (220 + 40 * i) * t)).astype(np.float32)
            yield Progress(i, len(sentences))
            yield AudioChunk(samples, RATE, i, sentence)
        yield Finished({"engine": "fake", "voice_id": request.voice_id, "seed": 7})


class SlowBackend(FakeBackend):
    delay = 0.4


class FailingBackend(FakeBackend):
    fail_with = "The fake engine ran out of fake memory."


class BrokenCancelBackend(FakeBackend):
    """Ignores cancel (the job must still end promptly)."""

    delay = 0.5

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        try:
            yield from super().synthesize(request, CancelToken())
        except Cancelled:  # pragma: no cover - cannot happen with a fresh token
            return


def registry(backend: type = FakeBackend) -> Registry:
    return Registry([
        EngineEntry("fake", "built-in", backend, None),
        EngineEntry("broken", "some-plugin", None, "Engine 'broken' could not be loaded: ImportError: no."),
    ])


class FakePlayer:
    """Records calls; `playing` follows begin/play/stop/end_of_stream like the real player."""

    def __init__(self, device: int | None = None) -> None:
        self.device = device
        self.on_state: Any = None
        self.calls: list[tuple[str, Any]] = []
        self._playing = False
        self.position = 0.0

    @property
    def playing(self) -> bool:
        return self._playing

    def begin(self, sample_rate: int, start_offset: float = 0.0) -> None:
        self.calls.append(("begin", sample_rate))
        self._playing = True

    def feed(self, samples: np.ndarray) -> None:
        self.calls.append(("feed", len(samples)))

    def end_of_stream(self) -> None:
        self.calls.append(("end", None))

    def play(self, audio: Any, start_seconds: float = 0.0) -> None:
        self.calls.append(("play", round(start_seconds, 3)))
        self.position = start_seconds
        self._playing = True

    def stop(self) -> None:
        self.calls.append(("stop", None))
        self._playing = False
        if self.on_state:
            self.on_state("stopped")

    def names(self) -> list[str]:
        return [c[0] for c in self.calls]


class Device:
    def __init__(self, index: int, name: str, is_default: bool = False) -> None:
        self.index = index
        self.name = name
        self.is_default = is_default
