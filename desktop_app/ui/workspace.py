"""What the window needs of an open workspace, handed in by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop_app.services.container import Services


@dataclass(frozen=True)
class WorkspaceHandle:
    """An open workspace file: its services, how to load demo data into it, how to close it."""

    services: Services
    path: Path
    load_demo_data: Callable[[], None] | None
    close: Callable[[], None]


WorkspaceOpener = Callable[[Path, bool], WorkspaceHandle]
"""Opens the file at a path (creating it when the flag is true); raises DomainError."""
