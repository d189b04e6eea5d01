"""Microphone recording: no device here, and a real recording through a virtual ALSA mic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from backends.audio import load_audio
from studio.devices.recording import (
    MAX_LENGTH_REACHED,
    NO_INPUT_DEVICE,
    Recorder,
    RecordingUnavailable,
    input_devices,
)

pytestmark = pytest.mark.timeout(120)
HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "_recording_alsa.py"
ALSA_CONF = Path("/usr/share/alsa/alsa.conf")
needs_alsa = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not ALSA_CONF.exists(), reason="needs Linux with alsa-lib"
)


def mic_config(raw: Path) -> str:
    return f"""
pcm.!default {{ type asym playback.pcm "null" capture.pcm "studio_mic" }}
pcm.studio_mic {{ type plug slave {{ pcm "studio_micfile" format S16_LE channels 1 rate 16000 }} }}
pcm.studio_micfile {{ type file slave {{ pcm "null" }} file "/dev/null" infile "{raw}" format "raw" }}
"""


def run(tmp_path: Path, name: str, config: str, seconds: float) -> dict[str, Any]:
    conf = tmp_path / f"{name}.asoundrc"
    conf.write_text(config)
    out = tmp_path / f"{name}.json"
    env = dict(os.environ, ALSA_CONFIG_PATH=f"{ALSA_CONF}:{conf}")
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), name, str(out), str(seconds)],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(out.read_text())


def test_this_machine_has_no_microphone() -> None:
    if input_devices():
        pytest.skip("this machine has a microphone")
    with pytest.raises(RecordingUnavailable, match="No microphone"):
        Recorder().start()


@needs_alsa
def test_no_device_gives_a_clear_reason(tmp_path: Path) -> None:
    result = run(tmp_path, "none", "pcm.!default { type hw card 99 }\nctl.!default { type hw card 99 }\n", 0)
    if result["devices"]:
        pytest.skip("this machine has real ALSA capture devices")
    assert result["reason"] == NO_INPUT_DEVICE and result["start"] == NO_INPUT_DEVICE


@needs_alsa
def test_records_what_the_virtual_microphone_hears(tmp_path: Path) -> None:
    source = load_audio(HERE.parents[1] / "data" / "vad_prompt.wav")
    raw = tmp_path / "mic.raw"
    (np.clip(source.samples, -1, 1) * 32767).astype("<i2").tofile(raw)
    expected = np.fromfile(raw, dtype="<i2").astype(np.float32) / 32768.0
    result = run(tmp_path, "record", mic_config(raw), 3.0)
    got = np.asarray(result["samples"], dtype=np.float32)
    assert result["rate"] == 16000 and len(got) >= 3 * 16000
    n = min(len(got), len(expected))
    assert np.corrcoef(got[:n], expected[:n])[0, 1] > 0.99
    assert result["levels"] > 0 and result["last_level"][1] >= result["last_level"][0]


@needs_alsa
def test_maximum_length_stops_with_a_message(tmp_path: Path) -> None:
    raw = tmp_path / "mic.raw"
    (np.full(16000 * 3, 1000, dtype="<i2")).tofile(raw)
    result = run(tmp_path, "maxlen", mic_config(raw), 1.0)
    assert result["stopped"] == [MAX_LENGTH_REACHED] and result["message"] == MAX_LENGTH_REACHED
    assert result["n"] == 16000
