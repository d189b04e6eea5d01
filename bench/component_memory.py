"""What each Embedded component costs in resident memory once used, each measured in a fresh process.

    python bench/component_memory.py            # about a minute on 2 cores

For every component a new interpreter imports the engine (the baseline), uses the component once as
the app does (one sentence spoken, one clip transcribed or embedded, one clip denoised) and reports
its resident set (VmRSS) and peak (VmHWM) from /proc; the cost is the growth over the baseline. Shared
libraries count where they are first loaded, so these are the costs of using one component alone; a
process using several pays the shared part once. The offline chat model runs in its own process and
is not measured here. Results are appended to bench/results/component_memory.json.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from machine import machine_line  # noqa: E402

CLIP = ROOT.parent / "shared" / "audio" / "zero_shot_en_prompt.wav"
SENTENCE = "The quick brown fox jumps over the lazy dog, and then it rests in the shade."

PROBE = r'''
import json, sys
from pathlib import Path

def status():
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out

from backends.audio import load_audio
from backends.base import CancelToken, SynthesisRequest, AudioChunk
from backends.embedded.engine import EmbeddedBackend
engine = EmbeddedBackend(preload_kokoro=False)
base = status()
what, arg = sys.argv[1], sys.argv[2]
if what == "voice":
    if arg.startswith("piper"):
        engine.load()  # Piper is what load() opens; the other families load on first use
    for event in engine.synthesize(SynthesisRequest(text=SENTENCE, voice_id=arg), CancelToken()):
        pass
elif what == "whisper":
    from backends.embedded.asr import WhisperTranscriber
    WhisperTranscriber().transcribe(load_audio(arg).slice_seconds(0, 5))
elif what == "speaker":
    from backends.embedded.speaker import SpeakerEncoder
    SpeakerEncoder().embed(load_audio(arg).slice_seconds(0, 5))
elif what == "denoise":
    from backends.edits import EditRequest
    engine.edit(load_audio(arg).slice_seconds(0, 5), EditRequest("denoise"), CancelToken())
after = status()
print(json.dumps({"base_rss_mb": round(base["VmRSS"]), "rss_mb": round(after["VmRSS"]),
                  "peak_mb": round(after["VmHWM"]), "cost_mb": round(after["VmRSS"] - base["VmRSS"])}))
'''

COMPONENTS = [
    ("Piper (joe)", "voice", "piper:joe"),
    ("Kokoro (jf_alpha)", "voice", "kokoro:jf_alpha"),
    ("espeak-ng (en)", "voice", "espeak:en"),
    ("Whisper (transcribe 5 s)", "whisper", str(CLIP)),
    ("speaker encoder (embed 5 s)", "speaker", str(CLIP)),
    ("DeepFilterNet (denoise 5 s)", "denoise", str(CLIP)),
]


def main() -> None:
    results = []
    for label, what, arg in COMPONENTS:
        code = f"SENTENCE = {SENTENCE!r}\n" + PROBE
        run = subprocess.run([sys.executable, "-c", code, what, arg], cwd=ROOT, capture_output=True,
                             text=True, timeout=600)
        if run.returncode != 0:
            raise SystemExit(f"{label} failed:\n{run.stderr[-2000:]}")
        record = {"component": label, **json.loads(run.stdout.strip().splitlines()[-1])}
        print(json.dumps(record))
        results.append(record)
    out = ROOT / "bench" / "results" / "component_memory.json"
    with out.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"machine": machine_line(), "components": results}) + "\n")


if __name__ == "__main__":
    main()
