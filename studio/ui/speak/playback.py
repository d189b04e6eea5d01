"""Sound for the Speak page: play, pause, seek and stream a take through the `StreamPlayer`, with
every call into the player made off the GUI thread, in order, and the playhead kept on the waveform."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from backends.audio import Audio
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import EventBridge, Tasks
from widgets.notices import Level, NoticeArea
from widgets.waveform_view import WaveformView


class Playback(QObject):
    """The page's player (or none, and why) and where playback paused."""

    changed = Signal()  # playing started or stopped: the buttons follow

    def __init__(self, device: Tasks, waveform: WaveformView, notices: NoticeArea, busy: Callable[[], bool],
                 audio: Callable[[], Audio | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player: Any = None  # studio.devices.playback.StreamPlayer, None when there is no sound
        self.player_reason: str | None = None
        self.paused_at: float | None = None
        self.streaming = False  # the take being made goes to the speakers as it arrives
        # Every call into the player (opening a device stream, feeding, stopping) runs on `device`,
        # one at a time and in order: opening a PortAudio stream can take tens of milliseconds, and
        # the GUI thread never waits on a device. `playing`/`position` are lock-free reads.
        self._device = device
        self._waveform = waveform
        self._notices = notices
        self._busy = busy  # a take is being made
        self._audio = audio  # the audio on show, if any
        self._bridge = EventBridge(0, self)
        self._bridge.event.connect(self._on_player_state)
        self._playhead_timer = QTimer(self)
        self._playhead_timer.setInterval(30)
        self._playhead_timer.timeout.connect(self._tick_playhead)

    @property
    def playing(self) -> bool:
        return self.player is not None and self.player.playing

    def set_player(self, player: Any, reason: str | None) -> None:
        """Use `player` for sound, or none (`reason` says why)."""
        self.stop()
        self.player = player
        self.player_reason = reason
        if player is not None:
            player.on_state = self._bridge.deliver

    def toggle_play(self) -> None:
        """Play/Pause (Ctrl+Space; Space outside text fields)."""
        if self.player is None:
            self._notices.show_notice(self.player_reason or _tr("No audio output device."), Level.INFO,
                                      key="playback")
            return
        if self.player.playing:
            self.paused_at = None if self._busy() else self.player.position
            self._device.run(self.player.stop, lambda _r: self.changed.emit())
            return
        audio = self._audio()
        if self._busy() or audio is None:
            return
        start = self.paused_at or 0.0
        if start >= audio.duration - 0.05:
            start = 0.0
        self.play(audio, start)

    def play(self, audio: Audio, start: float) -> None:
        """Play `audio` from `start` (replacing whatever plays), opened off the GUI thread."""
        player = self.player
        self._device.run(lambda: player.play(audio, start), lambda _r: self._on_player_started(),
                         self._on_player_failed)

    def _on_player_started(self) -> None:
        self._playhead_timer.start()
        self.changed.emit()

    def _on_player_failed(self, exc: BaseException) -> None:
        """PlaybackUnavailable (or a device error): say so; generating and exporting go on."""
        self.streaming = False
        self._notices.show_notice(translate_core(str(exc)), Level.WARNING, key="playback")
        self.changed.emit()

    def seek(self, seconds: float) -> None:
        """Click on the waveform: move the playhead there (and keep playing from there)."""
        audio = self._audio()
        if self._busy() or audio is None:
            return
        self.paused_at = seconds
        self._waveform.set_playhead(seconds)
        if self.player is not None and self.player.playing:
            self.play(audio, seconds)

    def stop(self) -> None:
        if self.player is not None and self.player.playing:
            self._device.run(self.player.stop)
        self.streaming = False

    # --- a take as it is made -------------------------------------------------------------------

    def begin_stream(self, rate: int) -> None:
        """The first chunk of a take arrived: open the player for the stream, if there is one."""
        if self.player is not None:
            player = self.player
            self.streaming = True
            self._device.run(lambda: player.begin(rate), lambda _r: self._on_player_started(),
                             self._on_player_failed)

    def feed(self, samples: np.ndarray) -> None:
        if self.streaming and self.player is not None:
            player = self.player
            self._device.run(lambda: player.feed(samples))

    def end_stream(self) -> None:
        if self.streaming and self.player is not None:
            self._device.run(self.player.end_of_stream)

    # --- reports --------------------------------------------------------------------------------

    def _on_player_state(self, _tag: int, state: object) -> None:
        state = str(state)
        if state.startswith("error:"):
            self._notices.show_notice(state[len("error:"):].strip(), Level.WARNING, key="playback")
        if state == "finished":
            self.paused_at = None
        self.changed.emit()

    def _tick_playhead(self) -> None:
        if self.player is not None and self.player.playing:
            self._waveform.set_playhead(self.player.position)
        else:
            self._playhead_timer.stop()
            if self.paused_at is not None:
                self._waveform.set_playhead(self.paused_at)
            self.changed.emit()

    def shutdown(self) -> None:
        self.stop()
        self._playhead_timer.stop()
