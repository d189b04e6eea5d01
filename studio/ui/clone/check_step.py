"""Step 2 of the Clone wizard, the check: the clip's waveform and spectrogram with the proposed best
window as a draggable region, the reference report as a checklist, trim / normalise / denoise, and
an A/B listen. The prepared clip it makes is what the later steps use.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from backends.audio import Audio
from studio.ui.clone.check_tokens import CheckTokens
from studio.ui.clone.services import (
    CloneServices,
    best_window,
    item_title,
    item_value,
    report_items,
    status_of,
    verdict_of,
)
from studio.ui.clone.step_kit import Clip, Listening, card, heading, muted, repolish
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import Tasks
from widgets.flow import FlowRow, keep_together
from widgets.icons import icon, marked
from widgets.notices import Level, NoticeArea
from widgets.sizes import scaled
from widgets.waveform_view import WaveformView

IDEAL_MIN_S, IDEAL_MAX_S = 5.0, 10.0
MARKS = {"good": "ok", "warning": "warning", "problem": "fail"}  # icons in widgets/svg/


class CheckStep(QWidget):
    """Checks `clip.audio`, then prepares the selection into `clip.prepared`. `changed()` when what
    the wizard may do next changes; `preparedReady()` when a new prepared clip is in."""

    changed = Signal()
    preparedReady = Signal()

    def __init__(self, services: CloneServices, clip: Clip, work: Tasks, listening: Listening,
                 notices: NoticeArea, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.clip = clip
        self._work = work
        self.listening = listening
        self.notices = notices
        self._build()

    def _build(self) -> None:
        page = self
        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(14)

        left = QVBoxLayout()
        left.setSpacing(8)
        wave_card, wc = card(page)
        wc.setContentsMargins(4, 4, 4, 4)
        self.waveform = WaveformView(wave_card)
        self.waveform.setMinimumHeight(260)
        self.waveform.set_placeholder(_tr("Choose or record a clip first."))
        wc.addWidget(self.waveform)
        self.tokens = CheckTokens(self.waveform, self.listening.play, self._work, page)
        left.addWidget(wave_card, 1)
        self.window_label = muted("", page)
        self.window_label.setObjectName("windowLabel")
        left.addWidget(self.window_label)

        options = FlowRow(spacing=14)  # wraps under large text instead of cutting the labels
        self.trim_box = QCheckBox(_tr("Trim to the selection"), page)
        self.trim_box.setChecked(True)
        self.trim_box.setToolTip(_tr("Keep only the highlighted window; drag it or its edges to change it"))
        self.normalise_box = QCheckBox(_tr("Normalise loudness"), page)
        self.normalise_box.setChecked(True)
        self.denoise_box = QCheckBox(_tr("Reduce background noise"), page)
        self.denoise_box.setToolTip(_tr("Helps with hiss and hum; leave it off for clean recordings, "
                                        "it can dull the voice"))
        for box in (self.trim_box, self.normalise_box, self.denoise_box):
            options.addWidget(box)
        options.addStretch()
        options.addWidget(self.tokens.button)
        self.play_a = QPushButton(icon("play"), _tr("A: original"), page)
        self.play_a.setToolTip(_tr("Listen to the clip as it came in"))
        self.play_b = QPushButton(icon("play"), _tr("B: prepared"), page)
        self.play_b.setToolTip(_tr("Listen to what will be used: trimmed, normalised, denoised"))
        self.stop_play = QPushButton(icon("stop"), "", page)
        self.stop_play.setToolTip(_tr("Stop listening"))
        self.stop_play.setAccessibleName(_tr("Stop listening"))
        self.stop_play.setFixedWidth(scaled(36))
        options.addWidget(keep_together(page, self.play_a, self.play_b, self.stop_play))
        left.addLayout(options)
        layout.addLayout(left, 3)

        report_card, rl = card(page)
        report_card.setMinimumWidth(scaled(320))
        report_card.setMaximumWidth(scaled(420))
        rl.addWidget(heading(_tr("Reference check"), report_card))
        self.verdict_label = QLabel(_tr("Not checked yet"), report_card)
        self.verdict_label.setObjectName("verdict")
        self.verdict_label.setWordWrap(True)
        rl.addWidget(self.verdict_label)
        self.checklist = QWidget(report_card)
        self.checklist_layout = QVBoxLayout(self.checklist)
        self.checklist_layout.setContentsMargins(0, 4, 0, 0)
        self.checklist_layout.setSpacing(6)
        scroll = QScrollArea(report_card)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.checklist)
        rl.addWidget(scroll, 1)
        layout.addWidget(report_card, 2)

        self.waveform.regionChanged.connect(lambda _a, _b: self._schedule_prepare())
        for box in (self.trim_box, self.normalise_box, self.denoise_box):
            box.toggled.connect(lambda _on: self._schedule_prepare())
        self.play_a.clicked.connect(lambda: self.listening.play(self.clip.audio))
        self.play_b.clicked.connect(lambda: self.listening.play(self.clip.prepared))
        self.stop_play.clicked.connect(self.listening.stop)
        self._prepare_timer = QTimer(self)
        self._prepare_timer.setSingleShot(True)
        self._prepare_timer.setInterval(250)
        self._prepare_timer.timeout.connect(self._prepare_now)

    def show_clip(self, audio: Audio) -> None:
        self.waveform.set_audio(audio.samples, audio.sample_rate)
        self.tokens.show_clip(audio)
        self.waveform.set_placeholder(_tr("Checking…"))

    def reset(self) -> None:
        self.waveform.clear()
        self.tokens.reset()
        self.waveform.set_placeholder(_tr("Choose or record a clip first."))
        self._clear_checklist()
        self.verdict_label.setText(_tr("Not checked yet"))
        self.window_label.clear()

    # --- the reference check ----------------------------------------------------------------------

    def start_check(self) -> None:
        audio = self.clip.audio
        if audio is None:
            return
        serial = self.clip.serial
        self.verdict_label.setText(_tr("Checking the clip…"))
        self._clear_checklist()
        services = self.services

        def done(report: Any) -> None:
            if serial == self.clip.serial:
                self._show_report(report)

        def failed(exc: BaseException) -> None:
            if serial == self.clip.serial:
                self.verdict_label.setText(_tr("The clip could not be checked: {0}").format(exc))
                self._set_verdict_state("problem")

        self._work.run(lambda: services.check(audio), done, failed)

    def _clear_checklist(self) -> None:
        while self.checklist_layout.count():
            item = self.checklist_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()

    def _set_verdict_state(self, state: str) -> None:
        self.verdict_label.setProperty("state", state)
        repolish(self.verdict_label)

    def _show_report(self, report: Any) -> None:
        assert self.clip.audio is not None
        self.clip.report = report
        verdict = verdict_of(report)
        texts = {"good": marked("ok", _tr("A good reference.")),
                 "warning": marked("warning", _tr("Usable, with the warnings below.")),
                 "problem": marked("fail", _tr("This clip has problems: a clone made from it will suffer."))}
        # The checklist below names each criterion; the headline is translated, the core's summary is not.
        self.verdict_label.setText(texts.get(verdict, verdict))
        self._set_verdict_state(verdict)
        self._clear_checklist()
        for item in report_items(report):
            self.checklist_layout.addWidget(self._check_row(item))
        self.checklist_layout.addStretch(1)
        start, end = best_window(report, self.clip.audio.duration)
        self.waveform.set_region(start, end)
        score = getattr(getattr(report, "best_window", None), "score", None)
        self._window_score = score
        self._prepare_now()

    def _check_row(self, item: Any) -> QWidget:
        status = status_of(item)
        row = QWidget(self.checklist)
        row.setObjectName("checkRow")
        grid = QGridLayout(row)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(0)
        mark = QLabel(row)
        if status in MARKS:
            mark.setPixmap(icon(MARKS[status]).pixmap(QSize(16, 16), row.devicePixelRatioF()))
        mark.setObjectName("checkMark")
        mark.setProperty("state", status)
        mark.setFixedSize(18, 18)
        mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(f"<b>{translate_core(item_title(item))}</b>", row)
        value = QLabel(item_value(item), row)
        value.setProperty("role", "muted")
        message = QLabel(translate_core(str(getattr(item, "message", ""))), row)
        message.setWordWrap(True)
        message.setProperty("role", "muted")
        grid.addWidget(mark, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(title, 0, 1)
        grid.addWidget(value, 0, 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(message, 1, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        row.setAccessibleName(f"{status}: {item_title(item)} {item_value(item)}. {message.text()}")
        return row

    def checklist_rows(self) -> list[str]:
        """The checklist as text, one row each (tests, screen readers)."""
        rows = []
        for i in range(self.checklist_layout.count()):
            w = self.checklist_layout.itemAt(i).widget()
            if w is not None:
                rows.append(w.accessibleName())
        return rows

    # --- preparing the selection ------------------------------------------------------------------

    def _schedule_prepare(self) -> None:
        if self.clip.report is not None:
            self.clip.prepared = None
            self.changed.emit()
            self._prepare_timer.start()

    def selection(self) -> tuple[float, float]:
        assert self.clip.audio is not None
        span = self.waveform.region() if self.trim_box.isChecked() else None
        if span is None:
            return 0.0, self.clip.audio.duration
        return max(0.0, span[0]), min(self.clip.audio.duration, span[1])

    def _prepare_now(self) -> None:
        audio = self.clip.audio
        if audio is None or self.clip.report is None:
            return
        start, end = self.selection()
        normalise, denoise = self.normalise_box.isChecked(), self.denoise_box.isChecked()
        self.clip.prepare_serial += 1
        serial = self.clip.prepare_serial
        length = end - start
        text = _tr("Selection {0:.1f}–{1:.1f} s ({2:.1f} s)").format(start, end, length)
        if length < IDEAL_MIN_S:
            text += "  ·  " + _tr("shorter than the ideal 5–10 s")
        elif length > IDEAL_MAX_S + 5:
            text += "  ·  " + _tr("longer than needed; 5–10 s is ideal")
        if self.trim_box.isChecked():
            text += "  ·  " + _tr("drag the highlighted window or its edges to change it")
        self.window_label.setText(text)
        self.clip.prepared = None
        self.changed.emit()
        services = self.services

        def done(prepared: Audio) -> None:
            if serial == self.clip.prepare_serial:
                self.clip.prepared = prepared
                self.preparedReady.emit()
                self.update_listen_buttons()

        def failed(exc: BaseException) -> None:
            if serial == self.clip.prepare_serial:
                self.notices.show_notice(_tr("The clip could not be prepared: {0}").format(exc), Level.ERROR,
                                         key="prepare")

        self._work.run(lambda: services.prepare(audio, start, end, normalise, denoise), done, failed)

    # --- listening --------------------------------------------------------------------------------

    def show_player(self, reason: str | None) -> None:
        """The output changed: say why listening is off, if it is."""
        why = reason or _tr("No audio output device.")
        for b in (self.play_a, self.play_b, self.stop_play):
            b.setToolTip(why if self.listening.player is None else b.toolTip())
        self.update_listen_buttons()

    def update_listen_buttons(self) -> None:
        has_player = self.listening.player is not None
        self.play_a.setEnabled(has_player and self.clip.audio is not None)
        self.play_b.setEnabled(has_player and self.clip.prepared is not None)
        self.stop_play.setEnabled(has_player)
