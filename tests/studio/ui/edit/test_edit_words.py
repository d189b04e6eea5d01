"""Transcript editing from the Edit page: transcribe a real recording with Whisper, see its words in
the lane, select words, delete them, undo; who would re-speak is said before anything runs."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
import webvtt
from ui_fakes import FakeBackend, registry

import studio.ui.edit.words as words_module
from studio.engines.manager import EngineManager
from studio.ui.edit.page import EditPage

CLIP = Path(__file__).parents[3] / "data" / "zero_shot_en_prompt.wav"


@pytest.fixture
def page(opened_page: EditPage) -> EditPage:
    return opened_page


def test_transcribe_select_delete_and_undo_words(qtbot: Any, page: EditPage, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    panel = page.words
    assert not panel.delete_button.isEnabled() and "Not transcribed" in panel.status.text()
    assert not panel.subtitles_button.isEnabled()
    page.set_engines(EngineManager(registry(FakeBackend)))
    # Who would speak is said before anything runs.
    qtbot.waitUntil(lambda: "not made in the studio" in panel.plan_label.text(), timeout=10_000)
    panel.language.setCurrentIndex(panel.language.findData("en"))
    panel.transcribe_button.click()
    qtbot.waitUntil(lambda: page.doc.state.transcript is not None and not page.doc.busy,  # type: ignore[union-attr]
                    timeout=120_000)
    words = page.doc.state.transcript  # type: ignore[union-attr]
    assert len(words.words) >= 8 and page.timeline.words_shown
    assert [w[2] for w in page.timeline.words] == [w.text for w in words.words]
    page.timeline.select_word(1)
    page.timeline.select_word(2, extend=True)
    assert panel.words_edit.text() == words.text_of(1, 3)
    assert panel.delete_button.isEnabled() and panel.respeak_button.isEnabled()
    before = page.doc.state.duration  # type: ignore[union-attr]
    panel.delete_button.click()
    qtbot.waitUntil(lambda: not page.doc.busy and page.doc.state.current == 1, timeout=120_000)  # type: ignore[union-attr]
    after = page.doc.state  # type: ignore[union-attr]
    assert after.duration < before - 0.2
    assert after.transcript is not None and len(after.transcript.words) == len(words.words) - 2
    assert [w.text for w in after.transcript.words] == [w.text for w in words.words[:1] + words.words[3:]]
    # Subtitles of the version on screen; the file type follows the chosen filter.
    monkeypatch.setattr(words_module.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "edited"), "WebVTT (*.vtt)"))
    messages: list[str] = []
    page.statusMessage.connect(messages.append)
    assert panel.subtitles_button.isEnabled()
    panel.subtitles_button.click()
    qtbot.waitUntil(lambda: bool(messages), timeout=30_000)
    cues = webvtt.read(str(tmp_path / "edited.vtt"))
    assert " ".join(html.unescape(c.text).replace("\n", " ") for c in cues) == after.transcript.text
    assert str(tmp_path / "edited.vtt") in messages[-1]
    page.doc.undo()
    qtbot.waitUntil(lambda: not page.doc.busy and page.doc.state.current == 0, timeout=30_000)  # type: ignore[union-attr]
    assert page.doc.state.transcript == words  # type: ignore[union-attr]

    page.doc.open_project(str(page.doc.state.project_id))  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not page.doc.busy, timeout=30_000)
    assert page.doc.state.transcript == words  # saved with the project  # type: ignore[union-attr]


def test_a_respoken_seam_that_was_not_heard_right_is_said(qtbot: Any, page: EditPage) -> None:
    """The re-speak keeps its best place even when Whisper never heard the new words right there;
    the page says what it heard (the version stays: the user listens, and may Undo)."""
    import numpy as np

    from backends.audio import Audio

    def step(project: Any, errors: int, eased: list[float] | None) -> None:
        rate = project.sample_rate
        op = {"op": "respeak", "text": "again", "heard_errors": errors, "heard": "for\n game " * 40}
        if eased is not None:
            op["eased_pitch"] = eased
        project.replace(0.5, 0.9, Audio(np.zeros(rate // 2, np.float32), rate), op)

    shown = []
    for errors, eased in ((0, None), (2, None), (0, [-7.5, -3.5])):
        page.notices.clear()
        page.doc.apply(lambda p, e=errors, g=eased: step(p, e, g),
                       finished=page.words_editing._warn_if_unclear)
        qtbot.waitUntil(lambda: not page.doc.busy, timeout=30_000)
        shown.append(page.notices.texts())
    assert shown[0] == []  # heard right: nothing to say
    texts = shown[1]
    assert len(texts) == 1 and "did not hear the new words clearly" in texts[0]
    assert "for game for game" in texts[0] and "\n" not in texts[0] and len(texts[0]) < 400
    # Heard right only once the matched voice's pitch shift was eased: said, as information.
    assert shown[2] == ["The matched voice, shifted -7.5 semitones, was not heard clearly in place, so "
                        "the new words were spoken shifted -3.5 instead, which was."]
