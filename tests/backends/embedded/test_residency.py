"""Which voice families are loaded, what loading them cost, and unloading the idle ones."""

from __future__ import annotations

import gc
import threading

from backends.base import AudioChunk, CancelToken, SynthesisRequest
from backends.embedded import EmbeddedBackend
from backends.embedded.onnx import give_back_heap
from backends.embedded.residency import Residency, resident_bytes


class Family:
    def __init__(self, name: str, cost: int) -> None:
        self.name, self.cost, self.loaded, self.loads = name, cost, False, 0

    def load(self) -> None:
        if not self.loaded:
            MEMORY[0] += self.cost
            self.loaded, self.loads = True, self.loads + 1

    warm = load

    def unload(self) -> None:
        if self.loaded:
            MEMORY[0] -= self.cost
            self.loaded = False


MEMORY = [100_000_000]


def test_load_cost_idle_time_and_unloading() -> None:
    now = [0.0]
    piper, kokoro = Family("piper", 150_000_000), Family("kokoro", 250_000_000)
    res = Residency({"piper": piper, "kokoro": kokoro}, clock=lambda: now[0], memory=lambda: MEMORY[0])
    res.warm(piper)
    with res.using(kokoro):  # first use loads it, measured
        now[0] = 5.0
    states = {s.name: s for s in res.states()}
    assert states["piper"].grew == 150_000_000 and states["kokoro"].grew == 250_000_000
    assert states["kokoro"].idle == 0.0 and not states["kokoro"].busy
    now[0] = 700.0
    with res.using(piper):
        pass
    assert res.unload_idle(600.0) == [("kokoro", 250_000_000)]  # piper spoke just now
    assert not kokoro.loaded and piper.loaded
    assert {s.name: s.grew for s in res.states()}["kokoro"] is None
    with res.using(kokoro):  # the next take that needs it loads it again
        assert kokoro.loaded and kokoro.loads == 2


def test_a_family_in_a_take_is_never_unloaded() -> None:
    now = [0.0]
    kokoro = Family("kokoro", 10)
    res = Residency({"kokoro": kokoro}, clock=lambda: now[0], memory=lambda: MEMORY[0])
    inside, release = threading.Event(), threading.Event()

    def take() -> None:
        with res.using(kokoro):
            inside.set()
            release.wait(10)

    worker = threading.Thread(target=take)
    worker.start()
    inside.wait(10)
    now[0] = 10_000.0
    assert res.unload_idle(1.0) == [] and kokoro.loaded
    assert [s.busy for s in res.states()] == [True]
    release.set()
    worker.join(10)
    assert res.unload_idle(1.0, keep=("kokoro",)) == []
    now[0] = 20_000.0
    assert res.unload_idle(1.0) == [("kokoro", 10)]


def test_the_engine_unloads_an_idle_family_and_loads_it_again_when_needed() -> None:
    # Models freed by earlier tests leave heap the allocator keeps, which a load would reuse
    # without growing the process (a Kokoro module before this one left enough for all of Piper):
    # hand it back first, as the engine does after unloading, so the growth measured is Piper's.
    gc.collect()
    give_back_heap()
    engine = EmbeddedBackend(preload_kokoro=False)
    try:
        engine.load()
        states = {s.name: s for s in engine.residency.states()}
        assert states["piper"].loaded and not states["kokoro"].loaded
        if resident_bytes() is not None:  # Linux: read from /proc
            assert states["piper"].grew is not None and states["piper"].grew > 1_000_000
        gone = dict(engine.residency.unload_idle(0.0))
        assert "piper" in gone and not engine.is_loaded
        request = SynthesisRequest("Hello again.", voice_id="piper:joe")
        events = list(engine.synthesize(request, CancelToken()))
        assert any(isinstance(e, AudioChunk) for e in events)
        assert {s.name: s.loaded for s in engine.residency.states()}["piper"]
    finally:
        engine.unload()


def test_one_family_is_unloaded_on_request_unless_it_is_speaking() -> None:
    piper = Family("piper", 5)
    res = Residency({"piper": piper}, memory=lambda: MEMORY[0])
    assert not res.unload("piper") and not res.unload("nobody")  # not loaded; unknown
    with res.using(piper):
        assert not res.unload("piper")
    assert res.unload("piper") and not piper.loaded


class Scratchy(Family):
    """A family whose takes leave scratch memory behind, as ONNX Runtime's arena does."""

    def __init__(self, name: str) -> None:
        super().__init__(name, 10)
        self.releases = 0

    def release_scratch(self) -> None:
        self.releases += 1


def test_scratch_is_given_back_once_per_idle_spell_and_never_mid_take() -> None:
    now = [0.0]
    piper, espeak = Scratchy("piper"), Family("espeak", 1)  # espeak keeps no scratch
    given_back = []
    res = Residency({"piper": piper, "espeak": espeak}, clock=lambda: now[0], memory=lambda: MEMORY[0],
                    give_back=lambda: given_back.append(now[0]))
    res.warm(piper)
    res.warm(espeak)
    now[0] = 100.0
    assert res.release_idle(60.0) == []  # loaded, never spoken: a warm-up leaves little behind
    with res.using(piper):
        now[0] = 130.0
        assert res.release_idle(60.0) == []  # mid-take
    now[0] = 150.0
    assert res.release_idle(60.0) == []  # idle 20 s
    now[0] = 200.0
    assert res.release_idle(60.0) == ["piper"] and given_back == [200.0]
    now[0] = 900.0
    assert res.release_idle(60.0) == [] and piper.releases == 1  # once per idle spell
    assert piper.loaded and [s.busy for s in res.states()] == [False, False]
    with res.using(piper):
        pass
    now[0] = 1000.0
    assert res.release_idle(60.0) == ["piper"] and piper.releases == 2


def test_piper_gives_back_the_memory_its_longest_sentence_grew() -> None:
    """What a long sentence grew is handed back, with the model still loaded and speaking."""
    if resident_bytes() is None:
        return
    engine = EmbeddedBackend()
    try:
        engine.load()
        long_sentence = ("The lighthouse keeper climbed the narrow stairs every evening at dusk, trimmed "
                         "the wick, polished the great lens, and watched the ships pass far below him.")

        def take() -> None:  # in a thread of its own, as the app's takes run (glibc arenas are per thread)
            worker = threading.Thread(target=lambda: list(engine.synthesize(
                SynthesisRequest(long_sentence, voice_id="piper:joe"), CancelToken())))
            worker.start()
            worker.join(120)

        take()
        after_take = resident_bytes()
        engine.residency._clock = lambda: 1e12  # long idle
        assert engine.residency.release_idle(60.0) == ["piper"]
        released = resident_bytes()
        assert after_take is not None and released is not None
        # Measured 182 and 186 MB for this sentence, and 8 MB with the shrinking left out (the heap
        # trim alone): 20 MB tells the two apart with room for allocators that differ.
        assert after_take - released > 20_000_000, (after_take, released)
        events = list(engine.synthesize(SynthesisRequest("Still here.", voice_id="piper:joe"), CancelToken()))
        assert any(isinstance(e, AudioChunk) for e in events)
    finally:
        engine.unload()
