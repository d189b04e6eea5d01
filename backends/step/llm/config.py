"""The Step1 language model's shape, read from the checkpoint's own config.json.

Field names are the ones the official `configuration_step1.py` writes (note `num_attention_groups`
for the key/value heads, where Llama says `num_key_value_heads`), so a config.json from the hub
reads as is. Unknown keys are kept in `extra` rather than refused: the hub file also carries
`auto_map`, `architectures` and transformers bookkeeping we do not need.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any


class Step1ConfigError(ValueError):
    """config.json is missing, unreadable or describes a model this code cannot build."""


@dataclass
class Step1Config:
    hidden_size: int = 3072
    intermediate_size: int = 8192
    num_attention_heads: int = 48
    num_attention_groups: int = 4
    num_hidden_layers: int = 32
    vocab_size: int = 74752
    rms_norm_eps: float = 1e-5
    max_seq_len: int = 4096  # advisory: ALiBi has no hard position limit, nothing here enforces it
    torch_dtype: str = "bfloat16"
    bos_token_id: int = 1
    eos_token_id: int = 3
    pad_token_id: int = 0
    tie_word_embeddings: bool = False
    quantization_config: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def head_dim(self) -> int:
        return self.hidden_size // self.num_attention_heads

    @property
    def kv_dim(self) -> int:
        return self.num_attention_groups * self.head_dim

    @classmethod
    def tts_3b(cls) -> Step1Config:
        """Step-Audio-TTS-3B's published shape (for estimates and benchmarks before any download)."""
        return cls()

    @classmethod
    def from_json(cls, source: str | Path | Mapping[str, Any]) -> Step1Config:
        where = "config"
        if isinstance(source, Mapping):
            raw = dict(source)
        else:
            path = Path(source)
            if path.is_dir():
                path = path / "config.json"
            where = str(path)
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise Step1ConfigError(f"{path} is missing") from None
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise Step1ConfigError(f"{path} cannot be read: {exc}") from exc
            if not isinstance(raw, dict):
                raise Step1ConfigError(f"{path} does not hold a JSON object")
        known = {f.name for f in fields(cls)} - {"extra"}
        kwargs: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in raw.items():
            if key in known:
                kwargs[key] = value
            else:
                extra[key] = value
        # Older exports name the KV heads the Llama way; accept it when the Step name is absent.
        if "num_attention_groups" not in kwargs and "num_key_value_heads" in extra:
            kwargs["num_attention_groups"] = extra["num_key_value_heads"]
        try:
            config = cls(**kwargs, extra=extra)
            config._coerce()
        except (TypeError, ValueError) as exc:
            raise Step1ConfigError(f"{where}: {exc}") from exc
        config.validate(where)
        return config

    def _coerce(self) -> None:
        for name in ("hidden_size", "intermediate_size", "num_attention_heads", "num_attention_groups",
                     "num_hidden_layers", "vocab_size", "max_seq_len"):
            setattr(self, name, int(getattr(self, name)))
        self.rms_norm_eps = float(self.rms_norm_eps)
        self.tie_word_embeddings = bool(self.tie_word_embeddings)

    def validate(self, where: str = "config") -> None:
        for name in ("hidden_size", "intermediate_size", "num_attention_heads", "num_attention_groups",
                     "num_hidden_layers", "vocab_size"):
            if getattr(self, name) <= 0:
                raise Step1ConfigError(f"{where}: {name} must be positive, not {getattr(self, name)}")
        if self.hidden_size % self.num_attention_heads:
            raise Step1ConfigError(f"{where}: hidden_size {self.hidden_size} is not a multiple of "
                                   f"num_attention_heads {self.num_attention_heads}")
        if self.num_attention_heads % self.num_attention_groups:
            raise Step1ConfigError(f"{where}: num_attention_heads {self.num_attention_heads} is not a "
                                   f"multiple of num_attention_groups {self.num_attention_groups}")

    def to_json(self) -> dict[str, Any]:
        """The hub's layout (used by the tiny-checkpoint builder and by round-trip tests)."""
        out: dict[str, Any] = dict(self.extra)
        for f in fields(self):
            if f.name in ("extra", "quantization_config"):
                continue
            out[f.name] = getattr(self, f.name)
        if self.quantization_config is not None:
            out["quantization_config"] = self.quantization_config
        return out
