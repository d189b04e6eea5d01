"""The "Data Folder" dialog: where the takes, voices, presets, sessions and edit projects are kept,
and moving them somewhere else (issue 20: the data folder is movable).

The move itself is studio.library.relocate's (check, copy, verify, switch; the old folder stays in
use and intact after any failure): it runs on a worker thread, its progress comes back through an
EventBridge, and Cancel asks it to stop. The window's libraries keep the folder they opened until
the studio restarts, so the dialog ends by asking for a restart, and the old copy, when the user
asked for it to go, is removed at the next start and only if nothing was saved in it meanwhile.

A move is refused while the window is making a take, running a conversation, or working on a voice
(`busy`, from the window): those write to the library while it would be copied. A write the
window does not report is still caught: the copy is verified against the source and refused if
the source changed while it was copied, and the old folder is kept if it changed afterwards.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QProcess, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio import paths
from studio.library import relocate
from studio.library.relocate import MoveResult, RelocationError
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import EventBridge, Tasks
from widgets.sizes import scaled

SUBFOLDER = "step-audio-studio"  # made inside a chosen folder that already holds files
PROGRESS_EVERY_S = 0.1


def restart_command() -> tuple[str, list[str]]:
    """The program and arguments that started this process, to start it again the same way
    (`python -m studio.ui...`, a console script, or a frozen app)."""
    if getattr(sys, "frozen", False):
        return sys.executable, list(sys.argv[1:])
    argv = list(getattr(sys, "orig_argv", None) or [sys.executable, *sys.argv])
    return sys.executable, argv[1:]


def start_again() -> bool:
    """Start a new studio with this one's command line; False when it could not be started."""
    program, arguments = restart_command()
    started = QProcess.startDetached(program, arguments, os.getcwd())
    return bool(started[0] if isinstance(started, tuple) else started)


def _megabytes(n: int) -> str:
    return f"{n / 1e6:,.1f}"


class DataFolderDialog(QDialog):
    """`busy()`: why a move cannot start now (a take, a conversation...), or None. `restart()`:
    closes the studio and starts it again (the window's). `mover`: replaceable for tests."""

    def __init__(self, parent: QWidget | None = None, *, busy: Callable[[], str | None] | None = None,
                 restart: Callable[[], None] | None = None,
                 mover: Callable[..., MoveResult] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Data Folder"))
        self.setMinimumWidth(scaled(560))
        self._busy = busy or (lambda: None)
        self._restart = restart
        self._mover = mover or relocate.move_data_folder
        self._tasks = Tasks(self, 1, "data-folder")
        self._bridge = EventBridge(0, self)
        self._bridge.event.connect(self._on_progress)
        self._cancel: threading.Event | None = None
        self._last_progress = 0.0
        self.result_: MoveResult | None = None
        self.switched_to: Path | None = None  # after Use Existing Folder / Use the Default Folder
        self.restart_box: QMessageBox | None = None
        location = paths.data_location()
        self.current = location.path

        layout = QVBoxLayout(self)
        intro = QLabel(_tr("Your takes, voices, presets, conversations and edit projects are kept in "
                           "this folder. Moving it copies everything to the new folder and checks the "
                           "copy before the studio uses it."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.current_label = QLabel(str(self.current), self)
        self.current_label.setObjectName("currentFolder")
        self.current_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.current_label.setAccessibleName(_tr("Current data folder"))
        layout.addWidget(self.current_label)
        self.size_label = QLabel(_tr("Measuring…"), self)
        layout.addWidget(self.size_label)
        self.problem_label = QLabel(translate_core(location.problem) if location.problem else "", self)
        self.problem_label.setObjectName("problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setVisible(bool(location.problem))
        layout.addWidget(self.problem_label)

        row = QHBoxLayout()
        self.target_edit = QLineEdit(self)
        self.target_edit.setPlaceholderText(_tr("New folder (empty or not yet made)"))
        self.target_edit.setAccessibleName(_tr("New data folder"))
        self.target_edit.textChanged.connect(lambda _t: self._update())
        row.addWidget(self.target_edit, 1)
        self.choose_button = QPushButton(_tr("Choose…"), self)
        self.choose_button.setToolTip(_tr("Choose where the data folder goes"))
        self.choose_button.clicked.connect(self.choose)
        row.addWidget(self.choose_button)
        layout.addLayout(row)
        others = QHBoxLayout()
        self.existing_button = QPushButton(_tr("Use Existing Folder…"), self)
        self.existing_button.setToolTip(_tr("Use a data folder the studio moved before, e.g. on a disk "
                                            "that is now mounted elsewhere or on another computer; "
                                            "nothing is copied"))
        self.existing_button.clicked.connect(self.use_existing)
        others.addWidget(self.existing_button)
        self.default_button = QPushButton(_tr("Use the Default Folder"), self)
        self._moved_away = location.chosen is not None and location.chosen != location.default
        self.default_button.setToolTip(
            _tr("Stop using the moved folder and use {0}; nothing is deleted").format(location.default)
            if self._moved_away else _tr("The default folder is already in use"))
        self.default_button.clicked.connect(self.use_default)
        others.addWidget(self.default_button)
        others.addStretch(1)
        self.delete_check = QCheckBox(_tr("Delete the old folder once the new one is checked"), self)
        self.delete_check.setToolTip(_tr("It is deleted when the studio restarts, and kept if anything "
                                         "was saved in it after the copy."))
        layout.addWidget(self.delete_check)
        layout.addLayout(others)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.move_button = self.buttons.addButton(_tr("Move"), QDialogButtonBox.ButtonRole.ActionRole)
        self.move_button.clicked.connect(self.start)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()
        self._tasks.run(lambda: relocate.folder_size(self.current), self._on_size,
                        lambda exc: self.size_label.setText(_tr("Its size could not be measured.")))

    # --- state ---------------------------------------------------------------------------------

    @property
    def moving(self) -> bool:
        return self._cancel is not None

    @property
    def changed(self) -> bool:
        """Whether the studio uses another data folder from its next start."""
        return self.result_ is not None or self.switched_to is not None

    def _update(self) -> None:
        chosen = bool(self.target_edit.text().strip())
        self.move_button.setEnabled(chosen and not self.moving and not self.changed)
        self.move_button.setToolTip(_tr("Copy the data to the new folder, check it, and use it from the "
                                        "next start") if chosen else _tr("Choose the new folder first"))
        for widget in (self.target_edit, self.choose_button, self.delete_check, self.existing_button):
            widget.setEnabled(not self.moving and not self.changed)
        self.default_button.setEnabled(self._moved_away and not self.moving and not self.changed)
        self.close_button.setText(_tr("Cancel") if self.moving else _tr("Close"))

    def _on_size(self, size: tuple[int, int]) -> None:
        total, files = size
        self.size_label.setText(_tr("{0} MB in {1} files").format(_megabytes(total), files))

    # --- choosing --------------------------------------------------------------------------------

    def ask_folder(self) -> str:
        """The folder the user picks (empty when they cancel); replaced in tests."""
        return QFileDialog.getExistingDirectory(self, _tr("Choose the New Data Folder"),
                                                str(self.current.parent))

    def choose(self) -> None:
        folder = self.ask_folder()
        if not folder:
            return
        path = Path(folder)
        # A folder that already holds files (a disk's top, the home folder) gets our own folder
        # inside it, shown before anything happens; the move itself takes only empty folders.
        try:
            with os.scandir(path) as entries:
                has_files = any(True for _ in entries)
        except OSError:
            has_files = False
        self.target_edit.setText(str(path / SUBFOLDER if has_files else path))

    # --- using a folder that is already there ------------------------------------------------------

    def ask_existing_folder(self) -> str:
        """The data folder the user picks (empty when they cancel); replaced in tests."""
        return QFileDialog.getExistingDirectory(self, _tr("Choose a Data Folder"), str(self.current.parent))

    def use_existing(self) -> None:
        folder = self.ask_existing_folder()
        if folder:
            self._tasks.run(lambda: relocate.use_existing_folder(Path(folder)), self._switched,
                            self._on_failed)

    def use_default(self) -> None:
        self._tasks.run(relocate.use_default_folder, self._switched, self._on_failed)

    def _switched(self, folder: Path) -> None:
        self.switched_to = folder
        self._say(_tr("The studio uses {0} from its next start.").format(folder))
        self._update()
        self._offer_restart(folder, None)

    # --- moving ----------------------------------------------------------------------------------

    def start(self) -> None:
        """Move the data to the chosen folder on a worker thread (refused while the studio works)."""
        text = self.target_edit.text().strip()
        if not text or self.moving:
            return
        reason = self._busy()
        if reason:
            self._say(reason, problem=True)
            return
        target = Path(text).expanduser()
        if not target.is_absolute():
            self._say(_tr("Give the new folder's full path."), problem=True)
            return
        cancel = threading.Event()
        self._cancel = cancel
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self._say(_tr("Checking the new folder…"))
        self._update()
        remove_old = self.delete_check.isChecked()

        def progress(done: int, total: int, name: str) -> None:
            now = time.monotonic()
            if now - self._last_progress >= PROGRESS_EVERY_S or done >= total:
                self._last_progress = now
                self._bridge.deliver((done, total, name))

        def work() -> MoveResult:
            return self._mover(target, remove_old=remove_old, defer_removal=True, progress=progress,
                               cancel=cancel)

        self._tasks.run(work, self._on_moved, self._on_failed)

    def _on_progress(self, _tag: int, value: Any) -> None:
        done, total, name = value
        if not self.moving:
            return
        self.progress.setValue(int(1000 * min(1.0, done / total)) if total else 1000)
        self._say(_tr("Copying {0} of {1} MB: {2}").format(_megabytes(done), _megabytes(total), name)
                  if name else _tr("Checking the copy…"))

    def _on_failed(self, exc: BaseException) -> None:
        self._cancel = None
        self.progress.setVisible(False)
        text = str(exc) if isinstance(exc, RelocationError) else (
            f"The data folder was not moved: {exc or type(exc).__name__}. Nothing was changed: the "
            f"studio keeps using {self.current}.")
        self._say(translate_core(text), problem=True)
        self._update()

    def _on_moved(self, result: MoveResult) -> None:
        self._cancel = None
        self.result_ = result
        self.progress.setValue(1000)
        self._say(_tr("Your data was copied to {0} and checked.").format(result.target))
        self._update()
        self._offer_restart(result.target, _tr("The old folder is deleted when the studio restarts, "
                                               "unless something is saved in it before then.")
                            if result.removal_pending else None)

    def _offer_restart(self, folder: Path, note: str | None) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, _tr("Restart to Use the New Folder"),
                          _tr("The studio uses {0} from its next start. Until it restarts it keeps "
                              "saving in {1}.").format(folder, self.current), parent=self)
        if note:
            box.setInformativeText(note)
        restart = box.addButton(_tr("Restart Now"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.finished.connect(lambda _r: self._after_box(box.clickedButton() is restart))
        self.restart_box = box
        box.open()

    def _after_box(self, restart_now: bool) -> None:
        self.accept()
        if restart_now and self._restart is not None:
            self._restart()

    def _say(self, text: str, problem: bool = False) -> None:
        self.status.setText(text)
        self.status.setObjectName("problem" if problem else "")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    # --- closing ---------------------------------------------------------------------------------

    def reject(self) -> None:
        """Close, or while moving: ask the move to stop (it says so when it has)."""
        if self._cancel is not None:
            self._cancel.set()
            self._say(_tr("Cancelling…"))
            return
        super().reject()

    def done(self, result: int) -> None:
        if self._cancel is not None:  # Esc or the window's close button while copying
            self.reject()
            return
        super().done(result)


def restart_studio(window: QWidget) -> None:
    """Close the studio's window (which saves everything) and start the studio again."""
    window.close()
    if not start_again():
        QMessageBox.warning(None, _tr("Restart"), _tr("The studio could not start again by itself; start "
                                                      "it again to use the new data folder."))
    QApplication.quit()
