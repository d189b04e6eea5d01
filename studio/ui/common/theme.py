"""The look: Fusion with a considered palette, light and dark, and a small stylesheet.

Fusion looks the same on every platform (so screenshots in the docs match what users see) and
takes a palette well. The stylesheet is kept to what palettes cannot express: the primary action,
the segmented workspace switcher, notices and chips. Everything else stays native Fusion, so
focus rings, keyboard navigation and high-DPI drawing keep working.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from widgets.icons import icon_path

ACCENT = "#5b5bd6"
ACCENT_DARK = "#7c7cf0"

LIGHT = {
    "window": "#f4f5f7", "base": "#ffffff", "alt": "#f0f1f4", "text": "#1c1f24", "muted": "#6b7280",
    "button": "#ffffff", "border": "#d5d8de", "highlight": ACCENT, "highlighted_text": "#ffffff",
    "tooltip": "#1c1f24", "tooltip_text": "#f4f5f7", "link": ACCENT,
}
DARK = {
    "window": "#1d1f23", "base": "#15171a", "alt": "#24272c", "text": "#e6e7ea", "muted": "#9aa0aa",
    "button": "#2a2d33", "border": "#3a3e46", "highlight": ACCENT_DARK, "highlighted_text": "#ffffff",
    "tooltip": "#2a2d33", "tooltip_text": "#e6e7ea", "link": "#a5a5ff",
}


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    if scheme is None:
        return False
    return scheme() == Qt.ColorScheme.Dark


def resolve_mode(mode: str) -> str:
    """'light', 'dark', or 'system' resolved to one of them."""
    if mode in ("light", "dark"):
        return mode
    return "dark" if system_prefers_dark() else "light"


def palette_for(mode: str) -> QPalette:
    c = DARK if mode == "dark" else LIGHT
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


def stylesheet(mode: str) -> str:
    c = DARK if mode == "dark" else LIGHT
    accent = c["highlight"]
    warn_bg, warn_border = ("#3d3016", "#8a6a1f") if mode == "dark" else ("#fff7e6", "#f3c46b")
    err_bg, err_border = ("#3d1b1f", "#9b2c3a") if mode == "dark" else ("#fdecee", "#f0a3ad")
    info_bg, info_border = ("#1c2a3d", "#2f5a8f") if mode == "dark" else ("#eef4ff", "#a9c4f5")
    tint = "#2e2f5a" if mode == "dark" else "#e8e8fb"
    return f"""
QPushButton#primary {{
    background: {accent}; color: #ffffff; border: 1px solid {accent}; border-radius: 6px;
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
QToolButton#workspace:checked {{ background: {tint}; color: {accent}; border-color: {tint}; }}
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
QLabel[role="heading"] {{ font-weight: 600; font-size: 11pt; }}
QLabel[role="muted"] {{ color: {c["muted"]}; }}
QLabel[role="badge"] {{
    color: {c["muted"]}; border: 1px solid {c["border"]}; border-radius: 4px; padding: 0px 5px;
    font-size: 8pt;
}}
QLabel#tagSummary[state="bad"] {{ color: {"#ff8a9a" if mode == "dark" else "#be123c"}; }}
QLabel#tagSummary[state="approx"] {{ color: {"#f7b955" if mode == "dark" else "#b45309"}; }}
QLabel#charCount[state="bad"] {{ color: {"#ff8a9a" if mode == "dark" else "#be123c"}; font-weight: 600; }}
QLabel#waveformPlaceholder {{ color: {c["muted"]}; font-size: 11pt; }}
QFrame#card {{ background: {c["base"]}; border: 1px solid {c["border"]}; border-radius: 8px; }}
QPlainTextEdit#tagEditor {{ border: none; background: {c["base"]}; padding: 6px; }}
QTextBrowser#takeDetails {{ border: none; background: {c["base"]}; }}
QListView {{ border: none; background: {c["base"]}; }}
QStatusBar QLabel {{ padding: 0 6px; }}
QSplitter::handle {{ background: transparent; }}
QLabel#wizardTitle {{ font-weight: 700; font-size: 12pt; }}
QLabel#stepChip {{ padding: 3px 10px; border-radius: 10px; color: {c["muted"]}; }}
QLabel#stepChip[state="current"] {{ background: {tint}; color: {accent}; font-weight: 600; }}
QLabel#stepChip[state="done"] {{ color: {c["text"]}; }}
QFrame#dropZone {{ background: {c["base"]}; border: 2px dashed {c["border"]}; border-radius: 10px; }}
QFrame#dropZone[dragging="true"] {{ border-color: {accent}; background: {tint}; }}
QLabel#dropHint {{ color: {c["muted"]}; font-size: 11pt; }}
QLabel#countdown {{ font-size: 28pt; font-weight: 700; color: {accent}; }}
QLabel#checkMark {{ background: transparent; }}
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QLabel#verdict {{ font-weight: 600; padding: 6px 8px; border-radius: 6px; background: {info_bg}; }}
QLabel#verdict[state="good"] {{ background: {"#17341f" if mode == "dark" else "#e7f6ec"}; }}
QLabel#verdict[state="warning"] {{ background: {warn_bg}; }}
QLabel#verdict[state="problem"] {{ background: {err_bg}; }}
""" + (_DARK_FRAMES.format(muted=c["muted"], border=c["border"], base=c["base"], accent=accent,
                           check=icon_path("check").as_posix()) if mode == "dark" else "")


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
    """Apply Fusion + palette + stylesheet; returns the resolved mode ('light' or 'dark')."""
    resolved = resolve_mode(mode)
    app.setStyle("Fusion")
    app.setPalette(palette_for(resolved))
    app.setStyleSheet(stylesheet(resolved))
    app.setProperty("studioTheme", resolved)
    return resolved


def is_dark(app: QApplication | None = None) -> bool:
    app = app or QApplication.instance()  # type: ignore[assignment]
    return bool(app is not None and app.property("studioTheme") == "dark")
