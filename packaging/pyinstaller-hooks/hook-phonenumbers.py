"""phonenumbers in the bundle: the number metadata, not the geocoding, carrier or time-zone data."""

from PyInstaller.utils.hooks import collect_submodules

UNUSED = {"geocoder", "geodata", "carrier", "carrierdata", "timezone", "tzdata"}


def _wanted(name: str) -> bool:
    parts = name.split(".")
    return len(parts) < 2 or parts[1] not in UNUSED


hiddenimports = collect_submodules("phonenumbers", filter=_wanted)
