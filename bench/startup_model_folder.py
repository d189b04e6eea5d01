"""Start-up with the Step-Audio engine pointed at a huge folder: does the window still come up at once?

Run: `python bench/startup_model_folder.py [--files 100000] [--folder /usr] [--runs 3]` (needs Xvfb and
xwininfo; uses $DISPLAY when set, e.g. under `xvfb-run -a`, else starts its own Xvfb).

Each run launches `step-studio` with a fresh data folder whose settings point both Step-Audio model
folders (Engine ▸ Set up Step-Audio TTS-3B, "Use folders I already have") at the folder under test:
a generated tree of `--files` files under a temporary folder, or `--folder`. Two figures per run,
measured from outside the process (clock started just before the spawn): when the window is mapped
(polled with xwininfo), and when the engine picker is filled (the app prints "engines listed" on
stderr when STEP_STUDIO_STARTUP_TIMING is set), which waits on every engine's availability check,
the Step-Audio one included. The same runs without any folder configured are the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from cold_start import _start_xvfb  # noqa: E402  (a sibling script, not a package)


def make_tree(root: Path, files: int, per_dir: int = 100) -> Path:
    """`files` small files in folders of `per_dir`, three levels deep: a tree a walk must visit."""
    for i in range(files):
        d = root / f"a{i // (per_dir * 100)}" / f"b{(i // per_dir) % 100}"
        if i % per_dir == 0:
            d.mkdir(parents=True, exist_ok=True)
        (d / f"f{i}.bin").write_bytes(b"x")
    return root


def _mapped(display: str) -> bool:
    out = subprocess.run(["xwininfo", "-display", display, "-name", "Step Audio Studio"],
                         capture_output=True, text=True)
    return "IsViewable" in out.stdout


def one_run(display: str, folder: Path | None, app_root: Path | None = None) -> tuple[float, float]:
    home = Path(tempfile.mkdtemp(prefix="step-studio-bench-"))
    if folder is not None:
        (home / "config").mkdir(parents=True)
        settings = {"step_local": {"tokenizer_folder": str(folder), "tts_folder": str(folder),
                                   "device": "auto", "quant": "auto"}}
        (home / "config" / "settings.json").write_text(json.dumps(settings))
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "STEP_STUDIO_HOME": str(home),
           "STEP_STUDIO_STARTUP_TIMING": "1"}
    exe = shutil.which("step-studio", path=str(Path(sys.executable).parent)) or "step-studio"
    command = [exe] if app_root is None else [sys.executable, "-m", "studio.ui.shell.app"]
    listed = threading.Event()
    when: dict[str, float] = {}
    t0 = time.perf_counter()
    app = subprocess.Popen(command, env=env, cwd=app_root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True)

    lines: list[str] = []

    def read() -> None:
        assert app.stderr is not None
        for line in app.stderr:
            lines.append(line)
            if "engines listed" in line and not listed.is_set():  # may share a line with another print
                when["listed"] = time.perf_counter() - t0
                listed.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        while not _mapped(display):
            if app.poll() is not None:
                reader.join(5)
                raise SystemExit("step-studio exited early:\n" + "".join(lines[-20:]))
            if time.perf_counter() - t0 > 60:
                raise SystemExit("no window after 60 s")
            time.sleep(0.02)
        visible = time.perf_counter() - t0
        if not listed.wait(120):
            raise SystemExit("the engines were not listed within 120 s:\n" + "".join(lines[-20:]))
    finally:
        app.terminate()
        try:
            app.wait(timeout=15)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
        shutil.rmtree(home, ignore_errors=True)
    return visible, when["listed"]


def _summary(runs: list[tuple[float, float]]) -> dict[str, float]:
    return {"window_mapped_s": round(statistics.median(r[0] for r in runs), 3),
            "engines_listed_s": round(statistics.median(r[1] for r in runs), 3)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=100_000, help="size of the generated tree")
    ap.add_argument("--folder", type=Path, help="use this folder instead of a generated tree")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--app-root", type=Path, help="run the studio from this source tree (an older commit)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "startup_model_folder.json")
    args = ap.parse_args()
    scratch = None
    if args.folder is None:
        scratch = Path(tempfile.mkdtemp(prefix="step-studio-tree-"))
        folder = make_tree(scratch, args.files)
    else:
        folder = args.folder
    xvfb, display = (None, os.environ["DISPLAY"]) if os.environ.get("DISPLAY") else _start_xvfb()
    try:
        one_run(display, None, args.app_root)  # warm-up: imports and fonts into the OS file cache
        baseline = [one_run(display, None, args.app_root) for _ in range(args.runs)]
        configured = [one_run(display, folder, args.app_root) for _ in range(args.runs)]
    finally:
        if xvfb is not None:
            xvfb.terminate()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    result = {
        "what": "launch to mapped window and to the engine picker filled, median of runs, fresh data folder",
        "folder": str(args.folder) if args.folder else f"generated tree of {args.files} files",
        "runs": args.runs,
        "source": str(args.app_root) if args.app_root else "this checkout",
        "cores": os.cpu_count(),
        "no_folder": _summary(baseline),
        "huge_folder": _summary(configured),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
