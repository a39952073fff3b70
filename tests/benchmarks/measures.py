"""The in-process measurements: search, sort, jump, writes and the Child Accounts tab."""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Final

from desktop_app.domain.accounts import AccountDraft
from desktop_app.domain.enums import AccountType
from desktop_app.persistence.dialect import is_postgres
from desktop_app.persistence.opening import Store
from desktop_app.services.container import Services
from desktop_app.services.queries import DirectoryColumn, DirectoryQuery, SortSpec
from tests.benchmarks.common import median, ms, say, timed

# A page of 200 rows, as the Directory's model read until 2026-12-04: four times what it reads
# now (50, desktop_app.ui.models.listing_table_model.PAGE_SIZE), kept so that the service-level
# figures compare with the earlier ones and err on the slow side.
DIRECTORY_PAGE: Final = 200
SEARCH_PASSES: Final = 3
SORT_REPEATS: Final = 3
JUMP_REPEATS: Final = 3
WRITES: Final = 30
CHILD_TAB_REPEATS: Final = 5


# -- search ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A search the benchmark types, one keystroke at a time (or pastes whole)."""

    field: str
    text: str
    pasted: bool = False

    def keystrokes(self) -> list[str]:
        """What the search box holds after each keystroke."""
        if self.pasted:
            return [self.text]
        return [self.text[:i] for i in range(1, len(self.text) + 1) if self.text[:i].strip()]


def fold(text: str) -> str:
    """Lower case, accents removed (an independent copy of the rule the README states)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_WORD: Final = re.compile(r"[^\W_]+")


def expected_rule(search: str) -> list[tuple[str, re.Pattern[str]]]:
    """The rule as regular expressions over the folded fields, one per whitespace term.

    A term's words must follow each other in the text, each starting a word, the last one
    by prefix; every term must match (none when the search has no word). Each comes with
    its first word, a quick substring check before the expression.
    """
    rule = []
    for term in search.split():
        words = _WORD.findall(fold(term))
        if words:
            body = r"[\W_]+".join(re.escape(w) for w in words)
            rule.append((words[0], re.compile(r"(?<![^\W_])" + body)))
    return rule


def brute_force_counts(store: Store, searches: list[str]) -> dict[str, int]:
    """How many live accounts each search must find, by reading every account's fields."""
    rules = {s: rule for s in searches if (rule := expected_rule(s))}
    counts = dict.fromkeys(searches, 0)
    scan = (
        "SELECT id, name, external_id, external_uid, email, city, tax_id FROM tier_account"
        " WHERE decommissioned_at IS NULL"
    )
    server = is_postgres(store.db)
    with store.db.atomic() if server else nullcontext():
        if server:  # a server-side cursor (in a transaction): not every row in memory at once
            cursor = store.db.connection().cursor(name="brute_force_counts")
            cursor.execute(scan)
        else:
            cursor = store.db.execute_sql(scan)
        while batch := cursor.fetchmany(20_000):
            for row in batch:
                text = fold(" ".join(p for p in row if p))
                for search, rule in rules.items():
                    if all(word in text and p.search(text) for word, p in rule):
                        counts[search] += 1
        cursor.close()
    return counts


def search_terms(store: Store) -> list[Term]:
    """Real values of two live accounts: one whose name has accents, one with a tax ID."""
    columns = "id, name, external_id, external_uid, email, city, tax_id"
    accented: tuple[Any, ...] | None = None
    # the first accounts written: the same on a file and a server seeded alike
    order = "ctid" if is_postgres(store.db) else "rowid"
    cursor = store.db.execute_sql(
        f"SELECT {columns} FROM tier_account WHERE decommissioned_at IS NULL"
        f" AND tax_id != '' ORDER BY {order} LIMIT 200000"
    )
    plain = cursor.fetchone()
    for row in cursor:
        word = str(row[1]).split()[0]
        if not word.isascii() and fold(word).isascii() and len(word) >= 4:
            accented = row
            break
    if plain is None or accented is None:
        raise RuntimeError("the workspace has no account to search for")
    word = str(accented[1]).split()[0]
    _id, name, external_id, uid, email, city, tax_id = plain
    two_words = " ".join(str(accented[1]).split()[:2])
    return [
        Term("name, with accents", word),
        Term("name, accents left out", fold(word)),
        Term("name, two words", two_words),
        Term("account ID", str(_id)),
        Term("external ID", str(external_id)),
        Term("external UID (pasted)", str(uid), pasted=True),
        Term("email", str(email)),
        Term("city", str(city)),
        Term("tax ID", str(tax_id)),
        Term("name", str(name).split()[0]),
    ]


@dataclass
class SearchFigures:
    """Keystroke times and counts of one run over the terms."""

    times: list[float]
    short_times: list[float]
    counts: dict[str, int]
    slowest: list[tuple[float, str, int]]
    by_length: dict[str, list[float]]
    per_text: dict[str, float]
    """Each text's median over the passes."""


def measure_search(
    services: Services, terms: list[Term], forget: Callable[[], None] | None = None
) -> SearchFigures:
    """Each keystroke: the count and the first page of the Directory's query (as it types).

    ``forget`` is called before each pass: the counts a repository keeps while nothing is
    written (a text typed again) then come from the earlier terms of the same pass only.
    """
    directory = services.directory
    times: list[float] = []
    short: list[float] = []
    counts: dict[str, int] = {}
    per_text: dict[str, list[float]] = {}
    by_length: dict[str, list[float]] = {}
    for _pass in range(SEARCH_PASSES):
        if forget is not None:
            forget()
        for term in terms:
            for text in term.keystrokes():
                query = DirectoryQuery(search=text.strip())

                def keystroke(query: DirectoryQuery = query) -> int:
                    listing = directory.accounts(query)
                    count = listing.count()
                    listing.fetch(0, DIRECTORY_PAGE)
                    return count

                seconds, count = timed(keystroke)
                times.append(seconds)
                if len(text.strip()) <= 2:
                    short.append(seconds)
                counts[text.strip()] = count
                by_length.setdefault(_length_bucket(len(text.strip())), []).append(seconds)
                per_text.setdefault(text.strip(), []).append(seconds)
    medians = {t: median(v) for t, v in per_text.items()}
    slowest = sorted(((m, t, counts[t]) for t, m in medians.items()), reverse=True)[:6]
    return SearchFigures(times, short, counts, slowest, by_length, medians)


def _length_bucket(length: int) -> str:
    if length <= 2:
        return "1-2 characters"
    if length <= 5:
        return "3-5 characters"
    return "6 or more"


# -- sort and jump ---------------------------------------------------------------------------


FILTERS: Final = (
    (None, ""),
    (AccountType.CUSTOMER, "customers: "),
    (AccountType.RESELLER, "resellers: "),
)
"""The Directory's type filter: all accounts, then each type (its label's prefix)."""


def measure_sort(services: Services) -> dict[str, float]:
    """First page of the Directory, of all or one type, sorted by each column both ways."""
    figures: dict[str, float] = {}
    for account_type, prefix in FILTERS:
        for column in DirectoryColumn:
            for descending in (False, True):
                listing = services.directory.accounts(
                    DirectoryQuery(type=account_type), SortSpec(column, descending)
                )
                runs = [
                    timed(partial(listing.fetch, 0, DIRECTORY_PAGE))[0] for _ in range(SORT_REPEATS)
                ]
                figures[f"{prefix}{column.value} {'desc' if descending else 'asc'}"] = median(runs)
    return figures


def measure_jump(services: Services, ahead: dict[str, float] | None = None) -> dict[str, float]:
    """Fetch of the page at a row far down, through the Directory's table model.

    Every column ascending over all accounts, then every column over each type (customers
    ascending, resellers descending), at the middle and at the end. Given ``ahead``, the
    model's listing first reads its keyset anchors ahead, as the window's reading thread does
    after each sort (the time that took goes into ``ahead``, by order), and the jumps are read
    from them.
    """
    from PySide6.QtCore import Qt

    from desktop_app.ui.models.account_table_model import AccountTableModel, Column

    figures: dict[str, float] = {}
    orders = (
        (None, "", Qt.SortOrder.AscendingOrder),
        (AccountType.CUSTOMER, "customers: ", Qt.SortOrder.AscendingOrder),
        (AccountType.RESELLER, "resellers: ", Qt.SortOrder.DescendingOrder),
    )
    for account_type, prefix, order in orders:
        for column in Column:
            direction = "asc" if order == Qt.SortOrder.AscendingOrder else "desc"
            for where in ("end", "middle"):
                runs, reading = [], []
                for _ in range(JUMP_REPEATS):
                    model = AccountTableModel(services.directory)
                    model.set_query(DirectoryQuery(type=account_type))
                    model.sort(column, order)
                    count = model.rowCount()  # counted when the view first asks; not the jump
                    step = model.listing.read_ahead
                    if ahead is not None and step is not None:
                        reading.append(timed(lambda step=step: _drain(step))[0])
                    row = count - 1 if where == "end" else count // 2
                    seconds, found = timed(partial(model.row_at, row))
                    if found is None:
                        raise RuntimeError(f"no row {row} in the directory ({prefix}{column})")
                    runs.append(seconds)
                    model.deleteLater()
                label = f"{prefix}{column.directory_column.value} {direction}"
                figures[f"{label}, {where}"] = median(runs)
                if ahead is not None and reading:  # read once, then kept by the repository
                    ahead[label] = max(ahead.get(label, 0.0), *reading)
    return figures


def _drain(step: Callable[[], bool]) -> None:
    while step():
        pass


# -- writes ----------------------------------------------------------------------------------


def _edit_candidates(store: Store, services: Services, wanted: int) -> list[str]:
    """Live customers on an editable hub that subscriptions link to products."""
    rows = store.db.execute_sql(
        "SELECT DISTINCT customer_id FROM subscription WHERE " + _one_in(store, 997, 13)
    ).fetchall()
    found = []
    for (account_id,) in rows:
        summary = services.accounts.summary(str(account_id))
        if summary.account.is_decommissioned or summary.hub_read_only:
            continue
        if not store.catalog.linked_products(summary.account.id):
            continue
        found.append(summary.account.id)
        if len(found) == wanted:
            break
    return found


def _one_in(store: Store, every: int, at: int) -> str:
    """A condition picking about one row in ``every``, the same rows at every run."""
    if is_postgres(store.db):  # no rowid; mod() as psycopg reads % as a placeholder
        return f"mod(abs(hashtext(id)), {every}) = {at}"
    return f"rowid % {every} = {at}"


def _parent_reseller(store: Store, services: Services, avoid: str | None) -> str:
    rows = store.db.execute_sql(
        "SELECT id FROM tier_account WHERE type = 'reseller' AND decommissioned_at IS NULL"
        f" AND {_one_in(store, 101, 7)} LIMIT 50"
    ).fetchall()
    for (account_id,) in rows:
        summary = services.accounts.summary(str(account_id))
        if not summary.hub_read_only and summary.account.id != avoid:
            return summary.account.id
    raise RuntimeError("no reseller to create customers under")


@dataclass
class WriteFigures:
    """Seconds per committed create and per committed edit."""

    creates: list[float]
    edits: list[float]
    requests: int


def measure_writes(store: Store, services: Services, avoid: str | None) -> WriteFigures:
    """Create customers and edit linked accounts through the services, each one committed."""
    from desktop_app.demo.randomizer import AccountRandomizer

    parent = _parent_reseller(store, services, avoid)
    randomizer = AccountRandomizer(int(time.time()))
    drafts = [
        randomizer.draft(country=country, account_type=AccountType.CUSTOMER, parent_id=parent)
        for country in ("DE", "US", "FR", "GB", "ES", "IT") * (WRITES // 6)
    ]
    creates = [timed(partial(services.accounts.create, d))[0] for d in drafts]
    edits: list[float] = []
    requests = 0
    stamp = time.strftime("%H%M%S")
    for number, account_id in enumerate(_edit_candidates(store, services, WRITES)):
        account = services.accounts.get(account_id)
        draft = replace(
            AccountDraft.from_data(account.data), address_line2=f"Benchmark edit {stamp}-{number}"
        )
        seconds, result = timed(
            partial(services.accounts.update, account.id, draft, expected_version=account.version)
        )
        if not result.changed or not result.requests:
            raise RuntimeError(f"the edit of {account_id} raised no request")
        requests += len(result.requests)
        edits.append(seconds)
    return WriteFigures(creates, edits, requests)


# -- the Child Accounts tab ------------------------------------------------------------------


@dataclass
class ChildTabFigures:
    """Tab switch to the first paint of the children table; and opening the account."""

    paint: list[float]
    open_view: list[float]
    count_label: str


def measure_child_tab(services: Services, account_id: str) -> ChildTabFigures:
    """Open the account's details, then time its Child Accounts tab until it has painted."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
    from PySide6.QtTest import QTest

    from desktop_app.ui.details.account_details_view import AccountDetailsView, Tab

    class PaintWatcher(QObject):
        def __init__(self, loop: QEventLoop) -> None:
            super().__init__()
            self.loop = loop
            self.painted_at: float | None = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and self.painted_at is None:
                QTimer.singleShot(0, self.done)
            return False

        def done(self) -> None:
            if self.painted_at is None:
                self.painted_at = time.perf_counter()
                self.loop.quit()

    paint: list[float] = []
    opened: list[float] = []
    label = ""
    for _ in range(CHILD_TAB_REPEATS):
        seconds, view = timed(lambda: AccountDetailsView(services, account_id))
        opened.append(seconds)
        view.resize(1280, 760)
        view.show()
        QTest.qWaitForWindowExposed(view)
        QTest.qWait(50)
        loop = QEventLoop()
        watcher = PaintWatcher(loop)
        view.children_table.viewport().installEventFilter(watcher)
        QTimer.singleShot(30_000, loop.quit)
        started = time.perf_counter()
        view.show_tab(Tab.CHILD_ACCOUNTS)
        loop.exec()
        if watcher.painted_at is None:
            raise RuntimeError("the Child Accounts table never painted")
        paint.append(watcher.painted_at - started)
        label = view.children_tab.count_label.text()
        view.children_table.viewport().removeEventFilter(watcher)
        view.close()
        view.deleteLater()
        QTest.qWait(10)
    return ChildTabFigures(paint, opened, label)


def describe(figures: dict[str, float]) -> list[str]:
    """``name: 1.2 ms`` lines, slowest first."""
    return [f"{k}: {ms(v)}" for k, v in sorted(figures.items(), key=lambda kv: -kv[1])]


def progress(text: str) -> Callable[[], None]:
    """Say what starts; the returned function says how long it took."""
    say(f"- {text}")
    started = time.perf_counter()
    return lambda: say(f"  done in {time.perf_counter() - started:.1f} s")
