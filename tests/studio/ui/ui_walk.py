"""Walking a shown window: every string a user can see, and every text that does not fit its widget.

Shared by the glyph, text-fit and translation tests (test helpers, never product code).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetrics, Qt, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSlider,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QTextEdit,
    QToolButton,
    QWidget,
)


@dataclass(frozen=True)
class Shown:
    widget: QWidget
    where: str  # "text", "tooltip", "placeholder", "item", "tab", "status", "menu"
    text: str  # plain text (rich text is reduced to what is drawn)

    def describe(self) -> str:
        name = self.widget.objectName() or type(self.widget).__name__
        return f"{type(self.widget).__name__}[{name}] {self.where}: {self.text!r}"


def plain(text: str) -> str:
    """What a rich or plain string draws, as plain text (images dropped)."""
    if Qt.mightBeRichText(text):
        doc = QTextDocument()
        doc.setHtml(text)
        text = doc.toPlainText()
    return text.replace("\ufffc", "").replace("\u2028", "\n")


def _mnemonic_free(text: str) -> str:
    return re.sub(r"&(?!&)", "", text).replace("&&", "&")


def visible(root: QWidget) -> list[QWidget]:
    """`root` and the descendants actually on screen (shown, with their ancestors, and not empty)."""
    out = [root]
    for w in root.findChildren(QWidget):
        if w.isVisible() and w.width() > 0 and w.height() > 0 and not isinstance(w, QMenu):
            out.append(w)
    return out


def _menu_strings(menu: QMenu, owner: QWidget) -> Iterator[Shown]:
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        if action.text():
            yield Shown(owner, "menu", _mnemonic_free(action.text()))
        if action.toolTip() and action.toolTip() != _mnemonic_free(action.text()):
            yield Shown(owner, "menu tooltip", plain(action.toolTip()))
        if action.menu() is not None:
            yield from _menu_strings(action.menu(), owner)


def shown_strings(root: QWidget) -> list[Shown]:
    """Every user-visible string of the shown widgets under `root`, menus included."""
    out: list[Shown] = []
    for w in visible(root):
        if w.toolTip():
            out.append(Shown(w, "tooltip", plain(w.toolTip())))
        if isinstance(w, QLabel) and w.text():
            out.append(Shown(w, "text", plain(w.text())))
        elif isinstance(w, QAbstractButton):
            if w.text():
                out.append(Shown(w, "text", _mnemonic_free(w.text())))
            if isinstance(w, QToolButton) and w.menu() is not None:
                out.extend(_menu_strings(w.menu(), w))
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                if w.itemText(i):
                    out.append(Shown(w, "item", w.itemText(i)))
                tip = w.itemData(i, Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str) and tip:
                    out.append(Shown(w, "item tooltip", plain(tip)))
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                out.append(Shown(w, "tab", _mnemonic_free(w.tabText(i))))
        elif isinstance(w, QLineEdit) and w.placeholderText():
            out.append(Shown(w, "placeholder", w.placeholderText()))
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            if w.placeholderText():
                out.append(Shown(w, "placeholder", w.placeholderText()))
            if isinstance(w, QTextEdit) and w.isReadOnly() and w.toPlainText():
                out.append(Shown(w, "text", w.toPlainText().replace("\ufffc", "")))
        elif isinstance(w, QListWidget):
            for i in range(w.count()):
                item = w.item(i)
                out.append(Shown(w, "item", item.text()))
                if item.toolTip():
                    out.append(Shown(w, "item tooltip", plain(item.toolTip())))
        elif isinstance(w, QGroupBox) and w.title():
            out.append(Shown(w, "text", _mnemonic_free(w.title())))
    if isinstance(root, QMainWindow):
        if root.statusBar().currentMessage():
            out.append(Shown(root, "status", root.statusBar().currentMessage()))
        for action in root.menuBar().actions():
            out.append(Shown(root, "menu", _mnemonic_free(action.text())))
            if action.menu() is not None:
                out.extend(_menu_strings(action.menu(), root))
    if root.windowTitle():
        out.append(Shown(root, "title", root.windowTitle()))
    return [s for s in out if s.text.strip()]


def missing_glyphs(root: QWidget) -> list[str]:
    """Strings with a character no font on this machine can draw (it would show as an empty box)."""
    found = []
    for s in shown_strings(root):
        metrics = QFontMetrics(s.widget.font())
        bad = sorted({c for c in s.text if not c.isspace() and not metrics.inFontUcs4(ord(c))})
        if bad:
            found.append(f"{' '.join(f'U+{ord(c):04X} {c}' for c in bad)} in {s.describe()}")
    return found


def _inside_scroll_area(w: QWidget, root: QWidget) -> bool:
    p = w.parentWidget()
    while p is not None and p is not root:
        if isinstance(p.parentWidget(), QAbstractScrollArea) and p is p.parentWidget().viewport():  # type: ignore[union-attr]
            return True
        p = p.parentWidget()
    return False


def _text_width(w: QWidget, text: str) -> int:
    metrics = w.fontMetrics()
    return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)


def _label_overflow(label: QLabel) -> str | None:
    if label.pixmap() is not None and not label.pixmap().isNull():
        return None
    text = label.text() if label.buddy() is None else _mnemonic_free(label.text())  # "&" is not drawn
    if not text:
        return None
    rect = label.contentsRect()
    margin = label.margin() * 2 + max(label.indent(), 0)
    width, height = rect.width() - margin, rect.height() - label.margin() * 2
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height() + 1:
            return f"needs {need}px of height, has {label.height()}"
        return None
    rich = Qt.mightBeRichText(text) and label.textFormat() != Qt.TextFormat.PlainText
    if rich:
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        need_w = int(doc.idealWidth() + 0.999)
        need_h = int(doc.size().height())
    else:
        need_w = _text_width(label, text)
        need_h = label.fontMetrics().height() * (text.count("\n") + 1)
    if need_w > width + 1:
        return f"needs {need_w}px of width, has {width}"
    if need_h > height + 2:
        return f"needs {need_h}px of height, has {height}"
    return None


def _button_overflow(button: QAbstractButton) -> str | None:
    text = _mnemonic_free(button.text())
    if not text:
        return None
    if isinstance(button, QToolButton) and button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
        return None
    need = _text_width(button, text)
    if not button.icon().isNull():
        need += button.iconSize().width() + 4
    if isinstance(button, (QCheckBox, QRadioButton)):
        style = button.style()
        need += style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + \
            style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing)
    elif isinstance(button, QPushButton):
        need += 8  # the frame and a little padding either side
    else:
        need += 6
    if need > button.width():
        return f"needs {need}px of width, has {button.width()}"
    return None


def _combo_overflow(combo: QComboBox) -> str | None:
    if combo.isEditable() or not combo.currentText():
        return None
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    need = _text_width(combo, combo.currentText())
    if not combo.itemIcon(combo.currentIndex()).isNull():
        need += combo.iconSize().width() + 4
    if need > field.width() + 1:
        return f"shows {combo.currentText()!r} elided: needs {need}px, has {field.width()}"
    return None


def _tab_overflow(bar: QTabBar) -> list[str]:
    out = []
    for i in range(bar.count()):
        need = _text_width(bar, _mnemonic_free(bar.tabText(i))) + 8
        if need > bar.tabRect(i).width():
            out.append(f"tab {bar.tabText(i)!r} needs {need}px, has {bar.tabRect(i).width()}")
    return out


def overlapping(root: QWidget) -> list[str]:
    """Visible sibling controls drawn over each other (a layout squeezed below its minimum size)."""
    found = []
    controls = (QLabel, QAbstractButton, QComboBox, QLineEdit, QSlider)
    shown = [w for w in visible(root) if w is not root and isinstance(w, controls) and not w.isWindow()]
    by_parent: dict[int, list[QWidget]] = {}
    for w in shown:
        by_parent.setdefault(id(w.parentWidget()), []).append(w)
    for siblings in by_parent.values():
        for i, a in enumerate(siblings):
            for b in siblings[i + 1:]:
                overlap = a.geometry().intersected(b.geometry())
                if overlap.width() > 2 and overlap.height() > 2:
                    first = plain(getattr(a, "text", lambda: "")())[:30]
                    second = plain(getattr(b, "text", lambda: "")())[:30]
                    found.append(f"{type(a).__name__} {first!r} and {type(b).__name__} {second!r} overlap "
                                 f"by {overlap.width()}x{overlap.height()}px")
    return found


def clipped(root: QWidget) -> list[str]:
    """Widgets whose text does not fit (cut off or elided), or that stick out of the window."""
    found: list[str] = []
    window_rect = root.rect()
    for w in visible(root):
        if w is root:
            continue
        problem: str | None = None
        if isinstance(w, QLabel):
            problem = _label_overflow(w)
        elif isinstance(w, QAbstractButton):
            problem = _button_overflow(w)
        elif isinstance(w, QComboBox):
            problem = _combo_overflow(w)
        elif isinstance(w, QTabBar):
            problem = "; ".join(_tab_overflow(w)) or None
        if problem is None and not _inside_scroll_area(w, root) and w.window() is root:
            top_left = w.mapTo(root, QPoint(0, 0))
            box = QRect(top_left, w.size())
            if not window_rect.adjusted(-1, -1, 1, 1).contains(box):
                problem = f"sticks out of the window: {box.getRect()} in {window_rect.getRect()}"
        if problem:
            text = getattr(w, "text", lambda: "")()
            found.append(f"{type(w).__name__}[{w.objectName()}] {plain(str(text))[:60]!r}: {problem}")
    return found + overlapping(root)


# --- driving the window through every page and dialog ---------------------------------------------


def screens(qtbot: Any, home: Path, size: tuple[int, int] = (1280, 800)) -> Iterator[tuple[str, QWidget]]:
    """Build the main window with test doubles, but the real engine manifest, device reasons and
    reference check, and yield each page and dialog once it is settled, as (name, top widget)."""
    from ui_fakes import Device, FakeBackend, FakePlayer

    from backends.embedded.edits import with_edits
    from backends.embedded.engine import EmbeddedBackend
    from backends.embedded.manifest import build_manifest
    from backends.registry import EngineEntry, Registry
    from backends.step.manifest import OPTIONS
    from studio.devices.playback import NO_DEVICE
    from studio.devices.recording import NO_INPUT_DEVICE
    from studio.settings import SettingsStore
    from studio.ui.chat.model_dialog import ChatModelDialog
    from studio.ui.chat.services import ChatServices
    from studio.ui.clone.services import CloneServices
    from studio.ui.shell.data_folder_dialog import DataFolderDialog
    from studio.ui.shell.engine_setup_dialog import StepSetupDialog
    from studio.ui.shell.main_window import MainWindow
    from studio.ui.shell.remote_engine_dialog import RemoteEngineDialog
    from studio.ui.speak.sampling_dialog import SamplingDialog
    from widgets.notices import Level

    manifest = with_edits(build_manifest())  # what the engine declares, edits included

    class RealManifestBackend(FakeBackend):
        @property
        def manifest(self) -> Any:
            return manifest

        def options(self) -> dict[str, Any]:
            return OPTIONS

        def voices(self) -> list[Any]:  # the real voices, with their names and descriptions
            return EmbeddedBackend().voices()

    class NoMicChat(ChatServices):
        def input_devices(self) -> tuple[list[Any], str | None]:
            return [], NO_INPUT_DEVICE

        def output_devices(self) -> tuple[list[Any], str | None]:
            return [Device(1, "Speakers", True)], None

    transcript = type("T", (), {"text": "Hello from the reference.", "language": "en"})()
    clone_services = CloneServices(input_devices=lambda: [], transcribe=lambda a, lang: transcript,
                                   input_unavailable_reason=lambda d: NO_INPUT_DEVICE)
    registry = Registry([EngineEntry("embedded", "built-in", RealManifestBackend, None),
                         EngineEntry("broken", "some-plugin", None,
                                     "Engine 'broken' could not be loaded: ImportError: no.")])
    window = MainWindow(SettingsStore(home / "config" / "settings.json"), registry_factory=lambda: registry,
                        devices_probe=lambda: ([], NO_DEVICE), player_factory=lambda i: FakePlayer(i),
                        clone_services=clone_services, chat_services=NoMicChat())
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.speak.backend is not None, timeout=20_000)
    qtbot.waitUntil(lambda: window.clone.library is not None, timeout=20_000)
    try:
        speak = window.speak
        speak.editor.setPlainText("(高兴1)Hello there. (RAP)A second sentence with a [Laughter] in it.")
        speak.notices.show_notice("Ein Fehler.", Level.ERROR, key="walk")  # every notice level drawn
        qtbot.wait(300)
        yield "speak", window
        window.show_workspace("clone")
        qtbot.wait(200)
        yield "clone-library", window
        wizard = window.clone.wizard
        window.clone.new_voice()
        qtbot.wait(300)
        yield "clone-source", window
        wizard.ask_audio_path = lambda: str(PROMPT)  # type: ignore[method-assign]
        wizard.import_button.click()
        qtbot.waitUntil(lambda: wizard.step == 1 and wizard.prepared is not None, timeout=120_000)
        qtbot.wait(200)
        yield "clone-check", window
        wizard.next_button.click()
        qtbot.waitUntil(lambda: bool(wizard.transcript.toPlainText()), timeout=60_000)
        yield "clone-transcript", window
        wizard.next_button.click()
        qtbot.wait(200)
        yield "clone-consent", window
        window.show_workspace("edit")
        edit = window.edit
        qtbot.waitUntil(lambda: edit.projects.new_button.isEnabled(), timeout=20_000)
        yield "edit-empty", window
        edit.open_file(PROMPT)
        qtbot.waitUntil(lambda: edit.doc.state is not None and not edit.doc.busy, timeout=30_000)
        edit.timeline.set_selection(1.0, 2.0, emit=True)
        edit.run_operation("delete")
        qtbot.waitUntil(lambda: not edit.doc.busy and edit.doc.state.current == 1, timeout=30_000)
        edit.timeline.set_selection(0.5, 1.5, emit=True)
        qtbot.wait(200)
        yield "edit", window
        edit.side.setCurrentWidget(edit.instruction)
        qtbot.wait(100)
        yield "edit-instruction", window
        window.show_workspace("chat")
        qtbot.waitUntil(lambda: window.chat.mic_combo.count() > 0, timeout=10_000)
        qtbot.wait(300)
        yield "chat", window
        sampling = SamplingDialog(manifest.name, OPTIONS, {}, None, window)
        sampling.show()
        qtbot.wait(100)
        yield "sampling-dialog", sampling
        sampling.close()
        remote = RemoteEngineDialog([], window, probe=lambda url, key, timeout: [])
        remote.show()
        qtbot.wait(100)
        yield "remote-engine-dialog", remote
        remote.close()
        model = ChatModelDialog(None, lambda config: None, window)
        model.show()
        qtbot.wait(100)
        yield "chat-model-dialog", model
        model.close()
        # The real model-file check (nothing downloaded here) and a fit estimate for 24 GB of RAM.
        step = StepSetupDialog(None, window, gpu_probe=lambda: None, ram_probe=lambda: 24 * 2**30)
        step.show()
        qtbot.waitUntil(lambda: "…" not in step.status.text(), timeout=20_000)
        qtbot.wait(300)
        yield "step-setup-dialog", step
        step.close()
        folder = DataFolderDialog(window)
        folder.show()
        qtbot.wait(300)
        yield "data-folder-dialog", folder
        folder.close()
        from backends.lexicon import Lexicon, check_entry

        window.speak.pronunciations.replace_with(Lexicon([
            check_entry("Siobhan", "Shiv-awn", "respell", "en"), check_entry("Nguyen", "ŋwˈɪən", "ipa", "en"),
            check_entry("重庆", "chong2 qing4", "pinyin")]))
        said = window.open_pronunciation_dialog()
        said.table.selectRow(1)
        said.reading.setText("chong2")
        said.add_button.click()  # a problem line under the fields, as a user sees it
        qtbot.wait(300)
        yield "pronunciation-dialog", said
        said.close()
        script = window.open_script_dialog()
        script.editor.setPlainText("# Chapter One\nAna: (高兴1)Good morning!\nBen: Hi.\n小明：早上好！\n")
        script.lines.table.selectRow(1)
        qtbot.wait(300)
        yield "script-dialog", script
        script.close()
    finally:
        window.close()


PROMPT = Path(__file__).resolve().parents[2] / "data" / "zero_shot_en_prompt.wav"
