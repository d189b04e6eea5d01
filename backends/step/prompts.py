"""The TTS-3B prompt: system prompts, the tag prefix it reads, and the id sequence fed to the LLM.

The layout is the reference's: BOS; a system turn; the voice's prompt as a human turn (its transcript)
answered by an assistant turn (its audio ids); the target text as a human turn; and an open assistant
turn that the model continues with audio ids. Every turn is `<|BOT|>` + role line + content +
`<|EOT|>`; the human texts are encoded after a newline whose own ids are then dropped, which keeps the
SentencePiece word-start marker off their first piece. The system prompts are the model's training
data in effect, so they are kept verbatim in `system_prompts.json`, never retyped.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from backends.base import SynthesisWarning
from backends.chunking import Chunk
from backends.step.textok import BOS_ID, BOT_ID, EOT_ID, TextTokenizer
from backends.tags import Tag, TagFamily

_PROMPTS_FILE = Path(__file__).with_name("system_prompts.json")


class MusicMode(str, Enum):
    SPEECH = ""
    RAP = "RAP"
    HUMMING = "哼唱"

    @property
    def uses_music_vocoder(self) -> bool:
        return self is not MusicMode.SPEECH


@lru_cache(maxsize=1)
def system_prompts() -> dict[str, str]:
    raw = json.loads(_PROMPTS_FILE.read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if k != "source"}


def system_prompt(mode: MusicMode, speaker: str = "") -> str:
    """RAP and humming have their own prompts; speech names the built-in speaker when there is one
    (a cloned voice has no name the model knows, so it gets the prompt without one)."""
    prompts = system_prompts()
    if mode is MusicMode.RAP:
        return prompts["rap"]
    if mode is MusicMode.HUMMING:
        return prompts["humming"]
    if speaker:
        return prompts["voice_actor_with_speaker"].format(speaker)
    return prompts["voice_actor"]


def _strip_newline_prefix(tok: TextTokenizer, text: str) -> list[int]:
    prefix = tok.encode("\n")
    return tok.encode("\n" + text)[len(prefix) :]


def build_prompt_ids(
    tok: TextTokenizer,
    *,
    text: str,
    prompt_text: str,
    prompt_audio_ids: Sequence[int],
    mode: MusicMode = MusicMode.SPEECH,
    speaker: str = "",
) -> list[int]:
    """The ids the LLM continues. `text` is the target with its tag prefix (`(高兴1)你好`),
    `prompt_audio_ids` the voice prompt's LLM audio ids (65536 + interleaved code)."""
    human = tok.encode("human\n")
    assistant = tok.encode("assistant\n")
    ids = [BOS_ID, BOT_ID, *tok.encode("system\n" + system_prompt(mode, speaker)), EOT_ID]
    ids += [BOT_ID, *human, *_strip_newline_prefix(tok, prompt_text), EOT_ID]
    ids += [BOT_ID, *assistant, *(int(i) for i in prompt_audio_ids), EOT_ID]
    ids += [BOT_ID, *human, *_strip_newline_prefix(tok, text), EOT_ID]
    ids += [BOT_ID, *assistant]
    return ids


@dataclass(frozen=True)
class RenderedText:
    text: str  # what the LLM reads: the tag prefix, then the spoken text
    mode: MusicMode
    warnings: tuple[SynthesisWarning, ...] = ()


def _level_for(tag: Tag) -> tuple[int | None, str | None]:
    """The level to write, and a note when it is not the one the user asked for."""
    d = tag.definition
    if d is None or not d.levels or tag.level is None or tag.level in d.levels:
        return (tag.level if d is None or d.levels else None), None
    nearest = min(d.levels, key=lambda lv: (abs(lv - tag.level), lv))  # type: ignore[operator]
    return (
        nearest,
        f"{tag.raw}: TTS-3B knows levels {', '.join(map(str, d.levels))}; level {nearest} is used.",
    )


def _prefix(tag: Tag) -> str:
    """The tag in the vocabulary's spelling, inside the parentheses the user typed: the reference
    sends the text as written, and full-width ones are different ids (1014 against 1010 for one
    prompt measured), so rewriting them to ASCII would change what the model reads."""
    level, _ = _level_for(tag)
    wide = tag.raw.startswith("（") and tag.raw.endswith("）")
    left, right = ("（", "）") if wide else ("(", ")")
    if tag.family is TagFamily.FREE:
        return f"{left}{tag.name}{right}"
    return f"{left}{tag.name}{level if level is not None else ''}{right}"


def render_chunk(chunk: Chunk, offset: int = 0) -> RenderedText:
    """The chunk as TTS-3B reads it. Music tags come first and pick the mode; every other state tag
    is written as its prefix; inline sounds ([Laughter]) are not something TTS-3B can make, so they
    are dropped from the text and reported, never read aloud. `offset`: where the request text sits
    in the source the spans refer to."""
    warnings: list[SynthesisWarning] = []
    state = chunk.state
    mode = MusicMode(state.music.name) if state.music is not None else MusicMode.SPEECH
    parts: list[str] = []
    for tag in state.tags():
        if tag.family is TagFamily.FREE and not tag.name:
            continue
        _, note = _level_for(tag)
        if note:
            warnings.append(
                SynthesisWarning("tag-approximated", note, (tag.start + offset, tag.end + offset))
            )
        parts.append(_prefix(tag))
    for _, tag in chunk.inline:
        warnings.append(
            SynthesisWarning(
                "tag-unsupported",
                f"{tag.raw}: Step-Audio TTS-3B cannot make non-verbal sounds; it was left out "
                "(EditX can add them).",
                (tag.start + offset, tag.end + offset),
            )
        )
    return RenderedText("".join(parts) + chunk.text, mode, tuple(warnings))
