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


def test_one_line_is_moved_made_again_given_back_its_first_take_and_heard(qtbot: Any, make_window: MakeWindow,
                                                                         tmp_path: Path) -> None:
    player = FakePlayer()
    window = make_window(FakeBackend, SPEAKERS, player)
    dialog = window.open_script_dialog()
    qtbot.addWidget(dialog)
    lines = dialog.lines
    dialog.editor.setPlainText("Ana: One.\nTwo, said on.\nBen: Three.\n")
    assert [lines.table.item(r, 0).text() for r in range(3)] == ["Ana", "Ana", "Ben"]
    lines.table.selectRow(1)
    assert not lines.remake_button.isEnabled() and "Render the script first" in lines.remake_button.toolTip()
    lines.down_button.click()  # "Two" goes below Ben's line and keeps Ana's voice
    assert dialog.editor.toPlainText() == "Ana: One.\nBen: Three.\nAna: Two, said on.\n"
    assert lines.selected() == 2
    dialog.editor.undo()  # one step undoes the move
    assert dialog.editor.toPlainText() == "Ana: One.\nTwo, said on.\nBen: Three.\n"

    target = tmp_path / "talk.wav"
    dialog.ask_target = lambda: str(target)
    dialog.render_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=30_000)
    qtbot.waitUntil(lambda: lines.table.item(1, 2).text() == "1", timeout=10_000)
    backend = window.speak.backend
    made = len(backend.requests)
    lines.table.selectRow(1)
    assert lines.remake_button.isEnabled()
    lines.remake_button.click()
    qtbot.waitUntil(lambda: lines.table.item(1, 2).text() == "2", timeout=30_000)
    assert len(backend.requests) == made + 1 and backend.requests[-1].text == "Two, said on."
    assert "made again" in dialog.status.text()
    lines.table.selectRow(1)
    assert lines.takes.count() == 2
    lines.takes.activated.emit(1)  # the earlier take back in use
    qtbot.waitUntil(lambda: "chosen take" in dialog.status.text(), timeout=10_000)
    lines.table.selectRow(1)
    lines.play_button.click()
    qtbot.waitUntil(lambda: any(c[0] == "play" for c in player.calls), timeout=10_000)
    # Moving a line after the render: every line is still known (named by what makes it).
    lines.table.selectRow(0)
    lines.down_button.click()
    qtbot.waitUntil(lambda: lines.table.item(0, 2).text() == "2", timeout=10_000)  # "Two", with its takes
    dialog.written = None
    dialog.render_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=30_000)
    assert "0 lines made, 3 kept" in dialog.status.text() and len(backend.requests) == made + 1


def test_a_long_script_is_read_once_typing_pauses(qtbot: Any, make_window: MakeWindow) -> None:
    dialog = _dialog(qtbot, make_window)
    text = "".join(f"{'Ana' if k % 2 else 'Ben'}: Line number {k} of a long script.\n" for k in range(800))
    dialog.editor.setPlainText(text)
    assert dialog.script is None  # not on this keystroke
    qtbot.waitUntil(lambda: dialog.script is not None, timeout=5_000)
    assert "800 lines, 2 speakers" in dialog.problem.text() and dialog.lines.table.rowCount() == 800


def test_each_speaker_has_tags_speed_and_pitch_kept_while_the_text_changes(
        qtbot: Any, make_window: MakeWindow, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLineEdit

    from studio.ui.speak.script_speakers import PITCH, SPEED, TAGS, VOICE

    dialog = _dialog(qtbot, make_window, SlowBackend)
    dialog.editor.setPlainText("Ana: One.\nBen: Two.\n")
    table = dialog.speakers
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "Ana")
    voice = table.cellWidget(row, VOICE)
    assert isinstance(voice, QComboBox)
    voice.setCurrentIndex(voice.findData("bass"))
    table.cellWidget(row, TAGS).setText("(高兴1)")
    table.cellWidget(row, SPEED).setValue(1.25)
    table.cellWidget(row, PITCH).setValue(-2.0)
    dialog.editor.appendPlainText("Ana: Three.")  # typing rebuilds the table: Ana's choices stay
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "Ana")
    assert table.cellWidget(row, VOICE).currentData() == "bass"
    tags, speed = table.cellWidget(row, TAGS), table.cellWidget(row, SPEED)
    assert isinstance(tags, QLineEdit) and tags.text() == "(高兴1)"
    assert isinstance(speed, QDoubleSpinBox) and speed.value() == 1.25
    dialog.ask_target = lambda: str(tmp_path / "t.wav")
    table.cellWidget(row, TAGS).setText("Hello")  # words where tags go: said before anything runs
    dialog.render_button.click()
    assert "hold words to speak" in dialog.status.text() and dialog.written is None
    table.cellWidget(row, TAGS).setText("(高兴1)")
    dialog.render_button.click()
    qtbot.waitUntil(lambda: "left" in dialog.status.text(), timeout=30_000)  # an estimate while it renders
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=30_000)
    ana = [r for r in dialog.parentWidget().speak.backend.requests if r.text.endswith(("One.", "Three."))]
    assert [(r.text, r.voice_id, r.speed, r.pitch) for r in ana] == [
        ("(高兴1)One.", "bass", 1.25, -2.0), ("(高兴1)Three.", "bass", 1.25, -2.0)]
    assert (tmp_path / "t.vtt").read_text(encoding="utf-8").startswith("WEBVTT")



def test_a_speaker_can_speak_in_one_of_the_users_own_voices(qtbot: Any, make_window: MakeWindow,
                                                            tmp_path: Path) -> None:
    from types import SimpleNamespace

    from backends.base import VoiceProfile
    from studio.ui.speak.script_dialog import ScriptDialog
    from studio.ui.speak.script_speakers import VOICE

    window = make_window(FakeBackend, SPEAKERS, FakePlayer())
    mine = SimpleNamespace(id="v1", name="Grandma")
    profile = VoiceProfile("fake", "clone", 1, {"prompt": [1, 2, 3]})
    dialog = ScriptDialog("fake", window.speak.backend, list(window.speak.voices), window,
                          library=[(mine, profile)])
    qtbot.addWidget(dialog)
    dialog.editor.setPlainText("Gran: Once upon a time.\nAna: Go on.\n")
    combo = dialog.speakers.cellWidget(0, VOICE)
    assert combo.itemText(0) == "Grandma (your voice)"
    combo.setCurrentIndex(0)
    dialog.ask_target = lambda: str(tmp_path / "story.wav")
    dialog.render_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=30_000)
    gran = next(r for r in window.speak.backend.requests if r.text == "Once upon a time.")
    assert gran.voice_profile == profile and gran.voice_id is None
