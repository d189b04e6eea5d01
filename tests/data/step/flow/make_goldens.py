"""Regenerate ``goldens.npz`` by running the UPSTREAM flow on the tiny random weights.

Not part of the test suite. Needs an extracted upstream tree and its light dependencies, e.g.::

    git -C /work/.mirror/stepfun-ai+Step-Audio/repo archive HEAD cosyvoice | tar -x -C /tmp/flowref
    # fp32 comparison: drop the bf16 casts of the first U-Net level in cosyvoice/flow/decoder.py
    # (`x.to(torch.bfloat16), mask_down.to(...), t.to(...)` -> `x, mask_down, t`)
    # a venv with einops, omegaconf, diffusers; `conformer` may be a stub module (unused class)
    PYTHONPATH=/tmp/flowref:/tmp/flowshim:/work/main python tests/data/step/flow/make_goldens.py

The inputs are drawn here from fixed seeds and stored next to the outputs, so the test feeds our
implementation exactly what upstream saw.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from cosyvoice.flow.decoder import ConditionalDecoder
from cosyvoice.flow.flow import MaskedDiffWithXvec
from cosyvoice.flow.flow_matching import ConditionalCFM
from cosyvoice.flow.length_regulator import InterpolateRegulator
from cosyvoice.transformer.encoder import ConformerEncoder
from omegaconf import DictConfig

from tests.backends.step.tiny_cosyvoice import tiny_flow_state_dict, tiny_flow_yaml_node

OUT = Path(__file__).with_name("goldens.npz")


def _kw(node: dict) -> dict:
    return {k: v for k, v in node.items() if k != "__class__" and not isinstance(v, dict)}


def build_upstream(node: dict) -> MaskedDiffWithXvec:
    dec = node["decoder"]
    cfm = dict(dec["cfm_params"]["content"])
    cfm["sigma_min"] = float(cfm["sigma_min"])
    estimator = ConditionalDecoder(**_kw(dec["estimator"]))
    decoder = ConditionalCFM(
        in_channels=dec["in_channels"],
        cfm_params=DictConfig(cfm),
        n_spks=dec["n_spks"],
        spk_emb_dim=dec["spk_emb_dim"],
        estimator=estimator,
    )
    encoder = ConformerEncoder(**_kw(node["encoder"]))
    regulator = InterpolateRegulator(**_kw(node["length_regulator"]))
    top = _kw(node)
    return MaskedDiffWithXvec(encoder=encoder, length_regulator=regulator, decoder=decoder, **top)


def main() -> None:
    node = tiny_flow_yaml_node()
    flow = build_upstream(node)
    flow.load_state_dict(tiny_flow_state_dict(0), strict=True)
    flow.eval()

    g = torch.Generator().manual_seed(1234)
    n_prompt, n_target, prompt_frames = 20, 50, 41
    prompt_token = torch.randint(0, 5120, (1, n_prompt), generator=g)
    token = torch.randint(0, 5120, (1, n_target), generator=g)
    prompt_feat = torch.randn(1, prompt_frames, 80, generator=g)
    embedding = torch.randn(1, 192, generator=g) * 3
    frames = int(n_target / flow.input_frame_rate * 22050 / 256)
    noise = torch.randn(1, 80, prompt_frames + frames, generator=g)
    short_token = torch.randint(0, 5120, (1, 20), generator=g)
    short_frames = int(20 / flow.input_frame_rate * 22050 / 256)
    short_noise = torch.randn(1, 80, short_frames, generator=g)
    est_t = torch.tensor([0.3])

    real_randn_like = torch.randn_like
    with torch.inference_mode():
        tokens = torch.cat([prompt_token, token], dim=1)
        emb = flow.input_embedding(tokens)
        h, _ = flow.encoder.inference(emb, torch.tensor([n_prompt + n_target]))
        h = flow.encoder_proj(h)
        mu, _ = flow.length_regulator.inference(h[:, :n_prompt], h[:, n_prompt:], prompt_frames, frames)
        mu = mu.transpose(1, 2).contiguous()
        spks = flow.spk_embed_affine_layer(torch.nn.functional.normalize(embedding, dim=1))
        cond = torch.zeros(1, 80, prompt_frames + frames)
        cond[:, :, :prompt_frames] = prompt_feat.transpose(1, 2)
        mask = torch.ones(1, 1, prompt_frames + frames)
        velocity = flow.decoder.estimator(noise, mask, mu, est_t, spks, cond)
        try:
            torch.randn_like = lambda ref, *a, **k: noise.clone()
            mel = flow.inference(
                token,
                torch.tensor([n_target]),
                prompt_token,
                torch.tensor([n_prompt]),
                prompt_feat,
                torch.tensor([prompt_frames]),
                embedding,
            )
            torch.randn_like = lambda ref, *a, **k: short_noise.clone()
            short_mel = flow.inference(
                short_token,
                torch.tensor([20]),
                torch.zeros(1, 0, dtype=torch.long),
                torch.tensor([0]),
                torch.zeros(1, 0, 80),
                torch.tensor([0]),
                embedding,
            )
        finally:
            torch.randn_like = real_randn_like

    arrays = {
        "prompt_token": prompt_token,
        "token": token,
        "prompt_feat": prompt_feat,
        "embedding": embedding,
        "noise": noise,
        "encoder_out": h,
        "mu": mu,
        "spks": spks,
        "est_t": est_t,
        "velocity": velocity,
        "mel": mel,
        "short_token": short_token,
        "short_noise": short_noise,
        "short_mel": short_mel,
    }
    np.savez_compressed(
        OUT,
        **{k: v.detach().float().numpy() if v.is_floating_point() else v.numpy() for k, v in arrays.items()},
    )
    print("wrote", OUT, {k: tuple(v.shape) for k, v in arrays.items()})


if __name__ == "__main__":
    main()
