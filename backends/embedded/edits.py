"""What the embedded engine can do as an edit by instruction, and doing it: processing the sound only.

No model here can act an emotion, change a speaking style or make a laugh. What it can do honestly
is process the sound: take noise out (DeepFilterNet3, `backends.embedded.deepfilter`), take long
silences out (Silero voice activity, the model faster-whisper ships), change the speed without the
pitch and the pitch without the speed (Rubber Band through pedalboard, as the engine's pitch
control). An emotion is approximated with the same prosody the engine uses for emotion tags (rate,
pitch, loudness), and the manifest states the amounts per value, so the user knows before running
it.

The engine mixes `EmbeddedEdits` in (`backends.embedded.engine`): it needs no loaded voice, so an
edit runs without `load()`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from backends.audio import Audio
from backends.base import CancelToken, InvalidRequest, Manifest, Support
from backends.edits import EditKind, EditRequest, EditSupport, check_request, refusal
from backends.embedded.deepfilter import deep_filter
from backends.embedded.pitch import shift_pitch
from backends.embedded.prosody import EMOTIONS as TAG_EMOTIONS
from backends.embedded.prosody import Prosody

# EditX emotion values this engine approximates, with the prosody used. The first four are the
# engine's own emotion tags (高兴 happy, 生气 angry, 悲伤 sad, level 1; excited is 高兴 level 2).
EMOTION_PROSODY: Mapping[str, Prosody] = {
    "happy": TAG_EMOTIONS[("高兴", 1)],
    "excited": TAG_EMOTIONS[("高兴", 2)],
    "angry": TAG_EMOTIONS[("生气", 1)],
    "sad": TAG_EMOTIONS[("悲伤", 1)],
    "depressed": Prosody(0.85, -3.0, -4.0),
    "surprised": Prosody(1.05, 2.5, 2.0),
    "fear": Prosody(1.10, 2.0, -2.0),
}

# Denoising lowers noise by at most this much at full strength (DeepFilterNet's attenuation limit;
# `amount` scales it). Without a limit Whisper's word error on the results was 0.213 (noisy input
# 0.227, limited to 20 dB 0.128) for at most 0.9 dB more SI-SDR (bench/denoise_compare.py).
DENOISE_LIMIT_DB = 20.0
PAUSE_LONGER_THAN = 0.4  # seconds of no speech that count as a pause to remove
PAUSE_KEEP = 0.2  # what is left of such a pause (half on each side), so words do not collide
_FADE_SECONDS = 0.005
_PEAK_CEILING = 0.98


def edit_table() -> dict[str, EditSupport]:
    """The manifest's `edits`: every kind, declared for what this engine really does."""
    # One line per emotion: the UI translates line by line, so each line is one known shape.
    emotions = "\n".join(f"{name}: {p.describe()}" for name, p in EMOTION_PROSODY.items())
    return {
        EditKind.DENOISE.value: EditSupport(
            Support.NATIVE, f"Noise removal by DeepFilterNet3 (a neural speech enhancer): what it "
                            f"hears as noise is lowered by up to {DENOISE_LIMIT_DB:g} dB."),
        EditKind.REMOVE_SILENCE.value: EditSupport(
            Support.NATIVE, f"Pauses longer than {PAUSE_LONGER_THAN:g} s (no speech by voice activity "
                            f"detection) are shortened to {PAUSE_KEEP:g} s."),
        EditKind.SPEED.value: EditSupport(
            Support.NATIVE, "Time stretching (Rubber Band): faster or slower at the same pitch."),
        EditKind.PITCH.value: EditSupport(
            Support.NATIVE, "Pitch shifting (Rubber Band): higher or lower at the same speed; the "
                            "formants move with it, so large shifts sound less natural."),
        EditKind.EMOTION.value: EditSupport(
            Support.APPROXIMATED, "No model here can act an emotion; it is approximated with prosody "
                                  f"only, and repeating makes it stronger:\n{emotions}",
            values=tuple(EMOTION_PROSODY)),
        EditKind.STYLE.value: EditSupport(
            Support.UNSUPPORTED, "Changing the speaking style needs a speech-editing model such as "
                                 "Step-Audio-EditX; signal processing cannot do it."),
        EditKind.PARALINGUISTIC.value: EditSupport(
            Support.UNSUPPORTED, "Adding breaths, laughs or sighs needs a speech-editing model such as "
                                 "Step-Audio-EditX; no voice here can make these sounds."),
    }


def with_edits(manifest: Manifest) -> Manifest:
    """`manifest` with this engine's edit declarations."""
    from dataclasses import replace

    return replace(manifest, edits=edit_table())


# --- the operations ------------------------------------------------------------------------------


def time_stretch(samples: np.ndarray, rate: int, factor: float) -> np.ndarray:
    """`factor` times faster (length 1/factor) at the same pitch (Rubber Band via pedalboard)."""
    if abs(factor - 1.0) < 1e-6:
        return np.array(samples, dtype=np.float32)
    from backends.embedded.native import pedalboard

    x = np.asarray(samples, dtype=np.float32)[np.newaxis, :]
    y = pedalboard().time_stretch(x, float(rate), float(factor))
    return np.ascontiguousarray(y[0], dtype=np.float32)


def speech_regions(samples: np.ndarray, rate: int) -> list[tuple[int, int]]:
    """(start, end) sample ranges of speech, by Silero voice activity (faster-whisper's copy)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    x16 = Audio(np.asarray(samples, dtype=np.float32), rate).resampled(16000).samples
    options = VadOptions(min_silence_duration_ms=int(PAUSE_LONGER_THAN * 1000), speech_pad_ms=30)
    found = get_speech_timestamps(x16, options)
    return [(round(s["start"] * rate / 16000), min(len(samples), round(s["end"] * rate / 16000)))
            for s in found]


def remove_pauses(samples: np.ndarray, rate: int) -> np.ndarray:
    """Every pause longer than PAUSE_LONGER_THAN shortened to PAUSE_KEEP (half kept on each side),
    each join crossfaded over 5 ms. A clip without speech is returned unchanged."""
    x = np.asarray(samples, dtype=np.float32)
    regions = speech_regions(x, rate)
    if not regions:
        return x.copy()
    gaps, last = [], 0
    for a, b in regions:
        if a > last:
            gaps.append((last, a))
        last = max(last, b)
    gaps.append((last, len(x)))
    half = int(PAUSE_KEEP * rate / 2)
    keep: list[tuple[int, int]] = []
    pos = 0
    for a, b in gaps:
        if (b - a) / rate <= PAUSE_LONGER_THAN:
            continue
        # a leading or trailing pause keeps its half next to the speech only
        cut_a, cut_b = (0 if a == 0 else a + half), (len(x) if b == len(x) else b - half)
        if cut_b > cut_a:
            keep.append((pos, cut_a))
            pos = cut_b
    keep.append((pos, len(x)))
    pieces = [x[a:b] for a, b in keep if b > a]
    out = pieces[0]
    k = int(_FADE_SECONDS * rate)
    for piece in pieces[1:]:
        n = min(k, len(out), len(piece))
        if n > 0:
            r = (0.5 - 0.5 * np.cos(np.pi * (np.arange(n) + 0.5) / n)).astype(np.float32)
            mixed = out[-n:] * (1 - r) + piece[:n] * r
            out = np.concatenate([out[:-n], mixed, piece[n:]])
        else:
            out = np.concatenate([out, piece])
    return out.astype(np.float32)


def apply_prosody(samples: np.ndarray, rate: int, p: Prosody) -> np.ndarray:
    """Rate, pitch and loudness of `p`; the gain never pushes the peak past 0.98 (it is lowered)."""
    y = shift_pitch(time_stretch(samples, rate, p.rate), rate, p.semitones)
    y = y * np.float32(10 ** (p.gain_db / 20))
    peak = float(np.max(np.abs(y))) if len(y) else 0.0
    if peak > _PEAK_CEILING:
        y = y * np.float32(_PEAK_CEILING / peak)
    return y.astype(np.float32)


class EmbeddedEdits:
    """The `SupportsEditing` half of the embedded engine (mixed into EmbeddedBackend)."""

    max_edit_seconds = 0.0  # signal processing has no clip limit
    _manifest: Manifest

    def edit(self, audio: Audio, request: EditRequest, cancel: CancelToken,
             progress: Callable[[float, str], None] | None = None) -> Audio:
        check_request(request)
        why = refusal(self._manifest, request)
        if why is not None:
            raise InvalidRequest(why)
        if len(audio) == 0:
            raise InvalidRequest("The clip to edit is empty.")
        cancel.raise_if_cancelled()
        if progress is not None:
            progress(0.0, request.describe())
        x, sr = audio.samples, audio.sample_rate
        kind = request.kind
        if kind is EditKind.DENOISE:
            strength = 1.0 if request.amount is None else float(np.clip(request.amount, 0, 1))

            def told(fraction: float) -> None:
                if progress is not None:
                    progress(fraction, request.describe())

            y = deep_filter(x, sr, DENOISE_LIMIT_DB * strength, cancel, told)
        elif kind is EditKind.REMOVE_SILENCE:
            y = remove_pauses(x, sr)
        elif kind is EditKind.SPEED:
            y = time_stretch(x, sr, float(request.amount))  # type: ignore[arg-type]
        elif kind is EditKind.PITCH:
            y = shift_pitch(x, sr, float(request.amount))  # type: ignore[arg-type]
        else:  # EMOTION (refusal() let nothing else through)
            y = apply_prosody(x, sr, EMOTION_PROSODY[request.value])
        cancel.raise_if_cancelled()
        if progress is not None:
            progress(1.0, request.describe())
        return Audio(y, sr)
