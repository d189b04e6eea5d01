from __future__ import annotations

import numpy as np
import pytest
from tok_paths import DATA

from backends.step.tokenizer.vq06 import Vq06Tokenizer, choose_providers


def test_codes_match_reference_call(tiny_folder, golden_audio):
    with np.load(DATA / "vq06_golden.npz") as g:
        ref = g["codes"]
    vq06 = Vq06Tokenizer(tiny_folder / "speech_tokenizer_v1.onnx")
    ours = vq06(golden_audio)
    assert np.array_equal(ours, ref) and len(ours) == 62
    assert ours.min() >= 0 and ours.max() < 4096


def test_windows_of_30s_and_short_tail_skipped(tiny_folder):
    vq06 = Vq06Tokenizer(tiny_folder / "speech_tokenizer_v1.onnx")
    x = np.random.default_rng(0).standard_normal(30 * 16000 + 479).astype(np.float32) * 0.1
    assert len(vq06(x)) == len(vq06.window_codes(x[: 30 * 16000]))  # 479-sample tail dropped
    y = np.concatenate([x[: 30 * 16000], x[:16000]])
    assert len(vq06(y)) == 750 + 25


def test_never_forces_cuda():
    assert choose_providers("cpu") == ["CPUExecutionProvider"]
    assert choose_providers("cuda")[-1] == "CPUExecutionProvider"


def test_rejects_model_without_length_input(tmp_path):
    import onnx
    from onnx import TensorProto, helper

    graph = helper.make_graph([helper.make_node("Identity", ["feats"], ["indices"])], "g",
                              [helper.make_tensor_value_info("feats", TensorProto.FLOAT, [1])],
                              [helper.make_tensor_value_info("indices", TensorProto.FLOAT, [1])])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), tmp_path / "m.onnx")
    with pytest.raises(ValueError, match="feats_length"):
        Vq06Tokenizer(tmp_path / "m.onnx")
