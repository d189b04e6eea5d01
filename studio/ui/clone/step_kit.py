"""What the Clone wizard's steps share: the clip they all work on, the output they listen through,
the language list, and the small builders (cards, headings, muted notes) every step lays out with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from backends.audio import Audio
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import Tasks
from widgets.notices import Level, NoticeArea

LANGUAGES = (("en", "English"), ("zh", "Mandarin"), ("yue", "Cantonese"), ("ja", "Japanese"),
             ("ko", "Korean"), ("de", "German"), ("fr", "French"), ("es", "Spanish"),
             ("it", "Italian"), ("pt", "Portuguese"), ("ru", "Russian"), ("hi", "Hindi"))


def language_name(code: str) -> str:
    return QCoreApplication.translate("Languages", dict(LANGUAGES).get(code, code))


@dataclass
class Clip:
    """The clip the steps pass along. `serial` bumps with each new clip (and each file read begun),
    `prepare_serial` with each preparation, so a late answer about an older one is dropped."""

    audio: Audio | None = None
    label: str = ""  # "recorded" or the file name
    kind: str = ""
    report: Any = None
    prepared: Audio | None = None
    serial: int = 0
    prepare_serial: int = 0


class Listening:
    """The output the wizard plays clips through; `device_tasks` is the window's one queue for
    player calls."""

    def __init__(self, device_tasks: Tasks, notices: NoticeArea) -> None:
        self.player: Any = None
        self.reason: str | None = _tr("No audio output device.")
        self.device_tasks = device_tasks
        self.notices = notices

    def play(self, audio: Audio | None) -> None:
        if audio is None:
            return
        if self.player is None:
            self.notices.show_notice(self.reason or _tr("No audio output device."), Level.INFO,
                                     key="playback")
            return
        player = self.player
        self.device_tasks.run(lambda: player.play(audio, 0.0), None,
                              lambda exc: self.notices.show_notice(translate_core(str(exc)), Level.WARNING,
                                                                  key="playback"))

    def stop(self) -> None:
        player = self.player
        if player is not None and player.playing:
            self.device_tasks.run(player.stop)


def card(parent: QWidget) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 14, 16, 14)
    layout.setSpacing(8)
    return frame, layout


def heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("role", "heading")
    return label


def muted(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("role", "muted")
    label.setWordWrap(True)
    return label


def repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)
