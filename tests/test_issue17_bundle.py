"""Issue 17: the offline bundle built by ``tools/build_bundle.py``.

Building needs PyPI: those tests are marked ``bundle`` and skipped, with the reason, when
PyPI cannot be reached (``-m "not bundle"`` leaves them out). Each bundle is built once
per session, into a temporary pip cache. The Linux bundle is installed with its own
``install.sh`` with no index reachable and run; the Windows bundle is proved complete by
pip's dry run and by its wheels' metadata read with Windows' markers (pip evaluates markers
on the machine it runs on, so the dry run alone cannot show it). The scripts and the
marker logic are checked without the network.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging import tags
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
CITY_B = ROOT / "data" / "city_b"


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_bundle", ROOT / "tools" / "build_bundle.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


builder = _load_builder()

WINDOWS = ("win_amd64", "3.12")
LINUX_PY = f"{sys.version_info.major}.{sys.version_info.minor}"  # the install test runs this interpreter
LINUX = ("manylinux2014_x86_64", LINUX_PY)
LINUX_311 = ("manylinux2014_x86_64", "3.11")  # the Linux bundle
# pip before 23.3 checks Requires-Python of `install --python-version` against the running interpreter (pip #12216)
PIP_WITH_TARGET_PYTHON = Version("23.3")
UNREACHABLE = "http://127.0.0.1:9/simple"


def clean_pip_env(**extra: str) -> dict[str, str]:
    """This process's environment without pip's settings, no pip configuration file, and ``extra``."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIP_", "HIKINET_")) and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "PIP_CONFIG_FILE": os.devnull, **extra}


# --------------------------------------------------------------------------- without the network

def fake_wheel(folder: Path, name: str, version_: str, *requires: str) -> None:
    dist = f"{name.replace('-', '_')}-{version_}"
    with zipfile.ZipFile(folder / f"{dist}-py3-none-any.whl", "w") as archive:
        metadata = [f"Metadata-Version: 2.1", f"Name: {name}", f"Version: {version_}"]
        archive.writestr(f"{dist}.dist-info/METADATA", "\n".join(metadata + [f"Requires-Dist: {r}" for r in requires]))


def test_unmet_requirements_follow_the_target_markers_and_extras(tmp_path):
    fake_wheel(tmp_path, "root", "1.0", 'winonly>=2; sys_platform == "win32"', "lib[fast]>=1",
               'linuxonly; sys_platform == "linux"', 'old; python_version < "3.12"')
    fake_wheel(tmp_path, "lib", "1.5", 'speedup; extra == "fast"', 'docs; extra == "docs"')
    fake_wheel(tmp_path, "winonly", "1.0")
    wheels = builder.wheels_in(tmp_path)
    windows = builder.unmet_requirements(wheels, "root", builder.target_environment("win_amd64", "3.12"))
    assert sorted(map(str, windows)) == ['lib needs speedup; extra == "fast": not in the bundle',
                                         'root needs winonly>=2; sys_platform == "win32": bundle has 1.0']
    linux = builder.unmet_requirements(wheels, "root", builder.target_environment("manylinux2014_x86_64", "3.11"))
    assert sorted(str(u.requirement.name) for u in linux) == ["linuxonly", "old", "speedup"]


def test_target_environment_is_the_target_not_this_machine():
    env = builder.target_environment("win_amd64", "3.12")
    assert {k: env[k] for k in ("sys_platform", "platform_system", "os_name", "platform_machine", "python_version",
                                "implementation_name", "platform_python_implementation", "extra")} == {
        "sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64",
        "python_version": "3.12", "implementation_name": "cpython", "platform_python_implementation": "CPython",
        "extra": ""}
    assert builder.target_environment("manylinux2014_x86_64", "3.11")["platform_machine"] == "x86_64"
    with pytest.raises(builder.BundleError):
        builder.target_environment("macosx_11_0_arm64", "3.12")


@pytest.fixture(scope="module")
def scripts(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """The scripts and instructions as a bundle holds them, for each platform."""
    written = {}
    for platform, python in (WINDOWS, LINUX_311):
        folder = tmp_path_factory.mktemp(platform)
        builder.write_scripts(folder, platform, python, "0.1.0", 33, "bundle.zip")
        written[platform] = {p.name: p.read_bytes() for p in folder.iterdir()}
    return written


def test_windows_launcher_is_a_thin_wrapper(scripts):
    data = scripts["win_amd64"]["hikinet-report.bat"]
    assert not data.startswith(b"\xef\xbb\xbf")  # a BOM would be read as part of "@echo off"
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF only
    lines = data.decode("utf-8").split("\r\n")
    assert lines[:3] == ["@echo off", "setlocal DisableDelayedExpansion", "chcp 65001 >nul"]
    call = [line for line in lines if "hikinet_graph.launch" in line and not line.startswith("rem")]
    assert call == ['"%~dp0venv\\Scripts\\python.exe" -m hikinet_graph.launch "%~1"']
    assert data.decode("utf-8").count("%~1") == 1  # the dropped path, passed once
    assert "if not \"%CODE%\"==\"0\" pause" in lines  # errors stay on screen until a key is pressed


@pytest.mark.parametrize("name", ["hikinet-report.bat", "install.bat"])
def test_batch_files_are_safe_for_cmd(scripts, name):
    text = scripts["win_amd64"][name].decode("utf-8")
    lines = text.split("\r\n")
    assert "chcp 65001 >nul" in lines[:3] and "setlocal DisableDelayedExpansion" in lines[:3]
    assert all(line.isascii() for line in lines[:lines.index("chcp 65001 >nul") + 1])
    assert not [line for line in lines if line.lower().startswith("rem") and "%" in line]  # rem expands % too
    assert not [line for line in lines if line.startswith("echo") and re.search(r"[&|<>]", line)]


def test_install_bat_uses_the_bundle_only(scripts):
    text = scripts["win_amd64"]["install.bat"].decode("utf-8")
    assert 'set "TARGET=%USERPROFILE%\\hikinet"' in text
    assert '--no-index --find-links "%HERE%wheels"' in text  # no trailing backslash before the quote
    assert "py -3.12 " in text and "(3, 12)" in text
    assert 'copy /y "%HERE%hikinet-report.bat" "%TARGET%\\hikinet-report.bat"' in text


@pytest.mark.parametrize("platform", ["win_amd64", "manylinux2014_x86_64"])
def test_instructions_open_in_notepad(scripts, platform):
    for name in ("はじめに.txt", "README-offline.txt"):
        data = scripts[platform][name]
        assert data.startswith(b"\xef\xbb\xbf") and b"\n" not in data.replace(b"\r\n", b"")
    guide = scripts["win_amd64"]["はじめに.txt"].decode("utf-8-sig")
    for step in ("python-3.12.10-amd64.exe", "Use admin privileges when installing py.exe", "Add python.exe to PATH",
                 "for all users", "すべて展開", "install.bat", "hikinet-report.bat", "_報告"):
        assert step in guide


def test_linux_scripts_are_posix_sh(scripts):
    for name in ("install.sh", "hikinet-report.sh"):
        data = scripts["manylinux2014_x86_64"][name]
        assert data.startswith(b"#!/bin/sh\n") and b"\r" not in data
        if shutil.which("sh"):
            assert subprocess.run(["sh", "-n"], input=data, capture_output=True).returncode == 0


# --------------------------------------------------------------------------- with PyPI

@pytest.fixture(scope="session")
def pypi() -> str:
    """PyPI's simple index, or a skip saying why it cannot be reached."""
    index = "https://pypi.org/simple/"
    try:
        with urllib.request.urlopen(index + "pip/", timeout=15) as response:
            response.read(1)
    except OSError as exc:
        pytest.skip(f"building the offline bundle needs PyPI, which cannot be reached here: {exc}")
    return index


@pytest.fixture(scope="session")
def pip_cache(tmp_path_factory, pypi) -> Path:
    return tmp_path_factory.mktemp("pip-cache")


def _build(platform: str, python: str, out: Path, cache: Path):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PIP_CACHE_DIR", str(cache))
        bundle = builder.build_bundle(platform, python, out, say=lambda message: None)
    print(f"\n{bundle.zip_path.name}: {bundle.wheels} wheels, {bundle.size_mb:.1f} MB, built in {bundle.seconds:.1f} s")
    folder = out / "unzipped"
    with zipfile.ZipFile(bundle.zip_path) as archive:
        archive.extractall(folder)
    return bundle, folder / bundle.zip_path.stem


@pytest.fixture(scope="session")
def windows_bundle(tmp_path_factory, pip_cache):
    return _build(*WINDOWS, tmp_path_factory.mktemp("windows"), pip_cache)


@pytest.fixture(scope="session")
def linux_bundle(tmp_path_factory, pip_cache):
    return _build(*LINUX, tmp_path_factory.mktemp("linux"), pip_cache)


@pytest.fixture(scope="session")
def linux_311_bundle(request, tmp_path_factory, pip_cache):
    if LINUX == LINUX_311:
        return request.getfixturevalue("linux_bundle")
    return _build(*LINUX_311, tmp_path_factory.mktemp("linux-311"), pip_cache)


@pytest.fixture(scope="session")
def target_pip(tmp_path_factory, pip_cache) -> list[str]:
    """A pip whose ``install --python-version`` checks Requires-Python against the target: this one, or a newer
    pip run from its wheel (pip's documented ``python pip.whl/pip``)."""
    if Version(version("pip")) >= PIP_WITH_TARGET_PYTHON:
        return [sys.executable, "-m", "pip"]
    folder = tmp_path_factory.mktemp("pip")
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--dest", str(folder),
                    "--cache-dir", str(pip_cache), f"pip>={PIP_WITH_TARGET_PYTHON}"], check=True, capture_output=True)
    return [sys.executable, str(next(folder.glob("pip-*.whl")) / "pip")]


def dry_run(pip: list[str], wheels: Path, platform: str, python: str, target: Path) -> subprocess.CompletedProcess:
    """The issue's check: pip resolves hikinet-graph from the bundle alone, for the target platform."""
    command = [*pip, "install", "--dry-run", "--no-index", "--find-links", str(wheels), "--platform", platform,
               "--python-version", python, "--only-binary=:all:", "--target", str(target), "hikinet-graph"]
    return subprocess.run(command, env=clean_pip_env(PIP_INDEX_URL=UNREACHABLE), capture_output=True, text=True)


def supported_tags(platform: str, python: str) -> set[tags.Tag]:
    version_ = tuple(map(int, python.split(".")))
    abi = "cp" + python.replace(".", "")
    if platform.startswith("manylinux"):  # manylinux2014 = manylinux_2_17: older glibc baselines run there too
        platforms = [f"manylinux_2_{minor}_x86_64" for minor in range(17, 4, -1)] + [
            "manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"]
    else:
        platforms = [platform]
    return set(tags.cpython_tags(version_, [abi], platforms)) | set(
        tags.compatible_tags(version_, abi, platforms))


@pytest.mark.bundle
@pytest.mark.parametrize("which", ["windows_bundle", "linux_bundle"])
def test_bundle_holds_scripts_and_wheels_for_its_platform(request, which):
    bundle, folder = request.getfixturevalue(which)
    platform, python = WINDOWS if which == "windows_bundle" else LINUX
    names = {p.name for p in folder.iterdir()}
    scripts = {"install.bat", "hikinet-report.bat"} if platform == "win_amd64" else {"install.sh", "hikinet-report.sh"}
    assert names == {"wheels", "はじめに.txt", "README-offline.txt", *scripts}
    wheels = sorted((folder / "wheels").glob("*.whl"))
    assert len(wheels) == bundle.wheels and any(w.name.startswith("hikinet_graph-") for w in wheels)
    supported = supported_tags(platform, python)
    assert not [w.name for w in wheels if not parse_wheel_filename(w.name)[3] & supported]
    print(f"\n{bundle.zip_path.name}: {len(wheels)} wheels, {bundle.size_mb:.1f} MB")


@pytest.mark.bundle
def test_windows_bundle_resolves_with_pip_dry_run(windows_bundle, target_pip, tmp_path):
    _, folder = windows_bundle
    result = dry_run(target_pip, folder / "wheels", *WINDOWS, tmp_path / "target")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Would install" in result.stdout and "hikinet-graph-" in result.stdout


@pytest.mark.bundle
def test_windows_bundle_meets_every_requirement_that_holds_on_windows(windows_bundle):
    """Every Requires-Dist of every wheel in the bundle whose marker holds on Windows (CPython 3.12) is met."""
    _, folder = windows_bundle
    windows = builder.target_environment(*WINDOWS)
    linux = builder.target_environment(*LINUX_311)
    wheels = {}
    for path in (folder / "wheels").glob("*.whl"):
        name, version_, _, _ = parse_wheel_filename(path.name)
        wheels[canonicalize_name(name)] = (version_, builder.read_wheel(path).requires)
    unmet, windows_only = [], []
    for name, (_, requires) in sorted(wheels.items()):
        for line in requires:
            requirement = Requirement(line)
            if requirement.marker and not requirement.marker.evaluate(windows):
                continue
            if requirement.marker and not requirement.marker.evaluate(linux):
                windows_only.append(f"{name}: {line}")
            have = wheels.get(canonicalize_name(requirement.name))
            if have is None or not requirement.specifier.contains(have[0], prereleases=True):
                unmet.append(f"{name} needs {line}; bundle has {have[0] if have else 'nothing'}")
    assert not unmet, "\n".join(unmet)
    assert windows_only, "no Windows-only requirement was met: the marker check proved nothing"
    print("\nWindows-only requirements met:", "; ".join(windows_only))


@pytest.mark.bundle
def test_linux_311_bundle_resolves_with_pip_dry_run(linux_311_bundle, target_pip, tmp_path):
    _, folder = linux_311_bundle
    result = dry_run(target_pip, folder / "wheels", *LINUX_311, tmp_path / "target")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.bundle
def test_linux_bundle_installs_offline_and_makes_a_report(linux_bundle, tmp_path):
    _, folder = linux_bundle
    home = tmp_path / "ホーム R&D"  # install.sh's default target: ~/hikinet
    home.mkdir()
    offline = clean_pip_env(PIP_NO_INDEX="1", PIP_INDEX_URL=UNREACHABLE, http_proxy=UNREACHABLE,
                            https_proxy=UNREACHABLE, HOME=str(home), PYTHON=sys.executable)
    started = time.perf_counter()
    install = subprocess.run(["sh", str(folder / "install.sh")], cwd=tmp_path, env=offline, capture_output=True,
                             text=True, timeout=600)
    print(f"\ninstall.sh: {time.perf_counter() - started:.1f} s")
    assert install.returncode == 0, install.stdout + install.stderr
    target = home / "hikinet"
    check = subprocess.run([str(target / "venv/bin/python"), "-m", "pip", "check"], env=offline,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr

    out = tmp_path / "報告 city_b"
    report = subprocess.run([str(target / "venv/bin/hikinet"), "report", str(CITY_B), "-o", str(out)], cwd=tmp_path,
                            env=offline, capture_output=True, text=True, timeout=600)
    assert report.returncode == 0, report.stderr
    assert (out / "index.html").is_file()

    data = shutil.copytree(CITY_B, tmp_path / "データ 100% ^!" / "city_b")
    launched = subprocess.run([str(target / "hikinet-report"), "--no-open", str(data)], cwd=tmp_path, env=offline,
                              capture_output=True, text=True, timeout=600)
    assert launched.returncode == 0, launched.stderr
    index = data.parent / "city_b_報告" / "index.html"
    assert launched.stdout.splitlines()[-1] == str(index) and index.is_file()
