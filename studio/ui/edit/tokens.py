"""The Edit timeline's audio-token rows, and a comparison of the version being edited with the
original recording.

The Tokens button shows the rows of the current version. A recording has no tokens of its own, so
they are found by the Step-Audio tokenizer in a child process (`studio.timeline.clip_tokens`),
when its files are on disk; without them the button says what it needs. Its menu's "Compare with
the original" adds the original recording's rows above, each cell that differs between the two
marked in red and the number of changed tokens said in the note and the status bar: where an edit
changed the speech, and where it left it alone. Each side sits at its own times (an edit that cut
a second moves everything after it by a second; the marks are from aligning the codes, not the
times). What was found is kept for the session by the audio's fingerprint, so undo and redo show
it again at once. Versions longer than the play window (10 minutes) are not offered: the tokenizer
would run for a long while on the CPU, and a project that long is better compared in parts.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton

from backends.audio import Audio
from backends.base import Cancelled, CancelToken
from studio.timeline.clip_tokens import fingerprint, tokenize_clip, tokenizer_folder
from studio.timeline.tokens import Comparison, TokenTimeline, compare
from studio.ui.common.i18n import translate as _tr
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import EventBridge, Tasks
from studio.ui.edit.document import PLAY_WINDOW_SECONDS, DocState
from widgets.token_rows import TokenRow

if TYPE_CHECKING:
    from studio.ui.edit.page import EditPage

KEPT = 12  # versions whose tokens are kept for the session


class EditTokens(QObject):
    def __init__(self, page: EditPage) -> None:
        super().__init__(page)
        self.page = page
        self.button = QToolButton(page)
        self.button.setText(_tr("Tokens"))
        self.button.setCheckable(True)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.compare_action = QAction(_tr("Compare with the original"), self)
        self.compare_action.setCheckable(True)
        self.compare_action.setToolTip(_tr("Show the original recording's tokens above, with the changed "
                                           "ones marked"))
        menu = QMenu(self.button)
        menu.addAction(self.compare_action)
        self.button.setMenu(menu)
        self.button.toggled.connect(self._refresh)
        self.compare_action.toggled.connect(self._refresh)
        self._folder: Path | None = None
        self._state: DocState | None = None
        self._finder = Tasks(self, max_threads=1, name="edit-tokenizer")
        self._cancel: CancelToken | None = None
        self._generation = 0
        self._found: OrderedDict[str, TokenTimeline] = OrderedDict()
        self._keys: dict[tuple[str | None, int], str] = {}  # (project, version) -> fingerprint, this state
        self.changed = 0  # tokens that differ in the comparison shown (for tests and the status bar)
        self._set_folder(None)
        page.doc.read(tokenizer_folder, self._set_folder)

    # --- state ------------------------------------------------------------------------------------

    def _set_folder(self, folder: Path | None) -> None:
        self._folder = folder
        if folder is None:
            self.button.setEnabled(False)
            self.button.setToolTip(_tr("Audio tokens need the Step-Audio tokenizer files (Set up "
                                       "Step-Audio TTS-3B… in the engine list)"))
        else:
            self.button.setEnabled(True)
            self.button.setToolTip(_tr("Show the audio tokens Step-Audio reads from this version (the "
                                       "tokenizer runs on the CPU)"))

    def show_state(self, state: DocState | None) -> None:
        """A new version or project (or none): the rows follow it."""
        self._state = state
        self._keys = {}
        self._refresh()

    def shutdown(self) -> None:
        self._stop()

    def _stop(self) -> None:
        self._generation += 1
        if self._cancel is not None:
            self._cancel.cancel()
            self._cancel = None

    # --- what the rows show -----------------------------------------------------------------------

    def _versions(self) -> list[int]:
        state = self._state
        assert state is not None
        if self.compare_action.isChecked() and state.current != 0:
            return [0, state.current]
        return [state.current]

    def _refresh(self, *_args: object) -> None:
        self._stop()
        timeline = self.page.timeline
        state = self._state
        if not self.button.isChecked() or state is None or self._folder is None:
            timeline.set_tokens([])
            return
        if state.duration > PLAY_WINDOW_SECONDS:
            timeline.set_tokens([], _tr("Audio tokens are shown for recordings up to {n} minutes; this one "
                                        "is longer.").format(n=int(PLAY_WINDOW_SECONDS // 60)))
            return
        keys = [self._keys.get((state.project_id, v)) for v in self._versions()]
        missing = [v for v, key in zip(self._versions(), keys, strict=True) if key not in self._found]
        if missing:
            timeline.set_tokens([], _tr("Finding audio tokens on the CPU…"))
            self._find(missing[0])
        else:
            self._show([k for k in keys if k is not None])

    def _find(self, version: int) -> None:
        """Render the version (on the document's worker), then fingerprint it whole and tokenize it
        unless the session has its tokens (on our own worker), then look again."""
        folder, state = self._folder, self._state
        assert folder is not None and state is not None
        cancel = self._cancel = CancelToken()
        generation = self._generation
        bridge = EventBridge(generation, self)
        bridge.event.connect(self._progress)
        started = time.monotonic()
        known = dict(self._found)

        def rendered(audio: Audio) -> None:
            if generation == self._generation:
                self._finder.run(lambda: work(audio), done, failed)

        def work(audio: Audio) -> tuple[str, TokenTimeline, bool]:
            key = fingerprint(audio.samples, audio.sample_rate, whole=True)
            if key in known:
                return key, known[key], False
            return key, tokenize_clip(audio, folder, cancel, bridge.deliver), True

        def done(result: tuple[str, TokenTimeline, bool]) -> None:
            key, found, fresh = result
            self._keys[(state.project_id, version)] = key
            self._found[key] = found
            self._found.move_to_end(key)
            while len(self._found) > KEPT:
                self._found.popitem(last=False)
            if generation != self._generation:
                return
            if fresh:
                self.page.statusMessage.emit(_tr("Found {count} audio tokens in {seconds:.0f} s.").format(
                    count=len(found), seconds=time.monotonic() - started))
            self._refresh()

        def failed(exc: BaseException) -> None:
            if generation != self._generation or isinstance(exc, Cancelled):
                return
            message = _tr("Could not find audio tokens: {0}").format(translate_core(str(exc)))
            self.page.timeline.set_tokens([], message)
            self.page.statusMessage.emit(message)

        self.page.doc.render(rendered, version=version)

    def _progress(self, generation: int, fraction: Any) -> None:
        if generation == self._generation:
            self.page.timeline.set_tokens([], _tr("Finding audio tokens on the CPU… {percent} %").format(
                percent=round(100 * float(fraction))))

    def _show(self, keys: list[str]) -> None:
        if len(keys) == 1:
            current = self._found[keys[0]]
            self.changed = 0
            self.page.timeline.set_tokens([TokenRow("vq02", current.lane("vq02")),
                                           TokenRow("vq06", current.lane("vq06"))])
            return
        original, current = self._found[keys[0]], self._found[keys[1]]
        generation = self._generation
        self.page.timeline.set_tokens([], _tr("Comparing the audio tokens…"))

        def done(diff: Comparison) -> None:
            if generation != self._generation:
                return
            self.changed = diff.changed
            label = _tr("Original")
            self.page.timeline.set_tokens([
                TokenRow(f"{label} · vq02", original.lane("vq02"), diff.a["vq02"]),
                TokenRow(f"{label} · vq06", original.lane("vq06"), diff.a["vq06"]),
                TokenRow("vq02", current.lane("vq02"), diff.b["vq02"]),
                TokenRow("vq06", current.lane("vq06"), diff.b["vq06"]),
            ])
            self.page.statusMessage.emit(_tr("{changed} of {total} audio tokens differ from the "
                                             "original.").format(changed=diff.changed,
                                                                 total=max(len(original), len(current))))

        # Aligning 25,000 codes with many repeats takes a while: never on the GUI thread.
        self._finder.run(lambda: compare(original, current), done)
