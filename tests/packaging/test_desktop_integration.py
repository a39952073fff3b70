"""The desktop entry, AppStream metainfo, app icon and version agree with the application."""

from __future__ import annotations

import configparser
import importlib.util
import re
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from importlib import metadata
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QGuiApplication, QImage

import desktop_app
from desktop_app.config import APP_ID, APP_NAME, DESKTOP_FILE_NAME, app_version
from desktop_app.ui import icons
from desktop_app.ui.application import missing_display, start_application
from tests.packaging.conftest import ROOT

LINUX = ROOT / "packaging" / "linux"
DESKTOP_FILE = LINUX / f"{DESKTOP_FILE_NAME}.desktop"
METAINFO = LINUX / f"{DESKTOP_FILE_NAME}.metainfo.xml"
ICON = ROOT / "desktop_app" / "resources" / "icons" / f"{DESKTOP_FILE_NAME}.svg"


def load_icons_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("icons_script", ROOT / "packaging" / "icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys keep their case
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_version_is_kept_in_the_package_and_the_metadata_copies_it():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "desktop_app.__version__"
    }
    assert app_version() == desktop_app.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", app_version())
    try:
        installed = metadata.version(APP_ID)
    except metadata.PackageNotFoundError:
        return  # a checkout that is not installed has no metadata to compare
    assert installed == app_version()


def test_the_desktop_entry_starts_the_console_script_with_the_app_icon():
    entry = desktop_entry()
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]

    assert entry["Name"] == APP_NAME
    assert entry["Exec"].split()[0] == APP_ID
    assert APP_ID in scripts
    assert entry["Icon"] == DESKTOP_FILE_NAME
    assert entry["StartupWMClass"] == APP_NAME  # the WM_CLASS class Qt's xcb plugin sets


def test_the_ids_in_the_packaging_files_are_the_desktop_file_name():
    assert load_icons_script().ICON_ID == DESKTOP_FILE_NAME
    for path in ("packaging/linux/build.sh", "packaging/windows/desktop-app.iss"):
        assert f"{DESKTOP_FILE_NAME}" in (ROOT / path).read_text(encoding="utf-8"), path


def test_the_metainfo_describes_this_application_and_version():
    component = ET.parse(METAINFO).getroot()

    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == DESKTOP_FILE_NAME
    assert component.findtext("name") == APP_NAME
    assert component.findtext("launchable") == f"{DESKTOP_FILE_NAME}.desktop"
    assert component.findtext("provides/binary") == APP_ID
    newest = component.find("releases/release")
    assert newest is not None
    assert newest.get("version") == app_version(), "add a <release> for the new version"


def test_desktop_file_validate_accepts_the_entry():
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate is missing (apt-get install desktop-file-utils)")
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP_FILE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout


def test_appstreamcli_accepts_the_metainfo():
    if shutil.which("appstreamcli") is None:
        pytest.skip("appstreamcli is missing (apt-get install appstream)")
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_icon_is_a_square_svg():
    root = ET.parse(ICON).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    _x, _y, width, height = (float(part) for part in root.get("viewBox", "").split())
    assert width == height


def test_the_application_gets_the_icon_and_the_desktop_file_name(qapp):
    icons.icon_path.cache_clear()
    app = start_application(["desktop-app"])

    assert app is qapp
    assert icons.icon_path(DESKTOP_FILE_NAME) == ICON
    assert not app.windowIcon().isNull()
    assert QGuiApplication.desktopFileName() == DESKTOP_FILE_NAME
    assert app.applicationVersion() == app_version()


def test_the_icon_script_writes_every_size_the_ico_and_the_icns(qapp, tmp_path: Path):
    script = load_icons_script()

    written = script.build(tmp_path)

    assert (tmp_path / "hicolor/scalable/apps" / f"{DESKTOP_FILE_NAME}.svg").read_bytes() == (
        ICON.read_bytes()
    )
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        image = QImage(str(tmp_path / f"hicolor/{size}x{size}/apps/{DESKTOP_FILE_NAME}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
    ico = (tmp_path / f"{DESKTOP_FILE_NAME}.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (reserved, kind, count) == (0, 1, len(script.ICO_SIZES))
    sides = [ico[6 + 16 * i] or 256 for i in range(count)]
    assert sides == sorted(script.ICO_SIZES)
    icns = (tmp_path / f"{DESKTOP_FILE_NAME}.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert struct.unpack_from(">I", icns, 4)[0] == len(icns)
    assert len(written) == 1 + 8 + 2


@pytest.mark.parametrize(
    ("environ", "platform", "missing"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"DISPLAY": ""}, "freebsd14", True),
        ({}, "win32", False),
        ({}, "darwin", False),
    ],
)
def test_missing_display(environ: dict[str, str], platform: str, missing: bool):
    reason = missing_display(environ, platform)
    assert (reason is not None) == missing


def test_the_icon_is_package_data_so_pip_installs_ship_it():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    patterns = setuptools["package-data"]["desktop_app"]
    package = ROOT / "desktop_app"
    shipped = {path for pattern in patterns for path in package.glob(pattern)}
    assert ICON in shipped
