"""Where EditX's language model runs: on this computer, or on a vLLM server (packaging/step-audio-editx).

With a server, this computer keeps only the audio tokenizer and the 24 kHz decoder (about 2.5 GB),
and the model's 7 GB of weights need not be downloaded here. The address is checked for shape here;
whether the server answers and serves the model is checked when the engine loads, in one sentence.
"""

from __future__ import annotations

from urllib.parse import urlparse

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.common.i18n import translate as _tr

SERVED_MODEL = "step-audio-editx"


def url_problem(url: str) -> str:
    """Why `url` cannot be a server's address (one sentence), or "" when it can."""
    parts = urlparse(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return _tr("The server's address must start with http:// or https:// and name a host, as in "
                   "http://gpu-host:8000.")
    return ""


class LlmServerBox(QGroupBox):
    """The choice, and the server's address, served model name and key."""

    changed = Signal()

    def __init__(self, url: str = "", model: str = "", key: str = "", parent: QWidget | None = None) -> None:
        super().__init__(_tr("Language model"), parent)
        layout = QVBoxLayout(self)
        self.here = QRadioButton(_tr("On this computer"), self)
        self.server = QRadioButton(_tr("On a vLLM server (its weights are not downloaded here)"), self)
        group = QButtonGroup(self)
        group.addButton(self.here)
        group.addButton(self.server)
        layout.addWidget(self.here)
        layout.addWidget(self.server)
        form = QFormLayout()
        self.url_edit = QLineEdit(url, self)
        self.url_edit.setPlaceholderText("http://gpu-host:8000")
        self.model_edit = QLineEdit(model, self)
        self.model_edit.setPlaceholderText(SERVED_MODEL)
        self.key_edit = QLineEdit(key, self)
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(_tr("none"))
        form.addRow(_tr("Address"), self.url_edit)
        form.addRow(_tr("Served model name"), self.model_edit)
        form.addRow(_tr("API key"), self.key_edit)
        layout.addLayout(form)
        self.problem = QLabel("", self)
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        layout.addWidget(self.problem)
        note = QLabel(_tr("The server runs only the language model; the audio tokenizer and the decoder run "
                          "here. The key is kept in the settings file as typed."), self)
        note.setWordWrap(True)
        layout.addWidget(note)
        (self.server if url else self.here).setChecked(True)
        self.server.toggled.connect(self._sync)
        for edit in (self.url_edit, self.model_edit, self.key_edit):
            edit.editingFinished.connect(self._sync)
        self._sync()

    def _sync(self, *_: object) -> None:
        on = self.server.isChecked()
        for edit in (self.url_edit, self.model_edit, self.key_edit):
            edit.setEnabled(on)
        why = self.why_not()
        self.problem.setText(why)
        self.problem.setVisible(bool(why))
        self.changed.emit()

    def why_not(self) -> str:
        """Why the server choice cannot be saved, or ""."""
        return url_problem(self.url_edit.text()) if self.server.isChecked() else ""

    def values(self) -> tuple[str, str, str]:
        """(address, served model name, key); all "" when the model runs here."""
        if not self.server.isChecked():
            return "", "", ""
        return self.url_edit.text().strip(), self.model_edit.text().strip(), self.key_edit.text().strip()
