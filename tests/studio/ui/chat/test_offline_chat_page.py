"""The Chat page on a fresh install: with nothing set up it uses the small offline model (labelled
as one for trying), and a typed message gets a real reply from it through the real controller;
with no model at all Send says what to do. The TTS is the page tests' double."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_chat_page import Services, make_page, start, until

from backends.embedded import chat_weights
from studio.conversation import model_config as chat_model_config
from studio.settings import Settings
from studio.ui.chat.model_dialog import ChatModelDialog

needs_model = pytest.mark.skipif(not chat_weights.installed(),
                                 reason="the offline chat model is not installed")


@needs_model
def test_a_fresh_install_chats_with_the_offline_model(qtbot: Any, tmp_path: Path) -> None:
    config = chat_model_config.load(Settings())  # nothing stored: the offline default
    assert config == chat_model_config.OFFLINE
    assert chat_model_config.check(config).available  # files verified, model loaded
    services = Services(tmp_path, controller=None)
    page = make_page(qtbot, services, config=config)
    assert "offline" in page.model_button.text() and "trying" in page.model_button.text()
    assert "Step-Audio-Chat" in page.model_button.toolTip()
    assert page.center.currentWidget() is page.transcript  # no set-up panel: ready to talk
    controller = start(qtbot, page)
    assert type(controller).__name__ == "ConversationController"
    page.message_edit.setText("What is the capital of France? Answer in one sentence.")
    assert page.send_button.isEnabled()
    page.send_typed()
    until(qtbot, lambda: len(page.transcript.bubbles) == 2 and "Paris" in page.transcript.bubbles[1].text,
          timeout=30000)
    until(qtbot, lambda: page.state == "silence" and page.replies
          and all(r.saved for r in page.replies.values()), timeout=30000)
    page.stop_conversation()


def test_the_dialog_offers_the_offline_model(qtbot: Any, tmp_path: Path) -> None:
    page = make_page(qtbot, Services(tmp_path), config=None)
    dialog = page.open_model_dialog()
    assert isinstance(dialog, ChatModelDialog)
    dialog.kind_buttons["offline"].setChecked(True)
    assert not dialog.url_edit.isEnabled() and not dialog.folder_holder.isEnabled()
    dialog.save()
    assert dialog.config == chat_model_config.OFFLINE
    assert chat_model_config.load(chat_model_config.store(Settings(), dialog.config)) == dialog.config


def test_with_no_model_at_all_send_says_how_to_restore_it(qtbot: Any, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chat_weights, "installed", lambda: False)
    assert chat_model_config.load(Settings()) is None
    page = make_page(qtbot, Services(tmp_path), config=None)
    page.message_edit.setText("hello?")
    assert not page.send_button.isEnabled()
    reason = page.entry.reason_label.text()
    assert "offline model" in reason and "pip install" in reason and "Step-Audio-Chat" in reason
    assert page.entry.reason.isVisible() and page.entry.reason_button.isVisible()
    assert "pip install" in page.setup_panel.setup_text.text()
