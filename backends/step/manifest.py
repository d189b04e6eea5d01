"""What the Step-Audio TTS-3B engine declares: every TTS-3B tag native, the rest honestly refused."""

from __future__ import annotations

from backends.base import CloneSupport, Hardware, Manifest, Support, TagSupport
from backends.step import voices
from backends.tags import TagFamily, vocabulary

ENGINE_ID = "step-local"
ENGINE_NAME = "Step-Audio TTS-3B (local)"
SAMPLE_RATE = 22050
LANGUAGES = ("zh", "en", "ja", "ko", "yue", "zh-sichuan")


def _tags() -> dict[str, TagSupport]:
    tags: dict[str, TagSupport] = {}
    for d in vocabulary():
        if d.family is TagFamily.PARALINGUISTIC:
            tags[d.key] = TagSupport(
                Support.UNSUPPORTED,
                "TTS-3B makes no non-verbal sounds (Step-Audio-EditX "
                "adds them); it is left out, never read aloud",
            )
        elif d.family is TagFamily.MUSIC:
            tags[d.key] = TagSupport(
                Support.NATIVE, f"switches to the {d.english} system prompt and the Music decoder"
            )
        else:
            levels = f" (levels {', '.join(map(str, d.levels))}; others use the nearest)" if d.levels else ""
            tags[d.key] = TagSupport(Support.NATIVE, f"read by the model as the prefix ({d.name}){levels}")
    tags["free"] = TagSupport(
        Support.NATIVE, "passed to the model as a free-form prefix; weaker effect than the listed tags"
    )
    tags["break"] = TagSupport(Support.APPROXIMATED, "silence inserted between the sentences around it")
    return tags


MANIFEST = Manifest(
    id=ENGINE_ID,
    name=ENGINE_NAME,
    version="1",
    licence="Apache-2.0 (Step-Audio models and code by StepFun)",
    description="StepFun's Step-Audio-TTS-3B with its dual-codebook tokenizer and CosyVoice decoders, "
    "run locally in PyTorch: emotions, dialects, speed, RAP and humming, zero-shot cloning.",
    languages=LANGUAGES,
    tags=_tags(),
    streaming=True,
    speed=None,  # speed is a tag (慢速/快速), not a continuous control
    pitch=None,
    cloning=CloneSupport(
        "clone",
        voices.MIN_SECONDS,
        voices.IDEAL_SECONDS,
        voices.MAX_SECONDS,
        needs_transcript=True,
        note="Any clip from 3 s at 8 kHz or more with its transcript (made by the app's "
        "speech recognition when not given).",
    ),
    tokenize=True,
    hardware=Hardware(
        "cuda",
        0,
        "one NVIDIA GPU with 8 GB (8-bit weights) or 12 GB (bf16); runs on the CPU "
        "too, far slower than real time. The memory check before loading says "
        "what fits.",
    ),
    pronunciation={
        "respell": TagSupport(Support.NATIVE, "The respelling is written in place of the word."),
        "ipa": TagSupport(Support.UNSUPPORTED, "TTS-3B reads text, not phonemes: the word is read as "
                                               "written. Use a respelling."),
        "pinyin": TagSupport(Support.UNSUPPORTED, "TTS-3B is not documented to read inline pinyin (EditX "
                                                  "is): the word is read as written. Use a respelling "
                                                  "(a character with the reading you want)."),
    },
)

# Request options the engine reads (SynthesisRequest.options), with defaults and ranges.
OPTIONS: dict[str, dict[str, object]] = {
    "temperature": {"default": 0.7, "min": 0.0, "max": 2.0, "help": "sampling temperature (0: greedy)"},
    "top_k": {"default": 50, "min": 0, "max": 5120, "help": "keep the k likeliest tokens (0: off)"},
    "top_p": {"default": 1.0, "min": 0.01, "max": 1.0, "help": "nucleus sampling mass"},
    "streaming": {"default": True, "help": "decode while generating (audio starts sooner)"},
}
# Engine settings (constructor arguments; changing them reloads the engine).
SETTINGS: dict[str, dict[str, object]] = {
    "device": {"default": "auto", "choices": ("auto", "cuda", "cpu")},
    "quant": {"default": "auto", "choices": ("auto", "none", "int8", "int4")},
}
