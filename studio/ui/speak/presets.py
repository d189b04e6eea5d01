"""Presets on the Speak page: the menu of shipped and saved presets, applying one (switching engine
first when it was made for another), and saving or deleting the user's own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMenu,
    QMessageBox,
    QToolButton,
    QWidget,
)

from backends.base import VoiceInfo
from backends.tags import STATE_FAMILIES
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import Tasks
from studio.ui.speak.voice_bar import LIBRARY_PREFIX, VoiceBar
from studio.voices.presets import EngineSettings, Preset, ShippedPresets, VoiceRef
from widgets.notices import Level, NoticeArea
from widgets.tag_editor import TagEditor


class EngineSwitcher(Protocol):
    """What the page needs from the window to apply a preset made for another engine."""

    def engine_problem(self, engine_id: str) -> str | None:
        """Why `engine_id` cannot be used (missing, unavailable), or None. GUI thread, instant."""

    def engine_voices(self, engine_id: str) -> list[VoiceInfo]:
        """The engine's voices (blocking: called off the GUI thread)."""

    def switch_engine(self, engine_id: str) -> None:
        """Select the engine the way the engine picker does (the page's `set_engine` follows)."""


def preset_engine(preset: Preset, current: str) -> str:
    """The engine a preset wants: its own setting, else its built-in voice's, else `current`."""
    if preset.engine.engine_id:
        return preset.engine.engine_id
    if preset.voice.kind == "built-in" and preset.voice.engine_id:
        return preset.voice.engine_id
    return current


class PresetsButton(QToolButton):
    """The Presets button and its menu, and everything its actions do."""

    statusMessage = Signal(str)

    def __init__(self, voice_bar: VoiceBar, editor: TagEditor, notices: NoticeArea, io: Tasks, loads: Tasks,
                 busy: Callable[[], bool], engine_message: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._voice_bar = voice_bar
        self._editor = editor
        self._notices = notices
        self._io = io
        self._loads = loads
        self._busy = busy  # a take is being made
        self._engine_message = engine_message  # why the engine is not ready
        # The shipped presets, the user's (from the voice library), and how to switch engines.
        self.shipped: list[Preset] = []
        self.user_presets: list[Preset] = []
        self.preset_library: Any = None  # studio.voices.presets.PresetLibrary once the voice library is open
        self.engine_switcher: EngineSwitcher | None = None  # the main window
        self._pending_preset: Preset | None = None  # applied once its engine is loaded
        self._preset_serial = 0

        self.setObjectName("presetsButton")
        self.setText(_tr("Presets"))
        self.setProperty("tagFamily", True)  # the tag menus' look
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setAccessibleName(_tr("Presets"))
        self.setToolTip(_tr("Apply a preset (voice, speed, pitch and tags), or save the "
                            "current settings as one"))
        self.presets_menu = QMenu(self)
        self.presets_menu.setToolTipsVisible(True)
        self.setMenu(self.presets_menu)
        self.fill_menu()

    # --- the menu -------------------------------------------------------------------------------

    def load_shipped_presets(self, loader: Callable[[], ShippedPresets]) -> None:
        """Read the shipped presets off the GUI thread; problems are shown once, as a notice."""
        self._loads.run(loader, self._on_shipped_presets,
                        lambda exc: self._notices.show_notice(
                            _tr("The shipped presets could not be read: {0}").format(exc), Level.WARNING,
                            key="presets-shipped"))

    def _on_shipped_presets(self, shipped: ShippedPresets) -> None:
        self.shipped = list(shipped.presets)
        self.fill_menu()
        if shipped.problems:
            text = _tr("Some shipped presets could not be read and are not offered:")
            text += "".join(f"\n• {p}" for p in shipped.problems[:4])
            self._notices.show_notice(text, Level.WARNING, key="presets-shipped")

    def set_preset_library(self, presets: Any) -> None:
        """Use the voice library's presets (`VoiceLibrary.presets`): list them in the background."""
        if presets is self.preset_library:
            return
        self.preset_library = presets
        self.refresh_presets()

    def refresh_presets(self) -> None:
        library = self.preset_library
        if library is None:
            return
        self._io.run(lambda: library.list(), self._on_user_presets,
                     lambda exc: self._library_error(_tr("Your presets could not be read: {0}"), exc))

    def _on_user_presets(self, presets: list[Preset]) -> None:
        self.user_presets = sorted(presets, key=lambda p: p.name.casefold())
        self.fill_menu()

    def fill_menu(self) -> None:
        menu = self.presets_menu
        menu.clear()
        menu.addSection(_tr("Shipped presets"))
        for preset in self.shipped:
            self._add_preset_action(menu, preset)
        if not self.shipped:
            menu.addAction(_tr("(none)")).setEnabled(False)
        menu.addSection(_tr("Your presets"))
        for preset in self.user_presets:
            self._add_preset_action(menu, preset)
        if not self.user_presets:
            empty = menu.addAction(_tr("No saved presets yet") if self.preset_library is not None
                                   else _tr("Opening your presets…"))
            empty.setEnabled(False)
        menu.addSeparator()
        self.save_preset_action = menu.addAction(_tr("Save current settings as preset…"))
        self.save_preset_action.setEnabled(self.preset_library is not None)
        if self.preset_library is None:
            self.save_preset_action.setToolTip(_tr("Waiting for the voice library to open."))
        self.save_preset_action.triggered.connect(self.save_preset)
        self.delete_menu = menu.addMenu(_tr("Delete preset"))
        self.delete_menu.setToolTipsVisible(True)
        self.delete_menu.setEnabled(bool(self.user_presets))
        for preset in self.user_presets:
            action = self.delete_menu.addAction(preset.name)
            action.setData(preset.id)
            action.triggered.connect(lambda _=False, p=preset: self.delete_preset(p))

    def _add_preset_action(self, menu: QMenu, preset: Preset) -> None:
        action = menu.addAction(translate_core(preset.name))
        action.setData(preset.id)
        action.setToolTip(self._preset_tooltip(preset))
        action.triggered.connect(lambda _=False, p=preset: self.apply_preset(p))

    def _preset_tooltip(self, preset: Preset) -> str:
        if preset.voice.kind == "library":
            voice = next((v.name for v in self._voice_bar.library_voices if v.id == preset.voice.voice_id),
                         preset.voice.voice_id)
            voice = _tr("{0} (your library)").format(voice)
        else:
            voice = preset.voice.voice_id
        bits = [_tr("Voice: {0}").format(voice)]
        engine = preset_engine(preset, "")
        if engine:
            bits.insert(0, _tr("Engine: {0}").format(engine))
        if preset.tags:
            bits.append(_tr("Tags: {0}").format(preset.tags))
        bits.append(_tr("Speed {0}×, pitch {1} st").format(f"{preset.engine.speed:g}",
                                                           f"{preset.engine.pitch:+g}"))
        lines = [translate_core(preset.description)] if preset.description else []
        return "\n".join([*lines, " · ".join(bits)])

    def presets(self) -> list[Preset]:
        """Everything the menu offers: shipped first, then the user's."""
        return [*self.shipped, *self.user_presets]

    def preset_actions(self) -> list[QAction]:
        """The menu's apply actions (tests)."""
        return [a for a in self.presets_menu.actions()
                if not a.isSeparator() and a.data() is not None and a.menu() is None]

    # --- applying -------------------------------------------------------------------------------

    def apply_preset(self, preset: Preset) -> None:
        """Switch engine (when the preset names another), voice, speed, pitch and leading tags, or
        nothing at all: a missing engine or voice is said in a notice."""
        self._preset_serial += 1
        self._pending_preset = None
        if self._busy():
            self._notices.show_notice(_tr("Stop the current take before applying a preset."), Level.INFO,
                                      key="preset")
            return
        current = self._voice_bar.engine_id
        target = preset_engine(preset, current)
        if target == current:
            if self._voice_bar.backend is None:
                self._notices.show_notice(_tr("The preset “{0}” was not applied: the engine is not ready "
                                              "yet ({1}).").format(preset.name, self._engine_message()),
                                          Level.INFO, key="preset")
                return
            self._apply_checked(preset)
            return
        switcher = self.engine_switcher
        problem = (switcher.engine_problem(target) if switcher is not None
                   else _tr("engines are still being found"))
        if problem:
            self._preset_refused(preset, problem)
            return
        assert switcher is not None
        if preset.voice.kind == "library":
            problem = self._library_voice_problem(preset, target)
            if problem:
                self._preset_refused(preset, problem)
                return
            self._switch_for(preset, target)
            return
        serial = self._preset_serial

        def checked(voices: list[VoiceInfo]) -> None:
            if serial != self._preset_serial:
                return  # another preset was chosen meanwhile
            if all(v.id != preset.voice.voice_id for v in voices):
                self._preset_refused(preset, self._builtin_missing(preset, target))
                return
            self._switch_for(preset, target)

        def failed(exc: BaseException) -> None:
            if serial == self._preset_serial:
                self._preset_refused(preset, translate_core(str(exc)))

        self._loads.run(lambda: switcher.engine_voices(target), checked, failed)

    def _switch_for(self, preset: Preset, engine_id: str) -> None:
        assert self.engine_switcher is not None
        if self._busy():
            self._notices.show_notice(_tr("Stop the current take before applying a preset."), Level.INFO,
                                      key="preset")
            return
        self._pending_preset = preset
        self._notices.dismiss("preset")
        self.statusMessage.emit(_tr("Switching engine for the preset “{0}”…").format(preset.name))
        self.engine_switcher.switch_engine(engine_id)

    def engine_ready(self, engine_id: str) -> None:
        """An engine was loaded: apply the preset that waited for it, if it is this one."""
        pending, self._pending_preset = self._pending_preset, None
        if pending is not None and preset_engine(pending, engine_id) == engine_id:
            self._apply_checked(pending)

    def cancel_pending_preset(self) -> None:
        """The engine a preset asked for failed to load: nothing of the preset is applied."""
        if self._pending_preset is not None:
            name = self._pending_preset.name
            self._pending_preset = None
            self._notices.show_notice(_tr("The preset “{0}” was not applied: its engine could not be "
                                          "loaded.").format(name), Level.WARNING, key="preset")

    def _library_voice_problem(self, preset: Preset, engine_id: str) -> str | None:
        from studio.ui.clone.services import profiles_of

        voice = next((v for v in self._voice_bar.library_voices if v.id == preset.voice.voice_id), None)
        if voice is None:
            return _tr("its voice is no longer in your voice library.")
        if engine_id not in profiles_of(voice):
            return _tr("your voice “{0}” has no profile for this engine yet (make one on the Clone "
                       "page).").format(voice.name)
        return None

    def _builtin_missing(self, preset: Preset, engine_id: str) -> str:
        return _tr("the engine “{0}” has no voice “{1}”.").format(engine_id, preset.voice.voice_id)

    def _preset_refused(self, preset: Preset, why: str) -> None:
        self._notices.show_notice(_tr("The preset “{0}” was not applied: {1}").format(preset.name, why),
                                  Level.WARNING, key="preset")

    def _apply_checked(self, preset: Preset) -> None:
        """Apply a preset whose engine is the current one (checking its voice first)."""
        bar = self._voice_bar
        if preset.voice.kind == "library":
            problem = self._library_voice_problem(preset, bar.engine_id)
            data = LIBRARY_PREFIX + preset.voice.voice_id
        else:
            data = preset.voice.voice_id
            problem = None if any(v.id == data for v in bar.voices) else self._builtin_missing(
                preset, bar.manifest.name if bar.manifest else bar.engine_id)
        index = bar.voice_combo.findData(data)
        if problem is None and index < 0:
            problem = _tr("its voice is not offered here.")
        if problem:
            self._preset_refused(preset, problem)
            return
        bar.voice_combo.setCurrentIndex(index)
        bar.set_parameters(preset.engine.speed, preset.engine.pitch)
        self._editor.apply_leading_tags(preset.tags)
        self._notices.dismiss("preset")
        self.statusMessage.emit(_tr("Applied the preset “{0}”").format(preset.name))

    # --- saving and deleting --------------------------------------------------------------------

    def ask_preset_details(self) -> tuple[str, str] | None:
        """Name and description for a new preset (tests replace this); None when cancelled."""
        dialog = QDialog(self)
        dialog.setWindowTitle(_tr("Save preset"))
        form = QFormLayout(dialog)
        name = QLineEdit(dialog)
        name.setMaxLength(120)
        name.setPlaceholderText(_tr("e.g. Calm narrator"))
        description = QLineEdit(dialog)
        description.setPlaceholderText(_tr("Optional: what it is for"))
        form.addRow(_tr("Name"), name)
        form.addRow(_tr("Description"), description)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, dialog)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(False)
        name.textChanged.connect(lambda t: save.setEnabled(bool(t.strip())))
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted or not name.text().strip():
            return None
        return name.text().strip(), description.text().strip()

    def current_preset_parts(self) -> tuple[VoiceRef, str, EngineSettings] | None:
        """What "Save current settings as preset" stores: voice, leading state tags, engine settings."""
        bar = self._voice_bar
        library_voice = bar.current_library_voice()
        voice = bar.current_voice()
        if library_voice is not None:
            ref = VoiceRef.library(library_voice[0].id)
        elif voice is not None and bar.engine_id:
            ref = VoiceRef.built_in(bar.engine_id, voice.id)
        else:
            return None
        tags = "".join(t.canonical for t in self._editor.leading_tags() if t.family in STATE_FAMILIES)
        return ref, tags, EngineSettings(bar.engine_id, bar.speed, bar.pitch)

    def save_preset(self) -> None:
        library = self.preset_library
        if library is None:
            return
        parts = self.current_preset_parts()
        if parts is None:
            self._notices.show_notice(_tr("Choose an engine and a voice before saving a preset."),
                                      Level.INFO, key="preset")
            return
        details = self.ask_preset_details()
        if details is None:
            return
        name, description = details
        voice, tags, engine = parts

        def done(preset: Preset) -> None:
            self.statusMessage.emit(_tr("Saved the preset “{0}”").format(preset.name))
            self.refresh_presets()

        self._io.run(lambda: library.add(name, voice, tags=tags, engine=engine, description=description),
                     done, lambda exc: self._library_error(_tr("The preset could not be saved: {0}"), exc))

    def confirm_delete_preset(self, name: str) -> bool:
        """Ask before deleting a preset (tests replace this)."""
        answer = QMessageBox.question(
            self, _tr("Delete preset"),
            _tr("Delete the preset “{0}”? This cannot be undone.").format(name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def delete_preset(self, preset: Preset) -> None:
        library = self.preset_library
        if library is None or all(p.id != preset.id for p in self.user_presets):
            return  # shipped presets cannot be deleted
        if not self.confirm_delete_preset(preset.name):
            return

        def done(_result: Any) -> None:
            self.statusMessage.emit(_tr("Deleted the preset “{0}”").format(preset.name))
            self.refresh_presets()

        self._io.run(lambda: library.delete(preset.id), done,
                     lambda exc: self._library_error(_tr("The preset could not be deleted: {0}"), exc))

    def _library_error(self, template: str, exc: BaseException) -> None:
        self._notices.show_notice(template.format(exc), Level.ERROR, key="library-op")
