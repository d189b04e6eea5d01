"""The Edit timeline's token rows: found by the Step-Audio tokenizer (a tiny one in the official
layout, in its child process) for the version being edited, compared with the original after an
edit, a click on a cell selects its span; without the tokenizer's files the button says why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QToolTip

from backends.audio import load_audio
from studio.timeline.tokens import TokenTimeline
from studio.ui.edit.page import EditPage
from widgets.token_rows import ROW_HEIGHT

CLIP = Path(__file__).parents[3] / "data" / "zero_shot_en_prompt.wav"  # 5.02 s, its peak at 0.35 s

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def tokenizer_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.backends.step.tiny_tokenizer import build_tiny_tokenizer

    return build_tiny_tokenizer(tmp_path_factory.mktemp("edit_tokenizer"), seed=6)


def _page(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tokenizer: Path) -> EditPage:
    """The page with the recording open, made after the tokenizer's place is set (it is looked up
    when the page is made)."""
    monkeypatch.setenv("STEP_AUDIO_TOKENIZER_DIR", str(tokenizer))
    return request.getfixturevalue("opened_page")


def _labels(page: EditPage) -> list[str]:
    return [row.label for row in page.timeline.token_rows]


def test_tokens_of_the_version_and_its_comparison_with_the_original(
        qtbot: Any, request: pytest.FixtureRequest, tokenizer_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from backends.step.tokenizer import StepAudioTokenizer

    page = _page(request, monkeypatch, tokenizer_dir)
    tokens = page.edit_tokens
    qtbot.waitUntil(tokens.button.isEnabled, timeout=10_000)
    messages: list[str] = []
    page.statusMessage.connect(messages.append)

    tokens.button.setChecked(True)
    assert "Finding audio tokens" in page.timeline.token_note
    qtbot.waitUntil(lambda: _labels(page) == ["vq02", "vq06"], timeout=120_000)
    # The user's recording at its own rate (44.1 kHz) is what the tokenizer read.
    direct = StepAudioTokenizer(tokenizer_dir).tokenize(load_audio(CLIP))
    expected = TokenTimeline.from_streams(direct.vq02, direct.vq06)
    assert np.array_equal(page.timeline.token_rows[0].lane.codes, expected.lane("vq02").codes)
    assert np.array_equal(page.timeline.token_rows[1].lane.codes, expected.lane("vq06").codes)

    # Hovering a cell names it; a click on a cell selects its span (and asks to play it).
    canvas = page.timeline.canvas
    area = canvas.tokens_rect()
    qtbot.mouseMove(canvas, QPoint(int(canvas.x_of(1.01)), int(area.top() + ROW_HEIGHT + 5)))
    qtbot.waitUntil(lambda: QToolTip.isVisible() and QToolTip.text().startswith("vq06 code "), timeout=5000)
    chosen: list[tuple[float, float]] = []
    page.timeline.cellChosen.connect(lambda a, b: chosen.append((a, b)))
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton,
                     pos=QPoint(int(canvas.x_of(1.01)), int(area.top() + 5)))
    assert chosen and chosen[0][0] <= 1.01 < chosen[0][1]
    assert chosen[0][1] - chosen[0][0] == pytest.approx(0.06)  # a vq02 cell
    assert page.timeline.selection == pytest.approx(chosen[0])

    # Cut half a second well after the recording's peak, then compare with the original.
    qtbot.waitUntil(lambda: not page.doc.busy, timeout=30_000)  # the click's playback was rendered
    page.timeline.set_selection(2.0, 2.5, emit=True)
    page.ops.actions["delete"].trigger()
    qtbot.waitUntil(lambda: not page.doc.busy and page.doc.state.current == 1, timeout=30_000)
    qtbot.waitUntil(lambda: _labels(page) == ["vq02", "vq06"], timeout=120_000)
    tokens.compare_action.setChecked(True)
    qtbot.waitUntil(lambda: len(_labels(page)) == 4, timeout=120_000)
    assert _labels(page)[:2] == ["Original · vq02", "Original · vq06"]
    original, edited = page.timeline.token_rows[0], page.timeline.token_rows[2]
    assert len(original.lane.codes) > len(edited.lane.codes)  # shorter by the cut
    # vq02 is read in 240 ms chunks with a little look-ahead: what lies well before the cut is the
    # same in both and unmarked; the count covers at least the tokens that were cut.
    before = original.lane.ends < 1.4
    assert before.sum() > 15 and not original.changed[before].any()
    assert tokens.changed >= len(original.lane.codes) - len(edited.lane.codes)
    assert any("differ from the original" in m for m in messages)

    # Undo: the original's tokens again, from the session's store, with nothing to compare.
    page._actions["undo"].trigger()
    qtbot.waitUntil(lambda: not page.doc.busy and page.doc.state.current == 0, timeout=30_000)
    qtbot.waitUntil(lambda: _labels(page) == ["vq02", "vq06"], timeout=30_000)
    assert np.array_equal(page.timeline.token_rows[0].lane.codes, expected.lane("vq02").codes)
    tokens.button.setChecked(False)
    assert page.timeline.token_rows == [] and page.timeline.token_note == ""


def test_without_the_tokenizer_the_button_says_what_it_needs(qtbot: Any, tmp_path: Path,
                                                             request: pytest.FixtureRequest,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(request, monkeypatch, tmp_path / "nowhere")
    page.doc.read(lambda: None, lambda _r: None)
    qtbot.wait(200)
    assert not page.edit_tokens.button.isEnabled()
    assert "tokenizer files" in page.edit_tokens.button.toolTip()
