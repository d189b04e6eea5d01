"""The studio's name, and the Help menu's boxes: what the studio is (version, engine, data folder,
licence) and which keys do what."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from studio import paths
from studio.ui.common.i18n import translate as _tr

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

    def show_shortcuts(self) -> None:
        rows = [
            ("Ctrl+Enter", _tr("Generate")), ("Esc", _tr("Stop generating or playing")),
            ("Ctrl+Space", _tr("Play / pause")), ("Space", _tr("Play / pause (outside text fields)")),
            ("F2", _tr("Rename the selected take")), ("Del", _tr("Delete the selected take")),
            ("Ctrl+D", _tr("Favourite the selected take")), ("Ctrl+E", _tr("Export the selected take")),
            ("Ctrl+1…Ctrl+4", _tr("Go to Speak, Clone, Edit or Chat (also in the View menu)")),
        ]
        table = "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in rows)
        QMessageBox.information(self, _tr("Keyboard Shortcuts"), f"<table>{table}</table>")
