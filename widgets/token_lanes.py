"""The audio-token lanes under a waveform: vq02 above vq06, every token a cell at its time.

Why a pyqtgraph item that paints itself: the lanes share the waveform's time axis (the row is
X-linked to it, so zooming and scrolling move both), and a 10-minute take has 25,000 cells; the
item paints only the cells in view, found by bisection (`studio.timeline.tokens.Lane.visible`);
cells narrower than a few pixels become one colour per pixel column, made with numpy and drawn as
one image, so a repaint costs the width of the window, not the length of the take. A code's
colour comes from the code itself, so a code that repeats is the same colour wherever it is; its
number is written in the cell once the cell is wide enough to hold it, and on hover.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QFontMetricsF, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QToolTip

LANE_HEIGHT = 18  # pixels per lane: five lanes under a waveform still leave it room
_GOLDEN = 0.618033988749895


class Lane(Protocol):
    """One codebook's cells in time order (studio.timeline.tokens.Lane)."""

    name: str
    starts: np.ndarray
    ends: np.ndarray
    codes: np.ndarray

    def __len__(self) -> int: ...

    def visible(self, start: float, end: float) -> slice: ...


class TokenTimeline(Protocol):
    """Both lanes of a take (studio.timeline.tokens.TokenTimeline); widgets sit below the core."""

    @property
    def duration(self) -> float: ...

    def __len__(self) -> int: ...

    def lane(self, name: str) -> Lane: ...


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files every `_tr` string under ""


def code_colours(count: int) -> list[QColor]:
    """One colour per code: hues spread by the golden ratio, so neighbouring codes differ, and
    three lightnesses and two saturations: 1,543 distinct colours for the 4096 vq06 codes (hue
    alone gave 636). Light enough for the numbers, drawn dark, on either theme."""
    return [QColor.fromHslF((k * _GOLDEN) % 1.0, (0.45, 0.7)[(k // 3) % 2], (0.55, 0.64, 0.73)[(k // 7) % 3])
            for k in range(count)]


_COLOURS = {"vq02": code_colours(1024), "vq06": code_colours(4096)}
_ARGB = {name: np.array([c.rgba() for c in colours], dtype=np.uint32) for name, colours in _COLOURS.items()}
_CHANGED = "#d7263d"
_CHANGED_ARGB = np.uint32(QColor(_CHANGED).rgba())
_RECT_MIN_PX = 4.0  # narrower cells are drawn as pixel columns


def _to_device(item: pg.GraphicsObject, painter: QPainter) -> tuple[float, ...] | None:
    """The view's time range and the view-to-pixel scale and offset (x0, x1, sx, dx, sy, dy),
    with the painter saved and switched to pixels (text and 1-pixel columns are drawn there);
    None when the item is not in a view. The caller restores the painter."""
    vb = item.getViewBox()
    if vb is None:
        return None
    (x0, x1), _ = vb.viewRange()
    transform = painter.transform()
    painter.save()
    painter.resetTransform()
    return x0, x1, transform.m11(), transform.m31(), transform.m22(), transform.m32()


def describe_cell(lane: Lane, k: int) -> str:
    """A cell's hover text: its codebook, code and span."""
    return _tr("{lane} code {code} · {start:.2f}–{end:.2f} s").format(
        lane=lane.name, code=int(lane.codes[k]), start=float(lane.starts[k]), end=float(lane.ends[k]))


def paint_cells(painter: QPainter, lane: Lane, marked: np.ndarray | None, view: tuple[float, float],
                x_map: tuple[float, float], band: tuple[float, float], digits: float) -> None:
    """One lane's cells inside `view` (seconds), mapped to pixels by `x = t * sx + dx`, in the band
    (y, height): a rectangle per cell with its number where it fits, or pixel columns for cells
    narrower than a few pixels; `marked` (over all the lane's cells) tops the changed ones in red.
    Shared by Speak's lanes and the Edit timeline's rows."""
    sx, dx = x_map
    y, height = band
    chosen = lane.visible(*view)
    starts, ends, codes = lane.starts[chosen], lane.ends[chosen], lane.codes[chosen]
    if len(starts) == 0:
        return
    left, right = starts * sx + dx, ends * sx + dx
    if float(np.mean(right - left)) < _RECT_MIN_PX:
        _paint_columns(painter, starts, ends, codes, marked[chosen] if marked is not None else None,
                       lane.name, (sx, dx), (y, height))
        return
    colours = _COLOURS[lane.name]
    changed = QColor(_CHANGED)
    for k in range(len(starts)):
        rect = QRectF(float(left[k]), y, max(1.0, float(right[k] - left[k])), height)
        painter.fillRect(rect, colours[int(codes[k])])
        if marked is not None and marked[chosen.start + k]:
            painter.fillRect(QRectF(rect.left(), y, rect.width(), max(2.0, height * 0.18)), changed)
    painter.setPen(QColor("#111111"))
    written = -np.inf  # numbers never overlap: a cell that starts under the last one's is skipped
    for k in range(len(starts)):
        if right[k] - left[k] >= digits and left[k] >= written - 0.5:
            painter.drawText(QRectF(float(left[k]), y, float(right[k] - left[k]), height),
                             Qt.AlignmentFlag.AlignCenter, str(int(codes[k])))
            written = float(right[k])


def _paint_columns(painter: QPainter, starts: np.ndarray, ends: np.ndarray, codes: np.ndarray,
                   marked: np.ndarray | None, name: str, x_map: tuple[float, float],
                   band: tuple[float, float]) -> None:
    """Cells narrower than a few pixels: one colour per pixel column (the cell under its
    centre), built with numpy and drawn as one image, whatever the number of cells."""
    sx, dx = x_map
    y, height = band
    first, last = int(np.floor(starts[0] * sx + dx)), int(np.ceil(ends[-1] * sx + dx))
    width = max(1, last - first)
    seconds = (first + np.arange(width) + 0.5 - dx) / sx
    k = np.minimum(np.searchsorted(ends, seconds, side="right"), len(ends) - 1)
    inside = (starts[k] <= seconds) & (seconds < ends[k])
    rows = 5 if marked is not None else 1  # the top fifth shows a comparison's changed cells
    argb = np.where(inside, _ARGB[name][codes[k]], 0).astype(np.uint32)
    pixels = np.repeat(argb[None, :], rows, axis=0)
    if marked is not None:
        pixels[0] = np.where(inside & marked[k], _CHANGED_ARGB, pixels[0])
    image = QImage(pixels.tobytes(), width, rows, 4 * width, QImage.Format.Format_ARGB32)
    painter.drawImage(QRectF(first, y, width, height), image)


class TokenLanesItem(pg.GraphicsObject):
    """The two lanes in view coordinates: x in seconds, vq02 in y 1..2, vq06 in y 0..1."""

    chosen = Signal(float, float)  # a clicked cell's span, or the cells a drag ended on (seconds)
    dragged = Signal(float, float)  # the cells a drag covers so far

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptHoverEvents(True)
        self.timeline: TokenTimeline | None = None
        self.marked: dict[str, np.ndarray] | None = None  # cells to outline (a comparison)
        self.note = ""

    def set_timeline(self, timeline: TokenTimeline | None,
                     marked: dict[str, np.ndarray] | None = None) -> None:
        self.prepareGeometryChange()
        self.timeline, self.marked = timeline, marked
        self.update()

    def boundingRect(self) -> QRectF:
        duration = self.timeline.duration if self.timeline is not None else 0.0
        return QRectF(0.0, 0.0, max(duration, 1e-3), 2.0)

    def cell_at(self, seconds: float, y: float) -> tuple[str, int] | None:
        """The lane and cell index under a point in view coordinates, or None."""
        if self.timeline is None or not 0.0 <= y <= 2.0:
            return None
        name = "vq02" if y >= 1.0 else "vq06"
        lane = self.timeline.lane(name)
        k = int(np.searchsorted(lane.ends, seconds, side="right"))
        if k < len(lane) and lane.starts[k] <= seconds:
            return name, k
        return None

    def describe(self, name: str, k: int) -> str:
        assert self.timeline is not None
        return describe_cell(self.timeline.lane(name), k)

    # pyqtgraph delivers its own hover and click events to the item under the pointer, in view
    # coordinates (the item is not transformed): hoverEvent and mouseClickEvent are its names.
    def hoverEvent(self, event: Any) -> None:
        found = None if event.isExit() else self.cell_at(float(event.pos().x()), float(event.pos().y()))
        if found is None:
            QToolTip.hideText()
            return
        QToolTip.showText(event.screenPos().toPoint(), self.describe(*found))

    def mouseClickEvent(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.timeline is None:
            return
        found = self.cell_at(float(event.pos().x()), float(event.pos().y()))
        if found is not None:
            event.accept()
            lane = self.timeline.lane(found[0])
            self.chosen.emit(float(lane.starts[found[1]]), float(lane.ends[found[1]]))

    def mouseDragEvent(self, event: Any) -> None:
        """A drag that starts on a cell selects whole cells of that lane, as far as it goes; one
        that starts elsewhere is left to the view (it scrolls)."""
        press = event.buttonDownPos()
        found = self.cell_at(float(press.x()), float(press.y())) if self.timeline is not None else None
        if event.button() != Qt.MouseButton.LeftButton or found is None or self.timeline is None:
            event.ignore()
            return
        event.accept()
        lane = self.timeline.lane(found[0])
        lo, hi = sorted((float(press.x()), float(event.pos().x())))
        first = min(int(np.searchsorted(lane.ends, lo, side="right")), len(lane) - 1)
        last = max(first, int(np.searchsorted(lane.starts, hi, side="left")) - 1)
        span = float(lane.starts[first]), float(lane.ends[last])
        (self.chosen if event.isFinish() else self.dragged).emit(*span)

    def paint(self, painter: QPainter, *_args: object) -> None:
        mapped = _to_device(self, painter) if self.timeline is not None and len(self.timeline) else None
        if mapped is None:
            return
        x0, x1, sx, dx, sy, dy = mapped
        painter.setPen(Qt.PenStyle.NoPen)
        metrics = QFontMetricsF(painter.font())
        digits = metrics.horizontalAdvance("0000") + 4
        for row, name in ((1.0, "vq02"), (0.0, "vq06")):
            self._paint_lane(painter, self.timeline.lane(name), row, (x0, x1), (sx, dx, sy, dy), digits)
        painter.restore()

    def _paint_lane(self, painter: QPainter, lane: Lane, row: float, view: tuple[float, float],
                    transform: tuple[float, float, float, float], digits: float) -> None:
        sx, dx, sy, dy = transform
        top, bottom = (row + 2.0 - 0.06 - 1.0) * sy + dy, (row + 0.06) * sy + dy
        marked = self.marked.get(lane.name) if self.marked is not None else None
        paint_cells(painter, lane, marked, view, (sx, dx), (min(top, bottom), abs(bottom - top)), digits)


NARROW_CELL_PX = 3.0


def _runs(cells: np.ndarray, starts: np.ndarray, ends: np.ndarray, gap: float) -> list[tuple[int, int]]:
    """(first, last) of each run of consecutive cells that follow one another with less than
    `gap` (a pixel, in seconds) of silence between them."""
    if not len(cells):
        return []
    apart = (np.diff(cells) != 1) | (starts[cells[1:]] - ends[cells[:-1]] >= gap)
    breaks = np.flatnonzero(apart) + 1
    firsts = np.concatenate(([0], breaks))
    lasts = np.concatenate((breaks - 1, [len(cells) - 1]))
    return [(int(cells[a]), int(cells[b])) for a, b in zip(firsts, lasts, strict=True)]


class TextLaneItem(pg.GraphicsObject):
    """Text above the token lanes (y row..row+1): the pieces the engine spoke, or the words Whisper
    heard, each at its time, elided to its cell; whole on hover; a click selects and plays it."""

    chosen = Signal(float, float)

    def __init__(self, row: float) -> None:
        super().__init__()
        self.row = row
        self.spans: list[tuple[float, float, str]] = []
        self._starts, self._ends = np.zeros(0), np.zeros(0)
        self.setAcceptHoverEvents(True)

    def set_spans(self, spans: list[tuple[float, float, str]]) -> None:
        self.prepareGeometryChange()
        self.spans = list(spans)
        self._starts = np.array([a for a, _b, _t in self.spans], dtype=float)
        self._ends = np.array([b for _a, b, _t in self.spans], dtype=float)
        self.update()

    def boundingRect(self) -> QRectF:
        end = float(self._ends.max()) if len(self._ends) else 0.0
        return QRectF(0.0, self.row, max(end, 1e-3), 1.0)

    def span_at(self, seconds: float, y: float) -> int | None:
        if not self.row <= y <= self.row + 1.0:
            return None
        k = int(np.searchsorted(self._ends, seconds, side="right"))
        return k if k < len(self.spans) and self._starts[k] <= seconds else None

    def paint(self, painter: QPainter, *_args: object) -> None:
        mapped = _to_device(self, painter) if self.spans else None
        if mapped is None:
            return
        x0, x1, sx, dx, sy, dy = mapped
        top, bottom = (self.row + 0.94) * sy + dy, (self.row + 0.06) * sy + dy
        y, height = min(top, bottom), abs(bottom - top)
        fill = QColor(128, 128, 128, 60)
        ink = QApplication.palette().color(QPalette.ColorRole.WindowText)  # follows the theme
        metrics = QFontMetrics(painter.font())
        least = metrics.horizontalAdvance("…")  # a cell narrower than this shows no text at all
        shown_cells = np.flatnonzero((self._ends > x0) & (self._starts < x1))
        # A cell is drawn a pixel in from each side, so one under NARROW_CELL_PX wide shows as
        # nothing of its own: a run of them (a whole take's phonemes seen at once, thousands of
        # cells) is one band, measured and drawn at once instead of cell by cell in Python, which
        # held the GUI thread for 100 ms a paint at the end of a long take (bench/gui_stall.py).
        narrow = np.abs(self._ends[shown_cells] - self._starts[shown_cells]) * abs(sx) < NARROW_CELL_PX
        for first, last in _runs(shown_cells[narrow], self._starts, self._ends, 1.0 / max(abs(sx), 1e-9)):
            painter.fillRect(QRectF(self._starts[first] * sx + dx, y,
                                    (self._ends[last] - self._starts[first]) * sx, height), fill)
        for k in shown_cells[~narrow]:
            start, end, text = self.spans[int(k)]
            rect = QRectF(start * sx + dx, y, (end - start) * sx, height)
            painter.fillRect(rect.adjusted(1.0, 0.0, -1.0, 0.0), fill)
            # The text starts where the cell comes into view: a sentence begun off to the left
            # still shows its words.
            left, right = max(rect.left(), x0 * sx + dx), min(rect.right(), x1 * sx + dx)
            pad = 4.0 if right - left > 24 else 1.0  # a phoneme's cell is narrow: its symbol still fits
            room = int(right - left - 2 * pad)
            if room < least:
                continue  # measured before measuring text: a whole take's phonemes are thousands of
                # sub-pixel cells, and eliding each one held the GUI thread up to 200 ms a paint
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, room))
            if metrics.horizontalAdvance(shown) > room:
                continue  # not even an ellipsis fits: the cell stays blank rather than show half a glyph
            painter.setPen(ink)
            painter.drawText(QRectF(left + pad, y, max(0.0, right - left - 2 * pad), height),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown)
        painter.restore()

    def hoverEvent(self, event: Any) -> None:
        k = None if event.isExit() else self.span_at(float(event.pos().x()), float(event.pos().y()))
        if k is None:
            QToolTip.hideText()
            return
        start, end, text = self.spans[k]
        QToolTip.showText(event.screenPos().toPoint(), f"{start:.2f}–{end:.2f} s · {text}")

    def mouseClickEvent(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        k = self.span_at(float(event.pos().x()), float(event.pos().y()))
        if k is not None:
            event.accept()
            self.chosen.emit(self.spans[k][0], self.spans[k][1])


class TokenLanes(pg.PlotItem):
    """A plot row for the take's text, its words, its phonemes and its two token lanes, X-linked to
    a waveform plot; says why the word, phoneme and token lanes are empty when they are."""

    spanChosen = Signal(float, float)  # a clicked cell, or the cells a drag ended on (seconds)
    spanDragged = Signal(float, float)  # the cells a drag covers so far

    def __init__(self, link: pg.PlotItem, *, text_rows: bool = True) -> None:
        """`text_rows`: the text and words lanes above the tokens (a take); without them, the two
        token lanes alone (a clip that has no text of its own, like a reference being checked)."""
        super().__init__()
        self.setMenuEnabled(False)
        self.hideButtons()
        self.setMouseEnabled(x=True, y=False)
        self.getViewBox().setDefaultPadding(0.0)
        rows = 5 if text_rows else 2
        self.setYRange(0.0, float(rows), padding=0.0)
        self.hideAxis("bottom")
        left = self.getAxis("left")
        left.setWidth(44)
        # "IPA": the phonemes lane, in the International Phonetic Alphabet (espeak's), short enough
        # for the axis the waveform's plots share.
        ticks = [(4.5, _tr("text")), (3.5, _tr("words")), (2.5, _tr("IPA")), (1.5, "vq02"), (0.5, "vq06")]
        left.setTicks([ticks[-rows:]])
        self.setXLink(link)
        self.setFixedHeight(rows * LANE_HEIGHT + 6)
        self.text, _ = self._text_lane(4.0)
        self.words, self.words_message = self._text_lane(3.0)
        self.phonemes, self.phonemes_message = self._text_lane(2.0)
        self.item = TokenLanesItem()
        self.item.chosen.connect(self.spanChosen)
        self.item.dragged.connect(self.spanDragged)
        self.addItem(self.item)
        self.message = pg.TextItem("", color=(128, 128, 128), anchor=(0.0, 0.5))  # reads on both themes
        self.addItem(self.message, ignoreBounds=True)
        self.message.setPos(0.0, 1.0)
        # The notes start at the left edge of what is in view, wherever the view is scrolled or zoomed.
        self.getViewBox().sigXRangeChanged.connect(lambda *_a: self._place_notes())

    def _place_notes(self) -> None:
        (x0, _x1), _ = self.getViewBox().viewRange()
        for note, y in ((self.message, 1.0), (self.words_message, self.words.row + 0.5),
                        (self.phonemes_message, self.phonemes.row + 0.5)):
            note.setPos(max(0.0, x0), y)

    def _text_lane(self, row: float) -> tuple[TextLaneItem, pg.TextItem]:
        """A lane of timed text at `row`, and the grey note shown in it while it is empty."""
        lane = TextLaneItem(row)
        lane.chosen.connect(self.spanChosen)
        self.addItem(lane)
        note = pg.TextItem("", color=(128, 128, 128), anchor=(0.0, 0.5))  # reads on both themes
        self.addItem(note, ignoreBounds=True)
        note.setPos(0.0, row + 0.5)
        return lane, note

    def set_timeline(self, timeline: TokenTimeline | None, note: str = "",
                     marked: dict[str, np.ndarray] | None = None) -> None:
        """Show `timeline` (None or empty: show `note` instead, a sentence saying why)."""
        empty = timeline is None or len(timeline) == 0
        self.item.set_timeline(None if empty else timeline, marked)
        self.message.setText(note if empty else "")
        self._place_notes()

    def set_sentences(self, spans: list[tuple[float, float, str]]) -> None:
        """The take's text at the times the engine spoke it ([] clears the lane)."""
        self.text.set_spans(spans)

    def set_words(self, spans: list[tuple[float, float, str]], note: str = "") -> None:
        """Words at their times, or `note` (how to get them, or progress) when there are none."""
        self._set_text_lane(self.words, self.words_message, spans, note)

    def set_phonemes(self, spans: list[tuple[float, float, str]], note: str = "") -> None:
        """Phonemes at their times, or `note` (why there are none) when there are none."""
        self._set_text_lane(self.phonemes, self.phonemes_message, spans, note)

    def _set_text_lane(self, lane: TextLaneItem, message: pg.TextItem,
                       spans: list[tuple[float, float, str]], note: str) -> None:
        lane.set_spans(spans)
        message.setText("" if spans else note)
        self._place_notes()

    def refresh(self) -> None:
        """The timeline grew (a take still streaming): repaint."""
        self.item.set_timeline(self.item.timeline, self.item.marked)


