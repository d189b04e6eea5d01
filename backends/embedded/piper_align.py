"""Phoneme timings from Piper: the length its model gives each phoneme, read from the model itself.

A VITS voice decides how long every phoneme lasts (its duration predictor) before it makes any
sound, so the timings are exact, not guessed from the audio. Published Piper models do not output
them; piper-tts can add that output to a model (`patch_voice_with_alignment`, which needs the onnx
package). We do it once per voice file and keep the result in the studio's cache (63 MB for Joe),
so later loads cost nothing extra; without onnx the voice works as before and its takes say they
have no phoneme timings. `chunk_timings` turns Piper's per-sentence alignments into (phoneme,
first sample, end sample) of the audio the voice returned.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from backends.embedded.cache import cache_root, write_derived

log = logging.getLogger(__name__)
_lock = threading.Lock()

Timing = tuple[str, int, int]  # phoneme, first sample, end sample (of the voice's own audio)
# Begin, end, pad, the gap between words and punctuation (a pause): no sound of their own.
_SILENT = {"^", "$", "_", " ", ".", ",", "?", "!", ";", ":", "—", "…"}
_STRESS = {"ˈ", "ˌ"}  # espeak's stress marks: the model gives them a length; they belong to the next sound
_LENGTH = {"ː", "ˑ"}  # length marks: part of the sound before them


def aligned_model(model: Path) -> Path | None:
    """The voice model with phoneme durations as a second output, made once in the cache; None
    when it cannot be made here (no onnx package, a model piper cannot patch, a full disk)."""
    stat = model.stat()
    target = cache_root() / "piper" / f"{model.stem}-aligned-{stat.st_size}-{int(stat.st_mtime)}.onnx"
    with _lock:
        if target.is_file():
            return target
        try:
            import onnx
            from piper.patch_voice_with_alignment import add_alignment_output
        except ImportError:
            log.info("no phoneme timings for %s: the onnx package is not installed", model.name)
            return None
        try:
            graph = onnx.load(str(model))
            add_alignment_output(graph)
            write_derived(target, graph.SerializeToString())
        except (OSError, ValueError) as exc:
            log.warning("no phoneme timings for %s: %s", model.name, exc)
            return None
    return target


def chunk_timings(pieces: Iterable[tuple[int, Sequence[Any] | None]]) -> list[Timing] | None:
    """Timings over the voice's audio from Piper's pieces (one per sentence): each piece's length in
    samples and its `phoneme_alignments` (phoneme, num_samples). None when a piece has none (the
    model was not patched, or piper could not align it): then nothing is claimed."""
    out: list[Timing] = []
    at = 0
    for length, alignments in pieces:
        if alignments is None:
            return None
        k = at
        mark: tuple[str, int] | None = None  # a stress mark waiting for the sound it belongs to
        for item in alignments:
            n, phoneme = int(item.num_samples), str(item.phoneme)
            if phoneme in _STRESS:
                mark = (phoneme, k) if mark is None else (mark[0] + phoneme, mark[1])
            elif phoneme in _LENGTH and out and out[-1][2] == k:
                out[-1] = (out[-1][0] + phoneme, out[-1][1], k + n)  # "aː": one sound, longer
            elif phoneme not in _SILENT and n > 0:
                start = mark[1] if mark is not None else k
                out.append(((mark[0] if mark is not None else "") + phoneme, start, k + n))
                mark = None
            k += n
        at += length
    return out


def place(timings: Sequence[Timing], kept: tuple[int, int], rate: int,
          start: float) -> tuple[tuple[str, float, float], ...]:
    """Timings over the part of the voice's audio that was `kept` (first, last samples) as seconds
    in the take, where that part begins at `start`; phonemes in the trimmed silence are dropped."""
    first, last = kept
    return tuple((phoneme, start + (max(a, first) - first) / rate, start + (min(b, last) - first) / rate)
                 for phoneme, a, b in timings if b > first and a < last)
