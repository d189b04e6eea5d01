"""A tiny Step-Audio-TTS-3B LLM folder in the official layout, for tests.

`build_tiny_step1(folder)` writes config.json (the hub's field names), the weights in bf16 split over
two safetensors shards with model.safetensors.index.json, a SentencePiece tokenizer.model trained
here on a small corpus, and a minimal tokenizer_config.json. The special pieces sit where the
reference's tokenizer has them: 0 <unk>, 1 <s> (BOS), 2 </s>, 3 <|EOT|>, 4 <|BOT|>.

The default vocabulary is the real 74752 so that audio ids 65536..70655 exist; everything else is
small (hidden 64, 2 layers), so a build takes well under a second plus the tokenizer training.
Weights are drawn with unit-scale fan-in so logits are spread out and argmax is not a coin toss.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch

from backends.step.llm.checkpoint import write_safetensors
from backends.step.llm.config import Step1Config

TINY_SIZES: dict[str, Any] = {
    "hidden_size": 64,
    "intermediate_size": 128,
    "num_attention_heads": 4,
    "num_attention_groups": 2,
    "num_hidden_layers": 2,
    "vocab_size": 74752,
    "rms_norm_eps": 1e-5,
    "max_seq_len": 4096,
}

CORPUS = [
    "今天天气真好，我们一起去公园散步吧。",
    "作为一名卓越的声优演员，你的任务是根据文本中括号内标注的情感来朗读文本。",
    "请参考对话历史里的音色，用RAP方式将文本内容大声说唱出来。",
    "高兴 生气 悲伤 撒娇 中文 英文 韩语 日语 四川话 粤语 广东话 慢速 快速 哼唱",
    "The quick brown fox jumps over the lazy dog.",
    "Hello, this is a tiny tokenizer for tests of the Step audio studio.",
    "system human assistant",
    "Read the text aloud with rich emotion and a natural, fluent intonation.",
    "One two three four five six seven eight nine ten.",
    "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。",
]


def tiny_config(**sizes: Any) -> Step1Config:
    merged = {**TINY_SIZES, **sizes}
    return Step1Config.from_json({"architectures": ["Step1ForCausalLM"], "model_type": "step1",
                                  "torch_dtype": "bfloat16", "bos_token_id": 1, "eos_token_id": 3,
                                  "pad_token_id": 0, "tie_word_embeddings": False, **merged})


def random_weights(config: Step1Config, seed: int = 0,
                   dtype: torch.dtype = torch.bfloat16) -> dict[str, torch.Tensor]:
    """Checkpoint tensors in the hub's names and order."""
    g = torch.Generator().manual_seed(seed)
    h, i, kv, v = config.hidden_size, config.intermediate_size, config.kv_dim, config.vocab_size

    def linear(out_f: int, in_f: int) -> torch.Tensor:
        return (torch.randn(out_f, in_f, generator=g) / in_f ** 0.5).to(dtype)

    def norm() -> torch.Tensor:
        return (1.0 + 0.1 * torch.randn(h, generator=g)).to(dtype)

    tensors: dict[str, torch.Tensor] = {"model.embed_tokens.weight": torch.randn(v, h, generator=g).to(dtype)}
    for n in range(config.num_hidden_layers):
        p = f"model.layers.{n}."
        tensors[p + "input_layernorm.weight"] = norm()
        tensors[p + "self_attn.q_proj.weight"] = linear(h, h)
        tensors[p + "self_attn.k_proj.weight"] = linear(kv, h)
        tensors[p + "self_attn.v_proj.weight"] = linear(kv, h)
        tensors[p + "self_attn.o_proj.weight"] = linear(h, h)
        tensors[p + "post_attention_layernorm.weight"] = norm()
        tensors[p + "mlp.gate_proj.weight"] = linear(i, h)
        tensors[p + "mlp.up_proj.weight"] = linear(i, h)
        tensors[p + "mlp.down_proj.weight"] = linear(h, i)
    tensors["model.norm.weight"] = norm()
    tensors["lm_head.weight"] = linear(v, h)
    return tensors


def write_sharded(folder: Path, tensors: dict[str, torch.Tensor], shards: int = 2) -> None:
    """Split `tensors` in order over `shards` files and write the index, as the hub does."""
    names = list(tensors)
    per = -(-len(names) // shards)
    weight_map: dict[str, str] = {}
    total = 0
    for s in range(shards):
        part = names[s * per:(s + 1) * per]
        file = f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
        write_safetensors(folder / file, {n: tensors[n] for n in part})
        for n in part:
            weight_map[n] = file
            total += tensors[n].numel() * tensors[n].element_size()
    index = {"metadata": {"total_size": total}, "weight_map": weight_map}
    (folder / "model.safetensors.index.json").write_text(json.dumps(index, indent=2), encoding="utf-8")


def train_tokenizer(folder: Path) -> Path:
    import sentencepiece as spm

    corpus = folder / "_corpus.txt"
    corpus.write_text("\n".join(CORPUS * 3) + "\n", encoding="utf-8")
    prefix = folder / "tokenizer"
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=400, model_type="bpe",
        character_coverage=1.0, byte_fallback=True, hard_vocab_limit=False,
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1,
        unk_piece="<unk>", bos_piece="<s>", eos_piece="</s>",
        user_defined_symbols=["<|EOT|>", "<|BOT|>"], minloglevel=2, num_threads=1,
    )
    corpus.unlink()
    (folder / "tokenizer.vocab").unlink(missing_ok=True)
    (folder / "tokenizer_config.json").write_text(json.dumps({
        "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>",
    }, indent=2), encoding="utf-8")
    return prefix.with_suffix(".model")


def build_tiny_step1(folder: Path, seed: int = 0, *, shards: int = 2, tokenizer: bool = True,
                     **sizes: Any) -> Path:
    """Write a complete tiny TTS-3B LLM folder into `folder` (created) and return it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    config = tiny_config(**sizes)
    (folder / "config.json").write_text(json.dumps(config.to_json(), indent=2), encoding="utf-8")
    tensors = random_weights(config, seed)
    if shards > 1:
        write_sharded(folder, tensors, shards)
    else:
        write_safetensors(folder / "model.safetensors", tensors)
    if tokenizer:
        train_tokenizer(folder)
    return folder
