"""A progress bar that never paints the window in the middle of the caller's work.

`QProgressBar.setValue` repaints at once (synchronously) whenever the change is visible, and a
synchronous paint draws every widget with a pending update along with the bar: on the Speak page,
the sentence counter of a take's first chunk painted the waveform's plots from inside that event
(34 ms under a profiler), so the chunk and the first paint of its audio fell into one stall of
the event loop (bench/gui_stall.py, issue 21). This bar schedules its paint like any other widget.
"""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar


class ProgressBar(QProgressBar):
    def setValue(self, value: int) -> None:
        self.setUpdatesEnabled(False)  # repaint() does nothing while updates are off
        try:
            super().setValue(value)
        finally:
            self.setUpdatesEnabled(True)  # which schedules the paint for the event loop
