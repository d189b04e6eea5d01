"""What every benchmark records about the machine it ran on, and how it adds its record to its result
file (imported by the scripts beside it)."""

from __future__ import annotations

import contextlib
import json
import os
import platform
from pathlib import Path
from typing import Any


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo ("AMD EPYC ..."), else the platform's."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def machine_line() -> str:
    """One line for a result file: architecture, cores, CPU model."""
    return f"{platform.machine()}, {os.cpu_count()} cores, {cpu_model()}"


def append_record(out: Path, record: dict[str, Any]) -> None:
    """Add `record` to the JSON list in `out`: result files keep every run, so a figure in the README
    can be traced to its run and compared with earlier ones."""
    out.parent.mkdir(parents=True, exist_ok=True)
    records = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else []
    if isinstance(records, dict):  # a file from before it kept every run: its one record stays first
        records = [records]
    records.append(record)
    out.write_text(json.dumps(records, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
