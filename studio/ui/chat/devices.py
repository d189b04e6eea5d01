"""The microphone and the speaker in use: listed and opened off the GUI thread on the page's ordered
device queue, the speaker fed through AudioOut; without either, the page says why and carries on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from studio.ui.chat.controls import TRACE_DEVICE, ControlsBar, select
from studio.ui.chat.services import ChatServices
from studio.ui.chat.speaker import AudioOut
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import Tasks
from widgets.notices import Level, NoticeArea


class ChatDevices(QObject):
    """Fills the bar's device lists, opens the chosen speaker at once and the microphone when a
    conversation starts; `running()` says whether one still runs when the microphone opens."""

    statusMessage = Signal(str)
    changed = Signal()  # the microphones were listed: the page updates its buttons

    def __init__(self, services: ChatServices, controls: ControlsBar, notices: NoticeArea, out: AudioOut,
                 device: Tasks, running: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.controls = controls
        self.notices = notices
        self._out = out
        self._device = device
        self._running = running
        self.mic: Any = None
        self.mic_reason: str | None = None
        self.player: Any = None
        self.player_reason: str | None = None
        controls.out_combo.activated.connect(self._on_output_chosen)

    def find(self) -> None:
        """List the microphones and speakers (each on the device queue)."""
        self._device.run(self.services.input_devices, self._on_inputs,
                         lambda exc: self._on_inputs(([], str(exc))))
        self._device.run(self.services.output_devices, self._on_outputs,
                         lambda exc: self._on_outputs(([], str(exc))))

    def _on_inputs(self, result: tuple[list[Any], str | None]) -> None:
        devices, reason = result
        if reason:  # the Clone page's remedy does not apply here
            reason = translate_core(reason.replace(" You can still import a recording from a file.", ""))
        self.mic_reason = self.controls.show_inputs(devices, reason)
        if self.mic_reason is not None:
            self.notices.show_notice(_tr("{0} Type your turns below; replies are still spoken.").format(
                self.mic_reason),
                Level.INFO, key="microphone")
        else:
            select(self.controls.mic_combo, self.controls.preferences.get("microphone"))
        self.changed.emit()

    def _on_outputs(self, result: tuple[list[Any], str | None]) -> None:
        devices, reason = result
        missing = self.controls.show_outputs(devices, translate_core(reason) if reason else reason)
        if missing is not None:
            self.player_reason = missing
            self.notices.show_notice(_tr("No sound output: replies are written and saved, not played. {0}")
                                     .format(self.player_reason), Level.INFO, key="speaker")
            self._use_player(None)
            return
        select(self.controls.out_combo, self.controls.preferences.get("speaker"))
        self._on_output_chosen(self.controls.out_combo.currentIndex(), remember=False)

    def _on_output_chosen(self, row: int, remember: bool = True) -> None:
        index = self.controls.out_combo.itemData(row)
        if index == TRACE_DEVICE:
            return
        if remember:
            self.controls.remember("speaker", self.controls.out_combo.itemText(row))
        self._device.run(lambda: self.services.make_player(index), self._use_player,
                         lambda exc: self._use_player(None, translate_core(str(exc))))

    def _use_player(self, player: Any, reason: str | None = None) -> None:
        self.player = player
        if reason:
            self.player_reason = reason
            self.notices.show_notice(reason, Level.WARNING, key="speaker")
        self._out.set_player(player)

    def open_mic(self, device: Any, frames: Callable[[np.ndarray, int], None],
                 stopped: Callable[[str], None]) -> None:
        self._device.run(lambda: self.services.open_mic(device, frames, stopped), self._on_mic_open,
                         self._on_mic_failed)

    def _on_mic_open(self, mic: Any) -> None:
        if not self._running():
            self._device.run(mic.stop)
            return
        self.mic = mic
        self.notices.dismiss("microphone")
        self.statusMessage.emit(_tr("Listening on {0}").format(getattr(mic, "device_name", "") or
                                                               _tr("the microphone")))

    def _on_mic_failed(self, exc: BaseException) -> None:
        self.mic_reason = translate_core(str(exc))
        self.notices.show_notice(_tr("{0} Type your turns below instead.").format(self.mic_reason),
                                 Level.WARNING, key="microphone")

    def close_mic(self) -> None:
        mic, self.mic = self.mic, None
        if mic is not None:
            self._device.run(mic.stop)
