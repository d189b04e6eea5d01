"""Model file resolution and download against a fake hub on loopback (tests/backends/step/fake_hub.py)."""

from __future__ import annotations

import os

import pytest

from backends.base import Cancelled, CancelToken
from backends.step.files import (
    TOKENIZER_SPEC,
    TTS_SPEC,
    DownloadProgress,
    ModelFiles,
    ModelFilesError,
    RepoSpec,
    missing_files,
)
from tests.backends.step.fake_hub import FakeHub, FakeRepo

TOK = RepoSpec(
    "org/tok",
    "main",
    "Tok",
    include=("*.npy", "sub/*"),
    exclude=("sub/*.md",),
    required=("codebook.npy", "sub/model.pt"),
)
TTS = RepoSpec(
    "org/tts",
    "main",
    "TTS",
    include=("config.json", "*.safetensors", "Voc/*", "Music/*"),
    exclude=("lib/*",),
    required=("config.json", "*.safetensors", "Voc/flow.pt"),
    music=("Music/flow.pt",),
)


def _repos() -> dict[str, FakeRepo]:
    big = bytes(range(256)) * 200  # 51200 bytes: an LFS file
    return {
        "org/tok": FakeRepo(
            {
                "codebook.npy": big,
                "sub/model.pt": big[::-1] + b"x",
                "sub/README.md": b"doc",
                "other/skip.bin": b"zz" * 900,
            }
        ),
        "org/tts": FakeRepo(
            {
                "config.json": b'{"a": 1}',
                "model-1.safetensors": big + b"abc",
                "Voc/flow.pt": big[:3000],
                "Music/flow.pt": b"m" * 10,
                "lib/kernel.so": b"k" * 5000,
            },
            commit="fedcba9876543210fedcba9876543210fedcba98",
        ),
    }


def _files(tmp_path, hub, **kw) -> ModelFiles:
    return ModelFiles(
        cache_dir=tmp_path / "hf",
        endpoint=hub.url,
        offline=False,
        token=False,
        state_dir=tmp_path / "state",
        specs=(TOK, TTS),
        **kw,
    )


def test_real_specs_skip_kernels_code_and_duplicate_tokenizers() -> None:
    assert TTS_SPEC.wanted("model-00001-of-00001.safetensors")
    assert TTS_SPEC.wanted("CosyVoice-300M-25Hz-Music/flow.pt")
    assert not TTS_SPEC.wanted("lib/liboptimus_ths-torch2.5-cu124.cpython-310-x86_64-linux-gnu.so")
    assert not TTS_SPEC.wanted("CosyVoice-300M-25Hz/speech_tokenizer_v1.onnx")
    assert not TTS_SPEC.wanted("modeling_step1.py")
    assert TOKENIZER_SPEC.wanted("speech_tokenizer_v1.onnx")
    assert TOKENIZER_SPEC.wanted(
        "dengcunqin/speech_paraformer-large_asr_nat-zh-cantonese-en-16k-vocab8501-online/model.pt"
    )


def test_download_reports_true_byte_progress_and_only_wanted_files(tmp_path) -> None:
    events: list[DownloadProgress] = []
    with FakeHub(_repos()) as hub:
        folders = _files(tmp_path, hub).download(progress=events.append)
        served = {p for m, p, _ in hub.requests if m == "GET" and "/resolve/" in p}
    repos = _repos()
    wanted = [
        d
        for r, ps in (
            ("org/tok", ("codebook.npy", "sub/model.pt")),
            ("org/tts", ("config.json", "model-1.safetensors", "Voc/flow.pt", "Music/flow.pt")),
        )
        for d in (repos[r].files[p] for p in ps)
    ]
    total = sum(len(d) for d in wanted)
    assert {e.total for e in events} == {total}
    assert events[-1].done == total
    dones = [e.done for e in events]
    assert dones == sorted(dones) and len(events) > len(wanted)  # byte steps inside files, never backwards
    per_file = [e for e in events if e.file == "sub/model.pt"]
    assert per_file[-1].file_done == per_file[-1].file_total == len(repos["org/tok"].files["sub/model.pt"])
    assert not any("README" in p or "skip" in p or "lib/" in p for p in served)
    assert (folders.tokenizer / "sub" / "model.pt").read_bytes() == repos["org/tok"].files["sub/model.pt"]
    assert folders.tts_revision == repos["org/tts"].commit


def test_cancel_leaves_a_partial_file_and_the_next_run_resumes_it(tmp_path, monkeypatch) -> None:
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "DOWNLOAD_CHUNK_SIZE", 4096)
    cancel = CancelToken()

    def stop_midway(p: DownloadProgress) -> None:
        if p.file == "model-1.safetensors" and p.file_done >= 20000:
            cancel.cancel()

    with FakeHub(_repos(), chunk=4096) as hub:
        files = _files(tmp_path, hub)
        with pytest.raises(Cancelled):
            files.download(cancel, stop_midway)
        partial = list((tmp_path / "hf").rglob("*.incomplete"))
        assert len(partial) == 1 and 0 < partial[0].stat().st_size < 51203
        kept = partial[0].stat().st_size
        hub.requests.clear()
        first_seen: list[DownloadProgress] = []
        files.download(progress=first_seen.append)
        ranges = [r for m, p, r in hub.requests if m == "GET" and p.endswith("model-1.safetensors")]
    assert ranges == [f"bytes={kept}-"]  # only the rest was fetched
    resumed = [e for e in first_seen if e.file == "model-1.safetensors"]
    assert resumed[0].file_done >= kept  # progress starts at the resumed size, not 0
    assert not list((tmp_path / "hf").rglob("*.incomplete"))


def test_a_damaged_file_is_named_removed_and_fetched_again(tmp_path) -> None:
    repos = _repos()
    good = repos["org/tts"].files["model-1.safetensors"]
    repos["org/tts"].corrupt["model-1.safetensors"] = bytes(len(good))  # right size, wrong bytes
    with FakeHub(repos) as hub:
        files = _files(tmp_path, hub)
        with pytest.raises(ModelFilesError, match=r"TTS/model-1.safetensors is damaged \(SHA-256") as err:
            files.download()
        assert err.value.files == ("model-1.safetensors",)
        snapshot = files._storage(TTS) / "snapshots" / repos["org/tts"].commit
        assert missing_files(snapshot, TTS) == ["*.safetensors"]
        assert not list((tmp_path / "hf").rglob("*.incomplete"))
        del repos["org/tts"].corrupt["model-1.safetensors"]
        hub.repos = repos
        folders = files.download()
    assert (folders.tts / "model-1.safetensors").read_bytes() == good


def test_verified_files_are_not_hashed_again(tmp_path, monkeypatch) -> None:
    import backends.step.files as files_mod

    with FakeHub(_repos()) as hub:
        files = _files(tmp_path, hub)
        files.download()
        calls = []
        monkeypatch.setattr(files_mod, "_sha256", lambda *a: calls.append(a) or "")
        files.download()
    assert calls == []


def test_offline_mode_uses_the_cache_only_and_names_what_is_missing(tmp_path, monkeypatch) -> None:
    with FakeHub(_repos()) as hub:
        _files(tmp_path, hub).download()
        url = hub.url
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    files = ModelFiles(
        cache_dir=tmp_path / "hf", endpoint=url, state_dir=tmp_path / "state", specs=(TOK, TTS)
    )
    assert files.offline
    folders = files.download()  # the hub is gone: no request may be made
    assert (folders.tokenizer / "codebook.npy").is_file()
    assert files.missing() == []
    assert files.missing(music=True) == []
    empty = ModelFiles(cache_dir=tmp_path / "nothing", specs=(TOK, TTS))
    with pytest.raises(ModelFilesError, match=r"Tok is not in the Hugging Face cache.*Offline mode"):
        empty.download()


def test_a_user_folder_is_used_as_is_and_missing_files_are_named(tmp_path) -> None:
    tok = tmp_path / "tok"
    (tok / "sub").mkdir(parents=True)
    (tok / "codebook.npy").write_bytes(b"1")
    tts = tmp_path / "tts"
    (tts / "Voc").mkdir(parents=True)
    (tts / "config.json").write_text("{}")
    (tts / "Voc" / "flow.pt").write_bytes(b"1")
    files = ModelFiles(tokenizer_folder=tok, tts_folder=tts, offline=False, specs=(TOK, TTS))
    assert files.missing() == ["Tok: sub/model.pt", "TTS: *.safetensors"]
    assert files.missing(music=True)[-1] == "TTS: Music/flow.pt"
    with pytest.raises(
        ModelFilesError, match=r"Tok in .*tok lacks sub/model.pt; TTS in .*tts lacks \*.safetensors"
    ):
        files.download()
    (tok / "sub" / "model.pt").write_bytes(b"1")
    (tts / "m.safetensors").write_bytes(b"1")
    folders = files.locate()
    assert folders.tokenizer == tok and folders.tts_revision == "local"


def test_an_unknown_repository_is_reported_with_its_name(tmp_path) -> None:
    with FakeHub({}) as hub, pytest.raises(ModelFilesError, match="file list of Tok"):
        _files(tmp_path, hub).download()
    assert os.environ.get("HF_HUB_OFFLINE") in (None, "", "0")
