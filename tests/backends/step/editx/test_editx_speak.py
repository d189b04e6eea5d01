"""Tagged text as EditX does it: what is cloned, and which edits of the sentence give it its tags."""

from __future__ import annotations

from backends.chunking import chunk_text
from backends.lexicon import Lexicon, Pronunciation, ReadingKind
from backends.step.editx.manifest import MANIFEST
from backends.step.editx.speak import SentenceEdit, plan_sentence
from backends.tags import parse, vocabulary


def _plan(text: str, lexicon: Lexicon | None = None):
    chunks = [c for c in chunk_text(parse(text)) if c.has_speech]
    assert len(chunks) == 1
    return plan_sentence(chunks[0], lexicon or Lexicon(()), set())


def test_plain_text_is_cloned_as_it_is() -> None:
    plan = _plan("Hello there, friend.")
    assert plan.clone_text == plan.transcript == "Hello there, friend."
    assert plan.edits == () and plan.warnings == ()


def test_sounds_become_one_paralinguistic_edit_with_the_tags_in_place() -> None:
    plan = _plan("Hello [Laughter] there [Sigh] friend.")
    assert plan.transcript == "Hello there friend."
    assert plan.edits == (SentenceEdit("paralinguistic", new_text="Hello [Laughter] there [Sigh] friend."),)
    chinese = _plan("你好[Breathing]世界。")
    assert chinese.edits[0].new_text == "你好[Breathing]世界。"


def test_emotion_levels_are_rounds_and_speed_levels_pick_the_stronger_speed() -> None:
    plan = _plan("(高兴2)(快速2)今天天气很好。")
    assert plan.edits == (SentenceEdit("emotion", "happy", rounds=2), SentenceEdit("speed", "more faster"))
    assert _plan("(慢速1)慢一点。").edits == (SentenceEdit("speed", "slower"),)
    assert _plan("(撒娇)好不好嘛。").edits == (SentenceEdit("style", "act_coy"),)
    # Sounds go first (their tagged text is the transcript after them), speed last.
    mixed = _plan("(生气)(慢速1)走开[Sigh]吧。")
    assert [e.edit_type for e in mixed.edits] == ["paralinguistic", "emotion", "speed"]


def test_a_level_beyond_the_tag_is_said_and_clamped() -> None:
    plan = _plan("(悲伤2)再见。")
    assert plan.edits == (SentenceEdit("emotion", "sad", rounds=1),)
    assert [w.code for w in plan.warnings] == ["tag-approximated"]


def test_languages_are_editx_tags_and_music_is_refused_by_name() -> None:
    assert _plan("(四川话)你吃饭没得。").clone_text == "[Sichuanese]你吃饭没得。"
    assert _plan("(粤语)你好。").clone_text == "[Cantonese]你好。"
    assert _plan("(英文)Hello.").clone_text == "Hello."
    rap = _plan("(RAP)我们走。")
    assert rap.clone_text == "我们走。" and rap.edits == ()
    assert rap.warnings[0].code == "tag-unsupported" and "TTS-3B" in rap.warnings[0].message


def test_pinyin_and_respellings_are_written_in_and_ipa_is_said_once() -> None:
    lexicon = Lexicon((Pronunciation("过", "guo4", ReadingKind.PINYIN),
                       Pronunciation("Xi", "shee", ReadingKind.RESPELL),
                       Pronunciation("tomato", "təˈmɑːtoʊ", ReadingKind.IPA)))
    assert _plan("我过来了。", lexicon).clone_text == "我guo4来了。"
    plan = _plan("Xi likes tomato and tomato.", lexicon)
    assert plan.clone_text == "shee likes tomato and tomato."
    assert [w.code for w in plan.warnings] == ["pronunciation-unsupported"]


def test_every_tag_of_the_vocabulary_is_declared() -> None:
    for d in vocabulary():
        assert d.key in MANIFEST.tags, d.key
    assert not MANIFEST.tags["music:RAP"].honoured
    assert MANIFEST.edits["emotion"].max_seconds == 30.0
