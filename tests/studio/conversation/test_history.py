from __future__ import annotations

from studio.conversation.history import ChatHistory, estimate_tokens


def test_system_prompt_first_and_pending_user_last() -> None:
    h = ChatHistory("be brief")
    h.add_user("hi")
    h.add_assistant("hello")
    msgs = h.messages("what time is it")
    assert [m.role for m in msgs] == ["system", "user", "assistant", "user"]
    assert msgs[0].text == "be brief" and msgs[-1].text == "what time is it"
    assert len(h.turns) == 2  # the pending turn is not stored


def test_trimming_drops_oldest_and_never_the_prompt() -> None:
    h = ChatHistory("prompt", budget_tokens=60)
    for i in range(20):
        h.add_user(f"question number {i} " * 3)
        h.add_assistant(f"answer number {i} " * 3)
    msgs = h.messages("last")
    assert msgs[0].role == "system" and msgs[-1].text == "last"
    assert msgs[1].role == "user"  # never starts with an orphan reply
    assert "19" in msgs[-2].text and len(msgs) < 10
    assert sum(estimate_tokens(m.text) for m in msgs) <= 60


def test_empty_replies_are_not_kept() -> None:
    h = ChatHistory()
    h.add_assistant("  ")
    assert h.turns == []


def test_cjk_counts_per_character() -> None:
    assert estimate_tokens("你好世界") > estimate_tokens("abcd")
