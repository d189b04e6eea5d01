"""The Speak workspace driven the way a user drives it: keys, clicks, menus, with a test engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import soundfile as sf
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel, QTextCharFormat
from PySide6.QtWidgets import QApplication
from ui_fakes import (
    NO_DEVICE,
    BrokenCancelBackend,
    Device,
    FailingBackend,
    FakeBackend,
    FakePlayer,
    MakeWindow,
    SlowBackend,
)

from backends.base import CancelToken, Finished, SynthesisEvent, SynthesisRequest
from backends.tags import TagFamily
from studio.library.takes import TakeLibrary
from studio.paths import data_dir
from studio.ui.shell.main_window import MainWindow
from studio.ui.speak.text_panel import MAX_TEXT_CHARS
from widgets.notices import Level


def generate(qtbot: Any, window: MainWindow, text: str, *, saved: int | None = None) -> None:
    page = window.speak
    page.editor.setPlainText(text)
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.generating, timeout=10_000)
    if saved is not None:
        qtbot.waitUntil(lambda: page.takes.count() == saved, timeout=10_000)


# --- the window -----------------------------------------------------------------------------------


def test_engine_picker_lists_engines_and_disables_broken_ones_with_reason(make_window: MakeWindow) -> None:
    window = make_window()
    combo = window.engine_combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert texts[0] == "Fake engine"
    assert "unavailable" in texts[1]
    model = combo.model()
    assert isinstance(model, QStandardItemModel)
    assert not model.item(1).isEnabled()
    assert "ImportError" in combo.itemData(1, Qt.ItemDataRole.ToolTipRole)
    assert "Fake engine ready" in window.engine_status.text()


def test_every_workspace_is_offered(make_window: MakeWindow) -> None:
    window = make_window()
    assert window.workspace_buttons["speak"].isChecked()
    for key in ("clone", "edit", "chat"):
        assert window.workspace_buttons[key].isEnabled()
    window.show_workspace("edit")
    assert window.stack.currentWidget() is window.edit


def test_no_audio_device_is_said_clearly_and_generating_still_works(qtbot: Any,
                                                                    make_window: MakeWindow) -> None:
    window = make_window(devices=NO_DEVICE)
    page = window.speak
    assert not window.device_combo.isEnabled()
    assert window.device_combo.currentText() == "No audio output device"
    assert any("generating and exporting still work" in t for t in page.notices.texts())
    assert not page.audio_state.isHidden()
    assert not page.play_button.isEnabled()
    generate(qtbot, window, "Hello there. Second sentence.", saved=1)
    assert page.waveform.duration == pytest.approx(0.5, abs=0.01)


# --- generating -------------------------------------------------------------------------------------


def test_generate_streams_chunks_into_the_waveform_and_player_then_saves_the_take(
        qtbot: Any, make_window: MakeWindow) -> None:
    player = FakePlayer()
    window = make_window(backend=SlowBackend, devices=([Device(3, "Speakers", True)], None), player=player)
    page = window.speak
    page.editor.setFocus()
    qtbot.keyClicks(page.editor, "One. Two. Three.")
    qtbot.keyClick(page.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.generating
    assert page.editor.toPlainText() == "One. Two. Three."  # Ctrl+Enter typed no newline
    # The first sentence is visible and audible while the others are still being made.
    qtbot.waitUntil(lambda: page.waveform.duration > 0, timeout=5000)
    assert page.generating
    assert page.waveform.duration < 0.75
    qtbot.waitUntil(lambda: player.names()[:1] == ["begin"] and "feed" in player.names(), timeout=5000)
    assert page.generating  # heard while the other sentences are still being made
    assert not page.stop_button.isHidden() and page.stop_button.isEnabled()
    qtbot.waitUntil(lambda: not page.generating, timeout=10_000)
    assert page.waveform.duration == pytest.approx(0.75, abs=0.01)
    qtbot.waitUntil(lambda: player.names()[-1:] == ["end"], timeout=5000)
    assert player.names().count("feed") == 3
    qtbot.waitUntil(lambda: page.takes.count() == 1, timeout=5000)
    take = page.takes.current_take()
    assert take.text == "One. Two. Three."
    assert take.engine_id == "fake" and take.voice_id == "alto"
    assert "first audio in" in page.time_label.text()
    details = page.details.toPlainText()
    assert "One. Two. Three." in details and "Fake engine" in details and "Alto" in details
    library = TakeLibrary(data_dir())
    try:
        (stored,) = library.list()
        assert stored.duration == pytest.approx(0.75, abs=0.01)
        assert stored.metadata["parameters"]["speed"] == 1.0
        assert stored.metadata["studio"]["streamed_to_speakers"] is True
    finally:
        library.close()


class HandingOverBackend(FakeBackend):
    """Hands the whole line to its bass voice, whatever was asked (as an engine does with a language
    the chosen voice cannot speak), and says so in `voices_used`."""

    def synthesize(self, request: SynthesisRequest, cancel: CancelToken) -> Iterator[SynthesisEvent]:
        for event in super().synthesize(request, cancel):
            if isinstance(event, Finished):
                event = Finished({**event.metadata, "voice": request.voice_id, "voices_used": ["bass"]})
            yield event


def test_a_take_records_the_voice_that_spoke_and_how_it_was_made(qtbot: Any, make_window: MakeWindow) -> None:
    window = make_window(backend=HandingOverBackend)
    page = window.speak
    page.speed_slider.setValue(150)
    generate(qtbot, window, "Go.", saved=1)
    take = page.takes.current_take()
    assert take.voice_id == "bass"
    made = take.metadata["made_with"]
    assert made["front_end"] == "window" and made["engine_id"] == "fake" and made["studio_version"]
    assert made["request"]["speed"] == 1.5 and made["request"]["voice_id"] == "alto"


def test_voice_speed_and_pitch_reach_the_engine(qtbot: Any, make_window: MakeWindow) -> None:
    window = make_window()
    page = window.speak
    assert page.speed_badge.text() == "native" and page.pitch_badge.text() == "post-process"
    assert page.speed_slider.minimum() == 50 and page.speed_slider.maximum() == 200
    page.voice_combo.setCurrentIndex(1)
    page.speed_slider.setValue(150)
    page.pitch_slider.setValue(-4)  # half-semitone steps
    assert page.speed_value.text() == "1.50×" and page.pitch_value.text() == "-2 st"
    generate(qtbot, window, "Go.", saved=1)
    backend = window.engines.backend("fake")
    request = backend.requests[-1]
    assert (request.voice_id, request.speed, request.pitch) == ("bass", 1.5, -2.0)
    page.speed_value.click()  # resets to the manifest default
    assert page.speed == 1.0


def test_stop_mid_stream_discards_the_unfinished_take(qtbot: Any, make_window: MakeWindow) -> None:
    window = make_window(backend=SlowBackend)
    page = window.speak
    page.editor.setPlainText("One. Two. Three. Four. Five.")
    page.generate()
    qtbot.waitUntil(lambda: page.waveform.duration > 0, timeout=5000)
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not page.generating, timeout=5000)
    assert any("discarded" in t for t in page.notices.texts())
    assert page.waveform.duration == 0
    qtbot.wait(300)
    assert page.takes.count() == 0
    assert page.generate_button.isEnabled()


def test_stop_is_prompt_even_when_the_engine_ignores_cancel(qtbot: Any, make_window: MakeWindow) -> None:
    window = make_window(backend=BrokenCancelBackend)
    page = window.speak
    page.editor.setPlainText("One. Two. Three.")
    page.generate()
    qtbot.wait(100)
    page.stop_button.click()
    qtbot.waitUntil(lambda: not page.generating, timeout=2000)
    qtbot.wait(1200)  # the engine's late chunks must not leak into the page
    assert page.waveform.duration == 0 and page.takes.count() == 0


def test_engine_warnings_are_shown_next_to_the_editor(qtbot: Any, make_window: MakeWindow) -> None:
    window = make_window()
    page = window.speak
    generate(qtbot, window, "(RAP)Yo. Check it.", saved=1)
    warnings = [t for t, lv in zip(page.notices.texts(), page.notices.levels(), strict=True)
                if lv is Level.WARNING]
    assert any("(RAP) is not honoured" in t for t in warnings)
    assert page.takes.current_take().metadata["warnings"][0]["code"] == "tag-unsupported"


def test_engine_failure_is_shown_clearly(qtbot: Any, make_window: MakeWindow) -> None:
    window = make_window(backend=FailingBackend)
    page = window.speak
    generate(qtbot, window, "Hello.")
    notices = zip(page.notices.texts(), page.notices.levels(), strict=True)
    errors = [t for t, lv in notices if lv is Level.ERROR]
    assert errors == ["The take failed: The fake engine ran out of fake memory."]
    assert page.takes.count() == 0
    assert page.generate_button.isEnabled()


@pytest.mark.parametrize(("text", "message"), [
    ("", "Type the text to speak first."),
    ("   \n ", "Type the text to speak first."),
    ("(高兴1)[Laughter]", "only tags"),
    ("a" * 100_000, f"one take holds up to {MAX_TEXT_CHARS:,}"),
])
def test_bad_input_gets_a_message_instead_of_a_take(qtbot: Any, make_window: MakeWindow, text: str,
                                                    message: str) -> None:
    window = make_window()
    page = window.speak
    page.editor.setPlainText(text)
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    assert not page.generating
    assert any(message in t for t in page.notices.texts())
    assert page.editor.toPlainText() == text  # nothing the user typed is lost
    assert window.engines.backend("fake").requests == []


def test_long_text_count_turns_red(make_window: MakeWindow, qtbot: Any) -> None:
    page = make_window().speak
    page.editor.setPlainText("a" * (MAX_TEXT_CHARS + 1))
    qtbot.waitUntil(lambda: "limit" in page.char_count.text(), timeout=2000)
    assert page.char_count.property("state") == "bad"


# --- tags -----------------------------------------------------------------------------------------


def _format_at(page: Any, position: int) -> QTextCharFormat:
    block = page.editor.document().findBlock(position)
    for rng in block.layout().formats():
        if rng.start <= position - block.position() < rng.start + rng.length:
            return QTextCharFormat(rng.format)
    return QTextCharFormat()


def test_tag_marks_and_summary_follow_the_engine_manifest(qtbot: Any, make_window: MakeWindow) -> None:
    page = make_window().speak
    text = "(高兴1)Hi [Laughter] there (RAP)yo <break time=\"1s\"/> end."
    page.editor.setPlainText(text)
    qtbot.waitUntil(lambda: "won't be honoured" in page.tag_summary.text(), timeout=2000)
    wave = QTextCharFormat.UnderlineStyle.WaveUnderline
    native = _format_at(page, text.index("(高兴1)") + 1)
    approx = _format_at(page, text.index("[Laughter]") + 1)
    unsupported = _format_at(page, text.index("(RAP)") + 1)
    pause = _format_at(page, text.index("<break") + 1)
    assert native.underlineStyle() != wave and native.background().color().isValid()
    assert approx.underlineStyle() == wave and approx.underlineColor().name() == "#d97706"
    assert unsupported.underlineStyle() == wave and unsupported.underlineColor().name() == "#e11d48"
    assert pause.underlineStyle() != wave
    assert page.tag_summary.text().startswith("1 tag won't be honoured by Fake engine: (RAP)")
    assert "1 approximated" in page.tag_summary.text()
    tip = page.editor.tooltip_at(text.index("(RAP)") + 1)
    assert "cannot rap" in tip and "Fake engine" in tip


def test_tag_picker_inserts_canonical_tags_and_marks_support(qtbot: Any, make_window: MakeWindow) -> None:
    page = make_window().speak
    page.editor.setPlainText("First sentence. Second one")
    cursor = page.editor.textCursor()
    cursor.setPosition(len("First sentence. Sec"))
    page.editor.setTextCursor(cursor)
    actions = {a.data(): a for a in page.picker.menu_actions(TagFamily.EMOTION)}
    assert actions["(高兴1)"].property("mark") == "ok"
    assert actions["(生气1)"].property("mark") == "fail"
    actions["(高兴1)"].trigger()
    assert page.editor.toPlainText() == "First sentence. (高兴1)Second one"
    actions["(高兴2)"].trigger()  # the same family replaces, never stacks
    assert page.editor.toPlainText() == "First sentence. (高兴2)Second one"
    sounds = {a.data(): a for a in page.picker.menu_actions(TagFamily.PARALINGUISTIC)}
    assert sounds["[Laughter]"].property("mark") == "approx"
    assert "chuckle" in sounds["[Laughter]"].toolTip()
    cursor = page.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    page.editor.setTextCursor(cursor)
    sounds["[Laughter]"].trigger()
    assert page.editor.toPlainText().endswith("Second one[Laughter]")
    pauses = {a.data(): a for a in page.picker.menu_actions(TagFamily.BREAK)}
    assert pauses['<break time="0.5s"/>'].property("mark") == "ok"


# --- playback -------------------------------------------------------------------------------------


def test_play_pause_seek_and_space_shortcut(qtbot: Any, make_window: MakeWindow) -> None:
    player = FakePlayer()
    window = make_window(devices=([Device(0, "Speakers", True)], None), player=player)
    page = window.speak
    generate(qtbot, window, "A. B.", saved=1)
    player._playing = False  # the stream played out
    player.calls.clear()
    page.takes.view.setFocus()
    # Player calls run on the page's device worker, in order: wait for each to land.
    qtbot.keyClick(page.takes.view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.calls == [("play", 0.0)], timeout=5000)
    player.position = 0.2
    qtbot.keyClick(page, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: player.names()[-1] == "stop", timeout=5000)
    page.play_button.click()  # resumes where it paused
    qtbot.waitUntil(lambda: player.calls[-1] == ("play", 0.2), timeout=5000)
    page.waveform.seek_by_click_at(0.4)
    qtbot.waitUntil(lambda: player.calls[-1] == ("play", 0.4), timeout=5000)
    page._device.wait(5000)
    calls = len(player.calls)
    page.editor.setFocus()
    qtbot.keyClick(page.editor, Qt.Key.Key_Space)  # in the editor, Space types a space
    assert page.editor.toPlainText() == " A. B."
    page._device.wait(5000)
    assert len(player.calls) == calls


# --- the history ----------------------------------------------------------------------------------


def test_history_survives_a_restart(qtbot: Any, make_window: MakeWindow) -> None:
    first = make_window()
    generate(qtbot, first, "Keep me.", saved=1)
    generate(qtbot, first, "Me too.", saved=2)
    first.close()
    second = make_window()
    qtbot.waitUntil(lambda: second.speak.takes.count() == 2, timeout=5000)
    assert second.speak.takes.visible_titles() == ["Me too.", "Keep me."]
    qtbot.waitUntil(lambda: second.speak.waveform.duration > 0, timeout=5000)  # newest shown


def test_rename_favourite_search_and_delete(qtbot: Any, make_window: MakeWindow, monkeypatch: Any) -> None:
    window = make_window()
    page = window.speak
    generate(qtbot, window, "Alpha take.", saved=1)
    generate(qtbot, window, "Beta take.", saved=2)
    beta = page.takes.current_take()
    index = page.takes.view.currentIndex()
    page.takes.view.model().setData(index, "Renamed beta")  # what the F2 editor commits
    page.takes.favouriteRequested.emit(beta.id, True)
    page.takes.search.setText("alpha")
    assert page.takes.visible_titles() == ["Alpha take."]
    page.takes.search.clear()
    page.takes.favourites_button.click()
    assert page.takes.visible_titles() == ["Renamed beta"]
    page.takes.favourites_button.click()
    monkeypatch.setattr(page.take_view, "confirm_delete", lambda title: title == "Renamed beta")
    page.takes.select(beta.id)
    page.takes.view.setFocus()
    qtbot.keyClick(page.takes.view, Qt.Key.Key_Delete)
    assert page.takes.count() == 1
    page._io.wait(5000)
    QApplication.processEvents()
    library = TakeLibrary(data_dir())
    try:
        assert [t.title for t in library.list()] == ["Alpha take."]
    finally:
        library.close()


def test_renamed_and_favourite_take_is_stored(qtbot: Any, make_window: MakeWindow) -> None:
    window = make_window()
    page = window.speak
    generate(qtbot, window, "Store me.", saved=1)
    take = page.takes.current_take()
    page.takes.view.model().setData(page.takes.view.currentIndex(), "Stored name")
    page.takes.favouriteRequested.emit(take.id, True)
    page._io.wait(5000)
    library = TakeLibrary(data_dir())
    try:
        stored = library.get(take.id)
        assert (stored.title, stored.favourite) == ("Stored name", True)
    finally:
        library.close()


# --- export ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["wav", "flac", "ogg", "mp3"])
def test_export_writes_the_file_and_optional_sidecar(qtbot: Any, make_window: MakeWindow, tmp_path: Path,
                                                     fmt: str) -> None:
    window = make_window()
    page = window.speak
    generate(qtbot, window, "Export me. Please.", saved=1)
    target = tmp_path / "out" / f"exported.{fmt}"
    target.parent.mkdir()
    page.sidecar_action.setChecked(fmt == "wav")
    page.take_view.ask_export_path = lambda suggested: (str(target), "")  # type: ignore[method-assign]
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page._loads.busy, timeout=10_000)
    info = sf.info(str(target))
    assert info.duration == pytest.approx(0.5, abs=0.05)
    assert target.with_suffix(".json").exists() == (fmt == "wav")
    assert page.export_dir == str(target.parent)


def test_export_error_is_shown(qtbot: Any, make_window: MakeWindow, tmp_path: Path) -> None:
    window = make_window()
    page = window.speak
    generate(qtbot, window, "Export me.", saved=1)
    page.take_view.ask_export_path = lambda suggested: (str(tmp_path / "nope" / "x.wav"), "")  # type: ignore[method-assign]
    page.export_current()
    qtbot.waitUntil(lambda: any("Export failed" in t for t in page.notices.texts()), timeout=5000)


# --- drafts and settings --------------------------------------------------------------------------


def test_draft_and_preferences_survive_a_restart(qtbot: Any, make_window: MakeWindow) -> None:
    first = make_window()
    first.speak.voice_combo.setCurrentIndex(1)
    first.speak.speed_slider.setValue(125)
    first.speak.editor.setPlainText("An unfinished thought")
    qtbot.waitUntil(lambda: (data_dir() / "draft.txt").exists(), timeout=5000)
    first.close()
    second = make_window()
    qtbot.waitUntil(lambda: second.speak.editor.toPlainText() == "An unfinished thought", timeout=5000)
    assert second.speak.current_voice().id == "bass"
    assert second.speak.speed == 1.25


def test_status_text_while_a_take_is_made_does_not_resize_the_waveform(make_window: MakeWindow,
                                                                        qtbot: Any) -> None:
    """Each new status text ("Generating… 12.3 s so far") used to change the left pane's minimum
    width, and with it the waveform's plots, several times a second (bench/gui_stall.py's stalls)."""
    window = make_window()
    window.resize(1100, 800)
    window.show()
    qtbot.waitExposed(window)
    page = window.speak
    qtbot.wait(50)
    before = page.waveform.width(), page.splitter.sizes()
    for text in ("Sentence 1 of 40", "Generating… 161.5 s so far, and rather more words than fit " * 3):
        page.job_status.setText(text)
        page.time_label.setText("first audio in 12.34 s " * 4)
        qtbot.wait(30)
        assert (page.waveform.width(), page.splitter.sizes()) == before


def test_a_take_finished_while_another_began_is_saved_but_not_shown(qtbot: Any,
                                                                   make_window: MakeWindow) -> None:
    """A finished take is shown and saved in the event loop's next turn (so its end is not one long
    stall); if the user began another take in between, the new one keeps the view."""
    import numpy as np

    from backends.audio import Audio

    window = make_window(backend=SlowBackend)
    page = window.speak
    page.editor.setPlainText("One. Two.")
    page.generate()
    serial = page._job_serial
    stale = Audio(np.zeros(8000, dtype=np.float32), 16000)
    page._take_finished(stale, {"text": "An earlier take."}, serial - 1)
    assert page.take_view.current_audio is not stale and page.generating
    qtbot.waitUntil(lambda: not page.generating, timeout=10_000)
    qtbot.waitUntil(lambda: page.takes.count() == 2, timeout=10_000)  # the earlier one saved all the same
    assert page.take_view.current_audio is not stale
    library = TakeLibrary(data_dir())
    try:
        assert sorted(t.text for t in library.list()) == ["An earlier take.", "One. Two."]
    finally:
        library.close()
