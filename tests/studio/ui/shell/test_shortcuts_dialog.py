"""Help > Keyboard Shortcuts: every key the window answers to is listed from its real actions, can
be changed, clashes are refused with the clash named, and the change is kept for the next start."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QKeySequence
from ui_fakes import Device, FakePlayer, registry

from studio.settings import SettingsStore
from studio.ui.shell.keymap import Keymap, clash, read_overrides
from studio.ui.shell.main_window import MainWindow

NATIVE = QKeySequence.SequenceFormat.NativeText
PORTABLE = QKeySequence.SequenceFormat.PortableText


def _window(qtbot: Any, home: Path) -> MainWindow:
    window = MainWindow(SettingsStore(home / "config" / "settings.json"), registry_factory=lambda: registry(),
                        devices_probe=lambda: ([Device(1, "Speakers", True)], None),
                        player_factory=lambda index: FakePlayer(index))
    qtbot.addWidget(window)
    return window


def _keys(window: MainWindow, name: str) -> list[str]:
    return [k.toString(PORTABLE) for k in window.keymap.bindings[name].bound()]


def test_every_key_is_found_named_and_free_of_clashes(qtbot: Any, studio_home: Path) -> None:
    window = _window(qtbot, studio_home)
    names = set(window.keymap.bindings)
    assert {"window.export", "window.quit", "window.workspace_speak", "window.workspace_chat",
            "speak.generate", "speak.stop", "speak.play", "takes.play", "takes.rename", "takes.favourite",
            "takes.delete", "edit.undo", "edit.redo", "edit.play", "edit.respeak", "edit.delete"} <= names
    assert window.keymap.clashes() == []  # the keys the studio ships with
    assert _keys(window, "speak.generate") == ["Ctrl+Return", "Ctrl+Enter"]
    assert all(b.label and "&" not in b.label for b in window.keymap.bindings.values())


def test_the_places_that_clash() -> None:
    assert clash("window.export", "edit.delete") and clash("speak.play", "takes.play")
    assert clash("edit.play", "edit.delete") and not clash("speak.play", "edit.play")
    assert not clash("takes.delete", "edit.delete")


@pytest.mark.parametrize(("raw", "expected"), [
    (None, {}), ([1, 2], {}), ({"takes.favourite": "Ctrl+F"}, {}),  # not a list
    ({"nodot": ["Ctrl+F"]}, {}), ({"takes.favourite": ["x" * 500]}, {}),  # not a name; too long
    ({"takes.favourite": [7, "Ctrl+Shift+F"]}, {"takes.favourite": ["Ctrl+Shift+F"]}),
    ({"takes.favourite": []}, {"takes.favourite": []}),  # a key removed on purpose
])
def test_settings_from_disk_are_checked(raw: object, expected: dict[str, list[str]]) -> None:
    got = read_overrides(raw)
    assert {k: [s.toString(QKeySequence.SequenceFormat.PortableText) for s in v] for k, v in got.items()} \
        == expected


def test_change_a_key_refuse_a_clash_and_keep_it_for_the_next_start(qtbot: Any, studio_home: Path) -> None:
    window = _window(qtbot, studio_home)
    window.show()
    dialog = window.show_shortcuts()
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.isEnabled() and not dialog.problem.isVisible()
    assert dialog.table.rowCount() == len(window.keymap.bindings)
    edit = dialog.edits["takes.favourite"]
    assert edit.accessibleName() == "Shortcut for Favourite"
    edit.setKeySequence(QKeySequence("Ctrl+E"))  # File > Export Take's, which works everywhere
    assert not ok.isEnabled() and "Ctrl+E" in dialog.problem.text()
    assert "Favourite" in dialog.problem.text() and "Export Take" in dialog.problem.text()
    assert window.keymap.bindings["window.workspace_chat"].label == "Go to Chat"
    edit.setKeySequence(QKeySequence("Ctrl+Shift+F"))
    assert ok.isEnabled() and not dialog.problem.text()
    dialog.edits["edit.delete"].setKeySequence(QKeySequence("Ctrl+Backspace"))
    ok.click()
    assert _keys(window, "takes.favourite") == ["Ctrl+Shift+F"]
    delete = window.keymap.bindings["edit.delete"].target
    assert delete.toolTip().endswith(f"({QKeySequence('Ctrl+Backspace').toString(NATIVE)})")
    settings = studio_home / "config" / "settings.json"
    qtbot.waitUntil(lambda: settings.exists() and "shortcuts" in json.loads(settings.read_text()),
                    timeout=10_000)
    saved = json.loads(settings.read_text())["shortcuts"]  # a key this version adds beside the others
    assert saved == {"takes.favourite": ["Ctrl+Shift+F"], "edit.delete": ["Ctrl+Backspace"]}  # changes only
    window.close()

    again = _window(qtbot, studio_home)
    assert _keys(again, "takes.favourite") == ["Ctrl+Shift+F"]
    assert _keys(again, "edit.delete") == ["Ctrl+Backspace"]
    dialog = again.show_shortcuts()
    dialog.reset_all_button.click()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert _keys(again, "takes.favourite") == ["Ctrl+D"]
    assert again.keymap.changes(again.keymap.current()) == {}


def test_a_hand_edited_clash_gives_way_to_the_default(qtbot: Any, studio_home: Path) -> None:
    settings = studio_home / "config" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"shortcuts": {"speak.generate": ["Ctrl+E"],
                                                  "takes.delete": ["Ctrl+Shift+Del"]}}))
    window = _window(qtbot, studio_home)
    assert _keys(window, "speak.generate") == ["Ctrl+Return", "Ctrl+Enter"]  # Ctrl+E is Export's
    assert _keys(window, "takes.delete") == ["Ctrl+Shift+Del"] and window.keymap.clashes() == []


def test_reset_to_default_for_one_row(qtbot: Any, studio_home: Path) -> None:
    window = _window(qtbot, studio_home)
    dialog = window.show_shortcuts()
    dialog.edits["speak.generate"].setKeySequence(QKeySequence("Ctrl+G"))
    assert dialog.keys["speak.generate"] == [QKeySequence("Ctrl+G")]
    dialog.table.selectRow(dialog.names.index("speak.generate"))
    dialog.reset_button.click()
    assert dialog.keys["speak.generate"] == list(window.keymap.bindings["speak.generate"].defaults)
    assert dialog.edits["speak.generate"].keySequence() == QKeySequence("Ctrl+Return")


def test_a_keymap_without_changes_applies_the_defaults(qtbot: Any, studio_home: Path) -> None:
    window = _window(qtbot, studio_home)
    keymap = Keymap(window)
    keymap.apply({})
    assert keymap.current() == {name: list(b.defaults) for name, b in keymap.bindings.items()}

