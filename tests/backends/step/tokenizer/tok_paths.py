"""Where the tokenizer's golden data lives (a plain module: conftest names clash across test folders)."""

from pathlib import Path

DATA = Path(__file__).resolve().parents[3] / "data" / "step" / "tokenizer"
