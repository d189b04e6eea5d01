"""Diagnostics go to the log file, and to the terminal only when asked (studio.logs)."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio import logs, paths


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "home"))
    yield tmp_path / "home"
    logs.restore()


def test_records_and_warnings_go_to_the_file_not_the_terminal(home: Path,
                                                               capfd: pytest.CaptureFixture[str]) -> None:
    level = logging.getLogger().level
    path = logs.setup("cli")
    assert path == home / "logs" / "cli.log" and logs.current_file() == path
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("studio.somewhere").exception("it failed")
    logging.getLogger("jieba").debug("Building prefix dict")  # below INFO: dropped unless -v
    warnings.warn("a library's deprecation", DeprecationWarning, stacklevel=1)
    logs.restore()
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    text = path.read_text()
    assert "Traceback" in text and "ValueError: boom" in text and "a library's deprecation" in text
    assert "prefix dict" not in text
    assert logging.getLogger().level == level and logs.current_file() is None


def test_verbose_also_shows_them_on_stderr(home: Path, capfd: pytest.CaptureFixture[str]) -> None:
    logs.setup("cli", verbose=True)
    logging.getLogger("jieba").debug("Building prefix dict")
    logs.restore()
    assert "Building prefix dict" in capfd.readouterr().err


def test_a_quiet_run_leaves_no_folder_and_an_unwritable_one_stays_silent(
        home: Path, capfd: pytest.CaptureFixture[str]) -> None:
    logs.setup("cli")
    logs.restore()
    assert not (home / "logs").exists()
    home.mkdir(parents=True)
    (home / "logs").write_text("a file where the folder should be")
    logs.setup("cli")
    logging.getLogger("studio").error("nowhere to go")
    logs.restore()
    assert capfd.readouterr() == ("", "")
