from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from studio import paths


def test_home_override_puts_everything_under_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "portable"))
    assert paths.data_dir() == tmp_path / "portable" / "data"
    assert paths.config_dir() == tmp_path / "portable" / "config"
    assert paths.cache_dir() == tmp_path / "portable" / "cache"
    assert paths.settings_path() == tmp_path / "portable" / "config" / "settings.json"
    assert paths.data_dir().is_dir() and paths.config_dir().is_dir()


def test_override_is_read_at_call_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "a"))
    first = paths.data_dir(create=False)
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "b"))
    assert paths.data_dir(create=False) != first
    assert not (tmp_path / "b").exists()  # create=False creates nothing


def test_platform_dirs_without_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    assert paths.studio_home() is None
    expected = Path(platformdirs.user_data_dir(paths.APP_NAME, appauthor=False))
    assert paths.data_dir(create=False) == expected
    assert paths.APP_NAME in str(paths.config_dir(create=False))


def test_blank_override_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.HOME_ENV, "  ")
    assert paths.studio_home() is None
