"""Finds connect-cli 41.0 (installed in its own venv by the test command) and drives it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from desktop_app.domain.accounts import TierAccount
from desktop_app.domain.ids import NO_HUB_ID

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("connect_cli_driver.py")


def connect_cli_python() -> Path | None:
    """The interpreter of the venv holding connect-cli, None when it is not installed."""
    named = os.environ.get("CONNECT_CLI_PYTHON")
    candidates = [Path(named)] if named else []
    bin_dir = "Scripts" if sys.platform == "win32" else "bin"
    candidates.append(ROOT / ".venv-connect-cli" / bin_dir / "python")
    for candidate in candidates:
        if candidate.exists():
            probe = subprocess.run(
                [str(candidate), "-c", "import connect.cli.plugins.customer.sync"],
                capture_output=True,
                timeout=120,
            )
            if probe.returncode == 0:
                return candidate
    return None


def run_driver(python: Path, *arguments: str) -> dict[str, Any]:
    """Run the driver in connect-cli's venv; its last line of output, parsed.

    It runs in a temporary folder: connect-cli's export makes a folder named after the
    account (``VA-000-000/``) in the current one, even when given a file elsewhere. Give
    paths as absolute ones.
    """
    with tempfile.TemporaryDirectory(prefix="connect-cli-") as folder:
        done = subprocess.run(
            [str(python), str(DRIVER), *arguments],
            capture_output=True,
            text=True,
            timeout=1800,
            cwd=folder,
            env={**os.environ, "COLUMNS": "200", "TERM": "dumb"},
        )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def connect_shaped(account: TierAccount) -> dict[str, Any]:
    """The account as Connect's API returns it (empty values left out, as Connect does)."""
    data = account.data
    contact: dict[str, Any] = {
        "first_name": data.first_name,
        "last_name": data.last_name,
        "email": data.email,
    }
    if data.phone is not None:
        contact["phone_number"] = {
            "country_code": data.phone.country_code,
            "area_code": data.phone.area_code,
            "phone_number": data.phone.phone_number,
            "extension": data.phone.extension,
        }
    info = {
        "address_line1": data.address_line1,
        "address_line2": data.address_line2,
        "city": data.city,
        "state": data.state,
        "postal_code": data.postal_code,
        "country": data.country,
        "contact": contact,
    }
    shaped: dict[str, Any] = {
        "id": account.id,
        "type": data.type.value,
        "name": data.name,
        "external_uid": data.external_uid,
        "contact_info": {k: v for k, v in info.items() if v},
    }
    if data.external_id:
        shaped["external_id"] = data.external_id
    if data.tax_id:
        shaped["tax_id"] = data.tax_id
    if account.hub_id and account.hub_id != NO_HUB_ID:
        shaped["hub"] = {"id": account.hub_id}
    if data.parent_id:
        shaped["parent"] = {"id": data.parent_id}
    return shaped
