"""The demo seed's clock, uuids, fresh ids and batches of rows, shared by its other modules."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from peewee import Model

BASE_TIME: Final = datetime(2024, 1, 1, tzinfo=UTC)
SPAN_DAYS: Final = 730
HOUR_US: Final = 3_600_000_000
END_US: Final = SPAN_DAYS * 86_400_000_000
"""Every time of the demo data is ``BASE_TIME`` plus an offset below this (microseconds)."""

_DAY_PREFIXES: Final = tuple(
    (BASE_TIME + timedelta(days=d)).strftime("%Y-%m-%dT") for d in range(SPAN_DAYS + 1)
)
_CLOCK: Final = tuple(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86_400))
_UUID_CLEAR: Final = ~((0xF000 << 64) | (0xC000 << 48))
_UUID_SET: Final = (0x4000 << 64) | (0x8000 << 48)


@dataclass(frozen=True)
class Rows:
    """A batch of rows for one table, each in its model's field order."""

    model: type[Model]
    rows: list[tuple[Any, ...]]


@dataclass(frozen=True)
class Mark:
    """A progress mark: ``done`` of ``total`` in ``stage``."""

    stage: str
    done: int
    total: int


def db_time(offset_us: int) -> str:
    """``BASE_TIME`` plus ``offset_us`` microseconds, as ``to_db_time`` writes it."""
    seconds, micros = divmod(offset_us, 1_000_000)
    day, seconds = divmod(seconds, 86_400)
    return f"{_DAY_PREFIXES[day]}{_CLOCK[seconds]}.{micros:06d}Z"


def uuid4_text(bits: int) -> str:
    """``str(uuid.UUID(int=bits, version=4))``, several times faster."""
    h = f"{(bits & _UUID_CLEAR) | _UUID_SET:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def fresh_ids(
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


def spread(rnd: Callable[[], float], start: int, end: int, count: int) -> list[int]:
    """``count`` increasing times in ``[start, end)`` (microsecond offsets)."""
    width = max(end - start - count, 1)
    times = sorted(start + int(rnd() * width) for _ in range(count))
    return [t + i for i, t in enumerate(times)]


def plain(enum: type[StrEnum]) -> SimpleNamespace:
    """An enum's values as plain strings under the members' names (quicker to bind)."""
    return SimpleNamespace(**{member.name: member.value for member in enum})
