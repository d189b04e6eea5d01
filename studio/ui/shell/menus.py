"""The menu bar and what its own actions do: theme and language (kept in the settings), the
File, Engine, Take and Help entries that lead to the window's other parts."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from studio.ui.common.i18n import translate as _tr
from studio.ui.common.theme import apply_theme


class Menus:
    """Part of MainWindow: the menu bar, and the theme and language choices made there."""

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_tr("&File"))
        export = file_menu.addAction(_tr("&Export Take…"))
        export.setShortcut(QKeySequence("Ctrl+E"))
        export.triggered.connect(self.speak.export_current)
        file_menu.addSeparator()
        quit_action = file_menu.addAction(_tr("&Quit"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)

        engine_menu = self.menuBar().addMenu(_tr("&Engine"))
        self.add_remote_action = engine_menu.addAction(_tr("Add Remote Engine…"))
        self.add_remote_action.setToolTip(_tr("Use an engine on a step-studio serve server, by its address"))
        self.add_remote_action.triggered.connect(self.open_add_remote_dialog)
        self.remove_remote_menu = engine_menu.addMenu(_tr("Remove Remote Engine"))
        self.remove_remote_menu.aboutToShow.connect(self._fill_remove_menu)
        self._fill_remove_menu()

        take_menu = self.menuBar().addMenu(_tr("&Take"))
        for action in (self.speak.generate_action, self.speak.stop_action, self.speak.play_action):
            take_menu.addAction(action)

        view = self.menuBar().addMenu(_tr("&View"))
        theme_menu = view.addMenu(_tr("Theme"))
        self.theme_group = QActionGroup(self)
        current = str(self.settings.extra.get("ui_theme", "system"))
        themes = (("system", _tr("Follow the system")), ("light", _tr("Light")), ("dark", _tr("Dark")))
        for key, label in themes:
            action = theme_menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(key == current)
            action.setData(key)
            self.theme_group.addAction(action)
        self.theme_group.triggered.connect(self._on_theme)
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
        keys = help_menu.addAction(_tr("Keyboard Shortcuts"))
        keys.triggered.connect(self.show_shortcuts)
        about = help_menu.addAction(_tr("&About Step Audio Studio"))
        about.triggered.connect(self.show_about)
        about_qt = help_menu.addAction(_tr("About &Qt"))
        about_qt.triggered.connect(QApplication.aboutQt)

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

    def _on_language(self, action: QAction) -> None:
        key = str(action.data())
        extra = dict(self.settings.extra)
        extra["ui_language_chosen"] = bool(key)
        self.settings = replace(self.settings, ui_language=key or "en", extra=extra)
        self._schedule_save()
        QMessageBox.information(self, _tr("Language"),
                                _tr("The new language is used the next time Step Audio Studio starts."))
