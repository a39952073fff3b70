"""Drives connect-cli 41.0's own customer reader and writer offline (run in its own venv).

``python connect_cli_driver.py sync FILE ACCOUNTS.json OPERATOR HUBS`` opens FILE with
connect-cli's CustomerSynchronizer, runs it against a stand-in client that knows the accounts
in ACCOUNTS.json, and prints JSON: its counts, its row errors and the models it would send.
``python connect_cli_driver.py export OUT ACCOUNTS.json`` writes OUT with connect-cli's own
exporter from the Connect-shaped accounts in ACCOUNTS.json and prints the seconds it took.

Only connect-cli's public entry points are called; none of its code is copied here.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import uuid

from connect.client import ClientError


class _Collection:
    def __init__(self, items: list[dict]) -> None:
        self._items = items

    def count(self) -> int:
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def __getitem__(self, index: int) -> dict:
        return self._items[index]


class _Resource:
    def __init__(self, client: _Client, account_id: str) -> None:
        self._client = client
        self._id = account_id

    def get(self) -> dict:
        for account in self._client.accounts:
            if account["id"] == self._id:
                return account
        raise ClientError(f"{self._id} not found", 404)

    def update(self, model: dict) -> dict:
        self.get()
        self._client.updated.append(model)
        return {"id": self._id, "external_uid": model.get("external_uid", "")}


class _Accounts:
    def __init__(self, client: _Client) -> None:
        self._client = client

    def __getitem__(self, account_id: str) -> _Resource:
        return _Resource(self._client, account_id)

    def all(self) -> _Collection:
        return _Collection(self._client.accounts)

    def filter(self, query: object) -> _Accounts:
        match = re.fullmatch(r"eq\((\w+),(.*)\)", str(query))
        assert match, f"unexpected filter {query}"
        field, value = match.group(1), match.group(2)
        found = [a for a in self._client.accounts if str(a.get(field)) == value]
        return _Filtered(self._client, found)

    def create(self, model: dict) -> dict:
        account = {
            "id": f"TA-9{len(self._client.created):03d}-0000-0000",
            "external_id": model.get("external_id", ""),
            "external_uid": model.get("external_uid") or str(uuid.uuid4()),
        }
        self._client.created.append(model)
        self._client.accounts.append(account)
        return account


class _Filtered(_Accounts):
    def __init__(self, client: _Client, found: list[dict]) -> None:
        super().__init__(client)
        self._found = found

    def all(self) -> _Collection:
        return _Collection(self._found)


class _Namespace:
    def __init__(self, client: _Client) -> None:
        self.accounts = _Accounts(client)


class _Hubs:
    def __init__(self, hubs: list[str]) -> None:
        self._hubs = hubs

    def all(self) -> list[dict]:
        return [{"id": h, "instance": {"type": "API"}} for h in self._hubs]


class _Client:
    def __init__(self, accounts: list[dict], hubs: list[str]) -> None:
        self.accounts = accounts
        self.created: list[dict] = []
        self.updated: list[dict] = []
        self.hubs = _Hubs(hubs)

    def ns(self, name: str) -> _Namespace:
        assert name == "tier"
        return _Namespace(self)


def _sync(path: str, accounts_file: str, operator: str, hubs: str) -> None:
    from connect.cli.plugins.customer.sync import CustomerSynchronizer

    with open(accounts_file, encoding="utf-8") as handle:
        accounts = json.load(handle)
    client = _Client(accounts, [h for h in hubs.split(",") if h])
    synchronizer = CustomerSynchronizer(client, operator)
    synchronizer.open(path, "Customers")
    synchronizer.sync()
    synchronizer.save(path)
    stats = synchronizer.stats
    print(
        json.dumps(
            {
                "counts": stats.get_counts_as_dict(),
                "errors": list(stats._errors),
                "row_errors": {str(k): v for k, v in stats._row_errors.items()},
                "created": client.created,
                "updated": client.updated,
            }
        )
    )


def _export(out: str, accounts_file: str) -> None:
    from connect.cli.plugins.customer.export import dump_customers

    with open(accounts_file, encoding="utf-8") as handle:
        accounts = json.load(handle)
    client = _Client(accounts, [])
    started = time.perf_counter()
    dump_customers(client, "VA-000-000", os.path.abspath(out))
    print(json.dumps({"seconds": time.perf_counter() - started}))


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    if command == "sync":
        _sync(*arguments)
    elif command == "export":
        _export(*arguments)
    else:
        raise SystemExit(f"unknown command {command}")
