"""Adding a remote engine from the window: the dialog tests a real server, the picker lists the engine,
a take is made through it; a dead server gives its reason and the window keeps working."""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf
from PySide6.QtCore import Qt
from ui_fakes import FakePlayer, registry

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "backends" / "remote"))
from remote_doubles import RATE, ThreadServer, ToneEngine

from studio.engines.remote import RemoteEngine
from studio.library.takes import TakeLibrary
from studio.paths import data_dir
from studio.settings import SettingsStore
from studio.ui.shell.main_window import ADD_REMOTE, MainWindow
from studio.ui.shell.remote_engine_dialog import RemoteEngineDialog

NO_DEVICE = ([], "No audio output device was found.")


def dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def make_window(qtbot: Any, home: Path) -> MainWindow:
    window = MainWindow(SettingsStore(home / "config" / "settings.json"),
                        registry_factory=lambda: registry(), devices_probe=lambda: NO_DEVICE,
                        player_factory=lambda index: FakePlayer(index))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.speak.backend is not None, timeout=10_000)
    return window


def picker(window: MainWindow) -> dict[str, str]:
    combo = window.engine_combo
    return {combo.itemData(i): combo.itemText(i) for i in range(combo.count()) if combo.itemData(i)}


def open_dialog_from_picker(window: MainWindow) -> RemoteEngineDialog:
    combo = window.engine_combo
    row = combo.findData(ADD_REMOTE)
    assert row > 0 and combo.itemText(row) == "Add remote engine…"
    combo.activated.emit(row)
    dialog = window.remote_dialog
    assert isinstance(dialog, RemoteEngineDialog) and dialog.isVisible()
    assert combo.currentData() == window.speak.engine_id  # the "Add" row is never left selected
    return dialog


def choose(qtbot: Any, window: MainWindow, engine_id: str) -> None:
    row = window.engine_combo.findData(engine_id)
    window.engine_combo.setCurrentIndex(row)
    window.engine_combo.activated.emit(row)


def test_dialog_tests_a_server_adds_its_engine_and_a_take_is_made_through_it(
        qtbot: Any, studio_home: Path) -> None:
    with ThreadServer({"tone": ToneEngine()}, key="k3y") as server:
        window = make_window(qtbot, studio_home)
        dialog = open_dialog_from_picker(window)
        assert dialog.url_edit.text() == "http://127.0.0.1:8765"
        assert "plain text" in dialog.key_edit.toolTip()
        dialog.url_edit.setText(server.url)

        # A wrong key: the reason, nothing to add.
        dialog.key_edit.setText("wrong")
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "fail.svg" in dialog.status.text(), timeout=10_000)
        assert "refused the key" in dialog.status.text()
        assert dialog.engine_list.count() == 0 and not dialog.add_button.isEnabled()

        dialog.key_edit.setText("k3y")
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.engine_list.count() == 1, timeout=10_000)
        assert "offers 1 engine" in dialog.status.text()
        assert dialog.engine_list.item(0).text() == "Tone (tone)"
        assert dialog.name_edit.text() == "Tone @ 127.0.0.1"
        dialog.name_edit.setText("Tone box")
        dialog.name_edit.textEdited.emit("Tone box")
        assert dialog.add_button.isEnabled()
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()

        # The picker lists it; its server is checked in the background.
        assert picker(window)["remote:Tone box"].startswith("Tone box (remote")
        assert window.speak.engine_id == "fake"  # adding does not switch engines
        qtbot.waitUntil(lambda: window._remote_state.get("remote:Tone box", "?") is None, timeout=10_000)
        assert "click to use" in window.engine_combo.itemData(
            window.engine_combo.findData("remote:Tone box"), Qt.ItemDataRole.ToolTipRole)
        qtbot.waitUntil(lambda: (studio_home / "config" / "settings.json").exists(), timeout=5000)
        qtbot.waitUntil(lambda: "remote_engines" in (studio_home / "config" / "settings.json").read_text(),
                        timeout=5000)
        saved = json.loads((studio_home / "config" / "settings.json").read_text("utf-8"))
        assert saved["remote_engines"] == [{"name": "Tone box", "url": server.url, "engine_id": "tone",
                                            "key": "k3y"}]

        # Choosing it loads it in the background like any engine; a take comes from the server's engine.
        choose(qtbot, window, "remote:Tone box")
        qtbot.waitUntil(lambda: window.speak.backend is not None
                        and window.speak.engine_id == "remote:Tone box", timeout=10_000)
        assert "Tone box ready" in window.engine_status.text()
        assert [v.id for v in window.speak.voices] == ["beep", "boop"]
        page = window.speak
        page.editor.setPlainText("Hello remote.")
        qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not page.generating, timeout=10_000)
        qtbot.waitUntil(lambda: page.takes.count() == 1, timeout=10_000)
        take = page.takes.current_take()
        assert take.engine_id == "remote:Tone box" and take.voice_id == "beep"
        window.close()

    library = TakeLibrary(data_dir())
    try:
        (stored,) = library.list()
        assert stored.engine_id == "remote:Tone box"
        audio, rate = sf.read(str(stored.audio_path), dtype="float32")
    finally:
        library.close()
    # ToneEngine: three chunks of 10 ms per character of a 440 Hz tone.
    assert rate == RATE
    assert len(audio) == 3 * int(RATE * 0.01 * len("Hello remote."))
    spectrum = np.abs(np.fft.rfft(audio))
    assert abs(np.argmax(spectrum) * rate / len(audio) - 440) < 20


def test_remote_engines_persist_across_restarts_and_can_be_removed(qtbot: Any, studio_home: Path) -> None:
    with ThreadServer({"tone": ToneEngine()}) as server:
        first = make_window(qtbot, studio_home)
        first.add_remote_engine(RemoteEngine("Kept", server.url, "tone"))
        choose(qtbot, first, "remote:Kept")
        qtbot.waitUntil(lambda: first.speak.backend is not None and first.speak.engine_id == "remote:Kept",
                        timeout=10_000)
        first.close()

        again = make_window(qtbot, studio_home)  # the saved engine is the remote one, and it is back
        assert "remote:Kept" in picker(again)
        qtbot.waitUntil(lambda: again.speak.engine_id == "remote:Kept" and again.speak.backend is not None,
                        timeout=10_000)
        again._fill_remove_menu()
        (remove,) = [a for a in again.remove_remote_menu.actions() if a.text().startswith("Kept")]
        remove.trigger()
        assert "remote:Kept" not in picker(again)
        qtbot.waitUntil(lambda: again.speak.engine_id == "fake" and again.speak.backend is not None,
                        timeout=10_000)
        again.close()
    saved = json.loads((studio_home / "config" / "settings.json").read_text("utf-8"))
    assert saved["remote_engines"] == [] and saved["engine_id"] == "fake"


def test_a_dead_server_gives_its_reason_and_the_window_keeps_working(qtbot: Any, studio_home: Path) -> None:
    window = make_window(qtbot, studio_home)
    url = dead_url()
    dialog = window.open_add_remote_dialog()
    # The test runs off the GUI thread, shown by order rather than by clock: against a server that
    # takes the connection and never answers, the click returns while the dialog is still asking.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        dialog.url_edit.setText(f"http://127.0.0.1:{silent.getsockname()[1]}")
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        assert dialog.status.text().startswith("Asking")
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=20_000)  # closed: it fails
    dialog.url_edit.setText(url)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "fail.svg" in dialog.status.text(), timeout=10_000)
    assert "Cannot reach an engine server" in dialog.status.text()
    assert "step-studio serve" in dialog.status.text()
    assert not dialog.add_button.isEnabled()
    dialog.reject()

    # An engine added earlier whose server is now gone: unavailable with the reason, never stuck.
    window.add_remote_engine(RemoteEngine("Gone", url, "tone"))
    qtbot.waitUntil(lambda: "unavailable" in picker(window)["remote:Gone"], timeout=10_000)
    row = window.engine_combo.findData("remote:Gone")
    assert "Cannot reach" in window.engine_combo.itemData(row, Qt.ItemDataRole.ToolTipRole)
    choose(qtbot, window, "remote:Gone")
    # It says why and goes back to the engine that was in use; the page works as before.
    qtbot.waitUntil(lambda: window.speak.engine_id == "fake" and window.speak.backend is not None,
                    timeout=10_000)
    assert "unavailable" in picker(window)["remote:Gone"]
    assert any(t.startswith("Gone could not be loaded: Cannot reach") for t in window.speak.notices.texts())
    page = window.speak
    page.editor.setPlainText("Still here.")
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.takes.count() == 1, timeout=10_000)
    assert page.takes.current_take().engine_id == "fake"
    window.close()
