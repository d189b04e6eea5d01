"""The Edit page's timeline: a waveform drawn from min/max columns, a selection, a playhead and a
lane of words, sharing one time axis that zooms and scrolls.

Why it does not hold samples: an edit project can be two hours long, and drawing it must cost
the width of the window, not the length of the recording. The widget only knows the duration and
asks for what it shows (`viewChanged(start, end, columns)`); the page answers with min/max
columns from the project's overview pyramids (`set_overview`), computed off the GUI thread. Until
the answer arrives the previous columns are stretched to the new view, so zooming never blanks.

Interaction: drag on the waveform selects, a click places the cursor (an empty selection) and
asks to seek; Shift+click extends the selection; the wheel scrolls, Ctrl+wheel zooms around the
pointer; a click on a word selects it, Shift+click extends over words. The lane below the
waveform is where the words of a transcript sit; above it, when asked for, rows of audio tokens
(`token_rows`): a click on a cell selects its span and asks to play it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QScrollBar, QSizePolicy, QToolTip, QVBoxLayout, QWidget

from widgets.timeline_access import describe, format_clock, moved
from widgets.token_lanes import describe_cell
from widgets.token_rows import ROW_HEIGHT, TokenRow, cell_at, paint_rows, rows_height

RULER_HEIGHT = 20
LANE_HEIGHT = 28
MIN_SPAN = 0.02  # seconds: the closest zoom
DRAG_PIXELS = 3  # a press that moves less is a click
_STEPS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def _inferno() -> np.ndarray:
    """256 RGB entries of a perceptual colour map (pyqtgraph's copy of matplotlib's inferno)."""
    import pyqtgraph as pg

    lut = pg.colormap.get("inferno").getLookupTable(0.0, 1.0, 256, alpha=False)
    return np.asarray(lut, dtype=np.uint8)[:, :3]


class _Canvas(QWidget):
    """The drawn part; the timeline owns the state and this paints it."""

    def __init__(self, timeline: EditTimeline) -> None:
        super().__init__(timeline)
        self.t = timeline
        self.setMouseTracking(True)
        self.setMinimumHeight(RULER_HEIGHT + LANE_HEIGHT + 80)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._press: QPointF | None = None
        self._anchor = 0.0
        self._dragging = False

    # --- geometry ---------------------------------------------------------------------------------

    def _body(self) -> QRectF:
        lane = (LANE_HEIGHT if self.t.words_shown else 0) + self._tokens_height()
        return QRectF(0, RULER_HEIGHT, self.width(), max(20, self.height() - RULER_HEIGHT - lane))

    def _tokens_height(self) -> int:
        return rows_height(self.t.token_rows, self.t.token_note)

    def tokens_rect(self) -> QRectF:
        lane = LANE_HEIGHT if self.t.words_shown else 0
        height = self._tokens_height()
        return QRectF(0, self.height() - lane - height, self.width(), height)

    def wave_rect(self) -> QRectF:
        body = self._body()
        if self.t.spectrum_shown:
            body.setHeight(body.height() * 0.55)
        return body

    def spectrum_rect(self) -> QRectF:
        body, wave = self._body(), self.wave_rect()
        return QRectF(0, wave.bottom() + 1, self.width(), max(0.0, body.bottom() - wave.bottom() - 1))

    def lane_rect(self) -> QRectF:
        return QRectF(0, self.height() - LANE_HEIGHT, self.width(), LANE_HEIGHT)

    def x_of(self, seconds: float) -> float:
        a, b = self.t.view
        return (seconds - a) / max(b - a, 1e-9) * self.width()

    def time_at(self, x: float) -> float:
        a, b = self.t.view
        return min(max(a + x / max(self.width(), 1) * (b - a), 0.0), self.t.duration)

    # --- painting ---------------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        pal = self.palette()
        base, text = pal.base().color(), pal.text().color()
        accent = pal.highlight().color()
        p.fillRect(self.rect(), base)
        wave = self.wave_rect()
        if self.t.duration <= 0:
            p.setPen(pal.placeholderText().color())
            p.drawText(wave, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.t.placeholder)
            return
        if self.t.spectrum_shown:
            self._paint_spectrum(p)
        self._paint_selection(p, wave, accent)
        self._paint_wave(p, wave, accent)
        self._paint_ruler(p, text)
        if self.t.words_shown:
            self._paint_words(p, text, accent)
        if self._tokens_height():
            paint_rows(p, self.tokens_rect(), self.t.token_rows, self.t.view, (text, base), self.t.token_note)
        if self.t.playhead is not None:
            x = self.x_of(self.t.playhead)
            p.setPen(QPen(QColor(230, 80, 60), 1.5))
            p.drawLine(QPointF(x, RULER_HEIGHT), QPointF(x, self.height()))

    def _paint_selection(self, p: QPainter, wave: QRectF, accent: QColor) -> None:
        a, b = self.t.selection
        fill = QColor(accent)
        if b > a:
            fill.setAlpha(60)
            x0, x1 = self.x_of(a), self.x_of(b)
            p.fillRect(QRectF(x0, 0, max(1.0, x1 - x0), self.height()), fill)
        else:
            x = self.x_of(a)
            p.setPen(QPen(accent, 1, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, RULER_HEIGHT), QPointF(x, self.height()))

    def _paint_wave(self, p: QPainter, wave: QRectF, accent: QColor) -> None:
        mid, half = wave.center().y(), wave.height() / 2 - 2
        grid = QColor(self.palette().text().color())
        grid.setAlpha(40)
        p.setPen(QPen(grid, 1))
        p.drawLine(QPointF(0, mid), QPointF(self.width(), mid))
        cols = self.t.columns_for_view(self.width())
        if cols is None:
            return
        mins, maxs = cols
        p.setPen(QPen(accent, 1))
        x_end = self.x_of(self.t.duration)
        for x in range(min(len(mins), math.ceil(x_end))):
            lo = mid - float(np.clip(maxs[x], -1, 1)) * half
            hi = mid - float(np.clip(mins[x], -1, 1)) * half
            p.drawLine(QPointF(x + 0.5, lo), QPointF(x + 0.5, max(hi, lo + 1)))

    def _paint_spectrum(self, p: QPainter) -> None:
        area = self.spectrum_rect()
        shown = self.t.spectrum
        if shown is None:
            p.setPen(self.palette().placeholderText().color())
            p.drawText(area, Qt.AlignmentFlag.AlignCenter, self.t.spectrum_hint)
            return
        start, end, image = shown
        x0, x1 = self.x_of(start), self.x_of(end)
        p.drawImage(QRectF(x0, area.top(), x1 - x0, area.height()), image)

    def _paint_ruler(self, p: QPainter, text: QColor) -> None:
        a, b = self.t.view
        fm = QFontMetrics(self.font())
        label_w = fm.horizontalAdvance("0:00:00.00") + 16
        wanted = (b - a) * label_w / max(self.width(), 1)
        step = next((s for s in _STEPS if s >= wanted), _STEPS[-1])
        dim = QColor(text)
        dim.setAlpha(150)
        p.setPen(dim)
        t = math.floor(a / step) * step
        while t <= b:
            x = self.x_of(t)
            if x >= 0:
                p.drawLine(QPointF(x, RULER_HEIGHT - 5), QPointF(x, RULER_HEIGHT))
                p.drawText(QPointF(x + 3, RULER_HEIGHT - 7), format_clock(t, step))
            t += step

    def _paint_words(self, p: QPainter, text: QColor, accent: QColor) -> None:
        lane = self.lane_rect()
        line = QColor(text)
        line.setAlpha(60)
        p.setPen(line)
        p.drawLine(lane.topLeft(), lane.topRight())
        a, b = self.t.view
        sel_a, sel_b = self.t.selection
        fm = QFontMetrics(self.font())
        for start, end, word in self.t.words:
            if end < a or start > b:
                continue
            x0, x1 = self.x_of(start), self.x_of(end)
            box = QRectF(x0, lane.top() + 3, max(2.0, x1 - x0), lane.height() - 6)
            chosen = sel_b > sel_a and start >= sel_a - 1e-6 and end <= sel_b + 1e-6
            fill = QColor(accent)
            fill.setAlpha(110 if chosen else 35)
            p.fillRect(box, fill)
            if box.width() > 12:
                p.setPen(text)
                shown = fm.elidedText(word, Qt.TextElideMode.ElideRight, int(box.width()) - 4)
                p.drawText(box.adjusted(2, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, shown)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.t._view_changed()

    # --- mouse ------------------------------------------------------------------------------------

    def _word_at(self, pos: QPointF) -> int | None:
        if not self.t.words_shown or pos.y() < self.lane_rect().top():
            return None
        t = self.time_at(pos.x())
        for i, (start, end, _w) in enumerate(self.t.words):
            if start <= t <= end:
                return i
        return None

    def _row_cell(self, pos: QPointF) -> tuple[TokenRow, int] | None:
        """The token row and cell under the pointer, if it is over one."""
        area = self.tokens_rect()
        if not self.t.token_rows or not area.top() <= pos.y() < area.bottom():
            return None
        row = self.t.token_rows[min(int((pos.y() - area.top()) // ROW_HEIGHT), len(self.t.token_rows) - 1)]
        k = cell_at(row, self.time_at(pos.x()))
        return None if k is None else (row, k)

    def _cell_at(self, pos: QPointF) -> tuple[float, float] | None:
        """The span of the token cell under the pointer, if it is over one."""
        found = self._row_cell(pos)
        if found is None:
            return None
        lane, k = found[0].lane, found[1]
        return float(lane.starts[k]), float(lane.ends[k])

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.t.duration <= 0:
            return
        pos = event.position()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        word = self._word_at(pos)
        if word is not None:
            self.t.select_word(word, extend=shift)
            return
        cell = self._cell_at(pos)
        if cell is not None:
            self.t.set_selection(*cell, emit=True)
            self.t.cellChosen.emit(*cell)
            return
        t = self.time_at(pos.x())
        a, b = self.t.selection
        if shift:
            far = a if abs(t - b) < abs(t - a) else b
            self.t.set_selection(min(far, t), max(far, t), emit=True)
            return
        self._press, self._anchor, self._dragging = pos, t, False

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            found = self._row_cell(event.position())
            if found is None:
                QToolTip.hideText()
            else:
                row, k = found
                text = describe_cell(row.lane, k)  # "vq06 code 17 · ...", after "Original · vq06" if
                if row.label != row.lane.name:     # the row is the other side of a comparison
                    text = f"{row.label}: {text}"
                QToolTip.showText(event.globalPosition().toPoint(), text, self)
            return
        pos = event.position()
        if not self._dragging and abs(pos.x() - self._press.x()) < DRAG_PIXELS:
            return
        self._dragging = True
        t = self.time_at(pos.x())
        self.t.set_selection(min(self._anchor, t), max(self._anchor, t), emit=True)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            return
        if not self._dragging:
            self.t.set_selection(self._anchor, self._anchor, emit=True)
            self.t.seekRequested.emit(self._anchor)
        self._press, self._dragging = None, False

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Double-click selects between the pauses around the pointer (the page answers)."""
        if event.button() == Qt.MouseButton.LeftButton and self.t.duration > 0:
            self.t.phraseRequested.emit(self.time_at(event.position().x()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows move the cursor (Ctrl: by word, or a second), Shift extends the selection,
        Home and End go to the ends; the screen reader hears the new position."""
        keys = {Qt.Key.Key_Left: "left", Qt.Key.Key_Right: "right", Qt.Key.Key_Home: "home",
                Qt.Key.Key_End: "end"}
        key = keys.get(Qt.Key(event.key()))
        if key is None or self.t.duration <= 0:
            super().keyPressEvent(event)
            return
        mods = event.modifiers()
        self.t.key_move(key, by_word=bool(mods & Qt.KeyboardModifier.ControlModifier),
                        extend=bool(mods & Qt.KeyboardModifier.ShiftModifier))
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.t.duration <= 0:
            return
        delta = event.angleDelta().y() or event.angleDelta().x()
        if not delta:
            return
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.t.zoom(0.8 if delta > 0 else 1.25, self.time_at(event.position().x()))
        else:
            a, b = self.t.view
            self.t.scroll_to(a - (b - a) * 0.1 * (delta / 120))
        event.accept()


class EditTimeline(QWidget):
    """Waveform, selection, playhead and word lane of an edit project; see the module notes."""

    selectionChanged = Signal(float, float)  # start == end: a cursor
    viewChanged = Signal(float, float, int)  # visible start, end (seconds) and columns wanted
    spectrumToggled = Signal(bool)
    seekRequested = Signal(float)
    phraseRequested = Signal(float)  # double-click at this time: select the phrase around it
    cellChosen = Signal(float, float)  # a token cell was clicked: its span (already selected)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.duration = 0.0
        self.view = (0.0, 1.0)
        self.selection = (0.0, 0.0)
        self.playhead: float | None = None
        self._caret = 0.0  # the end of the selection the keys move
        self.words: list[tuple[float, float, str]] = []
        self.words_shown = False
        self.token_rows: list[TokenRow] = []
        self.token_note = ""
        self.placeholder = ""
        self.spectrum_shown = True
        self.spectrum: tuple[float, float, QImage] | None = None
        self.spectrum_hint = ""
        self._lut = _inferno()
        self._cols: tuple[float, float, np.ndarray, np.ndarray] | None = None  # start, end, mins, maxs
        self._word_anchor: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.canvas = _Canvas(self)
        self.scrollbar = QScrollBar(Qt.Orientation.Horizontal, self)
        self.scrollbar.valueChanged.connect(self._on_scrollbar)
        self.scrollbar.setAccessibleName(_tr("Scroll the recording"))
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.scrollbar)
        self.canvas.setAccessibleName(_tr("Waveform"))

    # --- content ----------------------------------------------------------------------------------

    def set_placeholder(self, text: str) -> None:
        self.placeholder = text
        self.canvas.update()

    def set_duration(self, seconds: float, *, keep_view: bool = True) -> None:
        """A new length (after an edit, or a new project): the view and selection stay inside it."""
        whole = self.view[0] <= 0.0 and self.view[1] >= self.duration - 1e-6  # the whole was on show
        self.duration = max(0.0, float(seconds))
        if not keep_view or whole or self.view[1] - self.view[0] <= 0 or self.view[0] >= self.duration:
            self.view = (0.0, max(self.duration, MIN_SPAN))
        else:
            span = min(self.view[1] - self.view[0], max(self.duration, MIN_SPAN))
            start = min(self.view[0], max(0.0, self.duration - span))
            self.view = (start, start + span)
        a, b = self.selection
        self.selection = (min(a, self.duration), min(b, self.duration))
        if self.playhead is not None and self.playhead > self.duration:
            self.playhead = None
        self._describe()
        self._cols = None
        self.spectrum = None
        self._sync_scrollbar()
        self._view_changed()

    def set_overview(self, start: float, end: float, mins: np.ndarray, maxs: np.ndarray) -> None:
        self._cols = (start, end, np.asarray(mins, np.float32), np.asarray(maxs, np.float32))
        self.canvas.update()

    def set_spectrum(self, start: float, end: float, columns: np.ndarray | None, hint: str = "") -> None:
        """Spectrum columns (bins x columns, 0..1, low bins first) for [start, end), or None with a
        hint saying why there is none (the view is too wide)."""
        if columns is None or columns.size == 0:
            self.spectrum, self.spectrum_hint = None, hint
        else:
            rgb = np.ascontiguousarray(self._lut[(np.clip(columns, 0, 1) * 255).astype(np.uint8)][::-1])
            h, w = rgb.shape[:2]
            image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
            self.spectrum = (start, end, image)
        self.canvas.update()

    def show_spectrum(self, shown: bool) -> None:
        if shown != self.spectrum_shown:
            self.spectrum_shown = shown
            self.canvas.update()
            self.spectrumToggled.emit(shown)
            self._view_changed()

    def columns_for_view(self, width: int) -> tuple[np.ndarray, np.ndarray] | None:
        """Columns for the current view: exact when they were asked for it, else resampled."""
        if self._cols is None or width <= 0:
            return None
        a0, b0, mins, maxs = self._cols
        a, b = self.view
        if (a0, b0) == (a, b) and len(mins) == width:
            return mins, maxs
        if len(mins) == 0 or b0 <= a0:
            return None
        # Stretch what we have over the new view until the page answers.
        t = a + (np.arange(width) + 0.5) * (b - a) / width
        idx = ((t - a0) / (b0 - a0) * len(mins)).astype(np.int64)
        inside = (idx >= 0) & (idx < len(mins))
        out_min, out_max = np.zeros(width, np.float32), np.zeros(width, np.float32)
        out_min[inside], out_max[inside] = mins[idx[inside]], maxs[idx[inside]]
        return out_min, out_max

    def set_words(self, words: Sequence[tuple[float, float, str]], shown: bool = True) -> None:
        self.words = [(float(a), float(b), str(w)) for a, b, w in words]
        self.words_shown = shown
        self._word_anchor = None
        self._describe()
        self.canvas.update()

    def set_tokens(self, rows: Sequence[TokenRow], note: str = "") -> None:
        """Rows of audio tokens above the word lane, or a one-line note in their place (what to do
        to see them, or progress); no rows and no note hides the area."""
        self.token_rows = list(rows)
        self.token_note = note
        self.canvas.update()

    def set_playhead(self, seconds: float | None) -> None:
        said_before = None if self.playhead is None else int(self.playhead)
        self.playhead = seconds
        if seconds is not None and not self.view[0] <= seconds <= self.view[1]:
            span = self.view[1] - self.view[0]
            self.scroll_to(seconds - span * 0.1)
        if (None if seconds is None else int(seconds)) != said_before:  # said once a second
            self._describe()
        self.canvas.update()

    def _describe(self) -> None:
        """The position as text, for screen readers (Qt tells them the description changed)."""
        self.canvas.setAccessibleDescription(describe(self.duration, self.selection, self.playhead,
                                                      self.words))

    def key_move(self, key: str, *, by_word: bool = False, extend: bool = False) -> None:
        """Move the cursor as a key asks (see `timeline_access.moved`); with `extend`, the end last
        moved goes and the other stays. Without it, a selection first collapses to the side moved to,
        as in a text editor."""
        a, b = self.selection
        if not extend and b > a and key in ("left", "right"):
            target = a if key == "left" else b
            self._caret = target
        else:
            caret = self._caret if a <= self._caret <= b else b
            target = moved(caret, key, by_word=by_word, duration=self.duration, view=self.view,
                           words=self.words)
            self._caret = target
            if extend:
                anchor = a if caret == b else b
                a, b = sorted((anchor, target))
                self.set_selection(a, b, emit=True)
                self._keep_in_view(target)
                return
        self.set_selection(target, target, emit=True)
        self._keep_in_view(target)

    def _keep_in_view(self, seconds: float) -> None:
        start, end = self.view
        if not start <= seconds <= end:
            span = end - start
            self.scroll_to(seconds - span * (0.9 if seconds > end else 0.1))

    # --- selection --------------------------------------------------------------------------------

    def set_selection(self, start: float, end: float, *, emit: bool = False) -> None:
        start = min(max(0.0, start), self.duration)
        end = min(max(start, end), self.duration)
        self.selection = (start, end)
        self._describe()
        self.canvas.update()
        if emit:
            self.selectionChanged.emit(start, end)

    def has_selection(self) -> bool:
        return self.selection[1] > self.selection[0]

    def select_word(self, index: int, *, extend: bool = False) -> None:
        if not 0 <= index < len(self.words):
            return
        if extend and self._word_anchor is not None:
            i, j = sorted((self._word_anchor, index))
        else:
            i = j = self._word_anchor = index
        self.set_selection(self.words[i][0], self.words[j][1], emit=True)

    def select_all(self) -> None:
        self.set_selection(0.0, self.duration, emit=True)

    # --- view -------------------------------------------------------------------------------------

    def zoom(self, factor: float, centre: float | None = None) -> None:
        a, b = self.view
        span = min(max((b - a) * factor, MIN_SPAN), max(self.duration, MIN_SPAN))
        c = (a + b) / 2 if centre is None else centre
        ratio = 0.5 if b <= a else (c - a) / (b - a)
        self._set_view(c - span * ratio, span)

    def zoom_to_selection(self) -> None:
        a, b = self.selection
        if b - a > 0:
            pad = (b - a) * 0.05
            self._set_view(a - pad, b - a + 2 * pad)

    def fit(self) -> None:
        self._set_view(0.0, max(self.duration, MIN_SPAN))

    def scroll_to(self, start: float) -> None:
        self._set_view(start, self.view[1] - self.view[0])

    def _set_view(self, start: float, span: float) -> None:
        span = min(max(span, MIN_SPAN), max(self.duration, MIN_SPAN))
        start = min(max(0.0, start), max(0.0, self.duration - span))
        if (start, start + span) == self.view:
            return
        self.view = (start, start + span)
        self._sync_scrollbar()
        self.canvas.update()
        self._view_changed()

    def _sync_scrollbar(self) -> None:
        ms_total, ms_span = int(self.duration * 1000), int((self.view[1] - self.view[0]) * 1000)
        self.scrollbar.blockSignals(True)
        self.scrollbar.setRange(0, max(0, ms_total - ms_span))
        self.scrollbar.setPageStep(max(1, ms_span))
        self.scrollbar.setSingleStep(max(1, ms_span // 10))
        self.scrollbar.setValue(int(self.view[0] * 1000))
        self.scrollbar.blockSignals(False)
        self.scrollbar.setVisible(ms_total - ms_span > 1)  # not for a rounding difference

    def _on_scrollbar(self, value: int) -> None:
        self.scroll_to(value / 1000)

    def _view_changed(self) -> None:
        if self.duration > 0:
            self.viewChanged.emit(self.view[0], self.view[1], max(1, self.canvas.width()))

