"""Import a customers workbook or CSV: create and update accounts as the wizard does."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from desktop_app.domain.accounts import AccountDraft, TierAccount
from desktop_app.domain.enums import AccountType
from desktop_app.domain.errors import (
    ConflictError,
    DomainError,
    NotFoundError,
    RuleViolationError,
    Severity,
    StorageError,
    ValidationError,
)
from desktop_app.domain.ids import is_tier_account_id
from desktop_app.domain.text import quoted
from desktop_app.domain.validation import validate_draft
from desktop_app.interop import prevalidation
from desktop_app.interop.layout import (
    ACTION_CREATE,
    ACTION_SKIP,
    ACTION_UPDATE,
    CRITERIA_EXTERNAL_ID,
    CRITERIA_EXTERNAL_UID,
    CRITERIA_ID,
)
from desktop_app.interop.progress import STEP, ProgressCallback, keep_going
from desktop_app.interop.reading import ImportSource, SheetRow, open_source
from desktop_app.interop.row_uids import UidsAhead
from desktop_app.interop.rows import draft_from_cells, read_action, read_criteria, row_type
from desktop_app.interop.workbook_columns import (
    ACTION_CHOICES,
    CRITERIA_CHOICES,
    FIELD_HEADERS,
    HEADERS,
    cell_value,
    row_fields,
)
from desktop_app.services.container import Services

ROW_COLUMN = ""
"""The column of an issue about the whole row."""

_Issue = Callable[[str, str], None]
"""Records an error on a field (its name in :data:`FIELD_HEADERS`) of the current row."""


class ImportMode(StrEnum):
    """What an import run does with its rows."""

    PREVIEW = "preview"
    """Check every row as an import would, then write nothing."""
    ALL_OR_NOTHING = "all"
    """Write every row, or nothing when any row has an error."""
    VALID_ROWS = "valid"
    """Write the rows without errors and leave the others."""


class RowOutcome(StrEnum):
    """What happened to one row."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class RowIssue:
    """An error of one row: its number, the column's header (empty: the whole row), why."""

    row: int
    column: str
    message: str


@dataclass(frozen=True)
class RowResult:
    """A row that was (or, in a preview, would be) written, and the account it gave."""

    row: int
    outcome: RowOutcome
    account_id: str
    external_uid: str


@dataclass
class ImportReport:
    """What an import run found and did."""

    path: Path
    mode: ImportMode
    rows: int = 0
    skipped: int = 0
    results: list[RowResult] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)
    committed: bool = False
    seconds: float = 0.0

    def count(self, outcome: RowOutcome) -> int:
        """Rows with ``outcome``."""
        return sum(1 for r in self.results if r.outcome is outcome)

    @property
    def error_rows(self) -> int:
        """Rows with at least one error."""
        return len({i.row for i in self.issues})

    @property
    def written(self) -> int:
        """Rows created or updated (or that would be, in a preview)."""
        return sum(1 for r in self.results if r.outcome is not RowOutcome.UNCHANGED)

    def summary(self) -> str:
        """One line: what was (or would be) created, updated, skipped, refused."""
        parts = [
            f"{self.count(RowOutcome.CREATED):,} created",
            f"{self.count(RowOutcome.UPDATED):,} updated",
            f"{self.count(RowOutcome.UNCHANGED):,} unchanged",
            f"{self.skipped:,} skipped (action -)",
            f"{self.error_rows:,} with errors",
        ]
        head = f"{self.rows:,} row{'s' * (self.rows != 1)} read: {', '.join(parts)}"
        if not self.committed:  # a preview, or a refusal
            return f"{head}. Nothing was written."
        if self.issues:
            return f"{head} — the rows without errors were saved."
        return f"{head} — all saved."


class _RollBack(Exception):  # noqa: N818 - control flow, never shown
    """Leave the import's transaction without committing it."""


def import_file(
    services: Services,
    path: Path,
    mode: ImportMode = ImportMode.ALL_OR_NOTHING,
    progress: ProgressCallback | None = None,
    rows_done: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Read ``path`` and create/update its rows in one transaction.

    A preview, an all-or-nothing run with an error, and a cancelled run
    (:class:`~desktop_app.interop.progress.Cancelled`) write nothing. A file that cannot be
    read at all raises :class:`~desktop_app.domain.errors.ExchangeFileError`.
    ``rows_done`` is given the report once every row is through and the run is to commit,
    before the workspace's indexes catch up and the transaction commits (the report's
    ``committed`` tells afterwards whether it did).
    """
    started = time.perf_counter()
    source = open_source(Path(path))
    report = ImportReport(Path(path), mode)
    try:
        with services.accounts.batch(source.estimated_rows or 0):
            _run(services, source, report, progress)
            if mode is ImportMode.PREVIEW or (mode is ImportMode.ALL_OR_NOTHING and report.issues):
                raise _RollBack
            if rows_done is not None:
                rows_done(report)
            report.committed = True
    except _RollBack:
        report.committed = False
    report.seconds = time.perf_counter() - started
    return report


def _run(
    services: Services,
    source: ImportSource,
    report: ImportReport,
    progress: ProgressCallback | None,
) -> None:
    total = source.estimated_rows or 0
    keep_going(progress, 0, total)
    importer = _RowImporter(services)
    parallel = (source.estimated_rows or 0) >= prevalidation.PARALLEL_MIN_ROWS
    checked_rows = prevalidation.prevalidated(source, parallel)
    for row, checked in importer.uids_ahead.rows(checked_rows):
        report.rows += 1
        if report.rows % STEP == 0:
            keep_going(progress, report.rows, max(total, report.rows))
        if row.blank:
            report.issues.append(
                RowIssue(row.number, ROW_COLUMN, "The row is empty; delete it or fill it in.")
            )
            continue
        if row.problems:
            report.issues.extend(
                RowIssue(row.number, HEADERS[column], message) for column, message in row.problems
            )
            continue
        action = read_action(row.cells)
        if action == ACTION_SKIP:
            report.skipped += 1
            continue
        issues, result = importer.apply(row, action, checked)
        report.issues.extend(issues)
        if result is not None:
            report.results.append(result)
    keep_going(progress, report.rows, report.rows)


class _RowImporter:
    """Turns one row into a create or an update through the account service."""

    def __init__(self, services: Services) -> None:
        self._accounts = services.accounts
        self._derived_uids: dict[str, int] = {}
        """The external UIDs this run gave its create rows, and each one's row."""
        self.uids_ahead = UidsAhead(services.accounts)

    def apply(
        self, row: SheetRow, action: str, checked: prevalidation.Checked | None = None
    ) -> tuple[list[RowIssue], RowResult | None]:
        """Create or update the row's account; its errors, or what it gave.

        ``checked`` is the row's draft already validated in another process (create rows
        of large imports); everything that needs the workspace is still checked here.
        """
        cells = row_fields(row.cells)
        problems: list[RowIssue] = []

        def issue(field_name: str, message: str) -> None:
            problems.append(
                RowIssue(row.number, FIELD_HEADERS.get(field_name, ROW_COLUMN), message)
            )

        if action not in (ACTION_CREATE, ACTION_UPDATE):
            listed = ACTION_CHOICES.listed
            wrong = f"{quoted(action)} is not an action; use one of {listed}."
            issue("action", wrong if action else f"Choose an action: {listed}.")
            return problems, None
        account_type = row_type(cells)
        if account_type is None:
            shown = quoted(cells["type"]) if cells["type"].strip() else "empty"
            issue("type", f"The type must be customer or reseller, not {shown}.")
        parent_id = self._parent(cells, issue)
        account_id = cell_value(cells, "id")
        current: TierAccount | None = None
        if action == ACTION_CREATE and account_id:
            issue(
                "id",
                f"A create row must have no ID (it has {quoted(account_id)}); use update to "
                "change that account.",
            )
        if action == ACTION_UPDATE:
            current = self._current(account_id, issue)
        derived = ""
        if action == ACTION_CREATE and not cell_value(cells, "external_uid") and not problems:
            derived = self.uids_ahead.derived(row.number, cells)
            if self._imported_before(derived, row.number, issue):
                return problems, None
            cells = {**cells, "external_uid": derived}
        kind = account_type or AccountType.RESELLER
        if checked is not None and checked.data is not None and current is None and not problems:
            # validated in the other process: the service needs only what the workspace decides
            hub = cell_value(cells, "hub_id")
            draft = AccountDraft(type=kind, parent_id=parent_id, hub_id=hub or None)
        else:
            draft = draft_from_cells(cells, kind, parent_id, current)
        if problems:
            # the fields' own errors too, so that one look at the preview shows them all
            self._field_errors(draft, issue, {i.column for i in problems})
            return problems, None
        prepared = None
        if checked is not None and current is None:
            if checked.data is None:
                for found in checked.issues:
                    if found.severity is Severity.ERROR:
                        issue(found.field, found.message)
                return problems, None
            data = checked.data
            changes: dict[str, str | None] = {}
            if data.parent_id != parent_id:  # the parent is found here, in the workspace
                changes["parent_id"] = parent_id
            if derived and data.external_uid != derived:  # made there already, as a rule
                changes["external_uid"] = derived
            if changes:  # one copy: replace() costs ~10 µs a call
                data = replace(data, **changes)  # type: ignore[arg-type]
            prepared = (data, list(checked.issues))
        try:
            if current is None:
                saved = self._accounts.create(draft, checked=prepared)
                outcome = RowOutcome.CREATED
            else:
                saved = self._accounts.update(current.id, draft, refuse_older_versions=True)
                outcome = RowOutcome.UPDATED if saved.changed else RowOutcome.UNCHANGED
        except StorageError:
            raise  # the workspace itself failed: the whole import stops and rolls back
        except ValidationError as exc:
            for found in exc.issues:
                if found.severity is Severity.ERROR:
                    issue(found.field, found.message)
            return problems, None
        except RuleViolationError as exc:
            issue(exc.field or "", exc.message)
            return problems, None
        except (NotFoundError, ConflictError) as exc:
            issue("id", exc.message)
            return problems, None
        except DomainError as exc:
            issue("", exc.message)
            return problems, None
        account = saved.account
        return problems, RowResult(row.number, outcome, account.id, account.data.external_uid)

    def _imported_before(self, derived: str, number: int, issue: _Issue) -> bool:
        """True (with the row's error) when a create row's account exists already.

        The row's own external UID is made from its data, so a file imported again (after a
        crash left it without the new IDs, say) finds the accounts it made instead of
        creating them twice.
        """
        first = self._derived_uids.setdefault(derived, number)
        if first != number:
            issue("", f"This row repeats row {first} (the same account data); delete one of them.")
            return True
        owner = self._accounts.id_with_external_uid(derived)
        if owner is None:
            return False
        issue(
            "",
            f"This row was imported before: it made {owner}, whose ID did not reach the file. "
            f"Put {owner} in the ID column with action update (or - to skip the row); "
            "importing it again would make a second account.",
        )
        return True

    @staticmethod
    def _field_errors(draft: AccountDraft, issue: _Issue, reported: set[str]) -> None:
        try:
            validate_draft(draft)
        except ValidationError as exc:
            for found in exc.issues:
                column = FIELD_HEADERS.get(found.field, ROW_COLUMN)
                wanted = found.severity is Severity.ERROR and found.field != "parent_id"
                if wanted and column not in reported:
                    issue(found.field, found.message)

    def _current(self, account_id: str, issue: _Issue) -> TierAccount | None:
        if not account_id:
            issue("id", "An update row needs the ID of the account to change.")
            return None
        if not is_tier_account_id(account_id):
            issue("id", f"{quoted(account_id)} is not a tier account ID (TA-DDDD-DDDD-DDDD).")
            return None
        try:
            account = self._accounts.get(account_id)
        except NotFoundError:
            account = None
        if account is None or account.is_decommissioned:
            issue("id", f"There is no tier account {account_id} in this workspace.")
            return None
        return account

    def _parent(self, cells: dict[str, str], issue: _Issue) -> str | None:
        criteria = read_criteria(cells)
        value = cell_value(cells, "parent_id")
        if not criteria:
            if value:
                issue(
                    "parent_criteria",
                    "Say how to find the parent: id, external_id or external_uid.",
                )
            return None
        if criteria not in CRITERIA_CHOICES.values:
            issue(
                "parent_criteria",
                f"{quoted(criteria)} is not a search criteria; use one of "
                f"{CRITERIA_CHOICES.listed}.",
            )
            return None
        if not value:
            issue("parent_id", f"Give the parent's {criteria}.")
            return None
        if criteria == CRITERIA_ID:
            if not is_tier_account_id(value):
                issue("parent_id", f"{quoted(value)} is not a tier account ID (TA-DDDD-DDDD-DDDD).")
                return None
            return value
        if criteria == CRITERIA_EXTERNAL_ID:
            found = self._accounts.live_ids_with_external_id(value)
            if not found:
                issue("parent_id", f"No account has the external ID {quoted(value)}.")
                return None
            if len(found) > 1:
                issue(
                    "parent_id",
                    f"{len(found)}{'+' * (len(found) >= 10)} accounts have the "
                    f"external ID {quoted(value)}; find the parent by its id instead.",
                )
                return None
            return found[0]
        assert criteria == CRITERIA_EXTERNAL_UID
        owner = self._accounts.id_with_external_uid(value)
        if owner is None:
            issue("parent_id", f"No account has the external UID {quoted(value)}.")
            return None
        return owner
