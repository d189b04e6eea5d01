"""The Step1 text tokenizer: the SentencePiece model in the TTS-3B folder, used the way the reference
uses its Hugging Face tokenizer.

The reference calls `tokenizer.encode(...)` on a Llama-style SentencePiece tokenizer, so whether a BOS
id leads every encoded piece depends on `add_bos_token` in `tokenizer_config.json` (the Llama tokenizer
class adds one unless that file says otherwise). We read that flag from the folder rather than
assume it, so the ids equal the reference's for whatever the published folder says.
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
        self._sp = sentencepiece.SentencePieceProcessor(model_file=str(self.model_file))
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
