"""File ▸ Pronunciations…: the words and names the voices should read another way.

A table of entries and one row of fields under it. Choosing an entry fills the fields; Add or
Update checks the fields as a file's entry would be checked and says what is wrong in one sentence.
Under the fields, the current engine says how it treats the chosen kind of reading before the user
relies on it (like tags in the editor). Every change is saved at once; Import merges a shared
dictionary in (its entries win), Export writes this one to a file. Files are read and written off the
GUI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from backends.base import Support
from backends.lexicon import Lexicon, LexiconError, Pronunciation, ReadingKind, check_entry
from studio.library.storage import StorageError
from studio.ui.common.files import with_chosen_suffix
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.labels import LANGUAGE_NAMES, language_names
from studio.ui.common.tasks import Tasks
from studio.ui.speak.pronunciations import Pronunciations
from studio.voices.pronunciations import read_lexicon, write_lexicon
from widgets.flow import FlowRow, labelled
from widgets.icons import marked
from widgets.tag_editor import support_mark, support_words

FILTER = "JSON (*.json)"
LANGUAGES = ("", *(code for code in LANGUAGE_NAMES if "-" not in code))  # a dialect is no lexicon language


def language_name(code: str) -> str:
    return _tr("Any language") if not code else language_names((code,))


def kind_name(kind: ReadingKind) -> str:
    return {ReadingKind.RESPELL: _tr("Respelling"), ReadingKind.IPA: _tr("IPA phonemes"),
            ReadingKind.PINYIN: _tr("Pinyin with tones")}[kind]




class PronunciationDialog(QDialog):
    def __init__(self, pronunciations: Pronunciations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Pronunciations"))
        self._store = pronunciations
        self._files = Tasks(self, 1, "pronunciation-files")
        lay = QVBoxLayout(self)
        intro = QLabel(_tr("Words and names the voices should read another way, in every take and "
                           "script. Changes are saved at once."), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)

        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([_tr("Word"), _tr("Language"), _tr("Kind"), _tr("Reading")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(_tr("Pronunciations"))
        lay.addWidget(self.table, 1)

        self.word = QLineEdit(self)
        self.word.setPlaceholderText(_tr("e.g. Siobhan"))
        self.language = QComboBox(self)
        for code in LANGUAGES:
            self.language.addItem(language_name(code), code)
        self.kind = QComboBox(self)
        for kind in ReadingKind:
            self.kind.addItem(kind_name(kind), kind)
        self.reading = QLineEdit(self)
        fields = FlowRow()
        for text, widget in ((_tr("&Word:"), self.word), (_tr("&Language:"), self.language),
                             (_tr("&Kind:"), self.kind), (_tr("&Reading:"), self.reading)):
            fields.addWidget(labelled(self, text, widget, grow=isinstance(widget, QLineEdit)))
        lay.addLayout(fields)
        self.support = QLabel(self)
        self.support.setWordWrap(True)
        self.support.setProperty("role", "muted")
        lay.addWidget(self.support)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setProperty("state", "bad")
        lay.addWidget(self.problem)

        buttons = FlowRow()
        self.add_button = QPushButton(_tr("&Add or Update"), self)
        self.remove_button = QPushButton(_tr("&Remove"), self)
        self.import_button = QPushButton(_tr("&Import…"), self)
        self.export_button = QPushButton(_tr("&Export…"), self)
        for button in (self.add_button, self.remove_button, self.import_button, self.export_button):
            buttons.addWidget(button)
        lay.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        lay.addWidget(close)

        self.table.itemSelectionChanged.connect(self._chosen)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.add_button.clicked.connect(self.add_or_update)
        self.remove_button.clicked.connect(self.remove)
        self.import_button.clicked.connect(self.choose_import)
        self.export_button.clicked.connect(self.choose_export)
        self.word.returnPressed.connect(self.add_or_update)
        self.reading.returnPressed.connect(self.add_or_update)
        self._fill()
        self._kind_changed()
        self.resize(self.sizeHint().expandedTo(self.minimumSizeHint()) * 1.2)

    # --- table ---------------------------------------------------------------------------------

    def _fill(self, select: Pronunciation | None = None) -> None:
        entries = sorted(self._store.lexicon, key=lambda e: (e.language, e.word.casefold()))
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            cells = (entry.word, language_name(entry.language), kind_name(entry.kind), entry.reading)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, entry)
                self.table.setItem(row, col, item)
            if entry == select:
                self.table.selectRow(row)
        self.remove_button.setEnabled(bool(entries) and self.selected() is not None)
        self.export_button.setEnabled(bool(entries))

    def selected(self) -> Pronunciation | None:
        rows = self.table.selectionModel().selectedRows()
        return self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole) if rows else None

    def _chosen(self) -> None:
        entry = self.selected()
        self.remove_button.setEnabled(entry is not None)
        if entry is None:
            return
        self.word.setText(entry.word)
        self.language.setCurrentIndex(max(0, self.language.findData(entry.language)))
        self.kind.setCurrentIndex(max(0, self.kind.findData(entry.kind)))
        self.reading.setText(entry.reading)
        self.problem.clear()

    def _kind_changed(self) -> None:
        kind: ReadingKind = self.kind.currentData()
        examples = {ReadingKind.RESPELL: _tr("e.g. Shiv-awn"), ReadingKind.IPA: "ʃɪvˈɔːn",
                    ReadingKind.PINYIN: "chong2 qing4"}
        self.reading.setPlaceholderText(examples[kind])
        if self._store.manifest is None:
            self.support.setText("")
            return
        support = self._store.reading_support(kind)
        text = f"{self._store.manifest.name}: {support_words(support.support)}"
        if support.how:
            text += f" — {support.how}"
        self.support.setText(marked(support_mark(support.support), text))
        self.support.setProperty("state", "" if support.support is Support.NATIVE else "approx")

    # --- changes -------------------------------------------------------------------------------

    def add_or_update(self) -> None:
        try:
            entry = check_entry(self.word.text(), self.reading.text(), self.kind.currentData(),
                                self.language.currentData())
            lexicon = Lexicon([*self._store.lexicon, entry])
        except LexiconError as exc:
            self.problem.setText(translate_core(str(exc)))
            return
        self.problem.clear()
        self._store.replace_with(lexicon)
        self._fill(select=entry)

    def remove(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        lexicon = Lexicon(self._store.lexicon)
        lexicon.remove(entry)
        self._store.replace_with(lexicon)
        self._fill()

    def choose_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, _tr("Import Pronunciations"), "", FILTER)
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        """Merge a shared dictionary in (read in the background; its entries win)."""
        self.problem.setText(_tr("Reading {0}…").format(path.name))
        self._files.run(lambda: read_lexicon(path), self._imported, self._file_failed)

    def _imported(self, incoming: Lexicon) -> None:
        try:
            merged = self._store.lexicon.merged(incoming)
        except LexiconError as exc:
            self._file_failed(exc)
            return
        self._store.replace_with(merged)
        self._fill()
        self.problem.setText(_tr("Imported {0} entries.").format(len(incoming)))

    def choose_export(self) -> None:
        name, chosen = QFileDialog.getSaveFileName(self, _tr("Export Pronunciations"), "pronunciations.json",
                                                   FILTER)
        if name:
            self.export_file(with_chosen_suffix(name, chosen, FILTER))

    def export_file(self, path: Path) -> None:
        lexicon = Lexicon(self._store.lexicon)
        saved = _tr("Saved {0}.").format(path.name)
        self._files.run(lambda: write_lexicon(path, lexicon), lambda _: self.problem.setText(saved),
                        self._file_failed)

    def _file_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, (LexiconError, StorageError, OSError)):
            raise exc
        self.problem.setText(translate_core(str(exc)))

    def wait(self) -> None:
        """For tests: until the dialog's own file work is done."""
        self._files.wait()
