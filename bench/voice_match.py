"""Voice match (the Embedded engine's `prepare_voice`): seconds and similarity per real clip.

Run: `python bench/voice_match.py [--clips NAME ...] [--out bench/results/voice_match.json]`

For each clip of /work/shared/audio (or tests/data where a clip is there), cut to at most 10 s:
- `seconds`: wall time of `prepare_voice` on a loaded engine (what the user waits for after the
  engine is up), with the progress it reported: how many updates and the longest gap between two;
- `similarity` / `baseline`: the figures the studio reports (match vs default voice, on the probe);
- `check_match` / `check_default`: a held-out check that does not depend on how the search
  picks its probe: the Clone wizard's preview sentence (neither the probe nor the clip's words)
  spoken with the profile and with the default voice (mean of 3 takes, since Piper varies from
  take to take), each embedded and compared with the reference (cosine); what the user hears next;
- `transcript_match` / `transcript_default`: the same on the clip's own words (which favours a
  search that used them as its probe, as the search before this bench did).
The machine's load average is recorded before and after, since the cores are shared here.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
from machine import cpu_model

from backends.audio import Audio, load_audio
from backends.base import AudioChunk, CancelToken, SynthesisRequest, VoiceProfile
from backends.embedded import EmbeddedBackend

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path("/work/shared/audio")
# (file, transcript of the part used); denoise_prompt is cut to its first 10 s (two sentences).
CLIPS: dict[str, tuple[str, str]] = {
    "denoise_10s": ("denoise_prompt.wav", "Such legislation was clarified and extended from time to time "
                                          "thereafter. No, the man was not drunk, he wondered how we got "
                                          "tied up with this stranger."),
    "vad_zh_8.6s": ("vad_prompt.wav", "就是说你比如说我一共在这次看病我一共花了一百块钱，"
                                      "其中呢医生的这个劳动价值占了三十块钱。"),
    "en_5s": ("zero_shot_en_prompt.wav", "His political stance was conservative, and he was particularly "
                                         "close to margaret thatcher."),
    "tingting_zh_4.4s": ("tingting_prompt.wav", "那等我们到海洋馆之后，给妈妈买个礼物，好不好呀？"),
    "fear_zh_5s": ("fear_zh_female_prompt.wav", "我总觉得，有人在跟着我，我能听到奇怪的脚步声。"),
}
CHECK_CHARS = 100
# The Clone wizard's preview sentences (studio/ui/clone/preview_step.py), held out of the search.
CHECK_SENTENCES = {"en": "Hello! This is my new voice, made from a few seconds of speech.",
                   "zh": "你好！这是我的新声音，只用了几秒钟的录音。"}
TAKES = 3


def _find(name: str) -> Path:
    for folder in (SHARED, ROOT / "tests" / "data"):
        if (folder / name).is_file():
            return folder / name
    raise SystemExit(f"{name} is in neither {SHARED} nor tests/data")


def _take(engine: EmbeddedBackend, request: SynthesisRequest) -> Audio:
    chunks = [e for e in engine.synthesize(request, CancelToken()) if isinstance(e, AudioChunk)]
    return Audio(np.concatenate([c.samples for c in chunks]), chunks[0].sample_rate)


def _check_text(transcript: str) -> str:
    if len(transcript) <= CHECK_CHARS:
        return transcript
    cut = transcript[:CHECK_CHARS]
    return cut[: max(cut.rfind("."), cut.rfind("。"), cut.rfind(","), cut.rfind("，")) + 1] or cut


def check(engine: EmbeddedBackend, ref: Audio, profile: VoiceProfile, transcript: str) -> dict[str, float]:
    """Similarity to the reference of the profile and of the default voice on held-out text."""
    enc = engine.speaker_encoder()
    target = enc.embed(ref)
    language = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in transcript) else "en"
    out: dict[str, float] = {}
    for name, text in (("check", CHECK_SENTENCES[language]), ("transcript", _check_text(transcript))):
        for side, request in (("match", SynthesisRequest(text, voice_profile=profile)),
                              ("default", SynthesisRequest(text))):
            sims = [enc.similarity(enc.embed(_take(engine, request)), target) for _ in range(TAKES)]
            out[f"{name}_{side}"] = round(float(np.mean(sims)), 4)
    return out


def run_clip(engine: EmbeddedBackend, key: str) -> dict[str, Any]:
    name, transcript = CLIPS[key]
    ref = load_audio(_find(name))
    ref = ref.slice_seconds(0, min(10.0, ref.duration))
    stamps: list[float] = []
    fractions: list[float] = []

    def progress(fraction: float, message: str) -> None:
        stamps.append(time.perf_counter())
        fractions.append(fraction)

    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    profile: VoiceProfile = engine.prepare_voice(ref, transcript, CancelToken(), progress)
    seconds = time.perf_counter() - t0
    gaps = np.diff([t0, *stamps, time.perf_counter()])
    checks = check(engine, ref, profile, transcript)
    row = {"clip": key, "reference_s": round(ref.duration, 2), "seconds": round(seconds, 2),
           "similarity": profile.similarity, "baseline": profile.baseline_similarity, **checks,
           "progress_updates": len(stamps), "longest_progress_gap_s": round(float(gaps.max()), 2),
           "progress_monotonic": fractions == sorted(fractions),
           "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
           "profile": profile.note, "data": profile.data}
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return row


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clips", nargs="*", default=list(CLIPS), choices=list(CLIPS))
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "voice_match.json")
    args = ap.parse_args()
    engine = EmbeddedBackend(preload_kokoro=True)
    t = time.perf_counter()
    engine.load()
    engine.wait_loaded()
    engine.speaker_encoder().embed(Audio(np.zeros(16000, dtype=np.float32) + 1e-3, 16000))
    load_s = time.perf_counter() - t
    rows = [run_clip(engine, key) for key in args.clips]
    cpu = cpu_model()
    result = {"what": "EmbeddedBackend.prepare_voice on real clips (loaded engine), with an independent "
                      "similarity check on the clip's transcript",
              "cpu": cpu, "cores": os.cpu_count(), "engine_load_s": round(load_s, 2), "clips": rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
