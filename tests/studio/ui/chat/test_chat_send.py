"""Send in the Chat workspace is never a dead button: it sends, or it is disabled with a tooltip and a
visible line beside it that says why and what to do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_chat_page import CONFIG, Services, make_page, until

from studio.ui.chat.model_dialog import ChatModelDialog


def test_without_a_chat_model_send_is_disabled_and_the_page_says_which_model_to_get(
        qtbot: Any, tmp_path: Path) -> None:
    services = Services(tmp_path)
    page = make_page(qtbot, services, config=None)
    page.message_edit.setText("hello?")
    assert not page.send_button.isEnabled()
    assert "chat model" in page.send_button.toolTip()
    reason = page.entry.reason_label
    assert page.entry.reason.isVisible() and reason.isVisible()
    for needed in ("chat model", "OpenAI-compatible server", "Step-Audio-Chat", "model folder"):
        assert needed in reason.text()
    assert page.entry.reason_button.isVisible()
    qtbot.keyClick(page.message_edit, Qt.Key.Key_Return)  # Enter does not swallow the text either
    assert page.message_edit.text() == "hello?" and services.controllers == []

    page.entry.reason_button.click()  # the line's button opens the existing model dialog
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ChatModelDialog) and w.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].reject()

    page.set_model_config(CONFIG)
    assert page.send_button.isEnabled() and not page.entry.reason.isVisible()
    page.send_button.click()  # now it starts the conversation and sends
    until(qtbot, lambda: services.controllers and ("send_text", "hello?") in services.controllers[-1].calls)


def test_while_the_voice_engine_is_not_ready_send_says_so(qtbot: Any, tmp_path: Path) -> None:
    page = make_page(qtbot, Services(tmp_path), engine=False)
    page.set_engine_pending("Loading Tone engine…")
    page.message_edit.setText("hi")
    assert not page.send_button.isEnabled() and page.send_button.toolTip()
    assert page.entry.reason.isVisible() and "Loading Tone engine…" in page.entry.reason_label.text()
    assert not page.entry.reason_button.isVisible()


def test_an_empty_box_disables_send_with_a_tooltip(qtbot: Any, tmp_path: Path) -> None:
    page = make_page(qtbot, Services(tmp_path))
    assert not page.send_button.isEnabled() and page.send_button.toolTip() == "Type a message first."
    assert not page.entry.reason.isVisible()
    page.message_edit.setText("x")
    assert page.send_button.isEnabled()


def test_session_buttons_say_why_they_are_off(qtbot: Any, tmp_path: Path) -> None:
    page = make_page(qtbot, Services(tmp_path))
    panel = page.sessions_panel
    for button in (page.replay_button, page.export_button, page.rename_button, page.delete_button):
        assert not button.isEnabled() and "saved" in button.toolTip()
    assert panel.hint.isVisible() and "saved here as you talk" in panel.hint.text()
