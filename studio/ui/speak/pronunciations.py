"""The user's pronunciation dictionary in the app: kept in memory for every take, read and written
off the GUI thread, edited in its dialog, and shown in the editor as marked words.

Every change is saved at once (in the background, one write after another in the order made), so
closing the dialog or the app never loses an entry; a file that cannot be read or written gets one
sentence and the dictionary in memory stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from backends.base import Manifest, TagSupport
from backends.lexicon import Lexicon, LexiconError, Pronunciation, ReadingKind
from studio.library.storage import StorageError
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import Tasks
from studio.voices.pronunciations import default_path, read_lexicon, write_lexicon
from widgets.tag_editor import TagEditor


class Pronunciations(QObject):
    """The dictionary every take of the Speak page and its scripts use."""

    changed = Signal()

    def __init__(self, editor: TagEditor, notify: Callable[[str], None], path: Path | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lexicon = Lexicon()
        self.manifest: Manifest | None = None
        self._editor = editor
        self._notify = notify
        self._path = path
        self._io = Tasks(self, 1, "pronunciations")  # one thread: writes land in the order made
        self.loaded = False

    @property
    def path(self) -> Path:
        return self._path if self._path is not None else default_path()

    def load(self) -> None:
        """Read the file in the background; the editor's marks follow when it is in."""
        path = self._path if self._path is not None else default_path(create=False)
        self._io.run(lambda: read_lexicon(path), self._loaded, self._failed)

    def _loaded(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.loaded = True
        self._show()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, (LexiconError, StorageError, OSError)):
            self._notify(_tr("Pronunciations: {0}").format(translate_core(str(exc))))
        else:
            raise exc

    def set_manifest(self, manifest: Manifest) -> None:
        self.manifest = manifest
        self._show()

    def reading_support(self, kind: ReadingKind) -> TagSupport:
        """The current engine's support for a kind of reading, in the UI's language."""
        assert self.manifest is not None  # the editor asks only once an engine is loaded
        support = self.manifest.reading_support(kind)
        return replace(support, how=translate_core(support.how))

    def replace_with(self, lexicon: Lexicon) -> None:
        """Use `lexicon` from now on and save it (in the background, after any earlier save)."""
        self.lexicon = lexicon
        self._show()
        path = self.path
        self._io.run(lambda: write_lexicon(path, lexicon), None, self._failed)
        self.changed.emit()

    def add_shared(self, entries: tuple[Pronunciation, ...]) -> int:
        """Add a bundle's entries for words the dictionary lacks (the user's own readings stay);
        returns how many were added."""
        merged = self.lexicon.with_new_words(entries)
        added = len(merged) - len(self.lexicon)
        if added:
            self.replace_with(merged)
        return added

    def ask_to_share(self, parent: QWidget) -> tuple[Pronunciation, ...]:
        """Whether a bundle being exported should carry the dictionary: asked, since it may hold
        names the user keeps to themselves; nothing is asked when it is empty."""
        if not len(self.lexicon):
            return ()
        answer = QMessageBox.question(parent, _tr("Export"), _tr(
            "Include your {0} pronunciations in the bundle? Whoever imports it gets them too.").format(
            len(self.lexicon)))
        return self.lexicon.entries if answer == QMessageBox.StandardButton.Yes else ()

    def _show(self) -> None:
        self._editor.set_lexicon(self.lexicon, self.reading_support if self.manifest is not None else None)

    def wait(self) -> None:
        """For tests and shutdown: until every read and write has finished."""
        self._io.wait()

