"""The EditX flow and 24 kHz HiFT equal the upstream Step-Audio-EditX code on tiny random weights.

Goldens: tests/data/step/editx (upstream stepvocoder at aacb90a, unmodified, fp32 CPU; its README says
how they were made). On the CPU that made them the flow matches bit for bit (max abs diff 0.0 for the
embedding, encoder states, both DiT calls and both mels). Tolerances allow for float32 summing in
another order on another CPU or device: the same flow run in float64 is 1.2e-6 from the golden mel (values
up to 4.8), so 2e-5 on the mel and 1e-5 on the O(1) encoder and DiT outputs keep over ten times that.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from backends.step.vocoder.config import HiftConfig
from backends.step.vocoder.editx.config import (
    EditxFlowConfig,
    editx_flow_config_from_yaml_node,
    read_editx_config,
)
from backends.step.vocoder.editx.flow import EditxFlow, regroup_codes
from backends.step.vocoder.hift import HiFTGenerator
from backends.step.vocoder.mel import mel_spectrogram
from backends.step.vocoder.weights import load_into

DATA = Path(__file__).resolve().parents[4] / "data" / "step" / "editx"


def _npz(name: str) -> dict[str, np.ndarray]:
    with np.load(DATA / name) as z:
        return {k: z[k] for k in z.files}


def _tensors(name: str) -> dict[str, torch.Tensor]:
    return {k: torch.from_numpy(v) for k, v in _npz(name).items()}


@pytest.fixture(scope="module")
def gold() -> dict[str, np.ndarray]:
    return _npz("flow_goldens.npz")


@pytest.fixture(scope="module")
def hgold() -> dict[str, np.ndarray]:
    return _npz("hift_goldens.npz")


@pytest.fixture(scope="module")
def config() -> EditxFlowConfig:
    doc = read_editx_config(DATA / "cosyvoice_tiny.yaml")
    return editx_flow_config_from_yaml_node(doc.flow)


@pytest.fixture(scope="module")
def flow(config: EditxFlowConfig) -> EditxFlow:
    model = EditxFlow(config)
    load_into(model, _tensors("flow_tiny_weights.npz"), DATA / "flow_tiny_weights.npz")
    return model.eval()


@pytest.fixture(scope="module")
def hift() -> HiFTGenerator:
    cfg = read_editx_config(DATA / "cosyvoice_tiny.yaml").hift
    model = HiFTGenerator(cfg)
    load_into(model, _tensors("hift_tiny_weights.npz"), DATA / "hift_tiny_weights.npz")
    return model.eval()


def _t(a: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.asarray(a))


def test_regrouping_matches_every_tail_length(gold: dict[str, np.ndarray]) -> None:
    for name in ("prompt", "target25", "target27"):
        np.testing.assert_array_equal(regroup_codes(gold[f"{name}_codes"]), gold[f"{name}_frames"])
    for n in (26, 27, 28, 29):
        np.testing.assert_array_equal(regroup_codes(gold["tail_codes"][:n]), gold[f"tail{n}_frames"])


def test_prompt_mel_at_24khz_matches(gold: dict[str, np.ndarray]) -> None:
    mel = mel_spectrogram(gold["prompt_wav"], read_editx_config(DATA / "cosyvoice_tiny.yaml").mel)
    ours, theirs = mel.transpose(1, 2).numpy(), gold["prompt_feat"]  # [1, frames, mels]
    # A float32 STFT's error is relative to the frame's loudest bin, not to each bin, so the log of
    # a quiet bin magnifies it: a fixed 1e-4 on the log held on an AVX2 CPU (4e-6 apart) but not on
    # an AVX-512 one (1.4e-4 at a bin of -8.87, 7,800 times below its frame's peak). Compared as
    # magnitudes against each frame's peak, that CPU is 5.8e-7 apart, about five float32
    # epsilons; the bound keeps ten times that.
    peak = np.exp(theirs).max(axis=2, keepdims=True)
    assert np.max(np.abs(np.exp(ours) - np.exp(theirs)) / peak) < 6e-6
    np.testing.assert_allclose(ours, theirs, atol=2e-3)  # and no bin far off even in the log


@torch.inference_mode()
def test_encoder_stages_match(flow: EditxFlow, gold: dict[str, np.ndarray]) -> None:
    frames = np.concatenate([gold["prompt_frames"], gold["target25_frames"]])
    emb = flow.input_embedding(_t(frames)[None])
    np.testing.assert_array_equal(emb.numpy(), gold["emb_out25"])
    enc = flow.encoder
    x = enc.embed(emb) * enc.xscale
    np.testing.assert_allclose(x.numpy(), gold["enc_embed_out25"], atol=1e-5)
    x = enc.pre_lookahead_layer(x)
    np.testing.assert_allclose(x.numpy(), gold["enc_lookahead_out25"], atol=1e-5)
    np.testing.assert_allclose(flow.encode(_t(frames)[None]).numpy(), gold["mu25"], atol=1e-5)


@torch.inference_mode()
@pytest.mark.parametrize("case", ["dit", "ditB"])
def test_dit_call_matches(flow: EditxFlow, gold: dict[str, np.ndarray], case: str) -> None:
    """``ditB`` has two different times and the second row's last 10 frames padded."""
    g = {k[len(case) + 1:]: _t(v) for k, v in gold.items() if k.startswith(case + "_")}
    out = flow.decoder.estimator(g["x"], g["mask"], g["mu"], g["t"], g["spks"], g["cond"])
    np.testing.assert_allclose(out.numpy(), g["out"].numpy(), atol=1e-5)


@torch.inference_mode()
@pytest.mark.parametrize("n", [25, 27])
def test_full_flow_matches(flow: EditxFlow, gold: dict[str, np.ndarray], n: int) -> None:
    total = gold[f"mu{n}"].shape[1]
    mel = flow.inference(gold[f"target{n}_codes"], gold["prompt_codes"], gold["prompt_feat"],
                         gold["embedding"], noise=_t(gold["rand_noise_prefix"][:, :, :total]))
    assert mel.shape == gold[f"mel{n}"].shape
    np.testing.assert_allclose(mel.numpy(), gold[f"mel{n}"], atol=2e-5)


def test_time_grid_matches(flow: EditxFlow, gold: dict[str, np.ndarray]) -> None:
    np.testing.assert_allclose(flow.time_grid(10).numpy(), gold["t_span"], atol=1e-7)


@torch.inference_mode()
@pytest.mark.parametrize("prefix", ["", "e2e_"])
def test_hift_matches_with_the_reference_draws(hift: HiFTGenerator, hgold: dict[str, np.ndarray],
                                               prefix: str) -> None:
    """Each stage from the reference's own input to it, so one stage's rounding does not hide another's.

    F0: the tiny head's terms are ~3000 Hz before they cancel to 5-200 Hz, and float32 spacing at 3000 is
    2.4e-4, so the F0 is held to 2e-3 Hz (measured 1.8e-4; weight norm is also folded once at load where
    the reference recomputes it per call). The source from the reference's F0 and random draws,
    and the waveform from its source: float32 rounding of O(0.1) values, measured below 1e-7.
    """
    mel = _t(hgold[prefix + "mel"])
    np.testing.assert_allclose(hift.f0_predictor(mel).numpy(), hgold[prefix + "f0"], atol=2e-3)
    draws = iter([_t(hgold[prefix + "rand_ini"]), _t(hgold[prefix + "sine_randn"])])
    hift.m_source._draw = lambda *args: next(draws)  # the reference's own random numbers, in its order
    try:
        f0 = _t(hgold[prefix + "f0"]).unsqueeze(1).repeat_interleave(hift.hop_length, dim=-1)
        source = hift.m_source(f0)
    finally:
        del hift.m_source._draw
    np.testing.assert_allclose(source.numpy(), hgold[prefix + "source"], atol=2e-6)
    wav = hift.decode(mel, _t(hgold[prefix + "source"]))
    np.testing.assert_allclose(wav.numpy(), hgold[prefix + "speech"], atol=1e-6)


def test_hift_config_of_the_folder_uses_the_second_source() -> None:
    cfg = read_editx_config(DATA / "cosyvoice_tiny.yaml").hift
    assert cfg.source == "sine2" and cfg.hop_length == 480
    assert HiftConfig().source == "sine"


def test_layer_norm_epsilons_are_the_reference_ones(flow: EditxFlow) -> None:
    """On O(1)-variance states an epsilon of 1e-12 or 1e-5 changes outputs by ~5e-6, under the goldens'
    float32 tolerance, so the reference's values (note §4.2 R9) are checked where they are set."""
    eps = {name: m.eps for name, m in flow.named_modules() if isinstance(m, torch.nn.LayerNorm)}
    assert {e for n, e in eps.items() if ".encoders." in n or ".up_encoders." in n} == {1e-12}
    assert {eps["encoder.embed.out.1"], eps["encoder.up_embed.out.1"], eps["encoder.after_norm"]} == {1e-5}
    assert {e for n, e in eps.items() if n.endswith(("norm1", "norm2", "norm3", "norm_final"))} == {1e-6}
    assert {e for n, e in eps.items() if n.endswith(("q_norm", "k_norm", "conv.block.3"))} == {1e-5}


@torch.inference_mode()
def test_hift_synthesis_end_to_end_with_the_reference_draws(hift: HiFTGenerator,
                                                             hgold: dict[str, np.ndarray]) -> None:
    """The whole HiFT call (F0, its upsampling, SineGen2, decode) from the flow's golden mel. The F0's
    float32 error (above) moves the harmonics' phase; measured 4.2e-6 on a waveform peaking at 0.053,
    held at 1e-4."""
    draws = iter([_t(hgold["e2e_rand_ini"]), _t(hgold["e2e_sine_randn"])])
    hift.m_source._draw = lambda *args: next(draws)
    try:
        wav = hift.inference(_t(hgold["e2e_mel"]))
    finally:
        del hift.m_source._draw
    np.testing.assert_allclose(wav.numpy(), hgold["e2e_speech"], atol=1e-4)


@torch.inference_mode()
def test_bf16_flow_stays_near_the_float32_reference(config: EditxFlowConfig,
                                                    gold: dict[str, np.ndarray]) -> None:
    """EditX's reference decodes in float32; a bf16 flow (8 significant bits) is a choice the caller
    makes. On the tiny weights it was 0.011 from the golden mel (values up to 4.4); held at 0.05."""
    model = EditxFlow(config)
    load_into(model, _tensors("flow_tiny_weights.npz"), DATA / "flow_tiny_weights.npz")
    model = model.to(torch.bfloat16).eval()
    total = gold["mu25"].shape[1]
    mel = model.inference(gold["target25_codes"], gold["prompt_codes"], gold["prompt_feat"],
                          gold["embedding"], noise=_t(gold["rand_noise_prefix"][:, :, :total]))
    assert mel.dtype == torch.float32
    np.testing.assert_allclose(mel.numpy(), gold["mel25"], atol=0.05)
