"""Layouts that wrap instead of squeezing: when the window is narrow or the text large (200 %), a
row of controls moves its tail to a new line rather than cutting labels ("Short…auses") or pushing
the window wider than the screen. Qt's box and grid layouts fix their columns, so neither can.

- `FlowGrid`: equal cells, as many per row as fit (a bar of operation buttons).
- `FlowRow`: items at their own widths, wrapped like words; items that expand share each line's
  spare width (a row of labelled combo boxes).

Both report their minimum height as the height their current width needs. Splitters ignore Qt's
height-for-width, so a bar that wrapped to three lines inside one would otherwise be cut to one;
with the minimum raised, the page grows (and the window's page scroller scrolls) instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QSpacerItem,
    QWidget,
    QWidgetItem,
)


class _Flow(QLayout):
    """What both flows share: the item list, height for width, and the minimum that follows it.
    A flow places its items with `_arrange(rect, move=...)` and returns the height they take."""

    _arrange: Callable[..., int]

    def __init__(self, parent: QWidget | None, spacing: int, line_spacing: int) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing, self._line_spacing = spacing, line_spacing
        self._width = 0  # the content width last laid out; the minimum height follows it
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def addWidget(self, widget: QWidget) -> None:  # type: ignore[override]
        self.insertWidget(len(self._items), widget)

    def insertWidget(self, index: int, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        height = self._arrange(rect, move=True)
        if rect.width() != self._width:
            self._width = rect.width()
            if height != rect.height():
                self.invalidate()  # the minimum below changed: the parents lay out again

    def minimumSize(self) -> QSize:
        widest = max((i.sizeHint().width() for i in self._visible()), default=0)
        m = self.contentsMargins()
        width = widest + m.left() + m.right()
        host = self.parentWidget()
        shown = host is not None and host.isVisible()
        # Hidden (a wizard step not on screen), its last width is stale: it asks for one line, and
        # for the lines it needs once it is shown and laid out at its real width.
        height = self.heightForWidth(self._width) if self._width and shown else self.sizeHint().height()
        return QSize(width, height)

    def _visible(self) -> list[QLayoutItem]:
        """Shown widgets, and stretches (which Qt counts as empty)."""
        return [i for i in self._items if i.spacerItem() is not None or not i.isEmpty()]

    def _inner(self, rect: QRect) -> QRect:
        m = self.contentsMargins()
        return rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())

    def _vertical_margins(self) -> int:
        m = self.contentsMargins()
        return m.top() + m.bottom()


class FlowGrid(_Flow):
    """Items in equal-width cells (the widest item's width, stretched to fill each row), wrapped
    into as many rows as the width needs, at most `max_columns` (0: no limit) per row."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4, max_columns: int = 0) -> None:
        super().__init__(parent, spacing, spacing)
        self.max_columns = max_columns

    def sizeHint(self) -> QSize:
        cell = self._cell()
        visible = max(1, len(self._visible()))
        columns = min(visible, self.max_columns or visible)
        rows = -(-visible // columns)
        m = self.contentsMargins()
        return QSize(columns * cell.width() + (columns - 1) * self._spacing + m.left() + m.right(),
                     rows * cell.height() + (rows - 1) * self._line_spacing + self._vertical_margins())

    def columns_for(self, width: int) -> int:
        """How many cells fit in `width` (content width, margins excluded)."""
        cell = self._cell().width()
        fit = max(1, (width + self._spacing) // (cell + self._spacing))
        return min(fit, self.max_columns) if self.max_columns else fit

    def _cell(self) -> QSize:
        hints = [i.sizeHint() for i in self._visible()] or [QSize(0, 0)]
        return QSize(max(h.width() for h in hints), max(h.height() for h in hints))

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        inner = self._inner(rect)
        items = self._visible()
        if not items:
            return self._vertical_margins()
        cell = self._cell()
        columns = min(self.columns_for(inner.width()), len(items))
        width = max(cell.width(), (inner.width() - (columns - 1) * self._spacing) // columns)
        rows = -(-len(items) // columns)
        if move:
            for index, item in enumerate(items):
                row, column = divmod(index, columns)
                item.setGeometry(QRect(inner.x() + column * (width + self._spacing),
                                       inner.y() + row * (cell.height() + self._line_spacing),
                                       width, cell.height()))
        return rows * cell.height() + (rows - 1) * self._line_spacing + self._vertical_margins()


class FlowRow(_Flow):
    """Items left to right at their size hints, wrapped to a new line when the next does not fit;
    on each line the spare width goes to the items whose horizontal policy expands."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 8, line_spacing: int = 6) -> None:
        super().__init__(parent, spacing, line_spacing)

    def addStretch(self) -> None:
        """Room that takes its line's spare width, pushing what follows to the right edge."""
        self.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum))

    def sizeHint(self) -> QSize:
        items = self._visible()
        width = sum(i.sizeHint().width() for i in items) + self._spacing * max(0, len(items) - 1)
        height = max((i.sizeHint().height() for i in items), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + self._vertical_margins())

    def lines(self, width: int) -> list[list[QLayoutItem]]:
        """The items on each line at content width `width`."""
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            w = item.sizeHint().width()
            if lines[-1] and used + self._spacing + w > width:
                lines.append([])
                used = 0
            used += (self._spacing if lines[-1] else 0) + w
            lines[-1].append(item)
        return [line for line in lines if line]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        inner = self._inner(rect)
        y = inner.y()
        lines = self.lines(inner.width())
        for n, line in enumerate(lines):
            height = max(i.sizeHint().height() for i in line)
            if move:
                widths = [i.sizeHint().width() for i in line]
                spare = inner.width() - sum(widths) - self._spacing * (len(line) - 1)
                grow = [k for k, i in enumerate(line) if i.expandingDirections() & Qt.Orientation.Horizontal]
                for k in grow:
                    widths[k] += max(0, spare) // len(grow)
                x = inner.x()
                for item, w in zip(line, widths, strict=True):
                    item.setGeometry(QRect(x, y + (height - item.sizeHint().height()) // 2,
                                           w, item.sizeHint().height()))
                    x += w + self._spacing
            y += height + (self._line_spacing if n < len(lines) - 1 else 0)
        return y - inner.y() + self._vertical_margins()


def keep_together(parent: QWidget, *widgets: QWidget, grow: bool = False, spacing: int = 6) -> QWidget:
    """`widgets` on one line that a FlowRow moves as one (a label and its control); `grow`: the group
    takes a share of its line's spare width, given to the last widget."""
    group = QWidget(parent)
    row = QHBoxLayout(group)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(spacing)
    for n, widget in enumerate(widgets):
        row.addWidget(widget, 1 if n == len(widgets) - 1 else 0)
    horizontal = QSizePolicy.Policy.Expanding if grow else QSizePolicy.Policy.Fixed
    group.setSizePolicy(horizontal, QSizePolicy.Policy.Fixed)
    return group


def labelled(parent: QWidget, text: str, control: QWidget, *, grow: bool = False) -> QWidget:
    """A label naming `control` (its buddy, for the mnemonic and screen readers) kept on one line
    with it, as `keep_together` does."""
    label = QLabel(text, parent)
    label.setBuddy(control)
    return keep_together(parent, label, control, grow=grow)
