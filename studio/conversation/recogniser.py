"""Which Whisper listens in a chat, chosen by the language the user speaks.

Recognition sits on every turn's critical path (the final transcript comes after the end of the
user's speech), so the smallest model that does the job wins: English gets Whisper tiny.en, about
half the time per call of base (bench/chat_latency.py measures both); every other language gets
the multilingual base, told the language where we know it, so that Mandarin gets base's
Simplified-Chinese prompt and script (backends/embedded/asr.py); "auto" lets base detect it.
Kept out of studio.conversation so the Chat page shows the choice without importing the
controller at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass

SPOKEN_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("en", "English"),
    ("zh", "Mandarin Chinese"),
    ("auto", "Another language (detected)"),
)


@dataclass(frozen=True)
class RecogniserChoice:
    model: str  # a backends.embedded.asr model name: "tiny.en" or "base"
    language: str | None  # passed to transcribe(); None: Whisper detects it

    def describe(self) -> str:
        return f"Whisper {self.model}"


def recogniser_for(language: str | None) -> RecogniserChoice:
    """The recogniser for a spoken-language code ("en", "zh", ..., or "auto"/None to detect)."""
    code = (language or "auto").strip().lower()
    if code == "en":
        return RecogniserChoice("tiny.en", "en")
    return RecogniserChoice("base", None if code == "auto" else code)
