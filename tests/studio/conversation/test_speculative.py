from __future__ import annotations

from studio.conversation.speculative import SpeculationLedger, normalise


def test_normalise_ignores_case_punctuation_and_width() -> None:
    assert normalise("His political stance, was  Conservative.") == "his political stance was conservative"
    assert normalise("你好，世界！") == normalise("你好 世界")
    assert normalise("ＡＢＣ") == "abc"


def test_ledger_counts_and_decides() -> None:
    ledger = SpeculationLedger()
    ledger.start()
    assert ledger.decide("What time is it?", "what time is it")
    ledger.start()
    assert not ledger.decide("What time", "What time is it in Paris?")
    ledger.start()
    ledger.discard()
    ledger.start()
    assert not ledger.decide("", "")  # nothing heard: nothing to commit
    c = ledger.counts()
    assert (c.started, c.committed, c.discarded) == (4, 1, 3)
