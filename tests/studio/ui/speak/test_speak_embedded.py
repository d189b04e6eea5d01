"""The Speak workspace with the real Embedded engine, the real library, exporter and sound probe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import soundfile as sf
from PySide6.QtCore import Qt

from studio.settings import SettingsStore
from studio.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.slow


def test_embedded_engine_streams_saves_and_exports(qtbot: Any, studio_home: Path, tmp_path: Path) -> None:
    window = MainWindow(SettingsStore(studio_home / "config" / "settings.json"))  # every real default
    qtbot.addWidget(window)
    window.show()
    page = window.speak
    qtbot.waitUntil(lambda: page.backend is not None, timeout=120_000)
    assert window.speak.manifest is not None and window.speak.manifest.id == "embedded"
    assert page.voice_combo.count() > 1
    text = "(高兴1)Hello from the studio. This second sentence arrives later. [Laughter] And a third one."
    page.editor.setPlainText(text)
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    assert page.generating
    # Audio shows up while later sentences are still being made.
    qtbot.waitUntil(lambda: page.waveform.duration > 0, timeout=60_000)
    first = page.waveform.duration
    qtbot.waitUntil(lambda: not page.generating, timeout=120_000)
    assert page.waveform.duration > first > 0
    assert not any("failed" in t for t in page.notices.texts())
    assert any("[Laughter]" in t for t in page.notices.texts())  # reported, not dropped silently
    qtbot.waitUntil(lambda: page.takes.count() == 1, timeout=10_000)
    take = page.takes.current_take()
    assert take.engine_id == "embedded" and take.duration == pytest.approx(page.waveform.duration, abs=0.05)

    target = tmp_path / "hello.flac"
    page.take_view.ask_export_path = lambda suggested: (str(target), "")  # type: ignore[method-assign]
    page.export_current()
    qtbot.waitUntil(lambda: target.exists() and not page._loads.busy, timeout=20_000)
    assert sf.info(str(target)).duration == pytest.approx(take.duration, abs=0.05)
    window.close()
