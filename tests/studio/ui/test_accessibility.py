"""Keyboard and screen reader on every workspace: Tab (Ctrl+Tab out of a text editor, as Qt's text
editors keep Tab for text) reaches every control a mouse can use, each has an accessible name, and the
accessibility tree has no unnamed interactive node (what a screen reader would read as "button")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from ui_fakes import FakePlayer, registry

from studio.settings import SettingsStore
from studio.ui.shell.main_window import MainWindow

INTERACTIVE = {QAccessible.Role.PushButton, QAccessible.Role.CheckBox, QAccessible.Role.RadioButton,
               QAccessible.Role.ComboBox, QAccessible.Role.EditableText, QAccessible.Role.Slider,
               QAccessible.Role.SpinBox, QAccessible.Role.PageTab, QAccessible.Role.ButtonMenu,
               QAccessible.Role.ButtonDropDown, QAccessible.Role.Link, QAccessible.Role.List,
               QAccessible.Role.Table, QAccessible.Role.Tree}


@pytest.fixture
def window(qtbot: Any, studio_home: Path) -> MainWindow:
    w = MainWindow(SettingsStore(studio_home / "config" / "settings.json"),
                   registry_factory=lambda: registry(), player_factory=lambda index: FakePlayer(index),
                   devices_probe=lambda: ([], "no sound card"))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: w.speak.backend is not None, timeout=10_000)
    return w


def _name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def _describe(widget: QWidget) -> str:
    return f"{type(widget).__name__} '{widget.objectName()}'"


def _tab_walk(window: MainWindow) -> list[QWidget]:
    """Focus in the order Tab gives it, once around the window."""
    window.workspace_buttons["speak"].setFocus(Qt.FocusReason.TabFocusReason)
    reached: list[QWidget] = []
    for _ in range(400):
        now = QApplication.focusWidget()
        assert now is not None
        if now in reached:
            break
        reached.append(now)
        QTest.keyClick(now, Qt.Key.Key_Tab)
        if QApplication.focusWidget() is now:  # a text editor keeps Tab; Ctrl+Tab leaves it
            QTest.keyClick(now, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        assert QApplication.focusWidget() is not now, f"focus is trapped in {_describe(now)}"
    return reached


def _usable(window: MainWindow) -> list[QWidget]:
    """What a mouse can use now: visible, enabled widgets that take focus by Tab."""
    return [w for w in window.findChildren(QWidget)
            if w.isVisible() and w.isEnabled() and w.focusPolicy().value & Qt.FocusPolicy.TabFocus.value
            and w.focusProxy() is None and w.window() is window]


CLIP = Path(__file__).parents[2] / "data" / "zero_shot_en_prompt.wav"
PAGES = ["speak", "clone", "clone-wizard", "edit", "edit-open", "chat"]


def _show(window: MainWindow, page: str, qtbot: Any) -> None:
    window.show_workspace(page.split("-")[0])
    if page == "clone-wizard":
        window.clone.new_voice()
    if page == "edit-open":
        window.edit.open_file(CLIP)
        qtbot.waitUntil(lambda: window.edit.doc.state is not None and not window.edit.doc.busy,
                        timeout=30_000)
    QApplication.processEvents()


@pytest.mark.parametrize("page", PAGES)
def test_tab_reaches_every_control_and_each_has_a_name(window: MainWindow, page: str, qtbot: Any) -> None:
    _show(window, page, qtbot)
    reached = _tab_walk(window)
    missed = [_describe(w) for w in _usable(window) if w not in reached]
    assert not missed, f"Tab never reaches: {missed}"
    unnamed = [_describe(w) for w in reached if not _name(w)]
    assert not unnamed, f"no accessible name: {unnamed}"


def _unnamed_nodes(window: MainWindow) -> list[str]:
    unnamed: list[str] = []

    def walk(iface: Any, depth: int = 0) -> None:
        if iface is None or not iface.isValid() or depth > 60:
            return
        state = iface.state()
        if state.invisible or state.offscreen:
            return
        if iface.role() in INTERACTIVE and not iface.text(QAccessible.Text.Name).strip():
            obj = iface.object()
            unnamed.append(f"{iface.role().name} {type(obj).__name__} '{obj.objectName() if obj else ''}'")
        for i in range(iface.childCount()):
            walk(iface.child(i), depth + 1)

    walk(QAccessible.queryAccessibleInterface(window))
    return unnamed


@pytest.mark.parametrize("page", PAGES)
def test_the_accessibility_tree_has_no_unnamed_interactive_node(window: MainWindow, page: str,
                                                                qtbot: Any) -> None:
    _show(window, page, qtbot)
    unnamed = _unnamed_nodes(window)
    assert not unnamed, f"unnamed interactive nodes: {unnamed}"


def test_the_checks_can_fail(window: MainWindow) -> None:
    """An icon-only button with no name is caught by both walks."""
    from PySide6.QtWidgets import QToolButton

    nameless = QToolButton(window.speak)
    nameless.setObjectName("nameless")
    nameless.show()
    QApplication.processEvents()
    assert any("'nameless'" in n for n in _unnamed_nodes(window))
    reached = _tab_walk(window)
    assert nameless in reached and not _name(nameless)


def test_the_status_line_is_announced(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the status line says (a finished take, a saved or refused file) is read out, politely."""
    heard: list[tuple[str, Any]] = []

    def spy(event: Any) -> None:
        if event.type() == QAccessible.Event.Announcement:
            heard.append((event.message(), event.politeness()))

    monkeypatch.setattr(QAccessible, "updateAccessibility", spy)
    window.statusBar().showMessage("Saved “Hello” to the history", 6000)
    window.statusBar().clearMessage()
    assert heard == [("Saved “Hello” to the history", QAccessible.AnnouncementPoliteness.Polite)]
