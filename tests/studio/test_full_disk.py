"""A full disk, for real: a small tmpfs (mounting needs root; elsewhere the tests say why they are
skipped). Long work is refused before it starts, a failed save says the disk is full and where,
and nothing half-written is left (issue 20)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from backends.audio import Audio
from studio import paths
from studio.library import storage
from studio.library.storage import StorageError
from studio.library.takes import LibraryError, TakeLibrary

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs, filled to about 200 KB free."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs (run the suite as root, as CI does)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.skip(f"could not mount a tmpfs here: {done.stderr.strip()}")
    try:
        (disk / "filler").write_bytes(b"\0" * (4 * 2**20 - 200_000))
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), paths.HOME_ENV: str(home)}
    return subprocess.run([sys.executable, "-m", "studio", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


def test_a_long_take_is_refused_before_it_starts(small_disk: Path, tmp_path: Path) -> None:
    text = "A sentence of a long chapter. " * 400  # about 12,000 characters: minutes of speech
    done = _cli("speak", text, "-o", str(small_disk / "chapter.wav"), home=tmp_path / "home")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "not enough room for this take" in done.stderr and str(small_disk) in done.stderr
    assert "KB free" in done.stderr and "needed" in done.stderr
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_a_voice_is_refused_before_minutes_of_matching(small_disk: Path) -> None:
    reference = REPO / "tests" / "data" / "zero_shot_en_prompt.wav"
    done = _cli("clone", str(reference), "--text", "Hello.", "--name", "Ann", "--speaker", "Ann",
                "--consent", "in writing", home=small_disk / "home")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "not enough room for a new voice" in done.stderr


def test_a_save_that_does_not_fit_says_the_disk_is_full_and_leaves_nothing(small_disk: Path) -> None:
    with pytest.raises(StorageError, match=r"the disk is full \(\d+ KB free on the disk that holds "):
        storage.atomic_write_bytes(small_disk / "big.bin", b"x" * 1_000_000)
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_the_take_library_on_a_full_disk(small_disk: Path) -> None:
    (small_disk / "filler").unlink()
    (small_disk / "filler").write_bytes(b"\0" * (4 * 2**20 - 600_000))  # room to open, not to keep 8 s
    t = np.arange(24000 * 20) / 24000
    noise = np.random.default_rng(0).standard_normal(len(t)) * 0.3  # incompressible: 20 s, about 1.4 MB
    with TakeLibrary(small_disk / "lib") as library:
        with pytest.raises((StorageError, LibraryError), match="full"):
            library.add(Audio(noise.astype(np.float32), 24000), text="x", engine_id="e", voice_id="v")
        assert library.list() == []
    leftovers = [p for p in (small_disk / "lib").rglob("*") if storage.is_temp_file(p)]
    assert leftovers == []


def test_listing_voices_works_on_a_full_disk(small_disk: Path) -> None:
    (small_disk / "filler").unlink()
    (small_disk / "filler").write_bytes(b"\0" * (4 * 2**20))  # nothing left at all
    done = _cli("voices", home=small_disk / "home")
    assert done.returncode == 0 and "piper:joe" in done.stdout
    assert done.stderr.startswith("step-studio: warning: the voice library was not read:")
    assert "disk is full" in done.stderr and "Traceback" not in done.stderr
