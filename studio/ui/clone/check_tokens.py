"""Audio-token lanes under the check step's waveform: what Step-Audio's tokenizer reads from the
reference clip, the same codes a Step-Audio clone would put in its prompt.

The button finds them (`studio.timeline.clip_tokens`, the tokenizer in a child process, on the CPU,
with progress in the lane; pressed again, it stops); without the tokenizer's files it is disabled
and says what it needs. A new clip clears them; the tokens of clips already read are kept for the
session. A click on a cell plays its span (the waveform's region stays the window the voice keeps).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton, QWidget

from backends.audio import Audio
from studio.timeline.clip_tokens import fingerprint, tokenize_clip, tokenizer_folder
from studio.timeline.tokens import TokenTimeline
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.search import Search
from studio.ui.common.tasks import Tasks
from widgets.token_lanes import TokenLanes
from widgets.waveform_view import WaveformView


class CheckTokens(QObject):
    def __init__(self, waveform: WaveformView, play: Callable[[Audio], None], work: Tasks,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.waveform = waveform
        self._play = play
        self.lanes = TokenLanes(waveform.wave_plot, text_rows=False)
        waveform.add_row(self.lanes)
        # A click plays the cell; the waveform's region is the window kept for the voice, so the
        # lanes never move it.
        self.lanes.spanChosen.connect(self._span_chosen)
        self.button = QPushButton(_tr("Audio tokens"), parent)
        self.button.clicked.connect(self._find_or_stop)
        self.timeline: TokenTimeline | None = None
        self._folder: Path | None = None
        self._key = ""
        self._search = Search(self, name="check-tokenizer")
        self._search.progressed.connect(lambda f: self.lanes.set_timeline(
            None, _tr("Finding audio tokens on the CPU… {percent} %").format(percent=round(100 * f))))
        self._search.found.connect(self._show)
        self._search.failed.connect(lambda exc: (self.lanes.set_timeline(None, _tr(
            "Could not find audio tokens: {0}").format(translate_core(str(exc)))), self._sync()))
        self._sync()
        work.run(tokenizer_folder, self._tokenizer_checked)

    def _tokenizer_checked(self, folder: Path | None) -> None:
        self._folder = folder
        self._sync()
        if self._key and self.timeline is None:
            self.lanes.set_timeline(None, self._note())

    def _note(self) -> str:
        if self._folder is None:
            return _tr("Audio tokens need the Step-Audio tokenizer files (Set up Step-Audio TTS-3B… in the "
                       "engine list)")
        return _tr("Audio tokens: what Step-Audio reads from this clip (the tokenizer runs on the CPU).")

    def show_clip(self, audio: Audio) -> None:
        """A new clip is shown: its tokens if this session read them, else what the button does."""
        self._search.stop()
        self._key = fingerprint(audio.samples, audio.sample_rate)
        found = self._search.cached(self._key)
        if found is not None:
            self._show(found)
            return
        self.timeline = None
        self.lanes.set_timeline(None, self._note())
        self._sync()

    def reset(self) -> None:
        self._search.stop()
        self._key = ""
        self.timeline = None
        self.lanes.set_timeline(None, "")
        self._sync()

    def shutdown(self) -> None:
        self._search.stop()

    def _sync(self) -> None:
        running = self._search.running
        self.button.setText(_tr("Stop") if running else _tr("Audio tokens"))
        if running:
            self.button.setToolTip(_tr("Stop the Step-Audio tokenizer"))
        elif self._folder is None:
            self.button.setToolTip(_tr("Audio tokens need the Step-Audio tokenizer files (Set up "
                                       "Step-Audio TTS-3B… in the engine list)"))
        else:
            self.button.setToolTip(_tr("Show the audio tokens Step-Audio reads from this clip (the "
                                       "tokenizer runs on the CPU)"))
        self.button.setEnabled(running or (self._folder is not None and bool(self._key)
                                           and self.timeline is None))

    def _find_or_stop(self) -> None:
        if self._search.running:
            self._search.stop()
            self.lanes.set_timeline(None, self._note())
            self._sync()
            return
        folder = self._folder
        if folder is None or not self._key or not self.waveform.sample_rate:
            return
        audio = Audio(self.waveform.samples(), self.waveform.sample_rate)
        self.lanes.set_timeline(None, _tr("Finding audio tokens on the CPU…"))
        self._search.start(self._key, lambda cancel, progress: tokenize_clip(audio, folder, cancel, progress))
        self._sync()

    def _show(self, timeline: TokenTimeline) -> None:
        self.timeline = timeline
        self.lanes.set_timeline(timeline)
        self._sync()

    def _span_chosen(self, start: float, end: float) -> None:
        rate = self.waveform.sample_rate
        if not rate:
            return
        samples = self.waveform.samples_view()[int(start * rate):int(end * rate)].copy()
        if len(samples):
            self._play(Audio(samples, rate))
