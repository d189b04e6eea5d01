"""The voice picker (studio/ui/speak/voice_bar.py): choosing a voice starts loading it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from ui_fakes import FakeBackend, FakePlayer, registry

from studio.settings import SettingsStore
from studio.ui.shell.main_window import MainWindow

NO_DEVICE = ([], "No audio output device was found.")


class WarmingBackend(FakeBackend):
    """Records what the page asked it to load ahead (the Embedded engine's `warm_voice`)."""

    warmed: ClassVar[list[str]] = []

    def warm_voice(self, voice_id: str, profile: object = None) -> None:
        WarmingBackend.warmed.append(voice_id)


def test_the_chosen_voice_is_warmed_when_shown_and_when_changed(qtbot: Any, studio_home: Path) -> None:
    WarmingBackend.warmed = []
    window = MainWindow(SettingsStore(studio_home / "config" / "settings.json"),
                        registry_factory=lambda: registry(WarmingBackend), devices_probe=lambda: NO_DEVICE,
                        player_factory=lambda index: FakePlayer(index))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.speak.backend is not None and bool(WarmingBackend.warmed), timeout=10_000)
    assert WarmingBackend.warmed[-1] == "alto"  # the engine's first voice, picked when the list filled
    combo = window.speak.voice_bar.voice_combo
    combo.setCurrentIndex(combo.findData("bass"))
    assert WarmingBackend.warmed[-1] == "bass"
