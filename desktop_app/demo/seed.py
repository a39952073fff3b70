"""Reproducible demo data: a whole workspace written in bulk.

:func:`seed_workspace` adds to an open workspace a catalog (hubs, vendors, providers,
marketplaces, products) and ``accounts`` tier accounts in reseller trees, with their version
snapshots, subscriptions, fulfillment requests, tier configs, tier config requests and tier
account requests, all in one transaction.

The same ``random_seed`` and the same number of accounts give the same rows, byte for byte,
in an empty workspace: every random choice comes from generators seeded by ``random_seed``
(one for the catalog and the plan, one per batch of rows) and every time is a fixed base,
2024-01-01 UTC, plus an offset of up to two years.

Speed comes from drawing account values from pools made once up front (a few dozen coherent
drafts per country from :class:`AccountRandomizer`, topped up with faker's companies,
contacts and streets for large workspaces) and from writing plain row tuples with
``executemany``, made in each model's field order by
:func:`~desktop_app.persistence.model_rows.row_maker`: no validation, no domain objects and
no ``json.dumps`` per account. The texts derived per account (``search_text`` and the JSON
snapshot) are put together from pieces folded and escaped once per pool entry, so that they
come out exactly as :func:`desktop_app.persistence.mapping.search_text` and
:func:`~desktop_app.persistence.mapping.snapshot_json` write them. Large runs drop the
secondary indexes of the tables they fill and build them again at the end.
"""

from __future__ import annotations

import json
import random
import re
from array import array
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from itertools import accumulate
from time import perf_counter
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Final

from peewee import Database as PeeweeDatabase

from desktop_app.demo.randomizer import (
    AccountRandomizer,
    ascii_fold,
    curated_countries,
    locale_for,
    name_slug,
)
from desktop_app.domain.accounts import Phone
from desktop_app.domain.enums import (
    AccountType,
    Environment,
    FulfillmentStatus,
    FulfillmentType,
    HubInstanceType,
    OperatorRole,
    ProductStatus,
    RequestStatus,
    SubscriptionStatus,
    TierConfigRequestStatus,
    TierConfigRequestType,
    TierConfigStatus,
)
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.ids import NO_HUB_ID, tier_account_digits
from desktop_app.domain.requests import UNSUPPORTED_REASON
from desktop_app.domain.text import fold_for_search, has_control_characters, normalize_text
from desktop_app.domain.validation import MAX_LENGTHS, parse_phone, validate_draft
from desktop_app.persistence import models, search_index, sort_indexes, statistics, tallies
from desktop_app.persistence.bulk import BulkWriter
from desktop_app.persistence.dialect import is_postgres
from desktop_app.persistence.model_rows import row_maker
from desktop_app.persistence.opening import Store

if TYPE_CHECKING:
    from faker import Faker
    from peewee import Model

Progress = Callable[[str, int, int], None]

BASE_TIME: Final = datetime(2024, 1, 1, tzinfo=UTC)
SPAN_DAYS: Final = 730
DEMO_USER_NAME: Final = "Demo data"
# Rows are made and written this many accounts (or subscriptions, or tier configs) at a
# time, each batch from a random generator of its own: changing it changes the data.
BATCH: Final = 50_000
# From this many accounts (and at least as many as the workspace had), the secondary indexes
# of the tables filled are dropped and built again after the last row.
INDEXES_REBUILT_FROM: Final = 10_000

RESELLER_SHARE: Final = 0.12
# Of the resellers: direct (level 1), under a direct one (level 2), under those (level 3).
LEVEL_SHARES: Final = (0.5, 0.35, 0.15)
SAME_COUNTRY_AS_PARENT: Final = 0.85
OA_HUB_SHARE: Final = 0.04  # of the trees; children inherit the hub of their root
API_HUB_SHARE: Final = 0.40
DECOMMISSIONED_SHARE: Final = 0.03  # of the accounts without children
SUBSCRIBED_SHARE: Final = 0.65  # of the live customers
EDITED_SHARE: Final = 0.15  # of the accounts held by a subscription (they raise requests)
EDITED_UNLINKED_SHARE: Final = 0.02  # edited, but with no product to raise a request for
TAX_ID_SHARE: Final = 0.4
PHONE_EXTENSION_EVERY: Final = 8  # one pool phone in this many gets an extension variant
TIER_CONFIG_SHARE: Final = 0.7  # of the (reseller, product, level) triples subscriptions imply

_HOUR_US: Final = 3_600_000_000
_END_US: Final = SPAN_DAYS * 86_400_000_000
_DAY_PREFIXES: Final = tuple(
    (BASE_TIME + timedelta(days=d)).strftime("%Y-%m-%dT") for d in range(SPAN_DAYS + 1)
)
_CLOCK: Final = tuple(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86_400))

_HUBS: Final = (
    ("Connect API Hub Europe", HubInstanceType.API),
    ("Connect API Hub Americas", HubInstanceType.API),
    ("CloudBlue Commerce Production", HubInstanceType.OA),
)
_VENDOR_NAMES: Final = (
    "Northwind Software",
    "Contoso Cloud Services",
    "Fabrikam Security",
    "Tailspin Analytics",
    "Litware Systems",
    "Adventure Works Digital",
)
_PROVIDER_NAMES: Final = (
    "Blue Channel Distribution",
    "Meridian IT Supply",
    "Atlas Cloud Partners",
    "Summit Technology Distribution",
    "Harbor Lane Trading",
)
# Name, currency and countries of each marketplace (only countries with a pool stay).
_MARKETPLACES: Final = (
    ("Eurozone", "EUR", ("AT", "BE", "DE", "ES", "FI", "FR", "IE", "IT", "NL", "PT")),
    ("United Kingdom", "GBP", ("GB",)),
    ("Rest of Europe", "EUR", ("CH", "CZ", "DK", "NO", "PL", "SE")),
    ("North America", "USD", ("US", "CA")),
    ("Latin America", "USD", ("BR", "MX")),
    ("Asia Pacific and Africa", "USD", ("AU", "NZ", "JP", "IN", "KE")),
    ("Global Cloud", "USD", ()),  # every country
)
# Name, Tier Accounts Sync, reseller authorization level, status.
_PRODUCTS: Final = (
    ("Cloud Mail Pro", True, 1, ProductStatus.PUBLISHED),
    ("Secure Backup", False, 0, ProductStatus.PUBLISHED),
    ("Team Chat", True, 2, ProductStatus.PUBLISHED),
    ("Endpoint Protection", True, 0, ProductStatus.PUBLISHED),
    ("Office Suite Online", True, 1, ProductStatus.PUBLISHED),
    ("Virtual Desktop", True, 1, ProductStatus.ENDOFSALE),
    ("CRM Essentials", False, 2, ProductStatus.PUBLISHED),
    ("Data Warehouse", True, 0, ProductStatus.DRAFT),
    ("Web Hosting Classic", False, 0, ProductStatus.ENDOFSALE),
    ("Identity Manager", False, 2, ProductStatus.DRAFT),
)
_COUNTRY_WEIGHTS: Final[dict[str, int]] = {
    "US": 20,
    "DE": 10,
    "GB": 8,
    "FR": 6,
    **dict.fromkeys(("ES", "IT", "NL", "CA", "AU", "IN"), 4),
    **dict.fromkeys(("PL", "JP", "BR", "MX"), 3),
    **dict.fromkeys(("AT", "BE", "CH", "SE"), 2),
}
_ENVIRONMENTS: Final = (
    Environment.PRODUCTION.value,
    Environment.TEST.value,
    None,
    Environment.PREVIEW.value,
)
_ENVIRONMENT_CUM: Final = tuple(accumulate((80, 12, 5, 3)))
_SUBSCRIPTION_STATUSES: Final = tuple(
    s.value
    for s in (
        SubscriptionStatus.ACTIVE,
        SubscriptionStatus.TERMINATED,
        SubscriptionStatus.SUSPENDED,
        SubscriptionStatus.PROCESSING,
        SubscriptionStatus.DRAFT,
        SubscriptionStatus.TERMINATING,
    )
)
_SUBSCRIPTION_CUM: Final = tuple(accumulate((60, 14, 8, 8, 5, 5)))
_TERMINATED: Final = _SUBSCRIPTION_STATUSES.index(SubscriptionStatus.TERMINATED.value)
_TIER_CONFIG_STATUSES: Final = (
    TierConfigStatus.ACTIVE.value,
    TierConfigStatus.PROCESSING.value,
    TierConfigStatus.DRAFT.value,
)
_TIER_CONFIG_CUM: Final = tuple(accumulate((75, 15, 10)))
_IGNORE_REASONS: Final = (
    "The address does not match the one in our records.",
    "Duplicate of an account we already have; please merge them first.",
    "The contact's email bounced; please confirm it with the customer.",
    "The tax ID could not be verified.",
    "Change the account in the commerce system first, then edit it here again.",
)
# Legal-form words and joiners left out of a domain made from a company name.
_DOMAIN_NOISE: Final = frozenset(
    (
        *("ab", "ag", "and", "aps", "as", "asa", "bv", "co", "corp", "de", "et", "gmbh"),
        *("inc", "kg", "llc", "ltd", "limited", "me", "nv", "oy", "plc", "pty", "sa"),
        *("sarl", "sas", "sl", "spa", "sp", "srl", "sro", "und", "vof", "zoo", "e"),
    )
)
_PENDING: Final = RequestStatus.PENDING.value
_ACCEPTED: Final = RequestStatus.ACCEPTED.value
_IGNORED: Final = RequestStatus.IGNORED.value
_UNSUPPORTED: Final = RequestStatus.UNSUPPORTED.value

_BULK_MODELS: Final = (
    models.TierAccount,
    models.TierAccountVersion,
    models.TierAccountRequest,
    models.Subscription,
    models.FulfillmentRequest,
    models.TierConfig,
    models.TierConfigRequest,
)
_UUID_CLEAR: Final = ~((0xF000 << 64) | (0xC000 << 48))
_UUID_SET: Final = (0x4000 << 64) | (0x8000 << 48)


@dataclass(frozen=True)
class SeedReport:
    """What :func:`seed_workspace` wrote."""

    accounts: int
    resellers: int
    customers: int
    subscriptions: int
    fulfillment_requests: int
    tier_configs: int
    tier_config_requests: int
    tier_account_requests: int
    seconds: float


def seed_workspace(
    store: Store,
    accounts: int,
    *,
    random_seed: int = 0,
    progress: Progress | None = None,
) -> SeedReport:
    """Add a demo catalog and ``accounts`` tier accounts with all that hangs off them.

    Works on an empty workspace and on one that holds data already: new ids never collide
    with existing ones, and the demo user ("Demo data") is reused when there is one.
    Everything is written in one transaction (nothing at all when something fails);
    ``progress(stage, done, total)`` is called between batches.
    """
    if accounts < 0:
        raise ValueError(f"The number of accounts cannot be negative ({accounts}).")
    started = perf_counter()
    report = progress or _no_progress
    rng = random.Random(random_seed)
    report("pools", 0, 1)
    pools = _pools(rng.getrandbits(64), _draft_count(accounts), _extra_count(accounts))
    if not pools:
        raise RuntimeError("No country to make demo accounts for: faker has none of its locales.")
    report("pools", 1, 1)
    with store.write():
        result = _fill(store.db, _Seeder(rng, pools), accounts, report)
    if statistics.worth_refreshing(accounts):
        report("statistics", 0, 1)
        store.refresh_statistics(thorough=True)
        report("statistics", 1, 1)
    return replace(result, seconds=perf_counter() - started)


def _no_progress(stage: str, done: int, total: int) -> None:
    """Progress is not reported."""


# -- pools ---------------------------------------------------------------------------------


def _draft_count(accounts: int) -> int:
    """Coherent drafts made per country: the pools of localities, phones and tax ids."""
    return min(40, 8 + accounts // 5000)


def _extra_count(accounts: int) -> int:
    """Companies, contacts and streets added per country with faker, for large workspaces."""
    extra = min(250, accounts // 400)
    return extra if extra >= 20 else 0


def _json(text: str) -> str:
    """``text`` as a JSON string literal, as ``snapshot_json`` writes it."""
    return json.dumps(text, ensure_ascii=False)


def _squash(text: object) -> str:
    return " ".join(normalize_text(str(text)).split())


def _clean(text: str, field: str) -> bool:
    return bool(text) and len(text) <= MAX_LENGTHS[field] and not has_control_characters(text)


# Company: name, name as JSON, folded name, email domain, folded domain, domain escaped.
Company = tuple[str, str, str, str, str, str]
# Person: first name, last name, email local part, '"first_name": …, "last_name": …',
# folded local part, local part escaped.
Person = tuple[str, str, str, str, str, str]
# Street: line 1, line 2, '"address_line1": …, "address_line2": …'.
Street = tuple[str, str, str]
# Locality: city, state, postal code, tax id, '"city": …, "country": …', the JSON from
# "postal_code" to "tax_id" with the tax id and without it, folded city, folded tax id.
Locality = tuple[str, str, str, str, str, str, str, str, str]
# Phone: country code, area code, number, extension, the phone as JSON.
PhoneParts = tuple[str, str, str, str, str]
_NO_PHONE: Final[PhoneParts] = ("", "", "", "", "null")


@dataclass(frozen=True)
class _CountryPool:
    code: str
    companies: tuple[Company, ...]
    persons: tuple[Person, ...]
    streets: tuple[Street, ...]
    localities: tuple[Locality, ...]
    phones: tuple[PhoneParts, ...]


def _company(name: str, domain: str) -> Company:
    folded = fold_for_search(domain)
    return (name, _json(name), fold_for_search(name), domain, folded, _json(domain)[1:-1])


def _person(first: str, last: str, local: str) -> Person:
    fragment = f'"first_name": {_json(first)}, "last_name": {_json(last)}'
    return (first, last, local, fragment, fold_for_search(local), _json(local)[1:-1])


def _street(line1: str, line2: str) -> Street:
    return (line1, line2, f'"address_line1": {_json(line1)}, "address_line2": {_json(line2)}')


def _locality(country: str, city: str, state: str, postal: str, tax_id: str) -> Locality:
    head = f'"city": {_json(city)}, "country": {_json(country)}'
    tail = f'"postal_code": {_json(postal)}, "state": {_json(state)}, "tax_id": '
    return (
        city,
        state,
        postal,
        tax_id,
        head,
        tail + _json(tax_id),
        tail + '""',
        fold_for_search(city),
        fold_for_search(tax_id),
    )


def _phone(phone: Phone) -> PhoneParts:
    text = json.dumps(vars(phone), ensure_ascii=False, sort_keys=True)
    return (phone.country_code, phone.area_code, phone.phone_number, phone.extension, text)


_FAKERS: dict[str, Faker] = {}


def _faker(locale: str) -> Faker:
    """One Faker per locale and process (making one takes tens of milliseconds)."""
    fake = _FAKERS.get(locale)
    if fake is None:
        from faker import Faker

        fake = _FAKERS[locale] = Faker(locale)
    return fake


def _domain_label(company: str, german: bool) -> str:
    """A DNS label from a company name: ``Müller & Söhne GmbH`` → ``mueller-soehne``."""
    words = re.findall(r"[a-z0-9]+", ascii_fold(company, german=german).lower())
    label = ""
    for word in (w for w in words if len(w) > 1 and w not in _DOMAIN_NOISE):
        candidate = f"{label}-{word}" if label else word
        if len(candidate) > 40:
            break
        label = candidate
    return label


@lru_cache(maxsize=8)
def _pools(seed: int, drafts: int, extras: int) -> tuple[_CountryPool, ...]:
    """Per country, values to combine, each validated, folded and JSON-escaped once."""
    rng = random.Random(seed)
    randomizer = AccountRandomizer(rng.getrandbits(64))
    pools = []
    for code in curated_countries():
        companies: list[Company] = []
        persons: list[Person] = []
        streets: list[Street] = []
        localities: list[Locality] = []
        phones: list[PhoneParts] = []
        for _ in range(drafts):
            draft = randomizer.draft(country=code, account_type=AccountType.RESELLER)
            try:
                data, _issues = validate_draft(draft)
            except ValidationError:  # a draft the randomizer got wrong: left out
                continue
            local, _, domain = data.email.rpartition("@")
            companies.append(_company(data.name, domain))
            persons.append(_person(data.first_name, data.last_name, local))
            streets.append(_street(data.address_line1, data.address_line2))
            localities.append(_locality(code, data.city, data.state, data.postal_code, data.tax_id))
            if data.phone is not None:
                phones.append(_phone(data.phone))
                if len(phones) % PHONE_EXTENSION_EVERY == 0:
                    text = f"{data.phone.editable()} ext. {rng.randint(10, 999)}"
                    phones.append(_phone(parse_phone(text, code)))
        if not companies:
            continue
        if extras:
            _add_faker_extras(code, extras, rng, companies, persons, streets)
        pools.append(
            _CountryPool(
                code,
                tuple(companies),
                tuple(persons),
                tuple(streets),
                tuple(localities),
                tuple(phones),
            )
        )
    return tuple(pools)


def _add_faker_extras(
    code: str,
    count: int,
    rng: random.Random,
    companies: list[Company],
    persons: list[Person],
    streets: list[Street],
) -> None:
    """More companies, contacts and streets for ``code``.

    Only names that give an ASCII email (Latin script) are taken; the top-level domain is
    the one the randomizer used for the country.
    """
    locale = locale_for(code)
    german = locale.startswith("de")
    tld = companies[0][3].partition(".")[2]
    fake = _faker(locale)
    fake.seed_instance(rng.getrandbits(64))
    for _ in range(count):
        name = _squash(fake.company())
        label = _domain_label(name, german)
        if label and tld and _clean(name, "name"):
            companies.append(_company(name, f"{label}.{tld}"))
        first, last = _squash(fake.first_name()), _squash(fake.last_name())
        f, la = name_slug(first, german=german), name_slug(last, german=german)
        if f and la and _clean(first, "first_name") and _clean(last, "last_name"):
            local = (f"{f}.{la}", f"{f[0]}.{la}", f"{f}{la}")[rng.randrange(3)]
            persons.append(_person(first, last, local))
        line = str(fake.street_address()).splitlines()[0]
        line = re.sub(r"\s+([,.;:])", r"\1", _squash(line)).strip(" ,")
        if _clean(line, "address_line1"):
            streets.append(_street(line, ""))


# -- values --------------------------------------------------------------------------------


def _time(offset_us: int) -> str:
    """``BASE_TIME`` plus ``offset_us`` microseconds, as ``to_db_time`` writes it."""
    seconds, micros = divmod(offset_us, 1_000_000)
    day, seconds = divmod(seconds, 86_400)
    return f"{_DAY_PREFIXES[day]}{_CLOCK[seconds]}.{micros:06d}Z"


def _uuid4(bits: int) -> str:
    """``str(uuid.UUID(int=bits, version=4))``, several times faster."""
    h = f"{(bits & _UUID_CLEAR) | _UUID_SET:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _fresh_ids(
    rng: random.Random,
    count: int,
    space: int,
    make: Callable[[int], str],
    taken: set[str],
    used: set[int] | None = None,
) -> list[str]:
    """``count`` new ids, ``make`` of distinct numbers below ``space``, none in ``taken``.

    Numbers in ``used`` are not drawn, and the new ones are added to it (to share it between
    calls). The ids come sorted, so that rows go into their primary key's B-tree in order.
    """
    rnd = rng.random
    used = set() if used is None else used
    mark = used.add
    numbers: list[int] = []
    keep = numbers.append
    while len(numbers) < count:
        number = int(rnd() * space)
        if number in used:
            continue
        mark(number)
        if taken and make(number) in taken:
            continue
        keep(number)
    numbers.sort()
    return [make(number) for number in numbers]


def _four_groups(prefix: str) -> Callable[[int], str]:
    def make(n: int) -> str:
        digits = f"{n:012d}"
        return f"{prefix}-{digits[:4]}-{digits[4:8]}-{digits[8:]}"

    return make


def _three_groups(prefix: str) -> Callable[[int], str]:
    def make(n: int) -> str:
        digits = f"{n:09d}"
        return f"{prefix}-{digits[:3]}-{digits[3:6]}-{digits[6:]}"

    return make


def _two_groups(prefix: str) -> Callable[[int], str]:
    def make(n: int) -> str:
        digits = f"{n:06d}"
        return f"{prefix}-{digits[:3]}-{digits[3:]}"

    return make


def _hub_id(n: int) -> str:
    return f"HB-{n // 10_000:04d}-{n % 10_000:04d}"


def _marketplace_id(n: int) -> str:
    return f"MP-{n:05d}"


def _spread(rnd: Callable[[], float], start: int, end: int, count: int) -> list[int]:
    """``count`` increasing times in ``[start, end)`` (microsecond offsets)."""
    width = max(end - start - count, 1)
    times = sorted(start + int(rnd() * width) for _ in range(count))
    return [t + i for i, t in enumerate(times)]


def _plain(enum: type[StrEnum]) -> SimpleNamespace:
    """An enum's values as plain strings under the members' names (quicker to bind)."""
    return SimpleNamespace(**{member.name: member.value for member in enum})


_FT: Final = _plain(FulfillmentType)
_FS: Final = _plain(FulfillmentStatus)
_CT: Final = _plain(TierConfigRequestType)
_CS: Final = _plain(TierConfigRequestStatus)


def _fulfillment_plan(status: str, rnd: Callable[[], float]) -> list[tuple[str, str]]:
    """(type, status) of the fulfillment requests a subscription in ``status`` went through."""
    t, s = _FT, _FS
    if status == SubscriptionStatus.DRAFT:
        return [(t.PURCHASE, (s.DRAFT, s.DRAFT, s.TIERS_SETUP)[int(rnd() * 3)])]
    if status == SubscriptionStatus.PROCESSING:
        choices = (s.PENDING, s.PENDING, s.INQUIRING, s.TIERS_SETUP, s.SCHEDULED, s.REVOKING)
        return [(t.PURCHASE, choices[int(rnd() * len(choices))])]
    if status == SubscriptionStatus.TERMINATED and rnd() < 0.1:
        return [(t.PURCHASE, s.REVOKED)]
    plan = [(t.PURCHASE, s.APPROVED)]
    for _ in range((0, 0, 1, 1, 2)[int(rnd() * 5)]):
        kind = (t.CHANGE, t.CHANGE, t.RENEW, t.ADJUSTMENT, t.TRANSFER)[int(rnd() * 5)]
        plan.append((kind, s.APPROVED if rnd() < 0.85 else s.FAILED))
    if status == SubscriptionStatus.ACTIVE:
        roll = rnd()
        if roll < 0.1:
            plan += [(t.SUSPEND, s.APPROVED), (t.RESUME, s.APPROVED)]
        elif roll < 0.25:
            last = (s.PENDING, s.INQUIRING, s.SCHEDULED, s.TIERS_SETUP)[int(rnd() * 4)]
            plan.append(((t.CHANGE, t.RENEW, t.ADJUSTMENT)[int(rnd() * 3)], last))
    elif status == SubscriptionStatus.SUSPENDED:
        plan.append((t.SUSPEND, s.APPROVED))
    elif status == SubscriptionStatus.TERMINATING:
        plan.append((t.CANCEL, (s.PENDING, s.INQUIRING, s.SCHEDULED)[int(rnd() * 3)]))
    elif status == SubscriptionStatus.TERMINATED:
        plan.append((t.CANCEL, s.APPROVED))
    return plan


def _tier_config_plan(status: str, rnd: Callable[[], float]) -> list[tuple[str, str]]:
    """(type, status) of the requests a tier config in ``status`` went through."""
    t, s = _CT, _CS
    if status == TierConfigStatus.DRAFT:
        return [(t.SETUP, s.DRAFT)]
    if status == TierConfigStatus.PROCESSING:
        return [(t.SETUP, (s.PENDING, s.INQUIRING, s.TIERS_SETUP)[int(rnd() * 3)])]
    plan = [(t.SETUP, s.APPROVED)]
    if rnd() < 0.4:
        last = (s.APPROVED, s.APPROVED, s.PENDING, s.INQUIRING, s.FAILED)[int(rnd() * 5)]
        plan.append(((t.UPDATE, t.UPDATE, t.ADJUSTMENT)[int(rnd() * 3)], last))
    return plan


# -- the seeder ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rows:
    """A batch of rows for one table, each in its model's field order."""

    model: type[Model]
    rows: list[tuple[Any, ...]]


@dataclass(frozen=True)
class _Mark:
    """A progress mark: ``done`` of ``total`` in ``stage``."""

    stage: str
    done: int
    total: int


class _Seeder:
    """One run: the catalog and the plan from one generator, then the rows batch by batch.

    The plan is compact (arrays indexed by account, subscription or tier config number) so
    that a million accounts fit in memory; the rows are made from it a batch at a time,
    each batch from a generator seeded by the run's seed and the batch's number, so that a
    batch could be made anywhere, in any order, and come out the same.
    """

    def __init__(self, rng: random.Random, pools: tuple[_CountryPool, ...]) -> None:
        self.rng = rng
        self.pools = pools
        self.stream_seed = 0
        self.taken_uids: set[str] = set()

    def stream(self, stage: str, batch: int) -> random.Random:
        """The generator of one batch of rows."""
        return random.Random(f"{self.stream_seed}/{stage}/{batch}")

    # catalog

    def catalog(self, db: PeeweeDatabase) -> list[_Rows]:
        """Hubs, vendors, providers, the demo user, marketplaces and products."""
        rng = self.rng

        def ids(table: str) -> set[str]:
            return {row[0] for row in db.execute_sql(f"SELECT id FROM {table}").fetchall()}

        hub_ids = _fresh_ids(rng, len(_HUBS), 10**8, _hub_id, ids("hub") | {NO_HUB_ID})
        rng.shuffle(hub_ids)
        hub = row_maker(models.Hub)
        hubs = [
            hub(id=i, name=name, instance_type=kind.value)
            for i, (name, kind) in zip(hub_ids, _HUBS, strict=True)
        ]
        api_hubs = [
            i for i, (_, kind) in zip(hub_ids, _HUBS, strict=True) if kind == HubInstanceType.API
        ]
        oa_hubs = [
            i for i, (_, kind) in zip(hub_ids, _HUBS, strict=True) if kind == HubInstanceType.OA
        ]
        self.hub_ids = [NO_HUB_ID, *api_hubs, *oa_hubs]
        self.api_hub_count = len(api_hubs)

        taken = ids("operator_account")
        vendor_names = rng.sample(_VENDOR_NAMES, 3)
        provider_names = rng.sample(_PROVIDER_NAMES, 3)
        vendors = _fresh_ids(rng, 3, 10**6, _two_groups("VA"), taken)
        providers = _fresh_ids(rng, 3, 10**6, _two_groups("PA"), taken)
        operator = row_maker(models.OperatorAccount)
        operators = [
            *(
                operator(id=i, name=name, role=OperatorRole.VENDOR.value)
                for i, name in zip(vendors, vendor_names, strict=True)
            ),
            *(
                operator(id=i, name=name, role=OperatorRole.PROVIDER.value)
                for i, name in zip(providers, provider_names, strict=True)
            ),
        ]
        self.owner_ids = [*vendors, *providers]

        found = db.execute_sql(
            "SELECT id FROM app_user WHERE name = ? ORDER BY id LIMIT 1", (DEMO_USER_NAME,)
        ).fetchone()
        (user_id,) = _fresh_ids(rng, 1, 10**9, _three_groups("UR"), ids("app_user"))
        app_user = row_maker(models.AppUser)
        users = [app_user(id=user_id, name=DEMO_USER_NAME)] if found is None else []
        self.user = user_id if found is None else str(found[0])

        countries = [p.code for p in self.pools]
        market_ids = _fresh_ids(rng, len(_MARKETPLACES), 10**5, _marketplace_id, ids("marketplace"))
        market = row_maker(models.Marketplace)
        markets = []
        self.market_ids: list[str] = []
        self.market_owner: list[str] = []
        market_countries: list[list[str]] = []
        for number, (market_id, (name, currency, listed)) in enumerate(
            zip(market_ids, _MARKETPLACES, strict=True)
        ):
            served = [c for c in listed if c in countries] if listed else countries
            if served:
                owner = providers[number % len(providers)]
                markets.append(
                    market(
                        id=market_id,
                        name=name,
                        owner=owner,
                        currency=currency,
                        countries=",".join(served),
                    )
                )
                self.market_ids.append(market_id)
                self.market_owner.append(owner)
                market_countries.append(served)
        self.markets_by_country = [
            [k for k, served in enumerate(market_countries) if code in served]
            or list(range(len(markets)))
            for code in countries
        ]

        product_ids = _fresh_ids(rng, len(_PRODUCTS), 10**9, _three_groups("PRD"), ids("product"))
        # Product numbers follow their ids (sorted): the order requests are numbered in.
        self.product_ids = product_ids
        self.product_vendor = [vendors[k % len(vendors)] for k in range(len(_PRODUCTS))]
        self.product_sync = [sync for _, sync, _, _ in _PRODUCTS]
        self.product_level = [level for _, _, level, _ in _PRODUCTS]
        product = row_maker(models.Product)
        products = [
            product(
                id=pid,
                name=name,
                vendor=vendor,
                status=status.value,
                tier_accounts_sync=int(sync),
                reseller_authorization_level=level,
            )
            for pid, vendor, (name, sync, level, status) in zip(
                product_ids, self.product_vendor, _PRODUCTS, strict=True
            )
        ]
        sellable = [k for k, (*_, status) in enumerate(_PRODUCTS) if status != ProductStatus.DRAFT]
        self.sellable_one_tier = [k for k in sellable if self.product_level[k] <= 1]
        self.sellable_two_tiers = sellable
        return [
            _Rows(models.Hub, hubs),
            _Rows(models.OperatorAccount, operators),
            _Rows(models.AppUser, users),
            _Rows(models.Marketplace, markets),
            _Rows(models.Product, products),
        ]

    # plan

    def plan(self, n: int, taken: dict[str, set[str]]) -> None:
        """Decide the shape of everything, and every id, before a row is made."""
        self.plan_tree(n)
        self.plan_subscriptions()
        self.plan_edits()
        self.plan_tier_configs()
        rng = self.rng
        self.account_ids: list[str] = []
        used: set[int] = set()
        for count in (*self.levels, n - self.resellers):
            self.account_ids += _fresh_ids(
                rng, count, 10**12, _four_groups("TA"), taken["tier_account"], used
            )
        self.sub_ids = _fresh_ids(
            rng, len(self.sub_customer), 10**12, _four_groups("AS"), taken["subscription"]
        )
        self.config_ids = _fresh_ids(
            rng, len(self.config_keys), 10**9, _three_groups("TC"), taken["tier_config"]
        )
        # Drawn last: seeding a workspace again with the same seed meets its own ids first
        # (they are skipped), so the batches get other values, not copies of the accounts.
        self.stream_seed = rng.getrandbits(64)

    def plan_tree(self, n: int) -> None:
        """Who is whose parent, and what a tree shares: hub, owner and environment."""
        rng = self.rng
        rnd = rng.random
        resellers = 0 if n == 0 else min(n, max(1, round(n * RESELLER_SHARE)))
        if resellers < 3:
            levels = [resellers, 0, 0]
        else:
            first = max(1, round(resellers * LEVEL_SHARES[0]))
            third = max(1, round(resellers * LEVEL_SHARES[2]))
            second = resellers - first - third
            levels = [first, second, third] if second >= 1 else [first, resellers - first, 0]
        self.n, self.resellers, self.levels = n, resellers, levels

        country_cum = list(accumulate(_COUNTRY_WEIGHTS.get(p.code, 1) for p in self.pools))
        drawn_country = rng.choices(range(len(self.pools)), cum_weights=country_cum, k=n)
        parent = array("i", [-1]) * n
        country = bytearray(n)
        hub = bytearray(n)
        owner = bytearray(n)
        env = bytearray(n)
        created = array("q", [0]) * n
        oa_hub = len(self.hub_ids) - 1
        for i in range(levels[0]):
            country[i] = drawn_country[i]
            roll = rnd()
            if roll < OA_HUB_SHARE:
                hub[i] = oa_hub
            elif roll < OA_HUB_SHARE + API_HUB_SHARE:
                hub[i] = 1 + int(rnd() * self.api_hub_count)
            owner[i] = int(rnd() * len(self.owner_ids))
            env[i] = bisect(_ENVIRONMENT_CUM, rnd() * _ENVIRONMENT_CUM[-1])
            created[i] = int(rnd() * _END_US * 0.5)

        def attach(children: range, parents: Sequence[int]) -> None:
            for child, p in zip(children, parents, strict=True):
                parent[child] = p
                hub[child], owner[child], env[child] = hub[p], owner[p], env[p]
                if rnd() < SAME_COUNTRY_AS_PARENT:
                    country[child] = country[p]
                else:
                    country[child] = drawn_country[child]
                born = created[p] + _HOUR_US
                created[child] = born + int(rnd() * (_END_US - born) * 0.9)

        start = levels[0]
        for level in (1, 2):
            above, count = start - levels[level - 1], levels[level]
            attach(
                range(start, start + count),
                [above + int(rnd() * levels[level - 1]) for _ in range(count)],
            )
            start += count
        sizes = list(accumulate(rng.paretovariate(1.3) for _ in range(resellers)))
        if n > resellers:
            attach(
                range(resellers, n),
                rng.choices(range(resellers), cum_weights=sizes, k=n - resellers),
            )

        has_children = bytearray(n)
        for p in parent:
            if p >= 0:
                has_children[p] = 1
        ended = array("q", [-1]) * n
        for i in range(n):
            if not has_children[i] and rnd() < DECOMMISSIONED_SHARE:
                ended[i] = created[i] + int((_END_US - created[i]) * (0.3 + 0.7 * rnd()))
        self.parent, self.country, self.hub, self.owner, self.env = parent, country, hub, owner, env
        self.created, self.ended = created, ended

    def plan_subscriptions(self) -> None:
        """Which customer subscribes to which product where; which accounts are linked."""
        rnd = self.rng.random
        n, parent, ended, born_at, country = (
            self.n,
            self.parent,
            self.ended,
            self.created,
            self.country,
        )
        customer = array("i")
        product = bytearray()
        market = bytearray()
        statuses = bytearray()
        created = array("q")
        linked = bytearray(n)
        add_customer, add_product, add_market = customer.append, product.append, market.append
        add_status, add_created = statuses.append, created.append
        one_tier, two_tiers = self.sellable_one_tier, self.sellable_two_tiers
        markets_by_country = self.markets_by_country
        status_top = _SUBSCRIPTION_CUM[-1]
        for c in range(self.resellers, n):
            live = ended[c] < 0
            if rnd() >= (SUBSCRIBED_SHARE if live else 0.6):
                continue
            tier1 = parent[c]
            tier2 = parent[tier1]
            eligible = two_tiers if tier2 >= 0 else one_tier
            count = min((1, 1, 1, 2, 2, 3)[int(rnd() * 6)] if live else 1, len(eligible))
            markets = markets_by_country[country[c]]
            born = born_at[c]
            span = (_END_US if live else ended[c]) - born - 1
            picked: list[int] = []
            while len(picked) < count:
                k = eligible[int(rnd() * len(eligible))]
                if k not in picked:
                    picked.append(k)
            for k in picked:
                add_customer(c)
                add_product(k)
                add_market(markets[int(rnd() * len(markets))])
                add_created(born + 1 + int(rnd() * span))
                add_status(bisect(_SUBSCRIPTION_CUM, rnd() * status_top) if live else _TERMINATED)
            linked[c] = linked[tier1] = 1
            if tier2 >= 0:
                linked[tier2] = 1
        self.sub_customer, self.sub_product, self.sub_market = customer, product, market
        self.sub_status, self.sub_created, self.linked = statuses, created, linked

    def plan_edits(self) -> None:
        """Versions per account, and the products each edited account raises requests for."""
        rnd = self.rng.random
        oa_hub = len(self.hub_ids) - 1
        versions = bytearray(b"\x01") * self.n
        for i in range(self.n):
            if self.hub[i] == oa_hub:
                continue  # accounts of the commerce system are not edited here
            if self.linked[i]:
                if rnd() < EDITED_SHARE:
                    versions[i] = (2, 2, 2, 3, 3, 4)[int(rnd() * 6)]
            elif rnd() < EDITED_UNLINKED_SHARE:
                versions[i] = 2
        # Per edited account: product number → provider, the lowest id among the owners of
        # the marketplaces of its subscriptions of that product (as linked_products says).
        links: dict[int, dict[int, str]] = {}
        parent = self.parent
        for s, c in enumerate(self.sub_customer):
            owner = self.market_owner[self.sub_market[s]]
            k = self.sub_product[s]
            tier1 = parent[c]
            for a in (c, tier1, parent[tier1]):
                if a >= 0 and versions[a] > 1:
                    products = links.setdefault(a, {})
                    known = products.get(k)
                    products[k] = owner if known is None or owner < known else known
        self.versions, self.links = versions, links

    def plan_tier_configs(self) -> None:
        """Some of the (reseller, product, tier level) triples the subscriptions imply."""
        rnd = self.rng.random
        parent, products = self.parent, len(self.product_ids)
        keys = set()
        for s, c in enumerate(self.sub_customer):
            k = self.sub_product[s]
            level = self.product_level[k]
            tier1 = parent[c]
            if level >= 1:
                keys.add((tier1 * products + k) * 2)
                tier2 = parent[tier1]
                if level == 2 and tier2 >= 0:
                    keys.add((tier2 * products + k) * 2 + 1)
        self.config_keys = [key for key in sorted(keys) if rnd() < TIER_CONFIG_SHARE]

    # rows

    def rows(self) -> Iterator[_Rows | _Mark]:
        """Every row of the plan, in batches in foreign-key order, with progress marks."""
        n = self.n
        yield _Mark("accounts", 0, n)
        for batch, start in enumerate(range(0, n, BATCH)):
            stop = min(n, start + BATCH)
            yield from self.account_batch(batch, start, stop)
            yield _Mark("accounts", stop, n)
        total = len(self.sub_ids)
        yield _Mark("subscriptions", 0, total)
        for batch, start in enumerate(range(0, total, BATCH)):
            stop = min(total, start + BATCH)
            yield from self.subscription_batch(batch, start, stop)
            yield _Mark("subscriptions", stop, total)
        total = len(self.config_ids)
        yield _Mark("tier configs", 0, total)
        for batch, start in enumerate(range(0, total, BATCH)):
            stop = min(total, start + BATCH)
            yield from self.tier_config_batch(batch, start, stop)
            yield _Mark("tier configs", stop, total)

    def account_batch(self, batch: int, start: int, stop: int) -> list[_Rows]:
        """Accounts ``start`` to ``stop``, their version snapshots and their requests."""
        rng = self.stream("accounts", batch)
        rnd, bits, time = rng.random, rng.getrandbits, _time
        ids, parent, pools, country = self.account_ids, self.parent, self.pools, self.country
        created_at_us, ended_at_us, version_counts = self.created, self.ended, self.versions
        hub_of, owner_of, env_of, links = self.hub, self.owner, self.env, self.links
        hub_ids, owner_ids, user = self.hub_ids, self.owner_ids, self.user
        reseller_count, taken_uids = self.resellers, self.taken_uids
        account_row = row_maker(models.TierAccount)
        version_row = row_maker(models.TierAccountVersion)
        rows: list[tuple[Any, ...]] = []
        versions: list[tuple[Any, ...]] = []
        requests: list[tuple[Any, ...]] = []
        for i in range(start, stop):
            account_id = ids[i]
            pool = pools[country[i]]
            p = parent[i]
            parent_id = ids[p] if p >= 0 else None
            kind = "reseller" if i < reseller_count else "customer"
            company = pool.companies[int(rnd() * len(pool.companies))]
            state: tuple[int, ...] = (
                int(rnd() * len(pool.persons)),
                int(rnd() * len(pool.streets)),
                int(rnd() * len(pool.localities)),
                int(rnd() * len(pool.phones)) if pool.phones else -1,
                10_000_000 + int(rnd() * 89_999_999),
            )
            has_tax = rnd() < TAX_ID_SHARE
            uid = _uuid4(bits(128))
            while uid in taken_uids:  # only ever when the workspace had accounts
                uid = _uuid4(bits(128))
            born = created_at_us[i]
            created_at = saved_at = time(born)
            ended = ended_at_us[i]
            version_count = version_counts[i]
            history = [state]
            times: list[int] = []
            if version_count > 1:
                end = ended if ended >= 0 else _END_US
                times = _spread(rnd, born + 1, end, version_count - 1)
                for _ in times:
                    state = _edited(state, pool, has_tax, rnd)
                    history.append(state)
            parent_json = f'"{parent_id}"' if parent_id else "null"
            for number, values in enumerate(history, start=1):
                person = pool.persons[values[0]]
                street = pool.streets[values[1]]
                locality = pool.localities[values[2]]
                phone = pool.phones[values[3]] if values[3] >= 0 else _NO_PHONE
                if number > 1:
                    saved_at = time(times[number - 2])
                versions.append(
                    version_row(
                        account=account_id,
                        version=number,
                        data=f"{{{street[2]}, {locality[4]}, "
                        f'"email": "{person[5]}@{company[5]}", "external_id": "{values[4]}", '
                        f'"external_uid": "{uid}", {person[3]}, "name": {company[1]}, '
                        f'"parent_id": {parent_json}, "phone": {phone[4]}, '
                        f'{locality[5] if has_tax else locality[6]}, "type": "{kind}"}}',
                        saved_at=saved_at,
                        saved_by=user,
                    )
                )
            external_id = str(state[4])
            tax = locality[3] if has_tax else ""
            search = (
                f"{account_id.lower()} {company[2]} {external_id} {uid} "
                f"{person[4]}@{company[4]} {locality[7]}"
            )
            rows.append(
                account_row(
                    id=account_id,
                    version=version_count,
                    type=kind,
                    parent=parent_id,
                    name=company[0],
                    external_id=external_id,
                    external_uid=uid,
                    tax_id=tax,
                    address_line1=street[0],
                    address_line2=street[1],
                    city=locality[0],
                    state=locality[1],
                    postal_code=locality[2],
                    country=pool.code,
                    first_name=person[0],
                    last_name=person[1],
                    email=f"{person[2]}@{company[3]}",
                    phone_country_code=phone[0],
                    phone_area_code=phone[1],
                    phone_number=phone[2],
                    phone_extension=phone[3],
                    hub=hub_ids[hub_of[i]],
                    owner=owner_ids[owner_of[i]],
                    environment=_ENVIRONMENTS[env_of[i]],
                    created_at=created_at,
                    created_by=user,
                    updated_at=saved_at,
                    updated_by=user,
                    decommissioned_at=time(ended) if ended >= 0 else None,
                    decommissioned_by=user if ended >= 0 else None,
                    search_text=f"{search} {locality[8]}" if tax else search,
                )
            )
            if version_count > 1 and i in links:
                requests += self._requests(account_id, times, links[i], rnd)
        return [
            _Rows(models.TierAccount, rows),
            _Rows(models.TierAccountVersion, versions),
            _Rows(models.TierAccountRequest, requests),
        ]

    def _requests(
        self,
        account_id: str,
        times: list[int],
        products: dict[int, str],
        rnd: Callable[[], float],
    ) -> list[tuple[Any, ...]]:
        """One request per linked product for each edit (versions 2 and up)."""
        digits = tier_account_digits(account_id)
        user = self.user
        request_row = row_maker(models.TierAccountRequest)
        rows = []
        latest = len(times) + 1
        for version, at in enumerate(times, start=2):
            created_at = _time(at)
            for sequence, k in enumerate(sorted(products), start=1):
                reason = ""
                decided_at = created_at
                if not self.product_sync[k]:
                    status, reason = _UNSUPPORTED, UNSUPPORTED_REASON
                else:
                    roll = rnd()
                    pending = 0.45 if version == latest else 0.1
                    if roll < pending:
                        status = _PENDING
                    elif roll < pending + (1 - pending) * 0.72:
                        status = _ACCEPTED
                    else:
                        status = _IGNORED
                        reason = _IGNORE_REASONS[int(rnd() * len(_IGNORE_REASONS))]
                    if status != _PENDING:
                        decided_at = _time(at + 1 + int(rnd() * (_END_US - at - 1)))
                rows.append(
                    request_row(
                        id=f"TAR-{digits}-{version:03d}-{sequence:03d}",
                        account=account_id,
                        version=version,
                        product=self.product_ids[k],
                        vendor=self.product_vendor[k],
                        provider=products[k],
                        status=status,
                        reason=reason,
                        created_at=created_at,
                        created_by=user,
                        updated_at=decided_at,
                        updated_by=user,
                    )
                )
        return rows

    def subscription_batch(self, batch: int, start: int, stop: int) -> list[_Rows]:
        """Subscriptions ``start`` to ``stop`` and their fulfillment requests."""
        rnd = self.stream("subscriptions", batch).random
        time, ids, parent, sub_ids = _time, self.account_ids, self.parent, self.sub_ids
        sub_customer, sub_product, sub_market = self.sub_customer, self.sub_product, self.sub_market
        sub_status, sub_created = self.sub_status, self.sub_created
        product_ids, market_ids = self.product_ids, self.market_ids
        subscription_row = row_maker(models.Subscription)
        fulfillment_row = row_maker(models.FulfillmentRequest)
        subscriptions: list[tuple[Any, ...]] = []
        fulfillment: list[tuple[Any, ...]] = []
        for s in range(start, stop):
            sub_id = sub_ids[s]
            c = sub_customer[s]
            tier1 = parent[c]
            tier2 = parent[tier1]
            status = _SUBSCRIPTION_STATUSES[sub_status[s]]
            born = sub_created[s]
            created_at = time(born)
            subscriptions.append(
                subscription_row(
                    id=sub_id,
                    product=product_ids[sub_product[s]],
                    marketplace=market_ids[sub_market[s]],
                    status=status,
                    customer=ids[c],
                    tier1=ids[tier1],
                    tier2=ids[tier2] if tier2 >= 0 else None,
                    created_at=created_at,
                )
            )
            plan = _fulfillment_plan(status, rnd)
            prefix = f"PR-{sub_id[3:]}-"
            fulfillment.append(
                fulfillment_row(
                    id=f"{prefix}001",
                    subscription=sub_id,
                    type=plan[0][0],
                    status=plan[0][1],
                    created_at=created_at,
                )
            )
            if len(plan) > 1:
                later = _spread(rnd, born + 1, _END_US, len(plan) - 1)
                for number, ((kind, state), at) in enumerate(
                    zip(plan[1:], later, strict=True), start=2
                ):
                    fulfillment.append(
                        fulfillment_row(
                            id=f"{prefix}{number:03d}",
                            subscription=sub_id,
                            type=kind,
                            status=state,
                            created_at=time(at),
                        )
                    )
        return [
            _Rows(models.Subscription, subscriptions),
            _Rows(models.FulfillmentRequest, fulfillment),
        ]

    def tier_config_batch(self, batch: int, start: int, stop: int) -> list[_Rows]:
        """Tier configs ``start`` to ``stop`` and their requests."""
        rnd = self.stream("tier configs", batch).random
        products = len(self.product_ids)
        config_row = row_maker(models.TierConfig)
        config_request_row = row_maker(models.TierConfigRequest)
        configs: list[tuple[Any, ...]] = []
        requests: list[tuple[Any, ...]] = []
        for c in range(start, stop):
            config_id, key = self.config_ids[c], self.config_keys[c]
            account, k, level = key // 2 // products, key // 2 % products, key % 2 + 1
            status = _TIER_CONFIG_STATUSES[bisect(_TIER_CONFIG_CUM, rnd() * _TIER_CONFIG_CUM[-1])]
            account_born = self.created[account]
            born = account_born + 1 + int(rnd() * (_END_US - account_born) * 0.5)
            account_id = self.account_ids[account]
            configs.append(
                config_row(
                    id=config_id,
                    name=f"Configuration of {account_id}",
                    account=account_id,
                    product=self.product_ids[k],
                    tier_level=level,
                    status=status,
                    created_at=_time(born),
                )
            )
            plan = _tier_config_plan(status, rnd)
            times = [born, *_spread(rnd, born + 1, _END_US, len(plan) - 1)]
            prefix = f"TCR-{config_id[3:]}-"
            for number, ((kind, state), at) in enumerate(zip(plan, times, strict=True), 1):
                requests.append(
                    config_request_row(
                        id=f"{prefix}{number:03d}",
                        config=config_id,
                        type=kind,
                        status=state,
                        created_at=_time(at),
                    )
                )
        return [
            _Rows(models.TierConfig, configs),
            _Rows(models.TierConfigRequest, requests),
        ]


def _edited(
    state: tuple[int, ...], pool: _CountryPool, has_tax: bool, rnd: Callable[[], float]
) -> tuple[int, ...]:
    """An edit: another contact, a move (street and city) or another phone.

    When that changes nothing that shows (two equal pool entries), the external id changes
    too, so that every version differs from the one before.
    """
    sizes = (len(pool.persons), len(pool.streets), len(pool.localities), len(pool.phones))
    after = list(state)
    for k in ((0,), (1, 2), (3,))[int(rnd() * 3)]:
        if sizes[k] > 1:
            after[k] = (after[k] + 1 + int(rnd() * (sizes[k] - 1))) % sizes[k]
    if _shown(state, pool, has_tax) == _shown(tuple(after), pool, has_tax):
        after[4] = 10_000_000 + (after[4] - 10_000_000 + 1) % 89_999_999
    return tuple(after)


def _shown(state: tuple[int, ...], pool: _CountryPool, has_tax: bool) -> tuple[object, ...]:
    """The account values ``state`` stands for (what an edit must change)."""
    return (
        pool.persons[state[0]][:3],
        pool.streets[state[1]][:2],
        pool.localities[state[2]][: 4 if has_tax else 3],
        pool.phones[state[3]][:4] if state[3] >= 0 else None,
        state[4],
    )


@contextmanager
def _indexes_dropped(db: PeeweeDatabase, tables: Sequence[str]) -> Iterator[None]:
    """Drop the secondary indexes of ``tables``, and make them again, exactly, at the end.

    Filling the tables first and then building each index in one sorted pass is several
    times faster than updating a dozen indexes row by row. For use inside a transaction:
    when anything fails, the rollback brings the indexes back too.
    """
    marks = ", ".join("?" * len(tables))
    if is_postgres(db):  # constraints' own indexes (primary keys, unique) stay
        indexes = db.execute_sql(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i"
            " JOIN pg_class c ON c.relname = i.indexname AND c.relkind = 'i'"
            " JOIN pg_index x ON x.indexrelid = c.oid"
            f" WHERE i.schemaname = current_schema() AND i.tablename IN ({marks})"
            " AND NOT x.indisprimary AND NOT x.indisunique ORDER BY 1",
            tuple(tables),
        ).fetchall()
    else:
        indexes = db.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            f" AND tbl_name IN ({marks}) ORDER BY name",
            tuple(tables),
        ).fetchall()
    for name, _sql in indexes:
        db.execute_sql(f'DROP INDEX "{name}"')
    yield
    with sort_indexes.sorting_threads(db):
        for _name, sql in indexes:
            db.execute_sql(sql)


def _fill(db: PeeweeDatabase, seeder: _Seeder, n: int, progress: Progress) -> SeedReport:
    """The catalog, the plan, then the rows in batches; inside the caller's transaction."""
    writer = BulkWriter(db)
    progress("catalog", 0, 1)
    for batch in seeder.catalog(db):
        writer.rows(batch.model, batch.rows)
    progress("catalog", 1, 1)
    taken = {
        table: {row[0] for row in db.execute_sql(f"SELECT id FROM {table}").fetchall()}
        for table in ("tier_account", "subscription", "tier_config")
    }
    if taken["tier_account"]:
        found = db.execute_sql("SELECT external_uid FROM tier_account").fetchall()
        seeder.taken_uids = {uid for (uid,) in found}
    seeder.plan(n, taken)
    bulk = n >= INDEXES_REBUILT_FROM and n >= len(taken["tier_account"])
    counts: dict[type[Model], int] = dict.fromkeys(_BULK_MODELS, 0)
    with (
        tallies.suspended(db) if bulk else nullcontext(),  # counts last, with indexes back
        _indexes_dropped(db, [m._meta.table_name for m in _BULK_MODELS]) if bulk else nullcontext(),
        search_index.suspended(db) if bulk else nullcontext(),
    ):
        for item in seeder.rows():
            if isinstance(item, _Mark):
                progress(item.stage, item.done, item.total)
            else:
                counts[item.model] += writer.rows(item.model, item.rows)
        if bulk:
            progress("indexes", 0, 1)
    if bulk:
        progress("indexes", 1, 1)
    return SeedReport(
        accounts=counts[models.TierAccount],
        resellers=seeder.resellers,
        customers=n - seeder.resellers,
        subscriptions=counts[models.Subscription],
        fulfillment_requests=counts[models.FulfillmentRequest],
        tier_configs=counts[models.TierConfig],
        tier_config_requests=counts[models.TierConfigRequest],
        tier_account_requests=counts[models.TierAccountRequest],
        seconds=0.0,
    )
