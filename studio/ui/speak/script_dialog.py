"""File ▸ Render Script…: a script of dialogue rendered to one take with subtitles, in the app.

The same core as `step-studio batch` (`studio.scripts`): paste labelled dialogue or open a text
file, see its speakers with a voice each (a voice of their own that speaks their language, which
the user can change), choose the gaps and where the take goes, and render: line by line on a
worker thread with progress and Stop, every line kept beside the take in `<name>.lines/`, so
rendering again after a stop, a crash or an edit of a few lines makes only what is missing or
changed. A failed line is listed with its reason, the others are made, and the take is joined once
every line is there. The engine is the window's current one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backends.audio import Audio, load_audio
from backends.base import Cancelled, CancelToken, SynthesisRequest, VoiceInfo, VoiceProfile
from backends.lexicon import Pronunciation
from studio.library.export import export_audio
from studio.library.storage import atomic_write_text
from studio.scripts.render import (
    LineResult,
    Plan,
    chapter_marks,
    choose_take,
    join,
    line_takes,
    remake_line,
    render_lines,
)
from studio.scripts.script import Line, Script, ScriptError, Speaker, parse_dialogue
from studio.timeline.subtitles import to_srt, to_vtt
from studio.ui.common.files import with_chosen_suffix
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import EventBridge, Tasks
from studio.ui.speak.script_lines import ScriptLines
from studio.ui.speak.script_speakers import ScriptSpeakers
from widgets.timeline_access import format_clock

MAX_PASTE_CHARS = 2_000_000
INSTANT_PARSE_CHARS = 20_000
AUDIO_FILTERS = "FLAC (*.flac);;WAV (*.wav);;MP3 (*.mp3);;OGG (*.ogg)"


class ScriptDialog(QDialog):
    def __init__(self, engine_id: str, backend: Any, voices: list[VoiceInfo],
                 parent: QWidget | None = None, lexicon: tuple[Pronunciation, ...] = (),
                 play: Callable[[Audio], None] | None = None,
                 library: Sequence[tuple[Any, VoiceProfile]] = ()) -> None:
        super().__init__(parent)
        self.library = library  # the user's voices that have a profile for this engine
        self.lexicon = lexicon  # the user's pronunciations, used by every line
        self.play = play  # plays a line on the window's output device
        self.folder: Path | None = None  # where the last render kept its lines
        self._clock = (0.0, 0.0, 0)  # for the estimate: last line's time, seconds making lines, lines made
        self.setWindowTitle(_tr("Render Script"))
        self.resize(820, 760)
        self.engine_id, self.backend, self.voices = engine_id, backend, voices
        self.script: Script | None = None
        self.results: list[LineResult] = []
        self.written: Path | None = None
        self._cancel: CancelToken | None = None
        self._tasks = Tasks(self, max_threads=1, name="script")
        self._progress = EventBridge(0, self)
        self._progress.event.connect(self._on_line)
        self._build()
        self._sync()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_tr("Paste dialogue, one line each, as “Name: what they say”, or open a text "
                                 "file."), self), 1)
        self.open_button = QPushButton(_tr("Open…"), self)
        self.open_button.clicked.connect(self._open_file)
        top.addWidget(self.open_button)
        layout.addLayout(top)
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(_tr("Ana: (高兴1)Good morning!\nBen: Morning, Ana.\n小明：早上好！"))
        self._parse_later = QTimer(self)
        self._parse_later.setSingleShot(True)
        self._parse_later.setInterval(300)
        self._parse_later.timeout.connect(self._parse)
        self._takes_later = QTimer(self)  # after an edit, the takes are looked up once typing pauses
        self._takes_later.setSingleShot(True)
        self._takes_later.setInterval(300)
        self._takes_later.timeout.connect(self._refresh_takes)
        self.editor.textChanged.connect(self._text_changed)
        layout.addWidget(self.editor, 2)
        self.problem = QLabel("", self)
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.problem)
        self.speakers = ScriptSpeakers(self.voices, self, self.library)
        layout.addWidget(self.speakers, 1)
        self.lines = ScriptLines(self)
        self.lines.moveRequested.connect(self.move_line)
        self.lines.playRequested.connect(self._play_line)
        self.lines.remakeRequested.connect(self.remake)
        self.lines.takeChosen.connect(self.use_take)
        layout.addWidget(self.lines, 2)
        form = QFormLayout()
        self.gap_line = QDoubleSpinBox(self)
        self.gap_speaker = QDoubleSpinBox(self)
        for box, value in ((self.gap_line, 0.35), (self.gap_speaker, 0.6)):
            box.setRange(0.0, 5.0)
            box.setSingleStep(0.05)
            box.setSuffix(" s")
            box.setValue(value)
        form.addRow(_tr("Gap between lines of one speaker"), self.gap_line)
        form.addRow(_tr("Gap between speakers"), self.gap_speaker)
        layout.addLayout(form)
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.render_button = QPushButton(_tr("Render…"), self)
        self.render_button.setDefault(True)
        self.render_button.clicked.connect(self._render)
        self.stop_button = QPushButton(_tr("Stop"), self)
        self.stop_button.clicked.connect(self._stop)
        self.close_button = QPushButton(_tr("Close"), self)
        self.close_button.clicked.connect(self.reject)
        for b in (self.render_button, self.stop_button, self.close_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)

    # --- the script -------------------------------------------------------------------------------

    def _open_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _tr("Open a script"), str(Path.home()),
                                               _tr("Text (*.txt *.md);;All files (*)"))
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        try:
            if path.stat().st_size > MAX_PASTE_CHARS:
                raise ScriptError(_tr("The file is larger than 2 MB; split the script into parts."))
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            self.problem.setText(_tr("{name} is not UTF-8 text.").format(name=path.name))
            return
        except (OSError, ScriptError) as exc:
            self.problem.setText(_tr("{name} cannot be read: {0}").format(str(exc), name=path.name))
            return
        self.editor.setPlainText(text)

    def _text_changed(self) -> None:
        """A short script is read at once; a long one (an hour is ~65,000 characters and ~700 table
        rows) once typing pauses, so a keystroke never rebuilds hundreds of rows."""
        if self.editor.document().characterCount() <= INSTANT_PARSE_CHARS:
            self._parse()
        else:
            self._parse_later.start()

    def _parse(self) -> None:
        text = self.editor.toPlainText()
        self.script = None
        self.lines.show_lines(None)
        if not text.strip():
            self.problem.setText("")
            self.speakers.show_speakers(None)
            self._sync()
            return
        try:
            script = parse_dialogue(text[:MAX_PASTE_CHARS])
        except ScriptError as exc:
            self.problem.setText(translate_core(str(exc)))
            self.speakers.show_speakers(None)
            self._sync()
            return
        self.script = script
        self.problem.setText(_tr("{lines} lines, {speakers} speakers.").format(
            lines=len(script.lines), speakers=len(script.speaker_names())))
        self.speakers.show_speakers(script)
        self.lines.show_lines(script)
        self._takes_later.start()  # not per keystroke: each look-up hashes and globs every line
        self._sync()

    def voice_of(self) -> dict[str, str]:
        """Each speaker's voice as chosen in the table."""
        return {name: speaker.voice for name, speaker in self.speakers.speakers().items() if speaker.voice}

    # --- rendering --------------------------------------------------------------------------------

    def ask_target(self) -> str:
        """Where the take goes (tests replace it)."""
        path, chosen = QFileDialog.getSaveFileName(self, _tr("Render the script to"),
                                                   str(Path.home() / "script.flac"), AUDIO_FILTERS)
        return str(with_chosen_suffix(path, chosen, AUDIO_FILTERS)) if path else ""

    def _render(self) -> None:
        script = self.script
        if script is None or self._cancel is not None:
            return
        problem = self.speakers.problem()
        if problem:
            self.status.setText(problem)
            return
        target = self.ask_target()
        if not target:
            return
        path = with_chosen_suffix(target, "", AUDIO_FILTERS)
        script.gap_line, script.gap_speaker = self.gap_line.value(), self.gap_speaker.value()
        engine_id, plan = self.engine_id, self._plan()
        cancel = self._cancel = CancelToken()
        self.folder = folder = path.with_name(path.stem + ".lines")
        self.results = []
        self.progress.setRange(0, len(script.lines))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.setText(_tr("Rendering…"))
        self._clock = (time.monotonic(), 0.0, 0)  # last event, seconds spent making lines, lines made
        self._sync()

        def work() -> tuple[Path | None, float, list[LineResult]]:
            results = render_lines(script, plan, folder, cancel, lambda r, _total: self._progress.deliver(r))
            if any(r.status == "failed" for r in results):
                return None, 0.0, results
            audio, cues = join(script, results)
            written = export_audio(audio, path, None, {"text": "\n".join(
                f"{r.line.speaker}: {r.line.text}" for r in results), "engine_id": engine_id},
                chapters=chapter_marks(script, results, cues))
            atomic_write_text(written.with_suffix(".srt"), to_srt(cues))
            atomic_write_text(written.with_suffix(".vtt"), to_vtt(cues))
            return written, audio.duration, results

        self._tasks.run(work, self._finished, self._failed)

    def _plan(self) -> Plan:
        """How each line is made, from the speakers as set now (read on the GUI thread): their voice,
        and the tags, speed and pitch their lines start from."""
        speakers, engine_id, backend = self.speakers.speakers(), self.engine_id, self.backend
        lexicon = self.lexicon

        profiles = {name: self.speakers.profile_of(speaker.voice) for name, speaker in speakers.items()}

        def plan(line: Line) -> tuple[str, Any, SynthesisRequest]:
            speaker = speakers.get(line.speaker) or Speaker(line.speaker)
            profile = profiles.get(line.speaker)  # a library voice is its profile, not an engine voice id
            return engine_id, backend, SynthesisRequest(
                text=speaker.tags + line.text, voice_id=None if profile is not None else speaker.voice,
                speed=speaker.speed, pitch=speaker.pitch, lexicon=lexicon, voice_profile=profile)
        return plan

    # --- one line ---------------------------------------------------------------------------------

    def _refresh_takes(self, select: int | None = None) -> None:
        """Each line's takes from the last render's folder (read off the GUI thread)."""
        script, folder = self.script, self.folder
        if script is None or folder is None:
            return
        plan = self._plan()
        self._tasks.run(lambda: line_takes(script, plan, folder),
                        lambda takes: self.lines.show_lines(script, takes, select) if script is self.script
                        else None, self._failed)

    def move_line(self, n: int, step: int) -> None:
        """Swap line `n` with its neighbour in the text (one undo step); each is written with its
        speaker's label, so a line that went on from the one above keeps its voice."""
        script, m = self.script, n + step
        if script is None or not (0 <= n < len(script.lines) and 0 <= m < len(script.lines)):
            return
        a, b = script.lines[n], script.lines[m]
        raw = self.editor.toPlainText().splitlines()
        raw[a.source_line - 1], raw[b.source_line - 1] = f"{b.speaker}: {b.text}", f"{a.speaker}: {a.text}"
        cursor = QTextCursor(self.editor.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText("\n".join(raw) + "\n")
        self.lines.table.selectRow(m)
        self._refresh_takes(select=m)

    def remake(self, n: int) -> None:
        """Another take of line `n`; the take it replaces is kept, and nothing else is made."""
        script, folder = self.script, self.folder
        if script is None or folder is None or self._cancel is not None:
            return
        plan, line = self._plan(), script.lines[n]
        cancel = self._cancel = CancelToken()
        self.status.setText(_tr("Making line {n} again…").format(n=n + 1))
        self._sync()

        def done(_result: LineResult) -> None:
            self._cancel = None
            self.status.setText(_tr("Line {n} was made again and is in use; the earlier take is kept. Render "
                                    "to join it into the take.").format(n=n + 1))
            self._refresh_takes(select=n)
            self._sync()

        self._tasks.run(lambda: remake_line(line, n, plan, folder, cancel), done, self._failed)

    def use_take(self, n: int, take: Path) -> None:
        takes = self.lines.line_takes.get(n)
        if not takes:
            return
        current = takes[0]

        def done(_none: None) -> None:
            self.status.setText(_tr("Line {n} uses the chosen take now. Render to join it into the "
                                    "take.").format(n=n + 1))
            self._refresh_takes(select=n)

        self._tasks.run(lambda: choose_take(current, take), done, self._failed)

    def _play_line(self, path: Path) -> None:
        play = self.play
        if play is None:
            self.status.setText(_tr("There is no audio output to play the line on."))
            return
        self._tasks.run(lambda: load_audio(path), play, self._failed)

    def _on_line(self, _tag: int, result: LineResult) -> None:
        self.results.append(result)
        self.progress.setValue(len(self.results))
        words = {"made": _tr("made"), "kept": _tr("kept from an earlier render"), "failed": _tr("failed")}
        text = _tr("Line {n} of {total}: {what}").format(n=result.index + 1, total=self.progress.maximum(),
                                                         what=words[result.status])
        last, spent, made = self._clock
        now = time.monotonic()
        if result.status == "made":
            spent, made = spent + now - last, made + 1
        self._clock = (now, spent, made)
        left = self.progress.maximum() - len(self.results)
        if made and left:  # as if every line still to come must be made: a ceiling, not a promise
            text += " · " + _tr("about {0} left").format(format_clock(spent / made * left))
        self.status.setText(text)

    def _finished(self, outcome: tuple[Path | None, float, list[LineResult]]) -> None:
        self._cancel = None
        written, seconds, results = outcome
        failed = [r for r in results if r.status == "failed"]
        made = sum(r.status == "made" for r in results)
        kept = sum(r.status == "kept" for r in results)
        if written is None:
            lines = "\n".join(_tr("Line {n} ({speaker}): {reason}").format(
                n=r.line.source_line, speaker=r.line.speaker, reason=translate_core(r.error))
                for r in failed[:8])
            head = _tr("{failed} lines failed; the take was not joined. The other lines are kept, and "
                       "rendering again makes only what is missing.").format(failed=len(failed))
            self.status.setText(head + "\n" + lines)
        else:
            self.written = written
            self.status.setText(_tr("Rendered {seconds:.1f} s to {path} ({made} lines made, {kept} kept), "
                                    "with subtitles beside it.").format(
                seconds=seconds, path=written, made=made, kept=kept))
        self._refresh_takes()
        self._sync()

    def _failed(self, exc: BaseException) -> None:
        self._cancel = None
        if isinstance(exc, Cancelled):
            self.status.setText(_tr("Stopped. The lines made so far are kept; rendering again goes on from "
                                    "there."))
        else:
            self.status.setText(_tr("The script could not be rendered: {0}").format(translate_core(str(exc))))
        self._sync()

    def _stop(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()

    def _sync(self) -> None:
        running = self._cancel is not None
        self.render_button.setEnabled(self.script is not None and not running)
        self.render_button.setToolTip("" if self.script is not None else _tr("Paste or open a script first"))
        self.stop_button.setEnabled(running)
        for w in (self.editor, self.open_button, self.speakers, self.gap_line, self.gap_speaker):
            w.setEnabled(not running)
        self.lines.busy = running
        self.lines.sync()

    def reject(self) -> None:
        """Closing stops a render (the lines made so far are kept; its outcome still arrives here)."""
        self._stop()
        super().reject()
