"""Regenerate ``goldens_bf16.npz``: the UPSTREAM flow run in bf16 as Step-Audio runs it in production.

Not part of the test suite. Needs an extracted, UNMODIFIED upstream tree (keep the bf16 casts of the
first U-Net level this time) and its light dependencies, e.g.::

    git -C /work/.mirror/stepfun-ai+Step-Audio/repo archive HEAD cosyvoice | tar -x -C /tmp/flowref
    # a throwaway venv: pip install torch==2.13.0 einops omegaconf diffusers==0.42.0 numpy
    # /tmp/flowshim/conformer.py: a stub `ConformerBlock` (imported by cosyvoice.matcha.decoder, unused)
    PYTHONPATH=/tmp/flowref:/tmp/flowshim:/work/main python tests/data/step/flow/make_bf16_goldens.py

What it mirrors of upstream's production path (``cosyvoice/cli/cosyvoice.py`` and ``tts.py``): the
whole flow is converted with ``flow.to(torch.bfloat16)``; the prompt mel and the x-vector are passed
as bf16; ``MaskedDiffWithXvec.inference`` then builds ``conds`` in float32 and a bf16 mask;
``ConditionalCFM.forward`` draws ``z = torch.randn_like(mu)`` (bf16) and builds ``t_span`` in bf16;
``_solve_euler_impl`` keeps x, t, dt and the guidance mix in bf16 (the estimator returns bf16).

The inputs are drawn exactly as in ``make_goldens.py`` (``torch.Generator().manual_seed(1234)``, same
draw order). ``torch.randn_like`` is patched to return the stored noise; that noise is the fp32 draw of
``make_goldens.py`` rounded to bf16 (``.to(torch.bfloat16).float()``), so its float32 values are exactly
what the bf16 run starts from and any implementation can start from the same point. ``prompt_feat`` and
``embedding`` are stored rounded to bf16 too (exactly what the bf16 flow received).

For comparison the script also runs the upstream flow in fp32 from the same rounded noise
(``mel_fp32``). That needs the same local edit as ``make_goldens.py`` (the bf16 casts of the first U-Net
level removed: fp32 weights cannot take bf16 activations); here it is applied in memory to a second
copy of ``cosyvoice/flow/decoder.py`` (the tree on disk stays unmodified). As a check, that fp32 path
run from the unrounded noise must reproduce ``goldens.npz``'s ``mel``.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path

import cosyvoice.flow.decoder as upstream_decoder
import numpy as np
import torch
from cosyvoice.flow.flow import MaskedDiffWithXvec
from cosyvoice.flow.flow_matching import ConditionalCFM
from cosyvoice.flow.length_regulator import InterpolateRegulator
from cosyvoice.transformer.encoder import ConformerEncoder
from omegaconf import DictConfig

from tests.backends.step.tiny_cosyvoice import tiny_flow_state_dict, tiny_flow_yaml_node

HERE = Path(__file__).parent
OUT = HERE / "goldens_bf16.npz"
FP32_GOLDENS = HERE / "goldens.npz"
BF16_CAST = "x.to(torch.bfloat16), mask_down.to(torch.bfloat16), t.to(torch.bfloat16)"


def _kw(node: dict) -> dict:
    return {k: v for k, v in node.items() if k != "__class__" and not isinstance(v, dict)}


def _fp32_decoder_module() -> types.ModuleType:
    """Upstream ``cosyvoice/flow/decoder.py`` with the first-level bf16 casts removed (in memory)."""
    source = Path(upstream_decoder.__file__).read_text()
    if source.count(BF16_CAST) != 1:
        raise RuntimeError("upstream decoder.py changed: the first-level bf16 cast was not found once")
    source = source.replace(BF16_CAST, "x, mask_down, t")
    spec = importlib.util.spec_from_loader("flowref_decoder_fp32", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__file__ = upstream_decoder.__file__ + " (bf16 casts removed in memory)"
    sys.modules[spec.name] = module
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


def build_upstream(node: dict, decoder_cls: type) -> MaskedDiffWithXvec:
    dec = node["decoder"]
    cfm = dict(dec["cfm_params"]["content"])
    cfm["sigma_min"] = float(cfm["sigma_min"])
    estimator = decoder_cls(**_kw(dec["estimator"]))
    decoder = ConditionalCFM(
        in_channels=dec["in_channels"],
        cfm_params=DictConfig(cfm),
        n_spks=dec["n_spks"],
        spk_emb_dim=dec["spk_emb_dim"],
        estimator=estimator,
    )
    encoder = ConformerEncoder(**_kw(node["encoder"]))
    regulator = InterpolateRegulator(**_kw(node["length_regulator"]))
    flow = MaskedDiffWithXvec(encoder=encoder, length_regulator=regulator, decoder=decoder, **_kw(node))
    flow.load_state_dict(tiny_flow_state_dict(0), strict=True)
    return flow.eval()


def draw_inputs(input_frame_rate: float) -> dict[str, torch.Tensor]:
    """The prompted-case inputs of ``make_goldens.py`` (same generator, same draw order)."""
    g = torch.Generator().manual_seed(1234)
    n_prompt, n_target, prompt_frames = 20, 50, 41
    prompt_token = torch.randint(0, 5120, (1, n_prompt), generator=g)
    token = torch.randint(0, 5120, (1, n_target), generator=g)
    prompt_feat = torch.randn(1, prompt_frames, 80, generator=g)
    embedding = torch.randn(1, 192, generator=g) * 3
    frames = int(n_target / input_frame_rate * 22050 / 256)
    noise = torch.randn(1, 80, prompt_frames + frames, generator=g)
    return {
        "prompt_token": prompt_token,
        "token": token,
        "prompt_feat": prompt_feat,
        "embedding": embedding,
        "noise": noise,
    }


def run_flow(flow: MaskedDiffWithXvec, inp: dict[str, torch.Tensor], noise: torch.Tensor, dtype,
             trace: dict | None = None) -> torch.Tensor:
    """``flow.inference`` with ``torch.randn_like`` returning ``noise`` (in the dtype asked for)."""
    cfm = flow.decoder
    real_randn_like = torch.randn_like
    if trace is not None:
        real_solve, real_estimate = cfm.solve_euler, cfm.forward_estimator

        def solve_euler(x, t_span, mu, mask, spks, cond):
            trace.update(z_dtype=x.dtype, t_span=t_span.clone(), mu=mu.clone(), spks=spks.clone(),
                         mu_dtype=mu.dtype,
                         mask_dtype=mask.dtype, spks_dtype=spks.dtype, cond_dtype=cond.dtype)
            out = real_solve(x, t_span, mu, mask, spks, cond)
            trace["out_dtype"] = out.dtype
            return out

        def forward_estimator(x, mask, mu, t, spks, cond):
            v = real_estimate(x, mask, mu, t, spks, cond)
            trace.setdefault("steps", []).append(
                {"x": x[:1].clone(), "x_dtype": x.dtype, "t": t[:1].clone(), "t_dtype": t.dtype,
                 "v_dtype": v.dtype}
            )
            return v

        cfm.solve_euler, cfm.forward_estimator = solve_euler, forward_estimator
    try:
        torch.randn_like = lambda ref, *a, **k: noise.to(ref.dtype).clone()
        with torch.inference_mode():
            mel = flow.inference(
                inp["token"],
                torch.tensor([inp["token"].shape[1]]),
                inp["prompt_token"],
                torch.tensor([inp["prompt_token"].shape[1]]),
                inp["prompt_feat"].to(dtype),
                torch.tensor([inp["prompt_feat"].shape[1]]),
                inp["embedding"].to(dtype),
            )
    finally:
        torch.randn_like = real_randn_like
        if trace is not None:
            del cfm.solve_euler, cfm.forward_estimator
    return mel


def main() -> None:
    # Default intra-op threads, as make_goldens.py ran (2 on the project's machines): with 1 thread the
    # fp32 check below is off goldens.npz by 1.4e-6 (another reduction order), with 2 it is exact.
    print("torch", torch.__version__, "threads", torch.get_num_threads())
    node = tiny_flow_yaml_node()
    inp = draw_inputs(node["input_frame_rate"])
    noise_fp32 = inp.pop("noise")
    noise = noise_fp32.to(torch.bfloat16).float()  # exactly representable in bf16
    # What the bf16 flow receives (tts.py casts the prompt mel and x-vector to bf16).
    inp["prompt_feat"] = inp["prompt_feat"].to(torch.bfloat16).float()
    inp["embedding"] = inp["embedding"].to(torch.bfloat16).float()

    # --- upstream as in production: the whole flow in bf16 ---------------------------------------
    flow = build_upstream(node, upstream_decoder.ConditionalDecoder).to(torch.bfloat16)
    trace: dict = {}
    mel = run_flow(flow, inp, noise, torch.bfloat16, trace)
    steps = trace["steps"]
    print("upstream bf16: z", trace["z_dtype"], "| t_span", trace["t_span"].dtype,
          "| mu", trace["mu_dtype"], "mask", trace["mask_dtype"], "spks", trace["spks_dtype"],
          "cond", trace["cond_dtype"], "| solver output", trace["out_dtype"], "| mel", mel.dtype)
    for k, s in enumerate(steps):
        print(f"  step {k + 1}: x {s['x_dtype']} t {s['t_dtype']}={s['t'].float().item():.6f} "
              f"estimator out {s['v_dtype']}")
    assert mel.dtype == torch.bfloat16

    # --- upstream fp32 (first-level casts removed in memory) from the same rounded noise -----------
    flow32 = build_upstream(node, _fp32_decoder_module().ConditionalDecoder)
    mel_fp32 = run_flow(flow32, inp, noise, torch.float32)
    if FP32_GOLDENS.exists():  # check the fp32 path against goldens.npz (unrounded inputs and noise)
        with np.load(FP32_GOLDENS) as gold:
            names = ("prompt_token", "token", "prompt_feat", "embedding")
            raw = {k: torch.from_numpy(gold[k]) for k in names}
            check = run_flow(flow32, raw, torch.from_numpy(gold["noise"]), torch.float32)
            print("fp32 path vs goldens.npz mel: max abs diff",
                  (check - torch.from_numpy(gold["mel"])).abs().max().item())

    arrays = {
        **inp,
        "noise": noise,
        "mu_bf16": trace["mu"],
        "spks_bf16": trace["spks"],
        "t_span": trace["t_span"],
        "t_steps": torch.cat([s["t"] for s in steps]),
        "x_steps": torch.cat([s["x"] for s in steps]),
        "mel_bf16": mel,
        "mel_fp32": mel_fp32,
    }
    np.savez_compressed(
        OUT,
        **{k: v.detach().float().numpy() if v.is_floating_point() else v.numpy() for k, v in arrays.items()},
    )
    print("wrote", OUT, {k: tuple(v.shape) for k, v in arrays.items()})


if __name__ == "__main__":
    main()
