"""Regenerate the Step-Audio-EditX 24 kHz vocoder goldens by running the UPSTREAM code on tiny random weights.

Not part of the test suite (it needs the upstream tree and torch). How to run it::

    # upstream stepfun-ai/Step-Audio-EditX at aacb90a2a4f43a977c38c6c824e67071296ab17b, unmodified
    git -C <mirror of Step-Audio-EditX> archive aacb90a stepvocoder | tar -x -C /tmp/editxref
    python3 -m venv /tmp/goldvenv
    /tmp/goldvenv/bin/pip install torch==2.13.0 numpy einops hyperpyyaml scipy onnxruntime librosa
    PYTHONPATH=/tmp/editxref /tmp/goldvenv/bin/python tests/data/step/editx/make_goldens.py [--out DIR]

`whisper` and `torchaudio` are imported by `stepvocoder/cosyvoice2/cli/{cosyvoice,frontend}.py` but not
used on the paths run here; when they are not installed this script registers empty stand-in modules
for them (see README.md). Nothing in the upstream tree is changed.

What it does: builds `flow`, `hift` and `mel_conf` from `cosyvoice_tiny.yaml` with hyperpyyaml exactly as
upstream `cli/cosyvoice.py` `CosyVoice.__init__` does (`load_hyperpyyaml(f)`; `configs['flow']`, ...),
replaces every parameter with seeded random values (upstream zero-inits the DiT's adaLN and final
layers, which would make the goldens trivial), sets the CFM `rand_noise` buffer from a seed, wraps
both in upstream's `CosyVoice_stream_impl_` (as `CosyVoice.__init__` does, without CUDA graphs) and
records module inputs / outputs. All numbers are fp32 on CPU. Output files (npz, float32 / int64) are
written next to this script unless `--out` is given; README.md lists every array.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import types
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

HERE = Path(__file__).resolve().parent
YAML = HERE / "cosyvoice_tiny.yaml"
WAV = Path(
    "/work/shared/audio/fear_zh_female_prompt.wav"
)  # 24 kHz mono int16, public Step-Audio-EditX example

SEED_CONSTRUCT = 0  # global torch seed before the yaml is loaded (construction-time draws; all overwritten)
SEED_FLOW_W = 0  # torch.Generator seed for the flow's random weights
SEED_HIFT_W = 1  # torch.Generator seed for HiFT's random weights
SEED_NOISE = 1234  # torch.Generator seed for the CFM rand_noise buffer (1, 80, 30000)
SEED_CODES = 2024  # numpy default_rng seed for the code lists and the x-vector
SEED_DIT = 7  # torch.Generator seed for the stand-alone DiT inputs
SEED_HIFT_MEL = 11  # torch.Generator seed for the stand-alone HiFT mel
SEED_SINE_E2E = 4321  # global torch seed right before token2wav_nonstream (SineGen2 draws)
SEED_SINE_HIFT = 5678  # global torch seed right before the stand-alone hift.inference
F0_GAINS = (
    6000.0,
    -3000.0,
)  # (weight, bias) gains on f0_predictor.classifier: f0 = |.| spans ~0..300 Hz, voiced + unvoiced
PROMPT_WAV_START = 24000  # 1.0 s into the clip
PROMPT_MEL_FRAMES = 41  # deliberately != 2 * 18 prompt token frames = 36


def install_import_shims() -> list[str]:
    """Empty stand-ins for modules that upstream imports but never uses on the paths run here."""
    shimmed = []
    for name in ("whisper", "torchaudio"):
        if importlib.util.find_spec(name) is None:
            shimmed.append(name)
    if "whisper" in shimmed:
        sys.modules["whisper"] = types.ModuleType("whisper")
    if "torchaudio" in shimmed:
        ta = types.ModuleType("torchaudio")
        ta.__path__ = []
        comp = types.ModuleType("torchaudio.compliance")
        comp.__path__ = []
        kaldi = types.ModuleType("torchaudio.compliance.kaldi")
        ta.compliance = comp
        comp.kaldi = kaldi
        sys.modules.update(
            {"torchaudio": ta, "torchaudio.compliance": comp, "torchaudio.compliance.kaldi": kaldi}
        )
    return shimmed


SHIMMED = install_import_shims()

from hyperpyyaml import load_hyperpyyaml  # noqa: E402
from scipy.io.wavfile import read as wav_read  # noqa: E402
from stepvocoder.cosyvoice2.cli.cosyvoice import CosyVoice_stream_impl_  # noqa: E402
from stepvocoder.cosyvoice2.embedding.dual_codebook import DualCodebookEmbedding  # noqa: E402
from stepvocoder.cosyvoice2.flow.decoder_dit import DiT  # noqa: E402
from stepvocoder.cosyvoice2.flow.flow import CausalMaskedDiffWithXvec  # noqa: E402
from stepvocoder.cosyvoice2.flow.flow_matching import CausalConditionalCFM  # noqa: E402
from stepvocoder.cosyvoice2.hifigan.activation import Snake  # noqa: E402
from stepvocoder.cosyvoice2.hifigan.f0_predictor import ConvRNNF0Predictor  # noqa: E402
from stepvocoder.cosyvoice2.hifigan.generator import HiFTGenerator  # noqa: E402
from stepvocoder.cosyvoice2.matcha.audio import mel_spectrogram  # noqa: E402
from stepvocoder.cosyvoice2.transformer.upsample_encoder_v2 import UpsampleConformerEncoderV2  # noqa: E402


# --------------------------------------------------------------------------------------------- weights
def randomise_(model: torch.nn.Module, seed: int, f0_gains: tuple[float, float] | None = None) -> None:
    """Overwrite every parameter with seeded values (in named_parameters order).

    Linear / conv weights (and weight-norm `original1` = v): N(0, (0.5 / sqrt(fan_in))^2), fan_in = in
    (Linear), in * k (Conv1d), in * k / stride (ConvTranspose1d); weight-norm `original0` = g: the
    row norm of the new v times (1 + 0.1 N); embeddings N(0, 1); biases 0.1 N; LayerNorm weight
    1 + 0.1 N; Snake alpha 1 + 0.1 |N|; pos_bias_u/v 0.1 N. Then, for HiFT only, the f0 head
    (`f0_predictor.classifier`) weight and bias are multiplied by `f0_gains`. Every value is finally
    rounded to the nearest bf16-representable number (kept as fp32): the files compress to about half,
    and a bf16 cast of these weights is lossless.
    """
    g = torch.Generator().manual_seed(seed)
    params = dict(model.named_parameters())
    g_names = []
    with torch.no_grad():
        for name, p in params.items():
            owner_name, _, leaf = name.rpartition(".")
            if leaf == "original0":
                g_names.append(name)
                continue
            if (
                leaf == "original1"
            ):  # weight-norm v: owner is the ParametrizationList; the conv is 2 levels up
                owner = model.get_submodule(owner_name.rsplit(".", 2)[0])
            else:
                owner = model.get_submodule(owner_name) if owner_name else model
            n = torch.randn(p.shape, generator=g)
            if isinstance(owner, torch.nn.LayerNorm):
                p.copy_(1.0 + 0.1 * n if leaf == "weight" else 0.1 * n)
            elif isinstance(owner, Snake):
                p.copy_(1.0 + 0.1 * n.abs())
            elif leaf in ("pos_bias_u", "pos_bias_v") or leaf == "bias":
                p.copy_(0.1 * n)
            elif isinstance(owner, torch.nn.Embedding):
                p.copy_(n)
            elif isinstance(owner, torch.nn.Linear):
                p.copy_(n * (0.5 / owner.in_features**0.5))
            elif isinstance(owner, torch.nn.ConvTranspose1d):
                fan_in = owner.in_channels * owner.kernel_size[0] / owner.stride[0]
                p.copy_(n * (0.5 / fan_in**0.5))
            elif isinstance(owner, torch.nn.Conv1d):
                fan_in = owner.in_channels * owner.kernel_size[0] // owner.groups
                p.copy_(n * (0.5 / fan_in**0.5))
            else:
                raise RuntimeError(f"no rule for {name} ({type(owner).__name__})")
        for name in g_names:  # g after its v
            v = params[name[: -len("original0")] + "original1"]
            norm = torch.linalg.vector_norm(v.reshape(v.shape[0], -1), dim=1).reshape(params[name].shape)
            params[name].copy_(norm * (1.0 + 0.1 * torch.randn(params[name].shape, generator=g)))
        if f0_gains is not None:  # HiFT: scale the f0 head so that f0 has a speech-like range
            model.f0_predictor.classifier.weight.mul_(f0_gains[0])
            model.f0_predictor.classifier.bias.mul_(f0_gains[1])
        for p in params.values():
            p.copy_(p.to(torch.bfloat16).to(torch.float32))


def to_npz_dict(sd: dict[str, torch.Tensor]) -> dict[str, np.ndarray]:
    return {k: v.detach().cpu().to(torch.float32).numpy() for k, v in sd.items()}


def folded_hift(hift_sd: dict[str, np.ndarray]) -> HiFTGenerator:
    """A fresh HiFT from the yaml with `hift_sd` loaded and weight norm removed: every
    `X.parametrizations.weight.original{0,1}` becomes `X.weight` (= g * v / |v|, torch._weight_norm).

    (Not a deepcopy: parametrized modules of a deepcopy share their injected class with the original,
    and remove_parametrizations deletes the class's `weight` property, which breaks the original.)
    """
    with open(YAML) as f:
        h = load_hyperpyyaml(f)["hift"]
    h.load_state_dict({k: torch.from_numpy(v) for k, v in hift_sd.items()}, strict=True)
    for mod in list(h.modules()):
        if torch.nn.utils.parametrize.is_parametrized(mod, "weight"):
            torch.nn.utils.parametrize.remove_parametrizations(mod, "weight", leave_parametrized=True)
    return h.eval()


# --------------------------------------------------------------------------------------------- recorders
class SineDrawRecorder:
    """Records torch.rand / torch.randn_like draws (SineGen2's rand_ini and Gaussian noise).

    The randn_like draws are rounded to bf16-representable values before upstream uses them (so the
    stored fp32 arrays compress to about half); upstream runs on exactly the stored values.
    """

    def __enter__(self):
        self.rand, self.randn_like = [], []
        self._rand, self._randn_like = torch.rand, torch.randn_like

        def rand(*a, **k):
            out = self._rand(*a, **k)
            self.rand.append(out.clone())
            return out

        def randn_like(*a, **k):
            out = self._randn_like(*a, **k).to(torch.bfloat16).to(torch.float32)
            self.randn_like.append(out.clone())
            return out

        torch.rand, torch.randn_like = rand, randn_like
        return self

    def __exit__(self, *exc):
        torch.rand, torch.randn_like = self._rand, self._randn_like


def hook_outputs(
    modules: dict[str, torch.nn.Module], store: dict, pre: dict[str, torch.nn.Module] | None = None
):
    handles = []
    for key, mod in modules.items():

        def h(_m, _inp, out, key=key):
            store.setdefault(key, []).append(out)

        handles.append(mod.register_forward_hook(h))
    for key, mod in (pre or {}).items():

        def hp(_m, inp, key=key):
            store.setdefault(key, []).append(inp)

        handles.append(mod.register_forward_pre_hook(hp))
    return handles


def f32(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().to(torch.float32).numpy().copy()


# --------------------------------------------------------------------------------------------- real sizes
def real_size_inventory() -> dict:
    """Instantiate the upstream classes with the released sizes (note §3.2) on the meta device."""
    with torch.device("meta"):
        encoder = UpsampleConformerEncoderV2(
            input_size=512,
            output_size=512,
            input_layer="linear",
            pre_lookahead_len=3,
            num_blocks=6,
            num_up_blocks=4,
            up_stride=2,
            up_scale_factor=2,
            attention_heads=8,
            pos_enc_layer_type="rel_pos_espnet",
            selfattention_layer_type="rel_selfattn",
            key_bias=True,
            linear_units=2048,
            dropout_rate=0.1,
            positional_dropout_rate=0.1,
            attention_dropout_rate=0.1,
            normalize_before=True,
            activation_type="swish",
        )
        estimator = DiT(
            in_channels=320,
            out_channels=80,
            mlp_ratio=4.0,
            depth=16,
            num_heads=8,
            head_dim=64,
            hidden_size=512,
        )
        flow = CausalMaskedDiffWithXvec(
            input_size=512,
            output_size=80,
            spk_embed_dim=192,
            output_type="mel",
            vocab_size=5121,
            encoder=encoder,
            decoder=CausalConditionalCFM(estimator, inference_cfg_rate=0.7),
            input_embedding=DualCodebookEmbedding(vocab_size=5121, input_size=512),
        )
        hift = HiFTGenerator(
            in_channels=80,
            base_channels=512,
            nb_harmonics=8,
            sampling_rate=24000,
            nsf_alpha=0.1,
            nsf_sigma=0.003,
            nsf_voiced_threshold=10,
            upsample_rates=[8, 5, 3],
            upsample_kernel_sizes=[16, 11, 7],
            istft_params={"n_fft": 16, "hop_len": 4},
            resblock_kernel_sizes=[3, 7, 11],
            resblock_dilation_sizes=[[1, 3, 5]] * 3,
            source_resblock_kernel_sizes=[7, 7, 11],
            source_resblock_dilation_sizes=[[1, 3, 5]] * 3,
            lrelu_slope=0.1,
            audio_limit=0.99,
            f0_predictor=ConvRNNF0Predictor(num_class=1, in_channels=80, cond_channels=512),
        )

    def inv(sd):
        keys = [[k, list(v.shape)] for k, v in sd.items()]
        return {"n_tensors": len(keys), "n_params": int(sum(int(np.prod(s)) for _, s in keys)), "keys": keys}

    hsd = hift.state_dict()
    folded = {}
    for k, v in hsd.items():
        if k.endswith(".parametrizations.weight.original0"):
            continue
        if k.endswith(".parametrizations.weight.original1"):
            folded[k.replace(".parametrizations.weight.original1", ".weight")] = v
        else:
            folded[k] = v
    return {"flow": inv(flow.state_dict()), "hift_parametrized": inv(hsd), "hift_folded": inv(folded)}


def write_real_keys(inv: dict, path: Path) -> None:
    lines = ["{"]
    for i, (name, d) in enumerate(inv.items()):
        lines.append(f'"{name}": {{"n_tensors": {d["n_tensors"]}, "n_params": {d["n_params"]}, "keys": [')
        lines += [
            json.dumps(e, separators=(",", ":")) + ("," if j < len(d["keys"]) - 1 else "")
            for j, e in enumerate(d["keys"])
        ]
        lines.append("]}" + ("," if i < len(inv) - 1 else ""))
    lines.append("}")
    text = "\n".join(lines) + "\n"
    json.loads(text)
    path.write_text(text)


# --------------------------------------------------------------------------------------------- codes
def draw_codes(rng: np.random.Generator, n: int) -> list[int]:
    """Mixed codes (id - 65536) in the 2 vq02 + 3 vq06 group structure.

    vq02 in [0, 1024), vq06 in [1024, 5120)."""
    return [int(rng.integers(0, 1024)) if i % 5 < 2 else int(rng.integers(1024, 5120)) for i in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=HERE)
    ap.add_argument("--skip-real", action="store_true", help="do not rewrite real_keys.json")
    args = ap.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)

    # ---- build exactly as CosyVoice.__init__ does (minus the torch.load of flow.pt / hift.pt)
    torch.manual_seed(SEED_CONSTRUCT)
    with open(YAML) as f:
        configs = load_hyperpyyaml(f)
        flow, hift = configs["flow"], configs["hift"]
        mel_conf = configs["mel_conf"]
    randomise_(flow, SEED_FLOW_W)
    randomise_(hift, SEED_HIFT_W, f0_gains=F0_GAINS)
    flow.decoder.rand_noise.copy_(
        torch.randn(flow.decoder.rand_noise.shape, generator=torch.Generator().manual_seed(SEED_NOISE))
    )
    flow = flow.eval()
    hift = hift.eval()
    impl = CosyVoice_stream_impl_(flow, hift, [15, 24, 48], 8, 10).to(torch.device("cpu"), torch.float32)

    # ---- weights (npz, keys = upstream state_dict keys)
    flow_sd = to_npz_dict(flow.state_dict())
    hift_sd = to_npz_dict(hift.state_dict())
    hift_folded = folded_hift(hift_sd)
    hift_folded_sd = to_npz_dict(hift_folded.state_dict())
    # round trip: a fresh yaml build must accept the saved keys strictly
    with open(YAML) as f:
        fresh = load_hyperpyyaml(f)
    fresh["flow"].load_state_dict({k: torch.from_numpy(v) for k, v in flow_sd.items()}, strict=True)
    fresh["hift"].load_state_dict({k: torch.from_numpy(v) for k, v in hift_sd.items()}, strict=True)
    del fresh
    np.savez_compressed(out / "flow_tiny_weights.npz", **flow_sd)
    np.savez_compressed(out / "hift_tiny_weights.npz", **hift_sd)
    np.savez_compressed(out / "hift_tiny_weights_folded.npz", **hift_folded_sd)

    # ---- inputs
    rng = np.random.default_rng(SEED_CODES)
    prompt_codes = draw_codes(rng, 30)
    target25 = draw_codes(rng, 25)
    target27 = draw_codes(rng, 27)
    tail_codes = draw_codes(rng, 29)
    embedding = rng.standard_normal((1, 192)).astype(np.float32)
    sr, wav = wav_read(str(WAV))
    assert sr == mel_conf["sampling_rate"] == 24000 and wav.dtype == np.int16
    prompt_wav = (
        wav[PROMPT_WAV_START : PROMPT_WAV_START + PROMPT_MEL_FRAMES * 480].astype(np.float32) / 32768.0
    )[None]
    prompt_feat = mel_spectrogram(y=torch.from_numpy(prompt_wav), **mel_conf).transpose(
        1, 2
    )  # (1, 41, 80), as extract_speech_feat
    assert prompt_feat.shape == (1, PROMPT_MEL_FRAMES, 80)

    fg: dict[str, np.ndarray] = {}
    fg["prompt_codes"] = np.array(prompt_codes, np.int64)
    fg["target25_codes"] = np.array(target25, np.int64)
    fg["target27_codes"] = np.array(target27, np.int64)
    fg["embedding"] = embedding
    fg["prompt_wav"] = prompt_wav
    fg["prompt_feat"] = f32(prompt_feat)

    # ---- _reshape (cli/cosyvoice.py), including every incomplete-tail length
    reshape = CosyVoice_stream_impl_._reshape
    fg["prompt_frames"] = reshape(list(prompt_codes)).numpy()
    fg["target25_frames"] = reshape(list(target25)).numpy()
    fg["target27_frames"] = reshape(list(target27)).numpy()
    fg["tail_codes"] = np.array(tail_codes, np.int64)
    for n in (26, 27, 28, 29):
        fg[f"tail{n}_frames"] = reshape(list(tail_codes[:n])).numpy()

    # ---- prompt mel alignment, exactly as token2wav_nonstream
    prompt_token = torch.from_numpy(fg["prompt_frames"]).unsqueeze(0)
    prompt_feat_i = F.interpolate(
        prompt_feat.transpose(1, 2), size=prompt_token.shape[1] * 2, mode="nearest"
    ).transpose(1, 2)
    fg["prompt_feat_interp"] = f32(prompt_feat_i)

    # ---- flow, non-streaming, per target (the body of token2wav_nonstream up to the mel)
    def make_len(ts):
        return torch.tensor([ts.shape[1]], dtype=torch.long)

    enc = flow.encoder
    est = flow.decoder.estimator
    z_len_max = 0
    for name in ("target25", "target27"):
        token = torch.from_numpy(fg[f"{name}_frames"]).unsqueeze(0)
        store: dict = {}
        # solve_euler calls estimator.forward() directly (no module hooks), so hook its children instead:
        # t_embedder gets t, in_proj gets the packed (B, L, 320) = [x | mu | spks | cond],
        # final_layer gives v^T
        handles = hook_outputs(
            {
                "emb": flow.input_embedding,
                "spk": flow.spk_embed_affine_layer,
                "embed": enc.embed,
                "lookahead": enc.pre_lookahead_layer,
                "blocks": enc.encoders[-1],
                "up": enc.up_layer,
                "up_embed": enc.up_embed,
                "up_blocks": enc.up_encoders[-1],
                "after_norm": enc.after_norm,
                "mu": flow.encoder_proj,
                "v": est.final_layer,
            },
            store,
            pre={"t_in": est.t_embedder, "packed": est.in_proj},
        )
        mel = flow.inference(
            token,
            make_len(token),
            prompt_token,
            make_len(prompt_token),
            prompt_feat_i.to(torch.float32),
            make_len(prompt_feat_i),
            torch.from_numpy(embedding),
            10,
        )
        for h in handles:
            h.remove()
        tag = name[len("target") :]
        L = store["mu"][0].shape[1]
        z_len_max = max(z_len_max, L)
        assert len(store["t_in"]) == 10 and all(torch.equal(t[0][0], t[0][1]) for t in store["t_in"])
        fg[f"mel{tag}"] = f32(mel)
        fg[f"mu{tag}"] = f32(store["mu"][0])
        fg[f"t_fed{tag}"] = np.array([float(t[0][0]) for t in store["t_in"]], np.float32)
        # first Euler step: the estimator's batch-2 input (row 0 conditional, row 1 all-zero mu/spks/cond)
        packed = store["packed"][0][0].transpose(1, 2)  # (2, 320, L)
        x0, mu0, s0, c0 = packed[:, :80], packed[:, 80:160], packed[:, 160:240], packed[:, 240:]
        assert torch.equal(x0[0], flow.decoder.rand_noise[0, :, :L]) and torch.equal(x0[1], x0[0])
        assert (
            torch.equal(mu0[0], store["mu"][0][0].T)
            and not mu0[1].any()
            and not s0[1].any()
            and not c0[1].any()
        )
        fg[f"step0_v{tag}"] = f32(store["v"][0].transpose(1, 2))  # (2, 80, L): conditional, unconditional
        fg[f"spks{tag}"] = f32(store["spk"][0])
        fg[f"cond{tag}"] = f32(c0[:1])
        if tag == "25":
            fg["emb_out25"] = f32(store["emb"][0])  # before the length mask (all ones here)
            fg["enc_embed_out25"] = f32(store["embed"][0][0])
            fg["enc_pos_emb25"] = f32(store["embed"][0][1])
            fg["enc_lookahead_out25"] = f32(store["lookahead"][0])
            fg["enc_blocks_out25"] = f32(store["blocks"][0][0])
            fg["enc_up_out25"] = f32(store["up"][0][0])
            fg["enc_up_embed_out25"] = f32(store["up_embed"][0][0])
            fg["enc_up_pos_emb25"] = f32(store["up_embed"][0][1])
            fg["enc_up_blocks_out25"] = f32(store["up_blocks"][0][0])
            fg["enc_after_norm25"] = f32(store["after_norm"][0])
    fg["rand_noise_prefix"] = f32(flow.decoder.rand_noise[:, :, :z_len_max])
    t_span = torch.linspace(0, 1, 10 + 1, dtype=torch.float32)
    fg["t_span"] = f32(1 - torch.cos(t_span * 0.5 * torch.pi))

    # ---- one stand-alone DiT estimator call at batch 2 (two variants)
    g = torch.Generator().manual_seed(SEED_DIT)
    Ld = 40
    for v, (t_vals, pad_row1) in {"dit": ((0.3, 0.3), 0), "ditB": ((0.3, 0.8), 10)}.items():
        x = torch.randn(2, 80, Ld, generator=g)
        mu = torch.randn(2, 80, Ld, generator=g)
        spks = torch.randn(2, 80, generator=g)
        cond = torch.randn(2, 80, Ld, generator=g)
        mask = torch.ones(2, 1, Ld)
        if pad_row1:
            mask[1, :, Ld - pad_row1 :] = 0
        t = torch.tensor(t_vals, dtype=torch.float32)
        store = {}
        handles = hook_outputs(
            {"temb": est.t_embedder, "in_proj": est.in_proj, "block0": est.blocks[0]}, store
        )
        with torch.inference_mode():
            y = est(x, mask, mu, t, spks, cond)
        for h in handles:
            h.remove()
        for k, a in (
            ("x", x),
            ("mask", mask),
            ("mu", mu),
            ("t", t),
            ("spks", spks),
            ("cond", cond),
            ("out", y),
            ("t_emb", store["temb"][0]),
            ("in_proj_out", store["in_proj"][0]),
            ("block0_out", store["block0"][0]),
        ):
            fg[f"{v}_{k}"] = f32(a)

    # ---- end to end: upstream token2wav_nonstream for target 25, SineGen2 draws recorded
    hstore: dict = {}
    handles = hook_outputs(
        {"f0": hift.f0_predictor, "msrc": hift.m_source}, hstore, pre={"hift_mel": hift.f0_predictor}
    )
    torch.manual_seed(SEED_SINE_E2E)
    with SineDrawRecorder() as rec:
        speech = impl.token2wav_nonstream(
            torch.tensor([target25]), torch.tensor([prompt_codes]), prompt_feat, torch.from_numpy(embedding)
        )
    for h in handles:
        h.remove()
    assert len(rec.rand) == 1 and len(rec.randn_like) == 2
    e2e_mel = hstore["hift_mel"][0][0]
    assert torch.equal(e2e_mel, torch.from_numpy(fg["mel25"]))
    hg: dict[str, np.ndarray] = {}
    rand_ini = rec.rand[0].clone()
    rand_ini[:, 0] = 0
    e2e_source = hstore["msrc"][0][0].transpose(1, 2)  # (1, 1, L), what decode() receives
    hg["e2e_mel"] = f32(e2e_mel)
    hg["e2e_f0"] = f32(hstore["f0"][0])
    hg["e2e_rand_ini"] = f32(rand_ini)
    hg["e2e_sine_randn"] = f32(rec.randn_like[0])
    hg["e2e_source"] = f32(e2e_source)
    hg["e2e_speech"] = f32(speech)
    with torch.inference_mode():  # decode alone on the recorded source reproduces the waveform
        assert torch.equal(hift.decode(x=e2e_mel, s=e2e_source), speech)
        assert torch.equal(hift_folded.decode(x=e2e_mel, s=e2e_source), speech)

    # ---- HiFT alone on a random log-mel-like input (1, 80, 20)
    g = torch.Generator().manual_seed(SEED_HIFT_MEL)
    hmel = -5.0 + 2.0 * torch.randn(1, 80, 20, generator=g)
    torch.manual_seed(SEED_SINE_HIFT)
    with SineDrawRecorder() as rec, torch.inference_mode():
        wave, src = hift.inference(hmel)
        f0 = hift.f0_predictor(hmel)
    assert len(rec.rand) == 1 and len(rec.randn_like) == 2
    rand_ini = rec.rand[0].clone()
    rand_ini[:, 0] = 0
    hg["mel"] = f32(hmel)
    hg["f0"] = f32(f0)
    hg["rand_ini"] = f32(rand_ini)
    hg["sine_randn"] = f32(rec.randn_like[0])
    hg["source"] = f32(src)
    hg["speech"] = f32(wave)
    with torch.inference_mode():
        assert torch.equal(hift_folded.decode(x=hmel, s=src), wave)
        # rand_ini never reaches the output: the 1/480 linear decimation samples rad[480 i + 239.5] only.
        # Upstream SineGen2._f02sine with the real draw vs with rand_ini forced to 0:
        sg = hift.m_source.l_sin_gen
        fn = torch.multiply(hift.f0_upsamp(f0[:, None]).transpose(1, 2), torch.FloatTensor([[range(1, 10)]]))
        torch.manual_seed(SEED_SINE_HIFT)
        a = sg._f02sine(fn.clone())
        orig_rand = torch.rand
        torch.rand = lambda *a_, **k_: orig_rand(*a_, **k_).zero_()
        try:
            b = sg._f02sine(fn.clone())
        finally:
            torch.rand = orig_rand
        assert torch.equal(a, b)

    np.savez_compressed(out / "flow_goldens.npz", **fg)
    np.savez_compressed(out / "hift_goldens.npz", **hg)

    if not args.skip_real:
        inv = real_size_inventory()
        write_real_keys(inv, out / "real_keys.json")
        for k, d in inv.items():
            print(f"real {k}: {d['n_tensors']} tensors, {d['n_params']:,} params")

    # ---- sanity: nothing trivial
    def st(a):
        a = np.asarray(a, np.float64)
        return f"shape={a.shape} mean={a.mean():+.4f} std={a.std():.4f} min={a.min():+.4f} max={a.max():+.4f}"

    for k in ("prompt_feat", "mu25", "mel25", "mel27", "dit_out", "ditB_out", "step0_v25"):
        print(f"{k}: {st(fg[k])}")
    print("dit rows differ:", float(np.abs(fg["dit_out"][0] - fg["dit_out"][1]).max()))
    print("DiT out vs x (identity check):", float(np.abs(fg["dit_out"] - fg["dit_x"]).max()))
    for k in ("e2e_f0", "e2e_source", "e2e_speech", "f0", "source", "speech"):
        print(f"{k}: {st(hg[k])}")
    for k in ("e2e_f0", "f0"):
        print(f"{k} voiced fraction (>10 Hz): {(hg[k] > 10).mean():.3f}")
    for k in ("e2e_speech", "speech"):
        print(f"{k} clipped fraction: {(np.abs(hg[k]) >= 0.99).mean():.4f}")
    print("shimmed modules:", SHIMMED)
    for p in sorted(out.glob("*")):
        print(f"{p.name}: {p.stat().st_size:,} B")


if __name__ == "__main__":
    main()
