"""Idle engines give back memory: the shared rule (scratch after a minute, unload after the setting,
the default voice's family kept), and the engine server applying it on its own timer."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import httpx

from backends.embedded.residency import Residency
from studio.engines import idle

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "backends" / "remote"))
from remote_doubles import ThreadServer, ToneEngine


class Family:
    """A voice family double: loads, unloads and counts its scratch releases."""

    def __init__(self, name: str) -> None:
        self.name, self.loaded, self.released = name, False, 0

    def load(self) -> None:
        self.loaded = True

    warm = load

    def unload(self) -> None:
        self.loaded = False

    def release_scratch(self) -> None:
        self.released += 1


def _books(now: list[float]) -> tuple[Residency, dict[str, Family], list[int]]:
    families = {n: Family(n) for n in ("piper", "kokoro")}
    heap = [0]
    res = Residency(families, clock=lambda: now[0], memory=lambda: 0,
                    give_back=lambda: heap.__setitem__(0, heap[0] + 1))
    for fam in families.values():
        with res.using(fam):
            pass
    return res, families, heap


def test_scratch_after_a_minute_unload_after_the_setting_and_piper_stays() -> None:
    now = [0.0]
    res, fam, heap = _books(now)
    now[0] = idle.SCRATCH_IDLE_S / 2
    assert idle.tend_idle([res], 10) == [] and fam["kokoro"].released == 0  # not idle long enough
    now[0] = idle.SCRATCH_IDLE_S + 1
    assert idle.tend_idle([res], 10) == []
    assert (fam["piper"].released, fam["kokoro"].released, heap[0]) == (1, 1, 1)
    assert idle.tend_idle([res], 10) == [] and fam["kokoro"].released == 1  # once per idle spell
    now[0] = 11 * 60.0
    assert [name for name, _ in idle.tend_idle([res], 0)] == []  # 0: never unload
    assert [name for name, _ in idle.tend_idle([res], 10)] == ["kokoro"]
    assert fam["piper"].loaded and not fam["kokoro"].loaded


def test_one_engine_failing_does_not_stop_the_others() -> None:
    class Broken:
        def release_idle(self, after: float) -> list[str]:
            raise RuntimeError("books unreadable")

    now = [0.0]
    res, _fam, _heap = _books(now)
    now[0] = 3600.0
    assert [n for n, _ in idle.tend_idle([Broken(), res], 10)] == ["kokoro"]
    assert idle.residencies([object(), type("E", (), {"residency": res})()]) == [res]


class BookedTone(ToneEngine):
    """The tone engine with voice-family books, as the Embedded engine keeps them."""

    def __init__(self, books: Residency) -> None:
        super().__init__()
        self.residency = books


def test_the_server_tends_idle_engines_on_its_own_timer() -> None:
    now = [0.0]
    res, fam, _heap = _books(now)
    now[0] = 3600.0  # an hour without a request
    with ThreadServer({"tone": BookedTone(res)}, load_on_start=False, idle_check_s=0.05,
                      unload_idle_minutes=10) as s:
        deadline = time.monotonic() + 30
        while fam["kokoro"].loaded and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not fam["kokoro"].loaded and fam["piper"].loaded
        assert fam["piper"].released == 1
        assert httpx.get(f"{s.url}/v1/engines", timeout=10).status_code == 200  # still serving


