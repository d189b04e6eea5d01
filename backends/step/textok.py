"""The Step1 text tokenizer: the SentencePiece model in the TTS-3B folder, used the way the reference
uses its Hugging Face tokenizer.

The reference calls `tokenizer.encode(...)` on the folder's SentencePiece model as transformers 4.48 (its
pinned version) loads it: a Llama fast tokenizer. Two things follow, both pinned by golden ids made with
that code (tests/data/step/engine): a BOS id leads every `encode` unless `tokenizer_config.json` sets
`add_bos_token` false (we read the flag from the folder), and the text is not normalised the way the
SentencePiece library would (no NFKC, no collapsing of spaces, a newline stays a newline and falls back
to its byte piece): only a leading "▁" and spaces written as "▁". The model is therefore loaded with
its normaliser replaced by that rule.
"""

from __future__ import annotations

import json
from pathlib import Path

BOS_ID = 1
EOT_ID = 3  # `<|EOT|>`: ends a turn, and is the LLM's stop id
BOT_ID = 4  # `<|BOT|>`: starts a turn
AUDIO_ID_OFFSET = 65536  # LLM id of `<audio_0>`
AUDIO_CODES = 5120  # 1024 vq02 + 4096 vq06 codes


class TextTokenizer:
    """Encodes text to Step1 ids; `add_bos` None reads the folder's tokenizer_config.json."""

    def __init__(self, model_file: Path, *, add_bos: bool | None = None) -> None:
        import sentencepiece

        self.model_file = Path(model_file)
        if not self.model_file.is_file():
            raise FileNotFoundError(f"the text tokenizer {self.model_file} is missing")
        self._sp = sentencepiece.SentencePieceProcessor(model_proto=_as_hf_reads_it(self.model_file))
        self.add_bos = _config_add_bos(self.model_file.parent) if add_bos is None else add_bos

    @property
    def vocab_size(self) -> int:
        return int(self._sp.get_piece_size())

    def pieces(self, text: str) -> list[int]:
        """The SentencePiece ids of `text`, nothing added."""
        return list(self._sp.encode(text))

    def encode(self, text: str) -> list[int]:
        """What the reference's `tokenizer.encode(text)` returns."""
        ids = self.pieces(text)
        return [BOS_ID, *ids] if self.add_bos else ids

    def decode(self, ids: list[int]) -> str:
        return str(self._sp.decode([i for i in ids if 0 <= i < self.vocab_size]))


def _config_add_bos(folder: Path) -> bool:
    config = folder / "tokenizer_config.json"
    if not config.is_file():
        return True  # the Llama tokenizer's own default
    try:
        raw = json.loads(config.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    value = raw.get("add_bos_token", True)
    return bool(value) if value is not None else True


def _as_hf_reads_it(model_file: Path) -> bytes:
    """The SentencePiece model with the normalisation transformers' Llama converter applies instead of
    the model's own: identity, a dummy "▁" prefix, spaces escaped, nothing collapsed."""
    from sentencepiece import sentencepiece_model_pb2

    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(Path(model_file).read_bytes())
    spec = proto.normalizer_spec
    spec.name = "identity"
    spec.precompiled_charsmap = b""
    spec.add_dummy_prefix = True
    spec.escape_whitespaces = True
    spec.remove_extra_whitespaces = False
    return proto.SerializeToString()
