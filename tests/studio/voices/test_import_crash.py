"""kill -9 while bundles are being imported, again and again: the library stays whole (issue 20).

After each kill: SQLite's integrity check passes, every indexed voice has its reference and record
and loads, no file is left that the index does not name (no orphans, no temporary files), and each
import is all or nothing (a bundle's voices and presets arrive together or not at all)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio
from studio.voices.bundles import export_bundle
from studio.voices.library import Consent, VoiceLibrary
from studio.voices.presets import VoiceRef

REPO = Path(__file__).resolve().parents[3]
VOICES, PRESETS = 3, 4

_CHILD = textwrap.dedent("""
    import sys
    from studio.voices.bundles import import_bundle
    from studio.voices.library import VoiceLibrary
    with VoiceLibrary(sys.argv[1]) as lib:
        i = 0
        while True:
            import_bundle(sys.argv[2], lib)
            print(i, flush=True)
            i += 1
""")


def _bundle(tmp_path: Path) -> Path:
    rng = np.random.default_rng(0)
    with VoiceLibrary(tmp_path / "maker") as maker:
        noise = (0.1 * rng.standard_normal((VOICES, 24000 * 2))).astype(np.float32)
        clips = [Audio(row, 24000) for row in noise]
        voices = [maker.add(f"voice {i}", clip, consent=Consent(f"speaker {i}", True, "in writing"))
                  for i, clip in enumerate(clips)]
        presets = [maker.presets.add(f"preset {i}", VoiceRef.library(voices[i % VOICES].id), tags="(高兴1)")
                   for i in range(PRESETS)]
        return export_bundle(tmp_path / "b.zip", [v.id for v in voices], [p.id for p in presets], maker)


def _check_whole(root: Path) -> int:
    """The library at `root` is whole; returns how many bundles it holds."""
    with VoiceLibrary(root) as lib:
        assert lib.problems == []
        voices = lib.list()
        names = {p.name for p in lib.voices_dir.iterdir()}
        assert {n for n in names if n.endswith(".flac")} == {f"{v.id}.flac" for v in voices}
        assert {n for n in names if n.endswith(".json")} == {f"{v.id}.json" for v in voices}
        assert not [n for n in names if not n.endswith((".flac", ".json"))], names  # no temporary files
        for voice in voices:
            assert lib.load_reference(voice.id).duration == pytest.approx(2.0)
        presets = lib.presets.list()
        assert len(voices) % VOICES == 0 and len(presets) == len(voices) // VOICES * PRESETS
        known = {v.id for v in voices}
        assert all(p.voice.voice_id in known for p in presets)  # no preset lost its voice
    con = sqlite3.connect(root / "library.sqlite3")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    return len(voices) // VOICES


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_9_during_imports_leaves_a_whole_library(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path)
    root = tmp_path / "lib"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    held = 0
    for delay in (0.05, 0.2, 0.35, 0.5, 0.8):  # different moments of an import
        child = subprocess.Popen([sys.executable, "-c", _CHILD, str(root), str(bundle)], cwd=REPO, env=env,
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        child.stdout.readline()  # at least one whole import
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
        count = _check_whole(root)
        assert count > held  # what was imported before stays
        held = count
