from __future__ import annotations

import base64
import errno
import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from studio import paths
from studio.library import storage
from studio.library.storage import StorageError
from studio.settings import Settings, SettingsStore


def test_defaults_when_missing(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    assert store.load() == Settings()
    assert store.message is None


def test_round_trip_every_field(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    geometry = base64.b64encode(bytes(range(64))).decode()
    settings = Settings(engine_id="embedded", voices={"embedded": "zf_xiaoxiao"}, speed=1.25, pitch=-3.0,
                        output_device="USB Audio 音频", ui_language="zh_CN", last_export_dir="/tmp/导出",
                        last_export_format="mp3", window_geometry=geometry, window_state="AAA=")
    store.save(settings)
    assert SettingsStore(tmp_path / "settings.json").load() == settings
    assert "音频" in (tmp_path / "settings.json").read_text("utf-8")


def test_voice_per_engine() -> None:
    s = Settings().with_voice("embedded", "joe").with_voice("step", "alice")
    assert s.voice_for("embedded") == "joe" and s.voice_for("step") == "alice"
    assert s.with_voice("step", None).voice_for("step") is None
    assert s.voice_for("remote") is None


def test_unknown_keys_from_newer_version_survive(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 7, "speed": 1.5, "future_feature": {"x": [1, 2]},
                                "theme": "dark"}))
    store = SettingsStore(path)
    settings = store.load()
    assert settings.speed == 1.5 and store.message is None
    store.save(replace(settings, pitch=2.0))
    data = json.loads(path.read_text())
    assert data["future_feature"] == {"x": [1, 2]} and data["theme"] == "dark"
    assert data["pitch"] == 2.0 and data["speed"] == 1.5


@pytest.mark.parametrize("content", ["{ not json", "[1, 2]", "\xff\xfe garbage"])
def test_corrupt_file_moved_aside(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content.encode("latin-1"))
    store = SettingsStore(path)
    assert store.load() == Settings()
    assert store.message and "default settings" in store.message
    [aside] = list(tmp_path.glob("settings.json.bad-*"))
    assert aside.read_bytes() == content.encode("latin-1")  # kept, not destroyed
    assert aside.name in store.message
    assert not path.exists()
    store.save(Settings(speed=2.0))
    assert SettingsStore(path).load().speed == 2.0


def test_bad_values_reset_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"speed": "fast", "pitch": 1.0, "ui_language": "fr", "voices": [1],
                                "last_export_format": "aiff", "engine_id": 5}))
    store = SettingsStore(path)
    settings = store.load()
    assert settings == Settings(pitch=1.0)
    assert store.message is not None
    for key in ("speed", "ui_language", "voices", "last_export_format", "engine_id"):
        assert f"“{key}”" in store.message
    assert path.exists()  # a readable file with bad values is not moved aside


def test_default_location_honours_studio_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path))
    store = SettingsStore()
    store.save(Settings(ui_language="zh_CN"))
    assert (tmp_path / "config" / "settings.json").exists()
    assert SettingsStore().load().ui_language == "zh_CN"


def test_save_failure_is_storage_error_and_keeps_old(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "settings.json"
    SettingsStore(path).save(Settings(speed=1.5))

    def refuse(src: object, dst: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(storage.os, "replace", refuse)
    with pytest.raises(StorageError, match="read-only"):
        SettingsStore(path).save(Settings(speed=3.0))
    monkeypatch.undo()
    assert SettingsStore(path).load().speed == 1.5
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]
