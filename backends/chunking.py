"""Split parsed text into sentence-sized chunks for streaming synthesis.

Models loop or degrade on long inputs (Step-Audio#108), and streaming needs a small first piece:
the first chunk is one sentence however short, later short sentences are merged up to
`min_chars` so that prosody across them stays natural. A chunk never straddles a tag-state change,
so each chunk renders with exactly one prefix; tags are never split because the parser has already
turned them into items.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from backends.tags import InlineTag, ParsedText, Pause, Tag, TagState, TextRun

# Sentence terminators, Chinese/Japanese and Western; '.' is handled separately (decimals, abbreviations).
_TERMINATORS = frozenset("。！？!?；;…\n")
_CLOSERS = frozenset("\"'”’」』）)]》")
_SOFT_BREAKS = frozenset("，,、：:—–")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "vs", "etc", "e.g", "i.e", "prof", "sr", "jr", "no"})


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
        return text[j] in _TERMINATORS or (text[j] == "." and _is_sentence_end(text[: j + 1], j))
    if ch == ".":
        if nxt and not nxt.isspace():
            return False  # 3.14, example.com
        word = text[:i].rsplit(None, 1)[-1] if text[:i].strip() else ""
        return word.casefold().rstrip(".") not in _ABBREVIATIONS
    return False


class _Builder:
    def __init__(self, max_chars: int, min_chars: int) -> None:
        self.max_chars = max_chars
        self.min_chars = min_chars
        self.chunks: list[Chunk] = []
        self.chars: list[str] = []
        self.where: list[int] = []  # source offset of each char
        self.inline: list[tuple[int, Tag]] = []
        self.state: TagState | None = None
        self.pause_before = 0.0

    def _speech_len(self) -> int:
        return sum(1 for c in self.chars if not c.isspace())

    def has_content(self) -> bool:
        return bool(self.inline) or any(c.isalnum() for c in self.chars)

    def set_state(self, state: TagState) -> None:
        if self.state is not None and state != self.state and self.has_content():
            self.emit()
        self.state = state

    def add_text(self, run: TextRun) -> None:
        self.set_state(run.state)
        for k, ch in enumerate(run.text):
            self.chars.append(ch)
            self.where.append(run.start + k)
            if _is_sentence_end(run.text, k):
                first = not self.chunks
                if first or self._speech_len() >= self.min_chars:
                    self.emit()
            elif len(self.chars) >= self.max_chars:
                self._split_long()

    def _split_long(self) -> None:
        """Cut an over-long sentence at the last soft break, else the last space, else hard."""
        cut = next((i + 1 for i in range(len(self.chars) - 1, 0, -1) if self.chars[i] in _SOFT_BREAKS), 0)
        if cut < len(self.chars) // 3:
            cut = next((i + 1 for i in range(len(self.chars) - 1, 0, -1) if self.chars[i].isspace()), 0)
        if cut < len(self.chars) // 3:
            cut = len(self.chars)
        rest_chars, rest_where = self.chars[cut:], self.where[cut:]
        rest_inline = [(o - cut, t) for o, t in self.inline if o > cut]
        self.inline = [(o, t) for o, t in self.inline if o <= cut]
        self.chars, self.where = self.chars[:cut], self.where[:cut]
        self.emit()
        self.chars, self.where, self.inline = rest_chars, rest_where, rest_inline

    def add_inline(self, item: InlineTag) -> None:
        self.set_state(item.state)
        self.inline.append((len(self.chars), item.tag))
        self.where.append(item.tag.start)  # keeps the span covering the tag
        self.chars.append("")
        # The empty placeholder keeps offsets stable; it is dropped when the chunk is emitted.

    def add_pause(self, pause: Pause) -> None:
        if self.has_content():
            self.emit()
        if self.chunks:
            last = self.chunks[-1]
            self.chunks[-1] = replace(last, pause_after=last.pause_after + pause.seconds)
        else:
            self.pause_before += pause.seconds

    def emit(self) -> None:
        if not self.has_content():
            self.chars, self.where, self.inline = [], [], []
            return
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
        span = (min(self.where), max(self.where) + 1) if self.where else (0, 0)
        self.chunks.append(Chunk(len(self.chunks), text, self.state or TagState(), inline,
                                 self.pause_before, 0.0, span))
        self.pause_before = 0.0
        self.chars, self.where, self.inline = [], [], []


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
    b.emit()
    return b.chunks
