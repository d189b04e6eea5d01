"""The user's pronunciations, applied to one chunk for the voice that speaks it.

Which voice speaks a chunk is known only once the chunk's language is routed (a Piper take hands
Mandarin to a Kokoro voice), so pronunciations are applied per chunk, here, and every reading the
chosen voice cannot use is said once in a warning rather than dropped: the word is read as written.
"""

from __future__ import annotations

from backends.base import SynthesisWarning, VoiceInfo
from backends.embedded.family import VoiceFamily
from backends.lexicon import Lexicon, Pronunciation, ReadingKind, Spoken, plan, unread_message


def spoken_for(text: str, language: str, voice: VoiceInfo, family: VoiceFamily, lexicon: Lexicon,
               span: tuple[int, int], said: set[tuple[str, str, str]],
               ) -> tuple[Spoken | None, list[SynthesisWarning], list[dict[str, str]]]:
    """The chunk as `family` should read it (None: no entry applies), new warnings (each word,
    voice and fault said once per take, tracked in `said`), and what was done, for the take's metadata."""
    matches = lexicon.find(text, language)
    if not matches:
        return None, [], []
    kinds = [k for k in ReadingKind if k is not ReadingKind.RESPELL and family.reads(k, language)]
    spoken, unread = plan(text, matches, kinds)
    warnings: list[SynthesisWarning] = []
    unread_words = {m.entry.word for m in unread}
    for m in unread:
        if _first(said, m.entry, voice, "unread"):
            warnings.append(SynthesisWarning("pronunciation-unsupported", unread_message(voice.name, m.entry),
                                             span))
    for _, entry in spoken.pieces:
        if entry is not None and entry.kind is ReadingKind.IPA:
            missing = family.unknown_symbols(entry.reading)
            if missing and _first(said, entry, voice, "symbols"):
                warnings.append(SynthesisWarning(
                    "pronunciation-approximated",
                    f"{voice.name} has no sound for {' '.join(missing[:12])} in the IPA of '{entry.word}'; "
                    "those symbols are left out.", span))
    done = [{"word": m.entry.word, "kind": m.entry.kind.value,
             "how": "written" if m.entry.word in unread_words else
             "respelled" if m.entry.kind is ReadingKind.RESPELL else "read"} for m in matches]
    return spoken, warnings, done


def _first(said: set[tuple[str, str, str]], entry: Pronunciation, voice: VoiceInfo, fault: str) -> bool:
    key = (entry.word.casefold(), voice.id, fault)
    if key in said:
        return False
    said.add(key)
    return True
