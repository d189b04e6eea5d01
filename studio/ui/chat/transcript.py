"""Drawing the conversation: one bubble per message (spoken part plain, unspoken part muted) and a
scrolling column of them with tool-activity lines, which also replays a saved session's turns."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from studio.conversation.sessions import latency_line
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.theme import colours
from widgets.sizes import scaled

BUBBLE_TEXT_WIDTH = 560


class Bubble(QFrame):
    """One message: the text (spoken part normal, unspoken muted), and a footer line."""

    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.setObjectName("chatBubble")
        self.setProperty("role", role)
        self.text = ""
        self.spoken: int | None = None  # None: all of it is plain (user text)
        self.struck = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        self.who = QLabel(_tr("You") if role == "user" else _tr("Assistant"), self)
        self.who.setObjectName("bubbleWho")
        self.body = QLabel(self)
        self.body.setObjectName("bubbleText")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.footer = QLabel(self)
        self.footer.setObjectName("bubbleFooter")
        self.footer.setProperty("role", "muted")
        self.footer.setWordWrap(True)
        self.footer.hide()
        layout.addWidget(self.who)
        layout.addWidget(self.body)
        layout.addWidget(self.footer)
        self.setMaximumWidth(scaled(620))

    def set_text(self, text: str, spoken: int | None = None, struck: bool = False) -> None:
        self.text, self.spoken, self.struck = text, spoken, struck
        muted = colours()["muted"]
        if spoken is None or spoken >= len(text):
            rendered = html.escape(text)
        else:
            rest = html.escape(text[spoken:])
            style = f"color:{muted};" + ("text-decoration:line-through;" if struck else "")
            rendered = f"{html.escape(text[:spoken])}<span style='{style}'>{rest}</span>"
        self.body.setText(rendered.replace("\n", "<br>") or f"<span style='color:{muted}'>…</span>")
        # A word-wrapped label shrinks to its narrowest wrap; give it the width its text wants.
        metrics = self.body.fontMetrics()
        longest = max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)
        self.body.setMinimumWidth(min(scaled(BUBBLE_TEXT_WIDTH), max(60, longest + 6)))
        self.body.setAccessibleName(text)

    def set_footer(self, text: str) -> None:
        self.footer.setText(text)
        self.footer.setVisible(bool(text))


class Transcript(QScrollArea):
    """The conversation as bubbles, plus tool-activity lines; follows the newest message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatTranscript")
        self.setAccessibleName(_tr("Conversation"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget(self)
        inner.setObjectName("chatTranscriptInner")
        self.column = QVBoxLayout(inner)
        self.column.setContentsMargins(10, 10, 10, 10)
        self.column.setSpacing(8)
        self.column.addStretch(1)
        self.setWidget(inner)
        self.bubbles: list[Bubble] = []
        self.lines: list[QLabel] = []
        self.verticalScrollBar().rangeChanged.connect(self._follow)
        self._stick = True

    def _follow(self, _low: int, high: int) -> None:
        if self._stick:
            self.verticalScrollBar().setValue(high)

    def _insert(self, widget: QWidget, align: Qt.AlignmentFlag) -> None:
        bar = self.verticalScrollBar()
        self._stick = bar.value() >= bar.maximum() - 40
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        if align == Qt.AlignmentFlag.AlignRight:
            row.addStretch(1)
        row.addWidget(widget)
        if align != Qt.AlignmentFlag.AlignRight:
            row.addStretch(1)
        self.column.insertLayout(self.column.count() - 1, row)

    def add_bubble(self, role: str, text: str = "", spoken: int | None = None) -> Bubble:
        bubble = Bubble(role, self.widget())
        bubble.set_text(text, spoken)
        self._insert(bubble, Qt.AlignmentFlag.AlignRight if role == "user" else Qt.AlignmentFlag.AlignLeft)
        self.bubbles.append(bubble)
        return bubble

    def add_line(self, text: str) -> QLabel:
        label = QLabel(text, self.widget())
        label.setObjectName("toolLine")
        label.setProperty("role", "muted")
        label.setWordWrap(False)  # one short line; a wrapping label would shrink to its narrowest
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._insert(label, Qt.AlignmentFlag.AlignLeft)
        self.lines.append(label)
        return label

    def clear(self) -> None:
        while self.column.count() > 1:
            item = self.column.takeAt(0)
            layout = item.layout()
            if layout is not None:
                while layout.count():
                    child = layout.takeAt(0).widget()
                    if child is not None:
                        child.deleteLater()
        self.bubbles.clear()
        self.lines.clear()
        self._stick = True


    def show_turns(self, turns: list[Any]) -> None:
        """A saved session's turns, with what their metadata says (typed, interrupted, tools, latency)."""
        for turn in turns:
            role = turn.role if turn.role in ("user", "assistant") else "assistant"
            bubble = self.add_bubble(role, turn.text)
            for tool in turn.metadata.get("tools") or []:
                args = ", ".join(f"{k}={v!r}" for k, v in (tool.get("arguments") or {}).items())
                self.add_line(_tr("Tool: {0}({1}) → {2}").format(tool.get("name"), args,
                                                                  tool.get("result")))
            notes = []
            if turn.metadata.get("typed"):
                notes.append(_tr("typed"))
            if turn.metadata.get("interrupted"):
                notes.append(_tr("interrupted"))
            line = latency_line(turn.latency)
            if line:
                notes.append(line)
            bubble.set_footer(" · ".join(notes))
