"""Test-only: record through a virtual ALSA microphone in a fresh process.

PortAudio reads the ALSA configuration once, when it initialises, so `ALSA_CONFIG_PATH` (set by
test_recording.py: a `plug` over a `file` plugin whose `infile` is raw S16_LE made from a test
recording) must be in the environment before sounddevice is imported; hence a subprocess.

Usage: python _recording_alsa.py SCENARIO RESULT.json SECONDS; writes JSON.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from studio.devices.recording import (  # noqa: E402  (after the path fix, by design)
    Level,
    Recorder,
    RecordingUnavailable,
    audio_input_unavailable_reason,
    input_devices,
)


def scenario_record(seconds: float) -> dict[str, object]:
    levels: list[Level] = []
    recorder = Recorder(sample_rate=16000)
    recorder.on_level = levels.append
    recorder.start()
    deadline = time.monotonic() + 20
    while recorder.elapsed < seconds and time.monotonic() < deadline:
        time.sleep(0.01)
    audio = recorder.stop()
    return {
        "devices": [d.__dict__ for d in input_devices()],
        "reason": audio_input_unavailable_reason(),
        "rate": audio.sample_rate,
        "samples": audio.samples.tolist(),
        "levels": len(levels),
        "last_level": [recorder.level.rms_dbfs, recorder.level.peak_dbfs],
        "message": recorder.message,
    }


def scenario_maxlen(seconds: float) -> dict[str, object]:
    stopped: list[str] = []
    recorder = Recorder(sample_rate=16000, max_seconds=seconds)
    recorder.on_stopped = stopped.append
    recorder.start()
    deadline = time.monotonic() + 20
    while not stopped and time.monotonic() < deadline:
        time.sleep(0.01)
    audio = recorder.stop()
    return {"stopped": stopped, "message": recorder.message, "n": len(audio), "rate": audio.sample_rate}


def scenario_none(seconds: float) -> dict[str, object]:
    result: dict[str, object] = {
        "devices": [d.__dict__ for d in input_devices()],
        "reason": audio_input_unavailable_reason(),
    }
    try:
        Recorder().start()
        result["start"] = None
    except RecordingUnavailable as exc:
        result["start"] = str(exc)
    return result


SCENARIOS = {"record": scenario_record, "maxlen": scenario_maxlen, "none": scenario_none}

if __name__ == "__main__":
    name, out = sys.argv[1], Path(sys.argv[2])
    out.write_text(json.dumps(SCENARIOS[name](float(sys.argv[3]))))
