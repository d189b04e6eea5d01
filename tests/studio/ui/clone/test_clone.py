"""The Clone workspace driven by clicks: import → check → transcript → consent → preview → saved,
then the voice in Speak's picker, the voice library's actions, and bundle refusals."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest
import soundfile as sf
from PySide6.QtCore import Qt
from ui_fakes import FakeBackend, FakePlayer, registry

from backends.audio import Audio
from backends.base import CancelToken, CloneSupport, Manifest, VoiceProfile
from studio.paths import data_dir
from studio.settings import SettingsStore
from studio.ui.clone.services import CloneServices
from studio.ui.shell.main_window import MainWindow
from studio.voices.library import VoiceLibrary
from studio.voices.reference import CheckItem, ReferenceReport, Status, Window, check_reference

DATA = Path(__file__).resolve().parents[3] / "data"
PROMPT = DATA / "zero_shot_en_prompt.wav"
NO_DEVICE = ([], "No audio output device was found.")


class CloningBackend(FakeBackend):
    """The fake engine, declaring a voice match and answering prepare_voice quickly."""

    prepared: ClassVar[list[tuple[float, str | None]]] = []

    @property
    def manifest(self) -> Manifest:
        base = super().manifest
        return dataclasses.replace(base, cloning=CloneSupport(
            "match", 3.0, 8.0, 30.0, False, "Picks the nearest of its voices and shifts pitch; not a clone."))

    def prepare_voice(self, reference: Audio, transcript: str | None, cancel: CancelToken,
                      progress: Callable[[float, str], None] | None = None) -> VoiceProfile:
        for i in range(3):
            cancel.raise_if_cancelled()
            if progress:
                progress(i / 3, f"Trying voice {i + 1} of 3")
            time.sleep(0.02)
        CloningBackend.prepared.append((reference.duration, transcript))
        return VoiceProfile("fake", "match", 1, {"voice": "alto", "pitch": 2.0}, 0.82, 0.61, "Alto, +2 st")


def fake_report(audio: Audio) -> ReferenceReport:
    items = (CheckItem("duration", Status.GOOD, audio.duration, "s", "Long enough."),
             CheckItem("noise", Status.WARNING, 18.0, "dB", "Some background noise."),
             CheckItem("clipping", Status.GOOD, 0.0, "%", "No clipping."))
    window = Window(1.0, min(audio.duration, 7.0), 0.9, 0.9, 30.0, 0.0, None, True)
    return ReferenceReport(items, Status.WARNING, "Usable.", window, ((0.5, audio.duration),), audio.duration,
                           audio.sample_rate)


def fake_services(devices: list[Any] | None = None, **overrides: Any) -> CloneServices:
    from backends.audio import load_audio

    services = CloneServices(
        load_audio=load_audio,
        check=fake_report,
        prepare=lambda a, s, e, n, d: a.slice_seconds(s, e),
        transcribe=lambda a, lang: type("T", (), {"text": "Hello from the reference.", "language": "en"})(),
        input_devices=lambda: list(devices or []),
        input_unavailable_reason=lambda d: "No microphone was found (test).",
    )
    for key, value in overrides.items():
        setattr(services, key, value)
    return services


@pytest.fixture
def make_window(qtbot: Any, studio_home: Path) -> Any:
    made: list[MainWindow] = []

    def make(services: CloneServices | None = None, backend: type = CloningBackend) -> MainWindow:
        window = MainWindow(SettingsStore(studio_home / "config" / "settings.json"),
                            registry_factory=lambda: registry(backend), devices_probe=lambda: NO_DEVICE,
                            player_factory=lambda index: FakePlayer(index),
                            clone_services=services or fake_services())
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.speak.backend is not None, timeout=10_000)
        qtbot.waitUntil(lambda: window.clone.library is not None, timeout=10_000)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


def click(qtbot: Any, button: Any) -> None:
    assert button.isEnabled(), button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def run_wizard_to_save(qtbot: Any, window: MainWindow, name: str = "Reader",
                       engine_timeout: int = 10_000) -> None:
    window.workspace_buttons["clone"].click()
    assert window.stack.currentWidget() is window.clone
    click(qtbot, window.clone.voices_page.new_button)
    wizard = window.clone.wizard
    assert window.clone.currentWidget() is wizard
    wizard.ask_audio_path = lambda: str(PROMPT)  # type: ignore[method-assign]
    click(qtbot, wizard.import_button)
    qtbot.waitUntil(lambda: wizard.step == 1 and wizard.prepared is not None, timeout=60_000)
    assert wizard.waveform.region() is not None
    rows = wizard.checklist_rows()
    assert rows and any(r.startswith("warning") for r in rows)
    click(qtbot, wizard.next_button)  # → transcript
    qtbot.waitUntil(lambda: bool(wizard.transcript.toPlainText()), timeout=120_000)
    click(qtbot, wizard.next_button)  # → consent
    assert wizard.step == 3
    assert not wizard.next_button.isEnabled()
    qtbot.keyClicks(wizard.name_edit, name)
    qtbot.keyClicks(wizard.speaker_edit, "Ada")
    assert not wizard.next_button.isEnabled(), "consent is required"
    assert "consent" in wizard.hint.text()
    wizard.consent_box.click()
    click(qtbot, wizard.next_button)  # → preview
    assert wizard.step == 4
    qtbot.waitUntil(lambda: bool(wizard.profiles()), timeout=engine_timeout)
    click(qtbot, wizard.next_button)  # Save
    qtbot.waitUntil(lambda: window.clone.currentWidget() is window.clone.voices_page, timeout=10_000)
    qtbot.waitUntil(lambda: name in window.clone.voices_page.names(), timeout=10_000)


def test_wizard_from_import_to_saved_voice_then_speak_uses_it(qtbot: Any, make_window: Any,
                                                              studio_home: Path) -> None:
    CloningBackend.prepared = []
    window = make_window()
    wizard = window.clone.wizard
    run_wizard_to_save(qtbot, window)
    assert CloningBackend.prepared and CloningBackend.prepared[0][1] == "Hello from the reference."
    page = window.clone.voices_page
    details = page.details_text()
    assert "Ada" in details and "0.82" in details and "Hello from the reference." in details
    voice = VoiceLibrary(data_dir()).list()[0]
    assert voice.name == "Reader" and voice.consent.given and voice.consent.speaker == "Ada"
    assert voice.profiles["fake"].similarity == pytest.approx(0.82)
    assert wizard.step == 0  # the wizard starts over for the next voice

    # Speak offers it, marked, and generating with it sends its profile.
    speak = window.speak
    qtbot.waitUntil(lambda: speak.voice_combo.findText("Reader (matched, similarity 0.82)") >= 0,
                    timeout=5_000)
    window.workspace_buttons["speak"].click()
    speak.voice_combo.setCurrentIndex(speak.voice_combo.findText("Reader (matched, similarity 0.82)"))
    speak.editor.setPlainText("Say it in the new voice.")
    backend = speak.backend
    click(qtbot, speak.generate_button)
    qtbot.waitUntil(lambda: not speak.generating, timeout=10_000)
    request = backend.requests[-1]
    assert request.voice_profile is not None and request.voice_profile.data["voice"] == "alto"
    assert request.voice_id is None


def test_a_clip_without_speech_stops_the_wizard_at_the_check(qtbot: Any, make_window: Any,
                                                              tmp_path: Path) -> None:
    """The wizard refuses what the CLI and the server refuse (ReferenceReport.refusal)."""
    t = np.arange(16000 * 8) / 16000
    hum = tmp_path / "hum.wav"
    sf.write(hum, (0.3 * np.sign(np.sin(2 * np.pi * 220 * t))).astype(np.float32), 16000)
    window = make_window(fake_services(check=check_reference))  # the real check, not the canned report
    window.workspace_buttons["clone"].click()
    click(qtbot, window.clone.voices_page.new_button)
    wizard = window.clone.wizard
    wizard.ask_audio_path = lambda: str(hum)  # type: ignore[method-assign]
    click(qtbot, wizard.import_button)
    qtbot.waitUntil(lambda: wizard.step == 1 and wizard.clip.report is not None, timeout=60_000)
    qtbot.waitUntil(lambda: "No speech was found" in wizard.hint.text(), timeout=10_000)
    assert not wizard.next_button.isEnabled()
    assert "a steady tone or music" in wizard.next_button.toolTip()


def test_no_input_device_disables_record_with_reason_but_import_works(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    window.show_workspace("clone")
    window.clone.new_voice()
    wizard = window.clone.wizard
    qtbot.waitUntil(lambda: "No microphone was found (test)." in wizard.record_reason.text(), timeout=5_000)
    assert not wizard.record_button.isEnabled()
    assert "No microphone" in wizard.record_button.toolTip()
    assert wizard.import_button.isEnabled()


def test_voice_without_profile_for_engine_is_not_offered_in_speak(qtbot: Any, make_window: Any,
                                                                   studio_home: Path) -> None:
    window = make_window()
    from backends.audio import load_audio

    lib = window.clone.library
    lib.add("Other engine voice", load_audio(PROMPT), origin="cloned",
            profiles=[VoiceProfile("step", "clone", 1, {"x": 1}, 0.9, 0.5, "")])
    window.clone.voices_page.refresh()
    qtbot.waitUntil(lambda: "Other engine voice" in window.clone.voices_page.names(), timeout=5_000)
    assert all("Other engine voice" not in window.speak.voice_combo.itemText(i)
               for i in range(window.speak.voice_combo.count()))


def test_voices_page_rename_duplicate_delete(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    from backends.audio import load_audio

    window.clone.library.add("Alpha", load_audio(PROMPT), origin="cloned")
    page = window.clone.voices_page
    page.refresh()
    qtbot.waitUntil(lambda: "Alpha" in page.names(), timeout=5_000)
    page.select(page.voices[0].id)
    page.ask_text = lambda *a: "Beta"  # type: ignore[method-assign]
    click(qtbot, page.rename_button)
    qtbot.waitUntil(lambda: "Beta" in page.names(), timeout=5_000)
    click(qtbot, page.duplicate_button)
    qtbot.waitUntil(lambda: "Beta (copy)" in page.names(), timeout=5_000)
    page.confirm_delete = lambda name: False  # type: ignore[method-assign]
    click(qtbot, page.delete_button)
    page.select(next(v.id for v in page.voices if v.name == "Beta (copy)"))
    page.confirm_delete = lambda name: True  # type: ignore[method-assign]
    click(qtbot, page.delete_button)
    qtbot.waitUntil(lambda: "Beta (copy)" not in page.names(), timeout=5_000)
    assert "Beta" in page.names()
    # Built-in voices are listed, read-only.
    assert "Alto" in page.names()


def test_hostile_bundle_is_refused_with_the_reason(qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    import zipfile

    window = make_window()
    page = window.clone.voices_page
    bad = tmp_path / "evil.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("../../escape.txt", "x")
    asked: list[Any] = []
    page.confirm_import = lambda preview: asked.append(preview) or True  # type: ignore[method-assign]
    page.import_bundle(str(bad))
    qtbot.waitUntil(lambda: any("evil.zip was not imported" in t for t in page.notices.texts()), timeout=5_000)  # noqa: E501
    assert not asked, "a refused bundle is never offered for import"


def test_cancel_engine_preparation(qtbot: Any, make_window: Any) -> None:
    class SlowMatch(CloningBackend):
        def prepare_voice(self, reference: Audio, transcript: str | None, cancel: CancelToken,
                          progress: Callable[[float, str], None] | None = None) -> VoiceProfile:
            for _ in range(200):
                cancel.raise_if_cancelled()
                time.sleep(0.02)
            raise AssertionError("not cancelled")

    window = make_window(backend=SlowMatch)
    window.show_workspace("clone")
    window.clone.new_voice()
    wizard = window.clone.wizard
    wizard.use_audio(Audio.silence(0.1, 16000).concat(__import__("backends.audio").audio.load_audio(PROMPT)),
                     "x.wav", "imported")
    qtbot.waitUntil(lambda: wizard.prepared is not None, timeout=10_000)
    wizard.next()
    qtbot.waitUntil(lambda: bool(wizard.transcript.toPlainText()), timeout=10_000)
    wizard.next()
    wizard.name_edit.setText("N")
    wizard.speaker_edit.setText("S")
    wizard.consent_box.setChecked(True)
    wizard.next()
    run = wizard._runs["fake"]
    qtbot.waitUntil(lambda: run.cancel_button.isEnabled(), timeout=5_000)
    assert not wizard.next_button.isEnabled()
    click(qtbot, run.cancel_button)
    qtbot.waitUntil(lambda: run.token is None, timeout=10_000)
    assert "Cancelled" in run.status.text()
    assert wizard.next_button.isEnabled()  # saving with the reference only is allowed


@pytest.mark.slow
def test_wizard_with_the_real_embedded_engine(qtbot: Any, make_window: Any, studio_home: Path) -> None:
    """Real reference check, real Whisper, real Embedded voice match (about a minute on 2 cores)."""
    from backends.registry import Registry

    services = CloneServices(input_devices=lambda: [], input_unavailable_reason=lambda d: "none (test)")
    window = MainWindow(SettingsStore(studio_home / "config" / "settings.json"),
                        registry_factory=lambda: Registry(), devices_probe=lambda: NO_DEVICE,
                        player_factory=lambda index: FakePlayer(index), clone_services=services)
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: window.speak.backend is not None, timeout=60_000)
        qtbot.waitUntil(lambda: window.clone.library is not None and bool(window.clone.wizard.engines),
                        timeout=60_000)
        run_wizard_to_save(qtbot, window, name="Real match", engine_timeout=300_000)
        voice = VoiceLibrary(data_dir()).list()[0]
        profile = next(iter(voice.profiles.values()))
        assert profile.kind == "match" and profile.similarity is not None
        qtbot.waitUntil(lambda: any(window.speak.voice_combo.itemText(i).startswith("Real match")
                                    for i in range(window.speak.voice_combo.count())), timeout=5_000)
    finally:
        window.close()


def test_the_check_step_shows_the_clips_audio_tokens(qtbot: Any, make_window: Any, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """What a Step-Audio clone would read from the reference: the tokenizer (tiny, official layout,
    in its child process) on the clip as imported; a click on a cell plays it and leaves the
    window kept for the voice where it was."""
    from PySide6.QtCore import QPointF

    from backends.step.tokenizer import StepAudioTokenizer
    from studio.timeline.tokens import TokenTimeline
    from tests.backends.step.tiny_tokenizer import build_tiny_tokenizer

    folder = build_tiny_tokenizer(tmp_path / "tokenizer", seed=3)
    monkeypatch.setenv("STEP_AUDIO_TOKENIZER_DIR", str(folder))
    window = make_window()
    window.workspace_buttons["clone"].click()
    click(qtbot, window.clone.voices_page.new_button)
    wizard = window.clone.wizard
    wizard.ask_audio_path = lambda: str(PROMPT)  # type: ignore[method-assign]
    click(qtbot, wizard.import_button)
    qtbot.waitUntil(lambda: wizard.step == 1 and wizard.prepared is not None, timeout=60_000)
    tokens = wizard.check.tokens
    qtbot.waitUntil(tokens.button.isEnabled, timeout=10_000)
    assert "what Step-Audio reads" in tokens.lanes.message.textItem.toPlainText()
    click(qtbot, tokens.button)
    qtbot.waitUntil(lambda: tokens.timeline is not None, timeout=120_000)
    direct = StepAudioTokenizer(folder).tokenize(wizard.clip.audio)
    expected = TokenTimeline.from_streams(direct.vq02, direct.vq06)
    assert np.array_equal(tokens.timeline.codes(), expected.codes())
    assert not tokens.button.isEnabled()  # shown: nothing more to find for this clip

    region = wizard.waveform.region()
    view = wizard.waveform._graphics
    wizard.waveform.fit()
    qtbot.wait(50)
    point = view.mapFromScene(tokens.lanes.getViewBox().mapViewToScene(QPointF(1.01, 0.5)))
    wizard.notices.clear()
    assert not wizard.notices.texts()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: any("output device" in t for t in wizard.notices.texts()), timeout=5000)
    assert wizard.waveform.region() == region
