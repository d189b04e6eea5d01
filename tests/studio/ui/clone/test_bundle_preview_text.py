"""What the import question shows comes from strangers: it says what the core found (problems,
size, a voice without consent) and is plain text, as are notices that quote outside text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from studio.ui.clone.voices_page import describe_preview
from studio.voices.bundles import BundlePreview, VoicePreview
from studio.voices.library import Consent
from widgets.notices import Level, NoticeArea


def _preview(consent: Consent) -> BundlePreview:
    voice = VoicePreview("v1", "<b>Ann</b>", "cloned", "en", 5.0, 16000, 160_000, consent, ("embedded",))
    return BundlePreview(Path("x.zip"), "zip", 1, 2_500_000, 3_000_000, (voice,), (),
                         ("The bundle was made by a newer version.",))


def test_the_preview_says_what_the_core_found() -> None:
    text = describe_preview(_preview(Consent(speaker="Ann", given=False)))
    assert "• Voice: <b>Ann</b> (Ann" in text
    assert "No record that the speaker agreed to this voice." in text
    assert "! The bundle was made by a newer version." in text and "2.5 MB" in text
    agreed = describe_preview(_preview(Consent(speaker="Ann", given=True, how="in writing")))
    assert "No record" not in agreed


def test_notices_show_outside_text_as_plain_text(qtbot: Any) -> None:
    area = NoticeArea()
    qtbot.addWidget(area)
    notice = area.show_notice("Could not open <img src=x> “<b>evil</b>.zip”", Level.ERROR, key="k")
    assert notice.label.textFormat() == Qt.TextFormat.PlainText
    assert notice.label.text() == "Could not open <img src=x> “<b>evil</b>.zip”"
