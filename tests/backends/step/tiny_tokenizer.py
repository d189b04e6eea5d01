"""Builds a tiny Step-Audio-Tokenizer folder in the official layout, with random weights.

The files have the real names, formats and tensor names; only the sizes are small: a 2-layer
SAN-M encoder of width 16 (the real one: 50 layers of 512), 1024 centroids of width 16, and a
`speech_tokenizer_v1.onnx` exported from a small conv net with the real input/output names and
dtypes (feats float32 [1, 128, T], feats_length int32 [1] -> indices int64 [1, T // 4]).
"""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import numpy as np

PARAFORMER_DIR = "dengcunqin/speech_paraformer-large_asr_nat-zh-cantonese-en-16k-vocab8501-online"

TINY_WIDTH = 16
TINY_HEADS = 2
TINY_UNITS = 32
TINY_BLOCKS = 2
N_MELS = 80
LFR_M = 7
LFR_N = 6

CONFIG_YAML = f"""\
model: ParaformerStreaming
model_conf:
    ctc_weight: 0.0
    predictor_weight: 1.0
    predictor_bias: 1
    sampling_ratio: 0.75
encoder: SANMEncoderChunkOpt
encoder_conf:
    output_size: {TINY_WIDTH}
    attention_heads: {TINY_HEADS}
    linear_units: {TINY_UNITS}
    num_blocks: {TINY_BLOCKS}
    dropout_rate: 0.1
    positional_dropout_rate: 0.1
    attention_dropout_rate: 0.1
    input_layer: pe_online
    pos_enc_class: SinusoidalPositionEncoder
    normalize_before: true
    kernel_size: 11
    sanm_shfit: 0
    selfattention_layer_type: sanm
    chunk_size: [12, 15]
    stride: [8, 10]
    pad_left: [0, 0]
    encoder_att_look_back_factor: [4, 4]
    decoder_att_look_back_factor: [1, 1]
decoder: ParaformerSANMDecoder
decoder_conf:
    attention_heads: {TINY_HEADS}
    linear_units: {TINY_UNITS}
    num_blocks: 1
    kernel_size: 11
    sanm_shfit: 5
predictor: CifPredictorV2
predictor_conf:
    idim: {TINY_WIDTH}
    threshold: 1.0
    l_order: 1
    r_order: 1
    tail_threshold: 0.45
frontend: WavFrontendOnline
frontend_conf:
    fs: 16000
    window: hamming
    n_mels: {N_MELS}
    frame_length: 25
    frame_shift: 10
    dither: 0.0
    lfr_m: {LFR_M}
    lfr_n: {LFR_N}
tokenizer: CharTokenizer
tokenizer_conf:
    unk_symbol: <unk>
    split_with_space: true
normalize: null
"""


def _am_mvn(rng: np.random.Generator, dim: int) -> str:
    shift = -(8.0 + 4.0 * rng.random(dim))
    scale = 0.25 + 0.2 * rng.random(dim)
    fmt = " ".join
    return (
        "<Nnet>\n"
        f"<Splice> {dim} {dim}\n[ 0 ]\n"
        f"<AddShift> {dim} {dim}\n<LearnRateCoef> 0 [ {fmt(f'{v:.6f}' for v in shift)} ]\n"
        f"<Rescale> {dim} {dim}\n<LearnRateCoef> 0 [ {fmt(f'{v:.6f}' for v in scale)} ]\n"
        "</Nnet>\n"
    )


def _encoder_state(seed: int) -> dict:
    import torch

    g = torch.Generator().manual_seed(seed)
    d, units, k, inp = TINY_WIDTH, TINY_UNITS, 11, N_MELS * LFR_M

    def lin(name: str, fan_in: int, fan_out: int, out: dict) -> None:
        bound = fan_in ** -0.5
        out[f"{name}.weight"] = (torch.rand(fan_out, fan_in, generator=g) * 2 - 1) * bound
        out[f"{name}.bias"] = (torch.rand(fan_out, generator=g) * 2 - 1) * bound

    def norm(name: str, size: int, out: dict) -> None:
        out[f"{name}.weight"] = 1.0 + 0.1 * torch.randn(size, generator=g)
        out[f"{name}.bias"] = 0.1 * torch.randn(size, generator=g)

    state: dict = {}
    layers = [("encoder.encoders0.0", inp)] + [(f"encoder.encoders.{i}", d) for i in range(TINY_BLOCKS - 1)]
    for prefix, size in layers:
        lin(f"{prefix}.self_attn.linear_q_k_v", size, 3 * d, state)
        lin(f"{prefix}.self_attn.linear_out", d, d, state)
        state[f"{prefix}.self_attn.fsmn_block.weight"] = 0.3 * torch.randn(d, 1, k, generator=g)
        lin(f"{prefix}.feed_forward.w_1", d, units, state)
        lin(f"{prefix}.feed_forward.w_2", units, d, state)
        norm(f"{prefix}.norm1", size, state)
        norm(f"{prefix}.norm2", d, state)
    norm("encoder.after_norm", d, state)
    return state


def _vq06_onnx(path: Path, seed: int) -> None:
    import torch

    class TinyS3(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.conv = torch.nn.Conv1d(128, 24, kernel_size=4, stride=4)
            self.proj = torch.nn.Linear(24, 4096)

        def forward(self, feats: torch.Tensor, feats_length: torch.Tensor) -> torch.Tensor:
            h = torch.tanh(self.conv(feats)).transpose(1, 2)  # [1, T // 4, 24]
            logits = self.proj(h)
            steps = torch.arange(h.shape[1], device=h.device)[None]
            valid = (steps < (feats_length.to(torch.int64) // 4)[:, None]).to(logits.dtype)
            return (logits * valid[..., None]).argmax(dim=-1)

    torch.manual_seed(seed)
    model = TinyS3().eval()
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model, (torch.randn(1, 128, 100), torch.tensor([100], dtype=torch.int32)), buf,
            input_names=["feats", "feats_length"], output_names=["indices"],
            dynamic_axes={"feats": {2: "T"}, "indices": {1: "T_out"}}, opset_version=17, dynamo=False,
        )
    path.write_bytes(buf.getvalue())


def build_tiny_tokenizer(folder: Path, seed: int = 0) -> Path:
    """Write a tiny Step-Audio-Tokenizer folder under `folder` and return it."""
    import torch

    folder = Path(folder)
    para = folder / PARAFORMER_DIR
    para.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    (para / "config.yaml").write_text(CONFIG_YAML, encoding="utf-8")
    (para / "am.mvn").write_text(_am_mvn(rng, N_MELS * LFR_M), encoding="utf-8")
    tokens = ["<blank>", "<s>", "</s>", "a", "b", "<unk>"]
    (para / "tokens.json").write_text(json.dumps(tokens), encoding="utf-8")
    (para / "configuration.json").write_text(json.dumps({
        "framework": "pytorch", "task": "auto-speech-recognition",
        "model": {"type": "funasr"},
        "file_path_metas": {"init_param": "model.pt", "config": "config.yaml",
                            "tokenizer_conf": {"token_list": "tokens.json"},
                            "frontend_conf": {"cmvn_file": "am.mvn"}},
    }), encoding="utf-8")
    torch.save(_encoder_state(seed), para / "model.pt")
    centroids = rng.standard_normal((1024, TINY_WIDTH)).astype(np.float32)
    np.save(folder / "linguistic_tokenizer.npy", centroids)
    _vq06_onnx(folder / "speech_tokenizer_v1.onnx", seed)
    return folder
