"""Mandarin intelligibility of the five Kokoro voices: which one should speak Mandarin for the others.

Run: `python bench/mandarin_voices.py [--out bench/results/mandarin_voices.json]`, then
`python bench/mandarin_voices.py --part test-takes` (adds the Kokoro tests' own takes, zh/en/ja).
`--voices kokoro:jm_kumo --sentences 3` for a quick look.

Each voice reads each sentence below through `EmbeddedBackend.synthesize` (the product's path: tag
parsing, misaki's Mandarin G2P, prosody, trimming, levelling), and the bundled Whisper base (beam 5,
Simplified prompt, as the tests use it) transcribes the take back. Scores are the tests' own helpers
(tests/backends/embedded/embedded_checks.py): character error over content characters and
toned-pinyin error (what a listener hears, blind to homophones and Traditional forms). Arabic digits
that Whisper writes are turned back into Chinese numerals first (cn2an) so that "3点15分" for
"三点十五分" is not counted as six errors; the raw transcript is kept.

Takes. Kokoro's ONNX graph has no sampling: the same text, voice and prosody give bit-identical
audio (checked here for every voice, `deterministic`), so re-running a take measures nothing. The
takes that vary are
- the sentences (14, varied: numbers, names, questions, tones, the tests' six and three of the
  shared real-speech transcripts),
- the prosody: plain, and with a leading emotion tag, (高兴1) and (悲伤1). On this engine an emotion
  tag is only a rate/pitch/loudness change (backends/embedded/prosody.py): (高兴1) is rate x1.06,
  +1.5 semitones, +1 dB, and its audio equals a plain request at speed 1.06, pitch +1.5 up to the
  gain (checked here, `tag_equivalence`). So a tag changes what Kokoro produces only as a slightly
  different speaking rate and pitch would,
- the listener: `--dither` extra transcriptions of each plain take with inaudible noise (-80 dBFS,
  seeded) added, which shows how far Whisper's beam search alone moves a score.

Also per voice: the tests' own take (the six test sentences joined, one take) scored as the test does,
and (`--part test-takes`) the Mandarin, English and Japanese tests' takes under the same prosody and
dither takes, to see how near their bounds in test_kokoro_voice.py they sit.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from machine import cpu_model

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "backends" / "embedded"))  # embedded_checks: the scoring helpers

from embedded_checks import (  # noqa: E402
    ENGLISH,
    JAPANESE,
    MANDARIN,
    cer,
    kana_error,
    pinyin_error,
    run_take,
    wer,
)

from backends.audio import Audio  # noqa: E402
from backends.embedded import EmbeddedBackend  # noqa: E402
from backends.embedded.asr import WhisperTranscriber  # noqa: E402
from backends.embedded.kokoro_voice import KOKORO_VOICES  # noqa: E402

VOICES = [f"kokoro:{name}" for name, _, _ in KOKORO_VOICES]

# (id, kind, text). The first six are the tests' sentences (embedded_checks.MANDARIN).
SENTENCES: tuple[tuple[str, str, str], ...] = (
    *((f"test{i + 1}", "everyday (the tests' set)", s) for i, s in enumerate(MANDARIN)),
    ("numbers1", "numbers", "这本书一共三百二十五页，我已经看了一百页。"),
    ("numbers2", "numbers, time", "现在是下午三点十五分，会议四点半开始。"),
    ("names", "names, places", "李明和王小红是大学同学，他们都住在上海。"),
    ("question1", "question", "你周末有空吗？我们一起去看电影怎么样？"),
    ("tones", "tone contrasts", "妈妈买了一匹马，马跑得很慢，她有点生气。"),
    ("shared_tingting", "question (tingting_prompt.wav transcript)",
     "那等我们到海洋馆之后，给妈妈买个礼物，好不好呀？"),
    ("shared_fear", "narrative (fear_zh_female_prompt.wav transcript)",
     "我总觉得，有人在跟着我，我能听到奇怪的脚步声。"),
    ("shared_plan", "opinion (paralingustic_prompt.wav transcript)",
     "我觉得这个计划大概是可行的，不过还需要再仔细考虑一下。"),
)

# Prosody takes: the leading tag (empty = plain).
CONDITIONS: dict[str, str] = {"plain": "", "happy": "(高兴1)", "sad": "(悲伤1)"}
DITHER_RMS = 1e-4  # -80 dBFS: far below hearing on a take levelled to a -6 dBFS peak


def to_numerals(text: str) -> str:
    if not any(c.isdigit() and c.isascii() for c in text):
        return text
    import cn2an

    return str(cn2an.transform(text, "an2cn"))


def score(reference: str, heard: str) -> dict[str, Any]:
    norm = to_numerals(heard)
    out: dict[str, Any] = {"heard": heard, "cer": round(cer(reference, norm), 4),
                           "pinyin": round(pinyin_error(reference, norm), 4)}
    if norm != heard:
        out["heard_normalised"] = norm
    return out


def stats(xs: list[float]) -> dict[str, float]:
    """Mean and std of the error rates each capped at 1 (Whisper sometimes loops, "请稍稍稍稍...", and
    one such take would otherwise outweigh the rest: 17 for one 13-character sentence), median,
    raw min and max, n, and how many takes were more than half wrong."""
    capped = [min(x, 1.0) for x in xs]
    return {"mean": round(statistics.fmean(capped), 4), "std": round(statistics.pstdev(capped), 4),
            "median": round(statistics.median(xs), 4), "min": round(min(xs), 4), "max": round(max(xs), 4),
            "n": len(xs), "over_half": sum(x > 0.5 for x in xs)}


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per condition across sentences; all takes pooled; per-sentence means (the spread across
    sentences); and how far dither alone moves one take's score (max - min over plain + dithers)."""
    summary: dict[str, Any] = {}
    keys = ("cer", "pinyin")
    for cond in CONDITIONS:
        summary[cond] = {k: stats([r[cond][k] for r in rows]) for k in keys}
    def takes(r: dict[str, Any]) -> list[dict[str, Any]]:
        return [*(r[c] for c in CONDITIONS), *r.get("dither", [])]

    summary["all_takes"] = {k: stats([t[k] for r in rows for t in takes(r)]) for k in keys}
    summary["sentence_means"] = {
        k: stats([statistics.fmean(min(t[k], 1.0) for t in takes(r)) for r in rows]) for k in keys}
    if rows and rows[0].get("dither"):
        same_audio = [[r["plain"], *r["dither"]] for r in rows]
        summary["dither_swing"] = {
            k: stats([max(x[k] for x in a) - min(x[k] for x in a) for a in same_audio]) for k in keys}
    return summary


def print_table(result: dict[str, Any]) -> None:
    print(f"\n{'voice':22} {'takes':10} {'CER mean':>8} {'median':>6} {'min-max':>10} {'pinyin':>7} "
          f"{'median':>6} {'min-max':>10}  n >0.5")
    for v, r in result["voices"].items():
        for cond in [*CONDITIONS, "all_takes", "sentence_means"]:
            c, p = r["summary"][cond]["cer"], r["summary"][cond]["pinyin"]
            print(f"{v:22} {cond:10} {c['mean']:8.3f} {c['median']:6.3f} {c['min']:4.2f}-{c['max']:5.2f} "
                  f"{p['mean']:7.3f} {p['median']:6.3f} {p['min']:4.2f}-{p['max']:5.2f} {c['n']:2d} "
                  f"{p['over_half']:2d}")
    for lang, d in result.get("test_takes", {}).items():
        if isinstance(d, dict):
            for v, sc in d["voices"].items():
                s = sc["summary"]
                print(f"test take {lang} {v:22} {d['metric']} mean {s['mean']:.3f} min {s['min']:.3f} "
                      f"max {s['max']:.3f} n {s['n']}")


def dithered(audio: Audio, seed: int) -> Audio:
    noise = np.random.default_rng(seed).normal(0, DITHER_RMS, len(audio.samples))
    return Audio((audio.samples + noise).astype(np.float32), audio.sample_rate)


# What each language's test in test_kokoro_voice.py asserts on (first) and what else is recorded.
TEST_METRICS = {"zh": ("pinyin", "cer"), "en": ("wer",), "ja": ("kana", "cer")}
MEASURES = {"wer": wer, "cer": cer, "pinyin": pinyin_error, "kana": kana_error}


def rescore(scores: dict[str, Any], text: str, lang: str) -> None:
    """(Re)compute every metric of one voice's test takes from the stored transcripts, and the summary
    over them of the metric the test asserts on."""
    takes = [*(scores[c] for c in CONDITIONS), *scores.get("dither", [])]
    for t in takes:
        for m in TEST_METRICS[lang]:
            t[m] = round(MEASURES[m](text, t["heard"]), 4)
    scores["summary"] = stats([t[TEST_METRICS[lang][0]] for t in takes])


def test_takes(engine: EmbeddedBackend, whisper: WhisperTranscriber, voices: list[str],
               dither: int) -> dict[str, Any]:
    """The Kokoro tests' own takes (each language's sentences joined into one take, scored as
    test_kokoro_voice.py scores them: English WER with tiny.en, Mandarin toned-pinyin error and
    Japanese kana-reading error with base), under each prosody condition and dither: how far the
    tests' scores sit from their bounds, and how much they move."""
    tiny_en = WhisperTranscriber("tiny.en", beam_size=5)
    tiny_en.load()
    out: dict[str, Any] = {}
    for lang, text, listener in (("zh", "".join(MANDARIN), whisper), ("en", " ".join(ENGLISH), tiny_en),
                                 ("ja", "".join(JAPANESE), whisper)):
        per_voice: dict[str, Any] = {}
        for v in voices:
            scores: dict[str, Any] = {}
            for cond, tag in CONDITIONS.items():
                take = run_take(engine, tag + text, voice_id=v)
                scores[cond] = {"heard": listener.transcribe(take.audio, lang).text}
                if cond == "plain":
                    scores["dither"] = [{"heard": listener.transcribe(dithered(take.audio, seed), lang).text}
                                        for seed in range(1, dither + 1)]
            rescore(scores, text, lang)
            per_voice[v] = scores
            print(lang, v, scores["summary"], flush=True)
        out[lang] = {"metric": TEST_METRICS[lang][0], "listener": listener.model_name, "text": text,
                     "voices": per_voice}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "mandarin_voices.json")
    ap.add_argument("--voices", nargs="*", default=VOICES)
    ap.add_argument("--sentences", type=int, default=len(SENTENCES), help="use the first N sentences")
    ap.add_argument("--dither", type=int, default=1, help="extra dithered transcriptions per plain take")
    ap.add_argument("--part", choices=("zh", "test-takes", "summary"), default="zh",
                    help="zh: the Mandarin measurement (writes --out); test-takes: the Kokoro tests' own "
                         "takes in zh/en/ja, added to --out under 'test_takes'; summary: recompute the "
                         "summaries in --out and print the table")
    args = ap.parse_args()
    sentences = SENTENCES[: args.sentences]
    if args.part == "summary":
        result = json.loads(args.out.read_text())
        for r in result["voices"].values():
            r["summary"] = summarise(r["sentences"])
        for lang, d in result.get("test_takes", {}).items():
            if isinstance(d, dict):
                d["metric"] = TEST_METRICS[lang][0]
                for scores in d["voices"].values():
                    rescore(scores, d["text"], lang)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
        print_table(result)
        return

    started = time.perf_counter()
    engine = EmbeddedBackend(preload_kokoro=True)
    engine.load()
    engine.wait_loaded()
    whisper = WhisperTranscriber("base", beam_size=5)
    whisper.load()

    if args.part == "test-takes":
        t0 = time.perf_counter()
        result = json.loads(args.out.read_text()) if args.out.exists() else {}
        result["test_takes"] = test_takes(engine, whisper, args.voices, args.dither)
        result["test_takes"]["seconds"] = round(time.perf_counter() - t0, 1)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
        print_table(result)
        return

    def hear(audio: Audio) -> str:
        return whisper.transcribe(audio, "zh").text

    result: dict[str, Any] = {
        "what": "Mandarin sentences read by each Kokoro voice through EmbeddedBackend, transcribed by "
                "Whisper base (beam 5); character error (CER) and toned-pinyin error per take",
        "machine": f"{cpu_model()}, {platform.machine()}, {len(__import__('os').sched_getaffinity(0))} cores "
                   f"(shared with other work), Python {platform.python_version()}",
        "versions": engine._families["kokoro"].versions(),
        "sentences": [{"id": i, "kind": k, "text": t} for i, k, t in sentences],
        "conditions": CONDITIONS,
        "dither_rms": DITHER_RMS,
        "voices": {},
    }

    # Is synthesis deterministic? And is a tag only prosody? One short sentence per voice.
    probe = sentences[0][2]
    determinism: dict[str, bool] = {}
    for v in args.voices:
        a = run_take(engine, probe, voice_id=v).audio.samples
        b = run_take(engine, probe, voice_id=v).audio.samples
        determinism[v] = bool(np.array_equal(a, b))
    result["deterministic"] = determinism
    v0 = args.voices[0]
    tagged = run_take(engine, "(高兴1)" + probe, voice_id=v0).audio.samples
    prosody = run_take(engine, probe, voice_id=v0, speed=1.06, pitch=1.5).audio.samples
    same_len = len(tagged) == len(prosody)
    diff = (float(np.max(np.abs(tagged / np.abs(tagged).max() - prosody / np.abs(prosody).max())))
            if same_len else None)
    result["tag_equivalence"] = {
        "voice": v0,
        "compared": "'(高兴1)'+text against text at speed 1.06, pitch +1.5, each peak-normalised",
        "same_length": same_len, "max_abs_difference": diff}
    print("deterministic:", determinism, "tag equivalence:", result["tag_equivalence"], flush=True)

    rng_seeds = list(range(1, args.dither + 1))
    for v in args.voices:
        t_voice = time.perf_counter()
        rows: list[dict[str, Any]] = []
        for sid, _, text in sentences:
            row: dict[str, Any] = {"id": sid}
            for cond, tag in CONDITIONS.items():
                take = run_take(engine, tag + text, voice_id=v)
                assert {c["voice"] for c in take.metadata["chunks"]} == {v}
                row[cond] = score(text, hear(take.audio))
                if cond == "plain":
                    row["dither"] = []
                    for seed in rng_seeds:
                        row["dither"].append(score(text, hear(dithered(take.audio, seed))))
            rows.append(row)
            print(v, sid, {c: (row[c]["cer"], row[c]["pinyin"]) for c in CONDITIONS},
                  [(d["cer"], d["pinyin"]) for d in row["dither"]], flush=True)

        joined = "".join(MANDARIN)
        test_take = score(joined, hear(run_take(engine, joined, voice_id=v).audio))

        summary = summarise(rows)
        result["voices"][v] = {"summary": summary, "test_take": test_take, "sentences": rows,
                               "seconds": round(time.perf_counter() - t_voice, 1)}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")  # after every voice

    result["total_seconds"] = round(time.perf_counter() - started, 1)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")

    print_table(result)
    print(f"total {result['total_seconds']} s -> {args.out}")


if __name__ == "__main__":
    main()
