"""Step 5 of the Clone wizard, preview: per engine that can clone or match, what it will do with the
reference (its manifest note, shown before anything runs), the profile made in the background with
progress and cancel, the similarity reached against the default voice, and a preview sentence.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from backends.audio import Audio
from backends.base import AudioChunk, CancelToken, SynthesisRequest, VoiceProfile
from studio import paths
from studio.library.storage import ensure_free_space
from studio.ui.clone.engines import EngineChoice
from studio.ui.clone.services import make_consent
from studio.ui.clone.step_kit import Clip, Listening, card, heading, muted
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import EventBridge, Tasks
from widgets.icons import icon

PREVIEW_SENTENCES = {
    "en": "Hello! This is my new voice, made from a few seconds of speech.",
    "zh": "你好！这是我的新声音，只用了几秒钟的录音。",
    "yue": "你好！呢個係我嘅新聲音。",
    "ja": "こんにちは。これは数秒の録音から作った私の新しい声です。",
    "ko": "안녕하세요. 몇 초의 녹음으로 만든 제 새 목소리입니다.",
}


@dataclass
class _EngineRun:
    """One engine's preparation in the wizard: its widgets and its outcome."""

    choice: EngineChoice
    card: QFrame
    status: QLabel
    progress: QProgressBar
    cancel_button: QPushButton
    retry_button: QPushButton
    preview_button: QPushButton
    result: QLabel
    token: CancelToken | None = None
    profile: VoiceProfile | None = None
    error: str | None = None
    serial: int = 0


class PreviewStep(QWidget):
    """One card per engine, each making its profile from `clip.prepared`; `changed()` when a run
    starts or ends. `transcript()` gives the transcript as typed (empty when there is none)."""

    changed = Signal()

    def __init__(self, clip: Clip, transcript: Callable[[], str], work: Tasks, engine_work: Tasks,
                 listening: Listening, parent: QWidget | None = None,
                 consent: Callable[[], dict[str, Any]] | None = None) -> None:
        super().__init__(parent)
        self.clip = clip
        self._transcript = transcript
        self._consent = consent  # the consent step's fields: a server keeps the voice it makes
        self._work = work
        self._engine_work = engine_work
        self.listening = listening
        self.runs: dict[str, _EngineRun] = {}
        self._progress_bridge = EventBridge(0, self)
        self._progress_bridge.event.connect(self._on_engine_progress)
        self._build()

    def _build(self) -> None:
        page = self
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(10)
        row = QHBoxLayout()
        row.addWidget(QLabel(_tr("Preview sentence"), page))
        self.preview_text = QLineEdit(page)
        self.preview_text.setAccessibleName(_tr("Preview sentence"))
        row.addWidget(self.preview_text, 1)
        layout.addLayout(row)
        self.engine_area = QWidget(page)
        self.engine_layout = QVBoxLayout(self.engine_area)
        self.engine_layout.setContentsMargins(0, 0, 0, 0)
        self.engine_layout.setSpacing(10)
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.engine_area)
        layout.addWidget(scroll, 1)

    def suggest_sentence(self, code: str) -> None:
        """The preview sentence in the voice's language, unless the user wrote their own."""
        current = self.preview_text.text()
        if not current or current in PREVIEW_SENTENCES.values():
            self.preview_text.setText(PREVIEW_SENTENCES.get(code, PREVIEW_SENTENCES["en"]))

    def clear_engine_cards(self) -> None:
        for run in self.runs.values():
            if run.token is not None:
                run.token.cancel()
            run.card.deleteLater()
        self.runs.clear()
        while self.engine_layout.count():
            item = self.engine_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

    def cancel_all(self) -> None:
        for run in self.runs.values():
            if run.token is not None:
                run.token.cancel()

    def enter(self, engines: list[EngineChoice]) -> None:
        """Show a card per engine and start each one's profile (once per prepared clip)."""
        if self.runs:
            return
        self.clear_engine_cards()
        if not engines:
            frame, fl = card(self.engine_area)
            fl.addWidget(heading(_tr("No installed engine can use a reference yet"), frame))
            fl.addWidget(muted(_tr(
                "The voice can still be saved with its checked reference, transcript and consent; an "
                "engine that clones (such as Step-Audio) can use it once installed. The voice library "
                "shows which engines can use each voice."), frame))
            self.engine_layout.addWidget(frame)
            self.engine_layout.addStretch(1)
            return
        for choice in engines:
            self.runs[choice.engine_id] = self._engine_card(choice)
        self.engine_layout.addStretch(1)
        for run in self.runs.values():
            self.start_engine(run.choice.engine_id)

    def _engine_card(self, choice: EngineChoice) -> _EngineRun:
        cloning = choice.manifest.cloning
        frame, fl = card(self.engine_area)
        frame.setObjectName("card")
        head = QHBoxLayout()
        head.addWidget(heading(choice.name, frame))
        badge = QLabel(_tr("Clones the voice") if cloning.kind == "clone" else _tr("Voice match"), frame)
        badge.setProperty("role", "badge")
        head.addWidget(badge)
        head.addStretch(1)
        fl.addLayout(head)
        what = translate_core(cloning.note) or (
            _tr("Makes a zero-shot clone of the reference.") if cloning.kind == "clone"
            else _tr("Picks the nearest of its own voices; it does not clone."))
        fl.addWidget(muted(_tr("What it does with the reference: {0}").format(what), frame))
        if self.clip.prepared is not None and cloning.ideal_seconds:
            fl.addWidget(muted(_tr("Works best with {0:g}–{1:g} s of speech; yours is {2:.1f} s.").format(
                cloning.min_seconds or cloning.ideal_seconds, cloning.max_seconds or cloning.ideal_seconds,
                self.clip.prepared.duration), frame))
        row = QHBoxLayout()
        progress = QProgressBar(frame)
        progress.setRange(0, 100)
        progress.setFixedHeight(6)
        progress.setTextVisible(False)
        status = muted("", frame)
        cancel = QPushButton(_tr("Cancel"), frame)
        retry = QPushButton(_tr("Try again"), frame)
        preview = QPushButton(icon("play"), _tr("Preview"), frame)
        preview.setEnabled(False)
        row.addWidget(progress, 1)
        row.addWidget(cancel)
        row.addWidget(retry)
        row.addWidget(preview)
        fl.addWidget(status)
        fl.addLayout(row)
        result = QLabel("", frame)
        result.setObjectName("similarity")
        result.setWordWrap(True)
        fl.addWidget(result)
        self.engine_layout.addWidget(frame)
        eid = choice.engine_id
        cancel.clicked.connect(lambda: self.cancel_engine(eid))
        retry.clicked.connect(lambda: self.start_engine(eid))
        preview.clicked.connect(lambda: self.preview_engine(eid))
        return _EngineRun(choice, frame, status, progress, cancel, retry, preview, result)

    def start_engine(self, engine_id: str) -> None:
        """Make this engine's profile in the background (load the engine first if needed)."""
        run = self.runs.get(engine_id)
        reference = self.clip.prepared
        if run is None or reference is None or run.token is not None:
            return
        transcript = self._transcript() or None
        if getattr(run.choice.manifest.cloning, "needs_transcript", False) and not transcript:
            run.status.setText(_tr("Needs a transcript: go back one step and type it."))
            return
        token = CancelToken()
        run.token = token
        run.profile = None
        run.error = None
        run.serial += 1
        serial = run.serial
        run.progress.setValue(0)
        run.progress.show()
        run.status.setText(_tr("Loading {0}…").format(run.choice.name))
        run.result.clear()
        run.cancel_button.setEnabled(True)
        run.retry_button.setEnabled(False)
        run.preview_button.setEnabled(False)
        bridge = self._progress_bridge
        choice = run.choice
        consent_fields = self._consent() if self._consent is not None else None

        def work() -> VoiceProfile:
            # A voice that could not be saved is refused now, not after a minute of matching.
            ensure_free_space(paths.data_dir(), len(reference) * 3 + 8_000_000, "a new voice")
            backend = choice.get_backend()
            token.raise_if_cancelled()
            def progress(fraction: float, message: str) -> None:
                bridge.deliver((engine_id, serial, float(fraction), str(message)))

            takes_consent = "consent" in inspect.signature(backend.prepare_voice).parameters
            if consent_fields is not None and takes_consent:
                # A remote engine's server keeps the voice, so it asks who is speaking and how they
                # agreed, as the wizard does before saving.
                record = make_consent(**consent_fields)
                return backend.prepare_voice(reference, transcript, token, progress, consent={
                    "speaker": record.speaker, "consent": record.how, "source": record.source,
                    "licence": record.licence, "recorded": record.recorded})
            return backend.prepare_voice(reference, transcript, token, progress)

        def done(profile: VoiceProfile) -> None:
            if run.serial != serial or self.runs.get(engine_id) is not run:
                return
            run.token = None
            run.profile = profile
            run.progress.setValue(100)
            run.status.setText(_tr("Ready."))
            run.result.setText(self._describe_profile(profile))
            run.cancel_button.setEnabled(False)
            run.retry_button.setEnabled(True)
            run.preview_button.setEnabled(True)
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            if run.serial != serial or self.runs.get(engine_id) is not run:
                return
            run.token = None
            cancelled = token.cancelled or type(exc).__name__ == "Cancelled"
            run.error = None if cancelled else translate_core(str(exc))
            run.progress.setValue(0)
            run.status.setText(_tr("Cancelled. Nothing from {0} is saved with the voice.").format(choice.name)
                               if cancelled else _tr("Failed: {0}").format(exc))
            run.cancel_button.setEnabled(False)
            run.retry_button.setEnabled(True)
            self.changed.emit()

        self._engine_work.run(work, done, failed)
        self.changed.emit()

    def _on_engine_progress(self, _tag: int, value: object) -> None:
        engine_id, serial, fraction, message = value  # type: ignore[misc]
        run = self.runs.get(engine_id)
        if run is None or run.serial != serial or run.token is None:
            return
        run.progress.setValue(round(100 * min(max(fraction, 0.0), 1.0)))
        if message:
            run.status.setText(translate_core(message))

    def cancel_engine(self, engine_id: str) -> None:
        run = self.runs.get(engine_id)
        if run is not None and run.token is not None:
            run.token.cancel()
            run.status.setText(_tr("Cancelling…"))
            run.cancel_button.setEnabled(False)

    @staticmethod
    def _describe_profile(profile: VoiceProfile) -> str:
        parts = []
        if profile.similarity is not None:
            text = _tr("Similarity to the reference: <b>{0:.2f}</b>").format(profile.similarity)
            if profile.baseline_similarity is not None:
                gain = profile.similarity - profile.baseline_similarity
                text += _tr(" (default voice {0:.2f}, {1:+.2f})").format(profile.baseline_similarity, gain)
            parts.append(text)
        if profile.note:
            parts.append(translate_core(profile.note))
        return "<br>".join(parts) or _tr("Profile ready.")

    def profiles(self) -> list[VoiceProfile]:
        return [r.profile for r in self.runs.values() if r.profile is not None]

    def preview_engine(self, engine_id: str) -> None:
        """Speak the preview sentence with the new profile, off the GUI thread, then play it."""
        run = self.runs.get(engine_id)
        if run is None or run.profile is None:
            return
        text = self.preview_text.text().strip() or PREVIEW_SENTENCES["en"]
        profile = run.profile
        choice = run.choice
        run.preview_button.setEnabled(False)
        run.status.setText(_tr("Speaking the preview…"))

        def work() -> Audio:
            backend = choice.get_backend()
            request = SynthesisRequest(text=text, voice_profile=profile)
            chunks: list[np.ndarray] = []
            rate = 0
            for event in backend.synthesize(request, CancelToken()):
                if isinstance(event, AudioChunk):
                    chunks.append(event.samples)
                    rate = event.sample_rate
            if not chunks:
                raise RuntimeError(_tr("the engine produced no audio"))
            return Audio(np.concatenate(chunks), rate)

        def done(audio: Audio) -> None:
            run.preview_button.setEnabled(True)
            run.status.setText(_tr("Preview: {0:.1f} s").format(audio.duration))
            self.last_preview = audio
            self.listening.play(audio)

        def failed(exc: BaseException) -> None:
            run.preview_button.setEnabled(True)
            run.status.setText(_tr("The preview failed: {0}").format(exc))

        self._work.run(work, done, failed)
