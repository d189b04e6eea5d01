"""The takes the page keeps: the history list and a take's details, the audio on the waveform, and
what can be done to a take (rename, favourite, delete, play, export). Library reads and writes run
off the GUI thread; the audio of recently shown takes is cached."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QFrame, QLabel, QMessageBox, QSplitter, QVBoxLayout, QWidget

from backends.audio import Audio
from studio.engines.provenance import spoken_voice
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.labels import safe_filename
from studio.ui.common.tasks import Tasks
from studio.ui.speak.playback import Playback
from studio.ui.speak.transport import TransportBar
from widgets.notices import Level, NoticeArea
from widgets.sizes import scaled
from widgets.take_details import TakeDetails
from widgets.take_list import TakeList
from widgets.waveform_view import WaveformView

AUDIO_CACHE_TAKES = 8


class TakeView(QSplitter):
    """History above details; also owns which take (or unsaved audio) is current."""

    statusMessage = Signal(str)
    preferencesChanged = Signal()  # the export folder, format or sidecar choice changed
    changed = Signal()  # the current take or audio changed: the buttons follow

    def __init__(self, waveform: WaveformView, transport: TransportBar, playback: Playback,
                 notices: NoticeArea, io: Tasks, loads: Tasks, busy: Callable[[], bool],
                 text: Callable[[], str], engine_id: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.library: Any = None  # studio.library.takes.TakeLibrary once opened
        self.export_dir = ""
        self.export_format = "wav"
        self.export_sidecar = False
        self.current_take: Any = None
        self.current_audio: Audio | None = None
        self.unsaved_meta: dict[str, Any] | None = None  # current audio that is not in the library
        self._waveform = waveform
        self._time_label = transport.time_label
        self._sidecar_action = transport.sidecar_action
        self._playback = playback
        self._notices = notices
        self._io = io
        self._loads = loads
        self._busy = busy  # a take is being made
        self._text = text  # the editor's text, for a take whose metadata lacks it
        self._engine_id = engine_id
        self._pending_saves: list[tuple[Audio, dict[str, Any]]] = []
        self._audio_cache: OrderedDict[str, Audio] = OrderedDict()
        self._load_serial = 0

        self.setChildrenCollapsible(False)
        takes_box = QWidget(self)
        tv = QVBoxLayout(takes_box)
        tv.setContentsMargins(8, 0, 0, 4)
        tv.setSpacing(6)
        heading = QLabel(_tr("Takes"), takes_box)
        heading.setProperty("role", "heading")
        tv.addWidget(heading)
        self.takes = TakeList(takes_box)
        tv.addWidget(self.takes, 1)
        details_box = QWidget(self)
        dv = QVBoxLayout(details_box)
        dv.setContentsMargins(8, 4, 0, 0)
        dv.setSpacing(6)
        dheading = QLabel(_tr("Details"), details_box)
        dheading.setProperty("role", "heading")
        dv.addWidget(dheading)
        details_card = QFrame(details_box)
        details_card.setObjectName("card")
        dcl = QVBoxLayout(details_card)
        dcl.setContentsMargins(6, 6, 6, 6)
        self.details = TakeDetails(details_card)
        dcl.addWidget(self.details)
        dv.addWidget(details_card, 1)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.setMinimumWidth(scaled(280))

        self._sidecar_action.toggled.connect(self._on_sidecar_toggled)
        self.takes.currentTakeChanged.connect(self._on_take_selected)
        self.takes.playRequested.connect(self._play_take)
        self.takes.renameRequested.connect(self._rename_take)
        self.takes.deleteRequested.connect(self._delete_take)
        self.takes.favouriteRequested.connect(self._favourite_take)
        self.takes.exportRequested.connect(self.export_take)

    # --- the library ----------------------------------------------------------------------------

    def set_library(self, library: Any) -> None:
        """Use an opened TakeLibrary: list its takes (in the background) and save pending takes."""
        self.library = library
        self._io.run(lambda: library.list(), self._on_takes_listed,
                     lambda exc: self._notices.show_notice(
                         _tr("The take history could not be read: {0}").format(translate_core(str(exc))),
                         Level.ERROR, key="library"))
        pending, self._pending_saves = self._pending_saves, []
        for audio, meta in pending:
            self.save_take(audio, meta)
        problems = getattr(library, "problems", [])
        if problems:
            found = "\n".join(translate_core(p.message) for p in problems[:3])
            self._notices.show_notice(found, Level.WARNING,
                                      key="library")

    def set_library_failed(self, message: str) -> None:
        self._notices.show_notice(
            _tr("Takes cannot be kept: {0} Generating and exporting still work.").format(message),
            Level.ERROR, key="library")

    def _on_takes_listed(self, takes: list[Any]) -> None:
        self.takes.set_takes(takes)
        if takes and self.current_audio is None and not self._busy():
            self.takes.select(takes[0].id)

    def clear_current(self) -> None:
        """A new take is being made: nothing is current until it finishes."""
        self.current_take = None
        self.current_audio = None
        self.unsaved_meta = None
        self.changed.emit()

    def take_made(self, audio: Audio, metadata: dict[str, Any]) -> None:
        """A take finished: it is current (unsaved until the library has it), and is saved."""
        self.current_audio = audio
        self.unsaved_meta = metadata
        self.changed.emit()

    def save_take(self, audio: Audio, metadata: dict[str, Any]) -> None:
        if self.library is None:
            self._pending_saves.append((audio, metadata))
            return
        job_request_text = self._text()
        text = str(metadata.get("text") or job_request_text)
        voice_id = spoken_voice(metadata)
        library = self.library
        engine_id = self._engine_id()

        def add() -> Any:
            return library.add(audio, text=text, engine_id=engine_id, voice_id=voice_id, metadata=metadata)

        def done(take: Any) -> None:
            self._cache_audio(take.id, audio)
            if self.current_audio is audio:
                self.current_take = take
                self.unsaved_meta = None
            self.takes.add_take(take, select=not self._busy())
            self.statusMessage.emit(_tr("Saved “{0}” to the history").format(take.title))
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            self._notices.show_notice(_tr("The take could not be saved: {0} It is still shown here; export "
                                          "it to keep it.").format(exc), Level.ERROR, key="saved")

        self._io.run(add, done, failed)

    def _cache_audio(self, take_id: str, audio: Audio) -> None:
        self._audio_cache[take_id] = audio
        self._audio_cache.move_to_end(take_id)
        while len(self._audio_cache) > AUDIO_CACHE_TAKES:
            self._audio_cache.popitem(last=False)

    def _on_take_selected(self, take: Any) -> None:
        self.details.show_take(take)
        if take is None or self._busy():
            return
        if self.current_take is not None and self.current_take.id == take.id and self.current_audio:
            return
        self._playback.stop()
        self._playback.paused_at = None
        self.current_take = take
        self.current_audio = None
        self.unsaved_meta = None
        self.changed.emit()
        cached = self._audio_cache.get(take.id)
        if cached is not None:
            self._show_audio(take, cached)
            return
        if not getattr(take, "playable", True):
            self._waveform.clear()
            self._waveform.set_placeholder(_tr("The audio file of this take is missing."))
            return
        self._load_serial += 1
        serial = self._load_serial
        self._waveform.clear()
        self._waveform.set_placeholder(_tr("Loading…"))
        library = self.library

        def done(audio: Audio) -> None:
            self._cache_audio(take.id, audio)
            if serial == self._load_serial and self.current_take is take:
                self._show_audio(take, audio)

        def failed(exc: BaseException) -> None:
            if serial == self._load_serial:
                self._waveform.set_placeholder(_tr("This take's audio cannot be read: {0}").format(exc))

        self._loads.run(lambda: library.load_audio(take.id), done, failed)

    def _show_audio(self, take: Any, audio: Audio) -> None:
        self.current_take = take
        self.current_audio = audio
        self._waveform.set_audio(audio.samples, audio.sample_rate)
        self._time_label.setText(f"{audio.duration:.1f} s")
        self.changed.emit()

    def _rename_take(self, take_id: str, title: str) -> None:
        if self.library is None:
            return
        library = self.library
        self._io.run(lambda: library.rename(take_id, title), self._on_take_updated,
                     lambda exc: self._library_error(_tr("Could not rename the take: {0}"), exc))

    def _favourite_take(self, take_id: str, favourite: bool) -> None:
        if self.library is None:
            return
        self.takes.set_favourite(take_id, favourite)
        library = self.library
        self._io.run(lambda: library.set_favourite(take_id, favourite), self._on_take_updated,
                     lambda exc: self._library_error(_tr("Could not change the favourite: {0}"), exc))

    def _on_take_updated(self, take: Any) -> None:
        self.takes.set_title(take.id, take.title)
        self.takes.set_favourite(take.id, take.favourite)
        if self.current_take is not None and self.current_take.id == take.id:
            self.current_take = take
            self.details.show_take(take)

    def confirm_delete(self, title: str) -> bool:
        """Ask before deleting (there is no undo). Tests replace this."""
        answer = QMessageBox.question(
            self, _tr("Delete take"),
            _tr("Delete “{0}”? Its audio is removed from the history; this cannot be undone.").format(title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def _delete_take(self, take_id: str) -> None:
        if self.library is None or not self.confirm_delete(self.takes.title_of(take_id)):
            return
        if self.current_take is not None and self.current_take.id == take_id:
            self._playback.stop()
            self.current_take = None
            self.current_audio = None
            self._waveform.clear()
            self.details.show_take(None)
        self._audio_cache.pop(take_id, None)
        self.takes.remove_take(take_id)
        library = self.library
        self._io.run(lambda: library.delete(take_id), lambda _r: self.changed.emit(),
                     lambda exc: self._library_error(_tr("Could not delete the take: {0}"), exc))
        self.changed.emit()

    def _library_error(self, template: str, exc: BaseException) -> None:
        self._notices.show_notice(template.format(exc), Level.ERROR, key="library-op")

    def _play_take(self, take_id: str) -> None:
        if self.current_take is not None and self.current_take.id == take_id and self.current_audio:
            self._playback.paused_at = 0.0
            if self._playback.player is None:
                self._playback.toggle_play()  # says why there is no sound
            else:
                self._playback.play(self.current_audio, 0.0)  # play() replaces whatever is playing

    # --- export ---------------------------------------------------------------------------------

    def _on_sidecar_toggled(self, on: bool) -> None:
        self.export_sidecar = on
        self.preferencesChanged.emit()

    def set_export_preferences(self, folder: str, fmt: str, sidecar: bool) -> None:
        self.export_dir = folder
        self.export_format = fmt or "wav"
        self._sidecar_action.setChecked(bool(sidecar))

    def export_current(self) -> None:
        take = self.current_take
        if take is not None:
            self.export_take(take.id)
        elif self.current_audio is not None and self.unsaved_meta is not None:
            self._export(None, self.current_audio, self.unsaved_meta, "take")

    def export_take(self, take_id: str) -> None:
        title = self.takes.title_of(take_id) or "take"
        self._export(take_id, None, None, title)

    def ask_export_path(self, suggested: str) -> tuple[str, str]:
        """The save dialog (tests replace it). Returns (path, chosen filter) or ('', '')."""
        from studio.library.export import EXPORT_FORMATS

        filters = [f"{desc} (*.{ext})" for ext, desc in EXPORT_FORMATS.items()]
        selected = next((f for f in filters if f.endswith(f"*.{self.export_format})")), filters[0])
        path, chosen = QFileDialog.getSaveFileName(self, _tr("Export take"), suggested, ";;".join(filters),
                                                   selected)
        return path, chosen

    def _export(self, take_id: str | None, audio: Audio | None, metadata: dict[str, Any] | None,
                title: str) -> None:
        from studio.library.export import export_audio, export_take

        folder = self.export_dir or str(Path.home())
        suggested = str(Path(folder) / f"{safe_filename(title)}.{self.export_format}")
        path, chosen = self.ask_export_path(suggested)
        if not path:
            return
        m = re.search(r"\*\.(\w+)\)", chosen or "")
        fmt = Path(path).suffix.lstrip(".").lower()
        if not fmt and m:
            fmt = m.group(1)
            path = f"{path}.{fmt}"
        sidecar = self._sidecar_action.isChecked()
        self.export_dir = str(Path(path).parent)
        if fmt:
            self.export_format = fmt
        self.preferencesChanged.emit()
        library = self.library

        def work() -> Path:
            if take_id is not None:
                return export_take(library, take_id, path, fmt or None, sidecar=sidecar)
            assert audio is not None
            return export_audio(audio, path, fmt or None, metadata, sidecar=sidecar)

        self.statusMessage.emit(_tr("Exporting…"))
        self._loads.run(
            work,
            lambda written: self.statusMessage.emit(_tr("Exported to {0}").format(written)),
            lambda exc: self._notices.show_notice(_tr("Export failed: {0}").format(exc), Level.ERROR,
                                                  key="export"))
