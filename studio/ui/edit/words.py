"""The Edit page's transcript editing: the Words tab and the word lane, driven through the document.

Transcribing, deleting words and re-speaking change the project, so they run as steps on the
document's worker (in order with every other step, with progress and Cancel); the re-speak plan,
which only reads, is asked for without marking the page busy. The words the page draws are the
snapshot's (`DocState.transcript`), so the lane always shows the words of the version on screen.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from backends.base import CancelToken
from studio.editing import EditProject
from studio.editing.transcript import Transcript
from studio.ui.common.files import SUBTITLE_FILTER, with_chosen_suffix
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import EventBridge
from studio.ui.edit.document import DocState, user_sentence
from widgets.notices import Level

if TYPE_CHECKING:
    from studio.ui.edit.page import EditPage

log = logging.getLogger(__name__)



class WordsEditing(QObject):
    def __init__(self, page: EditPage) -> None:
        super().__init__(page)
        self.page = page
        self.panel = page.words
        self.transcript: Transcript | None = None
        self.chosen: tuple[int, int] | None = None  # words i..j-1 under the selection
        self._cancel: CancelToken | None = None
        self._state_id: str | None = None
        self._progress = EventBridge(0, self)
        self._progress.event.connect(lambda _t, v: self.panel.set_progress(v[0], translate_core(v[1])))
        self.panel.transcribeRequested.connect(self.transcribe)
        self.panel.deleteRequested.connect(self.delete_words)
        self.panel.respeakRequested.connect(self.respeak)
        self.panel.cancelRequested.connect(self.cancel)
        self.panel.subtitlesRequested.connect(self.export_subtitles)
        self.respeak_action = QAction(_tr("Re-speak"), page)
        self.respeak_action.setShortcut(QKeySequence("Ctrl+R"))
        self.respeak_action.setObjectName("edit.respeak")
        self.respeak_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.respeak_action.triggered.connect(self._shortcut)
        page.addAction(self.respeak_action)

    # --- what is on screen --------------------------------------------------------------------------

    def show_state(self, state: DocState | None) -> None:
        project_id = state.project_id if state is not None else None
        opened = project_id != self._state_id
        self._state_id = project_id
        self.transcript = state.transcript if state is not None else None
        words = self.transcript
        if words is not None:
            self.page.timeline.set_words([(w.start, w.end, w.text) for w in words.words])
        else:
            self.page.timeline.set_words([], shown=False)
        self.panel.set_project(state is not None, len(words.words) if words is not None else None)
        self.selection_moved()
        if opened:
            self.refresh_plan()

    def selection_moved(self) -> None:
        words = self.transcript
        a, b = self.page.timeline.selection
        if words is None or b <= a:
            self.chosen = None
            self.panel.set_selection(None)
            return
        i, j = words.words_in(a, b)
        self.chosen = (i, j) if j > i else None
        self.panel.set_selection(words.text_of(i, j) if j > i else None)

    def refresh_plan(self) -> None:
        """Say who will speak re-spoken words, before anything runs (a read, not a step)."""
        doc, engines = self.page.doc, self.page.engines
        if doc.state is None:
            self.panel.set_plan("")
            return
        if engines is None:
            self.panel.set_plan(_tr("Waiting for the engines…"))
            return
        language = self.transcript.language if self.transcript is not None else None

        def work() -> str:
            return self._plan(doc._need_project(), language).describe()

        doc.read(work, lambda text: self.panel.set_plan(translate_core(text)),
                 lambda exc: self.panel.set_plan(translate_core(str(exc))))

    def _take(self, project: EditProject) -> Any:
        origin = project.meta.get("origin")
        lookup = self.page.take_lookup
        if not isinstance(origin, dict) or origin.get("kind") != "take" or lookup is None:
            return None
        try:
            return lookup(str(origin.get("take_id", "")))
        except Exception:  # the take was deleted since: the recording is treated as any other
            log.info("the take an edit project came from is gone", exc_info=True)
            return None

    def _plan(self, project: EditProject, language: str | None) -> Any:
        from studio.editing.respeak import plan_respeak

        plan = plan_respeak(project, self._take(project), engines=self.page.engines, language=language)
        return replace(plan, lexicon=self.page.pronunciations())

    # --- steps ----------------------------------------------------------------------------------------

    def _start(self) -> tuple[CancelToken, Any]:
        self.page.notices.clear()
        cancel = self._cancel = CancelToken()
        bridge = self._progress
        self.panel.set_running(True)
        return cancel, (lambda f, m: bridge.deliver((float(f), str(m))))  # translated on receipt

    def _finished(self) -> None:
        self.panel.set_running(False)
        self._cancel = None

    def _save_words(self, project: EditProject) -> None:
        store = self.page.doc.store
        if store is not None:
            store.save_words(project)

    def transcribe(self, language: str) -> None:
        from studio.editing.transcript import keep, transcribe

        if self.page.doc.state is None or self.page.doc.busy:
            return
        cancel, progress = self._start()

        def step(project: EditProject) -> None:
            words = transcribe(project, language=language or None, progress=progress, cancel=cancel)
            keep(project, words)
            self._save_words(project)

        self.page.doc.apply(step, finished=lambda: (self._finished(), self.refresh_plan()))

    def delete_words(self) -> None:
        from studio.editing.wordcut import delete_words

        words, chosen = self.transcript, self.chosen
        if words is None or chosen is None or self.page.doc.busy:
            return
        i, j = chosen
        start = words.span(i, j)[0]
        self._start()

        def step(project: EditProject) -> tuple[float, float]:
            delete_words(project, words, i, j)
            self._save_words(project)
            return start, start

        self.page.doc.apply(step, finished=self._finished)

    def respeak(self, text: str) -> None:
        from studio.editing.respeak import respeak

        words, chosen = self.transcript, self.chosen
        if words is None or chosen is None or self.page.doc.busy or self.page.engines is None:
            return
        i, j = chosen
        cancel, progress = self._start()

        def step(project: EditProject) -> tuple[float, float]:
            plan = self._plan(project, words.language)
            after = respeak(project, words, i, j, text, plan, progress=progress, cancel=cancel)
            self._save_words(project)
            k = j - i
            new_count = len(after.words) - len(words.words) + k
            return after.span(i, i + new_count) if new_count > 0 else (0.0, 0.0)

        self.page.doc.apply(step, finished=lambda: (self._finished(), self._warn_if_unclear()))

    def _warn_if_unclear(self) -> None:
        """The re-speak's check could not find a place where the new words were heard right: say
        what Whisper heard, so the user listens before going on (the version is kept; Undo drops it)."""
        state = self.page.doc.state
        if state is None:
            return
        op = state.versions[state.current].op
        eased = op.get("eased_pitch") if op.get("op") == "respeak" else None
        if isinstance(eased, list) and len(eased) == 2 and not op.get("heard_errors"):
            self.page.notices.show_notice(
                _tr("The matched voice, shifted {0:+.1f} semitones, was not heard clearly in place, so the "
                    "new words were spoken shifted {1:+.1f} instead, which was.").format(*eased),
                Level.INFO, key="edit")
            return
        if op.get("op") != "respeak" or not op.get("heard_errors"):
            return
        heard = " ".join(str(op.get("heard", "")).split())[:200]
        self.page.notices.show_notice(
            _tr("Whisper did not hear the new words clearly where they were put in; it heard "
                "“{heard}”. Listen to the seam, and Undo if it sounds wrong; another "
                "voice may be clearer.").format(heard=heard), Level.WARNING, key="edit")

    def export_subtitles(self) -> None:
        """Write the words of the version on screen as subtitles (on the worker: it is disk)."""
        from studio.timeline.subtitles import write_subtitles

        words, state = self.transcript, self.page.doc.state
        if words is None or state is None:
            return
        path, chosen = QFileDialog.getSaveFileName(self.page, _tr("Export subtitles"),
                                                   str(Path.home() / f"{state.title}.srt"), SUBTITLE_FILTER)
        if not path:
            return
        target = with_chosen_suffix(path, chosen, SUBTITLE_FILTER)
        self.page.doc.read(lambda: write_subtitles(words, target),
                           lambda written: self.page.statusMessage.emit(
                               _tr("Exported {path}").format(path=written)),
                           lambda exc: self.page.doc.failed.emit(user_sentence(exc)))

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()

    def _shortcut(self) -> None:
        if self.panel.can_respeak():
            self.page.side.setCurrentWidget(self.panel)
            self.panel.respeakRequested.emit(self.panel.words_edit.text())
