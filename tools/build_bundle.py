#!/usr/bin/env python3
"""Build hikinet's offline bundle: one zip to install and use hikinet on a machine with no network.

    python tools/build_bundle.py --platform win_amd64 --python 3.12 [--out DIR]
    python tools/build_bundle.py --platform manylinux2014_x86_64 --python 3.11 [--out DIR]

writes ``DIR/hikinet-offline-<platform>-py<ver>.zip`` (DIR: ``dist/`` by default, ignored by
git). Inside, under one folder of the same name: ``wheels/`` (hikinet's own wheel and every
dependency as a wheel for that platform), ``install.bat`` or ``install.sh``, the launcher
(``hikinet-report.bat`` or ``hikinet-report.sh``), ``はじめに.txt`` and ``README-offline.txt``.
The templates are in ``tools/bundle/``; docs/offline.md explains the bundle.

Needs the network (PyPI, or the index pip is configured with) and ``packaging`` (in the
test extra). pip evaluates environment markers (``sys_platform == "win32"``...) against
the machine it runs on, not against ``--platform``; so after pip's download, the
dependency set is resolved again from the wheels' own metadata with the markers evaluated
for the target (:func:`target_environment`), and what is missing is downloaded, until
nothing is (:func:`complete`).
"""

from __future__ import annotations

import argparse
import email.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "bundle"
PROJECT = "hikinet-graph"
# what the wheel is built from (a copy, so that the build writes nothing into the repository)
SOURCE_FILES = ("pyproject.toml", "README.md", "LICENSE", "setup.cfg", "setup.py", "MANIFEST.in")
SOURCE_PACKAGE = "hikinet_graph"
# the last 3.12 release with a Windows installer on python.org (3.12 then took source-only security fixes)
WINDOWS_INSTALLERS = {"3.12": "3.12.10"}
MAX_ROUNDS = 20


class BundleError(Exception):
    """The bundle cannot be built (pip failed, or a requirement cannot be met from the index)."""


@dataclass(frozen=True)
class Wheel:
    """One wheel in the bundle: its project name (canonical), version, and Requires-Dist lines."""

    path: Path
    name: str
    version: Version
    requires: tuple[str, ...]


@dataclass(frozen=True)
class Unmet:
    """A requirement of ``needed_by`` (a wheel) that holds on the target and no wheel in the bundle meets."""

    needed_by: str
    requirement: Requirement
    found: Version | None  # the version in the bundle, if any (it does not match the specifier)

    def __str__(self) -> str:
        found = f"bundle has {self.found}" if self.found else "not in the bundle"
        return f"{self.needed_by} needs {self.requirement}: {found}"


@dataclass(frozen=True)
class Bundle:
    """A built bundle: the zip, how many wheels, and how long it took."""

    zip_path: Path
    wheels: int
    size_bytes: int
    seconds: float

    @property
    def size_mb(self) -> float:
        """The zip's size in MB (10^6 bytes)."""
        return self.size_bytes / 1e6


def _platform_values(platform: str) -> dict[str, str]:
    """The platform's marker values: Windows (win_amd64, win_arm64, win32) and Linux (manylinux*, musllinux*, linux_*)."""
    if platform.startswith("win"):
        machine = {"win_amd64": "AMD64", "win_arm64": "ARM64", "win32": "x86"}.get(platform)
        if machine:
            return {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
                    "platform_machine": machine}
    match = re.fullmatch(r"(?:manylinux\d*|manylinux_\d+_\d+|musllinux_\d+_\d+|linux)_(\w+)", platform)
    if match:
        return {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
                "platform_machine": match.group(1)}
    raise BundleError(f"unknown platform {platform!r}: use win_amd64, or manylinux2014_x86_64 and the like")


def target_environment(platform: str, python: str) -> dict[str, str]:
    """The marker environment of CPython ``python`` (``"3.12"``) on ``platform`` (a wheel platform tag).

    >>> env = target_environment("win_amd64", "3.12")
    >>> env["sys_platform"], env["platform_machine"], env["python_full_version"]
    ('win32', 'AMD64', '3.12.0')
    """
    full = f"{python}.0"
    return {**_platform_values(platform), "python_version": python, "python_full_version": full,
            "implementation_name": "cpython", "implementation_version": full,
            "platform_python_implementation": "CPython", "platform_release": "", "platform_version": "",
            "extra": ""}


def read_wheel(path: Path) -> Wheel:
    """A wheel's name and version (from its file name) and its Requires-Dist (from its METADATA)."""
    name, version, _, _ = parse_wheel_filename(path.name)
    with zipfile.ZipFile(path) as archive:
        metadata = [n for n in archive.namelist()
                    if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
        if len(metadata) != 1:
            raise BundleError(f"{path.name}: expected one .dist-info/METADATA, found {len(metadata)}")
        text = archive.read(metadata[0]).decode("utf-8")
    message = email.parser.HeaderParser().parsestr(text)
    return Wheel(path, canonicalize_name(name), version, tuple(message.get_all("Requires-Dist") or ()))


def wheels_in(folder: Path) -> dict[str, Wheel]:
    """Every wheel in ``folder`` by canonical project name (two versions of one project: an error)."""
    found: dict[str, Wheel] = {}
    for path in sorted(folder.glob("*.whl")):
        wheel = read_wheel(path)
        if wheel.name in found:
            raise BundleError(f"two wheels of {wheel.name}: {found[wheel.name].path.name}, {path.name}")
        found[wheel.name] = wheel
    return found


def unmet_requirements(wheels: dict[str, Wheel], root: str, environment: dict[str, str]) -> list[Unmet]:
    """What the target needs and the bundle lacks: the closure of ``root``'s requirements, markers
    evaluated in ``environment`` (extras followed: ``pkg[x]`` brings pkg's ``extra == "x"`` requirements)."""
    unmet, seen, queue = [], set(), [(canonicalize_name(root), "")]
    while queue:
        name, extra = queue.pop()
        if (name, extra) in seen or name not in wheels:
            continue
        seen.add((name, extra))
        for line in wheels[name].requires:
            requirement = Requirement(line)
            if requirement.marker and not requirement.marker.evaluate({**environment, "extra": extra}):
                continue
            if extra and not (requirement.marker and "extra" in str(requirement.marker)):
                continue  # already seen with no extra
            needed = canonicalize_name(requirement.name)
            have = wheels.get(needed)
            if have is None or not requirement.specifier.contains(have.version, prereleases=True):
                unmet.append(Unmet(name, requirement, have.version if have else None))
            queue.extend((needed, e) for e in ["", *sorted(requirement.extras)])
    return unmet


def _pip(*args: str) -> None:
    """Run pip (the user's own configuration: index, proxy, certificates); stop on failure."""
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    result = subprocess.run(command, text=True, capture_output=True)
    if result.returncode:
        raise BundleError(f"pip failed ({' '.join(args[:2])}):\n{result.stdout}{result.stderr}")


def _target_options(platform: str, python: str) -> list[str]:
    tag = "cp" + python.replace(".", "")
    return ["--only-binary=:all:", "--platform", platform, "--python-version", python,
            "--implementation", "cp", "--abi", tag]


def build_own_wheel(dest: Path) -> Path:
    """hikinet's wheel, built with ``pip wheel --no-deps`` from a copy of the source (no build/ in the repository)."""
    with tempfile.TemporaryDirectory(prefix="hikinet-source-") as temp:
        source = Path(temp) / "src"
        source.mkdir()
        for name in SOURCE_FILES:
            if (ROOT / name).is_file():
                shutil.copy2(ROOT / name, source / name)
        shutil.copytree(ROOT / SOURCE_PACKAGE, source / SOURCE_PACKAGE,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        _pip("wheel", "--no-deps", "--wheel-dir", str(dest), str(source))
    built = sorted(dest.glob("hikinet_graph-*.whl"))
    if len(built) != 1:
        raise BundleError(f"expected one hikinet wheel in {dest}, found {[p.name for p in built]}")
    return built[0]


def complete(folder: Path, platform: str, python: str, say=print) -> list[str]:
    """Download what the target's markers need and pip left out, until nothing is missing; the names fetched."""
    environment = target_environment(platform, python)
    fetched: list[str] = []
    for _ in range(MAX_ROUNDS):
        unmet = unmet_requirements(wheels_in(folder), PROJECT, environment)
        if not unmet:
            return fetched
        conflicts = [u for u in unmet if u.found is not None]
        if conflicts:
            raise BundleError("requirements the bundle's versions do not meet:\n" + "\n".join(map(str, conflicts)))
        wanted: dict[str, SpecifierSet] = {}
        for u in unmet:
            name = canonicalize_name(u.requirement.name)
            wanted[name] = wanted.get(name, SpecifierSet()) & u.requirement.specifier
        for name, specifier in sorted(wanted.items()):
            say(f"  {name}{specifier}: needed on {platform} (a marker pip evaluated for this machine)")
            _pip("download", "--no-deps", *_target_options(platform, python), "--dest", str(folder),
                 f"{name}{specifier}")
            fetched.append(name)
    raise BundleError(f"the dependency set did not settle after {MAX_ROUNDS} rounds")


def _render(name: str, values: dict[str, str]) -> str:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    if "{{" in text:
        raise BundleError(f"{name}: a placeholder was left unfilled")
    return text


def write_scripts(folder: Path, platform: str, python: str, version: str, wheels: int, zip_name: str) -> list[Path]:
    """The install script, the launcher and the instructions, for Windows (CRLF; .txt with a BOM for Notepad)
    or for Linux (LF)."""
    windows = platform.startswith("win")
    installer = WINDOWS_INSTALLERS.get(python)
    major, minor = python.split(".")
    values = {"VERSION": version, "PYTHON": python, "PY_MAJOR": major, "PY_MINOR": minor, "PLATFORM": platform,
              "WHEELS": str(wheels), "ZIP": zip_name,
              "INSTALLER_HINT": f"ファイル名は python-{installer}-amd64.exe です（{python} で Windows 用の"
                                "インストーラーがある最後の版）。" if installer else
                                f"ファイル名は python-{python}.N-amd64.exe です（N はいちばん大きい番号）。",
              "INSTALLER_HINT_EN": f"The file is python-{installer}-amd64.exe, the last {python} release with a "
                                   "Windows installer." if installer else
                                   f"Take the newest python-{python}.N-amd64.exe."}
    kind = "windows" if windows else "linux"
    files = {"はじめに.txt": f"はじめに-{kind}.txt", "README-offline.txt": f"README-offline-{kind}.txt"}
    files.update({"install.bat": "install.bat", "hikinet-report.bat": "hikinet-report.bat"} if windows else
                 {"install.sh": "install.sh", "hikinet-report.sh": "hikinet-report.sh"})
    written = []
    for target, template in files.items():
        text = _render(template, values)
        if target.endswith(".txt"):  # read on Windows too, whichever the bundle
            data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
        elif target.endswith(".bat"):  # no BOM: cmd would read it as part of "@echo off"
            data = text.replace("\n", "\r\n").encode("utf-8")
        else:
            data = text.encode("utf-8")
        (folder / target).write_bytes(data)
        written.append(folder / target)
    return written


def _zip(folder: Path, zip_path: Path) -> None:
    """``folder`` as a zip holding one top folder of the same name (scripts executable; wheels stored as they are)."""
    partial = zip_path.with_name(zip_path.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            info = zipfile.ZipInfo.from_file(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
            info.external_attr = (0o755 if path.suffix == ".sh" else 0o644) << 16
            info.compress_type = zipfile.ZIP_STORED if path.suffix == ".whl" else zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    os.replace(partial, zip_path)


def build_bundle(platform: str, python: str, out: Path, say=print) -> Bundle:
    """Build ``out/hikinet-offline-<platform>-py<python>.zip`` (see the module docstring)."""
    if not re.fullmatch(r"3\.\d+", python):
        raise BundleError(f"--python {python!r}: give major.minor, such as 3.12")
    _platform_values(platform)
    started = time.perf_counter()
    name = f"hikinet-offline-{platform}-py{python}"
    with tempfile.TemporaryDirectory(prefix="hikinet-bundle-") as temp:
        folder = Path(temp) / name
        wheels = folder / "wheels"
        wheels.mkdir(parents=True)
        say(f"{name}: hikinet's wheel")
        own = build_own_wheel(Path(temp) / "own")
        say(f"{name}: dependencies for {platform}, CPython {python}")
        # the wheel file itself, not the name: a project of that name on the index is never taken instead
        _pip("download", *_target_options(platform, python), "--dest", str(wheels), str(own))
        complete(wheels, platform, python, say)
        count = len(list(wheels.glob("*.whl")))
        version = str(read_wheel(own).version)
        write_scripts(folder, platform, python, version, count, f"{name}.zip")
        out.mkdir(parents=True, exist_ok=True)
        zip_path = out / f"{name}.zip"
        _zip(folder, zip_path)
    return Bundle(zip_path, count, zip_path.stat().st_size, time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    """The command line: build one bundle and say its size."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--platform", required=True, help="a wheel platform tag: win_amd64, manylinux2014_x86_64...")
    parser.add_argument("--python", required=True, help="the target's Python version, major.minor (3.12)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the zip goes (default: dist/)")
    args = parser.parse_args(argv)
    try:
        bundle = build_bundle(args.platform, args.python, args.out)
    except BundleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{bundle.zip_path}: {bundle.wheels} wheels, {bundle.size_mb:.1f} MB, built in {bundle.seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
