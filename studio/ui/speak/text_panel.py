"""What the user writes: the tag menus, the editor, and the line under it that counts characters and
says which tags the engine will honour. The draft is debounced here so typing never writes to disk."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from backends.base import Manifest, Support, TagSupport
from backends.tags import ParsedText, Tag
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from widgets.icons import marked
from widgets.tag_editor import TagEditor
from widgets.tag_picker import TagPicker

MAX_TEXT_CHARS = 20_000  # one take; about 20 minutes of speech
DRAFT_DEBOUNCE_MS = 700


class TextPanel(QFrame):
    """The card holding the editor and its summary line, fed by the tag picker the page places
    above it (apart, so the editor alone takes the column's spare height)."""

    draftChanged = Signal(str)  # debounced

    def __init__(self, picker: TagPicker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.manifest: Manifest | None = None
        self.picker = picker
        self.setObjectName("card")
        ev = QVBoxLayout(self)
        ev.setContentsMargins(1, 1, 1, 1)
        ev.setSpacing(0)
        self.editor = TagEditor(self)
        self.editor.setObjectName("tagEditor")
        self.editor.setPlaceholderText(_tr(
            "Type what to say. Add tags from the menus above, e.g. (高兴1)Good morning! [Laughter] "
            "Long texts are spoken sentence by sentence, and you hear the first sentence right away."))
        self.editor.setAccessibleName(_tr("Text to speak"))
        ev.addWidget(self.editor, 1)
        footer = QHBoxLayout()
        footer.setContentsMargins(10, 4, 10, 6)
        self.char_count = QLabel(self)
        self.char_count.setObjectName("charCount")
        self.char_count.setProperty("role", "muted")
        self.tag_summary = QLabel(self)
        self.tag_summary.setWordWrap(True)  # wraps rather than cutting what will not be honoured
        self.tag_summary.setObjectName("tagSummary")
        self.tag_summary.setProperty("role", "muted")
        footer.addWidget(self.tag_summary, 1)
        footer.addWidget(self.char_count)
        ev.addLayout(footer)

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DEBOUNCE_MS)

        self.picker.tagChosen.connect(self.editor.insert_tag)
        self.editor.parsedChanged.connect(self.update_summary)
        self.editor.textChanged.connect(self._draft_timer.start)
        self._draft_timer.timeout.connect(lambda: self.draftChanged.emit(self.editor.toPlainText()))

    def set_manifest(self, manifest: Manifest) -> None:
        """A loaded engine: the editor's marks and the picker's menus follow its manifest."""
        self.manifest = manifest
        self.editor.set_support(self.shown_support, manifest.name)
        self.picker.set_support(self.shown_support, manifest.name)

    def tag_support(self, tag: Tag | str) -> TagSupport:
        """The current engine's support for a tag or manifest key."""
        assert self.manifest is not None
        return self.manifest.tag_support(tag)

    def shown_support(self, tag: Tag | str) -> TagSupport:
        """`tag_support` as shown to the user: the engine's explanation in the UI language."""
        support = self.tag_support(tag)
        return replace(support, how=translate_core(support.how))

    def validate(self, text: str) -> str | None:
        """Why `text` cannot be spoken as one take (a sentence for the user), or None."""
        if not text.strip():
            return _tr("Type the text to speak first.")
        if len(text) > MAX_TEXT_CHARS:
            return _tr("This text has {0} characters; one take holds up to {1} (about 20 minutes of "
                       "speech). Split it into several takes. Your text stays in the editor.").format(
                f"{len(text):,}", f"{MAX_TEXT_CHARS:,}")
        parsed = self.editor.parsed()
        if not parsed.has_speech:
            return _tr("There are only tags here and nothing to say. Write some words after the tags.")
        return None

    def update_summary(self, parsed: ParsedText) -> None:
        text = parsed.source
        spoken = len(parsed.spoken_text.strip())
        too_long = len(text) > MAX_TEXT_CHARS
        count = _tr("{0} characters").format(f"{len(text):,}")
        if parsed.tags:
            count = _tr("{0} characters · {1} spoken").format(f"{len(text):,}", f"{spoken:,}")
        if too_long:
            count += " " + _tr("(limit {0})").format(f"{MAX_TEXT_CHARS:,}")
        self.char_count.setText(count)
        self._set_state(self.char_count, "bad" if too_long else "")

        if self.manifest is None or not parsed.tags:
            n = len(parsed.tags)
            self.tag_summary.setText(_tr("{0} tags").format(n) if n else "")
            self.tag_summary.setToolTip("")
            self._set_state(self.tag_summary, "")
            return
        bad = [t for t in parsed.tags if self.tag_support(t).support is Support.UNSUPPORTED]
        approx = [t for t in parsed.tags if self.tag_support(t).support is Support.APPROXIMATED]
        name = self.manifest.name
        parts: list[str] = []
        if bad:
            shown = ", ".join(t.raw for t in bad[:4]) + ("…" if len(bad) > 4 else "")
            if len(bad) == 1:
                parts.append(_tr("1 tag won't be honoured by {0}: {1}").format(name, shown))
            else:
                parts.append(_tr("{0} tags won't be honoured by {1}: {2}").format(len(bad), name, shown))
        if approx:
            parts.append(_tr("{0} approximated").format(len(approx)))
        if not parts:
            parts.append(_tr("{0} tags, all honoured by {1}").format(len(parsed.tags), name))
        self.tag_summary.setText("  ·  ".join(parts))
        tips = [marked("fail", f"{t.raw}: {self.shown_support(t).how}") for t in bad]
        tips += [marked("approx", f"{t.raw}: {self.shown_support(t).how}") for t in approx]
        self.tag_summary.setToolTip("<br>".join(tips))
        self._set_state(self.tag_summary, "bad" if bad else ("approx" if approx else ""))

    @staticmethod
    def _set_state(label: QLabel, state: str) -> None:
        if label.property("state") != state:
            label.setProperty("state", state)
            label.style().unpolish(label)
            label.style().polish(label)
