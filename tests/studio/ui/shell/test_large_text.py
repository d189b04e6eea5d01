"""Text at 200 % cuts nothing: every page, wizard step and dialog, in English and Chinese, on a
1920 x 1050 window (the workspaces without scrolling) and on a 1280 x 800 one (the workspaces
scroll instead of squeezing); at 100 % a 1280 x 800 window needs no scrolling at all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from ui_walk import clipped, screens

from studio.ui.common.theme import apply_theme
from studio.ui.shell.app import install_translations
from studio.ui.shell.main_window import MainWindow


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


def _settled_bars(qtbot: Any, window: MainWindow) -> tuple[bool, bool]:
    """The page scroller's bars once its layout has stopped changing. A page's size follows what
    its worker threads report (an edit's new state, the words, the token lane) a moment after the
    screen is shown; reading the bars mid-way once showed a horizontal bar that a relayout removed
    within 500 ms. Stable means the same page size and bars over three looks 50 ms apart."""
    bars = (window.page_scroller.horizontalScrollBar(), window.page_scroller.verticalScrollBar())
    looks: list[tuple[Any, ...]] = []
    for _ in range(60):  # at most about 3 s
        QApplication.sendPostedEvents()
        QApplication.processEvents()
        page = window.page_scroller.widget()
        looks.append((page.width(), page.height(), bars[0].isVisible(), bars[1].isVisible()))
        if len(looks) >= 3 and looks[-1] == looks[-2] == looks[-3]:
            break
        qtbot.wait(50)
    return looks[-1][2], looks[-1][3]


def _walk(qtbot: Any, home: Path, size: tuple[int, int]) -> tuple[list[str], dict[str, bool]]:
    """What is cut on each screen, and whether each workspace screen scrolls."""
    cut: list[str] = []
    scrolls: dict[str, bool] = {}
    for name, top in screens(qtbot, home, size):
        if isinstance(top, MainWindow):
            scrolls[name] = any(_settled_bars(qtbot, top))
        cut += [f"{name}: {line}" for line in clipped(top)]
    return cut, scrolls


@pytest.mark.parametrize("at_scale", [(2.0, "en"), (2.0, "zh_CN")], indirect=True,
                         ids=["200%-en", "200%-zh_CN"])
def test_200_percent_text_fits_a_full_hd_window_whole(qtbot: Any, studio_home: Path, at_scale: None) -> None:
    cut, scrolls = _walk(qtbot, studio_home, (1920, 1050))
    assert not cut, "\n".join(cut)
    assert scrolls and not any(scrolls.values()), scrolls


@pytest.mark.parametrize("at_scale", [(2.0, "en")], indirect=True, ids=["200%-en"])
def test_200_percent_text_on_a_small_window_scrolls_instead_of_cutting(
        qtbot: Any, studio_home: Path, at_scale: None) -> None:
    cut, scrolls = _walk(qtbot, studio_home, (1280, 800))
    assert not cut, "\n".join(cut)
    assert any(scrolls.values()), scrolls  # some workspace is larger than the window: it scrolls


@pytest.mark.parametrize("at_scale", [(1.0, "en")], indirect=True, ids=["100%-en"])
def test_normal_text_fits_a_1280_by_800_window_without_scrolling(
        qtbot: Any, studio_home: Path, at_scale: None) -> None:
    _cut, scrolls = _walk(qtbot, studio_home, (1280, 800))  # what is cut: test_glyphs_and_fit
    assert scrolls and not any(scrolls.values()), scrolls
