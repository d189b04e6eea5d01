"""The Speak page's lanes under the waveform: the take's text where the engine spoke it, and its
audio tokens, live while the take is made.

A Step-Audio engine reports its tokens as it makes them (`SpeechTokens` events); they fill the
lanes as the audio streams, at most every 150 ms, and are kept with the take (its metadata's
`speech_tokens`, written by the job), so choosing the take again in the history shows them again.
A take from an engine that makes no tokens says so in the lane instead of leaving it blank.
Clicking a cell, or dragging across cells, selects their span on the waveform and plays it.
Take ▸ Export Audio Tokens… writes the shown take's tokens as JSON (codes, times) or as the
`<audio_N>` string Step-Audio's prompts use, on a worker thread.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from backends.audio import Audio
from backends.base import SpeechTokens
from studio.library.storage import atomic_write_text
from studio.timeline.subtitles import SubtitleError, sentence_spans
from studio.timeline.tokens import TokenTimeline, unpack
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import Tasks
from widgets.token_lanes import TokenLanes
from widgets.waveform_view import WaveformView

log = logging.getLogger(__name__)

TOKEN_FILTERS = "JSON (*.json);;Step-Audio <audio_N> text (*.txt)"


class TokenView(QObject):
    statusMessage = Signal(str)

    def __init__(self, waveform: WaveformView, play: Callable[[Audio, float], None], io: Tasks,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._io = io
        self._parent = parent
        self.export_action = QAction(_tr("Export Audio Tokens…"), self)
        self.export_action.setToolTip(_tr("Save this take's audio tokens as JSON or as Step-Audio's "
                                          "<audio_N> text"))
        self.export_action.setEnabled(False)
        self.export_action.triggered.connect(self.export)
        self.waveform = waveform
        self.lanes = TokenLanes(waveform.wave_plot)
        waveform.add_row(self.lanes)
        self.timeline: TokenTimeline | None = None
        self._play = play
        self._repaint = QTimer(self)
        self._repaint.setSingleShot(True)
        self._repaint.setInterval(150)
        self._repaint.timeout.connect(self.lanes.refresh)
        self.lanes.spanChosen.connect(self._span_chosen)
        self.lanes.spanDragged.connect(self.waveform.set_region)

    def begin_take(self) -> None:
        """A take is being made: the lanes start empty and fill as tokens come."""
        self.timeline = TokenTimeline()
        self.lanes.set_timeline(self.timeline)
        self.lanes.set_sentences([])
        self.export_action.setEnabled(False)  # until the take is finished

    def clear(self) -> None:
        """The take was discarded (failed or stopped): nothing to show."""
        self.timeline = None
        self._repaint.stop()
        self.lanes.set_timeline(None, "")
        self.lanes.set_sentences([])
        self.export_action.setEnabled(False)

    def add(self, event: SpeechTokens) -> None:
        if self.timeline is None:
            self.begin_take()
        assert self.timeline is not None
        self.timeline.add(event)
        if not self._repaint.isActive():
            self._repaint.start()

    def show_metadata(self, metadata: dict[str, Any] | None, engine: str) -> None:
        """Show the text and tokens a take's record keeps, or say why there are none."""
        try:
            self.lanes.set_sentences(sentence_spans((metadata or {}).get("text_spans")))
        except SubtitleError:  # none recorded (a take from before), or a damaged record
            self.lanes.set_sentences([])
        packed = (metadata or {}).get("speech_tokens")
        self.export_action.setEnabled(False)
        if packed is None:
            self.timeline = None
            self.lanes.set_timeline(None, _tr("No audio tokens: {engine} does not make them (Step-Audio "
                                              "engines do).").format(engine=engine or _tr("this engine")))
            return
        try:
            self.timeline = TokenTimeline.of(unpack(packed))
        except ValueError as exc:  # a damaged record (it may have come from a shared bundle)
            log.info("a take's token record was not readable: %s", exc)
            self.timeline = None
            self.lanes.set_timeline(None, _tr("This take's audio tokens cannot be read."))
            return
        self.lanes.set_timeline(self.timeline)
        self.export_action.setEnabled(len(self.timeline) > 0)

    def ask_path(self) -> tuple[str, str]:
        """The save dialog (tests replace it): (path, chosen filter), or ('', '')."""
        return QFileDialog.getSaveFileName(self._parent, _tr("Export audio tokens"),
                                           str(Path.home() / "tokens.json"), TOKEN_FILTERS)

    def export(self) -> None:
        timeline = self.timeline
        if timeline is None or len(timeline) == 0:
            return
        path, chosen = self.ask_path()
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".json", ".txt"):
            target = target.with_name(target.name + (".txt" if "txt" in chosen else ".json"))

        def work() -> Path:
            text = (timeline.as_text() + "\n" if target.suffix.lower() == ".txt"
                    else json.dumps(timeline.to_json(), ensure_ascii=False) + "\n")
            return atomic_write_text(target, text)

        def done(written: Path) -> None:
            self.statusMessage.emit(_tr("Exported {path}").format(path=written))

        self._io.run(work, done, lambda exc: self.statusMessage.emit(
            _tr("Export failed: {0}").format(translate_core(str(exc)))))

    def _span_chosen(self, start: float, end: float) -> None:
        rate = self.waveform.sample_rate
        if not rate:
            return
        self.waveform.set_region(start, end)
        samples = self.waveform.samples()[int(start * rate):int(end * rate)]
        if len(samples):
            self._play(Audio(samples, rate), 0.0)
