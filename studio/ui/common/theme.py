"""The look: Fusion with a considered palette, light and dark, and a small stylesheet.

Fusion looks the same on every platform (so screenshots in the docs match what users see) and
takes a palette well. The stylesheet is kept to what palettes cannot express: the primary action,
the segmented workspace switcher, notices and chips. Everything else stays native Fusion, so
focus rings, keyboard navigation and high-DPI drawing keep working.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from widgets.icons import icon_path

if TYPE_CHECKING:
    from studio.settings import Settings

# Every colour the studio draws with, per theme. "accent_text" is the accent where it is the colour
# of text (a chosen workspace); "highlight" is the accent behind text (selection, the primary
# button), each chosen so that the text on it passes WCAG AA (see TEXT_PAIRS and its test).
LIGHT = {
    "window": "#f4f5f7", "base": "#ffffff", "alt": "#f0f1f4", "text": "#1c1f24", "muted": "#5f6673",
    "button": "#ffffff", "border": "#d5d8de", "highlight": "#5b5bd6", "highlighted_text": "#ffffff",
    "accent_text": "#4b4bc4", "tooltip": "#1c1f24", "tooltip_text": "#f4f5f7", "link": "#4b4bc4",
    "tint": "#e8e8fb", "bubble": "#eef0f4", "bad": "#be123c", "approx": "#a04a07",
    "info_bg": "#eef4ff", "info_border": "#a9c4f5", "warn_bg": "#fff7e6", "warn_border": "#f3c46b",
    "err_bg": "#fdecee", "err_border": "#f0a3ad", "good_bg": "#e7f6ec",
}
DARK = {
    "window": "#1d1f23", "base": "#15171a", "alt": "#24272c", "text": "#e6e7ea", "muted": "#9aa0aa",
    "button": "#2a2d33", "border": "#3a3e46", "highlight": "#5b5bd6", "highlighted_text": "#ffffff",
    "accent_text": "#a5a5ff", "tooltip": "#2a2d33", "tooltip_text": "#e6e7ea", "link": "#a5a5ff",
    "tint": "#2e2f5a", "bubble": "#24272c", "bad": "#ff8a9a", "approx": "#f7b955",
    "info_bg": "#1c2a3d", "info_border": "#2f5a8f", "warn_bg": "#3d3016", "warn_border": "#8a6a1f",
    "err_bg": "#3d1b1f", "err_border": "#9b2c3a", "good_bg": "#17341f",
}
# High contrast: white on black, yellow for the accent and focus, light borders on every control;
# every text colour reaches WCAG AAA (7:1) on the backgrounds it is drawn on.
CONTRAST = {
    "window": "#000000", "base": "#000000", "alt": "#141414", "text": "#ffffff", "muted": "#c8c8c8",
    "button": "#000000", "border": "#b0b0b0", "highlight": "#ffd60a", "highlighted_text": "#000000",
    "accent_text": "#ffd60a", "tooltip": "#000000", "tooltip_text": "#ffffff", "link": "#7fd4ff",
    "tint": "#2b2b00", "bubble": "#1a1a1a", "bad": "#ff8a9a", "approx": "#ffd27a",
    "info_bg": "#001a33", "info_border": "#7fd4ff", "warn_bg": "#2a2000", "warn_border": "#ffd60a",
    "err_bg": "#2a0008", "err_border": "#ff8a9a", "good_bg": "#002a10",
}
THEMES = {"light": LIGHT, "dark": DARK, "contrast": CONTRAST}
DARK_BASED = {"dark", "contrast"}

# (text colour, background) pairs the studio draws text with: the palette's roles and the
# stylesheet's own (notices, chips, chat bubbles, the chosen workspace, warnings in the editor).
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "window"), ("text", "base"), ("text", "alt"), ("text", "button"), ("text", "bubble"),
    ("text", "info_bg"), ("text", "warn_bg"), ("text", "err_bg"), ("text", "good_bg"),
    ("muted", "window"), ("muted", "base"), ("muted", "alt"), ("muted", "bubble"),
    ("highlighted_text", "highlight"), ("tooltip_text", "tooltip"), ("link", "base"),
    ("accent_text", "tint"), ("accent_text", "window"), ("accent_text", "base"),
    ("bad", "window"), ("bad", "base"), ("approx", "window"), ("approx", "base"),
)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio of two sRGB colours, 1 to 21 (AA asks 4.5 for text, AAA 7)."""

    def luminance(colour: str) -> float:
        c = QColor(colour)
        channels = [v / 255 for v in (c.red(), c.green(), c.blue())]
        r, g, b = (v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colours(mode: str | None = None) -> dict[str, str]:
    """The colours of `mode`, or of the theme the application shows now."""
    if mode is None:
        app = QApplication.instance()
        mode = str(app.property("studioTheme") or "light") if app is not None else "light"
    return THEMES.get(mode, LIGHT)


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    if scheme is None:
        return False
    return scheme() == Qt.ColorScheme.Dark


def resolve_mode(mode: str) -> str:
    """'light', 'dark', 'contrast', or 'system' resolved to one of the first three."""
    if mode in THEMES:
        return mode
    return "dark" if system_prefers_dark() else "light"


def palette_for(mode: str) -> QPalette:
    c = colours(mode)
    p = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    p.setColor(role.Window, QColor(c["window"]))
    p.setColor(role.WindowText, QColor(c["text"]))
    p.setColor(role.Base, QColor(c["base"]))
    p.setColor(role.AlternateBase, QColor(c["alt"]))
    p.setColor(role.Text, QColor(c["text"]))
    p.setColor(role.Button, QColor(c["button"]))
    p.setColor(role.ButtonText, QColor(c["text"]))
    p.setColor(role.BrightText, QColor("#ff4d4f"))
    p.setColor(role.Highlight, QColor(c["highlight"]))
    p.setColor(role.HighlightedText, QColor(c["highlighted_text"]))
    p.setColor(role.ToolTipBase, QColor(c["tooltip"]))
    p.setColor(role.ToolTipText, QColor(c["tooltip_text"]))
    p.setColor(role.Link, QColor(c["link"]))
    p.setColor(role.PlaceholderText, QColor(c["muted"]))
    p.setColor(role.Mid, QColor(c["border"]))
    p.setColor(role.Midlight, QColor(c["alt"]))
    p.setColor(role.Light, QColor(c["base"]))
    p.setColor(role.Dark, QColor(c["border"]))
    p.setColor(role.Shadow, QColor("#000000"))
    muted = QColor(c["muted"])
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, muted)
    p.setColor(group.Disabled, role.Highlight, QColor(c["border"]))
    return p


def stylesheet(mode: str, font_pt: float = 9.0) -> str:
    """The stylesheet for `mode`; its font sizes are proportions of `font_pt`, the application's
    font, so headings grow with the system's (or the user's) text size instead of staying fixed."""
    c = colours(mode)
    accent, accent_text, tint = c["highlight"], c["accent_text"], c["tint"]
    warn_bg, warn_border = c["warn_bg"], c["warn_border"]
    err_bg, err_border = c["err_bg"], c["err_border"]
    info_bg, info_border = c["info_bg"], c["info_border"]

    def pt(factor: float) -> str:
        return f"{max(6.0, font_pt * factor):.1f}pt"

    return f"""
QPushButton#primary {{
    background: {accent}; color: {c["highlighted_text"]}; border: 1px solid {accent}; border-radius: 6px;
    padding: 6px 18px; font-weight: 600;
}}
QPushButton#primary:hover {{ background: {QColor(accent).lighter(112).name()}; }}
QPushButton#primary:pressed {{ background: {QColor(accent).darker(115).name()}; }}
QPushButton#primary:disabled {{
    background: {c["border"]}; border-color: {c["border"]}; color: {c["muted"]};
}}
QToolButton#workspace {{
    padding: 5px 14px; border: 1px solid transparent; border-radius: 6px; font-weight: 600;
}}
QToolButton#workspace:checked {{
    background: {tint}; color: {accent_text}; border-color: {accent_text if mode == "contrast" else tint};
}}
QToolButton#workspace:disabled {{ color: {c["muted"]}; }}
QToolButton[tagFamily="true"] {{
    padding: 4px 20px 4px 8px; border: 1px solid {c["border"]}; border-radius: 6px;
    background: {c["button"]};
}}
QToolButton[tagFamily="true"]:hover {{ background: {c["alt"]}; }}
QToolButton[tagFamily="true"]::menu-indicator {{
    subcontrol-origin: padding; subcontrol-position: center right; right: 6px;
}}
QFrame#notice {{ border-radius: 6px; border: 1px solid {info_border}; background: {info_bg}; }}
QFrame#notice[level="warning"] {{ border-color: {warn_border}; background: {warn_bg}; }}
QFrame#notice[level="error"] {{ border-color: {err_border}; background: {err_bg}; }}
QLabel[role="heading"] {{ font-weight: 600; font-size: {pt(1.22)}; }}
QLabel[role="muted"] {{ color: {c["muted"]}; }}
QLabel[role="badge"] {{
    color: {c["muted"]}; border: 1px solid {c["border"]}; border-radius: 4px; padding: 0px 5px;
    font-size: {pt(0.9)};
}}
QLabel#tagSummary[state="bad"] {{ color: {c["bad"]}; }}
QLabel#tagSummary[state="approx"] {{ color: {c["approx"]}; }}
QLabel#charCount[state="bad"] {{ color: {c["bad"]}; font-weight: 600; }}
QLabel#waveformPlaceholder {{ color: {c["muted"]}; font-size: {pt(1.22)}; }}
QFrame#card {{ background: {c["base"]}; border: 1px solid {c["border"]}; border-radius: 8px; }}
QPlainTextEdit#tagEditor {{ border: none; background: {c["base"]}; padding: 6px; }}
QTextBrowser#takeDetails {{ border: none; background: {c["base"]}; }}
QListView {{ border: none; background: {c["base"]}; }}
QStatusBar QLabel {{ padding: 0 6px; }}
QSplitter::handle {{ background: transparent; }}
QLabel#wizardTitle {{ font-weight: 700; font-size: {pt(1.33)}; }}
QLabel#stepChip {{ padding: 3px 10px; border-radius: 10px; color: {c["muted"]}; }}
QLabel#stepChip[state="current"] {{ background: {tint}; color: {accent_text}; font-weight: 600; }}
QLabel#stepChip[state="done"] {{ color: {c["text"]}; }}
QFrame#dropZone {{ background: {c["base"]}; border: 2px dashed {c["border"]}; border-radius: 10px; }}
QFrame#dropZone[dragging="true"] {{ border-color: {accent_text}; background: {tint}; }}
QLabel#dropHint {{ color: {c["muted"]}; font-size: {pt(1.22)}; }}
QLabel#countdown {{ font-size: {pt(3.1)}; font-weight: 700; color: {accent_text}; }}
QLabel#checkMark {{ background: transparent; }}
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QLabel#verdict {{ font-weight: 600; padding: 6px 8px; border-radius: 6px; background: {info_bg}; }}
QLabel#verdict[state="good"] {{ background: {c["good_bg"]}; }}
QLabel#verdict[state="warning"] {{ background: {warn_bg}; }}
QLabel#verdict[state="problem"] {{ background: {err_bg}; }}
QFrame#chatBubble {{ border-radius: 10px; background: {c["bubble"]}; }}
QFrame#chatBubble[role="user"] {{ background: {tint}; }}
QLabel#bubbleWho {{ font-weight: 600; font-size: {pt(0.9)}; }}
QLabel#toolLine {{ font-size: {pt(1.0)}; padding-left: 6px; }}
QFrame#setupPanel QLabel#setupTitle {{ font-weight: 700; font-size: {pt(1.33)}; }}
""" + (_DARK_FRAMES.format(muted=c["muted"], border=c["border"], base=c["base"], accent=accent,
                           check=icon_path("check").as_posix()) if mode in DARK_BASED else "")


# Fusion outlines check boxes and line edits with the window colour darkened, which vanishes on a
# dark window: the consent box and empty fields could not be seen. Drawn here instead, dark only.
_DARK_FRAMES = """
QCheckBox::indicator {{ width: 13px; height: 13px; border: 1px solid {muted}; border-radius: 3px;
    background: {base}; }}
QCheckBox::indicator:checked {{ background: {accent}; border-color: {accent}; image: url({check}); }}
QCheckBox::indicator:disabled {{ border-color: {border}; }}
QRadioButton::indicator {{ width: 13px; height: 13px; border: 1px solid {muted}; border-radius: 7px;
    background: {base}; }}
QRadioButton::indicator:checked {{ border: 4px solid {accent}; width: 7px; height: 7px; }}
QLineEdit {{ border: 1px solid {border}; border-radius: 3px; padding: 2px 4px; background: {base}; }}
QLineEdit:focus {{ border-color: {accent}; }}
"""


def apply_theme(app: QApplication, mode: str = "system") -> str:
    """Apply Fusion + palette + stylesheet; returns the resolved mode ('light', 'dark' or 'contrast')."""
    resolved = resolve_mode(mode)
    app.setStyle("Fusion")
    app.setPalette(palette_for(resolved))
    app.setStyleSheet(stylesheet(resolved, app.font().pointSizeF()))
    app.setProperty("studioTheme", resolved)
    return resolved


TEXT_SCALES = (1.0, 1.25, 1.5, 2.0)


def text_scale(settings: Settings) -> float:
    """The text size chosen in View > Text Size, on top of the system's (1.0 when unset or odd)."""
    value = settings.extra.get("ui_text_scale", 1.0)
    return float(value) if isinstance(value, (int, float)) and float(value) in TEXT_SCALES else 1.0


def apply_text_scale(app: QApplication, scale: float) -> None:
    """Scale the application font, before any window is built (widths follow it, see widgets.sizes)."""
    if scale == 1.0:
        return
    font = app.font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    elif font.pixelSize() > 0:
        font.setPixelSize(round(font.pixelSize() * scale))
    app.setFont(font)
