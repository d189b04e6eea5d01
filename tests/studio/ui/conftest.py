"""The workspace tests live one folder down; `ui_fakes` (the test doubles they share) lives here."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
