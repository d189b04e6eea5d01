"""The typed-turn entry under the transcript: the message box, Send, and, while Send cannot work, a
line beside it that says why and what to do (with the button that opens the chat model set-up).

Send is never a dead button: it works, or it is disabled with a tooltip and that visible line. Without
a chat model nothing could write the reply (the small offline model is the default; the line says
how to restore it when it was removed); without a ready voice engine nothing could speak it; with
an empty box there is nothing to send (the box's placeholder says what to do).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from studio.conversation import model_config as chat_model_config
from studio.ui.common.i18n import translate as _tr


class MessageEntry(QWidget):
    """`setupRequested`: the reason line's button was pressed (the page opens the chat model dialog)."""

    setupRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._has_model = False
        self._engine_problem: str | None = None  # why the voice engine cannot speak yet; None: ready
        self._starting = False
        self._offline_installed = chat_model_config.offline_installed()  # cheap: no file read
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        row = QHBoxLayout()
        self.message_edit = QLineEdit(self)
        self.message_edit.setPlaceholderText(_tr("Type a message and press Enter (works without a "
                                                 "microphone)"))
        self.message_edit.setAccessibleName(_tr("Message"))
        self.send_button = QPushButton(_tr("Send"), self)
        row.addWidget(self.message_edit, 1)
        row.addWidget(self.send_button)
        outer.addLayout(row)
        self.reason = QFrame(self)
        self.reason.setObjectName("sendReason")
        rl = QHBoxLayout(self.reason)
        rl.setContentsMargins(0, 0, 0, 0)
        self.reason_label = QLabel(self.reason)
        self.reason_label.setObjectName("sendReasonText")
        self.reason_label.setWordWrap(True)
        self.reason_label.setProperty("role", "muted")
        self.reason_button = QPushButton(_tr("Set up a chat model…"), self.reason)
        self.reason_button.setToolTip(_tr("Choose the server or model folder that writes the replies"))
        self.reason_button.clicked.connect(self.setupRequested)
        rl.addWidget(self.reason_label, 1)
        rl.addWidget(self.reason_button)
        outer.addWidget(self.reason)
        self.message_edit.textChanged.connect(lambda _text: self._refresh())
        self._refresh()

    def set_state(self, *, has_model: bool, engine_problem: str | None, starting: bool) -> None:
        """What Send depends on: a chat model, a voice engine ready to speak (else why not), and
        whether a conversation is starting."""
        self._has_model, self._engine_problem, self._starting = has_model, engine_problem, starting
        self._refresh()

    def can_send(self) -> bool:
        return self.send_button.isEnabled()

    def why_not(self) -> str:
        """Why Send is disabled ("" when it is not)."""
        return "" if self.send_button.isEnabled() else self.send_button.toolTip()

    def _refresh(self) -> None:
        reason, setup = "", False
        if self._starting:
            tip = _tr("The conversation is starting; send in a moment.")
        elif not self._has_model:
            if self._offline_installed:
                reason = _tr("Send needs a chat model to write the reply: choose the small offline model, "
                             "connect an OpenAI-compatible server (vLLM, llama.cpp, Ollama or step-studio "
                             "serve) or Step-Audio-Chat on a GPU host, or choose a local model folder.")
            else:
                reason = _tr("Send needs a chat model to write the reply, and the small offline model "
                             "that comes with the studio is not installed ({0}): restore it, or connect "
                             "an OpenAI-compatible server (vLLM, llama.cpp, Ollama or step-studio serve) "
                             "or Step-Audio-Chat on a GPU host, or choose a local model folder.").format(
                    chat_model_config.offline_install_command())
            tip, setup = _tr("No chat model is set up: set one up to send messages."), True
        elif self._engine_problem is not None:
            reason = _tr("Send needs the voice engine that speaks the reply, and it is not ready: {0} "
                         "Choose another engine at the top right if it does not come.").format(
                self._engine_problem)
            tip = _tr("The voice engine is not ready yet.")
        elif not self.message_edit.text().strip():
            tip = _tr("Type a message first.")
        else:
            tip = _tr("Send the message (Enter)")
        self.send_button.setEnabled(not (reason or self._starting) and bool(self.message_edit.text().strip()))
        self.send_button.setToolTip(tip)
        self.reason_label.setText(reason)
        self.reason_button.setVisible(setup)
        self.reason.setVisible(bool(reason))
