"""Hyperparameters of Step-Audio-EditX's 24 kHz flow (``CosyVoice-300M-25Hz/cosyvoice.yaml``).

Torch-free, so the set-up dialog's memory estimate and the yaml check can use it without loading the
model. The defaults are the official sizes (`../shared/notes/step-audio-editx.md` §3.2): a dual-codebook
embedding, a conformer of 6 blocks at 25 Hz and 4 more after a x2 upsampling, a 16-layer DiT estimator
solved in 10 cosine-spaced Euler steps with classifier-free guidance 0.7.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from backends.step.vocoder.config import (
    CLASS_KEY,
    CosyVoiceConfig,
    HiftConfig,
    MelConfig,
    VocoderFileError,
    config_from_values,
    load_cosyvoice_yaml,
)

# Mixed codes 0..5119 (1024 vq02 + 4096 vq06) map onto one table of 5121 rows: vq02 codes keep their
# value, row 1024 pads the third frame of each group, vq06 codes sit at 1025 + k.
VQ02_CODES = 1024
VQ06_CODES = 4096
PAD_ROW = VQ02_CODES
EDITX_VOCAB = VQ02_CODES + VQ06_CODES + 1


@dataclass(frozen=True)
class UpsampleEncoderConfig:
    """``flow.encoder``: UpsampleConformerEncoderV2."""

    input_size: int = 512
    output_size: int = 512
    attention_heads: int = 8
    linear_units: int = 2048
    num_blocks: int = 6
    num_up_blocks: int = 4
    pre_lookahead_len: int = 3
    up_stride: int = 2
    up_scale_factor: float = 2.0
    key_bias: bool = True
    activation_type: str = "swish"
    input_layer: str = "linear"
    pos_enc_layer_type: str = "rel_pos_espnet"
    selfattention_layer_type: str = "rel_selfattn"
    normalize_before: bool = True


@dataclass(frozen=True)
class DiTConfig:
    """``flow.decoder.estimator``: the adaLN DiT that predicts the flow velocity."""

    in_channels: int = 320
    out_channels: int = 80
    mlp_ratio: float = 4.0
    depth: int = 16
    num_heads: int = 8
    head_dim: int = 64
    hidden_size: int = 512


@dataclass(frozen=True)
class EditxFlowConfig:
    """Everything that fixes the tensor shapes of the official ``flow.pt`` and the solver's steps."""

    input_size: int = 512
    output_size: int = 80
    spk_embed_dim: int = 192
    vocab_size: int = EDITX_VOCAB
    inference_cfg_rate: float = 0.7
    n_timesteps: int = 10
    noise_frames: int = 30000  # the reference's fixed noise buffer: prompt + target <= 600 s
    encoder: UpsampleEncoderConfig = field(default_factory=UpsampleEncoderConfig)
    estimator: DiTConfig = field(default_factory=DiTConfig)



FLOW_CLASS = "CausalMaskedDiffWithXvec"
PARTS = {
    "input_embedding": "DualCodebookEmbedding",
    "encoder": "UpsampleConformerEncoderV2",
    "decoder": "CausalConditionalCFM",
}
ESTIMATOR_CLASS = "DiT"


def _short(node: Any) -> str:
    return str(node.get(CLASS_KEY, "")).rsplit(".", 1)[-1] if isinstance(node, dict) else ""


def _coerce(cls: type, values: dict[str, Any], path: Path, key: str) -> Any:
    """``config_from_values`` with a bad value named by its key in the file."""
    try:
        return config_from_values(cls, values)
    except ValueError as exc:
        raise VocoderFileError(path, f"key '{key}': {exc}") from None


def _require(node: Any, key: str, expected: str, path: Path) -> dict[str, Any]:
    if _short(node) != expected:
        found = node.get(CLASS_KEY) if isinstance(node, dict) else type(node).__name__
        raise VocoderFileError(path, f"key '{key}' must construct {expected}, found {found}")
    return node


def editx_flow_config_from_yaml_node(node: Any, path: Path | str = "cosyvoice.yaml") -> EditxFlowConfig:
    """Map the parsed ``flow:`` node of an EditX ``cosyvoice.yaml`` to :class:`EditxFlowConfig`.

    Each sub-model must name the class implemented here, so a folder of another design is refused with
    the key that differs instead of failing later on tensor shapes.
    """
    path = Path(path)
    top = _require(node, "flow", FLOW_CLASS, path)
    parts = {name: _require(top.get(name), f"flow.{name}", cls, path) for name, cls in PARTS.items()}
    estimator = _require(parts["decoder"].get("estimator"), "flow.decoder.estimator", ESTIMATOR_CLASS, path)
    encoder = _coerce(UpsampleEncoderConfig, parts["encoder"], path, "flow.encoder")
    if (encoder.input_layer, encoder.pos_enc_layer_type, encoder.selfattention_layer_type) != (
            "linear", "rel_pos_espnet", "rel_selfattn"):
        raise VocoderFileError(path, "key 'flow.encoder' uses an input layer, position encoding or "
                                     "attention this implementation does not have")
    cfg = _coerce(EditxFlowConfig, top, path, "flow")
    decoder = parts["decoder"]
    rate = decoder.get("inference_cfg_rate", cfg.inference_cfg_rate)
    return EditxFlowConfig(
        input_size=cfg.input_size, output_size=cfg.output_size, spk_embed_dim=cfg.spk_embed_dim,
        vocab_size=cfg.vocab_size, inference_cfg_rate=float(rate), encoder=encoder,
        estimator=_coerce(DiTConfig, estimator, path, "flow.decoder.estimator"),
    )


def _mel_config(node: Any, path: Path) -> MelConfig:
    """``mel_conf``: a plain mapping in this folder (the TTS-3B folders name a function instead)."""
    if not isinstance(node, dict) or CLASS_KEY in node:
        raise VocoderFileError(path, "key 'mel_conf' must be a mapping of mel settings")
    known = {f.name for f in fields(MelConfig)}
    try:
        return MelConfig(**{k: v for k, v in node.items() if k in known})
    except TypeError as exc:
        raise VocoderFileError(path, f"key 'mel_conf' is malformed ({exc})") from exc


def read_editx_config(path: Path | str) -> CosyVoiceConfig:
    """Parse and check an EditX ``cosyvoice.yaml`` (a file, or the folder holding it) without running it.

    The flow node is kept as data (``editx_flow_config_from_yaml_node`` types it); the three rates
    must agree, since the prompt mel, the flow and HiFT all assume 480 samples per 50 Hz frame.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "cosyvoice.yaml"
    doc = load_cosyvoice_yaml(path)
    # The flow first: a TTS-3B decoder folder fails here, with the class that shows it is another model's.
    if "flow" not in doc:
        raise VocoderFileError(path, "key 'flow' is missing")
    editx_flow_config_from_yaml_node(doc["flow"], path)
    for key in ("hift", "mel_conf"):
        if key not in doc:
            raise VocoderFileError(path, f"key '{key}' is missing")
    hift = HiftConfig.from_node(doc["hift"], path)
    mel = _mel_config(doc["mel_conf"], path)
    rate = int(doc.get("sample_rate", hift.sampling_rate))
    if {mel.sampling_rate, hift.sampling_rate} != {rate} or mel.hop_size != hift.hop_length:
        raise VocoderFileError(path, f"rates disagree: sample_rate {rate}, hift {hift.sampling_rate} Hz with "
                                     f"{hift.hop_length} samples per frame, mel_conf {mel.sampling_rate} Hz "
                                     f"hop {mel.hop_size}")
    return CosyVoiceConfig(path=path, flow=doc["flow"], hift=hift, mel=mel, sample_rate=rate)


# The released HiFT of the EditX folder (note §3.2): for benches and shape checks without its yaml.
RELEASED_HIFT = HiftConfig(sampling_rate=24000, upsample_rates=(8, 5, 3), upsample_kernel_sizes=(16, 11, 7),
                           source_resblock_kernel_sizes=(7, 7, 11),
                           source_resblock_dilation_sizes=((1, 3, 5),) * 3, source="sine2")
