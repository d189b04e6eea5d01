"""The token lanes under Speak's waveform: filled live from a token engine, kept with the take,
a click on a cell selects and plays it, and an engine without tokens says so."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from ui_fakes import Device, FakeBackend, FakePlayer, MakeWindow

from backends.base import AudioChunk, CancelToken, Finished, SpeechTokens, SynthesisEvent, SynthesisRequest
from studio.ui.shell.main_window import MainWindow

SPEAKERS = ([Device(3, "Speakers", True)], None)
TOKENS_PER_SENTENCE = 10  # 0.24 s of tokens, for 0.25 s of audio per sentence


def _codes(sentence: int) -> tuple[int, ...]:
    out = []
    for p in range(TOKENS_PER_SENTENCE):
        slot = p % 5
        out.append((100 * sentence + p) % 1024 if slot < 2 else 1024 + (300 * sentence + p) % 4096)
    return tuple(out)


class TokenBackend(FakeBackend):
    """The test engine, reporting audio tokens the way Step-Audio's engine does."""

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        for event in super().synthesize(request, cancel):
            if isinstance(event, AudioChunk):
                codes = _codes(event.index)
                yield SpeechTokens(codes[:5], 0.25 * event.index, 0)
                yield event
                yield SpeechTokens(codes[5:], 0.25 * event.index, 5)
            elif isinstance(event, Finished):
                yield event
            else:
                yield event


class RecordingPlayer(FakePlayer):
    def play(self, audio: Any, start_seconds: float = 0.0) -> None:
        super().play(audio, start_seconds)
        self.calls.append(("played_seconds", round(len(audio) / audio.sample_rate, 4)))


def _generate(qtbot: Any, window: MainWindow, text: str, saved: int) -> None:
    page = window.speak
    page.editor.setPlainText(text)
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.generating, timeout=10_000)
    qtbot.waitUntil(lambda: page.takes.count() == saved, timeout=10_000)


def test_a_token_take_fills_the_lanes_and_a_click_plays_a_cell(qtbot: Any, make_window: MakeWindow) -> None:
    player = RecordingPlayer()
    window = make_window(TokenBackend, SPEAKERS, player)
    page = window.speak
    _generate(qtbot, window, "One. Two. Three.", saved=1)
    qtbot.waitUntil(lambda: page.take_view.current_take is not None, timeout=5000)
    first_id = page.take_view.current_take.id
    timeline = page.tokens.timeline
    assert timeline is not None and len(timeline) == 3 * TOKENS_PER_SENTENCE
    vq02, vq06 = timeline.lane("vq02"), timeline.lane("vq06")
    assert len(vq02) == 12 and len(vq06) == 18
    assert vq02.starts[4] == pytest.approx(0.25) and vq02.codes[4] == 100  # sentence 2, slot 0
    assert page.tokens.lanes.item.timeline is timeline
    assert page.tokens.lanes.message.textItem.toPlainText() == ""

    # A click on the second sentence's first vq06 cell selects it and plays just it.
    lanes = page.tokens.lanes
    page.waveform.fit()
    qtbot.wait(50)
    scene = lanes.getViewBox().mapViewToScene(QPointF(0.25 + 0.02, 0.5))
    view = page.waveform._graphics
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(scene))
    qtbot.waitUntil(lambda: ("played_seconds", 0.04) in player.calls, timeout=5000)
    assert page.waveform.region() == pytest.approx((0.25, 0.29))
    assert player.calls[-1] == ("played_seconds", 0.04)  # 640 samples at the take's 16 kHz
    assert lanes.item.cell_at(0.27, 0.5) == ("vq06", 6)  # the first sentence has six
    assert lanes.item.describe("vq06", 6) == "vq06 code 302 · 0.25–0.29 s"  # the hover text

    # Kept with the take: another take, then this one again, shows the same tokens.
    _generate(qtbot, window, "Four.", saved=2)
    assert len(page.tokens.timeline) == TOKENS_PER_SENTENCE
    page.takes.select(first_id)
    qtbot.waitUntil(lambda: page.tokens.timeline is not None and len(page.tokens.timeline) == 30,
                    timeout=5000)
    assert np.array_equal(page.tokens.timeline.codes(), timeline.codes())


def test_an_engine_without_tokens_says_so_and_a_damaged_record_too(qtbot: Any,
                                                                   make_window: MakeWindow) -> None:
    player = RecordingPlayer()
    window = make_window(FakeBackend, SPEAKERS, player)
    page = window.speak
    _generate(qtbot, window, "One. Two.", saved=1)
    assert page.tokens.timeline is None
    assert "does not make them" in page.tokens.lanes.message.textItem.toPlainText()
    assert page.tokens.lanes.phonemes.spans == []
    assert "No phoneme timings" in page.tokens.lanes.phonemes_message.textItem.toPlainText()
    # The text lane shows every take's sentences where the engine spoke them; a click plays one.
    lanes = page.tokens.lanes
    assert lanes.text.spans == [(0.0, 0.25, "One."), (0.25, 0.5, "Two.")]
    page.waveform.fit()
    qtbot.wait(50)
    view = page.waveform._graphics
    point = view.mapFromScene(lanes.getViewBox().mapViewToScene(QPointF(0.3, 4.5)))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: ("played_seconds", 0.25) in player.calls, timeout=5000)
    assert page.waveform.region() == pytest.approx((0.25, 0.5))
    page.tokens.show_metadata({"speech_tokens": {"runs": [[0, 0, 9]], "codes": "AAE="}}, "x")
    assert page.tokens.timeline is None
    assert "cannot be read" in page.tokens.lanes.message.textItem.toPlainText()


def test_a_takes_tokens_export_as_json_and_as_audio_text(qtbot: Any, make_window: MakeWindow,
                                                         tmp_path: Path) -> None:
    from backends.step.tokenizer.tokens import AudioTokens

    window = make_window(TokenBackend, SPEAKERS, FakePlayer())
    page = window.speak
    action = page.tokens.export_action
    assert not action.isEnabled()
    assert action in window.menuBar().actions()[2].menu().actions()  # Take > Export Audio Tokens…
    _generate(qtbot, window, "One. Two.", saved=1)
    assert action.isEnabled()
    messages: list[str] = []
    page.statusMessage.connect(messages.append)
    for name, chosen in (("take", "JSON (*.json)"), ("prompt", "Step-Audio <audio_N> text (*.txt)")):
        page.tokens.ask_path = lambda n=name, c=chosen: (str(tmp_path / n), c)  # type: ignore[method-assign]
        action.trigger()
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=5000)
    data = json.loads((tmp_path / "take.json").read_text(encoding="utf-8"))
    codes = page.tokens.timeline.codes()
    assert data["vq02"]["codes"] == [int(c) for c in codes if c < 1024]
    assert data["vq06"]["start"][3] == pytest.approx(0.12)  # the second group's first vq06 slot
    back = AudioTokens.from_text((tmp_path / "prompt.txt").read_text(encoding="utf-8"))
    assert back.vq06.tolist() == [int(c) - 1024 for c in codes if c >= 1024]


def test_a_take_exports_subtitles_timed_by_its_engine(qtbot: Any, make_window: MakeWindow,
                                                      tmp_path: Path) -> None:
    import srt

    window = make_window(FakeBackend, SPEAKERS, FakePlayer())
    page = window.speak
    action = page.subtitles.action
    assert not action.isEnabled()
    _generate(qtbot, window, "One. Two. Three.", saved=1)
    assert action.isEnabled()
    messages: list[str] = []
    page.statusMessage.connect(messages.append)
    page.subtitles.ask_path = lambda _s: (str(tmp_path / "take"), "SubRip (*.srt)")  # type: ignore[method-assign]
    action.trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    cues = list(srt.parse((tmp_path / "take.srt").read_text(encoding="utf-8")))
    assert [c.content for c in cues] == ["One.", "Two.", "Three."]
    assert [c.start.total_seconds() for c in cues] == pytest.approx([0.0, 0.25, 0.5])  # 0.25 s a sentence
    page.editor.setPlainText("Four.")
    page.generate_button.click()
    assert not action.isEnabled()  # nothing is shown while a take is made
    qtbot.waitUntil(lambda: not page.generating, timeout=10_000)


def test_dragging_across_cells_selects_and_plays_them(qtbot: Any, make_window: MakeWindow) -> None:
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    player = RecordingPlayer()
    window = make_window(TokenBackend, SPEAKERS, player)
    page = window.speak
    _generate(qtbot, window, "One. Two. Three.", saved=1)
    page.waveform.fit()
    qtbot.wait(50)
    lanes, view = page.tokens.lanes, page.waveform._graphics

    def at(seconds: float) -> QPoint:
        return view.mapFromScene(lanes.getViewBox().mapViewToScene(QPointF(seconds, 0.5)))

    def send(kind: QEvent.Type, point: QPoint, buttons: Qt.MouseButton) -> None:
        event = QMouseEvent(kind, QPointF(point), QPointF(view.viewport().mapToGlobal(point)),
                            Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(view.viewport(), event)

    held = Qt.MouseButton.LeftButton
    send(QEvent.Type.MouseButtonPress, at(0.26), held)
    for seconds in (0.3, 0.38, 0.46):
        send(QEvent.Type.MouseMove, at(seconds), held)
    qtbot.waitUntil(lambda: page.waveform.region() is not None, timeout=5000)  # it follows the drag
    send(QEvent.Type.MouseButtonRelease, at(0.46), Qt.MouseButton.NoButton)
    # From the vq06 cell under the press (0.25-0.29) to the one under the release (0.45-0.49).
    qtbot.waitUntil(lambda: ("played_seconds", 0.24) in player.calls, timeout=5000)
    assert page.waveform.region() == pytest.approx((0.25, 0.49))


def test_two_takes_tokens_are_compared_and_the_difference_marked(qtbot: Any, make_window: MakeWindow) -> None:
    window = make_window(TokenBackend, SPEAKERS, FakePlayer())
    page = window.speak
    compare = page.token_compare
    messages: list[str] = []
    page.statusMessage.connect(messages.append)
    _generate(qtbot, window, "One. Two.", saved=1)
    compare.choose()
    assert messages[-1].startswith("No other take")
    _generate(qtbot, window, "One. Two. Three.", saved=2)
    qtbot.waitUntil(lambda: page.tokens.timeline is not None and len(page.tokens.timeline) == 30,
                    timeout=5000)
    (other,) = compare.candidates()
    assert other.text == "One. Two."
    compare.ask_take = lambda choices: choices[0]
    compare.choose()
    qtbot.waitUntil(lambda: compare.changed >= 0, timeout=5000)
    # The codes of each sentence depend only on its place: the third sentence's 10 are the difference.
    assert compare.changed == 10 and messages[-1] == "10 of 30 audio tokens differ from “One. Two.”."
    marked = page.tokens.lanes.item.marked
    assert int(marked["vq02"].sum()) == 4 and int(marked["vq06"].sum()) == 6
    assert not marked["vq02"][:8].any() and marked["vq02"][8:].all()  # the first two sentences match
