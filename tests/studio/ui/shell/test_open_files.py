"""`step-studio open FILE…` (what the desktop launcher runs): recordings open in Edit, voice bundles in
Clone once the library is open (previewed and checked like any import), a missing file is one sentence."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from ui_fakes import FakePlayer, registry

from studio.settings import SettingsStore
from studio.ui.shell.main_window import MainWindow

CLIP = Path(__file__).parents[3] / "data" / "zero_shot_en_prompt.wav"


def test_files_from_the_launcher_open_where_they_belong(qtbot: Any, studio_home: Path,
                                                        tmp_path: Path) -> None:
    window = MainWindow(SettingsStore(studio_home / "config" / "settings.json"),
                       registry_factory=lambda: registry(), player_factory=lambda index: FakePlayer(index),
                       devices_probe=lambda: ([], "no sound card here"))
    qtbot.addWidget(window)
    window.show()
    bundle = tmp_path / "evil.stepvoices.zip"
    with zipfile.ZipFile(bundle, "w") as zf:  # refused by the bundle check: the import path really ran
        zf.writestr("../../escape.txt", "x")
    asked: list[Any] = []
    window.clone.voices_page.confirm_import = lambda preview: asked.append(preview) or True  # type: ignore[method-assign]
    window.open_paths([bundle])
    qtbot.waitUntil(lambda: any("evil.stepvoices.zip was not imported" in t
                                for t in window.clone.voices_page.notices.texts()), timeout=20_000)
    assert window.stack.currentWidget() is window.clone and not asked

    window.open_paths([CLIP])
    qtbot.waitUntil(lambda: window.edit.doc.state is not None and not window.edit.doc.busy, timeout=30_000)
    assert window.stack.currentWidget() is window.edit

    window.open_paths([tmp_path / "gone.wav"])
    qtbot.waitUntil(lambda: "gone.wav cannot be opened: there is no such file."
                    in window.statusBar().currentMessage(), timeout=5_000)
