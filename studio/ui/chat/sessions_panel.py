"""The saved conversations beside the transcript: the list (newest first, the live one marked), and
exporting, renaming and deleting them off the GUI thread, in order, on the page's session queue."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import Tasks
from widgets.notices import Level, NoticeArea


class SessionsPanel(QWidget):
    """The list and its four actions; `store` is the ChatSessionStore once open.

    `live()` names the session a running conversation records into (None while none runs): it is
    marked in the list and cannot be deleted.
    """

    statusMessage = Signal(str)
    changed = Signal()  # the list or the store changed: the page updates its buttons
    deleting = Signal(str)  # a session is about to be deleted: the page stops showing it
    editRequested = Signal(object, str, dict)  # the conversation as heard (Audio), title, origin

    def __init__(self, io: Tasks, notices: NoticeArea, live: Callable[[], str | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._io = io
        self.notices = notices
        self._live = live
        self.store: Any = None  # ChatSessionStore once open
        self.exported: list[Path] = []
        rv = QVBoxLayout(self)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.setSpacing(6)
        sheading = QLabel(_tr("Saved conversations"), self)
        sheading.setProperty("role", "heading")
        rv.addWidget(sheading)
        self.session_list = QListWidget(self)
        self.session_list.setObjectName("sessionList")
        self.session_list.setAccessibleName(_tr("Saved conversations"))
        self.session_list.setSpacing(4)
        self.session_list.setAlternatingRowColors(True)
        rv.addWidget(self.session_list, 1)
        buttons = QHBoxLayout()
        self.replay_button = QPushButton(_tr("Replay"), self)
        self.export_button = QPushButton(_tr("Export…"), self)
        self.rename_button = QPushButton(_tr("Rename…"), self)
        self.delete_button = QPushButton(_tr("Delete"), self)
        self.edit_button = QPushButton(_tr("Edit…"), self)
        for b in (self.replay_button, self.export_button, self.edit_button):
            buttons.addWidget(b)
        rv.addLayout(buttons)
        more = QHBoxLayout()  # two rows: five buttons do not fit the side panel's width in one
        for b in (self.rename_button, self.delete_button):
            more.addWidget(b)
        rv.addLayout(more)
        self.hint = QLabel(self)  # why the four buttons are off, while they are
        self.hint.setObjectName("sessionsHint")
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "muted")
        rv.addWidget(self.hint)
        self.update_buttons()
        self.export_button.clicked.connect(self.export_selected)
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.edit_button.clicked.connect(self.edit_selected)

    def open(self, store: Any) -> None:
        self.store = store
        for problem in getattr(store, "problems", [])[:3]:
            self.notices.show_notice(problem.message, Level.WARNING, key=f"sessions-{problem.message[:20]}")
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        store = self.store
        if store is None:
            return
        wanted = select or self.selected_session()
        self._io.run(store.list, lambda sessions: self._fill(sessions, wanted))

    def _fill(self, sessions: list[Any], select: str | None) -> None:
        live_id = self._live()
        self.session_list.blockSignals(True)
        self.session_list.clear()
        for session in sessions:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(session.updated))
            live = _tr(" · live") if session.id == live_id else ""
            item = QListWidgetItem(f"{session.display_title}\n{when} · " +
                                   _tr("{0} turns").format(session.turn_count) + live)
            item.setData(Qt.ItemDataRole.UserRole, session.id)
            facts = (session.persona_name, session.voice_id, session.model)
            item.setToolTip(" · ".join(x for x in facts if x))
            self.session_list.addItem(item)
            if session.id == select:
                self.session_list.setCurrentItem(item)
        self.session_list.blockSignals(False)
        self.changed.emit()

    def update_buttons(self) -> None:
        """The four actions work on the selected conversation: without one they are off, and the
        tooltip and the line under them say what to do. The live one cannot be deleted."""
        selected = self.selected_session() if self.store is not None else None
        if self.store is None:
            why = _tr("Saved conversations are being opened.")
        elif self.session_list.count() == 0:
            why = _tr("No saved conversations yet: each conversation is saved here as you talk.")
        elif selected is None:
            why = _tr("Choose a conversation in the list to replay, export, rename or delete it.")
        else:
            why = ""
        tips = {self.replay_button: _tr("Play the whole conversation as it was heard"),
                self.export_button: _tr("Save the transcript and audio as Markdown, JSON or a zip"),
                self.rename_button: _tr("Give the conversation a title"),
                self.delete_button: _tr("Delete the conversation with its audio"),
                self.edit_button: _tr("Open the conversation as heard in the Edit workspace (the saved "
                                      "conversation is kept)")}
        for button, tip in tips.items():
            button.setEnabled(not why)
            button.setToolTip(why or tip)
        if not why and selected == self._live():
            self.delete_button.setEnabled(False)
            self.delete_button.setToolTip(_tr("Stop the conversation before deleting it."))
        self.hint.setText(why)
        self.hint.setVisible(bool(why))

    def edit_selected(self) -> None:
        """The conversation's mixdown, made off the GUI thread, handed to the Edit page."""
        store, session_id = self.store, self.selected_session()
        if store is None or session_id is None:
            return
        title = self.session_list.currentItem().text().split("\n")[0]

        def done(audio: Any) -> None:
            if audio is None:
                self.notices.show_notice(_tr("This conversation has no audio to edit."), Level.INFO,
                                         key="sessions-edit")
            else:
                self.editRequested.emit(audio, title, {"kind": "chat", "session_id": session_id})

        self._io.run(lambda: store.mixdown(session_id), done,
                     lambda exc: self.notices.show_notice(translate_core(str(exc)), Level.WARNING,
                                                          key="sessions-edit"))

    def selected_session(self) -> str | None:
        item = self.session_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def ask_export_path(self, suggested: str) -> str:
        path, _filter = QFileDialog.getSaveFileName(
            self, _tr("Export Conversation"), suggested,
            _tr("Markdown transcript + FLAC audio (*.md);;JSON transcript + FLAC audio (*.json);;"
                "Everything in a zip (*.zip)"))
        return path

    def export_selected(self) -> None:
        session_id, store = self.selected_session(), self.store
        if session_id is None or store is None:
            return
        item = self.session_list.currentItem()
        title = item.text().split("\n")[0] if item is not None else "conversation"
        from studio.ui.common.labels import safe_filename

        path = self.ask_export_path(str(Path.home() / f"{safe_filename(title)}.md"))
        if not path:
            return
        if Path(path).suffix.lower() not in (".md", ".json", ".zip"):
            path += ".md"

        def done(files: list[Path]) -> None:
            self.statusMessage.emit(_tr("Exported {0}").format(", ".join(p.name for p in files)))
            self.exported = files

        self._io.run(lambda: store.export(session_id, path), done,
                     lambda exc: self.notices.show_notice(_tr("Export failed: {0}").format(exc), Level.ERROR,
                                                          key="export"))

    def rename_selected(self, title: str | None = None) -> None:
        session_id, store = self.selected_session(), self.store
        if session_id is None or store is None:
            return
        if title is None:
            item = self.session_list.currentItem()
            current = item.text().split("\n")[0] if item is not None else ""
            title, ok = QInputDialog.getText(self, _tr("Rename Conversation"), _tr("Title"), text=current)
            if not ok:
                return
        if not title.strip():
            return
        self._io.run(lambda: store.rename(session_id, title), lambda _s: self.refresh(session_id),
                     lambda exc: self.notices.show_notice(str(exc), Level.ERROR, key="sessions"))

    def confirm_delete(self, title: str) -> bool:
        answer = QMessageBox.question(self, _tr("Delete Conversation"),
                                      _tr("Delete “{0}” with its audio? This cannot be undone.")
                                      .format(title))
        return answer == QMessageBox.StandardButton.Yes

    def delete_selected(self) -> None:
        session_id, store = self.selected_session(), self.store
        if session_id is None or store is None:
            return
        if session_id == self._live():
            self.statusMessage.emit(_tr("Stop the conversation before deleting it."))
            return
        item = self.session_list.currentItem()
        if not self.confirm_delete(item.text().split("\n")[0] if item is not None else ""):
            return
        self.deleting.emit(session_id)
        self._io.run(lambda: store.delete(session_id), lambda _r: self.refresh(),
                     lambda exc: self.notices.show_notice(str(exc), Level.ERROR, key="sessions"))
