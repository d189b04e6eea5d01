"""The least height a page needs at a width with all its wrapped text whole.

Qt's minimum sizes take a wrapped label (or a wrapping row) at some guessed width, and a splitter
ignores height for width altogether, so at large text a page asked for less than its wrapped lines
need and then squeezed its panels to make room, cutting their last lines. This walks the page's
layouts instead: columns add up, rows and side-by-side panes take their tallest, a stack its shown
page, and a leaf that wraps the height it wraps to at the width it has.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QLayout,
    QLayoutItem,
    QSplitter,
    QStackedLayout,
    QWidget,
    QWidgetItem,
)

_VERTICAL = (QBoxLayout.Direction.TopToBottom, QBoxLayout.Direction.BottomToTop)


def _item_of(widget: QWidget) -> QLayoutItem:
    return widget.layout() if widget.layout() is not None else QWidgetItem(widget)


def _shown(layout: QLayout) -> list[QLayoutItem]:
    items = (layout.itemAt(i) for i in range(layout.count()))
    return [item for item in items if item is not None and not item.isEmpty()]


def least_height(item: QLayoutItem, width: int) -> int:
    """The least height `item` (a layout, or a widget's item) needs at `width`."""
    widget = item.widget()
    floor = item.minimumSize().height()
    if isinstance(widget, QSplitter):
        panes = [widget.widget(i) for i in range(widget.count())]
        needs = [least_height(_item_of(p), p.width() or width) for p in panes if not p.isHidden()]
        if not needs:
            return floor
        if widget.orientation() == Qt.Orientation.Horizontal:
            return max(floor, max(needs))
        return max(floor, sum(needs) + widget.handleWidth() * (len(needs) - 1))
    layout = item.layout() or (widget.layout() if widget is not None else None)
    if layout is None:  # a leaf: a wrapped label needs what it wraps to
        return max(floor, item.heightForWidth(width)) if item.hasHeightForWidth() else floor
    m = layout.contentsMargins()
    inner = width - m.left() - m.right()
    if isinstance(layout, QStackedLayout):
        shown = layout.currentWidget()
        return max(floor, least_height(_item_of(shown), inner) if shown is not None else 0)
    if isinstance(layout, QBoxLayout):
        children = _shown(layout)
        if layout.direction() in _VERTICAL:
            spacing = max(0, layout.spacing()) * max(0, len(children) - 1)
            need = sum(least_height(child, inner) for child in children) + spacing
        else:  # side by side: each at the width it was given
            need = max((least_height(child, child.geometry().width() or inner) for child in children),
                       default=0)
        return max(floor, need + m.top() + m.bottom())
    # Grids, forms and the wrapping rows of widgets.flow: their own minimum (a wrapping row's is
    # already the height its width needs).
    return floor
