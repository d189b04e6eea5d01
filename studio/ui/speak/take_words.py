"""The words lane of Speak's timeline: what Whisper hears in the take, word by word.

A take knows where its engine spoke each sentence (the text lane); where each word lies is not
known until the take is heard. Take ▸ Find Words transcribes the shown take with the studio's
Whisper (`studio.editing.transcript.transcribe`, the one the Edit workspace's word lane uses; offline,
on a worker thread, with progress and Stop) and puts the words in their lane; a click on a word
plays it. Reading the words against the text shows what the engine actually said (a skipped or
misread word stands out), and the words go into the token export. They are kept for the session
by the audio's fingerprint, not written into the take's record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from backends.audio import Audio
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.search import Search
from widgets.token_lanes import TokenLanes
from widgets.waveform_view import WaveformView

if TYPE_CHECKING:
    from studio.editing.transcript import Transcript


class TakeWords(QObject):
    statusMessage = Signal(str)

    def __init__(self, waveform: WaveformView, lanes: TokenLanes, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.waveform = waveform
        self.lanes = lanes
        self.transcript: Transcript | None = None
        self.action = QAction(_tr("Find Words"), self)
        self.action.triggered.connect(self._find_or_stop)
        self._key = ""
        self._search = Search(self, name="whisper")
        self._search.progressed.connect(lambda f: self.lanes.set_words(
            [], _tr("Transcribing with Whisper… {percent} %").format(percent=round(100 * f))))
        self._search.found.connect(self._show)
        self._search.failed.connect(self._failed)
        self._sync()

    def show_take(self, key: str) -> None:
        """Another take is shown (`key`: its audio's fingerprint; "" while it has none)."""
        self._search.stop()
        self._key = key
        found = self._search.cached(key)
        if found is not None:
            self._show(found, quiet=True)
            return
        self.transcript = None
        self.lanes.set_words([], _tr("Take ▸ Find Words transcribes this take with Whisper (offline).")
                             if key else "")
        self._sync()

    def clear(self) -> None:
        self.show_take("")

    def shutdown(self) -> None:
        self._search.stop()

    def _sync(self) -> None:
        running = self._search.running
        self.action.setText(_tr("Stop Finding Words") if running else _tr("Find Words"))
        if running:
            self.action.setToolTip(_tr("Stop transcribing this take"))
        elif not self._key:
            self.action.setToolTip(_tr("Shows the words of a take; no take is shown"))
        elif self.transcript is not None:
            self.action.setToolTip(_tr("The shown take's words are in their lane"))
        else:
            self.action.setToolTip(_tr("Transcribe the shown take with Whisper (offline) to see where "
                                       "each word lies"))
        self.action.setEnabled(running or (bool(self._key) and self.transcript is None))

    def _find_or_stop(self) -> None:
        from studio.editing.transcript import transcribe

        if self._search.running:
            self._search.stop()
            self.lanes.set_words([], _tr("Take ▸ Find Words transcribes this take with Whisper (offline)."))
            self.statusMessage.emit(_tr("Stopped finding words."))
            self._sync()
            return
        if not self._key or not self.waveform.sample_rate:
            return
        audio = Audio(self.waveform.samples(), self.waveform.sample_rate)

        def work(cancel: object, progress: Callable[[float], None]) -> Transcript:
            return transcribe(audio, progress=lambda f, _m: progress(f), cancel=cancel)  # type: ignore[arg-type]

        self.lanes.set_words([], _tr("Transcribing with Whisper…"))
        self._search.start(self._key, work)
        self._sync()

    def _show(self, transcript: Transcript, quiet: bool = False) -> None:
        self.transcript = transcript
        spans = [(w.start, w.end, w.text) for w in transcript.words]
        self.lanes.set_words(spans, _tr("Whisper heard no words in this take."))
        if not quiet:
            self.statusMessage.emit(_tr("Found {count} words in {seconds:.0f} s.").format(
                count=len(spans), seconds=self._search.elapsed))
        self._sync()

    def _failed(self, exc: BaseException) -> None:
        message = _tr("Could not find the words: {0}").format(translate_core(str(exc)))
        self.lanes.set_words([], message)
        self.statusMessage.emit(message)
        self._sync()
