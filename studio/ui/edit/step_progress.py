"""The progress of a long step on the Edit page (a transcription, a re-speak, an engine edit): a bar
in thousandths with the step's own words, hidden while nothing runs. One widget, so the Words and
Instruction tabs report the same way."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QWidget

from studio.ui.common.i18n import translate as _tr


class StepProgress(QProgressBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 1000)
        self.setTextVisible(True)
        self.hide()

    def running(self, on: bool) -> None:
        self.setVisible(on)
        self.setValue(0)
        self.setFormat(_tr("Starting…"))

    def report(self, fraction: float, message: str) -> None:
        self.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        self.setFormat(f"{message} — %p%" if message else "%p%")
