"""The row under the voice bar: Generate, Stop, Play and Export, and what the take is doing right now
(progress, status, time to first audio, whether there is any sound output)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStyle,
    QToolButton,
    QWidget,
)

from studio.ui.common.i18n import translate as _tr
from widgets.progress_bar import ProgressBar
from widgets.sizes import scaled
from widgets.status_label import StatusLabel


class TransportBar(QWidget):
    """The buttons and status labels; the page says which buttons apply through `show_state`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        transport = QHBoxLayout(self)
        transport.setContentsMargins(0, 0, 0, 0)
        transport.setSpacing(6)
        self.generate_button = QPushButton(_tr("Generate"), self)
        self.generate_button.setObjectName("primary")
        self.generate_button.setToolTip(_tr("Speak the text (Ctrl+Enter)"))
        self.generate_button.setMinimumWidth(scaled(120))
        self.stop_button = QPushButton(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaStop),
                                       _tr("Stop"), self)
        self.stop_button.setToolTip(_tr("Stop generating or playing (Esc)"))
        self.play_button = QPushButton(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay),
                                       _tr("Play"), self)
        self.play_button.setToolTip(_tr("Play or pause the take (Ctrl+Space, or Space outside the editor)"))
        self.export_button = QToolButton(self)
        self.export_button.setText(_tr("Export…"))
        self.export_button.setToolTip(_tr("Export the selected take as WAV, FLAC, OGG or MP3"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        export_menu = QMenu(self.export_button)
        self.sidecar_action = export_menu.addAction(_tr("Also write a metadata sidecar (.json)"))
        self.sidecar_action.setCheckable(True)
        self.export_button.setMenu(export_menu)
        for w in (self.generate_button, self.stop_button, self.play_button):
            transport.addWidget(w)
        transport.addWidget(self.export_button)
        transport.addSpacing(10)
        self.progress = ProgressBar(self)  # paints in the event loop, never inside a take's events
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(6)
        self.progress.setMaximumWidth(scaled(160))
        self.progress.hide()
        transport.addWidget(self.progress)
        self.job_status = StatusLabel("", self, least_width=scaled(150))  # the time label gives way first
        self.job_status.setProperty("role", "muted")
        transport.addWidget(self.job_status, 1)
        self.time_label = StatusLabel("", self)
        self.time_label.setProperty("role", "muted")
        transport.addWidget(self.time_label)
        self.audio_state = QLabel(self)
        self.audio_state.setObjectName("audioState")
        self.audio_state.setProperty("role", "badge")
        self.audio_state.hide()
        transport.addWidget(self.audio_state)

    def show_state(self, *, busy: bool, ready: bool, engine_message: str, has_player: bool,
                   player_reason: str | None, playing: bool, has_audio: bool, can_export: bool) -> None:
        """Enable, label and explain the buttons for the page's state."""
        self.generate_button.setEnabled(ready and not busy)
        if not ready:
            self.generate_button.setToolTip(engine_message)
            self.generate_button.setText(_tr("Loading engine…") if "load" in engine_message.lower()
                                         else _tr("Generate"))
        else:
            self.generate_button.setToolTip(_tr("Speak the text (Ctrl+Enter)"))
            self.generate_button.setText(_tr("Generate"))
        self.stop_button.setEnabled(busy or playing)
        self.play_button.setEnabled(has_player and (has_audio or playing))
        if not has_player:
            self.play_button.setToolTip(player_reason or _tr("No audio output device."))
        else:
            self.play_button.setToolTip(
                _tr("Play or pause the take (Ctrl+Space, or Space outside the editor)"))
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText(_tr("Pause") if playing else _tr("Play"))
        self.export_button.setEnabled(can_export)

    def show_sound(self, has_player: bool, reason: str | None) -> None:
        """The badge that says there is no sound output (hidden while there is a player)."""
        if has_player:
            self.audio_state.hide()
            return
        self.audio_state.setText(_tr("No sound output"))
        self.audio_state.setToolTip(reason or _tr("No audio output device."))
        self.audio_state.show()
