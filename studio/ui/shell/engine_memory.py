"""Memory the loaded engines hold, voice family by family, and giving back what is not used.

Engine ▸ Memory… lists each voice family of the engines that keep such books (the Embedded engine's
`residency`): loaded or not, how much the app grew when it loaded, how long since it last spoke, with an
Unload button; and the setting that unloads families unused for a while (Piper, the default voice,
stays). A minute timer applies that setting. Every look at the books and every unload runs on a
worker: a family may be loading (seconds), and the window must not wait for it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.engines.idle import CHECK_EVERY_S, tend_idle
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.tasks import Tasks
from widgets.sizes import scaled

IDLE_CHOICES = (0, 5, 10, 30, 60)  # minutes; 0: never
FAMILY_NAMES = {"piper": "Piper", "kokoro": "Kokoro", "espeak": "espeak-ng"}


def residencies(engines: Any) -> list[tuple[str, Any]]:
    """(engine id, residency) of every loaded engine that keeps one."""
    if engines is None:
        return []
    found = []
    for engine_id in engines.loaded_ids():
        residency = getattr(engines.backend(engine_id), "residency", None)
        if residency is not None:
            found.append((engine_id, residency))
    return found


def _mb(n: int | None) -> str:
    return "" if n is None else _tr("about {0} MB").format(round(n / 1e6))


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return _tr("{0} min").format(int(seconds // 60)) if seconds >= 60 else _tr("under a minute")


class MemoryDialog(QDialog):
    """The families of the loaded engines; `engines`: the window's EngineManager; `settings_changed`
    is called with the new idle minutes."""

    def __init__(self, engines: Any, minutes: int, settings_changed: Any,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Engine Memory"))
        self.setMinimumWidth(scaled(560))
        self._engines, self._settings_changed = engines, settings_changed
        self._tasks = Tasks(self, 1, "engine-memory")
        self._rows: list[tuple[Any, str]] = []
        layout = QVBoxLayout(self)
        intro = QLabel(_tr("Voices load when a take first needs them and stay in memory. The memory shown "
                           "is how much the app grew when each one loaded, measured on this computer."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([_tr("Voices"), _tr("State"), _tr("Memory"), _tr("Unused for"),
                                              ""])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.empty = QLabel(_tr("No loaded engine keeps voices in memory this way."), self)
        self.empty.setWordWrap(True)
        self.empty.setVisible(False)
        layout.addWidget(self.empty)
        form = QFormLayout()
        self.idle_combo = QComboBox(self)
        for value in IDLE_CHOICES:
            self.idle_combo.addItem(_tr("Never") if value == 0 else _tr("{0} minutes").format(value), value)
        self.idle_combo.setCurrentIndex(max(0, self.idle_combo.findData(minutes)))
        self.idle_combo.currentIndexChanged.connect(lambda _i: self._settings_changed(self.minutes()))
        form.addRow(_tr("Unload voices unused for"), self.idle_combo)
        layout.addLayout(form)
        note = QLabel(_tr("Piper, the default voice, stays loaded so the next take starts at once."), self)
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(2000)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def minutes(self) -> int:
        return int(self.idle_combo.currentData())

    def refresh(self) -> None:
        engines = self._engines

        def work() -> list[tuple[Any, Any]]:
            return [(res, state) for _id, res in residencies(engines) for state in res.states()]

        self._tasks.run(work, self._show, lambda exc: None)

    def _show(self, rows: list[tuple[Any, Any]]) -> None:
        self.table.setRowCount(len(rows))
        self._rows = [(res, state.name) for res, state in rows]
        for i, (res, state) in enumerate(rows):
            status = _tr("Speaking") if state.busy else _tr("Loaded") if state.loaded else _tr("Not loaded")
            idle = _minutes(state.idle) if state.loaded and not state.busy else ""
            memory = _mb(state.grew) if state.loaded else ""
            cells = (FAMILY_NAMES.get(state.name, state.name), status, memory, idle)
            for col, text in enumerate(cells):
                self.table.setItem(i, col, QTableWidgetItem(text))
            button = QPushButton(_tr("Unload"), self.table)
            button.setEnabled(state.loaded and not state.busy)
            why = _tr("Only a loaded voice that is not speaking can be unloaded.")
            button.setToolTip("" if button.isEnabled() else why)
            button.clicked.connect(lambda _c=False, r=res, n=state.name: self.unload(r, n))
            self.table.setCellWidget(i, 4, button)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)

    def unload(self, residency: Any, name: str) -> None:
        self._tasks.run(lambda: residency.unload(name), lambda _ok: self.refresh(), lambda exc: None)

    def done(self, result: int) -> None:
        self._timer.stop()
        super().done(result)


class EngineMemory:
    """Part of MainWindow: Engine ▸ Memory… and the idle-unload timer."""

    def _start_idle_unloading(self) -> None:
        self._idle_timer = QTimer(self)  # type: ignore[arg-type]
        self._idle_timer.setInterval(round(CHECK_EVERY_S * 1000))
        self._idle_timer.timeout.connect(self.unload_idle_voices)
        self._idle_timer.start()

    def unload_idle_voices(self) -> None:
        """Give back idle families' scratch memory, and apply the unload setting (the timer calls
        this every minute)."""
        minutes = self.settings.unload_idle_minutes  # type: ignore[attr-defined]
        engines = self.engines  # type: ignore[attr-defined]
        if engines is None:
            return

        def work() -> list[tuple[str, int | None]]:
            return tend_idle([res for _id, res in residencies(engines)], minutes)

        def done(gone: list[tuple[str, int | None]]) -> None:
            if gone:
                names = ", ".join(FAMILY_NAMES.get(n, n) for n, _ in gone)
                freed = sum(b or 0 for _, b in gone)
                message = _tr("Unloaded {0}: unused for {1} minutes (about {2} MB).").format(
                    names, minutes, round(freed / 1e6))
                self.statusBar().showMessage(message, 8000)  # type: ignore[attr-defined]

        self._tasks.run(work, done, lambda exc: None)  # type: ignore[attr-defined]

    def open_memory_dialog(self) -> MemoryDialog:
        dialog = MemoryDialog(self.engines, self.settings.unload_idle_minutes,  # type: ignore[attr-defined]
                              self._set_idle_minutes, self)  # type: ignore[arg-type]
        dialog.open()
        self.memory_dialog = dialog
        return dialog

    def _set_idle_minutes(self, minutes: int) -> None:
        from dataclasses import replace

        self.settings = replace(self.settings, unload_idle_minutes=minutes)  # type: ignore[attr-defined]
        self._schedule_save()  # type: ignore[attr-defined]
