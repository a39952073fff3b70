"""The Overview's figures (accounts, requests, weeks, reseller trees) and the rows behind each.

Every figure comes from the tallies triggers keep or from a grouped index read, never from a
scan of the accounts; :func:`read_overview` runs on any thread over any store (the window asks
on a connection of its own). Each figure says which Directory or Requests filter lists exactly
the rows it counts, so a click on a bar opens them and the counts agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Final

from desktop_app.domain.enums import AccountType, RequestStatus
from desktop_app.services.queries import DirectoryQuery

if TYPE_CHECKING:
    from desktop_app.services.ports import OverviewReads, Store

WEEKS: Final = 26
TOP_COUNTRIES: Final = 15
TOP_RESELLERS: Final = 10
OTHER: Final = "Other"


@dataclass(frozen=True)
class Figure:
    """One bar: what it says, how many, and which Directory or Requests rows it counts."""

    label: str
    value: int
    tip: str
    accounts: DirectoryQuery | None = None
    """The Directory's filter that lists exactly these accounts."""
    filter_label: str = ""
    """How the filter is named above the list ("Country: DE · Customers · live")."""
    request_status: RequestStatus | None = None
    product_id: str | None = None
    """With :attr:`request_status`: the Requests tab's filter of these requests."""

    @property
    def opens_requests(self) -> bool:
        """True when a click shows requests rather than accounts."""
        return self.accounts is None


@dataclass(frozen=True)
class Series:
    """One set of bars in a chart (e.g. the live customers by country)."""

    name: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Chart:
    """A chart's title, its series side by side, and a line under the title."""

    key: str
    title: str
    series: tuple[Series, ...]
    note: str = ""

    @property
    def total(self) -> int:
        """Every figure of every series added up."""
        return sum(f.value for s in self.series for f in s.figures)


@dataclass(frozen=True)
class Overview:
    """Every chart of the Overview tab, in order."""

    charts: tuple[Chart, ...] = field(default_factory=tuple)
    trees_read: bool = True
    """False when the reseller trees were not read this time (the previous ones still hold)."""
    structure: int | None = None
    """The checksum of where every account sits in the trees: the trees are read again only
    when it moved (an edit of a name or an address leaves it)."""

    def chart(self, key: str) -> Chart:
        """The chart called ``key``."""
        return next(c for c in self.charts if c.key == key)

    def with_trees_of(self, previous: Overview) -> Overview:
        """These figures with ``previous``'s trees chart, when the trees were not read."""
        if self.trees_read or not previous.charts:
            return self
        kept = {c.key: c for c in previous.charts}
        charts = tuple(kept.get(c.key, c) if c.key == TREES else c for c in self.charts)
        return Overview(charts, trees_read=True, structure=self.structure)


ACCOUNTS_BY_TYPE: Final = "accounts_by_type"
ACCOUNTS_BY_COUNTRY: Final = "accounts_by_country"
REQUESTS_BY_STATUS: Final = "requests_by_status"
PENDING_BY_PRODUCT: Final = "pending_by_product"
WEEKS_CHART: Final = "weeks"
TREES: Final = "trees"
TOP_PARENTS: Final = "top_parents"

_TYPE_LABELS: Final = {AccountType.CUSTOMER: "Customers", AccountType.RESELLER: "Resellers"}
_STATES: Final = (("live", False), ("deleted", True))


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _state_text(deleted: bool) -> str:
    return "deleted" if deleted else "live"


def _accounts(reads: OverviewReads) -> dict[tuple[bool, AccountType, str], int]:
    known = {t.value: t for t in AccountType}
    found: dict[tuple[bool, AccountType, str], int] = {}
    for key, value in reads.tallies("accounts"):
        state, kind, country = key.split("|", 2)
        if kind in known and value > 0:
            found[(state == "deleted", known[kind], country)] = value
    return found


def _by_type(counts: dict[tuple[bool, AccountType, str], int]) -> Chart:
    series = []
    for state, deleted in _STATES:
        figures = []
        for kind, label in _TYPE_LABELS.items():
            value = sum(v for (d, k, _c), v in counts.items() if d == deleted and k is kind)
            filter_label = f"{label} · {state}"
            figures.append(
                Figure(
                    label,
                    value,
                    f"{_plural(value, 'account')}: {label.lower()}, {state}",
                    DirectoryQuery(type=kind, deleted=deleted),
                    filter_label,
                )
            )
        series.append(Series(state.capitalize(), tuple(figures)))
    return Chart(ACCOUNTS_BY_TYPE, "Accounts by type", tuple(series))


def _by_country(counts: dict[tuple[bool, AccountType, str], int]) -> Chart:
    per_country: dict[str, int] = {}
    for (_d, _k, country), value in counts.items():
        per_country[country] = per_country.get(country, 0) + value
    ranked = sorted(per_country, key=lambda c: (-per_country[c], c))
    top, rest = ranked[:TOP_COUNTRIES], ranked[TOP_COUNTRIES:]
    series = []
    for state, deleted in _STATES:
        figures = []
        for country in top:
            value = sum(v for (d, _k, c), v in counts.items() if d == deleted and c == country)
            figures.append(
                Figure(
                    country,
                    value,
                    f"{_plural(value, 'account')} in {country}, {state}",
                    DirectoryQuery(country=country, deleted=deleted),
                    f"Country: {country} · {state}",
                )
            )
        if rest:
            value = sum(v for (d, _k, c), v in counts.items() if d == deleted and c in rest)
            figures.append(
                Figure(
                    OTHER,
                    value,
                    f"{_plural(value, 'account')} in {len(rest)} other countries, {state}",
                    DirectoryQuery(other_countries=tuple(top), deleted=deleted),
                    f"Country: not one of the top {len(top)} · {state}",
                )
            )
        series.append(Series(state.capitalize(), tuple(figures)))
    note = f"The {len(top)} countries with the most accounts" + (
        ", then the others" if rest else ""
    )
    return Chart(ACCOUNTS_BY_COUNTRY, "Accounts by country", tuple(series), note)


def _requests(reads: OverviewReads) -> Chart:
    counts = dict(reads.tallies("requests"))
    figures = tuple(
        Figure(
            status.value.capitalize(),
            int(counts.get(status.value, 0)),
            f"{_plural(int(counts.get(status.value, 0)), 'request')} {status.value}",
            request_status=status,
        )
        for status in RequestStatus
    )
    return Chart(
        REQUESTS_BY_STATUS, "Tier account requests by status", (Series("Requests", figures),)
    )


def _age(oldest: datetime | None, now: datetime) -> str:
    if oldest is None:
        return ""
    days = max(0, (now - oldest).days)
    return f"oldest {days:,} day{'' if days == 1 else 's'} old ({oldest:%Y-%m-%d})"


def _pending(reads: OverviewReads, now: datetime) -> Chart:
    counts = {k: v for k, v in reads.tallies("pending_product") if v > 0}
    ids = sorted(counts, key=lambda p: (-counts[p], p))
    names = reads.product_names(ids)
    oldest = reads.oldest_pending(ids)
    figures = tuple(
        Figure(
            names.get(pid, pid),
            counts[pid],
            f"{_plural(counts[pid], 'pending request')} for {names.get(pid, pid)} ({pid}); "
            + _age(oldest.get(pid), now),
            request_status=RequestStatus.PENDING,
            product_id=pid,
        )
        for pid in ids
    )
    return Chart(
        PENDING_BY_PRODUCT,
        "Pending requests by product",
        (Series("Pending", figures),),
        "With the age of each product's oldest pending request (in the tooltip)",
    )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weeks(reads: OverviewReads, today: date) -> Chart:
    latest = reads.latest_week()
    last = min(_monday(today), date.fromisoformat(latest)) if latest else _monday(today)
    first = last - timedelta(weeks=WEEKS - 1)
    series = []
    for name, word, field_name in (
        ("created_week", "Created", "created"),
        ("edited_week", "Edited", "edited"),
    ):
        counts = dict(reads.tallies(name))
        figures = []
        for i in range(WEEKS):
            start = first + timedelta(weeks=i)
            value = int(counts.get(start.isoformat(), 0))
            begin = datetime(start.year, start.month, start.day, tzinfo=UTC)
            end = begin + timedelta(weeks=1)
            query = (
                DirectoryQuery(created_from=begin, created_before=end)
                if field_name == "created"
                else DirectoryQuery(edited_from=begin, edited_before=end)
            )
            span = f"{start:%d %b %Y} – {(start + timedelta(days=6)):%d %b %Y}"
            verb = "created" if field_name == "created" else "last edited"
            figures.append(
                Figure(
                    f"{start:%d %b}",
                    value,
                    f"{_plural(value, 'live account')} {verb} in the week {span} (UTC)",
                    query,
                    f"{word} in the week of {start:%d %b %Y}",
                )
            )
        series.append(Series(word, tuple(figures)))
    note = f"Live accounts, {WEEKS} weeks to the week of {last:%d %b %Y} (the newest with a change)"
    return Chart(WEEKS_CHART, "Accounts created and edited per week", tuple(series), note)


def _top_parents(reads: OverviewReads) -> Chart:
    figures = tuple(
        Figure(
            name,
            children,
            f"{name} ({account_id}): {_plural(children, 'child account')}",
            DirectoryQuery(parent_id=account_id),
            f"Children of {name} ({account_id})",
        )
        for account_id, name, children in reads.top_parents(TOP_RESELLERS)
    )
    return Chart(TOP_PARENTS, "Resellers with the most children", (Series("Children", figures),))


def _trees(reads: OverviewReads) -> Chart:
    figures = []
    for root_id, name, depth, resellers in reads.deepest_trees(TOP_RESELLERS):
        size = reads.tree_size(root_id)
        figures.append(
            Figure(
                f"{depth} levels · {name}",
                size,
                f"{name} ({root_id}): {_plural(size, 'account')} under it, {depth} levels of"
                f" resellers, {_plural(resellers, 'reseller')} in all",
                DirectoryQuery(tree_of=root_id),
                f"Tree of {name} ({root_id})",
            )
        )
    return Chart(
        TREES,
        "Deepest reseller trees",
        (Series("Accounts in the tree", tuple(figures)),),
        "Deepest first; each bar counts the accounts under the direct reseller",
    )


def read_overview(
    reads: OverviewReads, now: datetime | None = None, *, trees: bool = True
) -> Overview:
    """Every figure of the Overview; the reseller trees only when ``trees`` (the dearest read)."""
    moment = now or datetime.now(UTC)
    counts = _accounts(reads)
    charts = [
        _by_type(counts),
        _by_country(counts),
        _requests(reads),
        _pending(reads, moment),
        _weeks(reads, moment.date()),
        _top_parents(reads),
        _trees(reads) if trees else Chart(TREES, "Deepest reseller trees", ()),
    ]
    structure = dict(reads.tallies("structure")).get("checksum", 0)
    return Overview(tuple(charts), trees_read=trees, structure=structure)


class OverviewService:
    """The Overview's figures of one workspace."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def read(self, now: datetime | None = None, *, trees: bool = True) -> Overview:
        """Every figure (see :func:`read_overview`)."""
        return read_overview(self._store.overview, now, trees=trees)
