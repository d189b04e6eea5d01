"""File > Data Folder…: the dialog shows the folder in use and its size, moves a real library off
the GUI thread with progress, says in one sentence why a move failed (the old folder still in
use), refuses to start while the window is making a take, cancels, and ends by offering a restart
that starts the same command again (issue 20)."""

from __future__ import annotations

import errno
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QApplication, QMessageBox
from ui_fakes import FakePlayer, registry

from backends.audio import Audio
from studio import paths
from studio.library import relocate
from studio.library.takes import TakeLibrary
from studio.settings import SettingsStore
from studio.ui.shell import data_folder_dialog as module
from studio.ui.shell.data_folder_dialog import DataFolderDialog
from studio.ui.shell.main_window import MainWindow


def _library(root: Path, takes: int = 3) -> list[str]:
    t = np.arange(24000) / 24000
    with TakeLibrary(root) as library:
        return [library.add(Audio((0.3 * np.sin(2 * np.pi * (200 + 50 * i) * t)).astype(np.float32), 24000),
                            text=f"take {i}", engine_id="e", voice_id="v").id for i in range(takes)]


def _dialog(qtbot: Any, **kw: Any) -> DataFolderDialog:
    dialog = DataFolderDialog(**kw)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _finish_box(qtbot: Any, dialog: DataFolderDialog, label: str) -> None:
    qtbot.waitUntil(lambda: dialog.restart_box is not None and dialog.restart_box.isVisible(), timeout=15_000)
    box = dialog.restart_box
    assert box is not None
    [button] = [b for b in box.buttons() if b.text() == label]
    button.click()


def test_a_library_moves_with_progress_and_a_restart_is_offered(qtbot: Any, studio_home: Path,
                                                                 tmp_path: Path) -> None:
    old = paths.data_dir()
    ids = _library(old)
    restarted: list[bool] = []
    dialog = _dialog(qtbot, restart=lambda: restarted.append(True))
    assert dialog.current_label.text() == str(old)
    qtbot.waitUntil(lambda: "MB in" in dialog.size_label.text(), timeout=5000)
    assert "files" in dialog.size_label.text() and not dialog.move_button.isEnabled()
    dialog.ask_folder = lambda: str(tmp_path / "moved")  # type: ignore[method-assign]
    dialog.choose_button.click()
    assert dialog.target_edit.text() == str(tmp_path / "moved") and dialog.move_button.isEnabled()
    seen: list[int] = []
    dialog.progress.valueChanged.connect(seen.append)
    dialog.delete_check.setChecked(True)
    dialog.move_button.click()
    assert dialog.moving and dialog.close_button.text() == "Cancel" and not dialog.choose_button.isEnabled()
    _finish_box(qtbot, dialog, "Restart Now")
    assert restarted == [True] and not dialog.isVisible()
    assert seen and seen[-1] == 1000
    assert paths.data_dir() == tmp_path / "moved"
    assert dialog.result_ is not None and dialog.result_.removal_pending and old.exists()
    with TakeLibrary(paths.data_dir()) as library:
        assert sorted(t.id for t in library.list()) == sorted(ids)


def test_later_keeps_the_studio_running(qtbot: Any, tmp_path: Path) -> None:
    _library(paths.data_dir(), takes=1)
    restarted: list[bool] = []
    dialog = _dialog(qtbot, restart=lambda: restarted.append(True))
    dialog.target_edit.setText(str(tmp_path / "later"))
    dialog.move_button.click()
    _finish_box(qtbot, dialog, "Later")
    assert restarted == [] and paths.data_dir() == tmp_path / "later"
    assert dialog.result_ is not None and not dialog.result_.removal_pending  # not asked to delete


def test_a_folder_with_files_gets_a_folder_of_ours_inside(qtbot: Any, tmp_path: Path) -> None:
    (tmp_path / "disk").mkdir()
    (tmp_path / "disk" / "photos").mkdir()
    dialog = _dialog(qtbot)
    dialog.ask_folder = lambda: str(tmp_path / "disk")  # type: ignore[method-assign]
    dialog.choose()
    assert dialog.target_edit.text() == str(tmp_path / "disk" / module.SUBFOLDER)
    dialog.ask_folder = lambda: ""  # type: ignore[method-assign]
    dialog.choose()  # cancelled: nothing changes
    assert dialog.target_edit.text() == str(tmp_path / "disk" / module.SUBFOLDER)


def test_a_failed_move_says_why_and_keeps_the_old_folder(qtbot: Any, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    old = paths.data_dir()
    _library(old)

    def full(*args: Any, **kw: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(relocate, "_copy_file", full)
    dialog = _dialog(qtbot)
    dialog.target_edit.setText(str(tmp_path / "new"))
    dialog.move_button.click()
    qtbot.waitUntil(lambda: not dialog.moving, timeout=10_000)
    text = dialog.status.text()
    assert "is full" in text and "keeps using" in text and str(old) in text
    assert dialog.move_button.isEnabled() and not dialog.progress.isVisible() and dialog.restart_box is None
    assert paths.data_dir() == old and not (tmp_path / "new").exists()


def test_refused_while_the_studio_is_busy(qtbot: Any, tmp_path: Path) -> None:
    calls: list[object] = []
    dialog = _dialog(qtbot, busy=lambda: "A take is being made.", mover=lambda *a, **k: calls.append(a))
    dialog.target_edit.setText(str(tmp_path / "new"))
    dialog.move_button.click()
    assert dialog.status.text() == "A take is being made." and calls == [] and not dialog.moving


def test_a_relative_path_is_refused(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    dialog.target_edit.setText("relative/folder")
    dialog.move_button.click()
    assert "full path" in dialog.status.text() and not dialog.moving


def test_cancel_stops_the_copy_and_the_dialog_stays(qtbot: Any, tmp_path: Path) -> None:
    release = threading.Event()
    started = threading.Event()

    def slow_mover(target: Path, *, cancel: threading.Event, progress: Any, **kw: Any) -> Any:
        started.set()
        while not cancel.is_set() and not release.wait(0.01):
            pass
        raise relocate.RelocationError("The move was cancelled. Nothing was changed: the studio keeps "
                                       "using /old.")

    dialog = _dialog(qtbot, mover=slow_mover)
    dialog.target_edit.setText(str(tmp_path / "new"))
    dialog.move_button.click()
    assert started.wait(5)
    dialog.reject()  # the Cancel button, Esc
    assert dialog.isVisible() and dialog.status.text() == "Cancelling…"
    qtbot.waitUntil(lambda: not dialog.moving, timeout=5000)
    assert "cancelled" in dialog.status.text() and dialog.isVisible()
    dialog.reject()
    assert not dialog.isVisible()


def test_restart_starts_the_same_command(monkeypatch: pytest.MonkeyPatch) -> None:
    program, arguments = module.restart_command()
    assert program == sys.executable and arguments == list(sys.orig_argv[1:])
    started: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(QProcess, "startDetached", staticmethod(
        lambda program, args, cwd: started.append((program, list(args))) or (True, 42)))
    assert module.start_again() and started == [(sys.executable, list(sys.orig_argv[1:]))]


def test_the_window_menu_opens_it_and_knows_when_it_is_busy(qtbot: Any, studio_home: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(SettingsStore(studio_home / "config" / "settings.json"),
                        registry_factory=lambda: registry(), devices_probe=lambda: ([], "none"),
                        player_factory=lambda index: FakePlayer(index))
    qtbot.addWidget(window)
    window.show()
    assert window.data_folder_action.text() == "Data Folder…"
    qtbot.waitUntil(lambda: window.data_folder_busy() is None, timeout=10_000)
    window.data_folder_action.trigger()
    dialog = window.data_folder_dialog
    assert isinstance(dialog, DataFolderDialog) and dialog.isVisible()
    assert window.open_data_folder_dialog() is dialog  # one at a time
    monkeypatch.setattr(type(window.speak), "generating", property(lambda self: True))
    assert "take is being made" in (window.data_folder_busy() or "")
    dialog.reject()
    closed: list[bool] = []
    quits: list[bool] = []
    monkeypatch.setattr(module, "start_again", lambda: closed.append(window.isVisible()) or True)
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(True)))
    window.restart_studio()
    assert closed == [False] and quits == [True]  # closed (and saved) before the new one starts


def test_the_window_says_when_the_moved_folder_is_missing(qtbot: Any, studio_home: Path,
                                                          tmp_path: Path) -> None:
    paths.config_dir().joinpath(paths.POINTER_FILE).write_text(
        '{"format": 1, "data_dir": "%s"}' % (tmp_path / "gone"), encoding="utf-8")
    window = MainWindow(SettingsStore(studio_home / "config" / "settings.json"),
                        registry_factory=lambda: registry(), devices_probe=lambda: ([], "none"),
                        player_factory=lambda index: FakePlayer(index))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: getattr(window, "data_location_box", None) is not None, timeout=5000)
    box: QMessageBox = window.data_location_box
    assert "cannot be found" in box.text() and str(tmp_path / "gone") in box.text()
    box.close()


def test_an_old_folder_left_by_a_move_is_removed_after_the_restart(qtbot: Any, studio_home: Path,
                                                                   tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    old = paths.data_dir()
    _library(old)
    relocate.move_data_folder(tmp_path / "new", remove_old=True, defer_removal=True)
    monkeypatch.setattr("studio.ui.shell.menus.REMOVE_OLD_AFTER_MS", 10)
    window = MainWindow(SettingsStore(studio_home / "config" / "settings.json"),
                        registry_factory=lambda: registry(), devices_probe=lambda: ([], "none"),
                        player_factory=lambda index: FakePlayer(index))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not old.exists(), timeout=10_000)
    assert paths.data_dir() == tmp_path / "new"


def test_a_second_move_waits_for_the_restart(qtbot: Any, studio_home: Path, tmp_path: Path) -> None:
    window = MainWindow(SettingsStore(studio_home / "config" / "settings.json"),
                        registry_factory=lambda: registry(), devices_probe=lambda: ([], "none"),
                        player_factory=lambda index: FakePlayer(index))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.data_folder_busy() is None, timeout=10_000)
    dialog = window.open_data_folder_dialog()
    dialog.target_edit.setText(str(tmp_path / "moved"))
    dialog.move_button.click()
    _finish_box(qtbot, dialog, "Later")
    again = window.open_data_folder_dialog()
    assert again is not dialog and again.current_label.text() == str(tmp_path / "moved")
    again.target_edit.setText(str(tmp_path / "third"))
    again.move_button.click()
    assert "Restart the studio before moving it again" in again.status.text() and not again.moving


def test_a_moved_folder_can_be_left_and_taken_up_again(qtbot: Any, tmp_path: Path) -> None:
    default = paths.data_dir()
    _library(default, takes=1)
    relocate.move_data_folder(tmp_path / "usb" / "data")
    restarted: list[bool] = []
    dialog = _dialog(qtbot, restart=lambda: restarted.append(True))
    assert dialog.default_button.isEnabled() and str(default) in dialog.default_button.toolTip()
    dialog.default_button.click()
    _finish_box(qtbot, dialog, "Later")
    assert paths.data_dir() == default and dialog.changed and restarted == []

    dialog = _dialog(qtbot, restart=lambda: restarted.append(True))
    assert not dialog.default_button.isEnabled() and dialog.default_button.toolTip()
    dialog.ask_existing_folder = lambda: str(tmp_path / "usb")  # type: ignore[method-assign]
    dialog.existing_button.click()  # not the data folder itself: refused, said
    qtbot.waitUntil(lambda: "is not a data folder the studio moved" in dialog.status.text(), timeout=5000)
    assert paths.data_dir() == default and not dialog.changed
    dialog.ask_existing_folder = lambda: str(tmp_path / "usb" / "data")  # type: ignore[method-assign]
    dialog.existing_button.click()
    _finish_box(qtbot, dialog, "Restart Now")
    assert paths.data_dir() == tmp_path / "usb" / "data" and restarted == [True]


def test_work_on_any_page_holds_the_move(qtbot: Any, studio_home: Path) -> None:
    from studio.ui.common.tasks import Tasks

    window = MainWindow(SettingsStore(studio_home / "config" / "settings.json"),
                        registry_factory=lambda: registry(), devices_probe=lambda: ([], "none"),
                        player_factory=lambda index: FakePlayer(index))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.data_folder_busy() is None, timeout=10_000)
    release = threading.Event()
    work = Tasks(window.stack.widget(window.stack.count() - 1), 1, "saving")
    work.run(lambda: release.wait(10))
    try:
        assert "still saving or preparing" in (window.data_folder_busy() or "")
    finally:
        release.set()
    qtbot.waitUntil(lambda: window.data_folder_busy() is None, timeout=5000)
