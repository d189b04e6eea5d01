"""Pronunciations: words and names mapped to how they are read, per language.

A user fixes a name the voice gets wrong ("Nguyen", "Siobhan") or a Mandarin polyphone (重庆 read
chong2 qing4, not zhong4) once, and every take, script line and re-spoken span reads it that way.
Three kinds of reading, because engines differ in what they can take in:

- `respell`: other letters that the voice reads the right way ("Shiv-awn"). Any engine that reads
  text can do it, so it is the fallback that always works.
- `ipa`: phonemes in the IPA that espeak-ng writes (what Piper and Kokoro are trained on).
- `pinyin`: Mandarin syllables with tone digits (`chong2 qing4`), one per character of the word.

Each engine declares in its manifest which kinds it reads natively, approximates or cannot read,
like tags; a reading an engine cannot use leaves the word as written and says so in a warning,
never silently. Entries come from users and from shared bundles, so everything is checked here,
where it enters: bounded sizes, no control characters, no tag brackets, kind-specific syntax.
Qt-free and engine-free.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

FORMAT = "step-studio-pronunciations"
FORMAT_VERSION = 1
MAX_ENTRIES = 2_000
MAX_WORD_CHARS = 64
MAX_READING_CHARS = 200
# Where a word may be found: in tagged text, brackets belong to tags and breaks.
_BRACKETS = set("()（）[]【】{}<>")
_PINYIN = re.compile(r"^(?:[a-zü]{1,6}[1-5])(?: [a-zü]{1,6}[1-5])*$")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A word whose first or last letter is one of these is matched only where it is not inside a longer
# word; scripts written without spaces (Han, kana, Hangul) match anywhere.
_SPACED = re.compile(r"[^\W_]", re.UNICODE)


class ReadingKind(str, Enum):
    RESPELL = "respell"
    IPA = "ipa"
    PINYIN = "pinyin"


KIND_NAMES = {ReadingKind.RESPELL: "respelling", ReadingKind.IPA: "IPA", ReadingKind.PINYIN: "pinyin"}


class LexiconError(ValueError):
    """An entry or a file that cannot be used; the message says which and why, in one sentence."""


@dataclass(frozen=True)
class Pronunciation:
    word: str  # as written in the text; matched without regard to case
    reading: str
    kind: ReadingKind
    language: str = ""  # a language code (en, zh, ...); "" for every language

    def to_json(self) -> dict[str, str]:
        return {"word": self.word, "reading": self.reading, "kind": self.kind.value,
                "language": self.language}


@dataclass(frozen=True)
class Match:
    """Where an entry's word was found in a text."""

    start: int
    end: int
    entry: Pronunciation


def _has_control(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in text)


def _shown(text: str) -> str:
    """A hostile string made safe to quote in a message: bounded and without control characters."""
    clean = "".join(c if unicodedata.category(c)[0] != "C" else "?" for c in text[:40])
    return clean + ("…" if len(text) > 40 else "")


def check_entry(word: Any, reading: Any, kind: Any, language: Any = "") -> Pronunciation:
    """An entry from anywhere (a dialog, a file, a bundle, the wire), checked; LexiconError if not."""
    if not isinstance(word, str) or not isinstance(reading, str) or not isinstance(language, str):
        raise LexiconError("A pronunciation needs a word, a reading and a language as text.")
    try:
        kind = ReadingKind(kind)
    except ValueError:
        raise LexiconError(f"'{_shown(str(kind))}' is not a kind of reading; use respell, ipa or pinyin.",
                           ) from None
    word, reading, language = word.strip(), " ".join(reading.split()), language.strip()
    if not word:
        raise LexiconError("The word is empty.")
    if not reading:
        raise LexiconError(f"'{_shown(word)}' has no reading.")
    if len(word) > MAX_WORD_CHARS:
        raise LexiconError(f"'{_shown(word)}' is longer than {MAX_WORD_CHARS} characters.")
    if len(reading) > MAX_READING_CHARS:
        raise LexiconError(f"The reading of '{_shown(word)}' is longer than {MAX_READING_CHARS} characters.")
    if len(language) > 8 or (language and not re.fullmatch(r"[a-z]{2,3}", language)):
        raise LexiconError(f"'{_shown(language)}' is not a language code such as en or zh.")
    for where, text in ((f"'{_shown(word)}'", word), (f"The reading of '{_shown(word)}'", reading)):
        if _has_control(text):
            raise LexiconError(f"{where} holds an invisible control character.")
        if _BRACKETS & set(text):
            raise LexiconError(f"{where} holds a bracket, which tags use.")
    if not any(c.isalnum() for c in word):
        raise LexiconError(f"'{_shown(word)}' has no letters to find in a text.")
    if kind is ReadingKind.PINYIN:
        if language not in ("", "zh"):
            raise LexiconError(f"Pinyin is for Mandarin; '{_shown(word)}' is set to '{language}'.")
        reading = reading.lower().replace("v", "ü")
        if not _PINYIN.fullmatch(reading):
            raise LexiconError(f"'{_shown(reading)}' is not pinyin with tone digits, such as chong2 qing4.")
        han = len(_HAN.findall(word))
        syllables = len(reading.split())
        if han and han != syllables:
            raise LexiconError(f"'{_shown(word)}' has {han} characters but {syllables} pinyin syllables.")
        language = "zh"
    elif kind is ReadingKind.IPA and any(c.isdigit() for c in reading):
        raise LexiconError(f"The IPA of '{_shown(word)}' holds digits; write stress with ˈ and ˌ.")
    return Pronunciation(word, reading, kind, language)


class Lexicon:
    """An ordered set of entries, one per (language, word regardless of case); later ones win."""

    def __init__(self, entries: Iterable[Pronunciation] = ()) -> None:
        self._entries: dict[tuple[str, str], Pronunciation] = {}
        self._finders: dict[str | None, tuple[re.Pattern[str], dict[str, Pronunciation]] | None] = {}
        for entry in entries:
            self.add(entry)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Pronunciation]:
        return iter(list(self._entries.values()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lexicon) and list(self) == list(other)

    @property
    def entries(self) -> tuple[Pronunciation, ...]:
        return tuple(self._entries.values())

    def add(self, entry: Pronunciation) -> None:
        key = (entry.language, entry.word.casefold())
        if key not in self._entries and len(self._entries) >= MAX_ENTRIES:
            raise LexiconError(f"A dictionary holds at most {MAX_ENTRIES:,} words.")
        self._entries.pop(key, None)
        self._entries[key] = entry
        self._finders.clear()

    def remove(self, entry: Pronunciation) -> None:
        self._entries.pop((entry.language, entry.word.casefold()), None)
        self._finders.clear()

    def merged(self, other: Iterable[Pronunciation]) -> Lexicon:
        """This dictionary with `other`'s entries added (theirs win where both have a word)."""
        return Lexicon([*self, *other])

    def with_new_words(self, other: Iterable[Pronunciation]) -> Lexicon:
        """This dictionary with `other`'s entries for the words it lacks (its own readings stay): what
        a shared bundle may add to a user's dictionary."""
        return Lexicon([*other, *self])

    def find(self, text: str, language: str | None) -> list[Match]:
        """Non-overlapping matches, leftmost then longest. `language` None: entries of every language
        (the editor's marks); otherwise that language's entries and the ones for every language
        (the language's own entry winning where both have a word)."""
        found = self._finder(language)
        if found is None or not text:
            return []
        pattern, by_word = found
        matches: list[Match] = []
        at = 0
        while (hit := pattern.search(text, at)) is not None:
            start, end = hit.span()
            entry = by_word.get(hit.group().casefold())
            if entry is not None and _stands_alone(text, start, end):
                matches.append(Match(start, end, entry))
                at = end
            else:
                at = start + 1
        return matches

    def _finder(self, language: str | None) -> tuple[re.Pattern[str], dict[str, Pronunciation]] | None:
        """One pattern for every word (longest first, so the longest wins where words overlap), made
        once per language and kept until the entries change: the editor runs this per line."""
        if language not in self._finders:
            chosen = sorted((e for e in self if language is None or e.language in ("", language)),
                            key=lambda e: e.language == language)  # the language's own entry last: it wins
            by_word = {e.word.casefold(): e for e in chosen}
            words = sorted(by_word.values(), key=lambda e: -len(e.word))
            pattern = re.compile("|".join(re.escape(e.word) for e in words), re.IGNORECASE)
            self._finders[language] = (pattern, by_word) if words else None
        return self._finders[language]

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": FORMAT_VERSION, "entries": [e.to_json() for e in self]}

    @classmethod
    def from_json(cls, raw: Any) -> Lexicon:
        """A dictionary from a file or a bundle, checked entry by entry; LexiconError names the first
        bad entry (by number) and what is wrong with it."""
        if isinstance(raw, Mapping):
            if raw.get("format", FORMAT) != FORMAT:
                raise LexiconError("This file is not a pronunciation dictionary.")
            version = raw.get("version", FORMAT_VERSION)
            if not isinstance(version, int) or version > FORMAT_VERSION:
                raise LexiconError("This pronunciation dictionary was made by a newer Step Audio Studio.")
            raw = raw.get("entries")
        if not isinstance(raw, list):
            raise LexiconError("A pronunciation dictionary holds a list of entries.")
        if len(raw) > MAX_ENTRIES:
            raise LexiconError(f"A dictionary holds at most {MAX_ENTRIES:,} words; this one has "
                               f"{len(raw):,}.")
        lexicon = cls()
        for number, item in enumerate(raw, 1):
            if not isinstance(item, Mapping):
                raise LexiconError(f"Entry {number} is not a word with a reading.")
            try:
                lexicon.add(check_entry(item.get("word"), item.get("reading"), item.get("kind"),
                                        item.get("language", "")))
            except LexiconError as exc:
                raise LexiconError(f"Entry {number}: {exc}") from None
        return lexicon


def _stands_alone(text: str, start: int, end: int) -> bool:
    """A spaced-script word must not continue into letters on either side ("Ana" in "Banana")."""
    first, last = text[start], text[end - 1]
    if _SPACED.match(first) and not _HAN.match(first) and start > 0 and _SPACED.match(text[start - 1]) \
            and not _HAN.match(text[start - 1]):
        return False
    return not (_SPACED.match(last) and not _HAN.match(last) and end < len(text)
                and _SPACED.match(text[end]) and not _HAN.match(text[end]))


@dataclass(frozen=True)
class Spoken:
    """A chunk's text as a voice should read it: pieces of plain text, and words with a reading the
    voice reads natively (the voice turns those into phonemes itself). Respellings are already
    written in; readings the voice cannot use are left as written (and warned about by the engine)."""

    pieces: tuple[tuple[str, Pronunciation | None], ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.pieces)

    @property
    def has_readings(self) -> bool:
        return any(entry is not None for _, entry in self.pieces)


def plan(text: str, matches: Sequence[Match], reads: Iterable[ReadingKind]) -> tuple[Spoken, list[Match]]:
    """Split `text` at the matches: respellings written in, readings of a kind in `reads` kept for the
    voice; returns the pieces and the matches whose reading the voice cannot use (left as written)."""
    native = set(reads)
    pieces: list[tuple[str, Pronunciation | None]] = []
    unread: list[Match] = []
    at = 0
    for m in matches:
        if m.entry.kind is ReadingKind.RESPELL:
            pieces.append((text[at:m.start] + m.entry.reading, None))
        elif m.entry.kind in native:
            pieces.append((text[at:m.start], None))
            pieces.append((text[m.start:m.end], m.entry))
        else:
            unread.append(m)
            pieces.append((text[at:m.end], None))
        at = m.end
    pieces.append((text[at:], None))
    merged: list[tuple[str, Pronunciation | None]] = []
    for piece in pieces:
        if merged and piece[1] is None and merged[-1][1] is None:
            merged[-1] = (merged[-1][0] + piece[0], None)
        elif piece[0] or piece[1] is not None:
            merged.append(piece)
    return Spoken(tuple(merged)), unread


def unread_message(voice: str, entry: Pronunciation) -> str:
    """What a take says when `voice` cannot use `entry`'s reading (the word is read as written)."""
    return (f"{voice} cannot read {KIND_NAMES[entry.kind]}, so '{entry.word}' is spoken as written; "
            "a respelling works with every voice.")
