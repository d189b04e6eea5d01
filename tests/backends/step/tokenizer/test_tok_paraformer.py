from __future__ import annotations

import numpy as np
import pytest
import torch

from backends.step.tokenizer.paraformer import EncoderConfig, build_encoder, load_encoder_weights


def test_encoder_matches_reference_online_encoder(device_tokenizer, vq02_golden):
    encoder, device = device_tokenizer.encoder, device_tokenizer.device
    feats = vq02_golden["lfr_cmvn"]
    state = encoder.init_state()
    outs = []
    with torch.inference_mode():
        # the reference's chunks: 4 LFR frames per 240 ms, the last chunk's remainder
        for i in range(0, len(feats), 4):
            outs.append(encoder.forward_chunk(torch.from_numpy(feats[i:i + 4])[None].to(device), state)[0])
    ours = torch.cat(outs).cpu().numpy()
    ref = vq02_golden["encoder_out"]
    assert ours.shape == ref.shape == (42, 16)
    # measured on CPU 1.1e-6; float32 rounding (fp64 vs fp32) 1.7e-6, so other devices fit as well
    assert np.abs(ours - ref).max() < 1e-4


def test_state_carries_between_chunks(tokenizer, vq02_golden):
    feats = torch.from_numpy(vq02_golden["lfr_cmvn"][:8])[None]
    with torch.inference_mode():
        fresh = tokenizer.encoder.forward_chunk(feats[:, 4:8], tokenizer.encoder.init_state())
        state = tokenizer.encoder.init_state()
        tokenizer.encoder.forward_chunk(feats[:, :4], state)
        carried = tokenizer.encoder.forward_chunk(feats[:, 4:8], state)
    assert not torch.allclose(fresh, carried)
    assert state["position"] == 8 and state["layers"][0]["k"].shape[2] == 8


def test_loader_names_bad_shapes(tmp_path):
    enc = build_encoder(EncoderConfig(output_size=8, attention_heads=2, linear_units=16, num_blocks=2))
    bad = {f"encoder.{k}": v for k, v in enc.state_dict().items()}
    bad["encoder.after_norm.weight"] = torch.ones(9)
    torch.save(bad, tmp_path / "model.pt")
    with pytest.raises(ValueError, match="after_norm"):
        load_encoder_weights(enc, tmp_path / "model.pt")
    torch.save({"decoder.x": torch.ones(1)}, tmp_path / "model.pt")
    with pytest.raises(ValueError, match="no encoder"):
        load_encoder_weights(enc, tmp_path / "model.pt")
