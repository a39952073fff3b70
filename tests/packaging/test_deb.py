"""The built bundle and .deb: what they carry, and the package installed, started and removed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.config import DESKTOP_FILE_NAME, app_version
from tests.packaging.conftest import BUNDLE, DISPLAY_VARIABLES, SMOKE_LINE, App, xvfb_run

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the .deb is Linux's"),
]

INTERNAL = BUNDLE.parent / "_internal"
REQUIRED_XCB_PACKAGES = ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0")
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)


@pytest.fixture(scope="module")
def deb() -> Path:
    arch = run("dpkg", "--print-architecture").stdout.strip()
    path = BUNDLE.parents[1] / f"desktop-app_{app_version()}_{arch}.deb"
    if not path.is_file():
        pytest.fail(f"no package at {path}: run `bash packaging/linux/build.sh` first")
    return path


def test_the_bundle_carries_qt_plugins_icons_and_metadata():
    qt = INTERNAL / "PySide6" / "Qt"
    for needed in (
        qt / "plugins/platforms/libqxcb.so",
        qt / "plugins/platforms/libqwayland.so",
        qt / "plugins/platforms/libqoffscreen.so",
        qt / "plugins/iconengines/libqsvgicon.so",
        qt / "plugins/imageformats/libqsvg.so",
        qt / "plugins/xcbglintegrations/libqxcb-glx-integration.so",
        INTERNAL / "desktop_app/resources/icons" / f"{DESKTOP_FILE_NAME}.svg",
    ):
        assert needed.is_file(), needed
    # The package metadata, where --version reads the version (a dist-info or egg-info).
    assert list(INTERNAL.glob("desktop_app*-info"))


def test_the_bundle_leaves_out_what_is_unused_and_the_system_libraries():
    qt = INTERNAL / "PySide6" / "Qt"
    assert not (qt / "translations").exists()
    assert not (qt / "plugins/platforms/libqvnc.so").exists()
    assert not (INTERNAL / "pycountry/locales").exists()
    assert not list(INTERNAL.rglob("geodata"))
    bundled = {path.name for path in INTERNAL.iterdir()}
    for system_library in ("libX11.so.6", "libxcb.so.1", "libxcb-cursor.so.0", "libstdc++.so.6"):
        assert system_library not in bundled
    assert not [path for path in INTERNAL.iterdir() if path.is_symlink() and not path.exists()]


def test_the_package_declares_the_libraries_qt_needs(deb: Path):
    fields = run("dpkg-deb", "--field", str(deb), "Package", "Version", "Depends", "Recommends")
    assert fields.returncode == 0, fields.stderr
    info = dict(line.split(": ", 1) for line in fields.stdout.splitlines())

    assert info["Package"] == "desktop-app"
    assert info["Version"] == app_version()
    depends = {part.split()[0] for part in info["Depends"].split(", ")}
    for package in (*REQUIRED_XCB_PACKAGES, "libxcb1", "libxkbcommon0", "libfontconfig1", "libc6"):
        assert package in depends
    assert "libgtk-3-0" in info["Recommends"]


def test_the_package_lays_out_the_bundle_launcher_entry_metainfo_and_icons(deb: Path):
    listing = run("dpkg-deb", "--contents", str(deb))
    assert listing.returncode == 0, listing.stderr
    paths = {line.split()[5].removeprefix("."): line for line in listing.stdout.splitlines()}

    assert "/opt/desktop-app/desktop-app" in paths
    assert "-> /opt/desktop-app/desktop-app" in paths["/usr/bin/desktop-app"]
    assert f"/usr/share/applications/{DESKTOP_FILE_NAME}.desktop" in paths
    assert f"/usr/share/metainfo/{DESKTOP_FILE_NAME}.metainfo.xml" in paths
    assert f"/usr/share/icons/hicolor/scalable/apps/{DESKTOP_FILE_NAME}.svg" in paths
    for size in ICON_SIZES:
        assert f"/usr/share/icons/hicolor/{size}x{size}/apps/{DESKTOP_FILE_NAME}.png" in paths
    assert all(" root/root " in line for line in paths.values())


def _installed(package: str) -> bool:
    status = run("dpkg-query", "--show", "--showformat=${Status}", package)
    return status.returncode == 0 and "installed" in status.stdout.split()


@pytest.mark.skipif(os.geteuid() != 0, reason="dpkg -i needs root")
def test_dpkg_installs_the_package_which_starts_and_is_removed(deb: Path, tmp_path: Path):
    if _installed("desktop-app"):
        pytest.skip("a desktop-app package is installed on this machine already: left alone")
    installed = run("dpkg", "--install", str(deb))
    assert installed.returncode == 0, installed.stdout + installed.stderr
    try:
        launcher = shutil.which("desktop-app", path="/usr/bin")
        assert launcher == "/usr/bin/desktop-app"
        app = App("installed", (launcher,))

        offscreen = app.run("--smoke-test", env={"QT_QPA_PLATFORM": "offscreen"}, cwd=tmp_path)
        assert offscreen.returncode == 0, offscreen.stderr
        assert SMOKE_LINE.match(offscreen.stdout.strip()), offscreen.stdout

        if shutil.which("xvfb-run"):
            on_x = app.run("--smoke-test", unset=DISPLAY_VARIABLES, prefix=xvfb_run(), cwd=tmp_path)
            assert on_x.returncode == 0, on_x.stderr
            match = SMOKE_LINE.match(on_x.stdout.strip())
            assert match and match["platform"] == "xcb", on_x.stdout

        if shutil.which("desktop-file-validate"):
            entry = f"/usr/share/applications/{DESKTOP_FILE_NAME}.desktop"
            assert run("desktop-file-validate", entry).returncode == 0
    finally:
        removed = run("dpkg", "--purge", "desktop-app")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert not Path("/opt/desktop-app").exists()
    assert not Path("/usr/bin/desktop-app").exists()
