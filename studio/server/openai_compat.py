"""What lets an unchanged OpenAI client use the studio: its model names, its voice names and its
free-form `instructions`, each turned into the studio's own terms.

- Models: `tts-1`, `tts-1-hd` and the `gpt-4o-mini-tts` names all mean the server's default engine
  (ServerConfig.default_engine, else `embedded` when served, else the first engine served).
- Voices: every OpenAI voice name maps to a studio voice of a fitting kind. OPENAI_VOICES is the
  table for the embedded engine; the user overrides any entry in the settings file
  (`openai_voices`, passed in as ServerConfig.openai_voices). On an engine that lacks the mapped
  voice, the name takes a voice of the same kind (female, male) there, spread by name, and else the
  engine's default. `default` means the engine's own default voice; studio voice ids work as ever.
- Instructions: phrases the studio's tags can say (emotion, speed, language, rap and humming) become
  tags in front of the text; the rest is reported back, never read aloud.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from backends.base import VoiceInfo
from backends.tags import BY_KEY, TagFamily

# OpenAI's speech models; each means the server's default engine.
OPENAI_MODELS = ("tts-1", "tts-1-hd", "gpt-4o-mini-tts", "gpt-4o-mini-tts-2025-03-20",
                 "gpt-4o-mini-tts-2025-12-15")
DEFAULT_VOICE_NAME = "default"


@dataclass(frozen=True)
class OpenAIVoice:
    """One OpenAI voice: the kind of voice it is, and the embedded engine's voice that fits it."""

    name: str
    kind: str  # "female", "male" or "neutral"
    embedded: str  # the embedded engine's voice id
    why: str  # for the README's table


OPENAI_VOICES: tuple[OpenAIVoice, ...] = (
    OpenAIVoice("alloy", "neutral", "piper:joe", "neutral, clear: the engine's default voice"),
    OpenAIVoice("ash", "male", "piper:joe", "male, clear English"),
    OpenAIVoice("ballad", "male", "kokoro:jm_kumo", "male, soft"),
    OpenAIVoice("coral", "female", "kokoro:jf_alpha", "female, warm"),
    OpenAIVoice("echo", "male", "piper:joe", "male, even"),
    OpenAIVoice("fable", "male", "kokoro:jm_kumo", "male, storyteller"),
    OpenAIVoice("onyx", "male", "piper:joe", "male, deep"),
    OpenAIVoice("nova", "female", "kokoro:jf_nezumi", "female, bright"),
    OpenAIVoice("sage", "female", "kokoro:jf_gongitsune", "female, calm"),
    OpenAIVoice("shimmer", "female", "kokoro:jf_tebukuro", "female, light"),
    OpenAIVoice("verse", "male", "kokoro:jm_kumo", "male, expressive"),
    OpenAIVoice("marin", "female", "kokoro:jf_alpha", "female, natural"),
    OpenAIVoice("cedar", "male", "piper:joe", "male, natural"),
)
BY_NAME = {v.name: v for v in OPENAI_VOICES}


def default_voice_map() -> dict[str, str]:
    """OpenAI voice name -> embedded voice id, before the user's settings."""
    return {v.name: v.embedded for v in OPENAI_VOICES}


@dataclass(frozen=True)
class ResolvedVoice:
    """The studio voice an OpenAI request's `voice` names: `voice_id` None is the engine's default."""

    voice_id: str | None
    how: str  # "default", "studio" (a studio id as given), "mapped" (settings/table), "by-kind"


def resolve_voice(requested: str | None, voices: Sequence[VoiceInfo], prepared: Sequence[str],
                  overrides: Mapping[str, str] | None = None) -> ResolvedVoice | None:
    """The studio voice for `requested` on an engine with `voices` (and `prepared` voice ids);
    None when it names nothing this engine or OpenAI knows (the caller refuses it)."""
    if requested is None or requested == DEFAULT_VOICE_NAME:
        return ResolvedVoice(None, "default")
    ids = [v.id for v in voices] + list(prepared)
    if requested in ids:
        return ResolvedVoice(requested, "studio")
    name = requested.strip().lower()
    if name not in BY_NAME:
        return None
    mapped = {**default_voice_map(), **{k.lower(): v for k, v in (overrides or {}).items()}}.get(name)
    if mapped is not None and mapped in ids:
        return ResolvedVoice(mapped, "mapped")
    kind = BY_NAME[name].kind
    same_kind = [v.id for v in voices if v.gender == kind]
    if not same_kind:
        return ResolvedVoice(None, "default")
    siblings = [v.name for v in OPENAI_VOICES if v.kind == kind]
    return ResolvedVoice(same_kind[siblings.index(name) % len(same_kind)], "by-kind")


# --- instructions -> tags ---------------------------------------------------------------------------

# (words that say it, tag key, level). Longer phrases first: "very slow" before "slow".
_PHRASES: tuple[tuple[tuple[str, ...], str, int | None], ...] = (
    (("very happy", "very cheerful", "very excited", "ecstatic", "overjoyed"), "emotion:高兴", 2),
    (("happy", "happily", "cheerful", "cheerfully", "joyful", "joyfully", "upbeat", "excited", "excitedly",
      "positive", "enthusiastic", "enthusiastically", "delighted", "高兴", "开心"), "emotion:高兴", 1),
    (("very angry", "furious", "enraged", "livid"), "emotion:生气", 2),
    (("angry", "angrily", "annoyed", "irritated", "mad", "cross", "生气"), "emotion:生气", 1),
    (("sad", "sadly", "sorrowful", "sorrowfully", "melancholy", "melancholic", "gloomy", "somber", "sombre",
      "mournful", "mournfully", "悲伤"), "emotion:悲伤", 1),
    (("coquettish", "pleading", "cutesy", "撒娇"), "emotion:撒娇", 1),
    (("very slow", "very slowly"), "speed:慢速", 2),
    (("slow", "slowly", "unhurried", "leisurely", "慢"), "speed:慢速", 1),
    (("very fast", "very quickly", "very quick"), "speed:快速", 2),
    (("fast", "quickly", "quick", "rapid", "rapidly", "brisk", "briskly", "hurried", "快"), "speed:快速", 1),
    (("mandarin", "chinese", "普通话", "中文"), "language:中文", None),
    (("in english", "english", "英文", "英语"), "language:英文", None),
    (("japanese", "日语"), "language:日语", None),
    (("korean", "韩语"), "language:韩语", None),
    (("cantonese", "粤语", "广东话"), "language:粤语", None),
    (("sichuanese", "四川话"), "language:四川话", None),
    (("rap", "rapping"), "music:RAP", None),
    (("humming", "hum", "哼唱"), "music:哼唱", None),
)
_NEGATION = re.compile(r"\b(?:not|don't|do not|never|no|avoid|without)\b|不要|别|不")
_CLAUSE = re.compile(r"[.;,!?\n。；，！？]+|\band\b|\bbut\b")


def _has_phrase(clause: str, phrase: str) -> bool:
    if not phrase.isascii():
        return phrase in clause
    return re.search(rf"(?<![a-z']){re.escape(phrase)}(?![a-z'])", clause) is not None


@dataclass(frozen=True)
class Instructions:
    """What `instructions` became: a tag prefix for the text, and what could not be said as tags."""

    prefix: str  # canonical tags, e.g. "(高兴1)(慢速1)"; "" when none
    applied: tuple[str, ...]  # "emotion=happy", "speed=slow", ... (ASCII, for a header)
    ignored: tuple[str, ...]  # the phrases no tag says, as written


def instructions_to_tags(text: str | None) -> Instructions:
    """Map OpenAI's free-form `instructions` onto the studio's tags, one per tag family; phrases
    that say nothing a tag can (or say it negated: "not too fast") are returned as ignored."""
    if not text or not text.strip():
        return Instructions("", (), ())
    families: dict[TagFamily, tuple[str, int | None]] = {}
    ignored: list[str] = []
    for raw in _CLAUSE.split(text):
        clause = raw.strip()
        if not clause:
            continue
        lowered = clause.lower()
        hit = None
        if not _NEGATION.search(lowered):
            hit = next(((key, level) for phrases, key, level in _PHRASES
                        if any(_has_phrase(lowered, p) for p in phrases)), None)
        if hit is None:
            ignored.append(clause)
            continue
        family = BY_KEY[hit[0]].family
        families.setdefault(family, hit)
    prefix = ""
    applied: list[str] = []
    for key, level in families.values():
        definition = BY_KEY[key]
        prefix += f"({definition.name}{level if level is not None else ''})"
        applied.append(f"{definition.family.value}={definition.english}"
                       + (f" {level}" if level is not None else ""))
    return Instructions(prefix, tuple(applied), tuple(ignored))
