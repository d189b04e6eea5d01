"""The numpy GE2E speaker encoder: a safe weights reader and embeddings that tell voices apart."""

from __future__ import annotations

import io
import os
import pickle
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio, load_audio
from backends.base import Cancelled, CancelToken
from backends.embedded.speaker import (
    SpeakerEncoder,
    UnsafeCheckpoint,
    load_checkpoint,
    mel_filterbank,
    weights_path,
)

DATA = Path(__file__).resolve().parents[2] / "data"

needs_weights = pytest.mark.skipif(weights_path() is None,
                                   reason="resemblyzer is not installed (pip install --no-deps resemblyzer)")


@pytest.fixture(scope="module")
def encoder() -> SpeakerEncoder:
    return SpeakerEncoder()


class _Evil:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo pwned > /tmp/should-not-exist",))


def _legacy_file(tmp_path: Path, payload: object) -> Path:
    """A file in PyTorch's legacy layout whose object pickle is `payload`."""
    buf = io.BytesIO()
    for head in (0x1950A86A20F9469CFC6C, 1001, {"little_endian": True}):
        pickle.dump(head, buf, protocol=2)
    pickle.dump(payload, buf, protocol=2)
    pickle.dump([], buf, protocol=2)
    path = tmp_path / "evil.pt"
    path.write_bytes(buf.getvalue())
    return path


def test_refuses_a_pickle_that_calls_os_system(tmp_path: Path) -> None:
    path = _legacy_file(tmp_path, {"model_state": _Evil()})
    with pytest.raises(UnsafeCheckpoint, match="system"):
        load_checkpoint(path)


def test_refuses_hostile_zip_checkpoint(tmp_path: Path) -> None:
    path = tmp_path / "evil_zip.pt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("archive/data.pkl", pickle.dumps({"x": _Evil()}, protocol=2))
    with pytest.raises(UnsafeCheckpoint):
        load_checkpoint(path)


def test_reads_a_legacy_tensor_without_torch(tmp_path: Path) -> None:
    """A hand-made legacy checkpoint (the layout torch writes) with a strided 2x3 tensor."""
    values = np.arange(8, dtype="<f4")
    body = (b"\x80\x02}q\x00X\x01\x00\x00\x00wq\x01ctorch._utils\n_rebuild_tensor_v2\nq\x02("
            b"(X\x07\x00\x00\x00storageq\x03ctorch\nFloatStorage\nq\x04X\x01\x00\x00\x00kq\x05"
            b"X\x03\x00\x00\x00cpuq\x06K\x08Ntq\x07QK\x01K\x02K\x03\x86K\x03K\x01\x86\x89ccollections\n"
            b"OrderedDict\n)Rtq\x08Rq\ts.")
    buf = io.BytesIO()
    for head in (0x1950A86A20F9469CFC6C, 1001, {"little_endian": True}):
        pickle.dump(head, buf, protocol=2)
    buf.write(body)
    pickle.dump(["k"], buf, protocol=2)
    buf.write(struct.pack("<q", 8) + values.tobytes())
    path = tmp_path / "ok.pt"
    path.write_bytes(buf.getvalue())
    out = load_checkpoint(path)
    np.testing.assert_array_equal(out["w"], values[1:7].reshape(2, 3))


def test_mel_filterbank_shape_and_coverage() -> None:
    fb = mel_filterbank()
    assert fb.shape == (40, 201)
    assert (fb >= 0).all() and (fb.sum(axis=1) > 0).all()  # every band has some bins


def test_unavailable_without_weights(tmp_path: Path) -> None:
    enc = SpeakerEncoder(tmp_path / "missing.pt")
    state = enc.available()
    assert not state.available and "--no-deps" in state.fix
    with pytest.raises(RuntimeError, match="not installed"):
        enc.embed(Audio(np.zeros(16000, dtype=np.float32), 16000))


@needs_weights
def test_real_weights_load_and_embed_is_unit_norm(encoder: SpeakerEncoder) -> None:
    a = load_audio(DATA / "zero_shot_en_prompt.wav")
    e = encoder.embed(a)
    assert e.shape == (256,) and abs(float(np.linalg.norm(e)) - 1) < 1e-5
    # Sample rate does not matter: the encoder resamples to 16 kHz itself.
    e2 = encoder.embed(a.resampled(22050))
    assert encoder.similarity(e, e2) > 0.99


@needs_weights
def test_embed_stops_mid_way_when_cancelled(encoder: SpeakerEncoder) -> None:
    """Cancel is honoured inside the LSTM loop (not only before it): the token is set by the
    loop's own first matmul, so the embedding can only end with Cancelled if the loop checks."""
    a = load_audio(DATA / "zero_shot_en_prompt.wav")
    cancel = CancelToken()
    p = encoder._load()
    layers = [k for k in p if k.startswith("w_hh")]
    assert layers, "the weights name their recurrent matrices w_hh<layer>"

    class Tripwire(np.ndarray):
        """w_hh that cancels the token when first multiplied, i.e. once the loop is running."""

        def __rmatmul__(self, other: np.ndarray) -> np.ndarray:
            cancel.cancel()
            return np.asarray(other) @ np.asarray(self)

    original = p[layers[0]]
    p[layers[0]] = original.view(Tripwire)
    try:
        with pytest.raises(Cancelled):
            encoder.embed(a, cancel)
    finally:
        p[layers[0]] = original
    assert np.isclose(np.linalg.norm(encoder.embed(a, CancelToken())), 1.0, atol=1e-5)


@needs_weights
def test_same_speaker_beats_different_speakers(encoder: SpeakerEncoder, engine: object) -> None:
    """Two halves of one recording are closer than any pair of different speakers here."""
    from backends.embedded.engine import EmbeddedBackend

    assert isinstance(engine, EmbeddedBackend)
    # tingting and fear_zh_female sound like the same speaker (0.92), so only one of them is used.
    names = ["zero_shot_en_prompt", "tingting_prompt", "paralingustic_prompt", "denoise_prompt", "vad_prompt"]
    recs = {n: load_audio(DATA / f"{n}.wav") for n in names}
    same: dict[str, float] = {}
    for n in ("denoise_prompt", "vad_prompt"):  # long enough for two halves of 4+ s
        a = recs[n]
        h = a.duration / 2
        same[n] = encoder.similarity(encoder.embed(a.slice_seconds(0, h)), encoder.embed(a.slice_seconds(h)))
    emb = {n: encoder.embed(a) for n, a in recs.items()}
    for vid in ("kokoro:jf_alpha", "kokoro:jm_kumo", "piper:joe"):
        audio = engine._render_blend(((vid, 1.0),), "The weather is lovely today, let us go for a walk.",
                                     "en", CancelToken())
        emb[vid] = encoder.embed(audio)
    keys = list(emb)
    different = {(a, b): encoder.similarity(emb[a], emb[b]) for i, a in enumerate(keys) for b in keys[i + 1:]}
    print("same speaker:", {k: round(v, 3) for k, v in same.items()})
    print("different:", {f"{a}|{b}": round(v, 3) for (a, b), v in different.items()})
    assert min(same.values()) > 0.85
    assert max(different.values()) < min(same.values())


@needs_weights
def test_embed_windows_times(encoder: SpeakerEncoder) -> None:
    # Speed is measured in bench/speaker_embedding.py, not asserted here.
    a = load_audio(DATA / "denoise_prompt.wav")
    times, emb = encoder.embed_windows(a)
    assert emb.shape[1] == 256 and len(times) == len(emb)
    assert np.allclose(np.diff(times), 0.8) and times[0] == pytest.approx(0.8)
    assert times[-1] <= a.duration
