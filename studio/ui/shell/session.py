"""What the window keeps between runs: the settings (restored at start, saved soon after a change
and on closing) and the draft text, so nothing typed is lost."""

from __future__ import annotations

import base64
import contextlib
import logging
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QByteArray, QTimer

from studio import paths
from studio.conversation import model_config as chat_model_config
from studio.library.storage import atomic_write_text
from studio.settings import Settings
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.shell.keymap import SETTINGS_KEY as SHORTCUTS_KEY
from studio.ui.shell.keymap import read_overrides

log = logging.getLogger(__name__)


DRAFT_FILE = "draft.txt"


def draft_path() -> Any:
    return paths.data_dir() / DRAFT_FILE


def read_draft() -> str | None:
    path = draft_path()
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        return None


class Session:
    """Part of MainWindow: restores and saves its preferences and the draft."""

    def _restore_preferences(self) -> None:
        s = self.settings
        self.speak.voice_preferences = dict(s.voices)
        self.speak.set_parameters(s.speed, s.pitch)
        self.speak.set_export_preferences(s.last_export_dir or "", s.last_export_format,
                                          bool(s.extra.get("export_sidecar", False)))
        if s.window_geometry:
            with contextlib.suppress(Exception):
                self.restoreGeometry(QByteArray(base64.b64decode(s.window_geometry)))
        if self.store.message:
            self.speak.notices.show_notice(translate_core(self.store.message), key="settings")
        self.keymap.apply(read_overrides(s.extra.get(SHORTCUTS_KEY)))
        chat_prefs = s.extra.get("chat")
        self.chat.set_preferences(chat_prefs if isinstance(chat_prefs, dict) else {})
        self.chat.set_model_config(chat_model_config.load(s))

    def _on_draft_read(self, text: str | None) -> None:
        if text and not self.speak.editor.toPlainText():
            self.speak.editor.setPlainText(text)

    def current_settings(self) -> Settings:
        s = self.settings
        extra = dict(s.extra)
        extra["export_sidecar"] = self.speak.export_sidecar
        extra["chat"] = dict(self.chat.preferences)
        fmt = self.speak.export_format if self.speak.export_format in ("wav", "flac", "ogg", "mp3") else "wav"
        device = self.device_combo.currentText() if self.device_combo.currentData() is not None else None
        engine_id = self.speak.engine_id or s.engine_id
        return replace(s, engine_id=engine_id, voices=dict(self.speak.voice_preferences),
                       speed=min(max(self.speak.speed_preference, 0.25), 4.0),
                       pitch=min(max(self.speak.pitch_preference, -24.0), 24.0),
                       output_device=device if self.devices else s.output_device,
                       last_export_dir=self.speak.export_dir or None, last_export_format=fmt,
                       window_geometry=base64.b64encode(bytes(self.saveGeometry())).decode("ascii"),
                       extra=extra)

    def _schedule_save(self) -> None:
        if not hasattr(self, "_save_timer"):
            self._save_timer = QTimer(self)
            self._save_timer.setSingleShot(True)
            self._save_timer.setInterval(500)
            self._save_timer.timeout.connect(self.save_settings)
        self._save_timer.start()

    def save_settings(self, wait: bool = False) -> None:
        self.settings = self.current_settings()
        settings, store = self.settings, self.store
        if wait:
            try:
                store.save(settings)
            except Exception as exc:
                log.warning("settings not saved: %s", exc)
            return
        self._writer.run(lambda: store.save(settings), None,
                         lambda exc: self.statusBar().showMessage(
                             _tr("Settings not saved: {0}").format(exc), 8000))

    def _save_draft(self, text: str) -> None:
        self._writer.run(lambda: atomic_write_text(draft_path(), text), None,
                         lambda exc: self.statusBar().showMessage(
                             _tr("Draft not saved: {0}").format(exc), 8000))

    def _on_chat_model(self, config: Any) -> None:
        self.settings = chat_model_config.store(self.settings, config)
        self._schedule_save()
