"""The menu bar and what its own actions do: theme and language (kept in the settings), the
File, Engine, Take and Help entries that lead to the window's other parts, and the data folder
(File > Data Folder…: where it is, moving it; at start, a moved folder that cannot be found and
the removal of an old folder a move left behind)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from studio import paths
from studio.library import relocate
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import Tasks
from studio.ui.common.theme import TEXT_SCALES, apply_theme, text_scale

# How long after start an old data folder is removed (relocate.finish_pending_removal): the studio
# that moved it, restarting, may still be closing its libraries there for a moment.
REMOVE_OLD_AFTER_MS = 5000


class Menus:
    """Part of MainWindow: the menu bar, and the theme and language choices made there."""

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_tr("&File"))
        export = file_menu.addAction(_tr("&Export Take…"))
        export.setShortcut(QKeySequence("Ctrl+E"))
        export.setObjectName("window.export")
        export.triggered.connect(self.speak.export_current)
        self.script_action = file_menu.addAction(_tr("Render Script…"))
        self.script_action.setToolTip(_tr("Render a script of dialogue, line by line, to one take with "
                                          "subtitles"))
        self.script_action.triggered.connect(self.open_script_dialog)
        self.pronunciations_action = file_menu.addAction(_tr("Pronunciations…"))
        self.pronunciations_action.setToolTip(_tr("Words and names the voices should read another way"))
        self.pronunciations_action.triggered.connect(self.open_pronunciation_dialog)
        self.data_folder_action = file_menu.addAction(_tr("Data Folder…"))
        self.data_folder_action.setToolTip(_tr("Where your takes and voices are kept; move them elsewhere"))
        self.data_folder_action.triggered.connect(self.open_data_folder_dialog)
        file_menu.addSeparator()
        quit_action = file_menu.addAction(_tr("&Quit"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setObjectName("window.quit")
        quit_action.triggered.connect(self.close)

        engine_menu = self.menuBar().addMenu(_tr("&Engine"))
        self.add_remote_action = engine_menu.addAction(_tr("Add Remote Engine…"))
        self.add_remote_action.setToolTip(_tr("Use an engine on a step-studio serve server, by its address"))
        self.add_remote_action.triggered.connect(self.open_add_remote_dialog)
        self.remove_remote_menu = engine_menu.addMenu(_tr("Remove Remote Engine"))
        self.remove_remote_menu.aboutToShow.connect(self._fill_remove_menu)
        self._fill_remove_menu()
        engine_menu.addSeparator()
        memory_action = engine_menu.addAction(_tr("Memory…"))
        memory_action.setObjectName("engine.memory")
        memory_action.setToolTip(_tr("Which voices are loaded, what they hold, and unloading the unused "
                                     "ones"))
        memory_action.triggered.connect(self.open_memory_dialog)

        take_menu = self.menuBar().addMenu(_tr("&Take"))
        for action in (self.speak.generate_action, self.speak.stop_action, self.speak.play_action):
            take_menu.addAction(action)
        take_menu.addSeparator()
        take_menu.addAction(self.speak.subtitles.action)
        take_menu.addAction(self.speak.tokens.words.action)
        take_menu.addAction(self.speak.tokens.find_action)
        take_menu.addAction(self.speak.tokens.export_action)
        take_menu.addAction(self.speak.token_compare.action)

        view = self.menuBar().addMenu(_tr("&View"))
        # The four workspaces by keyboard: View > Speak/Clone/Edit/Chat with Ctrl+1…Ctrl+4.
        self.workspace_action_group = QActionGroup(self)
        self.workspace_actions: dict[str, QAction] = {}
        for number, (key, button) in enumerate(self.workspace_buttons.items(), start=1):
            action = view.addAction(button.text())
            action.setCheckable(True)
            action.setChecked(button.isChecked())
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setObjectName(f"window.workspace_{key}")
            action.triggered.connect(lambda _checked=False, k=key: self.show_workspace(k))
            self.workspace_action_group.addAction(action)
            self.workspace_actions[key] = action
        view.addSeparator()
        theme_menu = view.addMenu(_tr("Theme"))
        self.theme_group = QActionGroup(self)
        current = str(self.settings.extra.get("ui_theme", "system"))
        themes = (("system", _tr("Follow the system")), ("light", _tr("Light")), ("dark", _tr("Dark")),
                  ("contrast", _tr("High Contrast")))
        for key, label in themes:
            action = theme_menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(key == current)
            action.setData(key)
            self.theme_group.addAction(action)
        self.theme_group.triggered.connect(self._on_theme)
        size_menu = view.addMenu(_tr("Text Size"))
        self.text_size_group = QActionGroup(self)
        chosen_scale = text_scale(self.settings)
        for scale in TEXT_SCALES:
            action = size_menu.addAction(f"{round(scale * 100)} %")
            action.setCheckable(True)
            action.setChecked(scale == chosen_scale)
            action.setData(scale)
            self.text_size_group.addAction(action)
        self.text_size_group.triggered.connect(self._on_text_size)
        lang_menu = view.addMenu(_tr("Language"))
        self.language_group = QActionGroup(self)
        chosen = self.settings.extra.get("ui_language_chosen") and self.settings.ui_language
        for key, label in (("", _tr("Follow the system")), ("en", "English"), ("zh_CN", "简体中文")):
            action = lang_menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(key == (chosen or ""))
            action.setData(key)
            self.language_group.addAction(action)
        self.language_group.triggered.connect(self._on_language)

        help_menu = self.menuBar().addMenu(_tr("&Help"))
        keys = help_menu.addAction(_tr("Keyboard Shortcuts…"))
        keys.triggered.connect(self.show_shortcuts)
        about = help_menu.addAction(_tr("&About Step Audio Studio"))
        about.triggered.connect(self.show_about)
        about_qt = help_menu.addAction(_tr("About &Qt"))
        about_qt.triggered.connect(QApplication.aboutQt)
        self.data_folder_dialog: Any = None
        self.script_dialog: Any = None
        self.pronunciation_dialog: Any = None
        QTimer.singleShot(0, self, self._check_data_location)

    def _on_theme(self, action: QAction) -> None:
        mode = str(action.data())
        extra = dict(self.settings.extra)
        extra["ui_theme"] = mode
        self.settings = replace(self.settings, extra=extra)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, mode)
        self.speak.waveform.apply_palette()
        self.clone.wizard.waveform.apply_palette()
        self.speak.editor.set_support(self.speak.editor._support, self.speak.editor.engine_name)
        self._schedule_save()

    def _on_text_size(self, action: QAction) -> None:
        extra = dict(self.settings.extra)
        extra["ui_text_scale"] = float(action.data())
        self.settings = replace(self.settings, extra=extra)
        self._schedule_save()
        QMessageBox.information(self, _tr("Text Size"),
                                _tr("The new text size is used the next time Step Audio Studio starts. It "
                                    "adds to the text size set for the whole system."))

    def _on_language(self, action: QAction) -> None:
        key = str(action.data())
        extra = dict(self.settings.extra)
        extra["ui_language_chosen"] = bool(key)
        self.settings = replace(self.settings, ui_language=key or "en", extra=extra)
        self._schedule_save()
        QMessageBox.information(self, _tr("Language"),
                                _tr("The new language is used the next time Step Audio Studio starts."))

    # --- the data folder ---------------------------------------------------------------------------

    def open_script_dialog(self) -> Any:
        """File > Render Script… with the current engine (window-modal, not blocking); returns the
        dialog (tests), or None while no engine is loaded (the status bar says so)."""
        from studio.ui.speak.script_dialog import ScriptDialog

        backend = self.speak.backend
        if backend is None:
            self.statusBar().showMessage(_tr("The engine is not loaded yet; render the script once it is."),
                                         6000)
            return None
        playback = self.speak.playback
        play = (lambda audio: playback.play(audio, 0.0)) if playback.player is not None else None
        dialog = ScriptDialog(self.speak.engine_id, backend, list(self.speak.voices), self,
                              self.speak.pronunciations.lexicon.entries, play,
                              self.speak.voice_bar.usable_library_voices())
        self.script_dialog = dialog
        dialog.open()
        return dialog

    def open_pronunciation_dialog(self) -> Any:
        """File > Pronunciations… (window-modal, not blocking); returns the dialog (tests)."""
        from studio.ui.speak.pronunciation_dialog import PronunciationDialog

        dialog = PronunciationDialog(self.speak.pronunciations, self)
        self.pronunciation_dialog = dialog
        dialog.open()
        return dialog

    def open_data_folder_dialog(self) -> Any:
        """File > Data Folder… (window-modal, not blocking); returns the dialog (tests)."""
        from studio.ui.shell.data_folder_dialog import DataFolderDialog

        old = self.data_folder_dialog
        if old is not None and old.isVisible():
            old.raise_()
            return old
        dialog = DataFolderDialog(self, busy=self.data_folder_busy, restart=self.restart_studio)
        dialog.finished.connect(lambda _r, d=dialog: self._after_data_folder_dialog(d))
        self.data_folder_dialog = dialog
        dialog.open()
        return dialog

    def _after_data_folder_dialog(self, dialog: Any) -> None:
        if dialog.changed:  # moved: this window still uses the old folder until it restarts
            self._data_folder_moved = True

    def data_folder_busy(self) -> str | None:
        """Why the data folder cannot move now: what the window is writing to it, or None."""
        if getattr(self, "_data_folder_moved", False):
            return _tr("The data folder was moved and the studio still uses the old one. Restart the "
                       "studio before moving it again.")
        if self.speak.generating:
            return _tr("A take is being made. Wait for it or stop it, then move the data folder.")
        if self.chat.running:
            return _tr("A conversation is running. Stop it, then move the data folder.")
        pages = [self.stack.widget(i) for i in range(self.stack.count())]  # every workspace, Edit too
        if any(tasks.busy for page in pages for tasks in page.findChildren(Tasks)):
            return _tr("The studio is still saving or preparing something. Wait for it to finish, then "
                       "move the data folder.")
        return None

    def restart_studio(self) -> None:
        from studio.ui.shell.data_folder_dialog import restart_studio

        restart_studio(self)

    def _check_data_location(self) -> None:
        """At start: say why a moved data folder is not used, and remove an old one a move left."""
        problem = paths.data_location().problem
        if problem:
            box = QMessageBox(QMessageBox.Icon.Warning, _tr("Data Folder"), translate_core(problem),
                              parent=self)
            box.open()
            self.data_location_box = box
        QTimer.singleShot(REMOVE_OLD_AFTER_MS, self, lambda: self._tasks.run(
            relocate.finish_pending_removal, self._on_old_folder_removed, lambda exc: None))

    def _on_old_folder_removed(self, note: str | None) -> None:
        if note:  # a kept folder may hold the only copy of something: say it where it is read
            box = QMessageBox(QMessageBox.Icon.Information, _tr("Data Folder"), translate_core(note),
                              parent=self)
            box.open()
            self.old_folder_box = box
