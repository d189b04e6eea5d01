"""Take ▸ Find Audio Tokens: a take from an engine without tokens gets the tokens the Step-Audio
tokenizer reads from it (a tiny tokenizer in the official layout, in its child process); the lane
says what is possible before the user asks, the run can be stopped, and without the tokenizer's
files the action says what it needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_speak_tokens import SPEAKERS, _generate
from ui_fakes import FakeBackend, FakePlayer, MakeWindow

from backends.audio import Audio
from studio.timeline.tokens import TokenTimeline

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def tokenizer_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.backends.step.tiny_tokenizer import build_tiny_tokenizer

    return build_tiny_tokenizer(tmp_path_factory.mktemp("speak_tokenizer"), seed=4)


def _note(page: Any) -> str:
    return page.tokens.lanes.message.textItem.toPlainText()


def test_a_take_without_tokens_gets_the_tokenizers(qtbot: Any, make_window: MakeWindow, tokenizer_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from backends.step.tokenizer import StepAudioTokenizer

    monkeypatch.setenv("STEP_AUDIO_TOKENIZER_DIR", str(tokenizer_dir))
    window = make_window(FakeBackend, SPEAKERS, FakePlayer())
    page = window.speak
    _generate(qtbot, window, "One. Two. Three.", saved=1)
    tokens = page.tokens
    qtbot.waitUntil(lambda: tokens.find_action.isEnabled(), timeout=10_000)
    assert "Find Audio Tokens" in _note(page) and tokens.timeline is None
    assert not tokens.export_action.isEnabled()
    messages: list[str] = []
    tokens.statusMessage.connect(messages.append)

    tokens.find_action.trigger()
    assert tokens.find_action.text() == "Stop Finding Audio Tokens"
    assert "Finding audio tokens" in _note(page)
    qtbot.waitUntil(lambda: tokens.timeline is not None, timeout=120_000)
    audio = Audio(page.waveform.samples(), page.waveform.sample_rate)
    direct = StepAudioTokenizer(tokenizer_dir).tokenize(audio)
    expected = TokenTimeline.from_streams(direct.vq02, direct.vq06)
    assert np.array_equal(tokens.timeline.codes(), expected.codes())
    assert len(tokens.timeline) > 0 and tokens.export_action.isEnabled()
    assert tokens.find_action.text() == "Find Audio Tokens" and not tokens.find_action.isEnabled()
    assert messages and messages[-1].startswith("Found ")
    # The same take shown again (it was saved, renamed, chosen again) keeps what was found.
    tokens.show_metadata({}, "Fake engine")
    assert tokens.timeline is not None


def test_a_search_can_be_stopped(qtbot: Any, make_window: MakeWindow, tokenizer_dir: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEP_AUDIO_TOKENIZER_DIR", str(tokenizer_dir))
    window = make_window(FakeBackend, SPEAKERS, FakePlayer())
    page = window.speak
    _generate(qtbot, window, "One. Two.", saved=1)
    tokens = page.tokens
    qtbot.waitUntil(lambda: tokens.find_action.isEnabled(), timeout=10_000)
    tokens.find_action.trigger()
    tokens.find_action.trigger()  # Stop
    assert tokens.find_action.text() == "Find Audio Tokens" and tokens.find_action.isEnabled()
    assert "Find Audio Tokens" in _note(page)
    tokens._search.wait(60_000)
    qtbot.wait(100)  # the stopped run's outcome arrives, and is ignored
    assert tokens.timeline is None and "Find Audio Tokens" in _note(page)


def test_without_the_tokenizer_files_the_action_says_what_it_needs(qtbot: Any, make_window: MakeWindow,
                                                                   tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEP_AUDIO_TOKENIZER_DIR", str(tmp_path / "nowhere"))
    window = make_window(FakeBackend, SPEAKERS, FakePlayer())
    page = window.speak
    _generate(qtbot, window, "One.", saved=1)
    page.tokens._io.wait(10_000)
    qtbot.wait(50)
    action = page.tokens.find_action
    assert not action.isEnabled() and "tokenizer files" in action.toolTip()
    assert "does not make them" in _note(page) and "Set up Step-Audio" in _note(page)


@pytest.mark.slow
def test_find_words_runs_whisper_on_the_take_and_can_be_stopped(qtbot: Any, make_window: MakeWindow) -> None:
    window = make_window(FakeBackend, SPEAKERS, FakePlayer())
    page = window.speak
    words = page.tokens.words
    assert not words.action.isEnabled()  # no take yet
    _generate(qtbot, window, "One. Two.", saved=1)
    assert words.action.isEnabled() and "Find Words" in page.tokens.lanes.words_message.textItem.toPlainText()
    words.action.trigger()
    words.action.trigger()  # Stop
    assert words.action.text() == "Find Words" and words.action.isEnabled()
    words._search.wait(120_000)
    qtbot.wait(100)
    assert words.transcript is None
    # The fake engine's take is tones: Whisper hears no words, and the lane says so.
    words.action.trigger()
    qtbot.waitUntil(lambda: words.transcript is not None, timeout=120_000)
    assert page.tokens.lanes.words.spans == [(w.start, w.end, w.text) for w in words.transcript.words]
    if not words.transcript.words:
        assert "no words" in page.tokens.lanes.words_message.textItem.toPlainText()
    assert not words.action.isEnabled()  # found: nothing more to do for this take
