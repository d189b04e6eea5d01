"""The open edit project and the one worker thread that touches it.

`EditProject` is not thread-safe, and its operations (a denoise of a long span, rendering for
playback, saving) take time, so the page never calls it directly: every read and write goes
through `EditDocument`, which runs them one at a time, in order, on a single-thread queue and
reports back on the GUI thread. The state the page draws (`DocState`) is a snapshot taken on
that thread after each step, so the GUI never reads the project while the worker changes it.

Waveform columns are asked for on every scroll and zoom; requests are coalesced so only the
newest view is computed when the worker is behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from backends.audio import Audio, AudioLoadError, load_audio
from backends.base import Cancelled
from studio.editing import EditError, EditProject, EditStore, LoudnessError, ProjectInfo
from studio.editing.overview import MAX_SPECTRUM_SECONDS, spectrum_columns
from studio.editing.transcript import Transcript, follow, keep, kept
from studio.library.storage import StorageError
from studio.library.takes import LibraryError
from studio.timeline.subtitles import SubtitleError
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import Tasks

log = logging.getLogger(__name__)

# Playback renders at most this much from the play position: a 2-hour recording is never
# rendered whole just to hear a few seconds of it.
PLAY_WINDOW_SECONDS = 600.0

# Errors a user can cause or meet (bad file, full disk, bad selection): their message is the sentence.
USER_ERRORS = (EditError, LoudnessError, StorageError, LibraryError, AudioLoadError, LookupError,
               SubtitleError)


@dataclass(frozen=True)
class VersionRow:
    index: int
    op: dict[str, Any]
    created: float


@dataclass(frozen=True)
class DocState:
    """What the page shows about the open project, taken on the worker after a step."""

    project_id: str | None
    title: str
    duration: float
    sample_rate: int
    current: int
    can_undo: bool
    can_redo: bool
    versions: tuple[VersionRow, ...]
    meta: dict[str, Any] = field(default_factory=dict)
    select: tuple[float, float] | None = None  # what the step asks the page to select afterwards
    transcript: Transcript | None = None  # the words of the current version (immutable, shareable)


def current_words(project: EditProject) -> tuple[Transcript | None, bool]:
    """The words of the current version, and whether they were derived just now (to be saved):
    kept with the version, else followed from the version before it (or, for a restore, the
    restored version's own)."""
    words = kept(project)
    if words is not None or project.current == 0:
        return words, False
    op = project.versions[project.current].op
    if op.get("op") == "restore" and isinstance(op.get("version"), int):
        words = kept(project, op["version"])
    else:
        before = kept(project, project.current - 1)
        words = follow(project, before) if before is not None else None
    if words is None:
        return None, False
    keep(project, words)
    return words, True


def snapshot(project: EditProject, select: tuple[float, float] | None = None,
             transcript: Transcript | None = None) -> DocState:
    return DocState(project.id, project.title, project.duration, project.sample_rate, project.current,
                    project.can_undo, project.can_redo,
                    tuple(VersionRow(i, dict(v.op), v.created) for i, v in enumerate(project.versions)),
                    {k: v for k, v in project.meta.items() if k != "transcripts"}, select, transcript)


def user_sentence(exc: BaseException) -> str:
    """One sentence for the user; the traceback goes to the log."""
    if isinstance(exc, Cancelled):
        return _tr("Cancelled: the project is at its last good version.")
    if isinstance(exc, USER_ERRORS):
        return translate_core(str(exc).strip() or exc.__class__.__name__)
    log.error("edit step failed", exc_info=exc)
    return _tr("The edit could not be done ({name}); the project is unchanged. Details are in the log "
               "file.").format(name=exc.__class__.__name__)


class EditDocument(QObject):
    """The edit library, the open project, the clipboard; see the module notes."""

    libraryOpened = Signal()
    libraryFailed = Signal(str)
    listed = Signal(list)  # list[ProjectInfo]
    opened = Signal(object)  # DocState of a newly opened project
    changed = Signal(object)  # DocState after a step on the open project
    closed = Signal()
    overviewReady = Signal(float, float, object, object)  # start, end, mins, maxs
    spectrumReady = Signal(float, float, object)  # start, end, columns (or None: the view is too wide)
    failed = Signal(str)
    busyChanged = Signal(bool)

    def __init__(self, store_factory: Callable[[], EditStore], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store_factory = store_factory
        self.store: EditStore | None = None
        self.project: EditProject | None = None  # touched on the worker only
        self.state: DocState | None = None  # the GUI's copy
        self.clipboard: Audio | None = None
        self._worker = Tasks(self, 1, "edit-worker")
        self._pending = 0
        self._overview_busy = False
        self._overview_next: tuple[float, float, int] | None = None
        self.want_spectrum = True

    # --- plumbing ---------------------------------------------------------------------------------

    def _snap(self, project: EditProject, select: tuple[float, float] | None = None) -> DocState:
        """A snapshot with the current version's words (worker thread); words derived by following
        the last edit are saved with the project, so a reopen finds them."""
        words, derived = current_words(project)
        if derived and self.store is not None and project.id is not None:
            try:
                self.store.save_words(project)
            except Exception:  # the words are a convenience; the step itself is saved
                log.warning("the words of a version could not be saved", exc_info=True)
        return snapshot(project, select, words)

    def read(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[BaseException], None] | None = None) -> None:
        """A quick read on the worker, in order with the steps, without marking the page busy."""
        self._worker.run(fn, on_done, on_error or (lambda exc: log.debug("read failed", exc_info=exc)))

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def _run(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busyChanged.emit(True)

        def settle() -> None:
            self._pending -= 1
            if self._pending == 0:
                self.busyChanged.emit(False)

        def done(result: Any) -> None:
            settle()
            if on_done is not None:
                on_done(result)

        def error(exc: BaseException) -> None:
            settle()
            (on_error or (lambda e: self.failed.emit(user_sentence(e))))(exc)

        self._worker.run(fn, done, error)

    def _need_project(self) -> EditProject:
        if self.project is None:
            raise EditError("Open a recording or a project first.")
        return self.project

    def _need_store(self) -> EditStore:
        if self.store is None:
            raise LibraryError("The edit library is not open.")
        return self.store

    # --- the library ------------------------------------------------------------------------------

    def open_library(self) -> None:
        def work() -> list[ProjectInfo]:
            self.store = self._store_factory()
            return self.store.list()

        def done(infos: list[ProjectInfo]) -> None:
            self.libraryOpened.emit()
            self.listed.emit(infos)

        self._run(work, done, lambda exc: self.libraryFailed.emit(user_sentence(exc)))

    def refresh_list(self) -> None:
        """Re-read the project list; in the queue like every step, but not "busy" (a list is quick
        and must not flicker the controls off after every open, rename or delete)."""
        self._worker.run(lambda: self._need_store().list(), self.listed.emit,
                         lambda exc: self.failed.emit(user_sentence(exc)))

    def _adopt(self, project: EditProject) -> DocState:
        self.project = project
        return self._snap(project)

    def _opened(self, state: DocState) -> None:
        self.state = state
        self.opened.emit(state)
        self.refresh_list()

    def create_from_file(self, path: str | Path, title: str | None = None,
                         meta: dict[str, Any] | None = None) -> None:
        """A new project on a recording (any format the studio reads), saved in the library at once."""
        def work() -> DocState:
            project = self._need_store().create(Path(path), title=title)
            if meta:
                project.meta.setdefault("origin", dict(meta))
            return self._adopt(project)

        self._run(work, self._opened)

    def create_from_audio(self, audio: Audio, title: str, meta: dict[str, Any] | None = None) -> None:
        def work() -> DocState:
            project = self._need_store().create(audio, title=title)
            if meta:
                project.meta.setdefault("origin", dict(meta))
            return self._adopt(project)

        self._run(work, self._opened)

    def open_project(self, project_id: str) -> None:
        self._run(lambda: self._adopt(self._need_store().open(project_id)), self._opened)

    def rename(self, project_id: str, title: str) -> None:
        def work() -> DocState | None:
            store = self._need_store()
            if self.project is not None and self.project.id == project_id:
                store.rename(self.project, title)
                return self._snap(self.project)
            store.rename(project_id, title)
            return None

        def done(state: DocState | None) -> None:
            if state is not None:
                self._changed(state)
            self.refresh_list()

        self._run(work, done)

    def delete(self, project_id: str) -> None:
        def work() -> bool:
            closing = self.project is not None and self.project.id == project_id
            self._need_store().delete(project_id)
            if closing:
                self.project = None
            return closing

        def done(closing: bool) -> None:
            if closing:
                self.state = None
                self.closed.emit()
            self.refresh_list()

        self._run(work, done)

    def export_audio(self, path: str | Path, on_done: Callable[[Path], None],
                     version: int | None = None) -> None:
        self._run(lambda: self._need_store().export(self._need_project(), path, version=version), on_done)

    def export_project(self, path: str | Path, on_done: Callable[[Path], None]) -> None:
        from studio.editing.share import export_project

        def work() -> Path:
            project = self._need_project()
            return export_project(self._need_store(), project.id or "", path)

        self._run(work, on_done)

    def import_project(self, path: str | Path) -> None:
        from studio.editing.share import import_project

        self._run(lambda: self._adopt(import_project(self._need_store(), path)), self._opened)

    # --- steps on the open project ----------------------------------------------------------------

    def _changed(self, state: DocState) -> None:
        self.state = state
        self.changed.emit(state)

    def apply(self, step: Callable[[EditProject], tuple[float, float] | None],
              finished: Callable[[], None] | None = None) -> None:
        """Run `step(project)` on the worker; it may return the span to select afterwards.
        `finished` runs on the GUI thread afterwards, whether the step worked or not. A step that
        fails may still have made versions (an instruction repeated N times keeps the finished
        iterations), so the page is refreshed from the project either way."""
        def work() -> DocState:
            project = self._need_project()
            select = step(project)
            return self._snap(project, select)

        def done(state: DocState) -> None:
            self._changed(state)
            if finished is not None:
                finished()

        def error(exc: BaseException) -> None:
            self.failed.emit(user_sentence(exc))
            if finished is not None:
                finished()
            self._run(lambda: self._snap(self._need_project()), self._changed, lambda _e: None)

        self._run(work, done, error)

    def undo(self) -> None:
        self.apply(lambda p: p.undo() if p.can_undo else None)

    def redo(self) -> None:
        self.apply(lambda p: p.redo() if p.can_redo else None)

    def restore(self, version: int) -> None:
        self.apply(lambda p: p.restore(version))

    def copy(self, start: float, end: float, on_done: Callable[[], None]) -> None:
        def done(audio: Audio) -> None:
            self.clipboard = audio
            on_done()

        self._run(lambda: self._need_project().copy(start, end), done)

    def cut(self, start: float, end: float) -> None:
        def work() -> tuple[DocState, Audio]:
            project = self._need_project()
            audio = project.cut(start, end)
            return self._snap(project, (start, start)), audio

        def done(result: tuple[DocState, Audio]) -> None:
            self.clipboard = result[1]
            self._changed(result[0])

        self._run(work, done)

    def paste(self, at: float) -> None:
        clip = self.clipboard
        if clip is None:
            self.failed.emit(_tr("The clipboard is empty: copy or cut a span first."))
            return
        self.apply(lambda p: (p.paste(at, clip), (at, at + clip.duration))[1])

    def insert_file(self, at: float, path: str | Path) -> None:
        def step(p: EditProject) -> tuple[float, float]:
            audio = load_audio(path)
            p.insert(at, audio)
            return at, at + audio.duration

        self.apply(step)

    def split(self, at: float) -> None:
        def work() -> DocState:
            project = self._need_project()
            self._need_store().split(project, at)
            return self._snap(project)

        def done(state: DocState) -> None:
            self._changed(state)
            self.refresh_list()

        self._run(work, done)

    # --- reading ----------------------------------------------------------------------------------

    def render(self, on_done: Callable[[Audio], None], *, start: float = 0.0, end: float | None = None,
               version: int | None = None) -> None:
        """Audio of [start, end) of a version (default: current), at most PLAY_WINDOW_SECONDS."""
        def work() -> Audio:
            project = self._need_project()
            length = project.versions[project.current if version is None else version].length
            stop = length / project.sample_rate if end is None else end
            stop = min(stop, start + PLAY_WINDOW_SECONDS)
            return project.render(version, start, stop)

        self._run(work, on_done)

    def request_overview(self, start: float, end: float, columns: int) -> None:
        """Waveform columns for a view; only the newest request is computed when behind."""
        self._overview_next = (start, end, columns)
        if not self._overview_busy:
            self._next_overview()

    def _next_overview(self) -> None:
        if self._overview_next is None or (self.project is None and self.state is None):
            self._overview_busy = False
            return
        start, end, columns = self._overview_next
        self._overview_next = None
        self._overview_busy = True

        want_spectrum = self.want_spectrum

        def work() -> tuple[float, float, Any, Any, Any]:
            project = self._need_project()
            stop = min(end, project.duration)
            mins, maxs = project.overview(start, stop, columns) if stop > start else ([], [])
            spectrum = None
            if want_spectrum and 0 < stop - start <= MAX_SPECTRUM_SECONDS:
                audio = project.render(None, start, stop)
                wide = max(1, round(columns * (stop - start) / (end - start)))
                spectrum = spectrum_columns(audio.samples, wide)
            return start, stop, mins, maxs, spectrum

        def done(result: tuple[float, float, Any, Any, Any]) -> None:
            start_, stop_, mins, maxs, spectrum = result
            self.overviewReady.emit(start_, end, mins, maxs)
            self.spectrumReady.emit(start_, stop_, spectrum)
            self._next_overview()

        def error(exc: BaseException) -> None:
            log.debug("overview failed", exc_info=exc)
            self._next_overview()

        self._worker.run(work, done, error)

    def shutdown(self) -> None:
        self._worker.wait(10000)
        if self.store is not None:
            self.store.close()
