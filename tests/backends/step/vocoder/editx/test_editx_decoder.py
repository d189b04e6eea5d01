"""The EditX decoder folder: real-size layout, loading, prompt features and decoding to 24 kHz."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from backends.audio import Audio
from backends.step.vocoder.config import VocoderFileError
from backends.step.vocoder.editx.config import (
    RELEASED_HIFT,
    EditxFlowConfig,
    editx_flow_config_from_yaml_node,
    read_editx_config,
)
from backends.step.vocoder.editx.decoder import EditxDecoder, bf16_rounded, capped
from backends.step.vocoder.editx.flow import EditxFlow
from backends.step.vocoder.hift import HiFTGenerator
from tests.backends.step.tiny_cosyvoice import build_tiny_campplus

DATA = Path(__file__).resolve().parents[4] / "data" / "step" / "editx"

def _shapes(module: torch.nn.Module) -> list[list]:
    return [[k, list(v.shape)] for k, v in module.state_dict().items()]


def test_released_sizes_have_the_official_tensor_names_and_shapes() -> None:
    """`real_keys.json` lists what the upstream classes hold at the released sizes (instantiated by the
    goldens' script); the default configs must build exactly those, so `flow.pt` and `hift.pt` load."""
    real = json.loads((DATA / "real_keys.json").read_text())
    with torch.device("meta"):
        flow, hift = EditxFlow(EditxFlowConfig()), HiFTGenerator(RELEASED_HIFT)
    assert sorted(_shapes(flow)) == sorted(real["flow"]["keys"])
    assert sum(p.numel() for p in flow.parameters()) == real["flow"]["n_params"] == 153_754_096
    assert sorted(_shapes(hift)) == sorted(real["hift_folded"]["keys"])


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny EditX decoder folder in the official layout, the weights the goldens were made with."""
    root = tmp_path_factory.mktemp("CosyVoice-300M-25Hz")
    shutil.copy(DATA / "cosyvoice_tiny.yaml", root / "cosyvoice.yaml")
    for name in ("flow", "hift"):
        with np.load(DATA / f"{name}_tiny_weights.npz") as z:
            torch.save({k: torch.from_numpy(z[k]) for k in z.files}, root / f"{name}.pt")
    build_tiny_campplus(root)
    return root


def test_decoder_speaks_24khz_as_the_reference_does(folder: Path) -> None:
    with np.load(DATA / "flow_goldens.npz") as z:
        gold = {k: z[k] for k in z.files}
    decoder = EditxDecoder(folder)
    assert decoder.sample_rate == 24000
    mel = decoder.token2mel(gold["target25_codes"], gold["prompt_codes"], gold["prompt_feat"][0],
                            gold["embedding"][0])
    assert mel.shape == (1, 80, 30)  # 5 groups -> 30 frames
    wav = decoder.token2wav(gold["target25_codes"], gold["prompt_codes"], gold["prompt_feat"][0],
                            gold["embedding"][0], seed=3)
    again = decoder.token2wav(gold["target25_codes"], gold["prompt_codes"], gold["prompt_feat"][0],
                              gold["embedding"][0], seed=3)
    assert wav.dtype == np.float32 and wav.shape == (30 * 480,)
    np.testing.assert_array_equal(wav, again)
    assert 0 < np.abs(wav).max() <= 0.99
    assert decoder.loaded["flow"] and decoder.loaded["hift"]
    decoder.unload()
    assert not any(decoder.loaded.values())


def test_prompt_side_caps_the_clip_and_rounds_to_bf16(folder: Path) -> None:
    rng = np.random.default_rng(0)
    loud = Audio((0.9 * rng.uniform(-1, 1, 24000)).astype(np.float32), 44100)
    assert capped(loud).peak() == pytest.approx(0.6, abs=1e-6)
    quiet = Audio(loud.samples * np.float32(0.5), 44100)
    assert capped(quiet) is quiet
    decoder = EditxDecoder(folder)
    feats = decoder.prompt_features(loud)
    assert feats.shape == (int(24000 / 44100 * 24000) // 480, 80)
    assert np.array_equal(feats, bf16_rounded(feats))
    emb = decoder.speaker_embedding(loud)
    assert emb.shape == (192,) and np.array_equal(emb, bf16_rounded(emb))


def test_bf16_rounding_is_to_nearest_even() -> None:
    values = np.array([1.0, 1 + 2**-8, 1 + 3 * 2**-8, -2.5, 3.14159, 1e-30], dtype=np.float32)
    expected = torch.from_numpy(values).to(torch.bfloat16).float().numpy()
    np.testing.assert_array_equal(bf16_rounded(values), expected)


def test_bad_codes_and_files_are_named(folder: Path, tmp_path: Path) -> None:
    decoder = EditxDecoder(folder)
    feats, emb = np.zeros((12, 80), np.float32), np.ones(192, np.float32)
    with pytest.raises(ValueError, match=r"\[0, 5120\)"):
        decoder.token2mel(np.array([1, 2, 70000, 1025, 1026]), np.zeros(0, np.int64), feats, emb)
    broken = tmp_path / "broken"
    shutil.copytree(folder, broken)
    (broken / "flow.pt").write_bytes(b"not a checkpoint")
    with pytest.raises(VocoderFileError, match=r"flow\.pt"):
        EditxDecoder(broken).flow()
    state = torch.load(folder / "flow.pt", weights_only=True)
    state.pop("encoder.up_layer.conv.weight")
    torch.save(state, broken / "flow.pt")
    with pytest.raises(VocoderFileError, match="1 missing tensors"):
        EditxDecoder(broken).flow()


def test_a_folder_of_another_design_is_refused_by_key(tmp_path: Path) -> None:
    text = (DATA / "cosyvoice_tiny.yaml").read_text()
    path = tmp_path / "cosyvoice.yaml"
    path.write_text(text.replace("decoder_dit.DiT", "decoder.ConditionalDecoder"))
    with pytest.raises(VocoderFileError, match=r"flow\.decoder\.estimator"):
        editx_flow_config_from_yaml_node(read_editx_config(path).flow, path)
    path.write_text(text.replace("hop_size: 480", "hop_size: 256"))
    with pytest.raises(VocoderFileError, match="rates disagree"):
        read_editx_config(path)


def test_bad_prompt_data_is_one_sentence(folder: Path) -> None:
    decoder = EditxDecoder(folder)
    assert decoder.flow_dtype == "float32"  # the reference's, on every device
    codes, feats = np.array([1, 2, 1030, 1031, 1032]), np.zeros((12, 80), np.float32)
    with pytest.raises(ValueError, match="192 values"):
        decoder.token2mel(codes, codes, feats, np.ones(100, np.float32))
    with pytest.raises(ValueError, match="not finite"):
        decoder.token2mel(codes, codes, np.full((12, 80), np.nan, np.float32), np.ones(192, np.float32))
    with pytest.raises(ValueError, match="more than the flow decodes at once"):
        decoder.token2mel(np.tile(codes, 1700), codes, feats, np.ones(192, np.float32))
