"""Hyperparameters of the CosyVoice-1 flow-matching decoder and their mapping from ``cosyvoice.yaml``.

Kept free of torch so that the yaml reader and the engine's memory estimates can use it without
loading the flow itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backends.step.vocoder.config import config_from_values

# The interleaved dual-codebook stream uses codes 0..5119 (1024 vq02 + 4096 vq06); Step-Audio's own
# dual-codebook flow (the EditX CosyVoice-2 one) sizes its table 5121, one spare row. The 3B folders
# carry the true value in their cosyvoice.yaml, which always overrides this default.
DEFAULT_VOCAB_SIZE = 5121
# Two vq02 + three vq06 codes per 120 ms: 41.67 tokens per second of audio. The mel length of a
# window is derived from this rate, so it must be the rate of the stream actually fed.
DEFAULT_INPUT_FRAME_RATE = 125.0 / 3.0


@dataclass
class EncoderConfig:
    """The conformer that contextualises token embeddings (``flow.encoder`` in the yaml)."""

    input_size: int = 512
    output_size: int = 512
    attention_heads: int = 8
    linear_units: int = 2048
    num_blocks: int = 6
    input_layer: str = "linear"
    pos_enc_layer_type: str = "rel_pos_espnet"
    selfattention_layer_type: str = "rel_selfattn"
    normalize_before: bool = True
    macaron_style: bool = False
    use_cnn_module: bool = False
    activation_type: str = "swish"
    static_chunk_size: int = 0
    key_bias: bool = True


@dataclass
class LengthRegulatorConfig:
    """The interpolating regulator that stretches token features onto mel frames."""

    channels: int = 80
    sampling_ratios: tuple[int, ...] = (1, 1, 1, 1)
    out_channels: int | None = None
    groups: int = 1


@dataclass
class EstimatorConfig:
    """The 1-D U-Net with transformer blocks that predicts the flow velocity."""

    in_channels: int = 320
    out_channels: int = 80
    channels: tuple[int, ...] = (256, 256)
    attention_head_dim: int = 64
    n_blocks: int = 4
    num_mid_blocks: int = 12
    num_heads: int = 8
    act_fn: str = "gelu"


@dataclass
class CFMConfig:
    """The ODE solver settings (``decoder.cfm_params``) plus the step count the reference hard-codes."""

    sigma_min: float = 1e-6
    solver: str = "euler"
    t_scheduler: str = "cosine"
    inference_cfg_rate: float = 0.7
    n_timesteps: int = 10


@dataclass
class FlowConfig:
    """Everything needed to build :class:`FlowModel` with the tensor shapes of an official ``flow.pt``.

    Defaults are the CosyVoice-300M-25Hz sizes (conformer 6 x 512, U-Net 256 channels, 4 transformer
    blocks per level, 12 mid blocks) with the dual-codebook vocabulary and rate described above.
    """

    input_size: int = 512
    output_size: int = 80
    spk_embed_dim: int = 192
    vocab_size: int = DEFAULT_VOCAB_SIZE
    input_frame_rate: float = DEFAULT_INPUT_FRAME_RATE
    sampling_rate: int = 22050
    hop_size: int = 256
    decoder_in_channels: int = 240
    decoder_spk_emb_dim: int = 80
    n_spks: int = 1
    encoder: EncoderConfig = field(default_factory=EncoderConfig)
    length_regulator: LengthRegulatorConfig = field(default_factory=LengthRegulatorConfig)
    estimator: EstimatorConfig = field(default_factory=EstimatorConfig)
    cfm: CFMConfig = field(default_factory=CFMConfig)

    def mel_frames(self, n_tokens: int) -> int:
        """Mel frames the flow generates for ``n_tokens`` tokens (the reference truncates, not rounds)."""
        return int(n_tokens / self.input_frame_rate * self.sampling_rate / self.hop_size)

    @property
    def frames_per_token(self) -> float:
        return self.sampling_rate / self.hop_size / self.input_frame_rate


def _plain(node: Any) -> Any:
    """Unwrap ``{"__class__": "omegaconf.DictConfig", "content": {...}}`` into its content."""
    if isinstance(node, dict) and "content" in node and str(node.get("__class__", "")).endswith("DictConfig"):
        return node["content"]
    return node


def _kwargs(node: Any) -> dict[str, Any]:
    node = _plain(node)
    if node is None:
        return {}
    if not isinstance(node, dict):
        raise ValueError(f"expected a mapping in the flow section, got {type(node).__name__}")
    return {k: v for k, v in node.items() if k != "__class__"}


def flow_config_from_yaml_node(node: dict[str, Any]) -> FlowConfig:
    """Map the ``flow:`` node of a parsed ``cosyvoice.yaml`` to a :class:`FlowConfig`.

    Expected shape (``!new:`` tags already turned into ``__class__`` entries, ``!ref`` resolved)::

        {"__class__": "cosyvoice.flow.flow.MaskedDiffWithXvec",
         "input_size": 512, "output_size": 80, "spk_embed_dim": 192, "vocab_size": ...,
         "input_frame_rate": ..., "output_type": "mel", "only_mask_loss": True,
         "mel_feat_conf": {"sampling_rate": 22050, "hop_size": 256, ...},        # optional
         "encoder": {"__class__": "cosyvoice.transformer.encoder.ConformerEncoder",
                     "output_size": 512, "attention_heads": 8, "linear_units": 2048,
                     "num_blocks": 6, "input_layer": "linear", "pos_enc_layer_type": "rel_pos_espnet",
                     "selfattention_layer_type": "rel_selfattn", "input_size": 512,
                     "use_cnn_module": False, "macaron_style": False, ...},
         "length_regulator": {"__class__": "...InterpolateRegulator", "channels": 80,
                              "sampling_ratios": [1, 1, 1, 1]},
         "decoder": {"__class__": "cosyvoice.flow.flow_matching.ConditionalCFM",
                     "in_channels": 240, "n_spks": 1, "spk_emb_dim": 80,
                     "cfm_params": {"__class__": "omegaconf.DictConfig",
                                    "content": {"sigma_min": 1e-06, "solver": "euler",
                                                "t_scheduler": "cosine", "inference_cfg_rate": 0.7, ...}},
                     "estimator": {"__class__": "cosyvoice.flow.decoder.ConditionalDecoder",
                                   "in_channels": 320, "out_channels": 80, "channels": [256, 256],
                                   "attention_head_dim": 64, "n_blocks": 4, "num_mid_blocks": 12,
                                   "num_heads": 8, "act_fn": "gelu", "dropout": 0.0}}}

    ``cfm_params`` may also be a plain mapping. Missing keys keep the defaults; unknown keys
    (dropout rates, training-only settings) are ignored because inference does not use them.
    """
    top = _kwargs(node)
    cls_name = str(_plain(node).get("__class__", "")) if isinstance(node, dict) else ""
    if cls_name and cls_name.rsplit(".", 1)[-1] != "MaskedDiffWithXvec":
        raise ValueError(f"unsupported flow class {cls_name!r}: only the CosyVoice-1 MaskedDiffWithXvec is")
    config = config_from_values(FlowConfig, {k: v for k, v in top.items() if not isinstance(v, dict)})
    mel_conf = _kwargs(top.get("mel_feat_conf"))
    if "sampling_rate" in mel_conf:
        config.sampling_rate = int(mel_conf["sampling_rate"])
    if "hop_size" in mel_conf:
        config.hop_size = int(mel_conf["hop_size"])
    config.encoder = config_from_values(EncoderConfig, _kwargs(top.get("encoder")))
    config.length_regulator = config_from_values(LengthRegulatorConfig, _kwargs(top.get("length_regulator")))
    decoder = _kwargs(top.get("decoder"))
    if "in_channels" in decoder:
        config.decoder_in_channels = int(decoder["in_channels"])
    if "spk_emb_dim" in decoder:
        config.decoder_spk_emb_dim = int(decoder["spk_emb_dim"])
    if "n_spks" in decoder:
        config.n_spks = int(decoder["n_spks"])
    config.cfm = config_from_values(CFMConfig, _kwargs(decoder.get("cfm_params")))
    config.estimator = config_from_values(EstimatorConfig, _kwargs(decoder.get("estimator")))
    return config
