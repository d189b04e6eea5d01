"""Loading from the official layouts, and errors that name the file at fault."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import torch
from tiny_step1 import build_tiny_step1, random_weights, tiny_config

from backends.step.llm import CheckpointError, Step1Config, Step1ConfigError, Step1LM
from backends.step.llm.checkpoint import iter_tensors, write_safetensors


@pytest.fixture()
def copy(tiny_folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / "tts"
    shutil.copytree(tiny_folder, target)
    return target


def test_config_reads_hub_names_and_keeps_unknown_keys(tiny_folder: Path) -> None:
    config = Step1Config.from_json(tiny_folder)
    assert (config.hidden_size, config.num_attention_groups, config.head_dim) == (64, 2, 16)
    assert config.extra["architectures"] == ["Step1ForCausalLM"]
    assert Step1Config.tts_3b().head_dim == 64 and Step1Config.tts_3b().kv_dim == 256
    with pytest.raises(Step1ConfigError, match="num_attention_groups"):
        Step1Config.from_json({"num_attention_heads": 6, "num_attention_groups": 4, "hidden_size": 48})


def test_single_file_checkpoint_loads_like_the_sharded_one(tmp_path: Path, tiny_fp32: Step1LM) -> None:
    single = build_tiny_step1(tmp_path / "single", seed=0, shards=1, tokenizer=False)
    assert (single / "model.safetensors").is_file()
    lm = Step1LM.load(single, dtype=torch.float32)
    ids = [1, 4, 20, 30]
    assert torch.equal(lm.logits(ids), tiny_fp32.logits(ids))


def test_missing_shard_is_named(copy: Path) -> None:
    shard = sorted(copy.glob("model-*.safetensors"))[1]
    shard.unlink()
    with pytest.raises(CheckpointError, match=shard.name):
        Step1LM.load(copy)


def test_truncated_shard_is_named(copy: Path) -> None:
    shard = sorted(copy.glob("model-*.safetensors"))[0]
    data = shard.read_bytes()
    shard.write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match=f"{shard.name} is truncated"):
        Step1LM.load(copy)


def test_wrong_shape_names_file_and_tensor(copy: Path) -> None:
    config = json.loads((copy / "config.json").read_text())
    config["intermediate_size"] = 96
    (copy / "config.json").write_text(json.dumps(config))
    first = r"model-00001-of-00002\.safetensors: tensor model\.layers\.0\.mlp"
    with pytest.raises(CheckpointError, match=first):
        Step1LM.load(copy)


def test_tensor_missing_from_checkpoint_is_named(tmp_path: Path) -> None:
    weights = random_weights(tiny_config(vocab_size=300))
    del weights["model.layers.1.mlp.up_proj.weight"]
    (tmp_path / "config.json").write_text(json.dumps(tiny_config(vocab_size=300).to_json()))
    write_safetensors(tmp_path / "model.safetensors", weights)
    with pytest.raises(CheckpointError, match=r"lacks 1 tensor\(s\), e\.g\. model\.layers\.1\.mlp\.up_proj"):
        Step1LM.load(tmp_path)


def test_no_checkpoint_and_no_config_are_reported(tmp_path: Path) -> None:
    with pytest.raises(Step1ConfigError, match=r"config\.json is missing"):
        Step1LM.load(tmp_path)
    (tmp_path / "config.json").write_text(json.dumps(tiny_config().to_json()))
    with pytest.raises(CheckpointError, match=r"neither model\.safetensors\.index\.json nor"):
        Step1LM.load(tmp_path)


def test_awq_folder_is_refused_clearly(copy: Path) -> None:
    config = json.loads((copy / "config.json").read_text())
    config["quantization_config"] = {"quant_method": "compressed-tensors", "format": "pack-quantized"}
    (copy / "config.json").write_text(json.dumps(config))
    with pytest.raises(Step1ConfigError, match="not supported yet"):
        Step1LM.load(copy)


def test_safetensors_round_trip_keeps_bf16_bits(tmp_path: Path) -> None:
    t = torch.randn(3, 5).to(torch.bfloat16)
    write_safetensors(tmp_path / "x.safetensors", {"a": t, "b": torch.arange(4)})
    got = dict(iter_tensors(tmp_path / "x.safetensors"))
    assert torch.equal(got["a"], t) and torch.equal(got["b"], torch.arange(4))
    from safetensors.torch import load_file  # the reference library reads our files identically
    assert torch.equal(load_file(str(tmp_path / "x.safetensors"))["a"], t)


def test_tokenizer_has_the_reference_special_ids(tmp_path: Path) -> None:
    import sentencepiece as spm

    folder = build_tiny_step1(tmp_path / "tok", vocab_size=300, num_hidden_layers=1)
    sp = spm.SentencePieceProcessor(model_file=str(folder / "tokenizer.model"))
    assert [sp.id_to_piece(i) for i in range(5)] == ["<unk>", "<s>", "</s>", "<|EOT|>", "<|BOT|>"]
    assert sp.bos_id() == 1
    assert 4 in sp.encode("<|BOT|>human\n") and 3 in sp.encode("你好<|EOT|>")  # whole special pieces
