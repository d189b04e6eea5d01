"""The take details panel: every metadata field shown, a long one cut with a note of what is left."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

from widgets.take_details import VALUE_CHARS, TakeDetails


def _take(metadata: dict[str, Any]) -> SimpleNamespace:
    return SimpleNamespace(title="A take", text="Hello there.", engine_id="embedded", voice_id="piper:joe",
                           duration=1.5, sample_rate=22050, created=time.time(), metadata=metadata)


def test_a_long_value_is_cut_and_says_how_much_is_left(qtbot: Any) -> None:
    details = TakeDetails()
    qtbot.addWidget(details)
    long_value = ", ".join(f"word{i}" for i in range(10_000))  # a long take's timings, say
    details.show_take(_take({"alignment": long_value, "seed": 7}))
    shown = details.toPlainText()
    assert long_value[:VALUE_CHARS] in shown and long_value not in shown
    assert f"{len(long_value) - VALUE_CHARS:,} more characters" in shown
    assert "seed" in shown and "7" in shown  # short fields whole
    assert len(details.toHtml()) < 20_000  # the page stays small (it was 74 KB: 60-80 ms to lay out)


def test_a_value_that_fits_is_shown_whole(qtbot: Any) -> None:
    details = TakeDetails()
    qtbot.addWidget(details)
    value = "x" * VALUE_CHARS
    details.show_take(_take({"note": value}))
    assert value in details.toPlainText()
    assert "more characters" not in details.toPlainText()
