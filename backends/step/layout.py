"""The layout of the two Step-Audio model folders, and the bounded look that checks a folder against it.

`RepoSpec` names the files of one hub repository the engine reads; `missing_files` says which of them
a folder lacks by looking only where the layout puts each one (a few stats, and one capped listing for
a wildcard like "*.safetensors"), never by walking the tree: it runs at start-up, in the engine's
availability, and must cost the same for a model folder and for a folder holding a million files.
`check_folder` is the check of a folder the user picks, made once when it is picked, and says what is
wrong with it in one sentence.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

TOKENIZER_REPO = "stepfun-ai/Step-Audio-Tokenizer"
TTS_REPO = "stepfun-ai/Step-Audio-TTS-3B"
TOKENIZER_REVISION = "main"  # no commit hash could be confirmed; see the module docstring
TTS_REVISION = "main"

PARAFORMER_DIR = "dengcunqin/speech_paraformer-large_asr_nat-zh-cantonese-en-16k-vocab8501-online"
SPEECH_DECODER_DIR = "CosyVoice-300M-25Hz"
MUSIC_DECODER_DIR = "CosyVoice-300M-25Hz-Music"
_DECODER_FILES = ("cosyvoice.yaml", "flow.pt", "hift.pt", "campplus.onnx")


@dataclass(frozen=True)
class RepoSpec:
    """Which files of one hub repository the engine needs."""

    repo_id: str
    revision: str
    label: str  # for messages: "Step-Audio-TTS-3B"
    include: tuple[str, ...]  # fnmatch patterns of files to download
    exclude: tuple[str, ...]
    required: tuple[str, ...]  # patterns that must each match a present file for the engine to run
    music: tuple[str, ...] = ()  # needed only for RAP and humming
    what: str = ""  # what the folder is, for "This folder has no {what}: ..." (default: the label)

    def wanted(self, path: str) -> bool:
        return any(fnmatch.fnmatch(path, p) for p in self.include) and not any(
            fnmatch.fnmatch(path, p) for p in self.exclude
        )


TOKENIZER_SPEC = RepoSpec(
    TOKENIZER_REPO,
    TOKENIZER_REVISION,
    "Step-Audio-Tokenizer",
    include=("linguistic_tokenizer.npy", "speech_tokenizer_v1.onnx", f"{PARAFORMER_DIR}/*"),
    exclude=(f"{PARAFORMER_DIR}/*.md", f"{PARAFORMER_DIR}/*.png", f"{PARAFORMER_DIR}/example/*"),
    required=(
        "linguistic_tokenizer.npy",
        "speech_tokenizer_v1.onnx",
        f"{PARAFORMER_DIR}/model.pt",
        f"{PARAFORMER_DIR}/config.yaml",
        f"{PARAFORMER_DIR}/am.mvn",
    ),
    what="audio tokenizer",
)

# The Step1 LLM's files, the same in both model repositories (TTS-3B and EditX).
_LLM_FILES = ("config.json", "tokenizer.model", "tokenizer_config.json", "*.safetensors",
              "*.safetensors.index.json")
_LLM_REQUIRED = ("config.json", "tokenizer.model", "*.safetensors")
_SPEECH_DECODER_REQUIRED = tuple(f"{SPEECH_DECODER_DIR}/{f}" for f in _DECODER_FILES)

TTS_SPEC = RepoSpec(
    TTS_REPO,
    TTS_REVISION,
    "Step-Audio-TTS-3B",
    include=(*_LLM_FILES, f"{SPEECH_DECODER_DIR}/*", f"{MUSIC_DECODER_DIR}/*"),
    exclude=("lib/*", "*/speech_tokenizer_v1.onnx", "*.py", "*.md", "*/*.md", "assets/*"),
    required=(*_LLM_REQUIRED, *_SPEECH_DECODER_REQUIRED),
    music=tuple(f"{MUSIC_DECODER_DIR}/{f}" for f in _DECODER_FILES),
    what="TTS-3B model",
)


# Step-Audio-EditX: the same LLM files as TTS-3B and one 24 kHz decoder folder, whose copy of the
# audio tokenizer's ONNX model (523 MB) is never read and not downloaded. Its folder and TTS-3B's
# require the same names; a TTS-3B folder picked for EditX is told apart when its decoder's yaml is
# read (the flow there is not EditX's DiT, and the error names the key).
EDITX_REPO = "stepfun-ai/Step-Audio-EditX"
EDITX_REVISION = "main"  # as for TTS-3B: no commit hash of the hub repository could be confirmed here

EDITX_SPEC = RepoSpec(
    EDITX_REPO,
    EDITX_REVISION,
    "Step-Audio-EditX",
    include=(*_LLM_FILES, f"{SPEECH_DECODER_DIR}/*"),
    exclude=("*/speech_tokenizer_v1.onnx", "*.py", "*.md", "*/*.md", "assets/*", "examples/*"),
    required=(*_LLM_REQUIRED, *_SPEECH_DECODER_REQUIRED),
    what="EditX model",
)

# EditX with its LLM on a vLLM server: here only the text tokenizer (the prompts are built here) and the
# 24 kHz decoder; the 7 GB of weights stay on the server.
EDITX_SERVED_SPEC = replace(
    EDITX_SPEC,
    include=("config.json", "tokenizer.model", "tokenizer_config.json", f"{SPEECH_DECODER_DIR}/*"),
    required=("tokenizer.model", *_SPEECH_DECODER_REQUIRED),
)


def matches(spec_pattern: str, present: Iterable[str]) -> bool:
    """Whether any of the `present` repository paths (a hub listing) satisfies the pattern."""
    return any(fnmatch.fnmatch(p, spec_pattern) for p in present)


# A wildcard pattern ("*.safetensors") is looked up in its one folder, never below it, and only in the
# first entries of that folder: a model folder holds a few dozen, so a folder with more is not one.
_LISTING_LIMIT = 4096
_WILDCARDS = frozenset("*?[")


def _has(folder: Path, pattern: str) -> bool:
    """Whether a non-empty file in `folder` satisfies the repository-relative `pattern`.

    A bounded look, never a walk: a plain path is one stat (following the cache's symlinks); a
    pattern with wildcards in its last part lists that part's folder, up to `_LISTING_LIMIT` entries.
    This runs at start-up (the engine's availability), so it must cost the same for a model folder
    and for a folder holding a million files.
    """
    head, _, name = pattern.rpartition("/")
    if not _WILDCARDS & set(pattern):
        try:
            return (folder / pattern).stat().st_size > 0
        except OSError:
            return False
    if _WILDCARDS & set(head):
        return False  # no spec uses wildcard folders; a look below every folder would be a walk
    try:
        with os.scandir(folder / head if head else folder) as entries:
            for count, entry in enumerate(entries):
                if count >= _LISTING_LIMIT:
                    return False
                if fnmatch.fnmatch(entry.name, name):
                    with contextlib.suppress(OSError):
                        if entry.is_file() and entry.stat().st_size > 0:
                            return True
    except OSError:
        return False
    return False


def missing_files(folder: Path, spec: RepoSpec, *, music: bool = False) -> list[str]:
    """The required patterns (and the music ones when asked) no file in `folder` satisfies.

    Each pattern is looked up where the layout puts it (see `_has`): the folder's other contents are
    never read, however many there are.
    """
    wanted = spec.required + (spec.music if music else ())
    if not folder.is_dir():
        return list(wanted)
    return [p for p in wanted if not _has(folder, p)]


@dataclass(frozen=True)
class FolderCheck:
    """What a folder the user chose holds, against one repository's layout.

    `problem` is "" when the folder has every required file, else one of: "absent" (no such path),
    "not_a_folder", "other_model" (it is the other repository's folder: `hint` names it),
    "in_subfolder" (a subfolder has the layout: `hint` is its path relative to the folder) or
    "incomplete" (`missing` lists the absent files; all of them when nothing of the layout is there).
    The GUI words it in the user's language; `sentence()` says it in English (CLI, logs).
    """

    folder: Path
    spec: RepoSpec
    problem: str
    missing: tuple[str, ...] = ()
    hint: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def nothing_present(self) -> bool:
        return self.problem == "incomplete" and len(self.missing) >= len(self.spec.required)

    def sentence(self) -> str:
        """One sentence that says what is wrong and what to do ("" when nothing is)."""
        what = self.spec.what or self.spec.label
        if self.problem == "absent":
            return f"This folder does not exist: {self.folder}."
        if self.problem == "not_a_folder":
            return f"{self.folder} is a file, not a folder: choose the folder that holds the {what}."
        if self.problem == "other_model":
            return f"This folder holds {self.hint}, not {self.spec.label}: choose it for {self.hint} instead."
        if self.problem == "in_subfolder":
            return (f"This folder is not {self.spec.label} itself, but its subfolder {self.hint} is: "
                    "choose that.")
        if self.nothing_present:
            names = ", ".join([p for p in self.spec.required if "/" not in p][:2])
            return f"This folder has no {what}: none of its files ({names}, ...) is there."
        if self.problem == "incomplete":
            names = file_list(self.missing)
            verb = "is" if len(self.missing) == 1 else "are"
            return f"This folder has no {what}: {names} {verb} missing."
        return ""


def file_list(paths: Iterable[str], limit: int = 3) -> str:
    """"a, b and c" (or "a, b, c and 4 more"): the files a sentence names."""
    items = list(paths)
    if not items:
        return ""
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def check_folder(folder: Path | str, spec: RepoSpec, others: Iterable[RepoSpec] = ()) -> FolderCheck:
    """Check a folder the user chose against `spec`'s layout, once, when it is chosen (off the GUI
    thread: it touches the disk, which may be a slow network drive).

    Bounded like `missing_files`: the expected paths, the same paths in the two subfolders a
    download usually leaves (the repository's name, and owner/name), and the other repositories'
    expected paths, to recognise a folder chosen for the wrong slot.
    """
    folder = Path(folder).expanduser()
    if not folder.exists():
        return FolderCheck(folder, spec, "absent")
    if not folder.is_dir():
        return FolderCheck(folder, spec, "not_a_folder")
    gone = missing_files(folder, spec)
    if not gone:
        return FolderCheck(folder, spec, "")
    for other in others:
        if other.repo_id != spec.repo_id and not missing_files(folder, other):
            return FolderCheck(folder, spec, "other_model", tuple(gone), other.label)
    name = spec.repo_id.rsplit("/", 1)[-1]
    for sub in dict.fromkeys((name, spec.repo_id)):
        if (folder / sub).is_dir() and not missing_files(folder / sub, spec):
            return FolderCheck(folder, spec, "in_subfolder", tuple(gone), sub)
    return FolderCheck(folder, spec, "incomplete", tuple(gone))
