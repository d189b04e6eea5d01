"""Take ▸ Export Subtitles…: a take's text as SRT or WebVTT, timed by the engine that spoke it.

Every engine reports which text each piece of audio speaks; the job keeps those spans with the
take (`text_spans` in its record), so subtitles need no transcription: each sentence is on screen
while it is spoken, its words spread over it by their letters (studio.timeline.subtitles). The
file is written on the library worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from studio.timeline.subtitles import from_sentences, write_subtitles
from studio.ui.common.files import SUBTITLE_FILTER, with_chosen_suffix
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.labels import safe_filename
from studio.ui.common.tasks import Tasks


class SubtitleExport(QObject):
    statusMessage = Signal(str)

    def __init__(self, take_view: Any, io: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._takes = take_view  # studio.ui.speak.take_view.TakeView: what is shown now
        self._io = io
        self._parent = parent
        self.action = QAction(_tr("Export Subtitles…"), self)
        self.action.setToolTip(_tr("Save the take's text, timed as the engine spoke it, as SRT or WebVTT "
                                   "subtitles"))
        self.action.setEnabled(False)
        self.action.triggered.connect(self.export)
        take_view.changed.connect(self.sync)

    def _shown(self) -> tuple[dict[str, Any], float, str] | None:
        take, audio = self._takes.current_take, self._takes.current_audio
        meta = take.metadata if take is not None else self._takes.unsaved_meta
        if not isinstance(meta, dict) or not meta.get("text_spans") or audio is None:
            return None
        title = take.title if take is not None else "take"
        return meta, audio.duration, title

    def sync(self) -> None:
        self.action.setEnabled(self._shown() is not None)

    def ask_path(self, suggested: str) -> tuple[str, str]:
        """The save dialog (tests replace it): (path, chosen filter), or ('', '')."""
        return QFileDialog.getSaveFileName(self._parent, _tr("Export subtitles"), suggested, SUBTITLE_FILTER)

    def export(self) -> None:
        shown = self._shown()
        if shown is None:
            return
        meta, duration, title = shown
        path, chosen = self.ask_path(str(Path.home() / f"{safe_filename(title)}.srt"))
        if not path:
            return
        target = with_chosen_suffix(path, chosen, SUBTITLE_FILTER)
        sentences = meta["text_spans"]

        def done(written: Path) -> None:
            self.statusMessage.emit(_tr("Exported {path}").format(path=written))

        def failed(exc: BaseException) -> None:
            self.statusMessage.emit(_tr("Export failed: {0}").format(translate_core(str(exc))))

        self._io.run(lambda: write_subtitles(from_sentences(sentences, duration), target), done, failed)
