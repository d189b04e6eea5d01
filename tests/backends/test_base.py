"""CancelToken (base.py): the flag, and the callbacks that interrupt a blocking step on cancel."""

from __future__ import annotations

import threading

import pytest

from backends.base import Cancelled, CancelToken


def test_flag_and_raise() -> None:
    token = CancelToken()
    assert not token.cancelled
    token.raise_if_cancelled()
    token.cancel()
    assert token.cancelled
    with pytest.raises(Cancelled):
        token.raise_if_cancelled()


def test_callback_runs_once_on_cancel() -> None:
    token = CancelToken()
    calls: list[str] = []
    token.on_cancel(lambda: calls.append("a"))
    token.on_cancel(lambda: calls.append("b"))
    assert calls == []
    token.cancel()
    token.cancel()
    assert sorted(calls) == ["a", "b"]


def test_callback_on_a_cancelled_token_runs_at_once() -> None:
    token = CancelToken()
    token.cancel()
    calls: list[int] = []
    unregister = token.on_cancel(lambda: calls.append(1))
    assert calls == [1]
    unregister()  # harmless


def test_unregistered_callback_is_not_called() -> None:
    token = CancelToken()
    calls: list[int] = []
    unregister = token.on_cancel(lambda: calls.append(1))
    unregister()
    unregister()
    token.cancel()
    assert calls == []


def test_a_failing_callback_does_not_stop_the_others_and_is_reported() -> None:
    token = CancelToken()
    calls: list[int] = []

    def broken() -> None:
        raise RuntimeError("interrupt failed")

    token.on_cancel(broken)
    token.on_cancel(lambda: calls.append(1))
    with pytest.raises(RuntimeError, match="interrupt failed"):
        token.cancel()
    assert calls == [1] and token.cancelled


def test_racing_registration_and_cancel_calls_every_callback_exactly_once() -> None:
    """Whether a callback registers just before or just after the cancel, it runs exactly once."""
    for _ in range(50):
        token = CancelToken()
        counts = [0] * 20
        start = threading.Barrier(3)

        def register(lo: int, hi: int, token: CancelToken = token, counts: list[int] = counts,
                     start: threading.Barrier = start) -> None:
            start.wait()
            for k in range(lo, hi):
                token.on_cancel(lambda k=k: counts.__setitem__(k, counts[k] + 1))

        def cancel(token: CancelToken = token, start: threading.Barrier = start) -> None:
            start.wait()
            token.cancel()

        threads = [threading.Thread(target=register, args=(0, 10)),
                   threading.Thread(target=register, args=(10, 20)), threading.Thread(target=cancel)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        assert counts == [1] * 20
