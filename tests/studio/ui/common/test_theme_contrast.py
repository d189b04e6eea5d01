"""Text in every theme passes WCAG AA (4.5:1), and the high-contrast theme AAA (7:1): checked on the
colours the themes define and on the pixels Qt actually draws with them."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QPushButton, QWidget

from studio.ui.common.theme import TEXT_PAIRS, THEMES, apply_theme, contrast_ratio, stylesheet
from widgets.tag_editor import FAMILY_COLOURS

AA, AAA = 4.5, 7.0


def test_the_ratio_is_wcags() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # WCAG's AA grey


@pytest.mark.parametrize("mode", sorted(THEMES))
def test_every_text_colour_passes_on_its_backgrounds(mode: str) -> None:
    c = THEMES[mode]
    need = AAA if mode == "contrast" else AA
    failing = {f"{fg} on {bg}": round(contrast_ratio(c[fg], c[bg]), 2)
               for fg, bg in TEXT_PAIRS if contrast_ratio(c[fg], c[bg]) < need}
    assert not failing, failing


def test_tag_chips_pass_in_light_and_dark() -> None:
    for family, (bg_light, fg_light, bg_dark, fg_dark) in FAMILY_COLOURS.items():
        assert contrast_ratio(fg_light, bg_light) >= AA, family
        assert contrast_ratio(fg_dark, bg_dark) >= AA, family


def test_font_sizes_follow_the_application_font() -> None:
    assert "font-size: 11.0pt" in stylesheet("light", 9.0)  # a heading, as designed at 9 pt
    assert "font-size: 22.0pt" in stylesheet("light", 18.0)  # and twice that at 200 %


def _drawn_ratio(widget: QWidget, area: QRect | None = None) -> float:
    """Contrast between the commonest colour in the middle of `area` (its background) and the
    pixel that differs from it most (the core of a glyph)."""
    image = widget.grab(area or widget.rect()).toImage().convertToFormat(QImage.Format.Format_RGB32)
    w, h = image.width(), image.height()
    pixels = [image.pixelColor(x, y).name() for y in range(h // 4, 3 * h // 4) for x in range(6, w - 6)]
    background = Counter(pixels).most_common(1)[0][0]
    return max(contrast_ratio(p, background) for p in set(pixels))


@pytest.mark.parametrize("mode", sorted(THEMES))
def test_what_qt_draws_passes(qtbot, mode: str) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    need = AAA if mode == "contrast" else AA
    try:
        apply_theme(app, mode)
        label = QLabel("Hello there, Mm")
        muted = QLabel("Hello there, Mm")
        muted.setProperty("role", "muted")
        primary = QPushButton("Generate")
        primary.setObjectName("primary")
        items = QListWidget()
        items.addItem("Selected take")
        items.setCurrentRow(0)
        items.setFocus()
        drawn = {}
        for name, widget in {"label": label, "muted": muted, "primary": primary, "selected": items}.items():
            qtbot.addWidget(widget)
            widget.resize(max(widget.sizeHint().width(), 240), max(widget.sizeHint().height(), 40))
            widget.show()
            qtbot.waitExposed(widget)
            area = None
            if widget is items:
                row = items.visualItemRect(items.item(0))
                area = row.translated(items.viewport().pos())
            drawn[name] = round(_drawn_ratio(widget, area), 2)
        # Anti-aliasing can only lower the drawn ratio, so it is held to the colours' own bound less
        # a small margin for the rounding of a glyph's core pixel.
        assert all(r >= need * 0.97 for r in drawn.values()), drawn
        assert QColor(app.palette().window().color()).name() == THEMES[mode]["window"]
    finally:
        apply_theme(app, "light")


@pytest.mark.parametrize("mode", ["light", "contrast"])
def test_detail_panes_use_the_themes_muted_colour_not_css_gray(qtbot, mode: str) -> None:
    """CSS 'gray' is 3.9:1 on white: the take and voice details use the theme's muted colour."""
    from studio.ui.clone.voices_page import _note
    from widgets.take_details import TakeDetails

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        apply_theme(app, mode)
        details = TakeDetails()
        qtbot.addWidget(details)
        muted = THEMES[mode]["muted"]
        assert muted in details.toHtml().lower()
        assert muted in _note("x")
    finally:
        apply_theme(app, "light")

