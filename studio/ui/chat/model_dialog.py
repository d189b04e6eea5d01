"""Setting up the chat model that writes the replies: the dialog that chooses and tests one, and the
panel the transcript area shows, saying what to set up, while none is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from studio.conversation import model_config as chat_model_config
from studio.conversation.model_config import ChatModelConfig
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.tasks import Tasks
from widgets.icons import marked
from widgets.sizes import scaled


class ChatModelDialog(QDialog):
    """Choose what writes the replies; "Test" checks it off the GUI thread."""

    def __init__(self, config: ChatModelConfig | None, check: Callable[[ChatModelConfig], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Set Up a Chat Model"))
        self.setMinimumWidth(scaled(540))
        self._check = check
        self._tasks = Tasks(self, 1, "chat-model-test")
        self._serial = 0
        self.config: ChatModelConfig | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(_tr("Replies are written by a chat model and spoken by the current engine's voice. "
                           "Choose where the model runs."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[str, QRadioButton] = {}
        for kind, label in (("offline", _tr("The small offline model (Qwen2.5-Coder 0.5B), for trying")),
                            ("openai", _tr("An OpenAI-compatible server (vLLM, llama.cpp, Ollama, "
                                           "step-studio serve)")),
                            ("step-audio-chat", _tr("Step-Audio-Chat on a GPU host (served by vLLM)")),
                            ("transformers", _tr("A local transformers model folder (needs torch)"))):
            button = QRadioButton(label, self)
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
            layout.addWidget(button)
        self.kind_buttons["offline"].setToolTip(_tr("The small offline model on this computer (Qwen2.5-Coder "
                                                    "0.5B): for trying Chat; short, simple answers"))
        if not chat_model_config.offline_installed():
            self.kind_buttons["offline"].setEnabled(False)
            self.kind_buttons["offline"].setToolTip(_tr("Not installed: {0}").format(
                chat_model_config.offline_install_command()))
        form = QFormLayout()
        self.url_edit = QLineEdit(self)
        self.url_edit.setPlaceholderText(chat_model_config.DEFAULT_OPENAI_URL)
        self.model_edit = QLineEdit(self)
        self.model_edit.setPlaceholderText(_tr("the model name the server serves, e.g. qwen2.5-7b-instruct"))
        self.key_edit = QLineEdit(self)
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(_tr("optional; stored in plain text in the settings file"))
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(self)
        self.folder_edit.setPlaceholderText(_tr("a folder with config.json, weights and tokenizer"))
        browse = QPushButton(_tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        self.folder_holder = QWidget(self)
        self.folder_holder.setLayout(folder_row)
        folder_row.setContentsMargins(0, 0, 0, 0)
        form.addRow(_tr("Server URL"), self.url_edit)
        form.addRow(_tr("Model name"), self.model_edit)
        form.addRow(_tr("Key"), self.key_edit)
        form.addRow(_tr("Model folder"), self.folder_holder)
        layout.addLayout(form)
        self.result = QLabel(self)
        self.result.setObjectName("verdict")
        self.result.setWordWrap(True)
        self.result.hide()
        layout.addWidget(self.result)
        buttons = QDialogButtonBox(self)
        self.test_button = buttons.addButton(_tr("Test"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = buttons.addButton(QDialogButtonBox.StandardButton.Save)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.test_button.clicked.connect(self.test)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.kind_group.buttonToggled.connect(lambda *_a: self._kind_changed())
        start = config or ChatModelConfig("openai", chat_model_config.DEFAULT_OPENAI_URL, "x")
        self.kind_buttons[start.kind].setChecked(True)
        if config is not None:
            self.url_edit.setText(config.url)
            self.model_edit.setText(config.model)
            self.key_edit.setText(config.key or "")
            self.folder_edit.setText(config.folder)
        else:
            self.url_edit.setText(chat_model_config.DEFAULT_OPENAI_URL)
        self._kind_changed()

    @property
    def kind(self) -> str:
        return next(k for k, b in self.kind_buttons.items() if b.isChecked())

    def _kind_changed(self) -> None:
        local = self.kind == "transformers"
        for widget in (self.url_edit, self.key_edit):
            widget.setEnabled(self.kind in ("openai", "step-audio-chat"))
        self.model_edit.setEnabled(self.kind == "openai")
        if self.kind == "step-audio-chat" and not self.model_edit.text():
            self.model_edit.setPlaceholderText("step-audio-chat")
        self.folder_holder.setEnabled(local)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _tr("Choose a transformers model folder"))
        if folder:
            self.folder_edit.setText(folder)

    def current(self) -> ChatModelConfig:
        """Raises ValueError (a sentence) when a field is missing or wrong."""
        if self.kind == "offline":
            return chat_model_config.OFFLINE  # nothing to fill in: the fields are for the others
        return ChatModelConfig(self.kind, url=self.url_edit.text().strip(),
                               model=self.model_edit.text().strip(), key=self.key_edit.text() or None,
                               folder=self.folder_edit.text().strip())

    def _show(self, text: str, state: str) -> None:
        self.result.setText(text)
        self.result.setProperty("state", state)
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)
        self.result.show()

    def test(self) -> None:
        try:
            config = self.current()
        except ValueError as exc:
            self._show(str(exc)[:1].upper() + str(exc)[1:] + ".", "problem")
            return
        self._serial += 1
        serial = self._serial
        self.test_button.setEnabled(False)
        self._show(_tr("Testing {0}…").format(config.describe()), "")

        def done(state: Any) -> None:
            if serial != self._serial:
                return
            self.test_button.setEnabled(True)
            if state.available:
                self._show(marked("ok", _tr("{0} answers.").format(config.describe())), "good")
            else:
                fix = f" {state.fix}" if getattr(state, "fix", None) else ""
                self._show(f"{state.reason}{fix}", "problem")

        def failed(exc: BaseException) -> None:
            if serial == self._serial:
                self.test_button.setEnabled(True)
                self._show(str(exc), "problem")

        self._tasks.run(lambda: self._check(config), done, failed)

    def save(self) -> None:
        try:
            self.config = self.current()
        except ValueError as exc:
            self._show(str(exc)[:1].upper() + str(exc)[1:] + ".", "problem")
            return
        self.accept()

    def done(self, result: int) -> None:
        self._serial += 1  # a test still running must not touch a closed dialog
        super().done(result)


class SetupPanel(QFrame):
    """Shown instead of the transcript while no chat model is set up: what to choose, and a button
    that opens the dialog."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(30, 30, 30, 30)
        layout.addStretch(1)
        title = QLabel(_tr("Set up a chat model to start talking"), self)
        title.setObjectName("setupTitle")
        layout.addWidget(title)
        setup_needed = _tr(
            "No chat model is set up. Spoken replies need a model that writes them; choose one of:\n"
            "• an OpenAI-compatible server (vLLM, llama.cpp, Ollama or a step-studio serve server): its "
            "URL, e.g. http://127.0.0.1:8000/v1, and the model name it serves;\n"
            "• Step-Audio-Chat on a GPU host (vLLM with --served-model-name step-audio-chat): its URL;\n"
            "• a local transformers model folder (config.json, weights and tokenizer; needs torch);\n"
            "• or restore the small offline model that comes with the studio: {0}").format(
            chat_model_config.offline_install_command())
        self.setup_text = QLabel(setup_needed.replace("\n", "<br>"), self)
        self.setup_text.setObjectName("setupText")
        self.setup_text.setWordWrap(True)
        self.setup_text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.setup_text)
        self.setup_button = QPushButton(_tr("Set up a chat model…"), self)
        self.setup_button.setObjectName("primary")
        row = QHBoxLayout()
        row.addWidget(self.setup_button)
        row.addStretch(1)
        layout.addLayout(row)
        hint = QLabel(_tr("Listening and speaking run here: speech recognition on this computer, replies "
                          "spoken by the engine chosen at the top right."), self)
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        layout.addWidget(hint)
        layout.addStretch(2)
