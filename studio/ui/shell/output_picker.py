"""The Output picker: the audio devices found, the one chosen (remembered by name), and one player
for it that Speak, Clone and Edit share."""

from __future__ import annotations

from typing import Any

from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core


class OutputPicker:
    """Part of MainWindow: fills the Output picker and hands its player to the pages."""

    def _on_devices(self, result: tuple[list[Any], str | None]) -> None:
        devices, reason = result
        self.devices = list(devices)
        self.device_combo.clear()
        if not devices:
            self.device_combo.addItem(_tr("No audio output device"), None)
            self.device_combo.setEnabled(False)
            why = translate_core(reason) if reason else _tr("No audio output device was found.")
            self.device_combo.setToolTip(why)
            self.speak.set_player(None, _tr("No audio output device — generating and exporting still work."))
            self.clone.set_player(None, why, self.speak._device)
            self.edit.set_player(None, why, self.speak._device)
            return
        self.device_combo.setEnabled(True)
        default = next((d for d in devices if d.is_default), None)
        self.device_combo.addItem(_tr("System default") + (f" ({default.name})" if default else ""), None)
        for d in devices:
            self.device_combo.addItem(d.name, d.index)
        wanted = self.settings.output_device
        row = self.device_combo.findText(wanted) if wanted else 0
        self.device_combo.setCurrentIndex(max(0, row))
        self._use_device(self.device_combo.currentData())

    def _on_device_chosen(self, row: int) -> None:
        self._use_device(self.device_combo.itemData(row))
        self._schedule_save()

    def _use_device(self, index: int | None) -> None:
        try:
            player = self._player_factory(index)
        except Exception as exc:
            self.speak.set_player(None, translate_core(str(exc)))
            self.clone.set_player(None, translate_core(str(exc)), self.speak._device)
            self.edit.set_player(None, translate_core(str(exc)), self.speak._device)
            return
        self.speak.set_player(player, None)
        # One queue for every call into the player, whichever page makes it.
        self.clone.set_player(player, None, self.speak._device)
        self.edit.set_player(player, None, self.speak._device)
