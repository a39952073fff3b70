"""``desktop-app export`` and ``import``: accounts to and from a customers workbook or CSV.

Apart from the other commands because both open the workspace the same way, share the
exit statuses of a file exchange (a file that cannot be read is 2 on import, a refusal 1,
Ctrl+C 130) and print progress to stderr; the work itself is ``desktop_app.interop``'s.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Generator
from typing import TextIO

from desktop_app.domain.enums import AccountType
from desktop_app.domain.errors import DomainError, ExchangeFileError
from desktop_app.persistence.location import Location
from desktop_app.persistence.opening import open_store
from desktop_app.services.container import Services
from desktop_app.services.queries import DirectoryQuery


def run_exchange(location: Location, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``export`` or ``import`` on the workspace at ``location``; the command's exit status."""
    from desktop_app.interop.progress import Cancelled

    try:
        store = open_store(location, create=False, verify=True)
    except DomainError as exc:
        print(f"desktop-app: {exc.message}", file=err)
        return 2
    try:
        services = Services.over(store)
        if args.command == "export":
            return _export(services, args, out, err)
        return _import(services, args, out, err)
    except ExchangeFileError as exc:
        print(f"desktop-app: {exc.message}", file=err)
        return 2 if args.command == "import" else 1
    except DomainError as exc:
        print(f"desktop-app: {exc.message}", file=err)
        return 1
    except (Cancelled, KeyboardInterrupt):
        print("desktop-app: cancelled; nothing was written.", file=err)
        return 130
    finally:
        store.close()


def _progress_printer(what: str, err: TextIO) -> Callable[[int, int], bool]:
    last = [time.perf_counter()]

    def progress(done: int, total: int) -> bool:
        now = time.perf_counter()
        if now - last[0] >= 2.0:
            last[0] = now
            print(f"  {what}: {done:,}/{max(total, done):,} rows", file=err, flush=True)
        return True

    return progress


def _export(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from desktop_app.interop.export import ExportFormat, export_accounts

    query = DirectoryQuery(
        search=args.search,
        type=AccountType(args.type) if args.type else None,
        parent_id=args.parent,
    )
    fmt = ExportFormat(args.format) if args.format else ExportFormat.for_path(args.out)
    total = services.directory.count(query)
    accounts = services.directory.stream(query)
    try:
        report = export_accounts(accounts, total, args.out, fmt, _progress_printer("exported", err))
    finally:  # however the export ends: on a server the stream holds a transaction open
        if isinstance(accounts, Generator):
            accounts.close()
    print(
        f"Exported {report.accounts:,} account{'s' * (report.accounts != 1)} to {report.path} "
        f"({report.format.value}) in {report.seconds:.1f} s.",
        file=out,
    )
    return 0


def _import(services: Services, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from desktop_app.interop.importer import ImportMode
    from desktop_app.interop.writeback import ResultsTarget, import_writing_results

    mode = (
        ImportMode.PREVIEW
        if args.preview
        else ImportMode.VALID_ROWS
        if args.valid_rows
        else ImportMode.ALL_OR_NOTHING
    )
    target = ResultsTarget(args.results).path_for(args.path)
    report, written = import_writing_results(
        services, args.path, mode, _progress_printer("read", err), target
    )
    for issue in report.issues:
        column = f", {issue.column}" if issue.column else ""
        print(f"row {issue.row}{column}: {issue.message}", file=out)
    print(f"{args.path}: {report.summary()} ({report.seconds:.1f} s)", file=out)
    if isinstance(written, ExchangeFileError):
        print(f"desktop-app: {written.message}", file=err)
        return 1
    if written is not None:
        print(f"The new IDs and external UIDs were written to {written}.", file=out)
    if report.issues and mode is ImportMode.ALL_OR_NOTHING:
        print(
            "Nothing was written: correct the rows above, or import the valid rows only "
            "with --valid-rows.",
            file=out,
        )
    return 1 if report.issues else 0
