"""The text editor for tagged speech: tags drawn as coloured chips, with what the engine will do.

Users of other tools discover only after generating that an engine read a tag aloud or ignored it.
Here every tag is coloured by family the moment it is typed, and underlined when the current
engine cannot honour it (wavy red) or only approximates it (wavy amber); hovering a tag says why,
in the engine's own words from its manifest, together with any grammar problem the parser found.
Words the user's pronunciation dictionary holds are underlined too, and hovering one shows its
reading (and, where the engine cannot read that kind, why).

The whole document is parsed (not block by block) because the grammar is positional: an unknown
`(word)` is a tag only at the very start of the text. Parses are cached by document revision, so
typing re-parses once per keystroke for normal texts; very long texts fall back to a block-local
parse while typing and a debounced full parse shortly after.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from backends.base import Support, TagSupport
from backends.lexicon import Lexicon, Match, ReadingKind
from backends.tags import STATE_FAMILIES, IssueKind, ParsedText, Tag, TagFamily, TagIssue, parse
from widgets.icons import mark_html

SupportFn = Callable[[Tag], TagSupport]
ReadingSupportFn = Callable[[ReadingKind], TagSupport]

# Above this many characters a full parse per keystroke could be felt; debounce it instead.
FULL_PARSE_LIMIT = 20_000

# (light background, light text, dark background, dark text) per family.
FAMILY_COLOURS: dict[TagFamily, tuple[str, str, str, str]] = {
    TagFamily.EMOTION: ("#fde4ef", "#a0134f", "#5b2139", "#ffc4dd"),
    TagFamily.LANGUAGE: ("#e0ecff", "#1d4ed8", "#1f3763", "#bcd4ff"),
    TagFamily.SPEED: ("#d9f4ea", "#0f766e", "#16463f", "#a9efdd"),
    TagFamily.MUSIC: ("#eee5ff", "#6d28d9", "#3b2a68", "#dccbff"),
    TagFamily.PARALINGUISTIC: ("#ffefd6", "#9a4a08", "#553913", "#ffd8a3"),
    TagFamily.BREAK: ("#e9ecef", "#495057", "#3a3f44", "#ced4da"),
    TagFamily.FREE: ("#f1f3f5", "#5c646b", "#34383c", "#adb5bd"),
}
UNSUPPORTED_COLOUR = "#e11d48"
APPROXIMATED_COLOUR = "#d97706"
ISSUE_COLOUR = "#f59e0b"
PRONUNCIATION_COLOURS = {False: "#0e7490", True: "#67e8f9"}  # light, dark theme

_SENTENCE_END = re.compile(r"[。！？!?；;…\n]|\.(?=\s)")


def family_name(family: TagFamily) -> str:
    """The family's name in the user's language (shared by the editor, picker and summaries)."""
    names = {
        TagFamily.EMOTION: QCoreApplication.translate("TagEditor", "emotion"),
        TagFamily.LANGUAGE: QCoreApplication.translate("TagEditor", "language"),
        TagFamily.SPEED: QCoreApplication.translate("TagEditor", "speed"),
        TagFamily.MUSIC: QCoreApplication.translate("TagEditor", "music"),
        TagFamily.PARALINGUISTIC: QCoreApplication.translate("TagEditor", "sound"),
        TagFamily.BREAK: QCoreApplication.translate("TagEditor", "pause"),
        TagFamily.FREE: QCoreApplication.translate("TagEditor", "free-form instruction"),
    }
    return names[family]


def support_mark(support: Support) -> str:
    """The name of the icon (widgets.icons) used everywhere a tag's support is shown."""
    return {Support.NATIVE: "ok", Support.APPROXIMATED: "approx", Support.UNSUPPORTED: "fail"}[support]


def support_words(support: Support) -> str:
    return {
        Support.NATIVE: QCoreApplication.translate("TagEditor", "native"),
        Support.APPROXIMATED: QCoreApplication.translate("TagEditor", "approximated"),
        Support.UNSUPPORTED: QCoreApplication.translate("TagEditor", "not possible"),
    }[support]


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


@dataclass(frozen=True)
class _Span:
    """A formatted range in document coordinates."""

    start: int
    end: int
    fmt: QTextCharFormat


class TagHighlighter(QSyntaxHighlighter):
    """Colours tags by family and underlines what the engine cannot honour or only approximates."""

    def __init__(self, document: QTextDocument, editor: TagEditor) -> None:
        super().__init__(document)
        self._editor = editor

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        start = block.position()
        end = start + len(text)
        parsed, offset = self._editor.parsed_for_block(start, text)
        dark = _is_dark(self._editor.palette())
        for tag in parsed.tags:
            a, b = tag.start + offset, tag.end + offset
            if b <= start or a >= end:
                continue
            fmt = self._editor.format_for_tag(tag, dark)
            self.setFormat(max(a, start) - start, min(b, end) - max(a, start), fmt)
        self._mark_pronunciations(text, start, parsed, offset, dark)
        for issue in parsed.issues:
            if issue.kind is IssueKind.NO_TEXT:
                continue
            a, b = issue.start + offset, issue.end + offset
            if b <= start or a >= end:
                continue
            for pos in range(max(a, start), min(b, end)):
                fmt = self.format(pos - start)
                if fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline:
                    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                    fmt.setUnderlineColor(QColor(ISSUE_COLOUR))
                    self.setFormat(pos - start, 1, fmt)


    def _mark_pronunciations(self, text: str, start: int, parsed: ParsedText, offset: int,
                             dark: bool) -> None:
        """Words the user's dictionary holds: a dashed underline (wavy where the engine cannot read
        that kind), outside tags only."""
        for match in self._editor.lexicon.find(text, None):
            a, b = start + match.start, start + match.end
            if any(t.start + offset < b and a < t.end + offset for t in parsed.tags):
                continue
            support = self._editor.reading_support(match.entry.kind)
            fmt = self.format(match.start)
            if support is not None and support.support is Support.UNSUPPORTED:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(QColor(UNSUPPORTED_COLOUR))
            else:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
                fmt.setUnderlineColor(QColor(PRONUNCIATION_COLOURS[dark]))
            self.setFormat(match.start, match.end - match.start, fmt)


class TagEditor(QPlainTextEdit):
    """QPlainTextEdit that understands the tag grammar.

    `set_support` tells it how the current engine treats each tag; `parsedChanged` fires (after a
    short debounce) with the fresh parse, which the page uses for its counts and summaries.
    """

    parsedChanged = Signal(object)  # ParsedText

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._support: SupportFn | None = None
        self._reading_support: ReadingSupportFn | None = None
        self.lexicon = Lexicon()
        self._engine_name = ""
        self._parsed: ParsedText = parse("")
        self._parsed_revision = -1
        self.setTabChangesFocus(True)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.15)
        self.setFont(font)
        self._highlighter = TagHighlighter(self.document(), self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self._full_reparse)
        self.textChanged.connect(self._debounce.start)

    # --- engine support ------------------------------------------------------------------------

    def set_support(self, support: SupportFn | None, engine_name: str = "") -> None:
        """Use `support(tag)` (normally `manifest.tag_support`) for the marks; None: no engine yet."""
        self._support = support
        self._engine_name = engine_name
        self._highlighter.rehighlight()

    def tag_support(self, tag: Tag) -> TagSupport | None:
        return self._support(tag) if self._support is not None else None

    def set_lexicon(self, lexicon: Lexicon, reading_support: ReadingSupportFn | None = None) -> None:
        """Mark the words `lexicon` holds; `reading_support(kind)` (normally the manifest's) says
        whether the engine reads each kind of reading."""
        self.lexicon = lexicon
        self._reading_support = reading_support
        self._highlighter.rehighlight()

    def reading_support(self, kind: ReadingKind) -> TagSupport | None:
        return self._reading_support(kind) if self._reading_support is not None else None

    def pronunciation_at(self, position: int) -> Match | None:
        for match in self.lexicon.find(self.toPlainText(), None):
            if match.start <= position < match.end:
                return match
        return None

    @property
    def engine_name(self) -> str:
        return self._engine_name

    # --- parsing ------------------------------------------------------------------------------

    def parsed(self) -> ParsedText:
        """The parse of the current text (computed now if the cache is stale).

        Keyed on the text itself: `setPlainText` starts a new document whose revision counter can
        repeat an old value, so the revision alone cannot tell a stale parse.
        """
        revision = self.document().revision()
        text = self.toPlainText()
        if text != self._parsed.source:
            self._parsed = parse(text)
        self._parsed_revision = revision
        return self._parsed

    def parsed_for_block(self, block_start: int, block_text: str) -> tuple[ParsedText, int]:
        """A parse covering this block and the offset to add to its spans.

        Normally the whole-document parse; for very long documents a parse of the block alone
        (shifted by its position) keeps typing fast until the debounced full parse catches up.
        """
        if self.document().characterCount() <= FULL_PARSE_LIMIT:
            return self.parsed(), 0
        if self.document().revision() == self._parsed_revision:
            return self._parsed, 0
        return parse(block_text), block_start

    def _full_reparse(self) -> None:
        stale = self.document().revision() != self._parsed_revision
        parsed = self.parsed()
        if stale and self.document().characterCount() > FULL_PARSE_LIMIT:
            self._highlighter.rehighlight()
        self.parsedChanged.emit(parsed)

    def format_for_tag(self, tag: Tag, dark: bool) -> QTextCharFormat:
        """The chip format for a tag: family colours, plus the engine-support underline."""
        bg_l, fg_l, bg_d, fg_d = FAMILY_COLOURS[tag.family]
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(bg_d if dark else bg_l))
        fmt.setForeground(QColor(fg_d if dark else fg_l))
        if tag.family is TagFamily.FREE:
            fmt.setFontItalic(True)
        else:
            fmt.setFontWeight(QFont.Weight.DemiBold)
        support = self.tag_support(tag)
        if support is not None and support.support is not Support.NATIVE:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            colour = UNSUPPORTED_COLOUR if support.support is Support.UNSUPPORTED else APPROXIMATED_COLOUR
            fmt.setUnderlineColor(QColor(colour))
        return fmt

    # --- lookup at a position -------------------------------------------------------------------

    def tag_at(self, position: int) -> Tag | None:
        for tag in self.parsed().tags:
            if tag.start <= position < tag.end:
                return tag
        return None

    def issues_at(self, position: int) -> list[TagIssue]:
        return [i for i in self.parsed().issues
                if i.kind is not IssueKind.NO_TEXT and i.start <= position < i.end]

    def tooltip_at(self, position: int) -> str:
        """Rich-text tooltip for the tag or issue at a document position ('' when none)."""
        tag = self.tag_at(position)
        issues = self.issues_at(position)
        said = self.pronunciation_at(position) if tag is None else None
        if tag is None and not issues and said is None:
            return ""
        lines: list[str] = []
        if said is not None:
            lines.append(self._pronunciation_tip(said))
        if tag is not None:
            lines.append(f"<b>{_esc(tag.label)}</b> &nbsp;·&nbsp; {_esc(family_name(tag.family))}"
                         f" &nbsp;<code>{_esc(tag.canonical)}</code>")
            support = self.tag_support(tag)
            if support is not None:
                colour = {Support.NATIVE: "#16a34a", Support.APPROXIMATED: APPROXIMATED_COLOUR,
                          Support.UNSUPPORTED: UNSUPPORTED_COLOUR}[support.support]
                lines.append(f"{mark_html(support_mark(support.support))}&nbsp;<span style='color:{colour}'>"
                             f"{_esc(self._engine_name)}: {_esc(support_words(support.support))}</span>"
                             + (f" — {_esc(support.how)}" if support.how else ""))
        for issue in issues:
            lines.append(f"{mark_html('warning')}&nbsp;{_esc(issue.message)}")
        return "<br>".join(lines)

    def _pronunciation_tip(self, match: Match) -> str:
        entry = match.entry
        kind = {ReadingKind.RESPELL: QCoreApplication.translate("TagEditor", "said as"),
                ReadingKind.IPA: QCoreApplication.translate("TagEditor", "IPA"),
                ReadingKind.PINYIN: QCoreApplication.translate("TagEditor", "pinyin")}[entry.kind]
        line = (f"<p style='white-space:pre'><b>{_esc(entry.word)}</b> &nbsp;·&nbsp; {_esc(kind)} "
                f"<code>{_esc(entry.reading)}</code></p>")  # a reading is never broken across lines
        support = self.reading_support(entry.kind)
        if support is not None and support.support is not Support.NATIVE:
            line += (f"<br>{mark_html(support_mark(support.support))}&nbsp;{_esc(self._engine_name)}: "
                     f"{_esc(support_words(support.support))} — {_esc(support.how)}")
        return line

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cursor = self.cursorForPosition(event.pos())
            text = self.tooltip_at(cursor.position())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    # --- inserting tags ------------------------------------------------------------------------

    def sentence_start(self, position: int) -> int:
        """Where the sentence holding `position` starts (after the previous terminator and spaces)."""
        text = self.toPlainText()
        start = 0
        for m in _SENTENCE_END.finditer(text, 0, max(0, position)):
            if m.end() <= position:
                start = m.end()
        while start < position and start < len(text) and text[start] in " \t\u3000":
            start += 1
        return start

    def insert_tag(self, text: str, family: TagFamily) -> None:
        """Insert a canonical tag: state tags at the start of the current sentence (replacing one of
        the same family already there, music first), sounds and pauses at the cursor. One undo step.
        """
        cursor = self.textCursor()
        if family not in STATE_FAMILIES:
            cursor.insertText(text)
            self.setTextCursor(cursor)
            return
        start = self.sentence_start(min(cursor.selectionStart(), cursor.position()))
        edit = QTextCursor(self.document())
        edit.beginEditBlock()
        self._place_state_tag(edit, start, text, family, append=False)
        edit.endEditBlock()
        self.setFocus()

    def _place_state_tag(self, edit: QTextCursor, start: int, text: str, family: TagFamily, *,
                         append: bool) -> None:
        """Put a state tag into the group of tags at `start`: over the one of the same family there,
        else at the group's start (music always, since Step-Audio wants it first) or, with
        `append`, at its end. Part of the caller's edit block."""
        group = self._tag_group_at(start)
        same = next((t for t in group if t.family is family), None)
        if same is not None:
            edit.setPosition(same.start)
            edit.setPosition(same.end, QTextCursor.MoveMode.KeepAnchor)
        elif append and group and family is not TagFamily.MUSIC:
            edit.setPosition(group[-1].end)
        else:
            edit.setPosition(start)
        edit.insertText(text)

    def text_start(self) -> int:
        """Where the text begins (after leading blanks): where a text's own tags stand."""
        text = self.toPlainText()
        return len(text) - len(text.lstrip())

    def leading_tags(self) -> list[Tag]:
        """The tags that open the text, e.g. (高兴1)(快速1) in "(高兴1)(快速1)Hello"."""
        return self._tag_group_at(self.text_start())

    def apply_leading_tags(self, tags: str) -> None:
        """Put `tags` (e.g. a preset's "(高兴1)(快速1)") at the start of the text, each state tag
        replacing one of its family already there (as the tag menus do), other tags added unless
        the same tag is already there. One undo step."""
        wanted = parse(tags).tags
        if not wanted:
            return
        start = self.text_start()
        edit = QTextCursor(self.document())
        edit.beginEditBlock()
        for tag in wanted:
            if tag.family in STATE_FAMILIES:
                self._place_state_tag(edit, start, tag.canonical, tag.family, append=True)
            elif all(t.raw != tag.raw for t in self._tag_group_at(start)):
                group = self._tag_group_at(start)
                edit.setPosition(group[-1].end if group else start)
                edit.insertText(tag.raw)
        edit.endEditBlock()

    def _tag_group_at(self, start: int) -> list[Tag]:
        """The consecutive state tags that begin exactly at `start`."""
        group: list[Tag] = []
        pos = start
        for tag in self.parsed().tags:
            if tag.start < pos:
                continue
            if tag.start == pos and tag.family in (*STATE_FAMILIES, TagFamily.FREE):
                group.append(tag)
                pos = tag.end
            elif tag.start > pos:
                break
        return group

    # --- keys ------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Ctrl+Enter is the page's Generate shortcut: never let it insert a newline.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            event.ignore()
            return
        super().keyPressEvent(event)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def tooltip_anchor(editor: TagEditor, position: int) -> QPoint:
    """Global point of a document position (used by tests and by the page to show notices)."""
    cursor = QTextCursor(editor.document())
    cursor.setPosition(position)
    return editor.viewport().mapToGlobal(editor.cursorRect(cursor).center())


__all__ = ["FAMILY_COLOURS", "TagEditor", "TagHighlighter", "family_name", "support_mark",
           "support_words", "tooltip_anchor"]
