"""Files damaged on purpose: a page overwritten, an index out of order, no tables, a bad CRC."""

from __future__ import annotations

import hashlib
import sqlite3
import struct
import zipfile
from pathlib import Path

from desktop_app.persistence.database import APPLICATION_ID

INDEX_LEAF_PAGE = 0x0A
"""The first byte of a b-tree page that holds index entries (SQLite's file format, 1.6)."""


def digest(path: Path) -> str:
    """The file's SHA-256: equal before and after means not a byte was written."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fold_wal(path: Path) -> None:
    """Write the ``-wal`` into the file and empty it, so the file alone holds the data."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def overwrite_page(path: Path, table: str = "tier_account") -> None:
    """Invert every byte of ``table``'s root page: reading that table fails as malformed."""
    fold_wal(path)
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    (root,) = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start : start + page_size] = bytes(b ^ 0xFF for b in data[start : start + page_size])
    path.write_bytes(bytes(data))


def index_out_of_order(path: Path) -> str:
    """Make the smallest key of an index on ``external_uid`` its largest; the index's name.

    Only SQLite's full ``integrity_check`` sees this; ``quick_check`` does not.
    """
    fold_wal(path)
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    (index,) = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index'"
        " AND tbl_name = 'tier_account' AND sql LIKE '%external_uid%' ORDER BY name LIMIT 1"
    ).fetchone()
    first = conn.execute("SELECT min(external_uid) FROM tier_account").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    key = first.encode()
    at = data.find(key)
    while at >= 0 and data[(at // page_size) * page_size] != INDEX_LEAF_PAGE:
        at = data.find(key, at + 1)  # the same text in a table row: not the index's entry
    assert at >= 0, "no index entry found"
    data[at] = ord("z")
    path.write_bytes(bytes(data))
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    conn.close()
    return str(index)


def marked_but_empty(path: Path, version: int) -> Path:
    """A SQLite file with this application's id and ``version`` but not one table."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path


def wrong_crc(path: Path, member: str) -> Path:
    """Give ``member`` of the zip at ``path`` a CRC-32 that does not match its bytes.

    Both the local header and the central directory say the same wrong value, so the zip
    opens and only reading the member fails ("Bad CRC-32").
    """
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    data = bytearray(path.read_bytes())
    wrong = struct.pack("<I", info.CRC ^ 0xFFFF)
    data[info.header_offset + 14 : info.header_offset + 18] = wrong
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        length = struct.unpack("<H", data[central + 28 : central + 30])[0]
        if data[central + 46 : central + 46 + length] == member.encode():
            data[central + 16 : central + 20] = wrong
            break
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path
