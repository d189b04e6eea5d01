"""The Edit page on a fresh library, empty or with a real recording open: what the page tests start from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from studio.editing import EditStore
from studio.ui.edit.page import EditPage

CLIP = Path(__file__).parents[3] / "data" / "zero_shot_en_prompt.wav"


@pytest.fixture
def started_page(qtbot: Any, tmp_path: Path) -> EditPage:
    """The page shown on a fresh library, its projects list ready, nothing open yet."""
    page = EditPage(store_factory=lambda: EditStore(tmp_path / "lib"))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.start_background()
    qtbot.waitUntil(lambda: page.projects.new_button.isEnabled(), timeout=20_000)
    return page


@pytest.fixture
def opened_page(qtbot: Any, started_page: EditPage) -> EditPage:
    page = started_page
    page.open_file(CLIP)
    qtbot.waitUntil(lambda: page.doc.state is not None and not page.doc.busy, timeout=30_000)
    return page
