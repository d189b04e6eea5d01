"""Playback for the Edit page: the selection, the whole from the cursor, or an older version at the
same place (A/B), through the window's one player.

Every call into the player runs on the window's device queue (the same one Speak and Clone use),
so opening a stream never blocks the GUI and calls from different pages stay in order. The page's
audio is rendered by the document's worker for a window of at most `PLAY_WINDOW_SECONDS`; the
playhead is the player's position plus where that window starts. The player's state callback
belongs to Speak, so this polls `playing` instead.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from backends.audio import Audio
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import Tasks


class Listen(QObject):
    changed = Signal()  # playing started or stopped
    playhead = Signal(object)  # seconds in the project, or None when stopped
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player: Any = None
        self.reason: str | None = None
        self.device: Tasks | None = None
        self.offset = 0.0
        self.version: int | None = None  # the version playing; None: the current one
        self._timer = QTimer(self)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._tick)

    def set_player(self, player: Any, reason: str | None, device: Tasks | None) -> None:
        self.stop()
        self.player, self.reason, self.device = player, reason, device

    @property
    def playing(self) -> bool:
        return self.player is not None and bool(self.player.playing)

    def play(self, audio: Audio, offset: float, version: int | None = None) -> None:
        if self.player is None or self.device is None:
            self.failed.emit(self.reason or "")
            return
        player = self.player
        self.offset, self.version = offset, version
        self.device.run(lambda: player.play(audio, 0.0), lambda _r: self._started(),
                        lambda exc: self.failed.emit(translate_core(str(exc))))

    def _started(self) -> None:
        self._timer.start()
        self.changed.emit()

    def stop(self) -> None:
        if self.player is not None and self.device is not None and self.player.playing:
            self.device.run(self.player.stop, lambda _r: self.changed.emit())
        self._timer.stop()
        self.playhead.emit(None)

    def _tick(self) -> None:
        if self.playing:
            self.playhead.emit(self.offset + float(self.player.position))
        else:
            self._timer.stop()
            self.playhead.emit(None)
            self.changed.emit()
