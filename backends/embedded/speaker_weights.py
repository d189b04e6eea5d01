"""The speaker encoder's weights, fetched once on first use from the package index, checksummed.

Why a fetch: the GE2E weights (`pretrained.pt`, 17 MB, Apache-2.0) ship only inside the
`resemblyzer` wheel, whose declared dependencies pull torch (gigabytes) for a model that
speaker.py runs in numpy. A package cannot depend on a wheel "without its dependencies", so a plain
`pip install -e .` had no weights and cloning failed. Instead, the first use downloads that one
pinned wheel with pip itself (so the user's index, mirror, proxy and certificate settings apply,
and pip checks the wheel against the SHA-256 pinned here), takes `pretrained.pt` and the licence
out of it, checks the weights' own SHA-256 and keeps them in the user cache. Nothing is installed
into the environment and nothing of resemblyzer's is imported.

Every failure ends in one sentence that says what to do: offline, a checksum that does not match,
no pip. Cancel stops the download at once (the pip process is terminated).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from backends.base import BackendError, Cancelled, CancelToken
from backends.embedded.cache import cache_root

PACKAGE = "resemblyzer"
VERSION = "0.1.4"
# The published wheel Resemblyzer-0.1.4-py3-none-any.whl (15.7 MB) and the weights inside it.
WHEEL_SHA256 = "8f12eb2f1a9982d32e8db7856de754709b59c93a77bcf0ff536584b619a9dd1f"
WEIGHTS_SHA256 = "39373b86598fa3da9fcddee6142382efe09777e8d37dc9c0561f41f0070f134e"
WEIGHTS_FILE = "pretrained.pt"
WHEEL_BYTES = 15_747_704
HAND_INSTALL = f"pip install --no-deps {PACKAGE}=={VERSION}"

Progress = Callable[[float, str], None]


class WeightsUnavailable(BackendError):
    """The weights could not be had; the message is one sentence for the user, with the fix."""


def weights_dir() -> Path:
    return cache_root() / "speaker-encoder" / f"{PACKAGE}-{VERSION}"


def cached_weights() -> Path | None:
    """The fetched weights if present (size checked; the SHA-256 was checked when they were kept)."""
    path = weights_dir() / WEIGHTS_FILE
    try:
        return path if path.is_file() and path.stat().st_size > 0 else None
    except OSError:
        return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


CHECKSUM_FAILED = ("The downloaded speaker model did not match its checksum, so it was not used "
                   "(a damaged download or a changed file on the package index); try again later.")


def _explain(log: str) -> str:
    """One sentence for pip's failure, from its output."""
    if "DO NOT MATCH THE HASHES" in log:
        return CHECKSUM_FAILED
    return (f"The speaker model (about {WHEEL_BYTES / 1e6:.0f} MB, fetched once) could not be "
            "downloaded from the package index: check the internet connection (or pip's proxy or "
            f"index settings) and try again, or install it by hand with '{HAND_INSTALL}'.")


def _run_pip(cmd: list[str], report: Callable[[float], None], cancel: CancelToken) -> tuple[int, str]:
    """Run pip, reporting its "Progress N of M" lines; Cancel terminates it. (exit status, output)."""
    log_lines: list[str] = []
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                encoding="utf-8", errors="replace")
    except OSError as exc:
        raise WeightsUnavailable(f"The speaker model could not be downloaded because pip could "
                                 f"not be started ({exc}); install it by hand with "
                                 f"'{HAND_INSTALL}'.") from exc
    unregister = cancel.on_cancel(proc.terminate)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            log_lines.append(line)
            m = re.match(r"Progress (\d+) of (\d+)", line)
            if m and int(m.group(2)) > 0:
                report(int(m.group(1)) / int(m.group(2)))
        rc = proc.wait()
    finally:
        unregister()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return rc, "".join(log_lines)


def fetch_weights(progress: Progress | None = None, cancel: CancelToken | None = None, *,
                  index_url: str | None = None, wheel_sha256: str = WHEEL_SHA256,
                  weights_sha256: str = WEIGHTS_SHA256, timeout_s: float = 20.0) -> Path:
    """Download the pinned wheel with pip, keep its verified weights in `weights_dir()`; the path.

    `index_url` replaces pip's configured index (tests use a local server). Raises
    `WeightsUnavailable` with a sentence for the user, or `Cancelled`.
    """
    ready = cached_weights()
    if ready is not None:
        return ready
    cancel = cancel or CancelToken()

    def report(fraction: float) -> None:
        if progress is not None:
            done = fraction * WHEEL_BYTES / 1e6
            progress(min(max(fraction, 0.0), 1.0),
                     f"Fetching the speaker model (once): {done:.1f} of {WHEEL_BYTES / 1e6:.1f} MB")

    report(0.0)
    target = weights_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".fetch-", dir=target.parent) as tmp:
        work = Path(tmp)
        requirements = work / "requirements.txt"
        requirements.write_text(f"{PACKAGE}=={VERSION} --hash=sha256:{wheel_sha256}\n", encoding="utf-8")

        def command(progress_bar: str) -> list[str]:
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
                   "--require-hashes", "-r", str(requirements), "-d", str(work / "wheel"),
                   "--no-input", "--disable-pip-version-check", "--progress-bar", progress_bar,
                   "--retries", "1", "--timeout", f"{timeout_s:g}"]
            return cmd + (["--index-url", index_url] if index_url else [])

        rc, log = _run_pip(command("raw"), report, cancel)
        if rc != 0 and "invalid choice: 'raw'" in log:
            # pip before 24.1 (what `python -m venv` gives Python 3.11) has no machine-readable
            # progress: fetch without it rather than fail.
            rc, log = _run_pip(command("off"), report, cancel)
        if cancel.cancelled:
            raise Cancelled()
        if rc != 0 and "No module named pip" in log:
            raise WeightsUnavailable("The speaker model could not be downloaded because this Python has "
                                     f"no pip; install it by hand with '{HAND_INSTALL}'.")
        wheels = sorted((work / "wheel").glob("*.whl")) if (work / "wheel").is_dir() else []
        if rc != 0 or not wheels:
            raise WeightsUnavailable(_explain(log))
        staged = work / "weights"
        staged.mkdir()
        try:
            with zipfile.ZipFile(wheels[0]) as zf:
                names = zf.namelist()
                member = f"{PACKAGE}/{WEIGHTS_FILE}"
                if member not in names:
                    raise WeightsUnavailable("The downloaded speaker-model package holds no weights; "
                                             f"install it by hand with '{HAND_INSTALL}'.")
                with zf.open(member) as src, (staged / WEIGHTS_FILE).open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                licence = next((n for n in names if n.endswith(".dist-info/LICENSE")), None)
                if licence is not None:
                    (staged / "LICENSE").write_bytes(zf.read(licence))
        except zipfile.BadZipFile as exc:
            raise WeightsUnavailable(CHECKSUM_FAILED) from exc
        if _sha256(staged / WEIGHTS_FILE) != weights_sha256:
            raise WeightsUnavailable(CHECKSUM_FAILED)
        (staged / "SOURCE.txt").write_text(
            f"{WEIGHTS_FILE} from the {PACKAGE} {VERSION} wheel (sha256 {wheel_sha256}), "
            f"Apache-2.0 (LICENSE); weights sha256 {weights_sha256}.\n", encoding="utf-8")
        if target.exists():  # a half-kept folder from an interrupted run: replace it
            shutil.rmtree(target, ignore_errors=True)
        with contextlib.suppress(FileExistsError, OSError):
            staged.rename(target)  # atomic: a concurrent fetch that won keeps its copy
    report(1.0)
    ready = cached_weights()
    if ready is None:
        raise WeightsUnavailable(f"The speaker model could not be kept in {target}; check that the "
                                 "folder is writable and has 20 MB free.")
    return ready


def main() -> int:
    """`python -m backends.embedded.speaker_weights`: fetch now (the test set-up does, once)."""
    present = cached_weights()
    if present is not None:
        print(f"speaker model: {present}")
        return 0
    try:
        path = fetch_weights(lambda f, m: print(f"\r{m}", end="", file=sys.stderr, flush=True))
    except WeightsUnavailable as exc:
        print(f"\n{exc}", file=sys.stderr)
        return 1
    print(f"\nspeaker model: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
