"""The demo seed's tier accounts: their rows, version snapshots and tier account requests.

An account's values are pool entries picked by number; its snapshot (JSON) and its search
text are put together from pieces each pool entry holds ready, so that they come out exactly
as :func:`desktop_app.persistence.mapping.snapshot_json` and ``search_text`` write them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any, Final, NamedTuple

from desktop_app.demo.seed_plan import ENVIRONMENTS, Plan
from desktop_app.demo.seed_pools import NO_PHONE, CountryPool
from desktop_app.demo.seed_values import END_US, Rows, db_time, spread, uuid4_text
from desktop_app.domain.enums import RequestStatus
from desktop_app.domain.ids import tier_account_request_id
from desktop_app.domain.requests import UNSUPPORTED_REASON
from desktop_app.persistence import models
from desktop_app.persistence.model_rows import row_maker

TAX_ID_SHARE: Final = 0.4
_FIRST_EXTERNAL_ID: Final = 10_000_000
_EXTERNAL_IDS: Final = 89_999_999

_PENDING: Final = RequestStatus.PENDING.value
_ACCEPTED: Final = RequestStatus.ACCEPTED.value
_IGNORED: Final = RequestStatus.IGNORED.value
_UNSUPPORTED: Final = RequestStatus.UNSUPPORTED.value
_IGNORE_REASONS: Final = (
    "The address does not match the one in our records.",
    "Duplicate of an account we already have; please merge them first.",
    "The contact's email bounced; please confirm it with the customer.",
    "The tax ID could not be verified.",
    "Change the account in the commerce system first, then edit it here again.",
)


class Picks(NamedTuple):
    """One version of an account: its pool entries by number, and its external id."""

    person: int
    street: int
    locality: int
    phone: int
    """-1: no phone (the pool has none)."""
    external_id: int


def account_batch(
    plan: Plan, rng: random.Random, start: int, stop: int, taken_uids: set[str]
) -> list[Rows]:
    """Accounts ``start`` to ``stop``, their version snapshots and their requests."""
    rnd, bits, time = rng.random, rng.getrandbits, db_time
    ids, parent, pools, country = plan.account_ids, plan.parent, plan.pools, plan.country
    created_at_us, ended_at_us, version_counts = plan.created, plan.ended, plan.versions
    hub_of, owner_of, env_of, links = plan.hub, plan.owner, plan.env, plan.links
    hub_ids, owner_ids, user = plan.catalog.hub_ids, plan.catalog.owner_ids, plan.catalog.user
    reseller_count = plan.resellers
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
        picks = Picks(
            int(rnd() * len(pool.persons)),
            int(rnd() * len(pool.streets)),
            int(rnd() * len(pool.localities)),
            int(rnd() * len(pool.phones)) if pool.phones else -1,
            _FIRST_EXTERNAL_ID + int(rnd() * _EXTERNAL_IDS),
        )
        has_tax = rnd() < TAX_ID_SHARE
        uid = uuid4_text(bits(128))
        while uid in taken_uids:  # only ever when the workspace had accounts
            uid = uuid4_text(bits(128))
        born = created_at_us[i]
        created_at = saved_at = time(born)
        ended = ended_at_us[i]
        version_count = version_counts[i]
        history = [picks]
        times: list[int] = []
        if version_count > 1:
            end = ended if ended >= 0 else END_US
            times = spread(rnd, born + 1, end, version_count - 1)
            for _ in times:
                picks = _edited(picks, pool, has_tax, rnd)
                history.append(picks)
        parent_json = f'"{parent_id}"' if parent_id else "null"
        for number, values in enumerate(history, start=1):
            person = pool.persons[values.person]
            street = pool.streets[values.street]
            locality = pool.localities[values.locality]
            phone = pool.phones[values.phone] if values.phone >= 0 else NO_PHONE
            if number > 1:
                saved_at = time(times[number - 2])
            versions.append(
                version_row(
                    account=account_id,
                    version=number,
                    data=f"{{{street.lines_json}, {locality.city_json}, "
                    f'"email": "{person.local_part_escaped}@{company.domain_escaped}", '
                    f'"external_id": "{values.external_id}", '
                    f'"external_uid": "{uid}", {person.names_json}, "name": {company.name_json}, '
                    f'"parent_id": {parent_json}, "phone": {phone.json}, '
                    f"{locality.rest_json if has_tax else locality.rest_json_without_tax_id}, "
                    f'"type": "{kind}"}}',
                    saved_at=saved_at,
                    saved_by=user,
                    operator_id=owner_ids[owner_of[i]],  # the owner edits its own accounts
                )
            )
        external_id = str(picks.external_id)
        tax = locality.tax_id if has_tax else ""
        search = (
            f"{account_id.lower()} {company.folded_name} {external_id} {uid} "
            f"{person.folded_local_part}@{company.folded_domain} {locality.folded_city}"
        )
        rows.append(
            account_row(
                id=account_id,
                version=version_count,
                type=kind,
                parent=parent_id,
                name=company.name,
                external_id=external_id,
                external_uid=uid,
                tax_id=tax,
                address_line1=street.line1,
                address_line2=street.line2,
                city=locality.city,
                state=locality.state,
                postal_code=locality.postal_code,
                country=pool.code,
                first_name=person.first_name,
                last_name=person.last_name,
                email=f"{person.local_part}@{company.domain}",
                phone_country_code=phone.country_code,
                phone_area_code=phone.area_code,
                phone_number=phone.number,
                phone_extension=phone.extension,
                hub=hub_ids[hub_of[i]],
                owner=owner_ids[owner_of[i]],
                environment=ENVIRONMENTS[env_of[i]],
                created_at=created_at,
                created_by=user,
                updated_at=saved_at,
                updated_by=user,
                decommissioned_at=time(ended) if ended >= 0 else None,
                decommissioned_by=user if ended >= 0 else None,
                search_text=f"{search} {locality.folded_tax_id}" if tax else search,
            )
        )
        if version_count > 1 and i in links:
            requests += _requests(plan, account_id, times, links[i], rnd)
    return [
        Rows(models.TierAccount, rows),
        Rows(models.TierAccountVersion, versions),
        Rows(models.TierAccountRequest, requests),
    ]


def _requests(
    plan: Plan,
    account_id: str,
    times: list[int],
    products: dict[int, str],
    rnd: Callable[[], float],
) -> list[tuple[Any, ...]]:
    """One request per linked product for each edit (versions 2 and up)."""
    catalog = plan.catalog
    user = catalog.user
    request_row = row_maker(models.TierAccountRequest)
    rows = []
    latest = len(times) + 1
    for version, at in enumerate(times, start=2):
        created_at = db_time(at)
        for sequence, k in enumerate(sorted(products), start=1):
            reason = ""
            decided_at = created_at
            if not catalog.product_sync[k]:
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
                    decided_at = db_time(at + 1 + int(rnd() * (END_US - at - 1)))
            rows.append(
                request_row(
                    id=tier_account_request_id(account_id, version, sequence),
                    account=account_id,
                    version=version,
                    product=catalog.product_ids[k],
                    vendor=catalog.product_vendor[k],
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


def _edited(picks: Picks, pool: CountryPool, has_tax: bool, rnd: Callable[[], float]) -> Picks:
    """An edit: another contact, a move (street and city) or another phone.

    When that changes nothing that shows (two equal pool entries), the external id changes
    too, so that every version differs from the one before.
    """
    sizes = (len(pool.persons), len(pool.streets), len(pool.localities), len(pool.phones))
    after = list(picks)
    for k in ((0,), (1, 2), (3,))[int(rnd() * 3)]:
        if sizes[k] > 1:
            after[k] = (after[k] + 1 + int(rnd() * (sizes[k] - 1))) % sizes[k]
    edited = Picks(*after)
    if _shown(picks, pool, has_tax) == _shown(edited, pool, has_tax):
        offset = (picks.external_id - _FIRST_EXTERNAL_ID + 1) % _EXTERNAL_IDS
        edited = edited._replace(external_id=_FIRST_EXTERNAL_ID + offset)
    return edited


def _shown(picks: Picks, pool: CountryPool, has_tax: bool) -> tuple[object, ...]:
    """The account values ``picks`` stands for (what an edit must change)."""
    person = pool.persons[picks.person]
    street = pool.streets[picks.street]
    locality = pool.localities[picks.locality]
    phone = pool.phones[picks.phone] if picks.phone >= 0 else None
    return (
        (person.first_name, person.last_name, person.local_part),
        (street.line1, street.line2),
        (locality.city, locality.state, locality.postal_code),
        locality.tax_id if has_tax else None,
        (phone.country_code, phone.area_code, phone.number, phone.extension) if phone else None,
        picks.external_id,
    )
