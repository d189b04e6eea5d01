"""The takes history: newest first, searchable, with favourites, rename, replay and delete.

The widget holds rows in memory and filters them itself, so typing in the search box never touches
the disk; it does not write anything either. It reports what the user asked for through signals
(`renameRequested`, `deleteRequested`, ...) and the page performs the library writes off the GUI
thread. Rows are duck-typed: anything with the attributes of `studio.library.takes.Take` works.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from widgets.icons import icon

IdRole = Qt.ItemDataRole.UserRole + 1
TakeRole = Qt.ItemDataRole.UserRole + 2
SearchRole = Qt.ItemDataRole.UserRole + 3
FavouriteRole = Qt.ItemDataRole.UserRole + 4

STAR_SIZE = 22


def _tr(text: str) -> str:
    # One shared context: pyside6-lupdate (run with `-tr-function-alias tr+=_tr`) files every
    # `_tr` string under the empty context, so the lookup must use it too.
    return QCoreApplication.translate("", text)


def format_duration(seconds: float) -> str:
    seconds = max(0.0, float(seconds))
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def format_time(value: Any) -> str:
    """Creation time as the user reads it: time today, else date and time."""
    if isinstance(value, (int, float)):
        value = _dt.datetime.fromtimestamp(value)
    elif isinstance(value, str):
        try:
            value = _dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, _dt.datetime):
        return ""
    if value.tzinfo is not None:
        value = value.astimezone()
    now = _dt.datetime.now()
    if value.date() == now.date():
        return value.strftime("%H:%M")
    if value.year == now.year:
        return value.strftime("%d %b %H:%M")
    return value.strftime("%Y-%m-%d")


class TakeListModel(QAbstractListModel):
    """Rows of takes; editable titles (the edit becomes a rename request)."""

    renameRequested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._titles: dict[str, str] = {}
        self._favourites: dict[str, bool] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def take_at(self, row: int) -> Any:
        return self._rows[row]

    def set_takes(self, takes: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(takes)
        self._titles = {t.id: t.title for t in self._rows}
        self._favourites = {t.id: bool(t.favourite) for t in self._rows}
        self.endResetModel()

    def prepend(self, take: Any) -> None:
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows.insert(0, take)
        self._titles[take.id] = take.title
        self._favourites[take.id] = bool(take.favourite)
        self.endInsertRows()

    def row_of(self, take_id: str) -> int:
        for i, t in enumerate(self._rows):
            if t.id == take_id:
                return i
        return -1

    def remove(self, take_id: str) -> None:
        row = self.row_of(take_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def set_title(self, take_id: str, title: str) -> None:
        row = self.row_of(take_id)
        if row >= 0:
            self._titles[take_id] = title
            idx = self.index(row)
            self.dataChanged.emit(idx, idx)

    def set_favourite(self, take_id: str, favourite: bool) -> None:
        row = self.row_of(take_id)
        if row >= 0:
            self._favourites[take_id] = favourite
            idx = self.index(row)
            self.dataChanged.emit(idx, idx)

    def title(self, take_id: str) -> str:
        return self._titles.get(take_id, "")

    def is_favourite(self, take_id: str) -> bool:
        return self._favourites.get(take_id, False)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        take = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._titles.get(take.id, take.title)
        if role == IdRole:
            return take.id
        if role == TakeRole:
            return take
        if role == FavouriteRole:
            return self._favourites.get(take.id, False)
        if role == SearchRole:
            return " ".join([self._titles.get(take.id, take.title), take.text, take.engine_id,
                             take.voice_id or ""])
        if role == Qt.ItemDataRole.ToolTipRole:
            return take.text[:400]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self._titles.get(take.id, take.title)}, {format_duration(take.duration)}"
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        title = str(value).strip()
        take = self._rows[index.row()]
        if not title or title == self._titles.get(take.id):
            return False
        self._titles[take.id] = title
        self.dataChanged.emit(index, index)
        self.renameRequested.emit(take.id, title)
        return True

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.isValid() else base


class _FilterModel(QSortFilterProxyModel):
    """Case-insensitive substring search over title, text, engine and voice; favourites filter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.favourites_only = False
        self.needle = ""

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        idx = self.sourceModel().index(row, 0, parent)
        if self.favourites_only and not idx.data(FavouriteRole):
            return False
        if not self.needle:
            return True
        return self.needle in str(idx.data(SearchRole)).casefold()


class TakeDelegate(QStyledItemDelegate):
    """Two-line rows: title and star, then duration · engine / voice · time."""

    favouriteClicked = Signal(QModelIndex)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        h = option.fontMetrics.height()
        return QSize(200, int(h * 2 + 18))

    def _star_rect(self, rect: QRect) -> QRect:
        return QRect(rect.right() - STAR_SIZE - 8, rect.top() + (rect.height() - STAR_SIZE) // 2,
                     STAR_SIZE, STAR_SIZE)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        take = index.data(TakeRole)
        if take is None:
            return super().paint(painter, option, index)
        painter.save()
        pal: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rect = option.rect.adjusted(2, 1, -2, -1)
        if selected:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(rect, 6, 6)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.AlternateBase))
            painter.drawRoundedRect(rect, 6, 6)
        text_colour = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        sub_colour = QColor(text_colour)
        sub_colour.setAlpha(170)
        fm = option.fontMetrics
        inner = rect.adjusted(10, 6, -(STAR_SIZE + 16), -6)
        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(text_colour)
        title = str(index.data(Qt.ItemDataRole.DisplayRole))
        title_rect = QRect(inner.left(), inner.top(), inner.width(), fm.height())
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, inner.width()))
        painter.setFont(option.font)
        painter.setPen(sub_colour)
        meta = getattr(take, "metadata", None) or {}
        voice = meta.get("voice_name") or take.voice_id or _tr("default voice")
        engine = str(meta.get("engine_name") or take.engine_id).split(" (")[0]
        sub = (f"{format_duration(take.duration)}  ·  {engine} / {voice}"
               f"  ·  {format_time(take.created)}")
        sub_rect = QRect(inner.left(), inner.top() + fm.height() + 3, inner.width(), fm.height())
        painter.drawText(sub_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(sub, Qt.TextElideMode.ElideMiddle, inner.width()))
        star = self._star_rect(rect)
        fav = bool(index.data(FavouriteRole))
        side = STAR_SIZE - 4
        icon("star" if fav else "star-outline").paint(
            painter, QRect(star.center().x() - side // 2, star.center().y() - side // 2, side, side))
        painter.restore()

    def editorEvent(self, event: QEvent, model: Any, option: QStyleOptionViewItem,
                    index: QModelIndex | QPersistentModelIndex) -> bool:
        if (event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent)
                and event.button() == Qt.MouseButton.LeftButton
                and self._star_rect(option.rect.adjusted(2, 1, -2, -1)).contains(event.position().toPoint())):
            self.favouriteClicked.emit(QModelIndex(index))
            return True
        return super().editorEvent(event, model, option, index)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: QModelIndex | QPersistentModelIndex) -> None:
        fm = option.fontMetrics
        r = option.rect
        editor.setGeometry(QRect(r.left() + 8, r.top() + 4, r.width() - STAR_SIZE - 24, fm.height() + 8))


class TakeList(QWidget):
    """Search box, favourites filter and the list. Emits requests; the page does the work."""

    currentTakeChanged = Signal(object)  # take or None
    playRequested = Signal(str)
    renameRequested = Signal(str, str)
    deleteRequested = Signal(str)
    favouriteRequested = Signal(str, bool)
    exportRequested = Signal(str)
    editRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TakeListModel(self)
        self._proxy = _FilterModel(self)
        self._proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        top = QHBoxLayout()
        top.setSpacing(4)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_tr("Search takes"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_tr("Search takes"))
        self.search.textChanged.connect(self._on_search)
        top.addWidget(self.search, 1)
        self.favourites_button = QToolButton(self)
        self.favourites_button.setIcon(icon("star"))
        self.favourites_button.setCheckable(True)
        self.favourites_button.setToolTip(_tr("Show favourites only"))
        self.favourites_button.setAccessibleName(_tr("Show favourites only"))
        self.favourites_button.toggled.connect(self._on_favourites_only)
        top.addWidget(self.favourites_button)
        layout.addLayout(top)

        self.view = QListView(self)
        self.view.setModel(self._proxy)
        self.delegate = TakeDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setMouseTracking(True)
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.setAccessibleName(_tr("Takes"))
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.delegate.favouriteClicked.connect(self._on_star)
        self.model.renameRequested.connect(self.renameRequested)
        layout.addWidget(self.view, 1)

        self.empty_label_text = _tr("No takes yet. Each take you generate is kept here.")

        self._act_play = self._action("play", _tr("Play"), "Return", lambda tid: self.playRequested.emit(tid))
        self._act_rename = self._action("rename", _tr("Rename"), "F2", self._rename)
        self._act_fav = self._action("favourite", _tr("Favourite"), "Ctrl+D", self._toggle_favourite)
        self._act_export = self._action("export", _tr("Export…"), "",
                                        lambda tid: self.exportRequested.emit(tid))
        self._act_edit = self._action("edit", _tr("Edit…"), "", lambda tid: self.editRequested.emit(tid))
        self._act_edit.setToolTip(_tr("Open this take in the Edit workspace (the take itself is kept)"))
        self._act_delete = self._action("delete", _tr("Delete"), "Del",
                                        lambda tid: self.deleteRequested.emit(tid))

    def _action(self, name: str, text: str, shortcut: str, slot: Any) -> QAction:
        """A take action; its keys work while the list has focus, and can be changed by the user
        (its object name, `takes.<name>`, is how the studio's keymap finds it). F2 also renames
        through the view's own edit trigger, whatever key Rename has."""
        action = QAction(text, self.view)
        action.setObjectName(f"takes.{name}")
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        self.view.addAction(action)
        action.triggered.connect(lambda: (tid := self.current_id()) and slot(tid))
        return action

    # --- content --------------------------------------------------------------------------------

    def set_takes(self, takes: list[Any]) -> None:
        current = self.current_id()
        self.model.set_takes(takes)
        if current:
            self.select(current)

    def add_take(self, take: Any, select: bool = True) -> None:
        self.model.prepend(take)
        if select:
            self.select(take.id)

    def remove_take(self, take_id: str) -> None:
        self.model.remove(take_id)

    def count(self) -> int:
        return self.model.rowCount()

    def visible_count(self) -> int:
        return self._proxy.rowCount()

    def visible_titles(self) -> list[str]:
        return [str(self._proxy.index(r, 0).data()) for r in range(self._proxy.rowCount())]

    def select(self, take_id: str) -> None:
        row = self.model.row_of(take_id)
        if row < 0:
            return
        idx = self._proxy.mapFromSource(self.model.index(row))
        if idx.isValid():
            self.view.setCurrentIndex(idx)
            self.view.scrollTo(idx)

    def current_id(self) -> str | None:
        idx = self.view.currentIndex()
        return idx.data(IdRole) if idx.isValid() else None

    def current_take(self) -> Any:
        idx = self.view.currentIndex()
        return idx.data(TakeRole) if idx.isValid() else None

    def title_of(self, take_id: str) -> str:
        return self.model.title(take_id)

    def set_favourite(self, take_id: str, favourite: bool) -> None:
        self.model.set_favourite(take_id, favourite)
        self._proxy.invalidate()

    def set_title(self, take_id: str, title: str) -> None:
        self.model.set_title(take_id, title)

    def is_favourite(self, take_id: str) -> bool:
        return self.model.is_favourite(take_id)

    # --- user actions ---------------------------------------------------------------------------

    def _on_search(self, text: str) -> None:
        self._proxy.needle = text.strip().casefold()
        self._proxy.invalidate()

    def _on_favourites_only(self, on: bool) -> None:
        self._proxy.favourites_only = on
        self._proxy.invalidate()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.currentTakeChanged.emit(current.data(TakeRole) if current.isValid() else None)

    def _on_star(self, index: QModelIndex) -> None:
        take_id = index.data(IdRole)
        if take_id:
            self._toggle_favourite(take_id)

    def _toggle_favourite(self, take_id: str) -> None:
        self.favouriteRequested.emit(take_id, not self.model.is_favourite(take_id))

    def _rename(self, take_id: str) -> None:
        idx = self.view.currentIndex()
        if idx.isValid() and idx.data(IdRole) == take_id:
            self.view.edit(idx)

    def _context_menu(self, pos: QPoint) -> None:
        idx = self.view.indexAt(pos)
        if not idx.isValid():
            return
        self.view.setCurrentIndex(idx)
        menu = QMenu(self)
        for action in (self._act_play, self._act_rename, self._act_fav, self._act_export, self._act_edit):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self._act_delete)
        self._act_fav.setText(_tr("Remove from favourites") if self.model.is_favourite(idx.data(IdRole))
                              else _tr("Add to favourites"))
        menu.exec(self.view.viewport().mapToGlobal(pos))
