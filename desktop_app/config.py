"""Application names, default data paths and constants shared by every layer."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "Tier Accounts"
APP_ID = "desktop-app"
ORGANIZATION = "desktop-app"
DESKTOP_FILE_NAME = "io.github.desktop_app"
DATABASE_FILE_NAME = "workspace.sqlite"
BUSY_TIMEOUT_MS = 5000
BACKUPS_KEPT = 5


def default_data_dir() -> Path:
    """The folder in the user's data area that holds the workspace database."""
    from platformdirs import user_data_path

    return user_data_path(APP_ID, appauthor=False)


def default_database_path() -> Path:
    """The workspace database opened when no ``--db`` is given."""
    return default_data_dir() / DATABASE_FILE_NAME
