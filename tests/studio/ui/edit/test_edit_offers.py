"""Edit is offered where recordings live: on a take in Speak, on a voice's reference in Clone, on a
saved conversation in Chat; each opens a new project and leaves the original untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from ui_fakes import Device, FakeBackend, FakePlayer, registry

from backends.audio import Audio
from studio.settings import SettingsStore
from studio.ui.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot: Any, studio_home: Path) -> Any:
    player = FakePlayer(0)
    w = MainWindow(SettingsStore(studio_home / "config" / "settings.json"),
                   registry_factory=lambda: registry(FakeBackend),
                   devices_probe=lambda: ([Device(0, "Speakers", True)], None),
                   player_factory=lambda index: player)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.speak.backend is not None, timeout=10_000)
    qtbot.waitUntil(lambda: w.edit.projects.new_button.isEnabled(), timeout=10_000)
    w.test_player = player
    yield w
    w.close()


def test_edit_on_a_take_opens_it_and_keeps_the_take(qtbot: Any, window: Any) -> None:
    page = window.speak
    page.editor.setPlainText("A take to edit.")
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.generating and page.takes.count() == 1, timeout=10_000)
    take = page.takes.model.take_at(0)
    before = hashlib.sha256(take.audio_path.read_bytes()).hexdigest()
    page.takes.select(take.id)
    page.takes._act_edit.trigger()
    edit = window.edit
    qtbot.waitUntil(lambda: edit.doc.state is not None and not edit.doc.busy, timeout=20_000)
    assert window.stack.currentWidget() is edit
    assert edit.doc.state.duration == pytest.approx(take.duration, abs=1e-3)
    assert edit.doc.state.meta["origin"]["take_id"] == take.id
    edit.timeline.set_selection(0.0, edit.doc.state.duration / 2, emit=True)
    edit.run_operation("delete")
    qtbot.waitUntil(lambda: not edit.doc.busy and edit.doc.state.current == 1, timeout=20_000)
    assert hashlib.sha256(take.audio_path.read_bytes()).hexdigest() == before

    player = window.test_player
    edit.toggle_play()  # plays the selection, or from the cursor, through the window's one player
    qtbot.waitUntil(lambda: any(c[0] == "play" for c in player.calls), timeout=10_000)


def test_edit_on_a_voice_reference_and_on_a_conversation(qtbot: Any, window: Any) -> None:
    tone = Audio((0.2 * np.sin(np.arange(24000) * 2 * np.pi * 220 / 24000)).astype(np.float32), 24000)
    window.clone.editReferenceRequested.emit(tone, "Ana", {"kind": "voice", "voice_id": "v1"})
    edit = window.edit
    qtbot.waitUntil(lambda: edit.doc.state is not None and not edit.doc.busy, timeout=20_000)
    assert edit.doc.state.title == "Ana (reference)"
    assert window.stack.currentWidget() is edit
    window.show_workspace("chat")
    window.chat.editRequested.emit(tone, "Morning chat", {"kind": "chat", "session_id": "s1"})
    qtbot.waitUntil(lambda: edit.doc.state is not None and edit.doc.state.title == "Morning chat",
                    timeout=20_000)
    qtbot.waitUntil(lambda: edit.projects.list.count() == 2, timeout=10_000)
