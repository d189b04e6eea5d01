"""The cosyvoice.yaml ``flow:`` node maps onto FlowConfig, and the defaults are the 300M-25Hz sizes."""

from __future__ import annotations

import copy

import pytest

from backends.step.vocoder.flow import FlowConfig, flow_config_from_yaml_node
from tests.backends.step.tiny_cosyvoice import tiny_flow_yaml_node


def test_defaults_are_the_300m_25hz_sizes() -> None:
    cfg = FlowConfig()
    assert (cfg.input_size, cfg.output_size, cfg.spk_embed_dim) == (512, 80, 192)
    assert (cfg.encoder.output_size, cfg.encoder.attention_heads, cfg.encoder.num_blocks) == (512, 8, 6)
    assert cfg.encoder.linear_units == 2048 and not cfg.encoder.use_cnn_module
    assert cfg.estimator.channels == (256, 256) and cfg.estimator.num_mid_blocks == 12
    assert (cfg.estimator.n_blocks, cfg.estimator.num_heads, cfg.estimator.attention_head_dim) == (4, 8, 64)
    assert cfg.cfm.n_timesteps == 10 and cfg.cfm.inference_cfg_rate == 0.7
    assert cfg.cfm.t_scheduler == "cosine"
    assert cfg.vocab_size >= 5120  # interleaved codes reach 5119


def test_tiny_node_is_read() -> None:
    cfg = flow_config_from_yaml_node(tiny_flow_yaml_node())
    assert cfg.input_size == 32 and cfg.encoder.output_size == 32 and cfg.encoder.num_blocks == 2
    assert cfg.length_regulator.sampling_ratios == (1, 1)
    assert cfg.estimator.channels == (32, 32) and cfg.estimator.n_blocks == 1
    assert cfg.cfm.sigma_min == pytest.approx(1e-6)  # arrived as the string "1e-06"
    assert cfg.decoder_in_channels == 240 and cfg.decoder_spk_emb_dim == 80


def test_plain_cfm_params_and_mel_conf() -> None:
    node = copy.deepcopy(tiny_flow_yaml_node())
    node["decoder"]["cfm_params"] = {"inference_cfg_rate": 0.5, "t_scheduler": "linear"}
    node["mel_feat_conf"] = {"sampling_rate": 24000, "hop_size": 480}
    node["input_frame_rate"] = 25
    cfg = flow_config_from_yaml_node(node)
    assert cfg.cfm.inference_cfg_rate == 0.5 and cfg.cfm.t_scheduler == "linear"
    assert (cfg.sampling_rate, cfg.hop_size) == (24000, 480)
    assert cfg.mel_frames(25) == 50


def test_mel_frames_truncates_like_the_reference() -> None:
    cfg = FlowConfig()
    assert cfg.mel_frames(50) == int(50 / (125 / 3) * 22050 / 256) == 103


def test_other_flow_classes_are_refused() -> None:
    node = copy.deepcopy(tiny_flow_yaml_node())
    node["__class__"] = "cosyvoice.flow.flow.CausalMaskedDiffWithXvec"
    with pytest.raises(ValueError, match="MaskedDiffWithXvec"):
        flow_config_from_yaml_node(node)
