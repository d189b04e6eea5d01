"""One sentence of tagged text as EditX does it: the text to clone, then the edits that give it its tags.

EditX has no tag prefixes like TTS-3B's "(高兴1)": it clones plain text (a language tag in front where
the language is not Mandarin or English) and changes speech afterwards by edits. So a sentence's state
tags and sounds become a list of edits of the cloned sentence, in the order that keeps each edit's
transcript true: the sounds first (their tagged text is the transcript after them), then the emotion or
style (one round per level), then the speed (last, since it changes the length the others work on).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from backends.base import SynthesisWarning
from backends.chunking import Chunk
from backends.edits import SOUNDS
from backends.lexicon import KIND_NAMES, Lexicon, ReadingKind
from backends.step.editx.edits import CJK
from backends.step.editx.manifest import LANGUAGE_TAGS, STRONGER_SPEED, TAG_EDITS
from backends.tags import TagFamily


@dataclass(frozen=True)
class SentenceEdit:
    """One EditX edit of the sentence: its type and value, the tagged text for a sound, and rounds."""

    edit_type: str
    value: str = ""
    new_text: str = ""
    rounds: int = 1


@dataclass(frozen=True)
class SentencePlan:
    clone_text: str  # what the clone prompt's human turn says: language tag, then the words
    transcript: str  # the words alone (what the edits quote)
    edits: tuple[SentenceEdit, ...]
    warnings: tuple[SynthesisWarning, ...]


def _spoken(text: str, lexicon: Lexicon, said: set[str],
            span: tuple[int, int]) -> tuple[str, list[SynthesisWarning]]:
    """`text` with respellings and pinyin written in place of their words (EditX reads both); an IPA
    reading leaves its word as written, said once per take."""
    out: list[str] = []
    warnings: list[SynthesisWarning] = []
    at = 0
    for m in lexicon.find(text, None):
        if m.entry.kind in (ReadingKind.RESPELL, ReadingKind.PINYIN):
            out.append(text[at:m.start] + m.entry.reading)
        else:
            out.append(text[at:m.end])
            if m.entry.word.casefold() not in said:
                said.add(m.entry.word.casefold())
                warnings.append(SynthesisWarning(
                    "pronunciation-unsupported",
                    f"Step-Audio-EditX cannot read {KIND_NAMES[m.entry.kind]}, so '{m.entry.word}' is spoken "
                    "as written; a respelling or pinyin works with it.", span))
        at = m.end
    out.append(text[at:])
    return "".join(out), warnings


def _with_sounds(chunk: Chunk, text: str) -> str:
    """The sentence with EditX's `[Tag]`s at their places; `text` is chunk.text with readings written
    in, so the offsets are mapped by the share of the sentence they fall at when the lengths differ."""
    parts: list[str] = []
    last = 0
    scale = len(text) / len(chunk.text) if chunk.text else 1.0
    for offset, tag in chunk.inline:
        at = min(len(text), round(offset * scale))
        parts.append(text[last:at])
        parts.append(SOUNDS[_sound_value(tag.name)])
        last = at
    parts.append(text[last:])
    joiner = "" if re.search(CJK, text) else " "  # Chinese and Japanese take tags between characters
    return joiner.join(p.strip() for p in parts if p.strip())


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _sound_value(tag_name: str) -> str:
    """The edit contract's value for a paralinguistic tag name ("Surprise-oh" -> "surprise-oh")."""
    return tag_name.lower()


def plan_sentence(chunk: Chunk, lexicon: Lexicon, said: set[str], offset: int = 0) -> SentencePlan:
    """What to clone and how to edit it for `chunk`; `said`: words already warned about in this take;
    `offset`: where the request text sits in the source the spans refer to."""
    span = (chunk.source_span[0] + offset, chunk.source_span[1] + offset)
    spoken, warnings = _spoken(chunk.text, lexicon, said, span)
    text = _tidy(spoken)  # a tag taken out leaves two spaces
    state = chunk.state
    edits: list[SentenceEdit] = []
    if chunk.inline:
        edits.append(SentenceEdit("paralinguistic", new_text=_tidy(_with_sounds(chunk, spoken))))
    for tag in (state.music, *state.free):
        if tag is None or (tag.family is TagFamily.FREE and not tag.name):
            continue
        what = "RAP and humming are TTS-3B's" if tag.family is TagFamily.MUSIC else \
            "it takes no free-form instructions"
        warnings.append(SynthesisWarning("tag-unsupported", f"{tag.raw}: Step-Audio-EditX cannot do this "
                                         f"({what}); the text is spoken plainly.",
                                         (tag.start + offset, tag.end + offset)))
    for tag in (state.emotion, state.speed):
        if tag is None:
            continue
        edit_type, value = TAG_EDITS[tag.name]
        levels = tag.definition.levels if tag.definition is not None else ()
        level = tag.level if tag.level is not None else 1
        top = max(levels) if levels else 1
        if level > top or level < 1:
            warnings.append(SynthesisWarning("tag-approximated", f"{tag.raw}: levels 1 to {top} exist; "
                                             f"level {min(max(level, 1), top)} is used.",
                                             (tag.start + offset, tag.end + offset)))
            level = min(max(level, 1), top)
        if edit_type == "speed":
            edits.append(SentenceEdit("speed", STRONGER_SPEED[value] if level == 2 else value))
        else:
            edits.append(SentenceEdit(edit_type, value, rounds=level))
    language = LANGUAGE_TAGS.get(state.language.name, "") if state.language is not None else ""
    clone_text = f"{language}{text}" if language else text
    return SentencePlan(clone_text, text, tuple(edits), tuple(warnings))
