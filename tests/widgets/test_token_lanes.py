"""The token lanes row: each cell painted in its code's colour at its time, whether the cells are
wide (one rectangle each) or narrower than a few pixels (one colour per pixel column), and the
changed cells of a comparison marked."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from studio.timeline.tokens import TokenTimeline, compare
from widgets.token_lanes import TokenLanes, _runs, code_colours
from widgets.waveform_view import WaveformView

RATE = 16000


@pytest.fixture
def lanes(qtbot: Any) -> tuple[WaveformView, TokenLanes]:
    view = WaveformView()
    row = TokenLanes(view.wave_plot)
    view.add_row(row)
    view.resize(1000, 420)
    qtbot.addWidget(view)
    view.show()
    view.set_audio(np.zeros(RATE * 30, np.float32), RATE)
    return view, row


def _timeline(groups: int, seed: int = 0) -> tuple[TokenTimeline, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    vq02, vq06 = rng.integers(0, 1024, 2 * groups), rng.integers(0, 4096, 3 * groups)
    return TokenTimeline.from_streams(vq02, vq06), vq02, vq06


def _pixel(view: WaveformView, row: TokenLanes, seconds: float, y: float, qtbot: Any) -> tuple[QColor, float]:
    """The colour on screen at (seconds, y) in the lanes, and the time at that pixel's centre
    (at 1-2 pixels a cell, the pixel shows the cell under its centre, which may be a neighbour)."""
    qtbot.wait(20)
    image = view._graphics.grab().toImage()
    vb = row.getViewBox()
    point = view._graphics.mapFromScene(vb.mapViewToScene(QPointF(seconds, y)))
    centre = vb.mapSceneToView(view._graphics.mapToScene(point) + QPointF(0.5, 0.5))
    return image.pixelColor(point.x(), point.y()), float(centre.x())


def _close(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) <= 3


@pytest.mark.parametrize("span", [2.0, 30.0])  # wide cells (rectangles) and 1-2 px cells (columns)
def test_cells_are_painted_in_their_codes_colours(lanes: tuple[WaveformView, TokenLanes], qtbot: Any,
                                                  span: float) -> None:
    view, row = lanes
    timeline, vq02, vq06 = _timeline(250)  # 30 s
    row.set_timeline(timeline)
    view.wave_plot.setXRange(0.0, span, padding=0)
    colours02, colours06 = code_colours(1024), code_colours(4096)
    for k in (3, 100, 250 if span > 2 else 20):
        if 0.06 * k + 0.03 < span:
            colour, at = _pixel(view, row, 0.06 * k + 0.03, 1.5, qtbot)
            assert _close(colour, colours02[int(vq02[int(at // 0.06)])]), k
    for k in (5, 151, 500 if span > 2 else 40):
        if 0.04 * k + 0.02 < span:
            colour, at = _pixel(view, row, 0.04 * k + 0.02, 0.55, qtbot)
            assert _close(colour, colours06[int(vq06[int(at // 0.04)])]), k


def test_changed_cells_are_marked(lanes: tuple[WaveformView, TokenLanes], qtbot: Any) -> None:
    view, row = lanes
    timeline, vq02, vq06 = _timeline(50, seed=1)
    edited = vq06.copy()
    edited[10] = (edited[10] + 1) % 4096
    result = compare(timeline, TokenTimeline.from_streams(vq02, edited))
    row.set_timeline(timeline, marked=result.a)
    view.wave_plot.setXRange(0.0, 2.0, padding=0)
    top = 0.06 + 0.9 * 0.94  # near the top of the vq06 lane, where the mark is drawn
    assert _close(_pixel(view, row, 0.04 * 10 + 0.02, top, qtbot)[0], QColor("#d7263d"))
    assert not _close(_pixel(view, row, 0.04 * 11 + 0.02, top, qtbot)[0], QColor("#d7263d"))


def test_neighbouring_codes_get_different_colours() -> None:
    colours = code_colours(4096)
    hues = [c.hslHueF() for c in colours]
    assert min(abs(a - b) for a, b in itertools.pairwise(hues)) > 0.1
    assert len({c.rgb() for c in colours}) >= 1500  # hue alone gave 636 distinct colours


def test_an_empty_row_says_why(lanes: tuple[WaveformView, TokenLanes]) -> None:
    _view, row = lanes
    row.set_timeline(None, "No audio tokens: this engine does not make them.")
    assert row.message.textItem.toPlainText().startswith("No audio tokens")
    assert row.item.timeline is None


def test_a_selection_on_the_waveform_covers_the_cells_under_it(lanes: tuple[WaveformView, TokenLanes],
                                                                qtbot: Any) -> None:
    view, row = lanes
    timeline, vq02, _vq06 = _timeline(50, seed=2)
    row.set_timeline(timeline)
    view.wave_plot.setXRange(0.0, 2.0, padding=0)
    colour, at = _pixel(view, row, 0.33, 1.5, qtbot)
    view.set_region(0.3, 0.5)
    selected, _ = _pixel(view, row, 0.33, 1.5, qtbot)
    assert not _close(selected, colour)  # the selection's tint lies over the cells under it
    assert _close(_pixel(view, row, 0.8, 1.5, qtbot)[0], code_colours(1024)[int(vq02[int(0.8 // 0.06)])])
    view.clear_region()
    assert _close(_pixel(view, row, 0.33, 1.5, qtbot)[0], colour)
    assert at == pytest.approx(0.33, abs=0.01)


def test_the_lanes_speak_the_users_language(lanes: tuple[WaveformView, TokenLanes]) -> None:
    """Their strings are looked up where lupdate files them (the shared context): a lookup under
    a context of their own found no translation, and the Chinese window showed English."""
    from PySide6.QtWidgets import QApplication

    from studio.ui.shell.app import install_translations

    _view, row = lanes
    timeline, _vq02, _vq06 = _timeline(10)
    row.set_timeline(timeline)
    app = QApplication.instance()
    installed = install_translations(app, "zh_CN")
    try:
        assert "编码" in row.item.describe("vq06", 0)
    finally:
        for translator in installed:
            app.removeTranslator(translator)
    assert "code" in row.item.describe("vq06", 0)


def test_runs_of_narrow_cells_join_where_nothing_parts_them() -> None:
    starts = np.array([0.0, 0.1, 0.2, 0.5, 0.6, 0.7, 0.8])
    ends = np.array([0.1, 0.2, 0.3, 0.6, 0.7, 0.8, 0.9])
    cells = np.array([0, 1, 2, 3, 5, 6])  # cell 4 is wide (drawn on its own)
    # A pixel is 0.05 s: the silence 0.3-0.5 s parts 2 from 3; the wide cell parts 3 from 5.
    assert _runs(cells, starts, ends, 0.05) == [(0, 2), (3, 3), (5, 6)]
    assert _runs(cells[:0], starts, ends, 0.05) == []


def test_a_whole_long_take_of_phonemes_is_drawn_as_a_band(lanes: tuple[WaveformView, TokenLanes],
                                                           qtbot: Any) -> None:
    """Thousands of sub-pixel cells (a long take's phonemes seen whole) still show as the lane's
    tint (one band, drawn at once), not as nothing."""
    view, row = lanes
    view.set_audio(np.zeros(RATE * 300, np.float32), RATE)
    edges = np.linspace(0.0, 300.0, 6001)
    spans = [(float(a), float(b), "ə") for a, b in itertools.pairwise(edges)]
    row.text.set_spans(spans)
    qtbot.wait(20)
    image = view._graphics.grab().toImage()
    vb = row.getViewBox()
    tinted = 0
    for seconds in (30.0, 150.0, 270.0):
        point = view._graphics.mapFromScene(vb.mapViewToScene(QPointF(seconds, 4.5)))
        empty = view._graphics.mapFromScene(vb.mapViewToScene(QPointF(seconds, 4.03)))  # its edge
        tinted += image.pixelColor(point.x(), point.y()) != image.pixelColor(empty.x(), empty.y())
    assert tinted == 3
