"""The Edit page's project list: every edit project in the library, most recently changed first,
with the commands that act on a whole project (new from a file, rename, delete, import, export)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.editing import ProjectInfo
from studio.ui.common.i18n import translate as _tr
from widgets.edit_timeline import format_clock


class ProjectsPanel(QWidget):
    openRequested = Signal(str)
    newRequested = Signal()
    renameRequested = Signal(str, str)  # id, old title (the page asks for the new one)
    deleteRequested = Signal(str, str)  # id, title
    importRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(_tr("Projects"), self)
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        self.new_button = QPushButton(_tr("Open recording…"), self)
        self.new_button.setToolTip(_tr("Start a project from any audio file: the file itself is never "
                                       "changed"))
        self.new_button.clicked.connect(self.newRequested)
        layout.addWidget(self.new_button)
        self.list = QListWidget(self)
        self.list.setAccessibleName(_tr("Edit projects"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemActivated.connect(self._open)
        self.list.itemDoubleClicked.connect(self._open)
        self.list.currentRowChanged.connect(lambda _r: self._sync())
        layout.addWidget(self.list, 1)
        self.empty = QLabel(_tr("No projects yet. Open a recording, or choose Edit on a take."), self)
        self.empty.setWordWrap(True)
        self.empty.setObjectName("hint")
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.open_button = QPushButton(_tr("Open"), self)
        self.open_button.clicked.connect(lambda: self._open(self.list.currentItem()))
        self.rename_button = QPushButton(_tr("Rename"), self)
        self.rename_button.clicked.connect(self._rename)
        self.delete_button = QPushButton(_tr("Delete"), self)
        self.delete_button.clicked.connect(self._delete)
        for b in (self.open_button, self.rename_button, self.delete_button):
            row.addWidget(b)
        layout.addLayout(row)
        self.import_button = QPushButton(_tr("Import project…"), self)
        self.import_button.setToolTip(_tr("Open a shared .stepedit project file"))
        self.import_button.clicked.connect(self.importRequested)
        layout.addWidget(self.import_button)
        self._sync()

    def add_project_buttons(self, *buttons: QWidget) -> None:
        """The page's commands on the open project (export), under the list's own."""
        row = QHBoxLayout()
        for b in buttons:
            b.setParent(self)
            row.addWidget(b)
        self.layout().addLayout(row)  # type: ignore[union-attr]

    def set_projects(self, infos: list[ProjectInfo], open_id: str | None) -> None:
        current = self.current_id()
        self.list.clear()
        for info in infos:
            stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(info.modified))
            item = QListWidgetItem(f"{info.title}\n{format_clock(info.duration)}  ·  {stamp}")
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, info.title)
            item.setToolTip(info.title)
            if info.id == open_id:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
            if info.id == (current or open_id):
                self.list.setCurrentItem(item)
        self.empty.setVisible(not infos)
        self._sync()

    def set_enabled_library(self, enabled: bool, why: str = "") -> None:
        for widget in (self.new_button, self.import_button, self.list):
            widget.setEnabled(enabled)
            widget.setToolTip(why if not enabled else widget.toolTip())
        self._sync()

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _sync(self) -> None:
        has = self.list.isEnabled() and self.list.currentItem() is not None
        for b in (self.open_button, self.rename_button, self.delete_button):
            b.setEnabled(has)

    def _open(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.openRequested.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def _rename(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.renameRequested.emit(str(item.data(Qt.ItemDataRole.UserRole)),
                                      str(item.data(Qt.ItemDataRole.UserRole + 1)))

    def _delete(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.deleteRequested.emit(str(item.data(Qt.ItemDataRole.UserRole)),
                                      str(item.data(Qt.ItemDataRole.UserRole + 1)))
