from __future__ import annotations

import json
from pathlib import Path

import pytest

from backends.step.vocoder.config import (
    HiftConfig,
    MelConfig,
    VocoderFileError,
    load_cosyvoice_yaml,
    read_cosyvoice_config,
)
from tests.backends.step.tiny_cosyvoice import build_tiny_cosyvoice, tiny_hift_yaml_node

DATA = Path(__file__).resolve().parents[3] / "data" / "step" / "vocoder"


def test_real_format_parse_matches_hyperpyyaml_resolution() -> None:
    golden = json.loads((DATA / "yaml_golden.json").read_text())
    ours = load_cosyvoice_yaml(DATA / "real_format.yaml")
    for key, value in golden.items():
        assert ours[key] == value, key
    # YAML 1.2 float without a dot, arithmetic refs, refs to tagged objects, calls kept inert
    assert ours["flow"]["decoder"]["cfm_params"]["content"]["sigma_min"] == 1e-06
    assert ours["feat_extractor"]["n_fft"] == 1024 and ours["truncate_length"] == 24576
    assert ours["pipeline"][0]["feat_extractor"]["__name__"] == "matcha.utils.audio.mel_spectrogram"
    assert ours["__set_seed1"] == {"__apply__": "random.seed", "__args__": [1986]}


def test_read_config_real_format() -> None:
    cfg = read_cosyvoice_config(DATA / "real_format.yaml")
    assert cfg.hift == HiftConfig()  # the real sizes are the defaults
    assert cfg.mel == MelConfig()
    assert cfg.sample_rate == 22050 and cfg.hift.hop_length == 256
    assert cfg.flow["vocab_size"] == 5121 and cfg.flow["spk_embed_dim"] == 192


def test_tiny_folder_yaml_roundtrip(tmp_path: Path) -> None:
    folder = build_tiny_cosyvoice(tmp_path / "cv")
    cfg = read_cosyvoice_config(folder)
    assert cfg.hift == HiftConfig.from_node(tiny_hift_yaml_node())
    assert cfg.hift.base_channels == 32


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cosyvoice.yaml"
    path.write_text(text)
    return path


def test_nothing_is_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = _write(tmp_path, f"x: !apply:pathlib.Path.touch [{str(marker)!r}]\n"
                            f"y: !new:os.system ['touch {marker}']\n")
    doc = load_cosyvoice_yaml(path)
    assert not marker.exists()
    assert doc["x"]["__apply__"] == "pathlib.Path.touch"


def test_python_tags_refused(tmp_path: Path) -> None:
    with pytest.raises(VocoderFileError, match=r"cosyvoice\.yaml"):
        load_cosyvoice_yaml(_write(tmp_path, "x: !!python/object/apply:os.system ['true']\n"))


def test_wrong_class_named_in_error(tmp_path: Path) -> None:
    text = (DATA / "real_format.yaml").read_text().replace(
        "cosyvoice.hifigan.generator.HiFTGenerator", "cosyvoice.hifigan.generator.BigVGAN")
    with pytest.raises(VocoderFileError, match=r"cosyvoice\.yaml.*'hift'.*BigVGAN"):
        read_cosyvoice_config(_write(tmp_path, text))
    text = (DATA / "real_format.yaml").read_text().replace("flow.MaskedDiffWithXvec",
                                                           "flow.CausalMaskedDiffWithXvec")
    with pytest.raises(VocoderFileError, match="'flow'"):
        read_cosyvoice_config(_write(tmp_path, text))


def test_unknown_parameter_and_missing_key(tmp_path: Path) -> None:
    text = (DATA / "real_format.yaml").read_text().replace("    audio_limit: 0.99",
                                                           "    audio_limit: 0.99\n    foo: 1")
    with pytest.raises(VocoderFileError, match="foo"):
        read_cosyvoice_config(_write(tmp_path, text))
    with pytest.raises(VocoderFileError, match="'hift' is missing"):
        read_cosyvoice_config(_write(tmp_path, "sample_rate: 22050\nflow: 1\nfeat_extractor: 2\n"))


def test_bad_refs_and_files(tmp_path: Path) -> None:
    with pytest.raises(VocoderFileError, match="names no key"):
        load_cosyvoice_yaml(_write(tmp_path, "a: !ref <nope>\n"))
    with pytest.raises(VocoderFileError, match="circular"):
        load_cosyvoice_yaml(_write(tmp_path, "a: !ref <b>\nb: !ref <a>\n"))
    with pytest.raises(VocoderFileError, match="missing"):
        read_cosyvoice_config(tmp_path / "absent")
    with pytest.raises(VocoderFileError, match="not valid YAML"):
        load_cosyvoice_yaml(_write(tmp_path, "a: [1, 2\n"))
    # refs with text around them that is not arithmetic stay strings, as in HyperPyYAML
    assert load_cosyvoice_yaml(_write(tmp_path, "d: /x\np: !ref <d>/flow.pt\n"))["p"] == "/x/flow.pt"
