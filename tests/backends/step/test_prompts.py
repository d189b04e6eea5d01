"""The prompt ids equal the reference prompt builder's, byte for byte (tests/data/step/engine/README.md),
for the built-in voice, tags, RAP, humming and a clone, with and without BOS in the tokenizer config."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from backends.chunking import chunk_text
from backends.step.prompts import MusicMode, build_prompt_ids, render_chunk
from backends.step.textok import TextTokenizer
from backends.tags import parse

DATA = Path(__file__).resolve().parents[2] / "data" / "step" / "engine"
GOLDEN = json.loads((DATA / "prompt_ids.json").read_text(encoding="utf-8"))
MODES = {"plain": MusicMode.SPEECH, "tags": MusicMode.SPEECH, "rap": MusicMode.RAP,
         "humming": MusicMode.HUMMING, "clone": MusicMode.SPEECH}


def _tokenizer(tmp_path: Path, flag: str) -> TextTokenizer:
    shutil.copy(DATA / "tokenizer.model", tmp_path / "tokenizer.model")
    config = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>",
              "tokenizer_class": "LlamaTokenizer"}
    if flag != "unset":
        config["add_bos_token"] = flag == "true"
    (tmp_path / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    return TextTokenizer(tmp_path / "tokenizer.model")


@pytest.mark.parametrize("flag", sorted(GOLDEN["add_bos_token"]))
@pytest.mark.parametrize("case", sorted(MODES))
def test_prompt_ids_equal_the_reference(tmp_path, flag: str, case: str) -> None:
    tok = _tokenizer(tmp_path, flag)
    want = GOLDEN["add_bos_token"][flag][case]
    mode = MODES[case]
    got = build_prompt_ids(tok, text=want["text"], prompt_text=want["prompt_text"],
                           prompt_audio_ids=GOLDEN["prompt_code"], mode=mode,
                           speaker=want["speaker"] if mode is MusicMode.SPEECH else "")
    assert got == want["ids"]


def test_bos_leads_every_encode_unless_the_config_turns_it_off(tmp_path) -> None:
    assert _tokenizer(tmp_path, "unset").encode("human\n")[0] == 1
    assert GOLDEN["add_bos_token"]["unset"]["plain"]["ids"][:3] == [1, 4, 1]
    assert _tokenizer(tmp_path, "false").encode("human\n")[0] != 1


@pytest.mark.parametrize("case", sorted(MODES))
def test_what_the_user_types_renders_to_the_reference_text(case: str) -> None:
    text = GOLDEN["add_bos_token"]["unset"][case]["text"]
    chunks = [c for c in chunk_text(parse(text)) if c.has_speech]
    assert len(chunks) == 1
    rendered = render_chunk(chunks[0])
    assert rendered.text == text and rendered.mode is MODES[case]


@pytest.mark.parametrize("text", ["（高兴1）今天天气真好。", "（高兴1）(四川话)今天天气真好。",
                                  "（RAP）今天天气真好。"])
def test_full_width_parentheses_reach_the_model_as_written(text: str) -> None:
    """The reference sends the text as typed; full-width parentheses are other ids than ASCII ones."""
    (chunk,) = [c for c in chunk_text(parse(text)) if c.has_speech]
    assert render_chunk(chunk).text == text


def test_a_level_the_model_lacks_keeps_the_parentheses_typed() -> None:
    (chunk,) = [c for c in chunk_text(parse("（高兴3）好。")) if c.has_speech]
    rendered = render_chunk(chunk)
    assert rendered.text == "（高兴2）好。" and rendered.warnings


def test_a_line_break_ends_a_sentence_as_a_full_stop_does() -> None:
    """Deliberately unlike the reference, which sends every line in one prompt: the engine speaks a
    text sentence by sentence (the cure for the reference's loops on long text), and a line break is
    where a line of a poem, a list or a script ends. README, "Step-Audio local": what differs."""
    chunks = [c for c in chunk_text(parse("(高兴1)床前明月光\n疑是地上霜")) if c.has_speech]
    assert [render_chunk(c).text for c in chunks] == ["(高兴1)床前明月光", "(高兴1)疑是地上霜"]
