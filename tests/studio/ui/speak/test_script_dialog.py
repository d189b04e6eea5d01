"""File ▸ Render Script…: pasted dialogue becomes speakers with voices of their own, renders to one
take with subtitles off the GUI thread, a second render keeps every line, and Stop keeps what was
made."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import srt
from test_speak_tokens import SPEAKERS
from ui_fakes import FakeBackend, FakePlayer, MakeWindow

from backends.audio import load_audio


def _dialog(qtbot: Any, make_window: MakeWindow, backend: type = FakeBackend) -> Any:
    window = make_window(backend, SPEAKERS, FakePlayer())
    dialog = window.open_script_dialog()
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    return dialog


def test_a_pasted_dialogue_renders_to_one_take_with_subtitles(qtbot: Any, make_window: MakeWindow,
                                                             tmp_path: Path) -> None:
    dialog = _dialog(qtbot, make_window)
    assert not dialog.render_button.isEnabled()
    dialog.editor.setPlainText("Ana: One.\nBen：Two.\n小明：三。\n")
    assert "3 lines, 3 speakers" in dialog.problem.text()
    assert dialog.voice_of() == {"Ana": "alto", "Ben": "bass", "小明": "bass"}
    target = tmp_path / "talk.wav"
    dialog.ask_target = lambda: str(target)
    dialog.render_button.click()
    assert not dialog.render_button.isEnabled() and dialog.stop_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=30_000)
    assert dialog.written == target and "Rendered" in dialog.status.text()
    cues = list(srt.parse(target.with_suffix(".srt").read_text(encoding="utf-8")))
    assert [c.content for c in cues] == ["One.", "Two.", "三。"]
    assert load_audio(target).duration > 0.75
    # Again: every line is kept from the first render.
    dialog.written = None
    dialog.render_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=30_000)
    assert "0 lines made, 3 kept" in dialog.status.text()


class SlowBackend(FakeBackend):
    delay = 0.3


def test_stop_keeps_the_lines_made(qtbot: Any, make_window: MakeWindow, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, make_window, SlowBackend)
    dialog.editor.setPlainText("".join(f"Ana: Line {k}.\n" for k in range(20)))
    dialog.ask_target = lambda: str(tmp_path / "long.flac")
    dialog.render_button.click()
    qtbot.waitUntil(lambda: len(dialog.results) >= 1, timeout=30_000)
    dialog.stop_button.click()
    qtbot.waitUntil(lambda: dialog.render_button.isEnabled(), timeout=30_000)
    assert "Stopped" in dialog.status.text() and dialog.written is None
    assert len(list((tmp_path / "long.lines").glob("*.flac"))) >= 1


def test_no_script_until_there_is_text_and_bad_text_is_one_sentence(qtbot: Any,
                                                                   make_window: MakeWindow) -> None:
    dialog = _dialog(qtbot, make_window)
    dialog.editor.setPlainText("Ana: fine\nBen: \x1b[2J")
    assert "Line 2" in dialog.problem.text() and not dialog.render_button.isEnabled()
