"""The one tag grammar every engine and the editor share.

Step-Audio TTS-3B reads instruction tags as a parenthesised prefix, `(高兴1)(四川话)今天天气真好`,
with ASCII or full-width parentheses; Step-Audio-EditX adds paralinguistic sounds as `[Laughter]`
inside the text. The studio generalises the prefix: a tag group may open any stretch of text and
stays in force until a tag of the same family replaces it. Long text is chunked by sentence anyway,
and each chunk is rendered for the engine with the tags active at its start, so per-sentence
emotion works on every engine without the engine knowing.

Parentheses are common in prose, so in the middle of a line only the canonical Step-Audio
spellings (`(高兴1)`, `(RAP)`) are tags; English aliases such as `(happy)` or `(slow)` are tags only
at the start of a line, where nobody writes them as prose ("we listened to (rap) music" stays
text). Unknown parenthesised words are tags only at the very start of the text (Step-Audio accepts
free-form prefix tags there, with weaker effect). A tag is never read aloud: what `parse` calls a
tag is removed from the spoken text, and what it leaves in is plain text the user can see.

`<break time="1.5s"/>` (the SSML form users know from other tools) inserts a timed pause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum


class TagFamily(str, Enum):
    EMOTION = "emotion"
    LANGUAGE = "language"
    SPEED = "speed"
    MUSIC = "music"
    PARALINGUISTIC = "paralinguistic"
    FREE = "free"  # an unknown prefix tag, passed to engines that accept free-form instructions
    BREAK = "break"


# Families whose tags set a state for the text that follows (one value per family at a time).
STATE_FAMILIES = (TagFamily.EMOTION, TagFamily.LANGUAGE, TagFamily.SPEED, TagFamily.MUSIC)


@dataclass(frozen=True)
class TagDef:
    """One entry of the vocabulary: the canonical Step-Audio spelling plus what the UI shows."""

    family: TagFamily
    name: str  # canonical spelling as Step-Audio expects it (without level digits)
    english: str  # label for the UI and the English alias users may type
    levels: tuple[int, ...] = ()  # levels the public model lists; () = the tag takes no level
    aliases: tuple[str, ...] = ()
    language_code: str | None = None  # for LANGUAGE tags: the BCP-47-ish code engines use
    description: str = ""

    @property
    def key(self) -> str:
        """Stable identifier used in capability manifests: `family:name`."""
        return f"{self.family.value}:{self.name}"

    def spellings(self, level: int | None = None) -> str:
        return f"{self.name}{level if level is not None else ''}"


_E, _L, _S, _M, _P = (TagFamily.EMOTION, TagFamily.LANGUAGE, TagFamily.SPEED, TagFamily.MUSIC,
                      TagFamily.PARALINGUISTIC)

# The Step-Audio vocabulary (see shared notes: step-audio-reference.md) with English aliases.
VOCABULARY: tuple[TagDef, ...] = (
    TagDef(_E, "高兴", "happy", (1, 2), ("happy",), description="Happy, cheerful delivery"),
    TagDef(_E, "生气", "angry", (1, 2), ("angry",), description="Angry delivery"),
    TagDef(_E, "悲伤", "sad", (1,), ("sad",), description="Sad delivery"),
    TagDef(_E, "撒娇", "coquettish", (1,), ("coquettish",), description="Coquettish, pleading delivery"),
    TagDef(_L, "中文", "Mandarin", (), ("mandarin", "chinese"), "zh", "Speak Mandarin Chinese"),
    TagDef(_L, "英文", "English", (), ("english",), "en", "Speak English"),
    TagDef(_L, "韩语", "Korean", (), ("korean",), "ko", "Speak Korean"),
    TagDef(_L, "日语", "Japanese", (), ("japanese",), "ja", "Speak Japanese"),
    TagDef(_L, "四川话", "Sichuanese", (), ("sichuanese",), "zh-sichuan", "Speak Sichuanese dialect"),
    TagDef(_L, "粤语", "Cantonese", (), ("cantonese", "广东话"), "yue", "Speak Cantonese"),
    TagDef(_S, "慢速", "slow", (1, 2), ("slow",), description="Slower speech"),
    TagDef(_S, "快速", "fast", (1, 2), ("fast",), description="Faster speech"),
    TagDef(_M, "RAP", "rap", (), ("rap",), description="Rap (switches Step-Audio to its RAP mode)"),
    TagDef(_M, "哼唱", "humming", (), ("humming", "hum"), description="Humming (Step-Audio's humming mode)"),
    # Step-Audio-EditX paralinguistic sounds, written inline as [Name].
    TagDef(_P, "Breathing", "breathing"),
    TagDef(_P, "Laughter", "laughter"),
    TagDef(_P, "Surprise-oh", "surprise (oh)"),
    TagDef(_P, "Confirmation-en", "confirmation (en)"),
    TagDef(_P, "Uhm", "uhm"),
    TagDef(_P, "Surprise-ah", "surprise (ah)"),
    TagDef(_P, "Surprise-wa", "surprise (wa)"),
    TagDef(_P, "Sigh", "sigh"),
    TagDef(_P, "Question-ei", "question (ei)"),
    TagDef(_P, "Dissatisfaction-hnn", "dissatisfaction (hnn)"),
)

# EditX's bracketed language prefixes map onto the parenthesised language tags.
_BRACKET_LANGUAGE_ALIASES = {
    "sichuanese": "四川话", "cantonese": "粤语", "japanese": "日语", "korean": "韩语",
}

BY_KEY: dict[str, TagDef] = {d.key: d for d in VOCABULARY}


def _norm(s: str) -> str:
    return s.strip().casefold()


_LOOKUP: dict[str, TagDef] = {}
for _d in VOCABULARY:
    if _d.family is TagFamily.PARALINGUISTIC:
        continue
    for _s in (_d.name, *_d.aliases):
        _LOOKUP[_norm(_s)] = _d
_PARA_LOOKUP: dict[str, TagDef] = {_norm(d.name): d for d in VOCABULARY if d.family is _P}


class IssueKind(str, Enum):
    UNKNOWN_TAG = "unknown-tag"
    LEVEL_NOT_LISTED = "level-not-listed"
    MUSIC_NOT_FIRST = "music-not-first"
    REPEATED_FAMILY = "repeated-family"
    EMPTY_TAG = "empty-tag"
    BAD_BREAK = "bad-break"
    NO_TEXT = "no-text"


@dataclass(frozen=True)
class Tag:
    """One tag as written in the source text."""

    family: TagFamily
    name: str  # canonical name (vocabulary spelling), or the free text of an unknown tag
    level: int | None
    raw: str  # exactly as written, delimiters included
    start: int  # span in the source text
    end: int
    seconds: float | None = None  # for BREAK tags

    @property
    def definition(self) -> TagDef | None:
        return BY_KEY.get(f"{self.family.value}:{self.name}")

    @property
    def key(self) -> str:
        """Manifest key (`family:name`); all unknown prefix tags share `free`, all pauses `break`."""
        if self.family in (TagFamily.FREE, TagFamily.BREAK):
            return self.family.value
        return f"{self.family.value}:{self.name}"

    @property
    def canonical(self) -> str:
        """How Step-Audio expects it written: `(高兴1)`, `(RAP)`, `[Laughter]`, `<break time="1s"/>`."""
        if self.family is TagFamily.PARALINGUISTIC:
            return f"[{self.name}]"
        if self.family is TagFamily.BREAK:
            return f'<break time="{self.seconds:g}s"/>'
        return f"({self.name}{self.level if self.level is not None else ''})"

    @property
    def label(self) -> str:
        d = self.definition
        base = d.english if d else self.name
        return f"{base} {self.level}" if self.level is not None else base


@dataclass(frozen=True)
class TagIssue:
    kind: IssueKind
    message: str  # one sentence a user can act on
    start: int
    end: int


@dataclass(frozen=True)
class TagState:
    """The state tags in force for a stretch of text: at most one per family, plus free-form tags."""

    emotion: Tag | None = None
    language: Tag | None = None
    speed: Tag | None = None
    music: Tag | None = None
    free: tuple[Tag, ...] = ()

    def tags(self) -> tuple[Tag, ...]:
        """In Step-Audio's order: music first (it must be), then the others."""
        return tuple(t for t in (self.music, self.emotion, self.language, self.speed) if t) + self.free

    def prefix(self) -> str:
        """The Step-Audio prefix for text spoken in this state, e.g. `(RAP)(高兴1)`."""
        return "".join(t.canonical for t in self.tags())

    def with_tag(self, tag: Tag) -> TagState:
        if tag.family is TagFamily.FREE:
            return TagState(self.emotion, self.language, self.speed, self.music, (*self.free, tag))
        return TagState(**{**self._fields(), tag.family.value: tag})

    def _fields(self) -> dict[str, object]:
        return {"emotion": self.emotion, "language": self.language, "speed": self.speed,
                "music": self.music, "free": self.free}


@dataclass(frozen=True)
class TextRun:
    """Spoken text under one state; `start` is its offset in the source."""

    text: str
    state: TagState
    start: int


@dataclass(frozen=True)
class InlineTag:
    """A paralinguistic sound at a point in the text."""

    tag: Tag
    state: TagState


@dataclass(frozen=True)
class Pause:
    seconds: float
    tag: Tag


Item = TextRun | InlineTag | Pause


@dataclass(frozen=True)
class ParsedText:
    source: str
    items: tuple[Item, ...]
    tags: tuple[Tag, ...]
    issues: tuple[TagIssue, ...] = field(default=())

    @property
    def spoken_text(self) -> str:
        """What a voice would say: the text with every tag removed."""
        return "".join(i.text for i in self.items if isinstance(i, TextRun))

    @property
    def has_speech(self) -> bool:
        return any(ch.isalnum() for ch in self.spoken_text)


# A tag group: ASCII or full-width parentheses, content without parentheses or quotes, short.
_PAREN = re.compile(r"[(（]([^()（）\"'“”‘’\n]{0,40})[)）]")
_BRACKET = re.compile(r"\[([A-Za-z][A-Za-z\- ]{0,30})\]")
# Any `<break ...>` element; its attributes are read separately so that attribute order, quoting and
# a bad value never leave SSML markup in the spoken text.
_BREAK = re.compile(r"<break(?=[\s/>])([^<>\n]{0,120})>", re.IGNORECASE)
_BREAK_TIME = re.compile(r"\btime\s*=\s*([\"']?)\s*([0-9]*\.?[0-9]+)\s*(ms|s)?\s*\1(?=[\s/]|$)",
                         re.IGNORECASE)
_BREAK_STRENGTH = re.compile(r"\bstrength\s*=\s*[\"']?([a-z-]+)", re.IGNORECASE)
# SSML's named strengths, in seconds (the values common TTS services use).
BREAK_STRENGTHS = {"none": 0.0, "x-weak": 0.1, "weak": 0.25, "medium": 0.5, "strong": 0.75, "x-strong": 1.0}
DEFAULT_BREAK_SECONDS = BREAK_STRENGTHS["medium"]  # SSML: a bare <break/> is a medium pause
_LEVEL = re.compile(r"^(.*?)(\d+)$")

MAX_BREAK_SECONDS = 10.0


def _break_seconds(attributes: str) -> tuple[float, str | None]:
    """Seconds of a `<break>` and, when it was not written as meant, a sentence saying what was used."""
    body = attributes.rstrip().removesuffix("/")
    time = _BREAK_TIME.search(body)
    if time is not None:
        value = float(time.group(2)) / (1000.0 if (time.group(3) or "s").lower() == "ms" else 1.0)
        if value > MAX_BREAK_SECONDS:
            return MAX_BREAK_SECONDS, f"pauses are capped at {MAX_BREAK_SECONDS:g} s."
        return value, None
    if re.search(r"\btime\s*=", body, re.IGNORECASE):
        return DEFAULT_BREAK_SECONDS, ('the time is not a number of seconds or milliseconds (write '
                                       'time="1.5s" or time="300ms"); '
                                       f"a {DEFAULT_BREAK_SECONDS:g} s pause is used.")
    strength = _BREAK_STRENGTH.search(body)
    if strength is not None:
        named = BREAK_STRENGTHS.get(strength.group(1).lower())
        if named is None:
            return DEFAULT_BREAK_SECONDS, (f"unknown strength '{strength.group(1)}' (use one of "
                                           f"{', '.join(BREAK_STRENGTHS)}); a {DEFAULT_BREAK_SECONDS:g} s "
                                           "pause is used.")
        return named, None
    return DEFAULT_BREAK_SECONDS, None


def _lookup(content: str) -> tuple[TagDef | None, int | None, bool]:
    """The definition and level a tag's content names, and whether it was spelled other than canonically
    (an English alias, or `rap` for `RAP`)."""
    text = content.strip()
    if not text:
        return None, None, False
    m = _LEVEL.match(text)
    for spelled, level in ((text, None), *(((m.group(1), int(m.group(2))),) if m else ())):
        d = _LOOKUP.get(_norm(spelled))
        if d is not None:
            return d, level, spelled.strip() != d.name
    return None, None, False


def parse(source: str) -> ParsedText:
    """Split `source` into spoken text runs, inline sounds and pauses, and report every tag problem."""
    items: list[Item] = []
    tags: list[Tag] = []
    issues: list[TagIssue] = []
    state = TagState()
    pos = 0
    text_buf: list[str] = []
    text_start = 0
    group_families: set[TagFamily] = set()  # families seen in the current run of consecutive tags
    group_len = 0  # tags in the current run of consecutive tags
    spoken_so_far = False
    line_start = True  # nothing but white space since the start of the text or of the line

    def flush_text() -> None:
        nonlocal text_buf
        if text_buf:
            items.append(TextRun("".join(text_buf), state, text_start))
            text_buf = []

    def end_group() -> None:
        nonlocal group_len
        group_families.clear()
        group_len = 0

    n = len(source)
    while pos < n:
        ch = source[pos]
        tag: Tag | None = None
        m = None
        if ch in "(（":
            m = _PAREN.match(source, pos)
            if m:
                d, level, by_alias = _lookup(m.group(1))
                content = m.group(1).strip()
                if d is not None and by_alias and not line_start:
                    # English aliases are common words: mid-prose "(rap) music" or "(slow)" is text.
                    # Only the canonical Step-Audio spellings are tags anywhere.
                    d = None
                    m = None
                elif d is not None:
                    if level is None and d.levels:
                        level = d.levels[0]  # `(happy)` means the first listed level, `(高兴1)`
                        tag = Tag(d.family, d.name, level, m.group(0), m.start(), m.end())
                        level = None  # written without a level: nothing to check below
                    else:
                        tag = Tag(d.family, d.name, level, m.group(0), m.start(), m.end())
                    if level is not None and d.levels and level not in d.levels:
                        issues.append(TagIssue(
                            IssueKind.LEVEL_NOT_LISTED,
                            f"{m.group(0)}: level {level} is not one the model lists for '{d.english}' "
                            f"(listed: {', '.join(map(str, d.levels))}); engines use the nearest level.",
                            m.start(), m.end()))
                    elif level is not None and not d.levels:
                        issues.append(TagIssue(
                            IssueKind.LEVEL_NOT_LISTED,
                            f"{m.group(0)}: '{d.english}' takes no level; the number is ignored.",
                            m.start(), m.end()))
                        tag = Tag(d.family, d.name, None, m.group(0), m.start(), m.end())
                elif not spoken_so_far and m is not None:
                    if not content:
                        issues.append(TagIssue(IssueKind.EMPTY_TAG, "Empty tag '()' is ignored.",
                                               m.start(), m.end()))
                        tag = Tag(TagFamily.FREE, "", None, m.group(0), m.start(), m.end())
                    else:
                        tag = Tag(TagFamily.FREE, content, None, m.group(0), m.start(), m.end())
                        issues.append(TagIssue(
                            IssueKind.UNKNOWN_TAG,
                            f"{m.group(0)} is not a known tag. Step-Audio reads it as a free-form "
                            "instruction; engines that cannot will ignore it (it is never read aloud).",
                            m.start(), m.end()))
        elif ch == "[":
            m = _BRACKET.match(source, pos)
            if m:
                name = _norm(m.group(1))
                if name in _PARA_LOOKUP:
                    d = _PARA_LOOKUP[name]
                    tag = Tag(d.family, d.name, None, m.group(0), m.start(), m.end())
                elif name in _BRACKET_LANGUAGE_ALIASES:
                    d = BY_KEY[f"language:{_BRACKET_LANGUAGE_ALIASES[name]}"]
                    tag = Tag(d.family, d.name, None, m.group(0), m.start(), m.end())
        elif ch == "<":
            m = _BREAK.match(source, pos)
            if m:
                value, problem = _break_seconds(m.group(1))
                if problem:
                    issues.append(TagIssue(IssueKind.BAD_BREAK, f"{m.group(0)}: {problem}",
                                           m.start(), m.end()))
                tag = Tag(TagFamily.BREAK, "break", None, m.group(0), m.start(), m.end(), seconds=value)

        if tag is None:
            if not text_buf:
                text_start = pos
            text_buf.append(ch)
            if ch == "\n":
                line_start = True
            elif not ch.isspace():
                spoken_so_far = True
                line_start = False
                end_group()
            pos += 1
            continue

        # A tag: close the text before it, then apply it.
        flush_text()
        tags.append(tag)
        pos = tag.end
        if tag.family is TagFamily.PARALINGUISTIC:
            items.append(InlineTag(tag, state))
            continue
        if tag.family is TagFamily.BREAK:
            items.append(Pause(tag.seconds or 0.0, tag))
            continue
        if tag.family is TagFamily.FREE and not tag.name:
            continue
        if tag.family is TagFamily.MUSIC and group_len > 0:
            issues.append(TagIssue(
                IssueKind.MUSIC_NOT_FIRST,
                f"{tag.raw} must come first among its tags; it is applied as if it did.",
                tag.start, tag.end))
        if tag.family in group_families and tag.family is not TagFamily.FREE:
            issues.append(TagIssue(
                IssueKind.REPEATED_FAMILY,
                f"{tag.raw} replaces another {tag.family.value} tag written just before it.",
                tag.start, tag.end))
        group_families.add(tag.family)
        group_len += 1
        state = state.with_tag(tag)

    flush_text()
    parsed = ParsedText(source, tuple(items), tuple(tags), tuple(issues))
    if source.strip() and not parsed.has_speech:
        issues.append(TagIssue(IssueKind.NO_TEXT, "There is no text to speak, only tags.", 0, len(source)))
        parsed = ParsedText(source, parsed.items, parsed.tags, tuple(issues))
    return parsed


def vocabulary(family: TagFamily | None = None) -> tuple[TagDef, ...]:
    return tuple(d for d in VOCABULARY if family is None or d.family is family)
