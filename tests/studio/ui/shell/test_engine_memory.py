"""Engine ▸ Memory…: the Embedded engine's voice families, their cost, unloading one, and the idle
setting that the window applies every minute (Piper stays)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ui_fakes import FakePlayer

from backends.embedded import EmbeddedBackend
from backends.registry import BUILT_IN, EngineEntry, Registry
from studio.settings import SettingsStore
from studio.ui.shell.engine_memory import MemoryDialog
from studio.ui.shell.main_window import MainWindow


def _window(qtbot: Any, home: Path) -> MainWindow:
    window = MainWindow(SettingsStore(home / "config" / "settings.json"),
                        registry_factory=lambda: Registry([EngineEntry(
                            "embedded", BUILT_IN, lambda: EmbeddedBackend(preload_kokoro=False), None)]),
                        devices_probe=lambda: ([], "none"), player_factory=lambda index: FakePlayer(index))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.speak.backend is not None, timeout=30_000)
    return window


def _cells(dialog: MemoryDialog) -> dict[str, list[str]]:
    table = dialog.table
    return {table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, 4)]
            for r in range(table.rowCount())}


def test_the_dialog_lists_the_families_and_unloads_one(qtbot: Any, studio_home: Path) -> None:
    window = _window(qtbot, studio_home)
    dialog = window.open_memory_dialog()
    qtbot.addWidget(dialog, before_close_func=lambda d: d._tasks.wait(10_000))
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=10_000)
    cells = _cells(dialog)
    assert cells["Piper"][0] == "Loaded" and cells["Piper"][1].startswith("about ")
    assert cells["Kokoro"] == ["Not loaded", "", ""]
    espeak_row = next(r for r in range(3) if dialog.table.item(r, 0).text() == "espeak-ng")
    unload = dialog.table.cellWidget(espeak_row, 4)
    assert unload.isEnabled()
    unload.click()
    qtbot.waitUntil(lambda: _cells(dialog)["espeak-ng"][0] == "Not loaded", timeout=10_000)
    kokoro_row = next(r for r in range(3) if dialog.table.item(r, 0).text() == "Kokoro")
    assert not dialog.table.cellWidget(kokoro_row, 4).isEnabled()
    dialog.idle_combo.setCurrentIndex(dialog.idle_combo.findData(30))
    assert window.settings.unload_idle_minutes == 30
    dialog.reject()


def test_the_minute_timer_unloads_idle_voices_but_keeps_piper(qtbot: Any, studio_home: Path) -> None:
    window = _window(qtbot, studio_home)
    assert window.settings.unload_idle_minutes == 10 and window._idle_timer.isActive()
    engine = window.engines.backend("embedded")
    qtbot.waitUntil(lambda: engine.is_loaded, timeout=10_000)
    engine.residency._clock = lambda: time.monotonic() + 3600  # an hour later
    window.unload_idle_voices()
    qtbot.waitUntil(lambda: "Unloaded espeak-ng" in window.statusBar().currentMessage(), timeout=10_000)
    loaded = {s.name: s.loaded for s in engine.residency.states()}
    assert loaded == {"piper": True, "kokoro": False, "espeak": False}
