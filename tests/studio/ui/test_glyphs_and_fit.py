"""Every glyph drawn, nothing clipped: each page and dialog, in English and Chinese, at the default
window size (1280×800). A character no font on the machine has shows as an empty box (⛔ did); a
label or button narrower than its text cuts it off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
from ui_walk import clipped, missing_glyphs, screens

from studio.ui.shell.app import install_translations
from widgets.icons import ICONS_DIR, NAMES, icon

_found: dict[str, dict[str, list[str]]] = {}


def _walk(qtbot: Any, home: Path, language: str) -> dict[str, list[str]]:
    """One walk per language, shared by the tests below: (what) -> findings per screen."""
    if language not in _found:
        app = QApplication.instance()
        translators = install_translations(app, language)
        glyphs, fit = [], []
        try:
            for name, top in screens(qtbot, home):
                glyphs += [f"{name}: {line}" for line in missing_glyphs(top)]
                fit += [f"{name}: {line}" for line in clipped(top)]
        finally:
            for t in translators:
                app.removeTranslator(t)
        _found[language] = {"glyphs": glyphs, "fit": fit}
    return _found[language]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_character_shown_has_a_glyph(qtbot: Any, studio_home: Path, language: str) -> None:
    found = _walk(qtbot, studio_home, language)["glyphs"]
    assert not found, "characters drawn as empty boxes:\n" + "\n".join(found)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_text_fits_its_widget_at_1280x800(qtbot: Any, studio_home: Path, language: str) -> None:
    found = _walk(qtbot, studio_home, language)["fit"]
    assert not found, "clipped or elided:\n" + "\n".join(found)


def test_status_marks_are_shipped_icons_that_render(qtbot: Any) -> None:
    for name in NAMES:
        assert (ICONS_DIR / f"{name}.svg").is_file() and (ICONS_DIR / f"{name}@2x.svg").is_file(), name
        image = icon(name).pixmap(QSize(32, 32)).toImage()
        assert not image.isNull(), name
        painted = sum(1 for x in range(0, 32, 2) for y in range(0, 32, 2)
                      if image.pixelColor(x, y).alpha() > 0)
        assert painted > 4, f"icon {name} draws nothing"


def test_no_status_mark_is_a_font_glyph_in_the_ui_sources() -> None:
    """Marks from symbol blocks (dingbats, emoji, geometric shapes) depend on the system's fonts."""
    root = Path(__file__).resolve().parents[3]
    marks = set("⛔⚠ℹ✓✔✕✗✘≈●◌■▶★☆❌✅⏵⏹⏺")
    offenders = []
    for folder in ("studio/ui", "widgets"):
        for path in sorted((root / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                code = line.split("#", 1)[0]
                if '"""' in line or (line.strip().startswith(("#", '"', "'")) and '"""' in code):
                    continue
                if any(c in marks for c in code) and ('"' in code or "'" in code):
                    offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
