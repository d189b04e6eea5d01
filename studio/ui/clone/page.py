"""The Clone workspace: the voice library, and the wizard that adds voices to it.

One stacked page rather than a dialog: the library is the home; "New voice…" slides the wizard in,
and saving or cancelling comes back to the library with the new voice selected. The workspace owns
the voice library object (opened off the GUI thread) and tells the window whenever its voices
change, so the Speak page can offer them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from studio.ui.clone.services import CloneServices
from studio.ui.clone.voices_page import VoicesPage
from studio.ui.clone.wizard import CloneWizard, EngineChoice
from studio.ui.common.i18n import translate_core
from studio.ui.common.tasks import Tasks


class ClonePage(QStackedWidget):
    """Library (index 0) and wizard (index 1)."""

    voicesChanged = Signal(list)
    libraryOpened = Signal(object)  # the VoiceLibrary, once open (its presets serve Speak)
    statusMessage = Signal(str)
    editReferenceRequested = Signal(object, str, dict)  # a voice's reference, for the Edit page

    def __init__(self, services: CloneServices | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clonePage")
        self.services = services or CloneServices()
        self.library: Any = None
        self._tasks = Tasks(self, 1, "voice-library-open")
        self.voices_page = VoicesPage(self.services, self)
        self.wizard = CloneWizard(self.services, self)
        self.addWidget(self.voices_page)
        self.addWidget(self.wizard)
        self.voices_page.newVoiceRequested.connect(self.new_voice)
        self.voices_page.voicesChanged.connect(self.voicesChanged)
        self.voices_page.statusMessage.connect(self.statusMessage)
        self.voices_page.editReferenceRequested.connect(self.editReferenceRequested)
        self.wizard.statusMessage.connect(self.statusMessage)
        self.wizard.closed.connect(lambda: self.setCurrentWidget(self.voices_page))
        self.wizard.saved.connect(self._on_saved)

    def open_library(self) -> None:
        """Open the voice library in the background (called once the window is on screen)."""
        self._tasks.run(self.services.open_voice_library, self._on_opened,
                        lambda exc: self.voices_page.set_library_failed(translate_core(str(exc))))

    def _on_opened(self, library: Any) -> None:
        self.library = library
        self.voices_page.set_library(library)
        self.wizard.set_library(library)
        self.libraryOpened.emit(library)

    def new_voice(self) -> None:
        self.setCurrentWidget(self.wizard)
        if self.wizard.step == 0:
            self.wizard.probe_inputs()

    def _on_saved(self, voice: Any) -> None:
        self.setCurrentWidget(self.voices_page)
        self.voices_page.refresh(("library", getattr(voice, "id", "")))

    def set_player(self, player: Any, reason: str | None, device_tasks: Tasks | None) -> None:
        self.wizard.set_player(player, reason, device_tasks)
        self.voices_page.set_player(player, reason, device_tasks)

    def set_engines(self, choices: list[EngineChoice], names: dict[str, str]) -> None:
        self.wizard.set_engines(choices)
        self.voices_page.set_engines(names, [c.name for c in choices])

    def shutdown(self) -> None:
        self.wizard.shutdown()
        self.voices_page.shutdown()
        self._tasks.wait(5_000)
