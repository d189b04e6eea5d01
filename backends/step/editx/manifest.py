"""What the Step-Audio-EditX engine declares: its edits natively, and speech as a clone followed by edits.

EditX speaks by cloning: the text in the voice of a prompt clip, with a language tag in front where the
language is not Mandarin or English. Everything else the studio's tags ask for is one of EditX's own
edits applied to that sentence afterwards (emotion, speed, a sound at a place), the way the reference's
demo chains a clone and its edits; each tag's sentence below says which. RAP and humming are TTS-3B's and
are refused by name here, never read aloud.
"""

from __future__ import annotations

from collections.abc import Mapping

from backends.base import CloneSupport, Hardware, Manifest, Support, TagSupport
from backends.step import voices
from backends.step.editx.edits import edit_table
from backends.tags import TagFamily, vocabulary

ENGINE_ID = "step-editx"
ENGINE_NAME = "Step-Audio-EditX (local)"
MODEL = "Step-Audio-EditX"
SAMPLE_RATE = 24000
LANGUAGES = ("zh", "en", "ja", "ko", "yue", "zh-sichuan")

# The studio's state tags as EditX edits: tag name -> (edit type, value).
TAG_EDITS: Mapping[str, tuple[str, str]] = {
    "高兴": ("emotion", "happy"), "生气": ("emotion", "angry"), "悲伤": ("emotion", "sad"),
    "撒娇": ("style", "act_coy"),
    "慢速": ("speed", "slower"), "快速": ("speed", "faster"),
}
# Level 2 of a speed tag: EditX's stronger speed (one edit, not two).
STRONGER_SPEED = {"slower": "more slower", "faster": "more faster"}
# Language tags EditX reads at the start of the text; Mandarin and English need none.
LANGUAGE_TAGS: Mapping[str, str] = {"四川话": "[Sichuanese]", "粤语": "[Cantonese]", "日语": "[Japanese]",
                                    "韩语": "[Korean]", "中文": "", "英文": ""}


_EDITED = {
    "emotion": "the sentence is spoken, then given this emotion by an EditX edit (each level is one more "
               "round of it)",
    "style": "the sentence is spoken, then given this speaking style by an EditX edit (each level is one "
             "more round of it)",
    "speed": "the sentence is spoken, then made slower or faster by an EditX speed edit (level 2: its "
             "stronger speed)",
}


def _tags() -> dict[str, TagSupport]:
    tags: dict[str, TagSupport] = {}
    for d in vocabulary():
        if d.family is TagFamily.MUSIC:
            tags[d.key] = TagSupport(Support.UNSUPPORTED, "EditX has no RAP or humming (TTS-3B does them); "
                                                          "the text is spoken plainly")
        elif d.family is TagFamily.PARALINGUISTIC:
            tags[d.key] = TagSupport(Support.NATIVE, "the sentence is spoken, then EditX adds the sound at "
                                                     "the tag's place (a paralinguistic edit)")
        elif d.family is TagFamily.LANGUAGE:
            written = LANGUAGE_TAGS[d.name]
            tags[d.key] = TagSupport(Support.NATIVE, f"written as EditX's language tag {written}" if written
                                     else "EditX speaks it by default; the text decides")
        else:
            tags[d.key] = TagSupport(Support.NATIVE, _EDITED[TAG_EDITS[d.name][0]])
    tags["free"] = TagSupport(Support.UNSUPPORTED, "EditX takes no free-form instructions; left out, never "
                                                   "read aloud")
    tags["break"] = TagSupport(Support.APPROXIMATED, "silence inserted between the sentences around it")
    return tags


MANIFEST = Manifest(
    id=ENGINE_ID,
    name=ENGINE_NAME,
    version="1",
    licence="Apache-2.0 (Step-Audio-EditX model and code by StepFun)",
    description="StepFun's Step-Audio-EditX run locally in PyTorch: edits recordings by instruction "
    "(15 emotions, 33 speaking styles, four speeds, ten non-verbal sounds, denoising, silence removal) "
    "and speaks text in a cloned voice at 24 kHz.",
    languages=LANGUAGES,
    tags=_tags(),
    streaming=True,  # sentences without edits; an edited sentence arrives whole
    speed=None,
    pitch=None,
    cloning=CloneSupport(
        "clone", voices.MIN_SECONDS, voices.IDEAL_SECONDS, voices.MAX_SECONDS, needs_transcript=True,
        note="Any clip from 3 s with its transcript (made by the app's speech recognition when not "
        "given); EditX voices are prepared for EditX (its decoder runs at 24 kHz)."),
    tokenize=True,
    hardware=Hardware(
        "cuda", 0, "one NVIDIA GPU with 12 GB (bf16) or about 8 GB (8-bit weights); runs on the CPU too, "
        "many times slower than real time. The memory check before loading says what fits."),
    pronunciation={
        "respell": TagSupport(Support.NATIVE, "The respelling is written in place of the word."),
        "pinyin": TagSupport(Support.NATIVE, "The pinyin with tone digits is written in place of the "
                                             "word; EditX reads inline pinyin (guo4)."),
        "ipa": TagSupport(Support.UNSUPPORTED, "EditX reads text, not phonemes: the word is read as "
                                               "written. Use a respelling or pinyin."),
    },
    edits=edit_table(),
)

# EditX samples as its reference does (temperature 0.7, top-k 50); a take is repeated by its seed.
OPTIONS: dict[str, dict[str, object]] = {
    "streaming": {"default": True, "help": "decode a sentence while it is generated (audio starts sooner; "
                                           "sentences with edits arrive whole)"},
}
