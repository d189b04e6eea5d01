"""Audio-token rows for a widget that paints its own time axis (the Edit timeline).

Speak's lanes are pyqtgraph items (`token_lanes.TokenLanes`) because its waveform is a pyqtgraph
plot; the Edit timeline paints everything itself, so it draws its rows with `token_lanes.paint_cells`
(the same colours, numbers, narrow-cell columns and change marks). A row is one codebook of one
version: the version being edited, or, in a comparison, the version it is compared with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter

from widgets.token_lanes import paint_cells

ROW_HEIGHT = 18
LABEL_PAD = 4


@dataclass(frozen=True)
class TokenRow:
    """`label`: shown at the row's left ("vq02", "Original · vq06"); `lane`: its cells (a
    `studio.timeline.tokens.Lane`); `changed`: a mask over the cells that differ from the other
    side of a comparison, or None."""

    label: str
    lane: Any
    changed: np.ndarray | None = None


def cell_at(row: TokenRow, seconds: float) -> int | None:
    """The index of the cell under a time, or None between cells."""
    lane = row.lane
    k = int(np.searchsorted(lane.starts, seconds, side="right")) - 1
    if 0 <= k < len(lane.codes) and lane.starts[k] <= seconds < lane.ends[k]:
        return k
    return None


def rows_height(rows: list[TokenRow], note: str) -> int:
    return ROW_HEIGHT * len(rows) if rows else (ROW_HEIGHT + 4 if note else 0)


def paint_rows(p: QPainter, area: QRectF, rows: list[TokenRow], view: tuple[float, float],
               colours: tuple[QColor, QColor], note: str = "") -> None:
    """Every row's cells inside `view` (seconds across `area`'s width), top to bottom, each labelled
    at its left; `note` in their place when there are none. `colours`: (text, background)."""
    text, base = colours
    line = QColor(text)
    line.setAlpha(60)
    p.setPen(line)
    p.drawLine(area.topLeft(), area.topRight())
    if not rows:
        p.setPen(text)
        p.drawText(area.adjusted(LABEL_PAD, 0, -LABEL_PAD, 0),
                   Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine, note)
        return
    sx = area.width() / max(view[1] - view[0], 1e-9)
    x_map = (sx, area.left() - view[0] * sx)
    metrics = QFontMetricsF(p.font())
    digits = metrics.horizontalAdvance("0000") + 4
    p.save()
    p.setClipRect(area)
    for i, row in enumerate(rows):
        band = (area.top() + i * ROW_HEIGHT + 1, ROW_HEIGHT - 2.0)
        paint_cells(p, row.lane, row.changed, view, x_map, band, digits)
    back = QColor(base)
    back.setAlpha(215)
    for i, row in enumerate(rows):  # labels last, over the cells
        label = QRectF(area.left(), area.top() + i * ROW_HEIGHT,
                       metrics.horizontalAdvance(row.label) + 2 * LABEL_PAD, ROW_HEIGHT)
        p.fillRect(label, back)
        p.setPen(text)
        p.drawText(label, Qt.AlignmentFlag.AlignCenter, row.label)
    p.restore()
