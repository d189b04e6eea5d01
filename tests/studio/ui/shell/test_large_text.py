"""Text at 200 % cuts nothing: on a Full HD screen every label, button and combo box of every
workspace is shown whole without scrolling, in English and Chinese; on a 1280 x 800 screen the page
scrolls instead of cutting; at 100 % a 1280 x 800 window needs no scrolling at all."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QWidget,
)
from ui_fakes import Device, FakePlayer, registry

from studio.settings import SettingsStore
from studio.ui.common.theme import apply_theme
from studio.ui.shell.app import install_translations
from studio.ui.shell.main_window import MainWindow

PAGES = ("speak", "clone", "edit", "chat")


def cut_short(widget: QWidget, within: QWidget, every_entry: Collection[QWidget] = ()) -> str | None:
    """Why `widget`'s text is not shown whole, or None. Clipping by `within` (the page scroller's
    content) does not count: scrolling reaches it. Combo boxes in `every_entry` must fit all their
    entries, the others the one shown."""
    if isinstance(widget, QLabel) and (widget.wordWrap() or not widget.text()):
        return None  # wrapped labels take the height they need
    if isinstance(widget, QComboBox):
        option = QStyleOptionComboBox()
        widget.initStyleOption(option)
        field = widget.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                              QStyle.SubControl.SC_ComboBoxEditField, widget)
        icon = widget.itemIcon(widget.currentIndex())
        # The entry shown; for the studio's own lists (not names users give), any entry chosen.
        every = widget in every_entry and widget.count() > 0
        entries = range(widget.count()) if every else [widget.currentIndex()]
        text = max((widget.itemText(i) for i in entries), key=widget.fontMetrics().horizontalAdvance)
        need = widget.fontMetrics().horizontalAdvance(text)
        need += 0 if icon.isNull() else widget.iconSize().width() + 4
        if field.width() < need:
            return f"its field is {field.width()} px for {need} px of {text!r}"
    elif isinstance(widget, (QAbstractButton, QLabel)):
        hint = widget.sizeHint()
        if widget.width() < hint.width() - 1 or widget.height() < hint.height() - 1:
            return f"{widget.width()}x{widget.height()} for {hint.width()}x{hint.height()}"
    else:
        return None
    rect, node = widget.rect(), widget
    while node is not within and node.parentWidget() is not None:
        rect = rect.translated(node.pos()).intersected(node.parentWidget().rect())
        node = node.parentWidget()
    if rect.width() < widget.width() - 1 or rect.height() < widget.height() - 1:
        return f"only {rect.width()}x{rect.height()} of {widget.width()}x{widget.height()} is inside"
    return None


def _text(widget: QWidget) -> str:
    return widget.currentText() if isinstance(widget, QComboBox) else str(getattr(widget, "text", str)())


@pytest.fixture
def at_scale(request: Any) -> Iterator[None]:
    """The application's font scaled (as a system font setting would), the theme re-applied."""
    scale, language = request.param
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = app.font()
    bigger = app.font()
    bigger.setPointSizeF(font.pointSizeF() * scale)
    app.setFont(bigger)
    apply_theme(app, "light")
    translators = install_translations(app, language) if language != "en" else []
    try:
        yield
    finally:
        for t in translators:
            app.removeTranslator(t)
        app.setFont(font)
        apply_theme(app, "light")


def _shown(qtbot: Any, home: Path, width: int, height: int) -> MainWindow:
    window = MainWindow(SettingsStore(home / "config" / "settings.json"), registry_factory=registry,
                        devices_probe=lambda: ([Device(1, "Speakers", True)], None),
                        player_factory=lambda index: FakePlayer(index))
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.speak.backend is not None, timeout=10_000)
    return window


def _problems(qtbot: Any, window: MainWindow) -> tuple[list[str], dict[str, tuple[bool, bool]]]:
    cut, scrolls = [], {}
    controls = window.chat.controls
    fixed = {controls.language_combo, controls.vad_combo, controls.echo_combo}  # the studio's own lists
    for key in PAGES:
        window.show_workspace(key)
        qtbot.wait(50)  # wrapped rows settle their height in a second layout pass
        for widget in window.findChildren(QWidget):
            if not widget.isVisibleTo(window) or isinstance(widget.parent(), QTabBar):
                continue
            why = cut_short(widget, window.stack, fixed)
            if why:
                cut.append(f"{key}: {type(widget).__name__} {_text(widget)!r}: {why}")
        scroller = window.page_scroller
        scrolls[key] = (scroller.horizontalScrollBar().isVisible(), scroller.verticalScrollBar().isVisible())
    return cut, scrolls


@pytest.mark.parametrize("at_scale", [(2.0, "en"), (2.0, "zh_CN")], indirect=True,
                         ids=["200%-en", "200%-zh_CN"])
def test_200_percent_text_fits_a_full_hd_screen_whole(qtbot: Any, studio_home: Path, at_scale: None) -> None:
    window = _shown(qtbot, studio_home, 1920, 1050)
    cut, scrolls = _problems(qtbot, window)
    assert not cut, "\n".join(cut)
    assert scrolls == {key: (False, False) for key in PAGES}


@pytest.mark.parametrize("at_scale", [(2.0, "en")], indirect=True, ids=["200%-en"])
def test_200_percent_text_on_a_small_screen_scrolls_instead_of_cutting(
        qtbot: Any, studio_home: Path, at_scale: None) -> None:
    window = _shown(qtbot, studio_home, 1280, 800)
    cut, scrolls = _problems(qtbot, window)
    assert not cut, "\n".join(cut)
    assert any(h or v for h, v in scrolls.values())  # at least one page is larger than the window


@pytest.mark.parametrize("at_scale", [(1.0, "en"), (1.0, "zh_CN")], indirect=True, ids=["en", "zh_CN"])
def test_normal_text_fits_a_1280_by_800_window_without_scrolling(
        qtbot: Any, studio_home: Path, at_scale: None) -> None:
    window = _shown(qtbot, studio_home, 1280, 800)
    cut, scrolls = _problems(qtbot, window)
    assert not cut, "\n".join(cut)
    assert scrolls == {key: (False, False) for key in PAGES}
