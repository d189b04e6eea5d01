"""Where the data folder is after a move (studio.paths): the pointer beside the settings is
followed when it can be; a damaged pointer, or one to a folder that is gone or not mounted, falls
back to the default folder with a sentence saying why, and never creates the missing folder nor
rewrites the pointer (issue 20)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio import paths


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "home"))
    return tmp_path / "home"


def _point(folder: Path, *, marker: bool = True) -> None:
    if marker:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / paths.MARKER_FILE).write_text("{}", encoding="utf-8")
    paths.config_dir().joinpath(paths.POINTER_FILE).write_text(
        json.dumps({"format": 1, "data_dir": str(folder)}), encoding="utf-8")


def test_no_pointer_is_the_default(home: Path) -> None:
    location = paths.data_location()
    assert location.path == location.default == home / "data" and location.problem is None
    assert location.chosen is None and paths.data_dir() == home / "data"


def test_a_pointer_is_followed(home: Path, tmp_path: Path) -> None:
    _point(tmp_path / "moved")
    assert paths.data_dir() == tmp_path / "moved" and paths.data_location().problem is None
    assert paths.default_data_dir() == home / "data"


@pytest.mark.parametrize("text", ["{not json", "[]", '{"format": 1}', '{"format": 1, "data_dir": "relative"}',
                                  '{"format": 99, "data_dir": "/x"}', "\udcff"])
def test_a_damaged_pointer_falls_back_and_says_so(home: Path, text: str) -> None:
    pointer = paths.config_dir() / paths.POINTER_FILE
    pointer.write_bytes(text.encode("utf-8", "surrogateescape"))
    location = paths.data_location()
    assert location.path == home / "data" and paths.data_dir() == home / "data"
    assert location.problem is not None and str(pointer) in location.problem
    assert "default data folder" in location.problem and "\n" not in location.problem
    assert pointer.read_bytes() == text.encode("utf-8", "surrogateescape")  # left for the user to see


def test_a_folder_that_is_gone_falls_back_and_is_not_created(home: Path, tmp_path: Path) -> None:
    _point(tmp_path / "usb" / "studio", marker=False)
    location = paths.data_location()
    assert location.path == home / "data" and location.chosen == tmp_path / "usb" / "studio"
    assert "cannot be found" in (location.problem or "") and "kept there" in (location.problem or "")
    paths.data_dir()
    assert not (tmp_path / "usb").exists()


def test_an_empty_mount_point_is_not_taken_for_the_data(home: Path, tmp_path: Path) -> None:
    (tmp_path / "mnt").mkdir()
    _point(tmp_path / "mnt", marker=False)
    location = paths.data_location()
    assert location.path == home / "data" and "is its disk mounted" in (location.problem or "")
    assert list((tmp_path / "mnt").iterdir()) == []


def test_the_folder_comes_back_when_its_disk_does(home: Path, tmp_path: Path) -> None:
    _point(tmp_path / "disk" / "data", marker=False)
    assert paths.data_dir() == home / "data"
    (tmp_path / "disk" / "data").mkdir(parents=True)
    (tmp_path / "disk" / "data" / paths.MARKER_FILE).write_text("{}", encoding="utf-8")
    assert paths.data_dir() == tmp_path / "disk" / "data"


@pytest.mark.parametrize("name", ["a\u0000b", "x" * 5000])
def test_a_path_this_system_cannot_hold_falls_back(home: Path, name: str) -> None:
    paths.config_dir().joinpath(paths.POINTER_FILE).write_text(
        json.dumps({"format": 1, "data_dir": "/" + name}), encoding="utf-8")
    location = paths.data_location()
    assert location.path == home / "data" and "cannot be found" in (location.problem or "")


def test_the_command_line_warns_where_it_saves_when_the_moved_folder_is_gone(home: Path,
                                                                             tmp_path: Path) -> None:
    import io

    from studio import cli

    _point(tmp_path / "usb" / "studio", marker=False)
    err = io.StringIO()
    assert cli.main(["export-preset", str(tmp_path / "none.zip")], stdout=io.StringIO(), stderr=err) != 0
    first = err.getvalue().splitlines()[0]
    assert first.startswith("step-studio: warning: Your data folder") and "default data folder" in first
