"""The main window around the page: start-up off the GUI thread, theme, language, help, devices."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMessageBox
from ui_fakes import Device, FakePlayer, registry

from studio.settings import SettingsStore
from studio.ui.common.theme import apply_theme
from studio.ui.shell.main_window import MainWindow


def _window(qtbot: Any, home: Path, **kwargs: Any) -> MainWindow:
    defaults: dict[str, Any] = {
        "registry_factory": lambda: registry(),
        "devices_probe": lambda: ([Device(1, "Headphones"), Device(2, "Speakers", True)], None),
        "player_factory": lambda index: FakePlayer(index),
    }
    window = MainWindow(SettingsStore(home / "config" / "settings.json"), **{**defaults, **kwargs})
    qtbot.addWidget(window)
    return window


def test_window_shows_before_slow_start_up_work_finishes(qtbot: Any, studio_home: Path) -> None:
    imported = threading.Event()

    def slow_registry() -> Any:
        imported.wait(30)  # an engine package that takes a while to import: until the test says
        return registry()

    # By order, not by clock: the window is up while the registry is still importing (on the GUI
    # thread that import would have kept the window from showing at all).
    window = _window(qtbot, studio_home, registry_factory=slow_registry)
    try:
        window.show()
        qtbot.waitExposed(window)
        assert not imported.is_set()
        assert not window.speak.generate_button.isEnabled()
        assert window.speak.generate_button.text() == "Loading engine…"
    finally:
        imported.set()
    qtbot.waitUntil(lambda: window.speak.backend is not None, timeout=10_000)
    assert window.speak.generate_button.isEnabled()


def test_output_devices_are_listed_and_the_choice_is_remembered(qtbot: Any, studio_home: Path) -> None:
    window = _window(qtbot, studio_home)
    window.show()
    qtbot.waitUntil(lambda: window.device_combo.isEnabled(), timeout=5000)
    items = [window.device_combo.itemText(i) for i in range(window.device_combo.count())]
    assert items == ["System default (Speakers)", "Headphones", "Speakers"]
    assert window.speak.player is not None and window.speak.player.device is None
    window.device_combo.setCurrentIndex(1)
    window.device_combo.activated.emit(1)
    assert window.speak.player.device == 1
    qtbot.waitUntil(lambda: window.speak.backend is not None, timeout=5000)
    window.close()
    saved = json.loads((studio_home / "config" / "settings.json").read_text("utf-8"))
    assert saved["output_device"] == "Headphones" and saved["engine_id"] == "fake"
    again = _window(qtbot, studio_home)
    again.show()
    qtbot.waitUntil(lambda: again.device_combo.isEnabled(), timeout=5000)
    assert again.device_combo.currentText() == "Headphones"
    assert again.speak.player.device == 1
    again.close()


def test_theme_switch_applies_a_dark_palette(qtbot: Any, studio_home: Path) -> None:
    window = _window(qtbot, studio_home)
    window.show()
    dark = next(a for a in window.theme_group.actions() if a.data() == "dark")
    dark.trigger()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
    window.close()
    saved = json.loads((studio_home / "config" / "settings.json").read_text("utf-8"))
    assert saved["ui_theme"] == "dark"
    apply_theme(app, "light")


def test_text_size_is_kept_and_scales_the_font_at_the_next_start(qtbot: Any, studio_home: Path) -> None:
    from studio.settings import Settings
    from studio.ui.common.theme import apply_text_scale, text_scale

    window = _window(qtbot, studio_home)
    window.show()
    seen: list[str] = []
    _close_modal_soon(seen)
    next(a for a in window.text_size_group.actions() if a.data() == 1.5).trigger()
    assert seen and "next time" in seen[0]
    window.close()
    saved = json.loads((studio_home / "config" / "settings.json").read_text("utf-8"))
    assert saved["ui_text_scale"] == 1.5
    assert text_scale(Settings(extra={"ui_text_scale": 1.5})) == 1.5
    assert text_scale(Settings(extra={"ui_text_scale": 40})) == 1.0  # a damaged value is ignored
    assert text_scale(Settings(extra={"ui_text_scale": "big"})) == 1.0
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    try:
        apply_text_scale(app, 2.0)
        assert app.font().pointSizeF() == font.pointSizeF() * 2
    finally:
        app.setFont(font)


def _close_modal_soon(seen: list[str]) -> None:
    def close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(20, close)

    QTimer.singleShot(20, close)


def test_about_box(qtbot: Any, studio_home: Path) -> None:
    window = _window(qtbot, studio_home)
    window.show()
    seen: list[str] = []
    _close_modal_soon(seen)
    window.show_about()
    assert "Step Audio Studio" in seen[0] and "GPL-3.0-or-later" in seen[0]


def test_workspaces_are_reached_by_keyboard(qtbot: Any, studio_home: Path) -> None:
    from PySide6.QtCore import Qt

    window = _window(qtbot, studio_home)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    pages = {"speak": window.speak, "clone": window.clone, "edit": window.edit, "chat": window.chat}
    for number, key in ((2, "clone"), (3, "edit"), (4, "chat"), (1, "speak")):
        target = QApplication.focusWidget() or window
        qtbot.keyClick(target, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentWidget() is pages[key]
        assert window.workspace_buttons[key].isChecked() and window.workspace_actions[key].isChecked()
    # the switcher's buttons ask for strong focus (a tool button's default is Tab only, which the
    # tool bar here reported as none) and keep their names; in this test's window Qt reports the
    # policy without its Tab bit, so the click-and-strong bits are what can be checked here
    for key, button in window.workspace_buttons.items():
        policy = button.focusPolicy().value
        assert policy & Qt.FocusPolicy.ClickFocus.value and policy & 0x8 and button.accessibleName()
        assert window.workspace_actions[key].text() == button.text()
    window.show_workspace("edit")  # the switcher's own path keeps the menu in step
    assert window.workspace_actions["edit"].isChecked()


def test_language_choice_is_saved_for_the_next_start(qtbot: Any, studio_home: Path) -> None:
    window = _window(qtbot, studio_home)
    window.show()
    seen: list[str] = []
    _close_modal_soon(seen)
    chinese = next(a for a in window.language_group.actions() if a.data() == "zh_CN")
    chinese.trigger()
    window.close()
    saved = json.loads((studio_home / "config" / "settings.json").read_text("utf-8"))
    assert saved["ui_language"] == "zh_CN" and saved["ui_language_chosen"] is True
    assert "next time" in seen[0]
