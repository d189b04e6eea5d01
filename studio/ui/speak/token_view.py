"""The Speak page's lanes under the waveform: the take's text where the engine spoke it, its words
where Whisper hears them (on request, `take_words.py`), its phonemes where the engine reports their
timings (Piper voices: `phoneme_spans` in the take's record), and its audio tokens, live while the
take is made.

A Step-Audio engine reports its tokens as it makes them (`SpeechTokens` events); they fill the
lanes as the audio streams, at most every 150 ms, and are kept with the take (its metadata's
`speech_tokens`, written by the job), so choosing the take again in the history shows them again.
A take from an engine that makes no tokens says so in the lane instead of leaving it blank.
Clicking a cell, or dragging across cells, selects their span on the waveform and plays it.
Take ▸ Export Audio Tokens… writes the shown take's tokens as JSON (codes, times) or as the
`<audio_N>` string Step-Audio's prompts use, on a worker thread.

A take without tokens (another engine's) can still be shown as the tokens Step-Audio would read
from it: Take ▸ Find Audio Tokens runs the Step-Audio tokenizer on it in a child process
(`studio.timeline.clip_tokens`), when its files are on disk. The lane says which of the two applies
before the user looks in the menu, shows the progress, and the action stops a run. What was found
is kept for the session (by the audio's fingerprint), not written into the take's record: the
record's tokens are what the engine generated, these are what the tokenizer heard.
"""

from __future__ import annotations

import hashlib
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
from studio.timeline.clip_tokens import fingerprint, tokenize_clip, tokenizer_folder
from studio.timeline.phonemes import phoneme_spans
from studio.timeline.subtitles import SubtitleError, sentence_spans
from studio.timeline.tokens import TokenTimeline, unpack
from studio.ui.common.files import with_chosen_suffix
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.search import Search
from studio.ui.common.tasks import Tasks
from studio.ui.speak.take_words import TakeWords
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

        self.find_action = QAction(_tr("Find Audio Tokens"), self)
        self.find_action.setEnabled(False)
        self.find_action.triggered.connect(self._find_or_stop)
        self._engine = ""
        self._folder: Path | None = None
        self.words = TakeWords(waveform, self.lanes, self)
        self.words.statusMessage.connect(self.statusMessage)
        self._search = Search(self, name="tokenizer")
        self._search.progressed.connect(self._find_progress)
        self._search.found.connect(self._found)
        self._search.failed.connect(self._find_failed)
        self._shown_key = ""  # the fingerprint of the take the lanes are for
        self._set_find_state(None)

    def begin_take(self) -> None:
        """A take is being made: the lanes start empty and fill as tokens come."""
        self._leave_take()
        self._shown_key = ""
        self.words.clear()
        self.timeline = TokenTimeline()
        self.lanes.set_timeline(self.timeline)
        self.lanes.set_sentences([])
        self.lanes.set_phonemes([])
        self.export_action.setEnabled(False)  # until the take is finished

    def clear(self) -> None:
        """The take was discarded (failed or stopped): nothing to show."""
        self._leave_take()
        self._shown_key = ""
        self.words.clear()
        self.timeline = None
        self._repaint.stop()
        self.lanes.set_timeline(None, "")
        self.lanes.set_sentences([])
        self.lanes.set_phonemes([])
        self.export_action.setEnabled(False)

    def add(self, event: SpeechTokens) -> None:
        if self.timeline is None:
            self.begin_take()
        assert self.timeline is not None
        self.timeline.add(event)
        if not self._repaint.isActive():
            self._repaint.start()

    def show_metadata(self, metadata: dict[str, Any] | None, engine: str) -> None:
        """Show the text and tokens a take's record keeps, or say why there are none. Called again
        for the same take (it was saved, renamed, its audio arrived): a running search goes on."""
        try:
            self.lanes.set_sentences(sentence_spans((metadata or {}).get("text_spans")))
        except SubtitleError:  # none recorded (a take from before), or a damaged record
            self.lanes.set_sentences([])
        self.lanes.set_phonemes(phoneme_spans((metadata or {}).get("phoneme_spans")), _tr(
            "No phoneme timings: {engine} does not report them for this voice (Piper voices do).").format(
            engine=engine or _tr("this engine")))
        packed = (metadata or {}).get("speech_tokens")
        audio_key = self._shown_fingerprint()
        record = hashlib.blake2b(repr(packed).encode(), digest_size=8).hexdigest()
        if audio_key and f"{audio_key}|{record}" == self._shown_key:
            return
        if not self._shown_key.startswith(f"{audio_key}|") or not audio_key:
            self.words.show_take(audio_key)
        self._shown_key = f"{audio_key}|{record}"
        self._leave_take()
        self.export_action.setEnabled(False)
        if packed is None:
            self.timeline = None
            self._engine = engine or _tr("this engine")
            found = self._search.cached(self._shown_fingerprint())
            if found is not None:
                self._show_found(found)
                return
            self.lanes.set_timeline(None, self._no_tokens_note())
            self._io.run(tokenizer_folder, self._tokenizer_checked,
                         lambda exc: log.info("looking for the tokenizer failed: %s", exc))
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

    # --- finding tokens for a take that has none ----------------------------------------------------

    def _no_tokens_note(self) -> str:
        if self._folder is not None:
            return _tr("No audio tokens from {engine}. Take ▸ Find Audio Tokens runs the Step-Audio "
                       "tokenizer on this take (on the CPU).").format(engine=self._engine)
        return _tr("No audio tokens: {engine} does not make them. With the Step-Audio tokenizer files "
                   "(Set up Step-Audio TTS-3B… in the engine list) the studio can find them for any "
                   "take.").format(engine=self._engine)

    def _tokenizer_checked(self, folder: Path | None) -> None:
        self._folder = folder
        if self._can_find():
            self.lanes.set_timeline(None, self._no_tokens_note())
        self._set_find_state(None)

    def _can_find(self) -> bool:
        """A take without tokens is shown, has audio, and no search is running for it."""
        return bool(self.timeline is None and self._engine and self.waveform.sample_rate
                    and len(self.waveform.samples_view()))

    def _set_find_state(self, running: bool | None) -> None:
        """The action's words and whether it can be used, with the reason when it cannot."""
        if running:
            self.find_action.setText(_tr("Stop Finding Audio Tokens"))
            self.find_action.setToolTip(_tr("Stop the Step-Audio tokenizer"))
            self.find_action.setEnabled(True)
            return
        self.find_action.setText(_tr("Find Audio Tokens"))
        if self._folder is None:
            reason = _tr("Needs the Step-Audio tokenizer files (Set up Step-Audio TTS-3B… in the engine "
                         "list)")
        elif not self._can_find():
            reason = _tr("The shown take has its audio tokens already, or no take is shown")
        else:
            reason = ""
        self.find_action.setToolTip(reason or _tr("Run the Step-Audio tokenizer on this take, on the CPU; "
                                                  "a long take takes minutes"))
        self.find_action.setEnabled(not reason)

    def _shown_fingerprint(self) -> str:
        rate = self.waveform.sample_rate
        return fingerprint(self.waveform.samples_view(), rate) if rate else ""

    def _find_or_stop(self) -> None:
        if self._search.running:
            self._search.stop()
            self.lanes.set_timeline(None, self._no_tokens_note())
            self._set_find_state(None)
            self.statusMessage.emit(_tr("Stopped finding audio tokens."))
            return
        folder = self._folder
        if folder is None or not self._can_find():
            return
        audio = Audio(self.waveform.samples(), self.waveform.sample_rate)
        self.lanes.set_timeline(None, _tr("Finding audio tokens on the CPU…"))
        self._search.start(fingerprint(audio.samples, audio.sample_rate),
                           lambda cancel, progress: tokenize_clip(audio, folder, cancel, progress))
        self._set_find_state(True)

    def _find_progress(self, fraction: float) -> None:
        self.lanes.set_timeline(None, _tr("Finding audio tokens on the CPU… {percent} %").format(
            percent=round(100 * fraction)))

    def _found(self, timeline: TokenTimeline) -> None:
        self._show_found(timeline)
        self.statusMessage.emit(_tr("Found {count} audio tokens in {seconds:.0f} s.").format(
            count=len(timeline), seconds=self._search.elapsed))

    def _find_failed(self, exc: BaseException) -> None:
        message = _tr("Could not find audio tokens: {0}").format(translate_core(str(exc)))
        self.lanes.set_timeline(None, message)
        self.statusMessage.emit(message)
        self._set_find_state(None)

    def _show_found(self, timeline: TokenTimeline) -> None:
        self.timeline = timeline
        self.lanes.set_timeline(timeline)
        self.export_action.setEnabled(len(timeline) > 0)
        self._set_find_state(None)

    def _leave_take(self) -> None:
        """Another take is shown, or none: a search for the last one stops."""
        self._search.stop()
        self._engine = ""
        self._set_find_state(None)

    def shutdown(self) -> None:
        """At exit: end a running tokenizer process (and transcription) rather than wait for it."""
        self._search.stop()
        self.words.shutdown()

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
        target = with_chosen_suffix(path, chosen, TOKEN_FILTERS)
        words = self.words.transcript  # the words Whisper found, when it was asked to

        def work() -> Path:
            text = (timeline.as_text() + "\n" if target.suffix.lower() == ".txt"
                    else json.dumps(timeline.to_json(words), ensure_ascii=False) + "\n")
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
        samples = self.waveform.samples_view()[int(start * rate):int(end * rate)].copy()
        if len(samples):
            self._play(Audio(samples, rate), 0.0)
