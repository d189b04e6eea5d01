"""The Speak workspace's tests share one way to open the real window on a test engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ui_fakes import NO_DEVICE, FakeBackend, FakePlayer, MakeWindow, registry

from studio.settings import SettingsStore
from studio.ui.shell.main_window import MainWindow


@pytest.fixture
def make_window(qtbot: Any, studio_home: Path) -> Iterator[MakeWindow]:
    made: list[MainWindow] = []

    def make(backend: type = FakeBackend, devices: tuple[list[Any], str | None] = NO_DEVICE,
             player: FakePlayer | None = None) -> MainWindow:
        window = MainWindow(
            SettingsStore(studio_home / "config" / "settings.json"),
            registry_factory=lambda: registry(backend),
            devices_probe=lambda: devices,
            player_factory=lambda index: player if player is not None else FakePlayer(index),
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.speak.backend is not None, timeout=10_000)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()
