"""Editing recordings, Qt-free: the core under the Edit workspace (and, later, `step-studio edit`).

An edit project keeps its source recording unchanged and a history of versions made by
operations; what the user hears is rendered from a piece table over the source, so a cut in a
2-hour file costs the span it touches, undo/redo is a pointer move and any version can be played
beside the current one. Every join is crossfaded on low energy and checkable for clicks.

Entry points:

- `EditProject` (`project.py`): open a file or an `Audio`, the waveform operations (cut, copy,
  paste, delete, silence, insert silence, crop, split, insert, fades, gain, peak and loudness
  normalisation, pause shortening, denoise, speed, pitch), undo/redo/restore, `render`, `overview`.
- `EditStore` (`store.py`): projects saved in the library as the user works (list, rename,
  delete, split, export; reopen gives the same project); `export_project` / `import_project`
  (`share.py`): a project with its source in one `.stepedit` file.
- `integrated_loudness` (`loudness.py`, ITU-R BS.1770-4) and `seam_discontinuity` (`seams.py`,
  the click check every join is held to).
- Editing by words: `transcript.py` (Whisper word timings in chunks, the word lane of every
  version: `transcribe`, `keep`/`kept`, `follow`), `wordcut.py` (`delete_words`, with a natural
  pause kept at the join) and `respeak.py` (`plan_respeak` says who will speak, `respeak` splices
  the new words in).
- Editing by instruction: `instruct.py` (`apply_instruction`: an engine edit of a span, cut at
  pauses, split to the engine's limit, repeated as versions).

Rooms: `pieces.py` (the piece table), `overview.py` (min/max pyramids for drawing), `seams.py`
(snapping, crossfades, the click check), `dsp.py` (the sound-changing functions), `loudness.py`.
Nothing here imports Qt or `studio.ui`; a page drives a project and draws what it renders.
"""

from studio.editing.dsp import EditError
from studio.editing.loudness import LoudnessError, integrated_loudness
from studio.editing.project import EditProject, Version
from studio.editing.seams import CLICK_RATIO, seam_discontinuity
from studio.editing.store import EditStore, ProjectInfo, ProjectNotFound

__all__ = ["CLICK_RATIO", "EditError", "EditProject", "EditStore", "LoudnessError", "ProjectInfo",
           "ProjectNotFound", "Version", "integrated_loudness", "seam_discontinuity"]
