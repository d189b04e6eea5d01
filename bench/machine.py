"""What every benchmark records about the machine it ran on (imported by the scripts beside it)."""

from __future__ import annotations

import contextlib
import os
import platform
from pathlib import Path


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
