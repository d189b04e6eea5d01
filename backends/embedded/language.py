"""Which language a chunk is in: its language tag if it has one, else a guess from the script.

The embedded voices each speak a few languages, so every chunk is routed by language. The script
tells most of what we need without a model: kana means Japanese (Japanese text mixes kana with
Han characters), Hangul Korean, Han characters Chinese, Cyrillic Russian, Devanagari Hindi.
Latin script says little (English, French, German ... all use it), so a Latin guess is "en" but
any voice that speaks a Latin-script language keeps the chunk: a user who picked the French
espeak voice and types French must not be re-routed to the English voice. Likewise Han text may
be Cantonese for a voice that speaks it.
"""

from __future__ import annotations

from dataclasses import dataclass

from backends.tags import TagState

# Languages written in the Latin script among those our voices speak.
LATIN_LANGUAGES = ("en", "de", "fr", "es", "it", "pt")
HAN_LANGUAGES = ("zh", "yue")

# Tag language codes that route to another language's voices (the dialect itself is not spoken).
ROUTE_AS = {"zh-sichuan": "zh"}


@dataclass(frozen=True)
class Detected:
    """A chunk's language: `language` is the best single answer, `accepts` what a voice may speak
    instead without being re-routed (same script, cannot be told apart here)."""

    language: str
    accepts: tuple[str, ...]
    source: str  # "tag" or "script"

    def pick(self, voice_languages: tuple[str, ...]) -> str | None:
        """The language a voice speaking `voice_languages` should use for this chunk, or None."""
        if self.language in voice_languages:
            return self.language
        return next((lang for lang in self.accepts if lang in voice_languages), None)


def _script_counts(text: str) -> dict[str, int]:
    counts = {"kana": 0, "han": 0, "hangul": 0, "cyrillic": 0, "devanagari": 0, "latin": 0}
    for ch in text:
        o = ord(ch)
        if 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9D:
            counts["kana"] += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or o >= 0x20000:
            counts["han"] += 1
        elif 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
            counts["hangul"] += 1
        elif 0x0400 <= o <= 0x04FF:
            counts["cyrillic"] += 1
        elif 0x0900 <= o <= 0x097F:
            counts["devanagari"] += 1
        elif ch.isalpha() and o < 0x0250:
            counts["latin"] += 1
    return counts


def detect_script_language(text: str) -> Detected:
    """Guess from the characters alone (see the module docstring for the rules)."""
    c = _script_counts(text)
    if c["kana"]:
        return Detected("ja", (), "script")
    if c["hangul"] and c["hangul"] >= c["han"]:
        return Detected("ko", (), "script")
    if c["han"] and c["han"] >= c["latin"] / 4:
        # Han with a few Latin words ("我喜欢Python") is still Chinese.
        return Detected("zh", HAN_LANGUAGES, "script")
    if c["cyrillic"] > c["latin"]:
        return Detected("ru", (), "script")
    if c["devanagari"] > c["latin"]:
        return Detected("hi", (), "script")
    return Detected("en", LATIN_LANGUAGES, "script")


def chunk_language(text: str, state: TagState) -> Detected:
    """The language tag in force wins (exactly that language); otherwise the script decides."""
    tag = state.language
    if tag is not None and tag.definition is not None and tag.definition.language_code:
        code = tag.definition.language_code
        return Detected(ROUTE_AS.get(code, code), (), "tag")
    return detect_script_language(text)
