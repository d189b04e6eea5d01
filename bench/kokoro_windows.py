"""Kokoro's first sentence in windows against the same sentence whole (issue 21): what windowing costs.

For each sentence and voice the split model (backends/embedded/kokoro_stream.py) renders the
sentence whole and in its planned windows, and this records: when each window was ready (against
the whole sentence's time), each window's speech level against the whole rendering's over the same
stretch, the click ratio at each cut (studio/editing/seams.py, bound CLICK_RATIO) beside the whole
rendering's own at the same point, and what Whisper heard in each (English word errors with
tiny.en and base; Mandarin toned-pinyin errors with base). A sentence renders the same every time,
so one rendering per sentence is the measurement; timings are the median of `--runs`.

    .venv/bin/python bench/kokoro_windows.py [--runs 3]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from machine import append_record, machine_line

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "backends" / "embedded"))  # embedded_checks: the scoring helpers

from embedded_checks import ENGLISH, MANDARIN, edit_distance, english_words, pinyin_error  # noqa: E402

from backends.audio import Audio  # noqa: E402
from backends.base import CancelToken  # noqa: E402
from backends.embedded import kokoro_stream as ks  # noqa: E402
from backends.embedded.asr import WhisperTranscriber  # noqa: E402
from backends.embedded.kokoro_voice import KokoroFamily  # noqa: E402
from studio.editing.seams import seam_discontinuity  # noqa: E402

MORE_ENGLISH = (
    "The lighthouse keeper climbed the narrow stairs every evening at dusk.",
    "He trimmed the wick, polished the great lens, and watched the ships pass.",
    "Some nights the fog rolled in so thick that he could not see his own hands.",
    "Still, the light turned, patient and bright, guiding sailors safely home.",
    "Please remember to bring your passport and two printed copies of the booking.",
    "Our train leaves at half past seven, so we should be at the station by seven.",
)
VOICES = ("jf_alpha", "jm_kumo")


def frame_rms(x: np.ndarray, n: int = 240) -> np.ndarray:
    k = len(x) // n
    return np.sqrt(np.mean(x[:k * n].reshape(k, n) ** 2, axis=1) + 1e-12)


def levels(whole: np.ndarray, joined: np.ndarray, cuts: list[int]) -> list[float]:
    """Each window's speech level (10 ms frames within 20 dB of the whole's loud frames) in dB
    against the whole rendering's same frames."""
    w, j = frame_rms(whole), frame_rms(joined)
    speech = w > np.percentile(w, 95) * 0.1
    bounds = [0, *(c * ks.STEP // 240 for c in cuts), len(w)]
    out = []
    for a, b in itertools.pairwise(bounds):
        m = speech[a:b]
        if m.any():
            ratio = np.mean(j[a:b][m] ** 2) / np.mean(w[a:b][m] ** 2)
            out.append(round(float(10 * np.log10(ratio)), 2))
    return out


def word_errors(reference: str, heard: str) -> int:
    return edit_distance(english_words(reference), english_words(heard))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--context", type=int, default=ks.CONTEXT_STEPS,
                    help="steps of context on each side of a window (a trial of other settings)")
    ap.add_argument("--first-context", type=int, default=ks.FIRST_CONTEXT_STEPS,
                    help="steps of context after the first window (a trial of other settings)")
    ap.add_argument("--zh-only", action="store_true")
    ap.add_argument("--en-only", action="store_true")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "kokoro_windows.json")
    args = ap.parse_args()
    ks.CONTEXT_STEPS, ks.FIRST_CONTEXT_STEPS = args.context, args.first_context

    fam = KokoroFamily()
    fam.warm()
    assert fam._windowed is not None, "the Kokoro model could not be split"
    tiny, base = WhisperTranscriber("tiny.en", beam_size=5), WhisperTranscriber("base", beam_size=5)
    tiny.load()
    base.load()
    kokoro, windowed = fam._kokoro, fam._windowed
    rows: list[dict[str, Any]] = []
    totals: dict[str, int] = {}
    for voice in VOICES:
        sentences = [*((s, "en") for s in (*ENGLISH, *MORE_ENGLISH) if not args.zh_only),
                     *((s, "zh") for s in MANDARIN if not args.en_only)]
        for text, language in sentences:
            tokens = kokoro.tokenizer.tokenize(fam.phonemize(text, language))
            style = kokoro.voices[voice][len(tokens) - 1]
            times: dict[str, list[float]] = {"whole_s": [], "first_window_s": [], "all_windows_s": []}
            for _ in range(args.runs):
                t0 = time.perf_counter()
                frames = windowed.frames(tokens, style, 1.0, CancelToken())
                whole = windowed.whole(frames, CancelToken())
                times["whole_s"].append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                frames = windowed.frames(tokens, style, 1.0, CancelToken())
                cuts = ks.plan(frames.energy)
                pieces = []
                for piece in windowed.pieces(frames, CancelToken(), cuts):
                    if not pieces:
                        times["first_window_s"].append(time.perf_counter() - t0)
                    pieces.append(piece)
                times["all_windows_s"].append(time.perf_counter() - t0)
            joined = np.concatenate(pieces)
            row: dict[str, Any] = {
                "voice": voice, "text": text, "seconds": round(len(whole) / ks.SAMPLE_RATE, 2),
                "cuts_s": [round(c * ks.STEP / ks.SAMPLE_RATE, 2) for c in cuts],
                **{k: round(statistics.median(v), 3) for k, v in times.items()},
                "window_level_db": levels(whole, joined, cuts),
                "click_ratio": [round(seam_discontinuity(joined, c * ks.STEP, ks.SAMPLE_RATE), 2)
                                for c in cuts],
                "click_ratio_whole": [round(seam_discontinuity(whole, c * ks.STEP, ks.SAMPLE_RATE), 2)
                                      for c in cuts],
            }
            # What Whisper hears is what a take holds: trimmed as the family trims (kokoro_voice.py).
            heard_whole = fam.synthesize(f"kokoro:{voice}", text, language, 1.0, 0.0, CancelToken())
            heard_windows = np.concatenate([p for p, _ in fam.synthesize_stream(
                f"kokoro:{voice}", text, language, 1.0, CancelToken())])
            for name, audio in (("whole", heard_whole), ("windows", heard_windows)):
                clip = Audio(audio, ks.SAMPLE_RATE)
                if language == "en":
                    for model, asr in (("tiny", tiny), ("base", base)):
                        errors = word_errors(text, asr.transcribe(clip, language="en").text)
                        row[f"{model}_errors_{name}"] = errors
                        totals[f"en {model} {name}"] = totals.get(f"en {model} {name}", 0) + errors
                else:
                    error = pinyin_error(text, base.transcribe(clip, language="zh").text)
                    row[f"pinyin_error_{name}"] = round(error, 3)
                    key = f"zh base {name}, pinyin errors in thousandths summed"
                    totals[key] = totals.get(key, 0) + round(1000 * error)
            rows.append(row)
            print(row, flush=True)
    english_words_total = sum(len(english_words(s)) for s in (*ENGLISH, *MORE_ENGLISH)) * len(VOICES)
    record = {"what": "Kokoro sentences whole against in windows (kokoro_stream.py)",
              "context_steps": args.context, "first_context_steps": args.first_context,
              "machine": machine_line(), "runs": args.runs, "english_words": english_words_total,
              "totals": totals, "rows": rows}
    append_record(args.out, record)
    levels_all = [x for r in rows for x in r["window_level_db"]]
    print(f"{machine_line()}: window level {min(levels_all):+.1f} to {max(levels_all):+.1f} dB; "
          f"click ratio at most {max(x for r in rows for x in r['click_ratio']):.2f}; errors {totals} "
          f"(of {english_words_total} English words)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
