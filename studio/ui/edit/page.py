"""The Edit workspace: any recording, edited by selection, with every step undoable and the project
saved in the library as the user works.

Left: the projects in the library. Centre: the timeline (waveform, selection, playhead, and the
word lane once the recording is transcribed), the operations bar and the transport. Right: tabs
for the history of versions (A/B and restore), the words (transcript editing and re-speaking)
and edits by instruction through the chosen engine.

Everything that touches the project runs on the document's worker (studio.ui.edit.document);
this page only draws snapshots and sends requests, so a long denoise or a 2-hour file never
freezes the window, and while a step runs the controls that would start another are disabled.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from backends.audio import Audio
from backends.base import CancelToken
from backends.edits import EditKind, EditRequest, SupportsEditing
from backends.lexicon import Pronunciation
from studio import paths
from studio.editing import EditProject, EditStore
from studio.editing.overview import MAX_SPECTRUM_SECONDS
from studio.ui.clone.source_step import AUDIO_FILTER
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import EventBridge, Tasks
from studio.ui.edit.document import DocState, EditDocument
from studio.ui.edit.history_panel import HistoryPanel
from studio.ui.edit.instruction_panel import InstructionPanel
from studio.ui.edit.listen import Listen
from studio.ui.edit.operations import OperationsBar
from studio.ui.edit.projects_panel import ProjectsPanel
from studio.ui.edit.tokens import EditTokens
from studio.ui.edit.words import WordsEditing
from studio.ui.edit.words_panel import WordsPanel
from widgets.edit_timeline import EditTimeline, format_clock
from widgets.flow import FlowRow
from widgets.notices import Level, NoticeArea
from widgets.sizes import scaled

PROJECT_FILTER = "Step Audio Studio edit (*.stepedit)"
EXPORT_FILTER = "WAV (*.wav);;FLAC (*.flac);;Ogg Vorbis (*.ogg);;MP3 (*.mp3)"


def _default_store() -> EditStore:
    return EditStore(paths.data_dir())


class EditPage(QWidget):
    statusMessage = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, store_factory: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("editPage")
        self.doc = EditDocument(store_factory or _default_store, self)
        self.listen = Listen(self)
        self.engine: Any = None  # the window's chosen engine (edits by instruction go through it)
        self.engines: Any = None  # the window's EngineManager: re-speaking picks its engine from it
        self.take_lookup: Any = None  # take id -> Take (the window's take library), for re-speaking
        self.pronunciations: Callable[[], tuple[Pronunciation, ...]] = tuple  # the user's, for re-speaking
        self._cancel: CancelToken | None = None
        self._progress = EventBridge(0, self)
        self._last: dict[str, float] = {"gain": 3.0, "lufs": -16.0, "dbfs": -1.0, "speed": 1.25,
                                        "pitch": 2.0, "silence": 0.5, "pause": 0.6, "keep": 0.3}
        self._build()
        self._connect()
        self._sync()

    # --- construction ---------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(split)
        self.projects = ProjectsPanel(split)
        split.addWidget(self.projects)

        centre = QWidget(split)
        cl = QVBoxLayout(centre)
        cl.setContentsMargins(8, 0, 8, 0)
        head = QHBoxLayout()
        self.title_label = QLabel(_tr("No recording open"), centre)
        self.title_label.setObjectName("pageTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        head.addWidget(self.title_label, 1)
        self.position_label = QLabel("", centre)
        self.position_label.setAccessibleName(_tr("Selection"))
        head.addWidget(self.position_label)
        cl.addLayout(head)
        self.notices = NoticeArea(centre)
        cl.addWidget(self.notices)
        self.timeline = EditTimeline(centre)
        self.timeline.set_placeholder(_tr("Open a recording to edit it: any audio file, a take from Speak "
                                          "(Edit on a take), or a project on the left."))
        cl.addWidget(self.timeline, 1)

        transport = FlowRow(spacing=6)  # wraps under large text instead of cutting the labels
        self.play_button = QPushButton(_tr("Play"), centre)
        self.play_button.setToolTip(_tr("Play the selection, or from the cursor (Space)"))
        self.stop_button = QPushButton(_tr("Stop"), centre)
        self.undo_button = QPushButton(_tr("Undo"), centre)
        self.redo_button = QPushButton(_tr("Redo"), centre)
        self.fit_button = QPushButton(_tr("Fit"), centre)
        self.fit_button.setToolTip(_tr("Show the whole recording (Ctrl+0)"))
        self.zoom_sel_button = QPushButton(_tr("Zoom to selection"), centre)
        self.spectrum_button = QPushButton(_tr("Spectrogram"), centre)
        self.spectrum_button.setCheckable(True)
        self.spectrum_button.setChecked(True)
        self.spectrum_button.setToolTip(_tr("Show the frequencies under the waveform"))
        self.export_button = QPushButton(_tr("Export audio…"), centre)
        self.share_button = QPushButton(_tr("Export project…"), centre)
        self.share_button.setToolTip(_tr("Save the project with its source as one .stepedit file to share"))
        for b in (self.play_button, self.stop_button, self.undo_button, self.redo_button):
            transport.addWidget(b)
        transport.addStretch()
        self.edit_tokens = EditTokens(self)
        for b in (self.spectrum_button, self.edit_tokens.button, self.fit_button, self.zoom_sel_button):
            transport.addWidget(b)
        self.projects.add_project_buttons(self.export_button, self.share_button)
        # Never narrower than its own buttons need, however much the centre asks for.
        self.projects.setMinimumWidth(max(scaled(200), self.projects.minimumSizeHint().width()))
        cl.addLayout(transport)
        self.ops = OperationsBar(centre)
        cl.addWidget(self.ops)
        split.addWidget(centre)

        self.side = QTabWidget(split)
        self.side.setAccessibleName(_tr("History, words and instruction"))
        self.history = HistoryPanel(self.side)
        self.side.addTab(self.history, _tr("History"))
        self.words = WordsPanel(self.side)
        self.side.addTab(self.words, _tr("Words"))
        self.instruction = InstructionPanel(self.side)
        self.side.addTab(self.instruction, _tr("Instruction"))
        split.addWidget(self.side)
        # As wide as its widest row of buttons ("Play this version", "Restore") at the font shown.
        self.side.setMinimumWidth(max(scaled(260), self.history.sizeHint().width()))
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setStretchFactor(2, 0)
        split.setSizes([scaled(220), scaled(800), scaled(300)])

        self._actions: dict[str, QAction] = {}
        for key, text, shortcuts, slot in (
                ("undo", _tr("Undo"), (QKeySequence.StandardKey.Undo,), self.doc.undo),
                ("redo", _tr("Redo"), (QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z"), self.doc.redo),
                ("play", _tr("Play"), ("Space",), self.toggle_play),
                ("all", _tr("Select all"), (QKeySequence.StandardKey.SelectAll,), self.timeline.select_all),
                ("fit", _tr("Fit"), ("Ctrl+0",), self.timeline.fit),
                ("zoom_in", _tr("Zoom in"), (QKeySequence.StandardKey.ZoomIn, "Ctrl+="),
                 lambda: self.timeline.zoom(0.5)),
                ("zoom_out", _tr("Zoom out"), (QKeySequence.StandardKey.ZoomOut,),
                 lambda: self.timeline.zoom(2.0))):
            action = QAction(text, self)
            action.setObjectName(f"edit.{key}")
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            self._actions[key] = action
        for action in self.ops.shortcut_actions():
            self.addAction(action)

    def _connect(self) -> None:
        d = self.doc
        d.libraryOpened.connect(lambda: self.projects.set_enabled_library(True))
        d.libraryFailed.connect(self._on_library_failed)
        d.listed.connect(lambda infos: self.projects.set_projects(infos, d.state and d.state.project_id))
        d.opened.connect(self._on_opened)
        d.changed.connect(self._on_changed)
        d.closed.connect(self._on_closed)
        d.overviewReady.connect(self.timeline.set_overview)
        d.spectrumReady.connect(lambda a, b, cols: self.timeline.set_spectrum(
            a, b, cols, _tr("Zoom in to {n} minutes or less to see the spectrogram.").format(
                n=int(MAX_SPECTRUM_SECONDS // 60))))
        d.failed.connect(lambda text: self.notices.show_notice(text, Level.WARNING, key="edit"))
        d.busyChanged.connect(lambda _b: self._sync())
        self.timeline.viewChanged.connect(self._on_view)
        self.timeline.selectionChanged.connect(self._on_selection)
        self.timeline.seekRequested.connect(self._on_seek)
        self.timeline.phraseRequested.connect(self._select_phrase)
        self.timeline.cellChosen.connect(self._play_from)
        self.projects.openRequested.connect(d.open_project)
        self.projects.newRequested.connect(self.open_recording_dialog)
        self.projects.renameRequested.connect(self._rename)
        self.projects.deleteRequested.connect(self._delete)
        self.projects.importRequested.connect(self._import)
        self.history.restoreRequested.connect(d.restore)
        self.history.playRequested.connect(self._play_version)
        self.ops.requested.connect(self.run_operation)
        self.instruction.runRequested.connect(self.run_instruction)
        self.instruction.cancelRequested.connect(self._cancel_instruction)
        self._progress.event.connect(lambda _t, v: self.instruction.set_progress(*v))
        self.words_editing = WordsEditing(self)
        self.play_button.clicked.connect(self.toggle_play)
        self.stop_button.clicked.connect(self.listen.stop)
        self.undo_button.clicked.connect(d.undo)
        self.redo_button.clicked.connect(d.redo)
        self.fit_button.clicked.connect(self.timeline.fit)
        self.zoom_sel_button.clicked.connect(self.timeline.zoom_to_selection)
        self.spectrum_button.toggled.connect(self._show_spectrum)
        self.export_button.clicked.connect(self._export_audio)
        self.share_button.clicked.connect(self._export_project)
        self.listen.changed.connect(self._sync)
        self.listen.playhead.connect(self.timeline.set_playhead)
        self.listen.failed.connect(
            lambda text: self.notices.show_notice(text or _tr("No audio output device."), Level.INFO,
                                                  key="playback"))
        self.projects.set_enabled_library(False, _tr("Opening the edit library…"))

    # --- public -----------------------------------------------------------------------------------

    def start_background(self) -> None:
        self.doc.open_library()

    def set_player(self, player: Any, reason: str | None, device_tasks: Tasks | None) -> None:
        self.listen.set_player(player, reason, device_tasks)
        self._sync()

    def set_engine(self, engine_id: str | None, backend: Any, reason: str | None = None) -> None:
        """The window's chosen engine, once loaded (None while there is none, `reason` says why)."""
        self.engine = backend
        manifest = getattr(backend, "manifest", None)
        if manifest is not None and not isinstance(backend, SupportsEditing):
            # It may list edits in its manifest, but offers no way to run them here: say so.
            reason = _tr("{name} cannot edit recordings by instruction; choose an engine that lists "
                         "edits.").format(name=translate_core(manifest.name))
            manifest = None
        self.instruction.set_engine(manifest, reason)
        self._sync()

    def open_file(self, path: str | Path, title: str | None = None,
                  origin: dict[str, Any] | None = None) -> None:
        """Start a project on a recording (a file, a take, a voice's reference): the Edit offers."""
        self.listen.stop()
        self.statusMessage.emit(_tr("Opening {name}…").format(name=Path(path).name))
        self.doc.create_from_file(path, title, origin)

    def open_audio(self, audio: Audio, title: str, origin: dict[str, Any] | None = None) -> None:
        self.listen.stop()
        self.doc.create_from_audio(audio, title, origin)

    def open_recording_dialog(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _tr("Open a recording to edit"), str(Path.home()),
                                               AUDIO_FILTER + ";;" + _tr("All files (*)"))
        if path:
            self.open_file(path)

    def set_engines(self, engines: Any, take_lookup: Any = None) -> None:
        """The window's engines (and takes): who re-speaks words is chosen among them."""
        self.engines, self.take_lookup = engines, take_lookup
        self.words_editing.refresh_plan()

    def shutdown(self) -> None:
        self.edit_tokens.shutdown()
        self.words_editing.cancel()
        self._cancel_instruction()
        self.listen.stop()
        self.doc.shutdown()

    # --- document reports -------------------------------------------------------------------------

    def _on_library_failed(self, text: str) -> None:
        self.projects.set_enabled_library(False, text)
        self.notices.show_notice(text, Level.ERROR, key="library")

    def _on_opened(self, state: DocState) -> None:
        self.notices.clear()
        self.timeline.set_selection(0.0, 0.0)
        self.timeline.set_duration(state.duration, keep_view=False)
        self._show_state(state)
        self.statusMessage.emit(_tr("Opened “{title}”: every change is saved as you work.").format(
            title=state.title))

    def _on_changed(self, state: DocState) -> None:
        self.timeline.set_duration(state.duration)
        if state.select is not None:
            self.timeline.set_selection(*state.select)
        self._show_state(state)

    def _on_closed(self) -> None:
        self.words_editing.show_state(None)
        self.edit_tokens.show_state(None)
        self.listen.stop()
        self.timeline.set_duration(0.0, keep_view=False)
        self.title_label.setText(_tr("No recording open"))
        self.history.set_state(None)
        self._sync()

    def _show_state(self, state: DocState) -> None:
        self.title_label.setText(f"{state.title}  ·  {format_clock(state.duration, 0.1)}")
        self.history.set_state(state)
        self.words_editing.show_state(state)
        self.edit_tokens.show_state(state)
        self._sync()

    def _on_view(self, start: float, end: float, columns: int) -> None:
        if self.doc.state is not None:
            self.doc.request_overview(start, end, columns)

    def _on_selection(self, _a: float, _b: float) -> None:
        self._sync()
        self.words_editing.selection_moved()

    def _show_spectrum(self, shown: bool) -> None:
        self.doc.want_spectrum = shown
        self.timeline.show_spectrum(shown)

    def _on_seek(self, seconds: float) -> None:
        if self.listen.playing:
            self._play_from(seconds, None)

    # --- state ------------------------------------------------------------------------------------

    def _sync(self) -> None:
        state, busy = self.doc.state, self.doc.busy
        has = state is not None
        a, b = self.timeline.selection
        self.ops.update_state(has_project=has, has_selection=b > a,
                              has_clipboard=self.doc.clipboard is not None, busy=busy)
        self._actions["undo"].setEnabled(has and not busy and state.can_undo)  # type: ignore[union-attr]
        self._actions["redo"].setEnabled(has and not busy and state.can_redo)  # type: ignore[union-attr]
        self.undo_button.setEnabled(self._actions["undo"].isEnabled())
        self.redo_button.setEnabled(self._actions["redo"].isEnabled())
        for w in (self.export_button, self.share_button, self.fit_button, self.play_button):
            w.setEnabled(has and not busy)
        self.zoom_sel_button.setEnabled(has and b > a)
        self.instruction.set_can_run(has and not busy and self.engine is not None)
        self.words.set_busy(busy)
        self.stop_button.setEnabled(self.listen.playing)
        self.play_button.setText(_tr("Pause") if self.listen.playing else _tr("Play"))
        if has:
            if b > a:
                text = _tr("Selection {a} – {b} ({n} s)").format(
                    a=format_clock(a, 0.01), b=format_clock(b, 0.01), n=f"{b - a:.2f}")
            else:
                text = _tr("Cursor {a}").format(a=format_clock(a, 0.01))
            self.position_label.setText(text + ("  ·  " + _tr("working…") if busy else ""))
        else:
            self.position_label.setText("")

    # --- playback ---------------------------------------------------------------------------------

    def toggle_play(self) -> None:
        if self.listen.playing:
            self.listen.stop()
            return
        if self.doc.state is None:
            return
        a, b = self.timeline.selection
        self._play_from(a, b if b > a else None)

    def _play_from(self, start: float, end: float | None, version: int | None = None) -> None:
        self.doc.render(lambda audio: self.listen.play(audio, start, version), start=start, end=end,
                        version=version)

    def _play_version(self, version: int) -> None:
        state = self.doc.state
        if state is None:
            return
        a, b = self.timeline.selection
        self.listen.stop()
        self._play_from(a, b if b > a else None, version)

    # --- operations -------------------------------------------------------------------------------

    def _ask(self, key: str, title: str, label: str, lo: float, hi: float, decimals: int = 1) -> float | None:
        value, ok = QInputDialog.getDouble(self, title, label, self._last[key], lo, hi, decimals)
        if not ok:
            return None
        self._last[key] = value
        return value

    def _span(self) -> tuple[float, float]:
        a, b = self.timeline.selection
        return (a, b) if b > a else (0.0, self.timeline.duration)

    def run_operation(self, key: str) -> None:
        """One operation of the bar (or its shortcut) on the selection, cursor or whole."""
        if self.doc.state is None or self.doc.busy:
            return
        self.notices.clear()
        a, b = self.timeline.selection
        sa, sb = self._span()
        d = self.doc
        simple: dict[str, Any] = {
            "delete": lambda p: (p.delete(a, b), (a, a))[1],
            "crop": lambda p: (p.crop(a, b), (0.0, p.duration))[1],
            "silence": lambda p: p.silence(a, b),
            "fade_in": lambda p: p.fade_in(a, b),
            "fade_out": lambda p: p.fade_out(a, b),
            "denoise": lambda p: p.denoise(sa, sb),
        }
        if key in simple:
            d.apply(lambda p, f=simple[key]: f(p) or (a, b))
        elif key == "cut":
            d.cut(a, b)
        elif key == "copy":
            d.copy(a, b, lambda: (self._sync(), self.statusMessage.emit(_tr("Copied {n} s.").format(
                n=f"{b - a:.2f}"))))
        elif key == "paste":
            d.paste(a)
        elif key == "split":
            d.split(a)
        elif key == "insert_file":
            files = AUDIO_FILTER + ";;" + _tr("All files (*)")
            path, _f = QFileDialog.getOpenFileName(self, _tr("Insert a recording at the cursor"),
                                                   str(Path.home()), files)
            if path:
                d.insert_file(a, path)
        elif key == "insert_silence":
            if (s := self._ask("silence", _tr("Insert silence"), _tr("Seconds of silence:"), 0.01, 60, 2)):
                d.apply(lambda p: (p.insert_silence(a, s), (a, a + s))[1])
        elif key == "gain":
            if (g := self._ask("gain", _tr("Gain"), _tr("Change in decibels:"), -40, 40)) is not None:
                d.apply(lambda p: (p.gain(sa, sb, g), (a, b))[1])
        elif key == "normalize":
            self._normalize(sa, sb)
        elif key == "speed":
            if (f := self._ask("speed", _tr("Speed"), _tr("Speed factor (1.25 is a quarter faster):"),
                               0.25, 4, 2)):
                d.apply(lambda p: (p.change_speed(sa, sb, f), None)[1])
        elif key == "pitch":
            st = self._ask("pitch", _tr("Pitch"), _tr("Semitones (negative is lower):"), -24, 24)
            if st is not None:
                d.apply(lambda p: (p.change_pitch(sa, sb, st), (a, b))[1])
        elif key == "shorten_pauses":
            self._shorten_pauses(sa, sb)

    def _normalize(self, a: float, b: float) -> None:
        loud, peak = _tr("Loudness (LUFS)"), _tr("Peak (dBFS)")
        choice, ok = QInputDialog.getItem(self, _tr("Normalise"), _tr("Normalise by:"), [loud, peak], 0,
                                          False)
        if not ok:
            return
        if choice == loud:
            if (v := self._ask("lufs", _tr("Normalise loudness"), _tr("Target loudness in LUFS:"), -40, -5)) \
                    is not None:
                self.doc.apply(lambda p: (p.normalize_loudness(a, b, v), None)[1])
        elif (v := self._ask("dbfs", _tr("Normalise peak"), _tr("Target peak in dBFS:"), -30, 0)) is not None:
            self.doc.apply(lambda p: (p.normalize_peak(a, b, v), None)[1])

    def _shorten_pauses(self, a: float, b: float) -> None:
        longer = self._ask("pause", _tr("Shorten pauses"), _tr("Shorten pauses longer than (seconds):"),
                           0.1, 10, 2)
        if longer is None:
            return
        keep = self._ask("keep", _tr("Shorten pauses"), _tr("Keep this much of each (seconds, 0 removes):"),
                         0, longer, 2)
        if keep is None:
            return

        def step(p: EditProject) -> None:
            n = p.shorten_pauses(a, b, longer_than=longer, keep=keep)
            if n == 0:
                from studio.editing import EditError

                raise EditError(f"No pause longer than {longer:.2f} s was found.")

        self.doc.apply(step)

    def _select_phrase(self, at: float) -> None:
        """Double-click: the span between the pauses around `at` (voice activity, on the worker)."""
        def step(p: EditProject) -> tuple[float, float]:
            from studio.editing.dsp import pauses

            window = 30.0
            lo, hi = max(0.0, at - window), min(p.duration, at + window)
            audio = p.render(None, lo, hi)
            start, end = lo, hi
            for x, y in pauses(audio.samples, audio.sample_rate):
                mid = lo + (x + y) / 2 / audio.sample_rate
                if mid <= at:
                    start = max(start, mid)
                elif mid > at:
                    end = min(end, mid)
            return start, end

        self.doc.apply(step)

    # --- edits by instruction -------------------------------------------------------------------

    def run_instruction(self, request: EditRequest, repeat: int) -> None:
        """An engine edit of the selection (or the whole), `repeat` times, on the worker."""
        from studio.editing.instruct import apply_instruction

        engine = self.engine
        if self.doc.state is None or self.doc.busy or engine is None:
            return
        self.notices.clear()
        a, b = self._span()
        if request.kind is EditKind.PARALINGUISTIC and request.at is None:
            # The sound goes at the cursor (a click on the waveform), else where the selection starts.
            request = dataclasses.replace(request, at=self.timeline.selection[0])
        cancel = self._cancel = CancelToken()
        bridge = self._progress

        def step(p: EditProject) -> tuple[float, float]:
            result = apply_instruction(p, engine, request, a, b, repeat=repeat, cancel=cancel,
                                       progress=lambda f, m: bridge.deliver((f, m)))
            return result.start, result.end

        self.instruction.set_running(True)
        self.doc.apply(step, finished=lambda: self.instruction.set_running(False))

    def _cancel_instruction(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()

    # --- project commands -------------------------------------------------------------------------

    def _rename(self, project_id: str, old: str) -> None:
        title, ok = QInputDialog.getText(self, _tr("Rename project"), _tr("Title:"), text=old)
        if ok and title.strip():
            self.doc.rename(project_id, title)

    def _delete(self, project_id: str, title: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, _tr("Delete project"),
                          _tr("Delete the project “{title}” and its history? The recording it was made "
                              "from is not touched.").format(title=title),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if box.exec() == QMessageBox.StandardButton.Yes:
            self.doc.delete(project_id)

    def _import(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _tr("Import a project"), str(Path.home()),
                                               PROJECT_FILTER)
        if path:
            self.doc.import_project(path)

    def _export_audio(self) -> None:
        state = self.doc.state
        if state is None:
            return
        path, _f = QFileDialog.getSaveFileName(self, _tr("Export the edited audio"),
                                               str(Path.home() / f"{state.title}.wav"), EXPORT_FILTER)
        if path:
            self.doc.export_audio(path, self._exported)

    def _export_project(self) -> None:
        state = self.doc.state
        if state is None:
            return
        path, _f = QFileDialog.getSaveFileName(self, _tr("Export the project"),
                                               str(Path.home() / f"{state.title}.stepedit"), PROJECT_FILTER)
        if path:
            self.doc.export_project(path, self._exported)

    def _exported(self, path: Path) -> None:
        self.statusMessage.emit(_tr("Exported {path}").format(path=path))
