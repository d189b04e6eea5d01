"""The Sampling dialog (studio/ui/sampling_dialog.py) and its use on the Speak page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui_fakes import FakeBackend, FakePlayer, registry

from studio.settings import SettingsStore
from studio.ui.shell.main_window import MainWindow
from studio.ui.speak.sampling_dialog import SamplingDialog

NO_DEVICE = ([], "No audio output device was found.")
DECLARED = {"temperature": {"default": 0.7, "min": 0.0, "max": 2.0, "help": "sampling temperature"},
            "top_k": {"default": 50, "min": 0, "max": 5120, "help": "keep the k likeliest"},
            "streaming": {"default": True, "help": "decode while generating"}}


class SamplingBackend(FakeBackend):
    @staticmethod
    def options() -> dict[str, dict[str, object]]:
        return DECLARED


def test_dialog_is_built_from_the_declaration_and_returns_only_changes(qtbot: Any) -> None:
    dialog = SamplingDialog("Engine", DECLARED, {"top_k": 20}, None)
    qtbot.addWidget(dialog)
    assert dialog.values() == {"top_k": 20} and dialog.seed() is None
    dialog._widgets["temperature"].setValue(0.4)
    dialog._widgets["streaming"].setChecked(False)
    dialog.seed_box.setValue(7)
    assert dialog.values() == {"temperature": 0.4, "top_k": 20, "streaming": False} and dialog.seed() == 7
    dialog.restore_defaults()
    assert dialog.values() == {} and dialog.seed() is None


def _window(qtbot: Any, studio_home: Path, backend: type) -> MainWindow:
    window = MainWindow(SettingsStore(studio_home / "config" / "settings.json"),
                        registry_factory=lambda: registry(backend), devices_probe=lambda: NO_DEVICE,
                        player_factory=lambda index: FakePlayer(index))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.speak.backend is not None, timeout=10_000)
    return window


def test_speak_sends_the_chosen_options_and_seed(qtbot: Any, studio_home: Path) -> None:
    window = _window(qtbot, studio_home, SamplingBackend)
    page = window.speak
    assert page.sampling_button.isVisible()

    def choose(dialog: SamplingDialog) -> bool:
        dialog._widgets["temperature"].setValue(0.3)
        dialog.seed_box.setValue(11)
        return True

    page.voice_bar.run_sampling_dialog = choose  # type: ignore[method-assign]
    page.sampling_button.click()
    page.editor.setPlainText("Hello.")
    page.generate_button.click()
    qtbot.waitUntil(lambda: not page.generating, timeout=10_000)
    request = page.backend.requests[-1]
    assert dict(request.options) == {"temperature": 0.3} and request.seed == 11
    window.close()


def test_engines_without_options_get_no_button(qtbot: Any, studio_home: Path) -> None:
    window = _window(qtbot, studio_home, FakeBackend)
    assert not window.speak.sampling_button.isVisible()
    window.close()
