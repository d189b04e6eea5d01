"""The main window: workspace switcher, engine and output pickers, status bar, menus.

The window is shown before anything slow happens. Engine discovery (which imports engine
packages), engine loading, opening the take library and asking PortAudio for devices all run on
worker threads after the first paint, and each reports back on the GUI thread; until then the
controls that need them say what they are waiting for.

Engines added by URL (a `step-studio serve` server, studio.engines.remote) are listed in the same
picker as `remote:<name>`; their state is checked on a worker thread, one engine at a time, so a
server that is down or slow shows as unavailable with its reason instead of holding up the window
or the other engines. Choosing one that cannot be reached says why and goes back to the engine that
was in use.

Speak, Clone and Chat are built. Edit appears in the switcher, disabled, with a tooltip saying it
is not built yet: the user sees where the studio is going without a fake page. Chat speaks with the
engine chosen here; its chat model and choices are kept in the settings' extra keys.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from studio import paths
from studio.conversation import model_config as chat_model_config
from studio.engines import remote as remote_engines
from studio.settings import Settings, SettingsStore
from studio.storage import atomic_write_text
from studio.ui.chat.page import ChatPage
from studio.ui.clone.page import ClonePage
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.tasks import EventBridge, Tasks
from studio.ui.common.theme import apply_theme
from studio.ui.speak.page import SpeakPage

log = logging.getLogger(__name__)

APP_NAME = "Step Audio Studio"
DRAFT_FILE = "draft.txt"
ADD_REMOTE = "__add_remote__"  # the engine picker's "Add remote engine…" row
SETUP_STEP = "__setup_step__"  # its "Set up Step-Audio TTS-3B…" row (files, device, precision)




def draft_path() -> Any:
    return paths.data_dir() / DRAFT_FILE


class MainWindow(QMainWindow):
    """The studio window. Collaborators can be injected (tests); by default the real ones are made."""

    def __init__(self, store: SettingsStore | None = None, settings: Settings | None = None, *,
                 registry_factory: Callable[[], Any] | None = None,
                 library_factory: Callable[[], Any] | None = None,
                 player_factory: Callable[[int | None], Any] | None = None,
                 devices_probe: Callable[[], tuple[list[Any], str | None]] | None = None,
                 clone_services: Any | None = None,
                 chat_services: Any | None = None,
                 presets_loader: Callable[[], Any] | None = None,
                 start_background: bool = True) -> None:
        super().__init__()
        self._started = time.perf_counter()
        self.store = store or SettingsStore()
        self.settings = settings if settings is not None else self.store.load()
        self._registry_factory = registry_factory or _default_registry
        self._library_factory = library_factory or _default_library
        self._player_factory = player_factory or _default_player
        self._devices_probe = devices_probe or _probe_devices
        self._presets_loader = presets_loader or _shipped_presets
        self.registry: Any = None
        self.engines: Any = None  # studio.engines.jobs.EngineManager
        self.library: Any = None
        self.devices: list[Any] = []
        self._engine_rows: dict[str, int] = {}
        self._engine_reasons: dict[str, str | None] = {}  # engine id -> why it cannot run, or None
        self._local_rows: list[tuple[str, str, str | None]] = []  # described engines, not remote ones
        self._remote: dict[str, remote_engines.RemoteEngine] = {}  # studio id -> definition
        self._remote_state: dict[str, str | None] = {}  # remote id -> reason it cannot run; None: fine
        self._previous_engine: str | None = None  # what to go back to when a remote engine fails
        self.remote_dialog: Any = None
        self.step_dialog: Any = None
        self._loading_engine: str | None = None
        self._load_started = 0.0
        self._closing = False
        self._clone_services = clone_services
        self._chat_services = chat_services

        self._tasks = Tasks(self, 3, "startup")
        self._writer = Tasks(self, 1, "settings-writer")
        self._engine_bridge = EventBridge(0, self)
        self._engine_bridge.event.connect(self._on_engine_loaded)

        self.setWindowTitle(APP_NAME)
        self.resize(1280, 800)
        self.setMinimumSize(QSize(960, 620))
        self._build()
        self._restore_preferences()
        if start_background:
            QTimer.singleShot(0, self.start_background)

    # --- construction ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.speak = SpeakPage(self)
        self.clone = ClonePage(self._clone_services, self)
        self.chat = ChatPage(self._chat_services, self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.speak)
        self.stack.addWidget(self.clone)
        self.stack.addWidget(self.chat)
        self.setCentralWidget(self.stack)

        bar = QToolBar(_tr("Main"), self)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setIconSize(QSize(16, 16))
        bar.setStyleSheet("QToolBar#mainToolbar { spacing: 6px; padding: 6px 10px; border: none; }")
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        title = QLabel(f"<b>{APP_NAME}</b>", bar)
        title.setContentsMargins(2, 0, 14, 0)
        bar.addWidget(title)

        self.workspace_group = QButtonGroup(self)
        self.workspace_group.setExclusive(True)
        self.workspace_buttons: dict[str, QToolButton] = {}
        spaces = (("speak", _tr("Speak"), ""),
                  ("clone", _tr("Clone"), ""),
                  ("edit", _tr("Edit"), _tr("Edit is not built yet: trimming, fades and model edits of a "
                                            "selected span are planned.")),
                  ("chat", _tr("Chat"), ""))
        holder = QWidget(bar)
        hl = QHBoxLayout(holder)
        hl.setContentsMargins(0, 0, 0, 0)
        hl.setSpacing(2)
        for key, text, why in spaces:
            button = QToolButton(holder)
            button.setObjectName("workspace")
            button.setText(text)
            button.setCheckable(True)
            button.setAccessibleName(text)
            if why:
                button.setEnabled(False)
                button.setToolTip(why)
            elif key == "speak":
                button.setChecked(True)
                button.setToolTip(_tr("Write text and hear it spoken"))
            elif key == "chat":
                button.setToolTip(_tr("Talk with a model through the microphone and hear it answer"))
            else:
                button.setToolTip(_tr("Make a voice from a few seconds of speech; your voice library"))
            button.clicked.connect(lambda _checked=False, k=key: self.show_workspace(k))
            self.workspace_group.addButton(button)
            self.workspace_buttons[key] = button
            hl.addWidget(button)
        bar.addWidget(holder)

        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)

        bar.addWidget(QLabel(_tr("Engine"), bar))
        self.engine_combo = QComboBox(bar)
        self.engine_combo.setMinimumWidth(220)
        self.engine_combo.setAccessibleName(_tr("Engine"))
        self.engine_combo.addItem(_tr("Finding engines…"), None)
        self.engine_combo.setEnabled(False)
        self.engine_combo.activated.connect(self._on_engine_chosen)
        bar.addWidget(self.engine_combo)
        gap = QWidget(bar)
        gap.setFixedWidth(10)
        bar.addWidget(gap)
        bar.addWidget(QLabel(_tr("Output"), bar))
        self.device_combo = QComboBox(bar)
        self.device_combo.setMinimumWidth(200)
        self.device_combo.setMaximumWidth(320)
        self.device_combo.setAccessibleName(_tr("Audio output device"))
        self.device_combo.addItem(_tr("Looking for audio devices…"), None)
        self.device_combo.setEnabled(False)
        self.device_combo.activated.connect(self._on_device_chosen)
        bar.addWidget(self.device_combo)

        self.engine_status = QLabel(_tr("Starting…"), self)
        self.engine_status.setObjectName("engineStatus")
        self.statusBar().addWidget(self.engine_status)
        self.statusBar().setSizeGripEnabled(True)
        self.speak.statusMessage.connect(lambda m: self.statusBar().showMessage(m, 6000))
        self.speak.preferencesChanged.connect(self._schedule_save)
        self.speak.draftChanged.connect(self._save_draft)
        self.clone.statusMessage.connect(lambda m: self.statusBar().showMessage(m, 6000))
        self.chat.statusMessage.connect(lambda m: self.statusBar().showMessage(m, 6000))
        self.chat.preferencesChanged.connect(self._schedule_save)
        self.chat.modelConfigChanged.connect(self._on_chat_model)
        self.clone.voicesChanged.connect(self.speak.set_library_voices)
        # The voice library also holds the user's presets: hand them to Speak once it is open.
        self.clone.libraryOpened.connect(lambda library: self.speak.set_preset_library(library.presets))
        self.speak.engine_switcher = self

        self._build_menus()

    def show_workspace(self, key: str) -> None:
        """Switch the central page (the switcher's buttons; tests)."""
        page = {"speak": self.speak, "clone": self.clone, "chat": self.chat}.get(key)
        if page is None:
            return
        self.workspace_buttons[key].setChecked(True)
        self.stack.setCurrentWidget(page)

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

    def _restore_preferences(self) -> None:
        s = self.settings
        self.speak.voice_preferences = dict(s.voices)
        self.speak.set_parameters(s.speed, s.pitch)
        self.speak.set_export_preferences(s.last_export_dir or "", s.last_export_format,
                                          bool(s.extra.get("export_sidecar", False)))
        if s.window_geometry:
            with contextlib.suppress(Exception):
                self.restoreGeometry(QByteArray(base64.b64decode(s.window_geometry)))
        if self.store.message:
            self.speak.notices.show_notice(self.store.message, key="settings")
        chat_prefs = s.extra.get("chat")
        self.chat.set_preferences(chat_prefs if isinstance(chat_prefs, dict) else {})
        self.chat.set_model_config(chat_model_config.load(s))

    # --- background start-up --------------------------------------------------------------------

    def start_background(self) -> None:
        """Everything slow, off the GUI thread, after the window is on screen."""
        self._tasks.run(self._library_factory, self._on_library_opened, self._on_library_failed)
        self._tasks.run(self._registry_factory, self._on_registry, self._on_registry_failed)
        self._tasks.run(self._devices_probe, self._on_devices, lambda exc: self._on_devices(([], str(exc))))
        self._tasks.run(_read_draft, self._on_draft_read, lambda exc: None)
        self.clone.open_library()
        self.speak.load_shipped_presets(self._presets_loader)
        self.chat.start_background()

    def _on_draft_read(self, text: str | None) -> None:
        if text and not self.speak.editor.toPlainText():
            self.speak.editor.setPlainText(text)

    def _on_library_opened(self, library: Any) -> None:
        self.library = library
        self.speak.set_library(library)

    def _on_library_failed(self, exc: BaseException) -> None:
        self.speak.set_library_failed(str(exc))

    def _on_registry_failed(self, exc: BaseException) -> None:
        self.engine_combo.clear()
        self.engine_combo.addItem(_tr("No engines"), None)
        self.engine_status.setText(_tr("Engines could not be found: {0}").format(exc))
        self.speak.set_engine_pending("", str(exc))

    def _on_registry(self, registry: Any) -> None:
        from studio.engines.jobs import EngineManager
        from studio.ui.shell.engine_setup_dialog import apply_settings

        apply_settings(self.settings)  # the Step engine's stored folders/device, before it is made
        self._remote = {e.id: e for e in remote_engines.load(self.settings)}
        self._remote_state = {}
        local_ids = [i for i in registry.ids() if not remote_engines.is_remote_id(i)]
        registry = self._with_remote_entries(registry)
        self.registry = registry
        self.engines = EngineManager(registry)
        manager = self.engines

        def describe() -> list[tuple[str, str, str | None]]:
            rows: list[tuple[str, str, str | None]] = []
            for engine_id in local_ids:  # remote engines are checked one by one, later
                entry = registry.entry(engine_id)
                if entry.error:
                    rows.append((engine_id, engine_id, entry.error))
                    continue
                try:
                    backend = manager.backend(engine_id)
                    name = backend.manifest.name
                    available = backend.availability()
                    reason = None if available.available else " ".join(
                        x for x in (available.reason, available.fix) if x)
                except Exception as exc:
                    name, reason = engine_id, str(exc)
                rows.append((engine_id, name, reason))
            return rows

        self._tasks.run(describe, self._on_engines_described, self._on_registry_failed)

    def _on_engines_described(self, rows: list[tuple[str, str, str | None]]) -> None:
        self._local_rows = list(rows)
        self._fill_engine_combo()
        for engine_id in self._remote:
            self._check_remote(engine_id)
        usable = [r[0] for r in rows if r[2] is None]
        self._describe_cloning(usable, {r[0]: r[1] for r in rows})
        usable += list(self._remote)  # reachable or not is found out by loading (never on this thread)
        rows = rows + [(i, e.name, None) for i, e in self._remote.items()]
        if not usable:
            self.engine_combo.setEnabled(bool(rows))
            why = "; ".join(f"{r[1]}: {r[2]}" for r in rows) or _tr("no engine is installed")
            self.engine_status.setText(_tr("No engine can run here"))
            self.speak.set_engine_pending("", _tr("No engine can run here ({0}).").format(why))
            return
        self.engine_combo.setEnabled(True)
        wanted = self.settings.engine_id
        default = getattr(self.registry, "default_id", None)
        engine_id = wanted if wanted in usable else (default if default in usable else usable[0])
        self.select_engine(engine_id)

    def _fill_engine_combo(self) -> None:
        """(Re)build the picker: described engines, remote engines, then "Add remote engine…"."""
        combo = self.engine_combo
        combo.clear()
        self._engine_rows.clear()
        self._engine_reasons = {engine_id: reason for engine_id, _name, reason in self._local_rows}
        model = combo.model()
        for engine_id, name, reason in self._local_rows:
            label = name if reason is None else _tr("{0} (unavailable)").format(name)
            combo.addItem(label, engine_id)
            row = combo.count() - 1
            self._engine_rows[engine_id] = row
            if reason is not None:
                combo.setItemData(row, reason, Qt.ItemDataRole.ToolTipRole)
                if isinstance(model, QStandardItemModel):
                    item = model.item(row)
                    if item is not None:
                        item.setEnabled(False)
            else:
                combo.setItemData(row, _tr("{0}: click to use this engine").format(name),
                                  Qt.ItemDataRole.ToolTipRole)
        for engine_id in self._remote:
            combo.addItem("", engine_id)
            self._engine_rows[engine_id] = combo.count() - 1
            self._label_remote(engine_id)
        combo.insertSeparator(combo.count())
        if "step-local" in self._engine_reasons:
            combo.addItem(_tr("Set up Step-Audio TTS-3B…"), SETUP_STEP)
            combo.setItemData(combo.count() - 1, _tr("Its model files, GPU or CPU, and weight precision"),
                              Qt.ItemDataRole.ToolTipRole)
        combo.addItem(_tr("Add remote engine…"), ADD_REMOTE)
        combo.setItemData(combo.count() - 1, self.add_remote_action.toolTip(), Qt.ItemDataRole.ToolTipRole)
        current = self._loading_engine or self.speak.engine_id
        row = self._engine_rows.get(current or "", -1)
        if row >= 0:
            combo.setCurrentIndex(row)

    def _label_remote(self, engine_id: str) -> None:
        """A remote engine's row: its name, and its state (not checked yet, ready, or why not)."""
        row = self._engine_rows.get(engine_id, -1)
        remote = self._remote.get(engine_id)
        if row < 0 or remote is None:
            return
        where = _tr("“{0}” on {1}").format(remote.engine_id, remote.url)
        if engine_id not in self._remote_state:
            label = _tr("{0} (remote)").format(remote.name)
            tip = _tr("{0}; checking the server…").format(where)
            self._engine_reasons.pop(engine_id, None)
        elif self._remote_state[engine_id] is None:
            label = _tr("{0} (remote)").format(remote.name)
            tip = _tr("{0}: click to use this engine").format(where)
            self._engine_reasons[engine_id] = None
        else:
            reason = self._remote_state[engine_id] or ""
            label = _tr("{0} (remote, unavailable)").format(remote.name)
            tip = _tr("{0}: {1} Choose it again to retry.").format(where, reason)
            self._engine_reasons[engine_id] = reason
        self.engine_combo.setItemText(row, label)
        self.engine_combo.setItemData(row, tip, Qt.ItemDataRole.ToolTipRole)

    def _check_remote(self, engine_id: str) -> None:
        """Ask a remote engine's server whether it can run, on a worker; the row shows the answer."""
        manager = self.engines

        def check() -> str | None:
            state = manager.backend(engine_id).availability()
            return None if state.available else " ".join(x for x in (state.reason, state.fix) if x)

        def done(reason: str | None) -> None:
            if engine_id in self._remote and self.engines is manager:
                self._remote_state[engine_id] = reason
                self._label_remote(engine_id)

        self._tasks.run(check, done, lambda exc: done(str(exc) or type(exc).__name__))

    # --- remote engines -------------------------------------------------------------------------

    def _with_remote_entries(self, registry: Any) -> Any:
        """`registry` with this user's remote engines in it (a Registry is fixed, so: a new one)."""
        from backends.registry import Registry

        try:
            local = [e for e in registry.entries() if not remote_engines.is_remote_id(e.id)]
            return Registry(local + remote_engines.entries(list(self._remote.values())))
        except Exception as exc:  # a registry double without entries(), an id clash: no remote engines
            log.warning("remote engines not added to the registry: %s", exc)
            return registry

    def _use_registry(self, registry: Any) -> None:
        self.registry = registry
        if self.engines is not None:
            self.engines.registry = registry

    def open_add_remote_dialog(self) -> Any:
        """Open the "Add remote engine" dialog (non-modal to the event loop); returns it (tests)."""
        from studio.ui.shell.remote_engine_dialog import RemoteEngineDialog

        old = self.remote_dialog
        if old is not None and old.isVisible():
            old.raise_()
            old.activateWindow()
            return old
        if old is not None and not old.testing:
            old.deleteLater()
        dialog = RemoteEngineDialog(list(self._remote.values()), self)
        dialog.accepted.connect(lambda d=dialog: self._on_remote_dialog_accepted(d))
        self.remote_dialog = dialog
        dialog.open()
        return dialog

    def open_step_setup(self) -> Any:
        """The Step-Audio set-up dialog (files, device, precision); saving it re-checks the engine."""
        from studio.ui.shell.engine_setup_dialog import StepSetupDialog, load_choice

        if self.step_dialog is not None and self.step_dialog.isVisible():
            self.step_dialog.raise_()
            return self.step_dialog
        dialog = StepSetupDialog(load_choice(self.settings), self)
        dialog.accepted.connect(lambda d=dialog: self._on_step_setup_saved(d.choice()))
        self.step_dialog = dialog
        dialog.open()
        return dialog

    def _on_step_setup_saved(self, choice: Any) -> None:
        from studio.ui.shell.engine_setup_dialog import ENGINE_ID, apply_choice, store_choice

        self.settings = store_choice(self.settings, choice)
        apply_choice(choice)
        self._schedule_save()
        if self.engines is None or ENGINE_ID not in self._engine_reasons:
            return
        if self.speak.engine_id == ENGINE_ID and self.speak.generating:
            self.statusBar().showMessage(_tr("Saved; it applies after the current take."), 6000)
            return
        self._forget_engine(ENGINE_ID)  # a new instance (and child process) with the new settings
        manager = self.engines

        def check() -> tuple[str, str | None]:
            backend = manager.backend(ENGINE_ID)
            state = backend.availability()
            reason = None if state.available else " ".join(x for x in (state.reason, state.fix) if x)
            return backend.manifest.name, reason

        def done(result: tuple[str, str | None]) -> None:
            name, reason = result
            self._local_rows = [(i, name, reason) if i == ENGINE_ID else (i, n, r)
                                for i, n, r in self._local_rows]
            self._fill_engine_combo()
            self.statusBar().showMessage(reason or _tr("{0} is ready to use.").format(name), 8000)

        self._tasks.run(check, done, lambda exc: self.statusBar().showMessage(str(exc), 8000))

    def _on_remote_dialog_accepted(self, dialog: Any) -> None:
        engine = dialog.engine()
        if engine is not None:
            self.add_remote_engine(engine)

    def add_remote_engine(self, engine: remote_engines.RemoteEngine) -> None:
        """Remember `engine` (settings, saved now) and list it in the picker; choosing it loads it."""
        try:
            self.settings = remote_engines.add(self.settings, engine)
        except ValueError as exc:
            QMessageBox.warning(self, _tr("Add Remote Engine"), str(exc))
            return
        self._remote = {e.id: e for e in remote_engines.load(self.settings)}
        engine = next(e for e in self._remote.values() if e.name == engine.name.strip())
        self._remote_state.pop(engine.id, None)
        self._forget_engine(engine.id)
        self.save_settings()
        if self.registry is None or self.engines is None:
            return  # still finding engines: the registry picks it up from the settings
        self._use_registry(self._with_remote_entries(self.registry))
        self._fill_engine_combo()
        self.engine_combo.setEnabled(True)
        self._check_remote(engine.id)
        self.statusBar().showMessage(_tr("Added {0}: choose it in the engine picker.").format(engine.name),
                                     8000)

    def remove_remote_engine(self, engine_id: str) -> bool:
        """Forget a remote engine (settings too). Refused, with a message, while it is making a take."""
        remote = self._remote.get(engine_id)
        if remote is None:
            return False
        in_use = engine_id in (self.speak.engine_id, self._loading_engine)
        if in_use and self.speak.generating:
            self.statusBar().showMessage(_tr("Stop the current take before removing its engine."), 6000)
            return False
        self.settings = remote_engines.remove(self.settings, engine_id)
        del self._remote[engine_id]
        self._remote_state.pop(engine_id, None)
        self.save_settings()
        if self.engines is not None:
            self._forget_engine(engine_id)
            self._use_registry(self._with_remote_entries(self.registry))
        if in_use:
            self._loading_engine = None
            self.speak.set_engine_pending("", _tr("{0} was removed; choose an engine.").format(remote.name))
        self._fill_engine_combo()
        if in_use:
            fallback = self._fallback_engine(engine_id)
            if fallback is not None:
                self.select_engine(fallback)
        self.statusBar().showMessage(_tr("Removed {0}.").format(remote.name), 6000)
        return True

    def _forget_engine(self, engine_id: str) -> None:
        """Drop the manager's instance of an engine, so a re-added one with the same name is new."""
        if self.engines is not None:
            self.engines.forget(engine_id)

    def _fallback_engine(self, failed: str) -> str | None:
        """Where to go when `failed` cannot be used: the engine used before, else the default one."""
        usable = [r[0] for r in self._local_rows if r[2] is None]
        usable += [i for i in self._remote if self._remote_state.get(i) is None and i != failed]
        previous = self._previous_engine
        if previous and previous != failed and previous in usable:
            return previous
        default = getattr(self.registry, "default_id", None)
        if default in usable and default != failed:
            return default
        return next((i for i in usable if i != failed), None)

    def _fill_remove_menu(self) -> None:
        menu = self.remove_remote_menu
        menu.clear()
        if not self._remote:
            none = menu.addAction(_tr("No remote engines added"))
            none.setEnabled(False)
            return
        for engine_id, remote in self._remote.items():
            action = menu.addAction(_tr("{0} ({1})").format(remote.name, remote.url))
            action.triggered.connect(lambda _checked=False, e=engine_id: self.remove_remote_engine(e))

    def _describe_cloning(self, usable: list[str], names: dict[str, str]) -> None:
        """Tell the Clone workspace which engines can clone or match (manifests read off-thread)."""
        from studio.ui.clone.wizard import EngineChoice, ensure_loaded

        manager = self.engines

        def read() -> list[EngineChoice]:
            choices = []
            for engine_id in usable:
                manifest = manager.backend(engine_id).manifest
                if getattr(manifest.cloning, "kind", "none") in ("clone", "match"):
                    choices.append(EngineChoice(engine_id, manifest.name, manifest,
                                                lambda e=engine_id: ensure_loaded(manager, e)))
            return choices

        self._tasks.run(read, lambda choices: self.clone.set_engines(choices, names),
                        lambda exc: log.warning("cloning engines not described: %s", exc))

    def select_engine(self, engine_id: str) -> None:
        """Switch to `engine_id`: load it in the background, then hand it to the page."""
        row = self._engine_rows.get(engine_id, -1)
        if row >= 0:
            self.engine_combo.setCurrentIndex(row)
        name = self.engine_combo.itemText(row) if row >= 0 else engine_id
        if self.speak.backend is not None and self.speak.engine_id != engine_id:
            self._previous_engine = self.speak.engine_id
        self._loading_engine = engine_id
        self._load_started = time.perf_counter()
        message = _tr("Loading {0}…").format(name)
        self.engine_status.setText("◌ " + message)
        self.speak.set_engine_pending(engine_id, message)
        self.chat.set_engine_pending(message)
        bridge = self._engine_bridge
        self.engines.load_in_background(engine_id, lambda err, e=engine_id: bridge.deliver((e, err)))

    # The page's EngineSwitcher (a preset made for another engine).

    def engine_problem(self, engine_id: str) -> str | None:
        if self.engines is None:
            return _tr("the engines are still being found; try again in a moment.")
        if engine_id not in self._engine_rows:
            return _tr("it needs the engine “{0}”, which is not installed.").format(engine_id)
        reason = self._engine_reasons.get(engine_id)
        if reason is not None:
            return _tr("it needs the engine “{0}”, which cannot run here: {1}").format(engine_id, reason)
        if self.speak.generating:
            return _tr("stop the current take before switching engines.")
        return None

    def engine_voices(self, engine_id: str) -> list[Any]:
        return list(self.engines.backend(engine_id).voices())

    def switch_engine(self, engine_id: str) -> None:
        if engine_id == self._loading_engine:
            return  # already on its way; the page applies the preset when it is ready
        self.select_engine(engine_id)
        self._schedule_save()

    def _on_engine_chosen(self, row: int) -> None:
        engine_id = self.engine_combo.itemData(row)
        if engine_id in (ADD_REMOTE, SETUP_STEP):
            current = self._engine_rows.get(self._loading_engine or self.speak.engine_id, -1)
            if current >= 0:
                self.engine_combo.setCurrentIndex(current)
            if engine_id == SETUP_STEP:
                self.open_step_setup()
            else:
                self.open_add_remote_dialog()
            return
        if not engine_id or engine_id == self._loading_engine:
            return
        if engine_id == self.speak.engine_id and self.speak.backend is not None:
            return
        if self.speak.generating:
            self.statusBar().showMessage(_tr("Stop the current take before switching engines."), 5000)
            self.engine_combo.setCurrentIndex(self._engine_rows.get(self.speak.engine_id, 0))
            return
        self.select_engine(engine_id)
        self._schedule_save()

    def _on_engine_loaded(self, _tag: int, value: object) -> None:
        engine_id, error = value  # type: ignore[misc]
        if engine_id != self._loading_engine:
            return
        elapsed = time.perf_counter() - self._load_started
        row = self._engine_rows.get(engine_id, -1)
        name = self.engine_combo.itemText(row) if row >= 0 else engine_id
        if engine_id in self._remote:
            name = self._remote[engine_id].name
        if error:
            self.engine_status.setText("✕ " + _tr("{0} failed to load").format(name))
            self.engine_status.setToolTip(error)
            self.speak.set_engine_pending(engine_id, error)
            self.speak.cancel_pending_preset()
            self.speak.notices.show_notice(_tr("{0} could not be loaded: {1}").format(name, error),
                                           key="engine-load")
            if engine_id in self._remote:
                # A server that is down or refuses us: say so on its row, and go back to a working engine.
                self._loading_engine = None
                self._remote_state[engine_id] = error
                self._label_remote(engine_id)
                fallback = self._fallback_engine(engine_id)
                if fallback is not None:
                    self.select_engine(fallback)
            return
        if engine_id in self._remote:
            self._remote_state[engine_id] = None
            self._label_remote(engine_id)
        backend = self.engines.backend(engine_id)

        def ready(voices: list[Any]) -> None:
            if engine_id != self._loading_engine:
                return
            self._loading_engine = None
            self.speak.set_engine(engine_id, backend, voices)
            self.chat.set_engine(engine_id, backend, voices)
            self.clone.voices_page.set_builtin(backend.manifest.name, voices)
            self.engine_status.setText("● " + _tr("{0} ready · loaded in {1:.1f} s · {2} voices").format(
                name, elapsed, len(voices)))
            self.engine_status.setToolTip(backend.manifest.description)

        self._tasks.run(backend.voices, ready,
                        lambda exc: self.engine_status.setText(
                            _tr("{0}: voices unavailable ({1})").format(name, exc)))

    # --- audio output ---------------------------------------------------------------------------

    def _on_devices(self, result: tuple[list[Any], str | None]) -> None:
        devices, reason = result
        self.devices = list(devices)
        self.device_combo.clear()
        if not devices:
            self.device_combo.addItem(_tr("No audio output device"), None)
            self.device_combo.setEnabled(False)
            why = reason or _tr("No audio output device was found.")
            self.device_combo.setToolTip(why)
            self.speak.set_player(None, _tr("No audio output device — generating and exporting still work."))
            self.clone.set_player(None, why, self.speak._device)
            return
        self.device_combo.setEnabled(True)
        default = next((d for d in devices if d.is_default), None)
        self.device_combo.addItem(_tr("System default") + (f" ({default.name})" if default else ""), None)
        for d in devices:
            self.device_combo.addItem(d.name, d.index)
        wanted = self.settings.output_device
        row = self.device_combo.findText(wanted) if wanted else 0
        self.device_combo.setCurrentIndex(max(0, row))
        self._use_device(self.device_combo.currentData())

    def _on_device_chosen(self, row: int) -> None:
        self._use_device(self.device_combo.itemData(row))
        self._schedule_save()

    def _use_device(self, index: int | None) -> None:
        try:
            player = self._player_factory(index)
        except Exception as exc:
            self.speak.set_player(None, str(exc))
            self.clone.set_player(None, str(exc), self.speak._device)
            return
        self.speak.set_player(player, None)
        # One queue for every call into the player, whichever page makes it.
        self.clone.set_player(player, None, self.speak._device)

    # --- preferences ----------------------------------------------------------------------------

    def current_settings(self) -> Settings:
        s = self.settings
        extra = dict(s.extra)
        extra["export_sidecar"] = self.speak.export_sidecar
        extra["chat"] = dict(self.chat.preferences)
        fmt = self.speak.export_format if self.speak.export_format in ("wav", "flac", "ogg", "mp3") else "wav"
        device = self.device_combo.currentText() if self.device_combo.currentData() is not None else None
        engine_id = self.speak.engine_id or s.engine_id
        return replace(s, engine_id=engine_id, voices=dict(self.speak.voice_preferences),
                       speed=min(max(self.speak.speed_preference, 0.25), 4.0),
                       pitch=min(max(self.speak.pitch_preference, -24.0), 24.0),
                       output_device=device if self.devices else s.output_device,
                       last_export_dir=self.speak.export_dir or None, last_export_format=fmt,
                       window_geometry=base64.b64encode(bytes(self.saveGeometry())).decode("ascii"),
                       extra=extra)

    def _schedule_save(self) -> None:
        if not hasattr(self, "_save_timer"):
            self._save_timer = QTimer(self)
            self._save_timer.setSingleShot(True)
            self._save_timer.setInterval(500)
            self._save_timer.timeout.connect(self.save_settings)
        self._save_timer.start()

    def save_settings(self, wait: bool = False) -> None:
        self.settings = self.current_settings()
        settings, store = self.settings, self.store
        if wait:
            try:
                store.save(settings)
            except Exception as exc:
                log.warning("settings not saved: %s", exc)
            return
        self._writer.run(lambda: store.save(settings), None,
                         lambda exc: self.statusBar().showMessage(
                             _tr("Settings not saved: {0}").format(exc), 8000))

    def _save_draft(self, text: str) -> None:
        self._writer.run(lambda: atomic_write_text(draft_path(), text), None,
                         lambda exc: self.statusBar().showMessage(
                             _tr("Draft not saved: {0}").format(exc), 8000))

    def _on_chat_model(self, config: Any) -> None:
        self.settings = chat_model_config.store(self.settings, config)
        self._schedule_save()

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

    # --- help -----------------------------------------------------------------------------------

    def show_about(self) -> None:
        from studio.ui import __version__

        engines = self.engine_combo.currentText() if self.registry is not None else _tr("not loaded yet")
        QMessageBox.about(self, _tr("About Step Audio Studio"), _tr(
            "<h3>Step Audio Studio {0}</h3>"
            "<p>A desktop voice studio for the Step-Audio family of speech models, with an offline CPU "
            "engine that works on any laptop.</p>"
            "<p>Current engine: {1}<br>Data folder: {2}</p>"
            "<p>Licence: GPL-3.0-or-later. Built with Qt (PySide6) and pyqtgraph.</p>").format(
            __version__, engines, paths.data_dir()))

    def show_shortcuts(self) -> None:
        rows = [
            ("Ctrl+Enter", _tr("Generate")), ("Esc", _tr("Stop generating or playing")),
            ("Ctrl+Space", _tr("Play / pause")), ("Space", _tr("Play / pause (outside text fields)")),
            ("F2", _tr("Rename the selected take")), ("Del", _tr("Delete the selected take")),
            ("Ctrl+D", _tr("Favourite the selected take")), ("Ctrl+E", _tr("Export the selected take")),
        ]
        table = "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in rows)
        QMessageBox.information(self, _tr("Keyboard Shortcuts"), f"<table>{table}</table>")

    # --- closing --------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        with contextlib.suppress(Exception):
            text = self.speak.editor.toPlainText()
            atomic_write_text(draft_path(), text)
        self.speak.shutdown()
        self.clone.shutdown()
        self.chat.shutdown()
        self._writer.wait(5000)
        if self.engines is not None:
            # Free models while the interpreter is whole: onnxruntime's threads torn down during
            # interpreter finalisation abort the process ("terminate called ...").
            for engine_id in self.engines.loaded_ids():
                with contextlib.suppress(Exception):
                    self.engines.unload(engine_id)
        self.save_settings(wait=True)
        super().closeEvent(event)


# --- defaults (the real collaborators) ------------------------------------------------------------


def _default_registry() -> Any:
    from backends.registry import Registry

    return Registry()


def _default_library() -> Any:
    from studio.library.takes import TakeLibrary

    return TakeLibrary(paths.data_dir())


def _default_player(index: int | None) -> Any:
    from studio.devices.playback import StreamPlayer

    return StreamPlayer(index)


def _shipped_presets() -> Any:
    from studio.voices.presets import shipped_presets

    return shipped_presets()


def _probe_devices() -> tuple[list[Any], str | None]:
    from studio.devices.playback import audio_unavailable_reason, output_devices

    devices = output_devices()
    if not devices:
        return [], audio_unavailable_reason(None)
    return devices, None


def _read_draft() -> str | None:
    path = draft_path()
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        return None
