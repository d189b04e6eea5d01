"""Which of the studio's run-time dependencies install on Windows and macOS, asked of PyPI.

Windows and macOS cannot be tried on the Linux CI machine, but whether `pip install .` can work there
is a fact PyPI already holds: every dependency (walked from this checkout's installed metadata, with
the markers evaluated for the target platform) either has a wheel for that platform and CPython 3.11,
has a wheel for any platform, or has only a source archive (which builds on install, and needs a
compiler when the package has native code). Run from the repository root with the test environment:

    .venv/bin/python packaging/platform_wheels.py            # a table, for the README
    .venv/bin/python packaging/platform_wheels.py --json     # the same, as data

A dependency not installed here (one only another platform needs) is looked up at its newest
release. Nothing is downloaded but PyPI's JSON descriptions.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import tomllib
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags, mac_platforms
from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename
from packaging.version import InvalidVersion, Version

PYTHON = (3, 11)
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


@dataclass(frozen=True)
class Platform:
    """A target as pip sees it: its wheel tags and the marker environment its requirements see."""

    name: str
    platforms: tuple[str, ...]
    markers: dict[str, str]

    def tags(self) -> set[Tag]:
        plats = list(self.platforms)
        return {*cpython_tags(PYTHON, platforms=plats), *compatible_tags(PYTHON, "cp311", plats)}


def marker_environment(sys_platform: str, platform_system: str, machine: str, os_name: str) -> dict[str, str]:
    env = default_environment()
    env.update(sys_platform=sys_platform, platform_system=platform_system, platform_machine=machine,
               os_name=os_name, python_version="3.11", python_full_version="3.11.7",
               implementation_name="cpython", platform_python_implementation="CPython")
    return env


PLATFORMS = (
    Platform("Windows x86-64", ("win_amd64",), marker_environment("win32", "Windows", "AMD64", "nt")),
    Platform("macOS arm64", tuple(mac_platforms((14, 0), "arm64")),
             marker_environment("darwin", "Darwin", "arm64", "posix")),
    Platform("macOS x86-64", tuple(mac_platforms((13, 0), "x86_64")),
             marker_environment("darwin", "Darwin", "x86_64", "posix")),
)


@dataclass(frozen=True)
class Verdict:
    package: str
    version: str
    kind: str  # "wheel" (built for the platform), "any" (pure-Python wheel), "source", "none", or
    # "older <kind>" when only an older release than the one used here has something


def classify(filenames: Iterable[str], target: Platform) -> str:
    """What pip would find for `target` among one release's files."""
    tags = target.tags()
    kinds = set()
    for name in filenames:
        if name.endswith((".tar.gz", ".zip", ".tar.bz2")):
            kinds.add("source")
            continue
        try:
            _, _, _, wheel_tags = parse_wheel_filename(name)
        except InvalidWheelFilename:
            continue
        if wheel_tags & tags:
            kinds.add("any" if all(t.platform == "any" for t in wheel_tags) else "wheel")
    for kind in ("wheel", "any", "source"):
        if kind in kinds:
            return kind
    return "none"


def pypi_releases(name: str) -> tuple[str, dict[str, list[str]]]:
    """PyPI's newest version of `name`, and the file names of every release."""
    with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=30) as reply:
        data = json.load(reply)
    releases = {v: [f["filename"] for f in files] for v, files in (data.get("releases") or {}).items()}
    newest = data["info"]["version"]
    releases.setdefault(newest, [f["filename"] for f in data["urls"]])
    return newest, releases


def choose(installed: str | None, newest: str, releases: dict[str, list[str]], target: Platform) -> Verdict:
    """The release pip would use on `target`: the one installed here (else the newest) when it has
    something for the target, else the newest final release that has (pip backtracks to it)."""
    version = installed if installed in releases else newest
    kind = classify(releases[version], target)
    if kind != "none":
        return Verdict("", version, kind)
    for other in sorted(releases, key=_version_key, reverse=True):
        if not Version(other).is_prerelease and (found := classify(releases[other], target)) != "none":
            return Verdict("", other, f"older {found}")
    return Verdict("", version, "none")


def _version_key(text: str) -> Version:
    try:
        return Version(text)
    except InvalidVersion:
        return Version("0")


def dependencies(root: list[str], target: Platform) -> list[tuple[str, str | None]]:
    """(name, installed version or None) for every run-time dependency on `target`, from the
    requirements `root` (pyproject's, not the installed metadata, which may be older)."""
    seen: dict[str, str | None] = {}
    todo: list[str | None] = [None]
    while todo:
        dist_name = todo.pop()
        if dist_name is None:
            requires = root
        else:
            try:
                requires = metadata.distribution(dist_name).requires or []
            except metadata.PackageNotFoundError:
                continue  # only the target needs it: its own dependencies are not walked
        for text in requires:
            req = Requirement(text)
            if req.marker is not None and not req.marker.evaluate({**target.markers, "extra": ""}):
                continue
            key = canonicalize_name(req.name)
            if key in seen:
                continue
            try:
                seen[key] = metadata.version(req.name)
            except metadata.PackageNotFoundError:
                seen[key] = None
            todo.append(req.name)
    return sorted(seen.items())


def project_requirements(pyproject: Path = PYPROJECT) -> list[str]:
    with pyproject.open("rb") as f:
        return list(tomllib.load(f)["project"]["dependencies"])


def survey(root: list[str] | None = None,
           releases: Callable[[str], tuple[str, dict[str, list[str]]]] = pypi_releases,
           ) -> dict[str, list[Verdict]]:
    cache: dict[str, tuple[str, dict[str, list[str]]]] = {}
    result: dict[str, list[Verdict]] = {}
    root = project_requirements() if root is None else root
    for target in PLATFORMS:
        verdicts = []
        for name, installed in dependencies(root, target):
            if name not in cache:
                cache[name] = releases(name)
            found = choose(installed, *cache[name], target)
            verdicts.append(Verdict(name, found.version, found.kind))
        result[target.name] = verdicts
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the verdicts as JSON")
    args = parser.parse_args(argv)
    result = survey()
    if args.json:
        print(json.dumps({k: [v.__dict__ for v in vs] for k, vs in result.items()}, indent=1))
        return 0
    for name, verdicts in result.items():
        count = {k: [v.package for v in verdicts if v.kind == k] for k in ("wheel", "any", "source", "none")}
        older = [f"{v.package} {v.version}" for v in verdicts if v.kind.startswith("older")]
        print(f"{name}: {len(verdicts)} dependencies; {len(count['wheel'])} built for it, "
              f"{len(count['any'])} pure-Python wheels; source only: {', '.join(count['source']) or '-'}; "
              f"only an older release: {', '.join(older) or '-'}; nothing: {', '.join(count['none']) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
