"""The embedded engine's manifest: what it honours, what it approximates (and how), what it cannot.

Every key of the shared tag vocabulary gets an explicit entry, written for the user: the UI shows
these strings next to the tag buttons, so an approximation is never passed off as the real thing.
The numbers come from prosody.py, so the text cannot drift from what synthesis does.
"""

from __future__ import annotations

from collections.abc import Mapping

from backends.base import CloneSupport, Hardware, Manifest, Range, Support, TagSupport
from backends.embedded import prosody
from backends.tags import VOCABULARY, TagFamily

ENGINE_ID = "embedded"
ENGINE_NAME = "Embedded (CPU, offline)"
ENGINE_VERSION = "0.1.0"
LANGUAGES = ("en", "zh", "ja", "ko", "yue", "de", "fr", "es", "it", "pt", "ru", "hi")

_PLAIN = "the text is spoken plainly"

_LANGUAGE_SUPPORT: dict[str, TagSupport] = {
    "中文": TagSupport(Support.NATIVE, "Spoken by a Kokoro voice in Mandarin (misaki pinyin phonemes); "
                                       "Piper Joe hands Mandarin to Kokoro Gongitsune. Tones are not always "
                                       "right (about 2-8 % of syllables heard wrong)."),
    "英文": TagSupport(Support.NATIVE, "Spoken in English by the chosen voice (Piper Joe if it cannot)."),
    "日语": TagSupport(Support.NATIVE, "Spoken by a Kokoro voice in Japanese (OpenJTalk readings)."),
    "韩语": TagSupport(Support.APPROXIMATED, "Spoken by espeak-ng's Korean formant voice: robotic and "
                                             "hard to understand; no neural Korean voice is bundled."),
    "粤语": TagSupport(Support.APPROXIMATED, "Spoken by espeak-ng's Cantonese formant voice: robotic and "
                                             "hard to understand; no neural Cantonese voice is bundled."),
    "四川话": TagSupport(Support.UNSUPPORTED, "No Sichuanese voice is bundled: the text is spoken in "
                                              "standard Mandarin instead."),
}


def _emotion_how(name: str) -> str:
    levels = sorted((lv, p) for (n, lv), p in prosody.EMOTIONS.items() if n == name)
    body = "; ".join(f"level {lv}: {p.describe()}" for lv, p in levels)
    return f"No voice here can act an emotion; approximated with prosody only ({body})."


def _speed_how(name: str) -> str:
    levels = sorted((lv, f) for (n, lv), f in prosody.SPEEDS.items() if n == name)
    body = ", ".join(f"level {lv}: x{f:g}" for lv, f in levels)
    return f"Speaking rate {body}, native in every voice (Piper length scale, Kokoro speed, espeak rate)."


def tag_table() -> Mapping[str, TagSupport]:
    """Manifest entries for every vocabulary key plus "free" and "break"."""
    table: dict[str, TagSupport] = {}
    for d in VOCABULARY:
        if d.family is TagFamily.EMOTION:
            table[d.key] = TagSupport(Support.APPROXIMATED, _emotion_how(d.name))
        elif d.family is TagFamily.SPEED:
            table[d.key] = TagSupport(Support.NATIVE, _speed_how(d.name))
        elif d.family is TagFamily.LANGUAGE:
            table[d.key] = _LANGUAGE_SUPPORT[d.name]
        elif d.family is TagFamily.MUSIC:
            what = "rap" if d.name == "RAP" else "hum"
            table[d.key] = TagSupport(Support.UNSUPPORTED, f"No voice here can {what}: {_PLAIN}.")
        elif d.family is TagFamily.PARALINGUISTIC:
            why = f"No voice here can make the {d.english} sound: it is left out and {_PLAIN}."
            table[d.key] = TagSupport(Support.UNSUPPORTED, why)
    table["free"] = TagSupport(Support.UNSUPPORTED, "Free-form instructions need a language-model voice; the "
                                                    f"embedded voices ignore them ({_PLAIN}, never the tag).")
    table["break"] = TagSupport(Support.NATIVE, "Inserts silence of the given length.")
    return table


PRONUNCIATION: dict[str, TagSupport] = {
    "respell": TagSupport(Support.NATIVE, "Every voice reads the respelling in place of the word."),
    "ipa": TagSupport(Support.NATIVE, "Piper and Kokoro voices read the IPA as phonemes (a symbol a voice "
                                      "has no sound for is left out, with a warning). eSpeak voices "
                                      "(Cantonese, Korean, ...) cannot: they read the word as written and "
                                      "say so."),
    "pinyin": TagSupport(Support.NATIVE, "Mandarin is spoken by Kokoro voices, which read the pinyin "
                                         "through misaki's own pinyin table."),
}


def build_manifest() -> Manifest:
    return Manifest(
        id=ENGINE_ID,
        name=ENGINE_NAME,
        version=ENGINE_VERSION,
        licence="GPL-3.0-or-later (piper-tts, espeak-ng); Kokoro-82M and misaki Apache-2.0",
        description="Offline CPU voices that ship inside Python packages: Piper Joe (English, the "
                    "default and fastest), five Kokoro voices (Japanese, English, Mandarin) and espeak-ng "
                    "(Cantonese, Korean and other languages; robotic). Emotions are approximated with "
                    "rate, pitch and loudness.",
        languages=LANGUAGES,
        tags=tag_table(),
        streaming=True,
        speed=Range(prosody.MIN_SPEED, prosody.MAX_SPEED, 1.0, "native"),
        pitch=Range(prosody.MIN_PITCH, prosody.MAX_PITCH, 0.0,
                    "native for espeak voices (post-process past -6..+9); post-process (pedalboard "
                    "pitch shift) for Piper and Kokoro voices"),
        cloning=CloneSupport("match", min_seconds=3.0, ideal_seconds=8.0, max_seconds=30.0,
                             needs_transcript=False,
                             note="Matches the nearest blend of the bundled voices and shifts pitch; it does "
                                  "not clone the voice. Reports the similarity it reached. (Use the "
                                  "Step-Audio engine for a real clone.)"),
        hardware=Hardware("cpu", 580, "measured: resident memory grows by about 125 MB with Piper and "
                                      "espeak loaded and about 570 MB once Kokoro and its Mandarin and "
                                      "Japanese dictionaries are in use; 2 CPU cores; no GPU"),
        pronunciation=PRONUNCIATION,
    )
