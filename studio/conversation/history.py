"""The conversation as text: the persona's prompt first, spoken turns as their transcripts.

Audio never enters the history: a spoken user turn is its final ASR transcript, and an interrupted
reply is only the part the listener actually heard, so the model's next answer matches what was
really said. Trimming drops the oldest exchanges first and never the system prompt.
"""

from __future__ import annotations

import threading

from backends.base import ChatMessage


def estimate_tokens(text: str) -> int:
    """A model-free token estimate: about 4 characters per token for Latin script, one per CJK
    character. Good enough to keep under a budget; exactness would need the server's tokenizer."""
    wide = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return wide + (len(text) - wide + 3) // 4 + 4  # + per-message overhead


class ChatHistory:
    def __init__(self, system_prompt: str | None = None, budget_tokens: int = 3000) -> None:
        self.system_prompt = system_prompt
        self.budget_tokens = budget_tokens
        self._turns: list[ChatMessage] = []
        self._lock = threading.Lock()

    def set_system_prompt(self, prompt: str | None) -> None:
        with self._lock:
            self.system_prompt = prompt

    def add_user(self, text: str) -> None:
        self._add(ChatMessage("user", text))

    def add_assistant(self, text: str) -> None:
        if text.strip():
            self._add(ChatMessage("assistant", text))

    def _add(self, message: ChatMessage) -> None:
        with self._lock:
            self._turns.append(message)

    def clear(self) -> None:
        with self._lock:
            self._turns.clear()

    @property
    def turns(self) -> list[ChatMessage]:
        """Every user and assistant turn, untrimmed (what a saved session stores)."""
        with self._lock:
            return list(self._turns)

    def messages(self, pending_user: str | None = None) -> list[ChatMessage]:
        """What to send: the system prompt, then as many recent turns as fit the budget, then
        `pending_user` (a speculative transcript not yet committed to the history)."""
        with self._lock:
            turns = list(self._turns)
            system = self.system_prompt
        tail = [ChatMessage("user", pending_user)] if pending_user is not None else []
        used = sum(estimate_tokens(m.text) for m in tail)
        if system:
            used += estimate_tokens(system)
        kept: list[ChatMessage] = []
        for message in reversed(turns):
            cost = estimate_tokens(message.text)
            if kept and used + cost > self.budget_tokens:
                break
            if not kept and tail and used + cost > self.budget_tokens:
                break
            kept.append(message)
            used += cost
        kept.reverse()
        while kept and kept[0].role == "assistant":  # a reply without its question confuses models
            kept.pop(0)
        head = [ChatMessage("system", system)] if system else []
        return head + kept + tail
