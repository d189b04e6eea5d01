"""Helpers for the embedded engine's tests: the fixed sentences, running a take into one Audio,
and scoring what Whisper hears (WER for English, character and toned-pinyin error for Mandarin,
kana-reading error for Japanese)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from backends.audio import Audio
from backends.base import (
    AudioChunk,
    CancelToken,
    Finished,
    Progress,
    SynthesisEvent,
    SynthesisRequest,
    SynthesisWarning,
)
from backends.embedded import EmbeddedBackend

# Fixed sentences for the intelligibility checks.
ENGLISH = (
    "The old lighthouse stood at the edge of the cliff for more than a century.",
    "Every night the bright beam swept across the dark water, warning ships away from the rocks.",
    "Please bring your umbrella, because it will probably rain this afternoon.",
    "She bought fresh bread, a little cheese and seven green apples at the market.",
)
MANDARIN = (
    "今天天气很好，我们一起去公园散步吧。",
    "这家餐厅的菜非常好吃，价格也很便宜。",
    "我明天早上要坐火车去北京开会。",
    "图书馆里有很多学生在安静地看书。",
    "请把窗户打开，房间里太热了。",
    "他每天晚上都会给妈妈打电话。",
)
JAPANESE = (
    "今日はとても良い天気ですね。",
    "駅の近くに新しい本屋ができました。",
    "明日の朝、友達と一緒に公園を散歩します。",
)


@dataclass
class Take:
    audio: Audio
    events: list[SynthesisEvent]
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def chunks(self) -> list[AudioChunk]:
        return [e for e in self.events if isinstance(e, AudioChunk)]

    @property
    def warnings(self) -> list[SynthesisWarning]:
        return [e for e in self.events if isinstance(e, SynthesisWarning)]

    @property
    def progress(self) -> list[Progress]:
        return [e for e in self.events if isinstance(e, Progress)]


def run_take(engine: EmbeddedBackend, text: str, cancel: CancelToken | None = None, **kw: Any) -> Take:
    events = list(engine.synthesize(SynthesisRequest(text, **kw), cancel or CancelToken()))
    chunks = [e for e in events if isinstance(e, AudioChunk)]
    assert chunks, "a take with speech yields audio"
    rates = {c.sample_rate for c in chunks}
    assert len(rates) == 1, f"one take, one sample rate; got {rates}"
    audio = Audio(np.concatenate([c.samples for c in chunks]), rates.pop())
    assert isinstance(events[-1], Finished)
    return Take(audio, events, dict(events[-1].metadata))


_NUMBERS = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six",
            "7": "seven", "8": "eight", "9": "nine", "10": "ten", "11": "eleven", "12": "twelve"}


def english_words(text: str) -> list[str]:
    """Lower case, no punctuation, small numbers as words, "it's" and "its" kept apart."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    words = re.findall(r"[a-z0-9']+", text)
    return [_NUMBERS.get(w, w).strip("'") for w in words if w.strip("'")]


def edit_distance(a: list[str] | str, b: list[str] | str) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def wer(reference: str, hypothesis: str) -> float:
    ref = english_words(reference)
    return edit_distance(ref, english_words(hypothesis)) / max(len(ref), 1)


def cjk_chars(text: str) -> str:
    """Only the characters that carry content (Han, kana, letters, digits): punctuation dropped."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch.isalnum())


def cer(reference: str, hypothesis: str) -> float:
    ref = cjk_chars(reference)
    return edit_distance(ref, cjk_chars(hypothesis)) / max(len(ref), 1)


def pinyin_error(reference: str, hypothesis: str) -> float:
    """Error rate over toned pinyin syllables: what a listener hears, blind to which homophone
    character Whisper writes (坐/做, 馆里/管理) and to Traditional versus Simplified forms."""
    from pypinyin import Style, lazy_pinyin

    def syllables(text: str) -> list[str]:
        return lazy_pinyin(cjk_chars(text), style=Style.TONE3, neutral_tone_with_five=True)

    ref = syllables(reference)
    return edit_distance(ref, syllables(hypothesis)) / max(len(ref), 1)


def kana_error(reference: str, hypothesis: str) -> float:
    """Error rate over the katakana reading (OpenJTalk's, the one Kokoro's Japanese G2P starts from):
    what a listener hears, blind to how Whisper spells it (きょう for 今日, よい for 良い), as toned
    pinyin is for Mandarin."""
    import pyopenjtalk

    def reading(text: str) -> str:
        return cjk_chars(pyopenjtalk.g2p(cjk_chars(text), kana=True))

    ref = reading(reference)
    return edit_distance(ref, reading(hypothesis)) / max(len(ref), 1)
