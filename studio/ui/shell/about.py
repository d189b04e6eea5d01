"""The studio's name, and the Help menu's boxes: what the studio is (version, engine, data folder,
licence) and which keys do what."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QMessageBox

from studio import paths
from studio.ui.common.i18n import translate as _tr
from studio.ui.shell.keymap import SETTINGS_KEY as SHORTCUTS_KEY

APP_NAME = "Step Audio Studio"


class AboutBoxes:
    """Part of MainWindow: the About and Keyboard Shortcuts boxes."""

    def show_about(self) -> None:
        from studio.ui import __version__

        engines = self.engine_combo.currentText() if self.registry is not None else _tr("not loaded yet")
        QMessageBox.about(self, _tr("About Step Audio Studio"), _tr(
            "<h3>Step Audio Studio {0}</h3>"
            "<p>A desktop voice studio for the Step-Audio family of speech models, with an offline CPU "
            "engine that works on any laptop.</p>"
            "<p>Current engine: {1}<br>Data folder: {2}</p>"
            "<p>Licence: GPL-3.0-or-later. Built with Qt (PySide6) and pyqtgraph.</p>").format(
            __version__, engines, paths.data_dir()))

    def show_shortcuts(self) -> Any:
        """Help > Keyboard Shortcuts…: the keys, changeable (window-modal); returns the dialog."""
        from studio.ui.shell.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.keymap, self._save_shortcuts, self)
        self.shortcuts_dialog = dialog
        dialog.open()
        return dialog

    def _save_shortcuts(self, keys: dict[str, list[Any]]) -> None:
        self.keymap.apply(keys)
        extra = dict(self.settings.extra)
        extra[SHORTCUTS_KEY] = self.keymap.changes(keys)
        self.settings = replace(self.settings, extra=extra)
        self._schedule_save()
