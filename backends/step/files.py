"""The Step-Audio model folders: found in the Hugging Face cache or a folder the user has, or downloaded.

Two hub repositories hold what the engine reads: Step-Audio-Tokenizer (the dual-codebook audio
tokenizer) and Step-Audio-TTS-3B (the LLM, its text tokenizer and the two CosyVoice decoders). Only
the files the engine reads are fetched: TTS-3B's `lib/` holds attention kernels for one Python and
torch version that our LLM does not need, its `*.py` files are the remote code we replace, and the
decoder folders' copies of the vq06 tokenizer duplicate the one in the tokenizer repo (about 1 GB).

Files land in the shared Hugging Face cache in its own layout (blobs, snapshots, refs), through
huggingface_hub's metadata and transfer functions, so other tools see the same files. What the hub
client does not give: byte progress per file and in total (sizes from the hub's file metadata, known
before the first byte), cancellation between chunks, resuming a stopped transfer in a later session
(huggingface_hub 2.x deletes its partial file when a download fails; we keep `<etag>.incomplete`
and continue it with a Range request), and a SHA-256 check of every LFS file against the hub's
metadata before it enters the cache, remembered per file so a multi-gigabyte shard is hashed once.

The revisions are pinned to "main": no published commit of these two repositories could be found in
the material available when this was written. A user-given folder is used as it is.

Whether a folder holds a model is decided by looking only where the layout puts each required file
(`missing_files`): a few stats, and one capped listing for a wildcard like "*.safetensors", never a
walk of the tree. That check runs at start-up (the engine's availability), so pointing the engine at a
huge folder costs start-up nothing. A folder the user picks is checked once, when picked, with
`check_folder`, which also says what is wrong in one sentence (missing files, the other model's
folder, the model one level down).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from backends.base import BackendError, Cancelled, CancelToken
from backends.step.layout import (
    EDITX_SPEC,
    MUSIC_DECODER_DIR,
    PARAFORMER_DIR,
    SPEECH_DECODER_DIR,
    TOKENIZER_REPO,
    TOKENIZER_REVISION,
    TOKENIZER_SPEC,
    TTS_REPO,
    TTS_REVISION,
    TTS_SPEC,
    FolderCheck,
    RepoSpec,
    check_folder,
    file_list,
    matches,
    missing_files,
)

# Importable from here as before (the engine, the set-up dialog, tests).
__all__ = [
    "MUSIC_DECODER_DIR", "PARAFORMER_DIR", "SPEECH_DECODER_DIR", "TOKENIZER_REPO", "TOKENIZER_REVISION",
    "TOKENIZER_SPEC", "TTS_REPO", "TTS_REVISION", "TTS_SPEC", "DownloadProgress", "FolderCheck", "ModelFiles",
    "ModelFilesError", "ModelFolders", "RepoSpec", "check_folder", "file_list", "find_tokenizer_folder",
    "missing_files",
]

_HASH_BLOCK = 8 << 20


class ModelFilesError(BackendError):
    """A model file is missing or damaged; the message names it and says what to do."""

    def __init__(self, message: str, files: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.files = tuple(files)


@dataclass(frozen=True)
class DownloadProgress:
    file: str  # repo-relative path being transferred ("" between files)
    file_done: int
    file_total: int
    done: int  # bytes of all wanted files present so far
    total: int  # bytes of all wanted files, from the hub's metadata


@dataclass(frozen=True)
class ModelFolders:
    tokenizer: Path
    tts: Path
    tokenizer_revision: str  # the commit the files came from, or "local" for a user folder
    tts_revision: str

    @property
    def speech_decoder(self) -> Path:
        return self.tts / SPEECH_DECODER_DIR

    @property
    def music_decoder(self) -> Path:
        return self.tts / MUSIC_DECODER_DIR


def _offline_from_env() -> bool:
    from huggingface_hub import constants

    env = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE")
    if env is not None:
        return env.strip().upper() in {"1", "ON", "YES", "TRUE"}
    return bool(constants.HF_HUB_OFFLINE)


def _sha256(path: Path, cancel: CancelToken | None) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_HASH_BLOCK):
            if cancel is not None:
                cancel.raise_if_cancelled()
            h.update(block)
    return h.hexdigest()


def _git_blob_sha1(path: Path) -> str:
    data = path.read_bytes()
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


class ModelFiles:
    """Finds or fetches both folders. Nothing touches the network until `download()`.

    `tokenizer_folder` / `tts_folder`: folders the user already has (used as they are).
    `endpoint`: a hub mirror (default: HF_ENDPOINT, else huggingface.co). `offline`: None follows
    HF_HUB_OFFLINE. `state_dir`: where the record of verified checksums lives.
    """

    def __init__(
        self,
        *,
        cache_dir: Path | str | None = None,
        endpoint: str | None = None,
        offline: bool | None = None,
        token: str | bool | None = None,
        tokenizer_folder: Path | str | None = None,
        tts_folder: Path | str | None = None,
        state_dir: Path | str | None = None,
        specs: tuple[RepoSpec, RepoSpec] = (TOKENIZER_SPEC, TTS_SPEC),
    ) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.endpoint = endpoint
        self._offline = offline
        self.token = token
        self.user_folders = (
            Path(tokenizer_folder) if tokenizer_folder else None,
            Path(tts_folder) if tts_folder else None,
        )
        self.state_dir = Path(state_dir) if state_dir is not None else None
        self.specs = specs

    @property
    def offline(self) -> bool:
        return _offline_from_env() if self._offline is None else self._offline

    # --- finding ------------------------------------------------------------------------------

    def _cached_snapshot(self, spec: RepoSpec) -> tuple[Path, str] | None:
        """The cache's snapshot folder for the pinned revision and its commit, without the network."""
        storage = self._storage(spec)
        ref = storage / "refs" / spec.revision
        commit = ref.read_text().strip() if ref.is_file() else spec.revision
        snapshot = storage / "snapshots" / commit
        return (snapshot, commit) if snapshot.is_dir() else None

    def _folder(self, index: int) -> tuple[Path | None, str]:
        spec = self.specs[index]
        user = self.user_folders[index]
        if user is not None:
            return user, "local"
        found = self._cached_snapshot(spec)
        return (found[0], found[1]) if found else (None, "")

    def missing(self, *, music: bool = False) -> list[str]:
        """Cheap check (no network, no hashing): "Repo: pattern" for each required file not present."""
        out: list[str] = []
        for i, spec in enumerate(self.specs):
            folder, _ = self._folder(i)
            if folder is None:
                out += [f"{spec.label}: {p}" for p in spec.required + (spec.music if music else ())]
            else:
                out += [f"{spec.label}: {p}" for p in missing_files(folder, spec, music=music)]
        return out

    def locate(self) -> ModelFolders:
        """Both folders as they are on disk; ModelFilesError naming every missing file otherwise."""
        folders: list[tuple[Path, str]] = []
        problems: list[str] = []
        for i, spec in enumerate(self.specs):
            folder, revision = self._folder(i)
            if folder is None:
                problems.append(
                    f"{spec.label} is not in the Hugging Face cache"
                    + (f" ({self.cache_dir})" if self.cache_dir else "")
                )
                continue
            gone = missing_files(folder, spec)
            if gone:
                problems.append(f"{spec.label} in {folder} lacks {', '.join(gone)}")
            folders.append((folder, revision))
        if problems:
            raise ModelFilesError(
                "Step-Audio model files are missing: "
                + "; ".join(problems)
                + ". "
                + (
                    "Download them (about 11 GB), or point the engine at folders that hold them."
                    if not self.offline
                    else "Offline mode (HF_HUB_OFFLINE) uses only files already "
                    "downloaded: go online once to download them, or point the engine at your folders."
                ),
                problems,
            )
        return ModelFolders(folders[0][0], folders[1][0], folders[0][1], folders[1][1])

    # --- downloading --------------------------------------------------------------------------

    def download(
        self, cancel: CancelToken | None = None, progress: Callable[[DownloadProgress], None] | None = None
    ) -> ModelFolders:
        """Make every needed file present and verified, then `locate()`. Blocking; resumable."""
        cancel = cancel or CancelToken()
        if self.offline:
            return self.locate()
        plans = []
        for i, spec in enumerate(self.specs):
            if self.user_folders[i] is not None:
                continue
            plans.append(self._plan(spec))
        total = sum(size for _, _, files in plans for _, size, _ in files)
        done = [0]

        def report(file: str, file_done: int, file_total: int, extra: int = 0) -> None:
            if progress is not None:
                progress(DownloadProgress(file, file_done, file_total, done[0] + extra, total))

        for spec, commit, files in plans:
            verified = self._verified(spec, commit)
            try:
                for path, size, digest in files:
                    cancel.raise_if_cancelled()
                    self._fetch(spec, commit, path, size, digest, verified, cancel, report)
                    done[0] += size
                    report(path, size, size)
            finally:
                self._save_verified(spec, commit, verified)
            self._pin_ref(spec, commit)
        report("", 0, 0)
        return self.locate()

    def sizes(self) -> list[tuple[str, str, int]]:
        """(repository label, file, bytes) of every file `download()` would make present, from the hub's
        metadata (network; folders the user gave are not listed)."""
        return [(spec.label, path, size) for i, spec in enumerate(self.specs) if self.user_folders[i] is None
                for _, _, files in [self._plan(spec)] for path, size, _ in files]

    def _plan(self, spec: RepoSpec) -> tuple[RepoSpec, str, list[tuple[str, int, tuple[str, str]]]]:
        """(spec, commit, [(path, size, (kind, digest))]) from the hub's file metadata."""
        from huggingface_hub import HfApi

        try:
            info = HfApi(endpoint=self.endpoint, token=self.token).model_info(
                spec.repo_id, revision=spec.revision, files_metadata=True
            )
        except Exception as exc:
            raise ModelFilesError(
                f"Could not read the file list of {spec.label} from "
                f"{self.endpoint or 'the Hugging Face hub'}: {exc}"
            ) from exc
        files = []
        for s in info.siblings or []:
            if not spec.wanted(s.rfilename):
                continue
            if s.lfs is not None:
                files.append((s.rfilename, int(s.lfs.size), ("sha256", str(s.lfs.sha256))))
            else:
                files.append((s.rfilename, int(s.size or 0), ("git-sha1", str(s.blob_id or ""))))
        absent = [p for p in spec.required + spec.music if not matches(p, [f for f, _, _ in files])]
        if absent:
            raise ModelFilesError(
                f"{spec.label} at revision {spec.revision} does not hold "
                f"{', '.join(absent)}; it is not the expected repository.",
                absent,
            )
        return spec, str(info.sha), sorted(files)

    def _storage(self, spec: RepoSpec) -> Path:
        from huggingface_hub import constants
        from huggingface_hub.file_download import repo_folder_name

        cache = self.cache_dir or Path(constants.HF_HUB_CACHE)
        return cache / repo_folder_name(repo_id=spec.repo_id, repo_type="model")

    def _fetch(
        self,
        spec: RepoSpec,
        commit: str,
        path: str,
        size: int,
        digest: tuple[str, str],
        verified: dict[str, list[int]],
        cancel: CancelToken,
        report: Callable[..., None],
    ) -> Path:
        """One file into the cache's layout (blobs/<etag>, snapshots/<commit>/<path> linking to it).

        huggingface_hub 2.x discards a partial file when a download stops, so the transfer is ours:
        bytes go to `blobs/<etag>.incomplete`, which a later call continues with a Range request, and
        only a file whose checksum matches the hub's metadata becomes the blob.
        """
        storage = self._storage(spec)
        pointer = storage / "snapshots" / commit / path
        if pointer.exists():
            self._check(spec, path, pointer, size, digest, verified, cancel)
            return pointer
        from huggingface_hub import get_hf_file_metadata, hf_hub_url
        from huggingface_hub.file_download import http_get
        from huggingface_hub.utils import WeakFileLock, build_hf_headers

        try:
            url = hf_hub_url(spec.repo_id, path, revision=commit, endpoint=self.endpoint)
            meta = get_hf_file_metadata(url, token=self.token, endpoint=self.endpoint)
        except Exception as exc:
            raise ModelFilesError(f"Could not reach {spec.label}/{path}: {exc}", [path]) from exc
        etag = meta.etag or digest[1]
        blob = storage / "blobs" / etag
        blob.parent.mkdir(parents=True, exist_ok=True)
        lock = storage.parent / ".locks" / storage.name / f"{etag}.lock"
        lock.parent.mkdir(parents=True, exist_ok=True)
        with WeakFileLock(lock):
            if not blob.exists():
                partial = blob.with_name(f"{etag}.incomplete")
                resume = partial.stat().st_size if partial.exists() else 0
                if resume > size:
                    partial.unlink()
                    resume = 0
                state = {"done": 0}

                def on_bytes(n: int) -> None:
                    state["done"] += n
                    report(path, state["done"], size, state["done"])
                    cancel.raise_if_cancelled()

                try:
                    with partial.open("ab") as f:
                        http_get(
                            meta.location or url,
                            f,
                            resume_size=resume,
                            headers=build_hf_headers(token=self.token),
                            expected_size=size,
                            tqdm_class=_progress_class(on_bytes),
                        )
                except Cancelled:
                    raise
                except Exception as exc:
                    raise ModelFilesError(
                        f"Downloading {spec.label}/{path} failed: {exc}. Run the download "
                        "again: it continues where it stopped.",
                        [path],
                    ) from exc
                self._check(spec, path, partial, size, digest, verified, cancel, record=False)
                os.replace(partial, blob)
        pointer.parent.mkdir(parents=True, exist_ok=True)
        try:
            pointer.symlink_to(os.path.relpath(blob, pointer.parent))
        except OSError:  # no symlinks (some Windows set-ups): keep a copy, as huggingface_hub does
            import shutil

            shutil.copyfile(blob, pointer)
        stat = pointer.stat()
        verified[path] = [stat.st_size, stat.st_mtime_ns]
        return pointer

    def _check(
        self,
        spec: RepoSpec,
        path: str,
        local: Path,
        size: int,
        digest: tuple[str, str],
        verified: dict[str, list[int]],
        cancel: CancelToken,
        record: bool = True,
    ) -> None:
        stat = local.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
        if record and verified.get(path) == stamp:
            return
        kind, expected = digest
        if stat.st_size != size:
            actual = f"{stat.st_size} bytes instead of {size}"
        elif kind == "sha256" and expected:
            got = _sha256(local, cancel)
            actual = None if got == expected else f"SHA-256 {got} instead of {expected}"
        elif kind == "git-sha1" and expected:
            got = _git_blob_sha1(local)
            actual = None if got == expected else f"git hash {got} instead of {expected}"
        else:
            actual = None
        if actual is None:
            if record:
                verified[path] = stamp
            return
        verified.pop(path, None)
        self._discard(local)
        raise ModelFilesError(
            f"{spec.label}/{path} is damaged ({actual}); the bad copy was removed. "
            "Download again to fetch a fresh one.",
            [path],
        )

    @staticmethod
    def _discard(local: Path) -> None:
        """Remove a damaged file: the cache's pointer and the blob it points at."""
        target = local.resolve()
        with contextlib.suppress(OSError):
            local.unlink()
        if target != local:
            with contextlib.suppress(OSError):
                target.unlink()

    def _state_file(self, spec: RepoSpec, commit: str) -> Path | None:
        if self.state_dir is None:
            return None
        return self.state_dir / f"{spec.repo_id.replace('/', '--')}@{commit}.verified.json"

    def _verified(self, spec: RepoSpec, commit: str) -> dict[str, list[int]]:
        f = self._state_file(spec, commit)
        if f is None or not f.is_file():
            return {}
        try:
            raw = json.loads(f.read_text(encoding="utf-8"))
            return {str(k): [int(x) for x in v] for k, v in raw.items()}
        except (OSError, ValueError, TypeError):
            return {}

    def _save_verified(self, spec: RepoSpec, commit: str, verified: dict[str, list[int]]) -> None:
        f = self._state_file(spec, commit)
        if f is None:
            return
        f.parent.mkdir(parents=True, exist_ok=True)
        tmp = f.with_suffix(".tmp")
        tmp.write_text(json.dumps(verified, indent=0), encoding="utf-8")
        tmp.replace(f)

    def _pin_ref(self, spec: RepoSpec, commit: str) -> None:
        """Record which commit the pinned revision named, so offline runs find this snapshot."""
        if spec.revision == commit:
            return
        ref = self._storage(spec) / "refs" / spec.revision
        ref.parent.mkdir(parents=True, exist_ok=True)
        if not ref.is_file() or ref.read_text().strip() != commit:
            ref.write_text(commit)


def _progress_class(on_bytes: Callable[[int], None]) -> type:
    """A silent tqdm that forwards every byte count (resumed bytes first) to `on_bytes`."""
    from tqdm.auto import tqdm

    class _Bytes(tqdm):  # type: ignore[misc]
        def __init__(self, *args: object, **kwargs: object) -> None:
            kwargs["disable"] = True
            initial = int(kwargs.get("initial") or 0)  # type: ignore[call-overload]
            super().__init__(*args, **kwargs)
            if initial:
                on_bytes(initial)

        def update(self, n: float | None = 1) -> bool | None:
            on_bytes(int(n or 0))
            return super().update(n)

    return _Bytes


def find_tokenizer_folder(environ: Mapping[str, str] | None = None) -> Path | None:
    """The Step-Audio-Tokenizer folder the engine would use (the one the user chose, else the Hugging
    Face cache's) when every file it reads is there; None otherwise. A few stats, no network: the
    studio asks this to offer tokens for any clip, which needs only this folder, not TTS-3B."""
    env = os.environ if environ is None else environ
    files = ModelFiles(tokenizer_folder=env.get("STEP_AUDIO_TOKENIZER_DIR") or None)
    folder, _ = files._folder(0)
    if folder is None or missing_files(folder, files.specs[0]):
        return None
    return folder


def main(argv: list[str] | None = None) -> int:
    """`python -m backends.step.files download [--model tts|editx] [--endpoint URL] [--cache DIR]`: fetch
    the tokenizer folder and the model's with a byte progress line; Ctrl-C stops and the next run resumes."""
    import argparse
    import sys

    ap = argparse.ArgumentParser(prog="python -m backends.step.files")
    ap.add_argument("command", choices=("download", "check"))
    ap.add_argument("--endpoint", help="hub mirror (default: HF_ENDPOINT or huggingface.co)")
    ap.add_argument("--cache", help="Hugging Face cache folder (default: the shared one)")
    ap.add_argument("--model", choices=("tts", "editx"), default="tts",
                    help="Step-Audio-TTS-3B (default) or Step-Audio-EditX")
    args = ap.parse_args(argv)
    model_spec = EDITX_SPEC if args.model == "editx" else TTS_SPEC
    files = ModelFiles(cache_dir=args.cache, endpoint=args.endpoint, specs=(TOKENIZER_SPEC, model_spec))
    cancel = CancelToken()

    def show(p: DownloadProgress) -> None:
        if p.total:
            sys.stderr.write(f"\r{p.done / 1e9:6.2f} / {p.total / 1e9:.2f} GB  {p.file[-50:]:<50}")

    try:
        folders = files.download(cancel, show) if args.command == "download" else files.locate()
    except KeyboardInterrupt:
        sys.stderr.write("\nstopped; run again to continue\n")
        return 130
    except ModelFilesError as exc:
        sys.stderr.write(f"\n{exc}\n")
        return 1
    sys.stderr.write(f"\nStep-Audio-Tokenizer: {folders.tokenizer}\n{model_spec.label}: {folders.tts}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
