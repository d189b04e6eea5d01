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

Four workspaces: Speak, Clone, Edit and Chat. "Edit…" on a take in Speak opens it in Edit. Chat
speaks with the engine chosen here; its chat model and choices are kept in the settings' extra keys.

The window is composed of parts, one job each, mixed into MainWindow: toolbar (switcher and
pickers), menus, about (help boxes), session (settings and draft), output_picker, engine_picker
and engine_setup (remote engines, Step-Audio set-up). This module builds and starts them.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMainWindow,
    QScrollArea,
    QStackedLayout,
    QWidget,
)

from studio import paths
from studio.editing.share import SUFFIX as PROJECT_SUFFIX
from studio.engines import remote as remote_engines
from studio.library.storage import atomic_write_text
from studio.settings import Settings, SettingsStore
from studio.ui.chat.page import ChatPage
from studio.ui.clone.page import ClonePage
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import EventBridge, Tasks
from studio.ui.edit.page import EditPage
from studio.ui.shell.about import APP_NAME, AboutBoxes
from studio.ui.shell.engine_memory import EngineMemory
from studio.ui.shell.engine_picker import ADD_REMOTE, SETUP_STEP, EnginePicker
from studio.ui.shell.engine_setup import EngineSetup
from studio.ui.shell.keymap import Keymap
from studio.ui.shell.menus import Menus
from studio.ui.shell.output_picker import OutputPicker
from studio.ui.shell.session import DRAFT_FILE, Session, draft_path, read_draft
from studio.ui.shell.toolbar import Toolbar
from studio.ui.speak.page import SpeakPage
from widgets.announce import announce
from widgets.least_height import least_height

# Voice and preset bundles: a .zip from the studio (any name), the desktop's *.stepvoices.zip, or
# the presets-only .json.
BUNDLE_SUFFIXES = (".zip", ".stepvoices", ".json")

# Importable from here as before (tests, app.py).
__all__ = ["ADD_REMOTE", "APP_NAME", "DRAFT_FILE", "SETUP_STEP", "MainWindow", "draft_path"]


class _PagesLayout(QStackedLayout):
    """Sized by the page shown only: a hidden page's wrapping rows were last laid out at whatever
    width it had, and should not make the shown one scroll."""

    def hasHeightForWidth(self) -> bool:
        return False

    def minimumSize(self) -> QSize:
        page = self.currentWidget()
        if page is None:
            return QSize(0, 0)
        least = page.minimumSizeHint().expandedTo(page.minimumSize())
        width = page.width()  # (QStackedLayout keeps no geometry of its own)
        if page.layout() is not None and page.isVisible() and width > 0:
            least.setHeight(max(least.height(), least_height(page.layout(), width)))
        return least

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else QSize(0, 0)


class _Pages(QWidget):
    """The workspaces, one shown at a time. Their wrapping rows report height for width (their
    preferred height), and a scroll area asks a widget's layout for it: the page scroller would then
    make every page that tall and scroll it. Here the layout says no, so a page fills the window
    and scrolls only below its minimum size, which the rows raise as they wrap."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = _PagesLayout(self)

    def addWidget(self, page: QWidget) -> int:
        return self._layout.addWidget(page)

    def setCurrentWidget(self, page: QWidget) -> None:
        self._layout.setCurrentWidget(page)
        self._layout.invalidate()  # the minimum is the new page's

    def currentWidget(self) -> QWidget:
        return self._layout.currentWidget()

    def widget(self, index: int) -> QWidget:
        return self._layout.widget(index)

    def count(self) -> int:
        return self._layout.count()


class MainWindow(Toolbar, Menus, AboutBoxes, Session, OutputPicker, EnginePicker, EngineSetup,
                 EngineMemory, QMainWindow):
    """The studio window. Collaborators can be injected (tests); by default the real ones are made."""

    def __init__(self, store: SettingsStore | None = None, settings: Settings | None = None, *,
                 registry_factory: Callable[[], Any] | None = None,
                 library_factory: Callable[[], Any] | None = None,
                 player_factory: Callable[[int | None], Any] | None = None,
                 devices_probe: Callable[[], tuple[list[Any], str | None]] | None = None,
                 clone_services: Any | None = None,
                 chat_services: Any | None = None,
                 presets_loader: Callable[[], Any] | None = None,
                 edit_store_factory: Callable[[], Any] | None = None,
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
        self.engines: Any = None  # studio.engines.manager.EngineManager
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
        self.memory_dialog: Any = None
        self._loading_engine: str | None = None
        self._load_started = 0.0
        self._closing = False
        self._clone_services = clone_services
        self._chat_services = chat_services
        self._edit_store_factory = edit_store_factory

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
        self.clone.voices_page.pronunciations = self.speak.pronunciations
        self.chat = ChatPage(self._chat_services, self)
        self.edit = EditPage(self, store_factory=self._edit_store_factory)
        self.stack = _Pages(self)
        self.stack.addWidget(self.speak)
        self.stack.addWidget(self.clone)
        self.stack.addWidget(self.edit)
        self.stack.addWidget(self.chat)
        # With large text on a small screen a page can need more room than the window has: it then
        # scrolls, instead of squeezing its controls until their labels are cut.
        self.page_scroller = QScrollArea(self)
        self.page_scroller.setWidget(self.stack)
        self.page_scroller.setWidgetResizable(True)
        self.page_scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab moves through the page; the
        # scroller shows the control that takes the focus (QScrollArea.focusNextPrevChild)
        self.setCentralWidget(self.page_scroller)

        self._build_toolbar()

        self.engine_status = QLabel(_tr("Starting…"), self)
        self.engine_status.setObjectName("engineStatus")
        self.statusBar().addWidget(self.engine_status)
        self.statusBar().setSizeGripEnabled(True)
        # What the status line says (a take finished, a file saved or refused) is read out too.
        self.statusBar().messageChanged.connect(lambda text: announce(self.statusBar(), text))
        self.speak.statusMessage.connect(lambda m: self.statusBar().showMessage(m, 6000))
        self.speak.preferencesChanged.connect(self._schedule_save)
        self.speak.draftChanged.connect(self._save_draft)
        self.clone.statusMessage.connect(lambda m: self.statusBar().showMessage(m, 6000))
        self.chat.statusMessage.connect(lambda m: self.statusBar().showMessage(m, 6000))
        self.edit.statusMessage.connect(lambda m: self.statusBar().showMessage(m, 6000))
        self.speak.takes.editRequested.connect(self.edit_take)
        self.clone.editReferenceRequested.connect(self._edit_reference)
        self.chat.editRequested.connect(self._edit_audio)
        self.chat.preferencesChanged.connect(self._schedule_save)
        self.chat.modelConfigChanged.connect(self._on_chat_model)
        self.clone.voicesChanged.connect(self.speak.set_library_voices)
        # The voice library also holds the user's presets: hand them to Speak once it is open.
        self.clone.libraryOpened.connect(lambda library: self.speak.set_preset_library(library.presets))
        self._pending_bundles: list[str] = []
        self.clone.libraryOpened.connect(self._import_pending_bundles)
        self.speak.engine_switcher = self

        self._build_menus()
        self.keymap = Keymap(self)  # every action with a key, found now that all are built

    # --- background start-up --------------------------------------------------------------------

    def start_background(self) -> None:
        """Everything slow, off the GUI thread, after the window is on screen."""
        self._tasks.run(self._library_factory, self._on_library_opened, self._on_library_failed)
        self._tasks.run(self._registry_factory, self._on_registry, self._on_registry_failed)
        self._tasks.run(self._devices_probe, self._on_devices, lambda exc: self._on_devices(([], str(exc))))
        self._tasks.run(read_draft, self._on_draft_read, lambda exc: None)
        self.clone.open_library()
        self.speak.load_shipped_presets(self._presets_loader)
        self.chat.start_background()
        self.edit.start_background()
        self._start_idle_unloading()

    def _on_library_opened(self, library: Any) -> None:
        self.library = library
        self.speak.set_library(library)

    def _on_library_failed(self, exc: BaseException) -> None:
        self.speak.set_library_failed(translate_core(str(exc)))

    def edit_take(self, take_id: str) -> None:
        """Edit… on a take: a new Edit project on its audio (the take itself is never changed)."""
        model = self.speak.takes.model
        row = model.row_of(take_id)
        take = model.take_at(row) if row >= 0 else None
        if take is None or not getattr(take, "playable", True):
            self.statusBar().showMessage(_tr("That take's audio is missing, so it cannot be edited."), 6000)
            return
        self.edit.open_file(take.audio_path, take.title, {"kind": "take", "take_id": take.id,
                                                           "engine_id": take.engine_id,
                                                           "voice_id": take.voice_id})
        self.show_workspace("edit")

    def _edit_reference(self, audio: Any, name: str, origin: dict[str, Any]) -> None:
        self.edit.open_audio(audio, _tr("{name} (reference)").format(name=name), origin)
        self.show_workspace("edit")

    def _edit_audio(self, audio: Any, title: str, origin: dict[str, Any]) -> None:
        self.edit.open_audio(audio, title, origin)
        self.show_workspace("edit")

    # --- files handed over by a launcher ----------------------------------------------------------

    def open_paths(self, files: list[Path]) -> None:
        """Open what `step-studio open FILE…` names, once the background start has begun: edit
        projects and recordings in Edit, voice and preset bundles in Clone (previewed, asked)."""
        QTimer.singleShot(0, lambda: self._open_all(files))

    def _open_all(self, files: list[Path]) -> None:
        for path in files:
            self._open_path(Path(path))

    def _open_path(self, path: Path) -> None:
        if not path.is_file():
            self.statusBar().showMessage(_tr("{name} cannot be opened: there is no such file.")
                                         .format(name=path.name), 8000)
            return
        name = path.name.lower()
        if name.endswith(PROJECT_SUFFIX):
            self.edit.doc.import_project(path)
            self.show_workspace("edit")
        elif name.endswith(BUNDLE_SUFFIXES):
            self.show_workspace("clone")
            if self.clone.library is not None:
                self.clone.voices_page.import_bundle(str(path))
            else:  # the library opens off the GUI thread: import once it is there
                self._pending_bundles.append(str(path))
        else:  # a recording: the project says in one sentence if it cannot be read
            self.edit.open_file(path)
            self.show_workspace("edit")

    def _import_pending_bundles(self, _library: Any) -> None:
        pending, self._pending_bundles = self._pending_bundles, []
        for path in pending:
            self.clone.voices_page.import_bundle(path)

    # --- closing --------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        with contextlib.suppress(Exception):
            text = self.speak.editor.toPlainText()
            atomic_write_text(draft_path(), text)
        self.speak.shutdown()
        self.clone.shutdown()
        self.chat.shutdown()
        self.edit.shutdown()
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
