"""The Speak workspace with the real Embedded engine, the real library, exporter and sound probe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import soundfile as sf
from PySide6.QtCore import Qt

from studio.settings import SettingsStore
from studio.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.slow


def test_embedded_engine_streams_saves_and_exports(qtbot: Any, studio_home: Path, tmp_path: Path) -> None:
    window = MainWindow(SettingsStore(studio_home / "config" / "settings.json"))  # every real default
    qtbot.addWidget(window)
    window.show()
    page = window.speak
    qtbot.waitUntil(lambda: page.backend is not None, timeout=120_000)
    assert window.speak.manifest is not None and window.speak.manifest.id == "embedded"
    assert page.voice_combo.count() > 1
    text = "(高兴1)Hello from the studio. This second sentence arrives later. [Laughter] And a third one."
    page.editor.setPlainText(text)
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    assert page.generating
    # Audio shows up while later sentences are still being made.
    qtbot.waitUntil(lambda: page.waveform.duration > 0, timeout=60_000)
    first = page.waveform.duration
    qtbot.waitUntil(lambda: not page.generating, timeout=120_000)
    assert page.waveform.duration > first > 0
    assert not any("failed" in t for t in page.notices.texts())
    assert any("[Laughter]" in t for t in page.notices.texts())  # reported, not dropped silently
    qtbot.waitUntil(lambda: page.takes.count() == 1, timeout=10_000)
    take = page.takes.current_take()
    assert take.engine_id == "embedded" and take.duration == pytest.approx(page.waveform.duration, abs=0.05)

    target = tmp_path / "hello.flac"
    page.take_view.ask_export_path = lambda suggested: (str(target), "")  # type: ignore[method-assign]
    page.export_current()
    qtbot.waitUntil(lambda: target.exists() and not page._loads.busy, timeout=20_000)
    assert sf.info(str(target)).duration == pytest.approx(take.duration, abs=0.05)
    window.close()


def test_the_words_lane_spells_the_take_where_the_engine_spoke_it(qtbot: Any, studio_home: Path) -> None:
    """Whisper's words for a multi-sentence Embedded take: they spell the text, and each pause
    between two sentences in the words holds the engine's own boundary between them (within
    0.15 s): the word lane and the text lane agree on where each sentence is."""
    from studio.editing.transcript import align_words, normalised_words, word_errors

    window = MainWindow(SettingsStore(studio_home / "config" / "settings.json"))
    qtbot.addWidget(window)
    window.show()
    page = window.speak
    qtbot.waitUntil(lambda: page.backend is not None, timeout=120_000)
    text = "The river was calm this morning. We walked along the bank for an hour. Then it started to rain."
    page.editor.setPlainText(text)
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.generating, timeout=120_000)
    qtbot.waitUntil(lambda: page.takes.count() == 1, timeout=10_000)
    spans = page.tokens.lanes.text.spans
    assert [s[2] for s in spans] == ["The river was calm this morning.",
                                     "We walked along the bank for an hour.", "Then it started to rain."]
    # Piper (the default voice) reports its phonemes: the lane holds them, in order, inside the take.
    phonemes = page.tokens.lanes.phonemes.spans
    assert len(phonemes) > 40 and all(a < b <= page.waveform.duration + 1e-3 for a, b, _p in phonemes)
    words = page.tokens.words
    qtbot.waitUntil(words.action.isEnabled, timeout=10_000)
    words.action.trigger()
    qtbot.waitUntil(lambda: words.transcript is not None, timeout=180_000)
    heard = words.transcript.words  # type: ignore[union-attr]
    assert page.tokens.lanes.words.spans == [(w.start, w.end, w.text) for w in heard]
    assert word_errors(normalised_words(text), normalised_words(" ".join(w.text for w in heard))) <= 1
    # Which heard word is which word of the text (Whisper's own punctuation comes and goes); then,
    # for each sentence, the last of its words heard and the first heard of the next.
    reference = [normalised_words(sentence) for _a, _b, sentence in spans]
    flat = [w for sentence in reference for w in sentence]
    where = align_words(flat, [" ".join(normalised_words(w.text)) for w in heard])
    first = 0
    for k in range(len(spans) - 1):
        last = first + len(reference[k])
        before = [h for h in where[first:last] if h is not None]
        after = [h for h in where[last:last + len(reference[k + 1])] if h is not None]
        boundary = spans[k][1]
        assert heard[before[-1]].end - 0.15 <= boundary <= heard[after[0]].start + 0.15, (
            k, heard[before[-1]], heard[after[0]], boundary)
        first = last
    window.close()
