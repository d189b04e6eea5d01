"""A toolbar of tag menus, one per family, each item marked with what the current engine does.

Nobody remembers that Step-Audio wants `(高兴1)` and not `(happy)`: the picker inserts the
canonical spelling. Each item carries an icon: native, approximated or not possible for the engine in
use, with the engine's own explanation as its tooltip, so the user knows before generating. Items
the engine cannot honour stay clickable: a text may be written now for another engine, and the
editor keeps showing the tag as not honoured.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QInputDialog, QMenu, QToolButton, QWidget

from backends.base import TagSupport
from backends.tags import TagDef, TagFamily, vocabulary
from widgets.flow import FlowRow
from widgets.icons import icon
from widgets.tag_editor import FAMILY_COLOURS, support_mark, support_words

SupportLookup = Callable[[str], TagSupport]  # manifest key -> support

PAUSES = (0.3, 0.5, 1.0, 2.0)

# The vocabulary's English labels, marked so that lupdate collects them for translation.
_TAG_NAMES = (
    QT_TRANSLATE_NOOP("TagNames", "Happy"), QT_TRANSLATE_NOOP("TagNames", "Angry"),
    QT_TRANSLATE_NOOP("TagNames", "Sad"), QT_TRANSLATE_NOOP("TagNames", "Coquettish"),
    QT_TRANSLATE_NOOP("TagNames", "Mandarin"), QT_TRANSLATE_NOOP("TagNames", "English"),
    QT_TRANSLATE_NOOP("TagNames", "Korean"), QT_TRANSLATE_NOOP("TagNames", "Japanese"),
    QT_TRANSLATE_NOOP("TagNames", "Sichuanese"), QT_TRANSLATE_NOOP("TagNames", "Cantonese"),
    QT_TRANSLATE_NOOP("TagNames", "Slow"), QT_TRANSLATE_NOOP("TagNames", "Fast"),
    QT_TRANSLATE_NOOP("TagNames", "Rap"), QT_TRANSLATE_NOOP("TagNames", "Humming"),
    QT_TRANSLATE_NOOP("TagNames", "Breathing"), QT_TRANSLATE_NOOP("TagNames", "Laughter"),
    QT_TRANSLATE_NOOP("TagNames", "Surprise (oh)"), QT_TRANSLATE_NOOP("TagNames", "Confirmation (en)"),
    QT_TRANSLATE_NOOP("TagNames", "Uhm"), QT_TRANSLATE_NOOP("TagNames", "Surprise (ah)"),
    QT_TRANSLATE_NOOP("TagNames", "Surprise (wa)"), QT_TRANSLATE_NOOP("TagNames", "Sigh"),
    QT_TRANSLATE_NOOP("TagNames", "Question (ei)"), QT_TRANSLATE_NOOP("TagNames", "Dissatisfaction (hnn)"),
)


def _tr(text: str) -> str:
    # One shared context: pyside6-lupdate (run with `-tr-function-alias tr+=_tr`) files every
    # `_tr` string under the empty context, so the lookup must use it too.
    return QCoreApplication.translate("", text)


class TagPicker(QWidget):
    """Emits `tagChosen(text, family)` with the canonical tag text to insert."""

    tagChosen = Signal(str, object)  # canonical text, TagFamily

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._support: SupportLookup | None = None
        self._engine_name = ""
        self._actions: list[tuple[QAction, str, str]] = []  # action, manifest key, base label
        self._buttons: dict[TagFamily, QToolButton] = {}
        layout = FlowRow(self, spacing=4, line_spacing=4)  # wraps under large text or a narrow window
        families = (
            (TagFamily.EMOTION, _tr("Emotion")),
            (TagFamily.LANGUAGE, _tr("Language / Dialect")),
            (TagFamily.SPEED, _tr("Speed")),
            (TagFamily.MUSIC, _tr("Music")),
            (TagFamily.PARALINGUISTIC, _tr("Sounds")),
            (TagFamily.BREAK, _tr("Pause")),
        )
        for family, title in families:
            button = QToolButton(self)
            button.setText(title)
            button.setObjectName(f"tagButton_{family.value}")
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setIcon(_dot(FAMILY_COLOURS[family][1]))
            button.setProperty("tagFamily", True)
            button.setAccessibleName(title)
            button.setToolTip(_tr("Insert a {0} tag").format(title.lower()))
            menu = QMenu(button)
            menu.setToolTipsVisible(True)
            button.setMenu(menu)
            self._fill(menu, family)
            layout.addWidget(button)
            self._buttons[family] = button
        self._refresh_marks()

    def button(self, family: TagFamily) -> QToolButton:
        return self._buttons[family]

    def menu_actions(self, family: TagFamily) -> list[QAction]:
        menu = self._buttons[family].menu()
        return [a for a in menu.actions() if not a.isSeparator() and a.data() is not None]

    def set_support(self, support: SupportLookup | None, engine_name: str = "") -> None:
        """`support(key)` is normally `manifest.tag_support`; None clears the marks (no engine yet)."""
        self._support = support
        self._engine_name = engine_name
        self._refresh_marks()

    # --- building -------------------------------------------------------------------------------

    def _fill(self, menu: QMenu, family: TagFamily) -> None:
        if family is TagFamily.BREAK:
            for seconds in PAUSES:
                text = f'<break time="{seconds:g}s"/>'
                self._add(menu, _tr("Pause {0} s").format(f"{seconds:g}"), text, "break", family)
            menu.addSeparator()
            custom = menu.addAction(_tr("Pause of another length…"))
            custom.setData("custom-break")
            custom.triggered.connect(self._custom_pause)
            self._actions.append((custom, "break", custom.text()))
            return
        defs = vocabulary(family)
        for i, d in enumerate(defs):
            if d.levels and len(d.levels) > 1 and i > 0:
                menu.addSeparator()
            if d.levels:
                for level in d.levels:
                    label = f"{_label(d)} {level}   ({d.spellings(level)})"
                    self._add(menu, label, f"({d.spellings(level)})", d.key, family, d)
            elif family is TagFamily.PARALINGUISTIC:
                self._add(menu, f"{_label(d)}   [{d.name}]", f"[{d.name}]", d.key, family, d)
            else:
                self._add(menu, f"{_label(d)}   ({d.name})", f"({d.name})", d.key, family, d)

    def _add(self, menu: QMenu, label: str, text: str, key: str, family: TagFamily,
             definition: TagDef | None = None) -> None:
        action = menu.addAction(label)
        action.setData(text)
        action.triggered.connect(lambda _=False, t=text, f=family: self.tagChosen.emit(t, f))
        self._actions.append((action, key, label))

    def _custom_pause(self) -> None:
        seconds, ok = QInputDialog.getDouble(self, _tr("Pause"), _tr("Pause length in seconds:"),
                                             1.0, 0.05, 10.0, 2)
        if ok:
            self.tagChosen.emit(f'<break time="{seconds:g}s"/>', TagFamily.BREAK)

    def _refresh_marks(self) -> None:
        for action, key, label in self._actions:
            if self._support is None:
                action.setText(label)
                action.setIcon(QIcon())
                action.setProperty("mark", "")
                action.setToolTip(_tr("Choose an engine to see whether it honours this tag."))
                continue
            support = self._support(key)
            action.setText(label)
            action.setIcon(icon(support_mark(support.support)))
            action.setProperty("mark", support_mark(support.support))
            tip = f"{self._engine_name}: {support_words(support.support)}"
            if support.how:
                tip += f" — {support.how}"
            action.setToolTip(tip)


def _label(d: TagDef) -> str:
    """The tag's English label, capitalised, in the UI language when translated."""
    english = d.english[:1].upper() + d.english[1:]
    return QCoreApplication.translate("TagNames", english)


def _dot(colour: str, size: int = 10) -> QIcon:
    """A small filled circle in the family's chip colour, tying each menu to its chips."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    painter.end()
    return QIcon(pixmap)
