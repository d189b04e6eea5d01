"""No dead buttons: on every page and in the toolbar and menus, in the state a new user first sees
(an engine ready, no chat model, no saved voices or conversations), every control either does
something when used, or is disabled and says why in its tooltip.

"Does something" is observed, not assumed: the test clicks each enabled button and looks for any
change a user could see (a widget shown, hidden, enabled or disabled, a text, a choice, a value, a
status message, a window or dialog opened, a file or message box asked for). Modal boxes are stood in
for, so a click that would ask the user a question is recorded as asking it. Buttons that open a
menu, and an exclusive choice already chosen, are judged by their wiring instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMetaMethod
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QWidget,
)
from pytestqt.exceptions import TimeoutError
from ui_fakes import Device, FakePlayer, registry

from studio.settings import SettingsStore
from studio.ui.shell.main_window import MainWindow


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Modal questions a click asks (file choosers, message boxes, input boxes, exec'd dialogs)."""
    calls: list[str] = []

    def record(name: str, answer: Any) -> Any:
        def stand_in(*_args: Any, **_kwargs: Any) -> Any:
            calls.append(name)
            return answer
        return stand_in

    for name in ("getOpenFileName", "getSaveFileName", "getOpenFileNames"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(record(name, ("", ""))))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(record("getExistingDirectory", "")))
    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(record(name, QMessageBox.StandardButton.No)))
    for name in ("getText", "getItem", "getInt", "getDouble", "getMultiLineText"):
        monkeypatch.setattr(QInputDialog, name, staticmethod(record(name, ("", False))))
    monkeypatch.setattr(QDialog, "exec", lambda self: calls.append("exec") or 0)
    monkeypatch.setattr(QMenu, "exec", lambda self, *a: calls.append("menu") or None)
    return calls


def _observable(window: MainWindow, asked: list[str]) -> tuple[Any, ...]:
    """Everything about the window a user could notice, as one comparable value."""
    app = QApplication.instance()
    tops = sorted(id(w) for w in app.topLevelWidgets() if w.isVisible())  # type: ignore[union-attr]
    seen: list[Any] = []
    for w in [window, *window.findChildren(QWidget)]:
        row: list[Any] = [id(w), w.isVisible(), w.isEnabled()]
        if isinstance(w, QLabel):
            row.append(w.text())
        elif isinstance(w, QAbstractButton):
            row += [w.text(), w.isChecked(), w.isDown()]
        elif isinstance(w, QLineEdit):
            row.append(w.text())
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            row.append(w.toPlainText())
        elif isinstance(w, QComboBox):
            row += [w.currentIndex(), w.count(), w.currentText()]
        elif isinstance(w, QStackedWidget | QTabWidget):
            row.append(w.currentIndex())
        elif isinstance(w, QAbstractSlider | QProgressBar):
            row.append(w.value())
        elif isinstance(w, QListWidget):
            row += [w.count(), w.currentRow()]
        seen.append(tuple(row))
    return tuple(tops), tuple(seen), window.statusBar().currentMessage(), len(asked)


def _settled(window: MainWindow, asked: list[str], qtbot: Any) -> tuple[Any, ...]:
    """The observable state once the last click's after-effects (a closing dialog, a callback from a
    worker) have stopped changing it, so they are not taken for the next button's effect."""
    state = _observable(window, asked)
    for _ in range(20):
        qtbot.wait(100)
        now = _observable(window, asked)
        if now == state:
            return now
        state = now
    return state


def _wired(button: QAbstractButton) -> bool:
    signals = (button.clicked, button.pressed, button.released, button.toggled)
    return any(button.isSignalConnected(QMetaMethod.fromSignal(s)) for s in signals)


def _judge(window: MainWindow, button: QAbstractButton, asked: list[str], qtbot: Any) -> str | None:
    """None when the button is fine; else what is wrong with it."""
    name = " / ".join(x for x in (button.text(), button.accessibleName(), button.objectName(),
                                  button.toolTip()[:40]) if x) or type(button).__name__
    if not button.isEnabled():
        return None if button.toolTip().strip() else f"“{name}” is disabled with no tooltip saying why"
    has_menu = isinstance(button, QToolButton | QAbstractButton) and getattr(button, "menu", lambda: None)()
    exclusive_and_chosen = button.isCheckable() and button.isChecked() and (
        button.autoExclusive() or (button.group() is not None and button.group().exclusive()))
    if has_menu or exclusive_and_chosen:
        return None if (has_menu or _wired(button)) else f"“{name}” is not connected to anything"
    before = _settled(window, asked, qtbot)
    tops_before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    button.click()
    try:
        qtbot.waitUntil(lambda: _observable(window, asked) != before, timeout=1500)
    except TimeoutError:
        return f"“{name}” is enabled but clicking it changes nothing"
    finally:
        for w in QApplication.topLevelWidgets():  # close what the click opened
            if w.isVisible() and id(w) not in tops_before and w is not window:
                w.close()
    return None


def test_every_control_works_or_is_disabled_with_a_tooltip(qtbot: Any, studio_home: Path,
                                                           asked: list[str]) -> None:
    window = MainWindow(SettingsStore(studio_home / "config" / "settings.json"),
                        registry_factory=lambda: registry(),
                        devices_probe=lambda: ([Device(1, "Headphones", True)], None),
                        player_factory=lambda index: FakePlayer(index))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.speak.backend is not None and window.chat.backend is not None,
                    timeout=15000)
    qtbot.waitUntil(lambda: window.chat.sessions is not None, timeout=10000)
    qtbot.wait(200)  # the last start-up callbacks (presets, voice library)

    problems: list[str] = []
    judged: dict[str, int] = {}
    for key in ("speak", "clone", "chat"):
        window.show_workspace(key)
        page = window.stack.currentWidget()
        buttons = [b for b in page.findChildren(QAbstractButton) if b.isVisible()]
        assert buttons, f"no buttons found on {key}"
        for button in buttons:
            window.show_workspace(key)
            if not button.isVisible():
                continue  # an earlier click changed the page (a wizard step, say)
            problem = _judge(window, button, asked, qtbot)
            judged[key] = judged.get(key, 0) + 1
            if problem:
                problems.append(f"{key}: {problem}")
    for button in window.workspace_buttons.values():
        problem = _judge(window, button, asked, qtbot)
        if problem:
            problems.append(f"toolbar: {problem}")
    for action in window.menuBar().findChildren(QAction):
        if action.isSeparator() or action.menu() is not None or not action.text():
            continue
        group = action.actionGroup()
        wired = action.isSignalConnected(QMetaMethod.fromSignal(action.triggered)) or (
            group is not None and group.isSignalConnected(QMetaMethod.fromSignal(group.triggered)))
        if action.isEnabled() and not wired:
            problems.append(f"menu: “{action.text()}” is not connected to anything")
        if not action.isEnabled() and action.toolTip() == action.text().replace("&", ""):
            problems.append(f"menu: “{action.text()}” is disabled with no tooltip saying why")
    assert problems == [], "\n".join(problems)
    assert all(judged.get(k, 0) >= 3 for k in ("speak", "clone", "chat")), judged  # the walk reached them
