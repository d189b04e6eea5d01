"""Tiny CosyVoice-300M-25Hz-style decoder folders for tests (random weights, official key names).

FLOW part: :func:`build_tiny_flow` writes ``flow.pt`` and returns its ``flow:`` yaml node.
HIFT part: ``build_tiny_hift``, ``build_tiny_campplus`` and ``build_tiny_cosyvoice(folder)`` (which
writes the whole folder including ``cosyvoice.yaml``) are added below by the HiFT work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from backends.step.vocoder.flow import FlowModel, flow_config_from_yaml_node

# Interleaved dual-codebook codes reach 5119, so even the tiny flow keeps the full vocabulary.
TINY_FLOW_VOCAB = 5121
TINY_FLOW_FRAME_RATE = 125.0 / 3.0


def tiny_flow_yaml_node() -> dict[str, Any]:
    """The ``flow:`` node (as the yaml reader produces it) of the tiny flow."""
    return {
        "__class__": "cosyvoice.flow.flow.MaskedDiffWithXvec",
        "input_size": 32,
        "output_size": 80,
        "spk_embed_dim": 192,
        "output_type": "mel",
        "vocab_size": TINY_FLOW_VOCAB,
        "input_frame_rate": TINY_FLOW_FRAME_RATE,
        "only_mask_loss": True,
        "encoder": {
            "__class__": "cosyvoice.transformer.encoder.ConformerEncoder",
            "output_size": 32,
            "attention_heads": 2,
            "linear_units": 64,
            "num_blocks": 2,
            "dropout_rate": 0.1,
            "positional_dropout_rate": 0.1,
            "attention_dropout_rate": 0.1,
            "normalize_before": True,
            "input_layer": "linear",
            "pos_enc_layer_type": "rel_pos_espnet",
            "selfattention_layer_type": "rel_selfattn",
            "input_size": 32,
            "use_cnn_module": False,
            "macaron_style": False,
        },
        "length_regulator": {
            "__class__": "cosyvoice.flow.length_regulator.InterpolateRegulator",
            "channels": 80,
            "sampling_ratios": [1, 1],
        },
        "decoder": {
            "__class__": "cosyvoice.flow.flow_matching.ConditionalCFM",
            "in_channels": 240,
            "n_spks": 1,
            "spk_emb_dim": 80,
            "cfm_params": {
                "__class__": "omegaconf.DictConfig",
                "content": {
                    "sigma_min": "1e-06",  # what YAML 1.1 makes of `1e-06`
                    "solver": "euler",
                    "t_scheduler": "cosine",
                    "training_cfg_rate": 0.2,
                    "inference_cfg_rate": 0.7,
                    "reg_loss_type": "l1",
                },
            },
            "estimator": {
                "__class__": "cosyvoice.flow.decoder.ConditionalDecoder",
                "in_channels": 320,
                "out_channels": 80,
                "channels": [32, 32],
                "dropout": 0.0,
                "attention_head_dim": 8,
                "n_blocks": 1,
                "num_mid_blocks": 1,
                "num_heads": 2,
                "act_fn": "gelu",
            },
        },
    }


def tiny_flow_state_dict(seed: int = 0) -> dict[str, torch.Tensor]:
    """Random weights in the official names; every tensor is perturbed so no parameter is inert."""
    gen = torch.Generator().manual_seed(seed)
    model = FlowModel(flow_config_from_yaml_node(tiny_flow_yaml_node()))
    state = {}
    for name, tensor in model.state_dict().items():
        noise = torch.randn(tensor.shape, generator=gen)
        if name.endswith("weight") and tensor.ndim == 1:  # norm gains stay near one
            value = 1.0 + 0.1 * noise
        elif tensor.ndim <= 1:
            value = 0.05 * noise
        else:
            fan_in = max(1, tensor[0].numel())
            value = noise / fan_in**0.5
        state[name] = value.to(tensor.dtype).contiguous()
    return state


def build_tiny_flow(folder: Path, seed: int = 0) -> dict[str, Any]:
    """Write ``folder/flow.pt`` (a plain state dict, as upstream saves it) and return its yaml node."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    torch.save(tiny_flow_state_dict(seed), folder / "flow.pt")
    return tiny_flow_yaml_node()


# ---- HIFT part: build_tiny_hift, build_tiny_campplus, build_tiny_cosyvoice(folder) go here ----

TINY_HIFT_CHANNELS = 32
TINY_F0_CHANNELS = 32
CAMPPLUS_INPUT = "input"  # the name CosyVoice's TensorRT profile uses for campplus.onnx
CAMPPLUS_OUTPUT = "output"


def tiny_hift_yaml_node() -> dict[str, Any]:
    """The ``hift:`` node of the tiny vocoder: the real layout (hop 256, n_fft 16) with few channels."""
    return {
        "__class__": "cosyvoice.hifigan.generator.HiFTGenerator",
        "in_channels": 80,
        "base_channels": TINY_HIFT_CHANNELS,
        "nb_harmonics": 8,
        "sampling_rate": 22050,
        "nsf_alpha": 0.1,
        "nsf_sigma": 0.003,
        "nsf_voiced_threshold": 10,
        "upsample_rates": [8, 8],
        "upsample_kernel_sizes": [16, 16],
        "istft_params": {"n_fft": 16, "hop_len": 4},
        "resblock_kernel_sizes": [3, 7, 11],
        "resblock_dilation_sizes": [[1, 3, 5], [1, 3, 5], [1, 3, 5]],
        "source_resblock_kernel_sizes": [7, 11],
        "source_resblock_dilation_sizes": [[1, 3, 5], [1, 3, 5]],
        "lrelu_slope": 0.1,
        "audio_limit": 0.99,
        "f0_predictor": {
            "__class__": "cosyvoice.hifigan.f0_predictor.ConvRNNF0Predictor",
            "num_class": 1,
            "in_channels": 80,
            "cond_channels": TINY_F0_CHANNELS,
        },
    }


def _is_weight_normed(name: str) -> bool:
    """Layers the reference wraps in weight_norm (source_downs, l_linear and classifier are plain)."""
    return name.endswith(".weight") and (
        name.startswith(("conv_pre.", "conv_post.", "ups.", "f0_predictor.condnet."))
        or ".convs1." in name or ".convs2." in name)


def tiny_hift_state_dict(seed: int = 0, *, legacy_weight_norm: bool = True) -> dict[str, torch.Tensor]:
    """Random HiFT weights as ``hift.pt`` stores them: weight-normed layers split into ``weight_g``
    / ``weight_v`` (or the ``parametrizations.weight.original0/1`` naming of newer torch)."""
    from backends.step.vocoder.config import HiftConfig
    from backends.step.vocoder.hift import HiFTGenerator

    gen = torch.Generator().manual_seed(seed)
    model = HiFTGenerator(HiftConfig.from_node(tiny_hift_yaml_node()))
    state: dict[str, torch.Tensor] = {}
    for name, tensor in model.state_dict().items():
        noise = torch.randn(tensor.shape, generator=gen)
        if name.endswith(".alpha"):  # Snake alphas stay positive, around one
            value = 0.5 + torch.rand(tensor.shape, generator=gen)
        elif name == "f0_predictor.classifier.bias":  # around the voicing threshold (10 Hz) ...
            value = torch.full(tensor.shape, 12.0)
        elif name == "f0_predictor.classifier.weight":  # ... so both voiced and unvoiced frames occur
            value = noise * 40.0
        elif tensor.ndim <= 1:
            value = 0.05 * noise
        else:
            value = noise * (0.5 / max(1, tensor[0].numel()) ** 0.5)
        if _is_weight_normed(name):
            stem = name[: -len(".weight")]
            g = value.pow(2).sum(dim=tuple(range(1, value.ndim)), keepdim=True).sqrt()
            g = g * (0.8 + 0.4 * torch.rand(g.shape, generator=gen))
            v = value
            if legacy_weight_norm:
                state[f"{stem}.weight_g"], state[f"{stem}.weight_v"] = g.contiguous(), v.contiguous()
            else:
                state[f"{stem}.parametrizations.weight.original0"] = g.contiguous()
                state[f"{stem}.parametrizations.weight.original1"] = v.contiguous()
        else:
            state[name] = value.contiguous()
    return state


def build_tiny_hift(folder: Path, seed: int = 0) -> dict[str, Any]:
    """Write ``folder/hift.pt`` (legacy weight-norm naming, as the hub files) and return its yaml node."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    torch.save(tiny_hift_state_dict(seed), folder / "hift.pt")
    return tiny_hift_yaml_node()


class _TinyCampPlus(torch.nn.Module):
    def __init__(self, seed: int) -> None:
        super().__init__()
        gen = torch.Generator().manual_seed(seed)
        self.proj = torch.nn.Linear(80, 192)
        with torch.no_grad():
            self.proj.weight.copy_(torch.randn(192, 80, generator=gen) * 0.1)
            self.proj.bias.copy_(torch.randn(192, generator=gen) * 0.1)

    def forward(self, feats: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.proj(feats)).mean(dim=1)


def build_tiny_campplus(folder: Path, seed: int = 0) -> Path:
    """Write ``folder/campplus.onnx``: [B, T, 80] ``input`` -> [B, 192] ``output``, dynamic B and T."""
    import warnings

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "campplus.onnx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(_TinyCampPlus(seed).eval(), (torch.randn(1, 50, 80),), str(path),
                          input_names=[CAMPPLUS_INPUT], output_names=[CAMPPLUS_OUTPUT],
                          dynamic_axes={CAMPPLUS_INPUT: {0: "batch", 1: "frames"},
                                        CAMPPLUS_OUTPUT: {0: "batch"}},
                          dynamo=False)
    return path


class _Ref(str):
    """A scalar written as ``!ref <...>`` in the yaml."""


def _scalar(value: Any) -> str:
    if isinstance(value, _Ref):
        return f"!ref {value}"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    try:  # numbers the reader produced as strings (YAML 1.1) are written bare, as in the real files
        float(text)
        return text
    except ValueError:
        return f"'{text}'"


def _flow_seq(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow_seq(v) for v in value) + "]"
    return _scalar(value)


def _emit(node: dict[str, Any], indent: int) -> list[str]:
    lines = []
    pad = " " * indent
    for key, value in node.items():
        if key in ("__class__", "__name__"):
            continue
        if isinstance(value, dict):
            tag = (f" !new:{value['__class__']}" if "__class__" in value
                   else f" !name:{value['__name__']}" if "__name__" in value else "")
            lines.append(f"{pad}{key}:{tag}")
            lines.extend(_emit(value, indent + 4))
        elif isinstance(value, (list, tuple)):
            lines.append(f"{pad}{key}: {_flow_seq(value)}")
        else:
            lines.append(f"{pad}{key}: {_scalar(value)}")
    return lines


def tiny_cosyvoice_yaml(flow: dict[str, Any], hift: dict[str, Any]) -> str:
    """A ``cosyvoice.yaml`` in the official HyperPyYAML form (tags, references, seeding calls)."""
    flow = dict(flow, spk_embed_dim=_Ref("<spk_embed_dim>"))
    hift = dict(hift, sampling_rate=_Ref("<sample_rate>"))
    doc: dict[str, Any] = {
        "sample_rate": 22050,
        "spk_embed_dim": 192,
        "flow": flow,
        "hift": hift,
        "feat_extractor": {
            "__name__": "matcha.utils.audio.mel_spectrogram",
            "n_fft": 1024, "num_mels": 80, "sampling_rate": _Ref("<sample_rate>"), "hop_size": 256,
            "win_size": 1024, "fmin": 0, "fmax": 8000, "center": False,
        },
    }
    head = ["# tiny CosyVoice-300M-25Hz-style config written by tests/backends/step/tiny_cosyvoice.py",
            "__set_seed1: !apply:random.seed [1986]",
            "__set_seed3: !apply:torch.manual_seed [1986]", ""]
    return "\n".join(head + _emit(doc, 0)) + "\n"


def build_tiny_cosyvoice(folder: Path, seed: int = 0, music: bool = False) -> Path:
    """A whole tiny decoder folder (cosyvoice.yaml, flow.pt, hift.pt, campplus.onnx); the Music
    variant has the same shapes and different weights, as the real pair does."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    weights_seed = seed + (1000 if music else 0)
    flow = build_tiny_flow(folder, weights_seed)
    hift = build_tiny_hift(folder, weights_seed)
    build_tiny_campplus(folder, seed)
    (folder / "cosyvoice.yaml").write_text(tiny_cosyvoice_yaml(flow, hift), encoding="utf-8")
    return folder
