"""The ids of the wizard's pages, in the order they are shown."""

from __future__ import annotations

from enum import IntEnum


class PageId(IntEnum):
    """Keys of the wizard pages (``QWizard.setPage``); Next goes to the following id."""

    TYPE = 0
    PARENT = 1
    ACCOUNT_DATA = 2
    SUMMARY = 3
