"""The window's top bar: the workspace switcher (Speak, Clone, Edit, Chat) and the engine and
output pickers, which the engine and output modules fill once they know what there is."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QWidget,
)

from studio.ui.common.i18n import translate as _tr
from studio.ui.shell.about import APP_NAME
from widgets.sizes import scaled


class Toolbar:
    """Part of MainWindow: builds the top bar and switches the central page."""

    def _build_toolbar(self) -> None:
        bar = QToolBar(_tr("Main"), self)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setIconSize(QSize(16, 16))
        bar.setStyleSheet("QToolBar#mainToolbar { spacing: 6px; padding: 6px 10px; border: none; }")
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        title = QLabel(f"<b>{APP_NAME}</b>", bar)
        title.setContentsMargins(2, 0, 14, 0)
        bar.addWidget(title)

        self.workspace_group = QButtonGroup(self)
        self.workspace_group.setExclusive(True)
        self.workspace_buttons: dict[str, QToolButton] = {}
        spaces = (("speak", _tr("Speak"), ""),
                  ("clone", _tr("Clone"), ""),
                  ("edit", _tr("Edit"), ""),
                  ("chat", _tr("Chat"), ""))
        holder = QWidget(bar)
        hl = QHBoxLayout(holder)
        hl.setContentsMargins(0, 0, 0, 0)
        hl.setSpacing(2)
        for key, text, why in spaces:
            button = QToolButton(holder)
            button.setObjectName("workspace")
            button.setText(text)
            button.setCheckable(True)
            button.setAccessibleName(text)
            # Reachable by keyboard focus, not only by mouse (a tool button's default is Tab only).
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            if why:
                button.setEnabled(False)
                button.setToolTip(why)
            elif key == "speak":
                button.setChecked(True)
                button.setToolTip(_tr("Write text and hear it spoken"))
            elif key == "edit":
                button.setToolTip(_tr("Edit any recording by selection: cut, fades, loudness, denoise, "
                                      "speed and pitch, with undo"))
            elif key == "chat":
                button.setToolTip(_tr("Talk with a model through the microphone and hear it answer"))
            else:
                button.setToolTip(_tr("Make a voice from a few seconds of speech; your voice library"))
            button.clicked.connect(lambda _checked=False, k=key: self.show_workspace(k))
            self.workspace_group.addButton(button)
            self.workspace_buttons[key] = button
            hl.addWidget(button)
        bar.addWidget(holder)

        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)

        bar.addWidget(QLabel(_tr("Engine"), bar))
        self.engine_combo = QComboBox(bar)
        self.engine_combo.setMinimumWidth(scaled(220))
        self.engine_combo.setAccessibleName(_tr("Engine"))
        self.engine_combo.addItem(_tr("Finding engines…"), None)
        self.engine_combo.setEnabled(False)
        self.engine_combo.activated.connect(self._on_engine_chosen)
        bar.addWidget(self.engine_combo)
        gap = QWidget(bar)
        gap.setFixedWidth(scaled(10))
        bar.addWidget(gap)
        bar.addWidget(QLabel(_tr("Output"), bar))
        self.device_combo = QComboBox(bar)
        self.device_combo.setMinimumWidth(scaled(200))
        self.device_combo.setMaximumWidth(scaled(320))
        self.device_combo.setAccessibleName(_tr("Audio output device"))
        self.device_combo.addItem(_tr("Looking for audio devices…"), None)
        self.device_combo.setEnabled(False)
        self.device_combo.activated.connect(self._on_device_chosen)
        bar.addWidget(self.device_combo)

    def show_workspace(self, key: str) -> None:
        """Switch the central page (the switcher's buttons; tests)."""
        page = {"speak": self.speak, "clone": self.clone, "edit": self.edit, "chat": self.chat}.get(key)
        if page is None:
            return
        self.workspace_buttons[key].setChecked(True)
        self.workspace_actions[key].setChecked(True)
        self.stack.setCurrentWidget(page)
