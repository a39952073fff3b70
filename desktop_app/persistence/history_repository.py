"""What an account's history reads besides its versions: the requests each version raised."""

from __future__ import annotations

from typing import Any, TypeAlias

from peewee import ModelSelect

from desktop_app.domain.accounts import Event
from desktop_app.domain.enums import RequestStatus
from desktop_app.persistence import models
from desktop_app.persistence.fields import from_db_time
from desktop_app.persistence.prepared import slot
from desktop_app.persistence.repository_base import Repository
from desktop_app.services.history_rows import VersionRequest

_R, _P = models.TierAccountRequest, models.Product

_Select: TypeAlias = "ModelSelect[Any]"  # peewee's stubs are generic


def _account_requests() -> _Select:
    """Every request of account ``slot(0)`` (its ``account, status`` index), by version."""
    return (
        _R.select(_R.id, _R.version, _R.product, _P.name, _R.status, _R.updated_at, _R.updated_by)
        .join(_P, on=(_P.id == _R.product))
        .where(_R.account == slot(0))
        .order_by(_R.version.desc(), _R.id)
    )


class SqlHistoryRepository(Repository):
    """Reads for the History tab of an account."""

    def account_requests(self, account_id: str) -> list[VersionRequest]:
        """Every tier account request of ``account_id``, newest version first."""
        rows = self._all(self._prepare(_account_requests), (account_id,))
        return [
            VersionRequest(
                id=str(r[0]),
                version=int(r[1]),
                product_id=str(r[2]),
                product_name=str(r[3]),
                status=RequestStatus(r[4]),
                updated=Event(from_db_time(r[5]), str(r[6])),
            )
            for r in rows
        ]
