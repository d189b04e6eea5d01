"""Transcript editing on this machine: transcription time per minute of audio, deleting words and
re-speaking a 5-word span, each measured on the real recordings in tests/data.

Run: `python bench/edit_transcript.py [--parts transcribe delete respeak] [--minutes 1 5]
[--models base tiny.en]`; a 2-hour file: `--long --minutes 120 --models base`.

- transcribe: a recording of real English speech made by repeating tests/data's English clips
  (with their own pauses) to N minutes, transcribed by `studio.editing.transcript.transcribe`
  (chunked, word timestamps, VAD) with each Whisper model; seconds per minute of audio and the
  real-time factor. A 2-hour file takes 120 x the per-minute figure.
- delete: every single word of zero_shot_en_prompt.wav, tingting_prompt.wav and
  denoise_prompt.wav deleted in turn with `delete_words` (verified cut), the result transcribed
  again: how often the deletion is clean (Whisper hears the words before and after it side by
  side and nothing of the deleted word), refusals, time per deletion, the worst seam.
- respeak: a 5-word span of zero_shot_en_prompt.wav (clean) and of denoise_prompt.wav (noisy)
  re-spoken by the Embedded engine, planned as for a recording the studio did not make (a voice
  match from the recording's own speech): latency the first time (voice preparation included) and
  again with the prepared voice reused; the span's word error, the words touching it, loudness
  against its neighbours, seams.

Results: bench/results/edit_transcript.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from machine import machine_line  # noqa: E402

from backends.audio import Audio, load_audio  # noqa: E402
from studio.editing import CLICK_RATIO, EditError, EditProject, integrated_loudness, seam_discontinuity  # noqa: E402
from studio.editing.seams import seams_of  # noqa: E402
from studio.editing.transcript import align_words, normalised_words, transcribe, word_error_rate  # noqa: E402

DATA = ROOT / "tests" / "data"
RESULTS = ROOT / "bench" / "results"
PARTS = ("transcribe", "delete", "respeak")
ENGLISH = ["zero_shot_en_prompt.wav", "denoise_prompt.wav"]


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def _long_english(minutes: float, rate: int = 16000) -> Audio:
    clips = [load_audio(DATA / name).resampled(rate).samples for name in ENGLISH]
    gap = np.zeros(int(0.6 * rate), dtype=np.float32)
    parts, n, k = [], 0, 0
    while n < minutes * 60 * rate:
        parts += [clips[k % len(clips)], gap]
        n += len(clips[k % len(clips)]) + len(gap)
        k += 1
    return Audio(np.concatenate(parts)[: int(minutes * 60 * rate)], rate)


def bench_transcribe(minutes: list[float], models: list[str]) -> list[dict[str, object]]:
    out = []
    for model in models:
        transcribe(load_audio(DATA / ENGLISH[0]), language="en", model=model)  # load the model first
        for m in minutes:
            audio = _long_english(m)
            t0 = time.perf_counter()
            result = transcribe(audio, language="en", model=model)
            dt = time.perf_counter() - t0
            row = {"model": model, "minutes": m, "seconds": round(dt, 2),
                   "seconds_per_minute": round(dt / m, 2), "rtf": round(dt / (m * 60), 4),
                   "words": len(result.words), "two_hours_estimate_min": round(dt / m * 120 / 60, 1)}
            print(f"transcribe {model:8s} {m:4.1f} min: {dt:6.1f} s = {dt / m:5.1f} s per minute "
                  f"(RTF {dt / (m * 60):.3f}), {len(result.words)} words; "
                  f"2 h ~ {row['two_hours_estimate_min']} min",
                  flush=True)
            out.append(row)
    return out


def _worst_seam(project: EditProject) -> float:
    x = project.render().samples
    return max((seam_discontinuity(x, s, project.sample_rate) for s in seams_of(project.table)), default=0.0)


def bench_delete(names: list[str]) -> list[dict[str, object]]:
    """Each word deleted alone; the result transcribed in full. A deletion counts as clean when
    the words just before and after it are heard (matched in a word alignment with the original
    transcript) and the deleted word is not heard between them."""
    from studio.editing.wordcut import delete_words

    out = []
    for name in names:
        project = EditProject.open(DATA / name)
        language = "zh" if "en" not in name else "en"
        words = transcribe(project, language=language)
        tokens = [normalised_words(w.text) for w in words.words]
        clean = refused = 0
        seams, wers, seconds = [], [], []
        for k in range(len(words.words)):
            t0 = time.perf_counter()
            try:
                result = delete_words(project, words, k, k + 1)
            except EditError:
                refused += 1
                continue
            seconds.append(time.perf_counter() - t0)
            heard = transcribe(project, language=language).text
            wers.append(word_error_rate(result.text, heard))
            seams.append(_worst_seam(project))
            ref = [t for ts in tokens[:k] + tokens[k + 1:] for t in ts]
            hyp = normalised_words(heard)
            match = align_words(ref, hyp)
            before = sum(len(ts) for ts in tokens[:k])  # index in ref of the first word after k
            left = match[before - 1] if before > 0 else -1
            right = match[before] if before < len(ref) else len(hyp)
            gone = left is not None and right is not None and right == left + 1
            clean += gone
            project.undo()
        row = {"recording": name, "words": len(words.words), "clean": clean, "refused": refused,
               "mean_wer_after": round(statistics.fmean(wers), 4) if wers else None,
               "median_delete_seconds": round(statistics.median(seconds), 2) if seconds else None,
               "worst_seam": round(max(seams), 3) if seams else None, "click_ratio": CLICK_RATIO}
        print(f"delete {name}: {len(words.words)} single-word deletions, {clean} clean (neighbours heard, "
              f"word gone), {refused} refused; WER of the whole result {row['mean_wer_after']}; "
              f"{row['median_delete_seconds']} s each (verified); worst seam {row['worst_seam']}", flush=True)
        out.append(row)
    return out


def _span_errors(before: list[str], i: int, j: int, new: str, heard: str) -> tuple[float, int]:
    """(word error on the new words, words touching the span that Whisper no longer hears)."""
    old = [normalised_words(w) for w in before]
    new_words = normalised_words(new)
    ref = [t for ts in old[:i] for t in ts] + new_words + [t for ts in old[j:] for t in ts]
    match = align_words(ref, normalised_words(heard))
    a = sum(len(ts) for ts in old[:i])
    around = match[max(0, a - 2):a] + match[a + len(new_words):a + len(new_words) + 2]
    lost = sum(m is None for m in match[a:a + len(new_words)])
    return lost / len(new_words), sum(m is None for m in around)


RESPEAK_CASES = [("zero_shot_en_prompt.wav", "particularly", "very fond of Winston Churchill."),
                 ("denoise_prompt.wav", "from", "again and again after that.")]


def bench_respeak() -> list[dict[str, object]]:
    """A 5-word span re-spoken, planned as for any recording the studio did not make."""
    from backends.registry import Registry
    from studio.editing.respeak import plan_respeak, respeak

    registry = Registry()
    out = []
    for name, first, new in RESPEAK_CASES:
        project = EditProject.open(DATA / name)
        words = transcribe(project, language="en")
        texts = [w.text.strip(".,").lower() for w in words.words]
        i = texts.index(first)
        j = i + 5
        for attempt in ("first (voice prepared)", "again (voice reused)"):
            plan = plan_respeak(project, engines=registry, language="en")
            t0 = time.perf_counter()
            respeak(project, words, i, j, new, plan)
            dt = time.perf_counter() - t0
            op = project.versions[project.current].op
            rate = project.sample_rate
            x = project.render().samples
            lo, n = int(op["range"][0]), round(float(op["seconds"]) * rate)
            heard = transcribe(project, language="en").text
            span_wer, around = _span_errors([w.text for w in words.words], i, j, new, heard)
            neighbours = np.concatenate([x[max(0, lo - 3 * rate):lo], x[lo + n:lo + n + 3 * rate]])
            diff = integrated_loudness(x[lo:lo + n], rate) - integrated_loudness(neighbours, rate)
            row = {"recording": name, "attempt": attempt, "plan": plan.kind, "voice": op.get("voice"),
                   "span": words.text_of(i, j), "new": new, "seconds": round(dt, 2),
                   "span_wer": round(span_wer, 3), "touching_words_lost": around,
                   "loudness_diff_lu": round(diff, 2), "worst_seam": round(_worst_seam(project), 3),
                   "heard": heard, "check_errors": op.get("heard_errors", 0)}
            print(f"respeak 5 words in {name}, {attempt}: {dt:.2f} s ({plan.kind}); span WER {span_wer:.2f}, "
                  f"{around} touching words lost, loudness {diff:+.2f} LU vs neighbours, worst seam "
                  f"{row['worst_seam']}; the cut's check missed {row['check_errors']} words"
                  f"\n  heard: {heard}",
                  flush=True)
            out.append(row)
            project.undo()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS),
                        help="what to measure; each part replaces its entry in the result file")
    parser.add_argument("--minutes", type=float, nargs="+", default=[1.0, 5.0])
    parser.add_argument("--models", nargs="+", default=["base", "tiny.en"])
    parser.add_argument("--recordings", nargs="+",
                        default=["zero_shot_en_prompt.wav", "tingting_prompt.wav", "denoise_prompt.wav"])
    parser.add_argument("--long", action="store_true",
                        help="transcription only, written to edit_transcript_long.json (e.g. --minutes 120)")
    args = parser.parse_args()
    print(machine_line(), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.long:
        rows = bench_transcribe(args.minutes, args.models)
        (RESULTS / "edit_transcript_long.json").write_text(json.dumps(
            {"machine": machine_line(), "transcribe": rows, "peak_rss_mb": _peak_rss_mb()}, indent=2) + "\n")
        return
    path = RESULTS / "edit_transcript.json"
    results: dict[str, object] = json.loads(path.read_text()) if path.is_file() else {}
    results["machine"] = machine_line()
    if "transcribe" in args.parts:
        results["transcribe"] = bench_transcribe(args.minutes, args.models)
    if "delete" in args.parts:
        results["delete"] = bench_delete(args.recordings)
    if "respeak" in args.parts:
        results["respeak"] = bench_respeak()
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
