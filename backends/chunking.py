"""Split parsed text into sentence-sized chunks for streaming synthesis.

Models loop or degrade on long inputs (Step-Audio#108), and streaming needs a small first piece:
the first chunk is one sentence however short, later short sentences are merged up to
`min_chars` so that prosody across them stays natural. A model slow to start does not cut its
first sentence shorter: Kokoro makes it in windows instead (backends/embedded/kokoro_stream.py).
A chunk never straddles a tag-state change, so each chunk renders with exactly one prefix; tags
are never split because the parser has already turned them into items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from backends.tags import InlineTag, ParsedText, Pause, Tag, TagState, TextRun

# Sentence terminators, Chinese/Japanese and Western; '.' is handled separately (decimals, abbreviations).
_TERMINATORS = frozenset("。！？!?；;…\n")
_CLOSERS = frozenset("\"'”’」』）)]》")
_SOFT_BREAKS = frozenset("，,、：:—–")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "vs", "etc", "e.g", "i.e", "prof", "sr", "jr"})
# Abbreviations that are only abbreviations before a number: "No. 5" but "I said no. Then".
_NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "vol", "fig", "pp", "ch"})
# Initials and dotted acronyms: "J. Smith", "U.S. law". Merging a real sentence end after one
# into the next chunk costs nothing; splitting "U.S." from its sentence breaks the prosody.
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")

@dataclass(frozen=True)
class Chunk:
    index: int
    text: str  # spoken text, tags removed, whitespace trimmed
    state: TagState  # state tags in force for the whole chunk
    inline: tuple[tuple[int, Tag], ...] = ()  # paralinguistic tags at character offsets of `text`
    pause_before: float = 0.0  # seconds of explicit silence before this chunk
    pause_after: float = 0.0
    source_span: tuple[int, int] = (0, 0)  # in the request text

    @property
    def has_speech(self) -> bool:
        return any(ch.isalnum() for ch in self.text)

    def rendered(self) -> str:
        """Step-Audio form: the state prefix, then the text with inline `[Tags]` put back."""
        out: list[str] = []
        last = 0
        for offset, tag in self.inline:
            out.append(self.text[last:offset])
            out.append(tag.canonical)
            last = offset
        out.append(self.text[last:])
        return self.state.prefix() + "".join(out)


def _is_sentence_end(text: str, i: int) -> bool:
    """Whether a sentence ends right after `text[i]`: after the whole run of terminators and
    closing quotes, never inside a decimal, a URL or after an abbreviation or initial."""
    ch = text[i]
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if nxt and (nxt in _TERMINATORS or nxt in _CLOSERS or (ch != "\n" and nxt == ".")):
        return False  # the sentence ends after the run of terminators and closing quotes
    if ch in _TERMINATORS:
        return True
    if ch in _CLOSERS and i > 0:
        j = i
        while j > 0 and text[j] in _CLOSERS:
            j -= 1
        if not (text[j] in _TERMINATORS or (text[j] == "." and _period_ends(text, j, i + 1))):
            return False
        # 'She said "no!" and left': a quoted exclamation inside a sentence goes on in lower case.
        following = text[i + 1:i + 4].lstrip()
        return not (following[:1].isalpha() and following[:1].islower())
    if ch == ".":
        return _period_ends(text, i, i + 1)
    return False


def _period_ends(text: str, i: int, after: int) -> bool:
    """`text[i]` is '.', and the sentence would continue at `text[after]`."""
    nxt = text[after] if after < len(text) else ""
    if nxt and not nxt.isspace():
        return False  # 3.14, example.com
    start = i
    while start > 0 and i - start < 24 and not text[start - 1].isspace():
        start -= 1  # the word before the period, bounded: abbreviations are short
    word = text[start:i].lstrip("\"'“‘(（[")
    folded = word.casefold().rstrip(".")
    if folded in _ABBREVIATIONS or _INITIALS.fullmatch(word):
        return False
    if folded in _NUMBER_ABBREVIATIONS:
        following = text[after:after + 8].lstrip()
        return not (following[:1].isdigit())
    return True


class _Builder:
    """Accumulates characters of the current chunk with the source span each came from.

    Inline tags sit in `chars` as empty placeholders so that their offsets survive trimming. A
    stretch without speech (a lone "...", punctuation between a pause and a state change) is
    never a chunk of its own, since engines cannot speak it, but it is not dropped either: it is
    carried into the next chunk, or appended to the last one at the end.
    """

    def __init__(self, max_chars: int, min_chars: int) -> None:
        self.max_chars = max_chars
        self.min_chars = min_chars
        self.chunks: list[Chunk] = []
        self.chars: list[str] = []
        self.where: list[tuple[int, int]] = []  # source span of each char (a tag's whole span)
        self.inline: list[tuple[int, Tag]] = []
        self.state: TagState | None = None
        self.pause_before = 0.0
        self.alnum = 0  # alphanumeric chars in `chars`: kept incrementally, checked per char
        self.nonspace = 0

    def has_content(self) -> bool:
        return bool(self.inline) or self.alnum > 0

    def _recount(self) -> None:
        self.alnum = sum(1 for c in self.chars if c.isalnum())
        self.nonspace = sum(1 for c in self.chars if c and not c.isspace())

    def set_state(self, state: TagState) -> None:
        # Compare what the engine would read: the same tags written again are no change of state.
        if self.state is not None and state.prefix() != self.state.prefix() and self.has_content():
            self.emit()
        self.state = state

    def add_text(self, run: TextRun) -> None:
        self.set_state(run.state)
        for k, ch in enumerate(run.text):
            self.chars.append(ch)
            self.where.append((run.start + k, run.start + k + 1))
            if ch.isalnum():
                self.alnum += 1
            if not ch.isspace():
                self.nonspace += 1
            if _is_sentence_end(run.text, k) and (not self.chunks or self.nonspace >= self.min_chars):
                self.emit()  # the first chunk is one sentence however short: it starts playback
            if len(self.chars) >= self.max_chars and self.has_content():
                self._split_long()

    def _split_long(self) -> None:
        """Cut an over-long sentence at the last soft break, else the last space, else hard."""
        n = len(self.chars)
        cut = next((i + 1 for i in range(n - 1, 0, -1) if self.chars[i] in _SOFT_BREAKS), 0)
        if cut < n // 3:
            cut = next((i + 1 for i in range(n - 1, 0, -1) if self.chars[i].isspace()), 0)
        if cut < n // 3 or not (any(c.isalnum() for c in self.chars[:cut]) or
                                any(o < cut for o, _ in self.inline)):
            cut = n  # hard cut; also when the soft cut would leave nothing to speak before it
        rest_chars, rest_where = self.chars[cut:], self.where[cut:]
        rest_inline = [(o - cut, t) for o, t in self.inline if o >= cut]
        self.inline = [(o, t) for o, t in self.inline if o < cut]
        self.chars, self.where = self.chars[:cut], self.where[:cut]
        self._recount()
        self.emit()
        carried = len(self.chars)  # non-speech the emit kept back (it has no inline tags)
        self.chars += rest_chars
        self.where += rest_where
        self.inline = [(o + carried, t) for o, t in rest_inline]
        self._recount()

    def add_inline(self, item: InlineTag) -> None:
        self.set_state(item.state)
        self.inline.append((len(self.chars), item.tag))
        self.where.append((item.tag.start, item.tag.end))
        self.chars.append("")

    def add_pause(self, pause: Pause) -> None:
        if self.has_content():
            self.emit()
        elif self.chunks and self.nonspace:
            self._append_to_last()  # punctuation before the pause ends the chunk before it
        if self.chunks:
            last = self.chunks[-1]
            self.chunks[-1] = replace(last, pause_after=last.pause_after + pause.seconds)
        else:
            self.pause_before += pause.seconds

    def _span(self) -> tuple[int, int] | None:
        """Source span from the first to the last spoken character or inline tag."""
        marks = [w for c, w in zip(self.chars, self.where, strict=True) if not c.isspace()]
        return (marks[0][0], marks[-1][1]) if marks else None

    def _clear(self) -> None:
        self.chars, self.where, self.inline = [], [], []
        self.alnum = self.nonspace = 0

    def _append_to_last(self) -> None:
        last = self.chunks[-1]
        span = self._span()
        text = (last.text + "".join(self.chars)).rstrip()
        new_span = (last.source_span[0], max(last.source_span[1], span[1])) if span else last.source_span
        self.chunks[-1] = replace(last, text=text, source_span=new_span)
        self._clear()

    def finish(self) -> list[Chunk]:
        self.emit()
        if self.nonspace and self.chunks:
            self._append_to_last()
        return self.chunks

    def emit(self) -> None:
        if not self.has_content():
            if not self.nonspace:
                self._clear()  # whitespace only: nothing to keep
            return  # punctuation only: carried into the next chunk
        # Drop placeholders and trim whitespace, remapping inline offsets.
        text_chars: list[str] = []
        mapping: list[int] = []  # for each original position, the offset in the final text
        for c in self.chars:
            mapping.append(len(text_chars))
            text_chars.extend(c)
        mapping.append(len(text_chars))
        raw = "".join(text_chars)
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        inline = tuple((min(max(mapping[o] - lead, 0), len(text)), t) for o, t in self.inline)
        span = self._span() or (0, 0)
        self.chunks.append(Chunk(len(self.chunks), text, self.state or TagState(), inline,
                                 self.pause_before, 0.0, span))
        self.pause_before = 0.0
        self._clear()


def chunk_text(parsed: ParsedText, max_chars: int = 220, min_chars: int = 24) -> list[Chunk]:
    """Sentence chunks of `parsed`, in order. Chunks hold at most about `max_chars` characters."""
    if max_chars < 8:
        raise ValueError("max_chars must be at least 8")
    b = _Builder(max_chars, min_chars)
    for item in parsed.items:
        if isinstance(item, TextRun):
            b.add_text(item)
        elif isinstance(item, InlineTag):
            b.add_inline(item)
        elif isinstance(item, Pause):
            b.add_pause(item)
    return b.finish()
