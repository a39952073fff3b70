"""Identifier formats of Connect objects: generators and validators."""

from __future__ import annotations

import random
import re
from typing import Final

_SYSTEM_RANDOM: Final = random.SystemRandom()

TIER_ACCOUNT_ID: Final = re.compile(r"^TA-(?:0-)?\d{4}-\d{4}-\d{4}$")
TIER_ACCOUNT_REQUEST_ID: Final = re.compile(r"^TAR-\d{4}-\d{4}-\d{4}-\d{3}-\d{3}$")
VENDOR_ID: Final = re.compile(r"^VA-\d{3}-\d{3}$")
PROVIDER_ID: Final = re.compile(r"^PA-\d{3}-\d{3}$")
USER_ID: Final = re.compile(r"^(?:UR|SU)-\d{3}-\d{3}-\d{3}$")
PRODUCT_ID: Final = re.compile(r"^PRD-\d{3}-\d{3}-\d{3}$")
SUBSCRIPTION_ID: Final = re.compile(r"^AS-\d{4}-\d{4}-\d{4}$")
FULFILLMENT_REQUEST_ID: Final = re.compile(r"^PR-\d{4}-\d{4}-\d{4}-\d{3}$")
TIER_CONFIG_ID: Final = re.compile(r"^TC-\d{3}-\d{3}-\d{3}$")
TIER_CONFIG_REQUEST_ID: Final = re.compile(r"^TCR-\d{3}-\d{3}-\d{3}-\d{3}$")
HUB_ID: Final = re.compile(r"^HB-\d{4}-\d{4}$")
MARKETPLACE_ID: Final = re.compile(r"^MP-\d{5}$")

NO_HUB_ID: Final = "HB-0000-0000"


def _digits(rng: random.Random, groups: tuple[int, ...]) -> str:
    number = f"{rng.randrange(10 ** sum(groups)):0{sum(groups)}d}"  # one draw, not one a digit
    parts, start = [], 0
    for size in groups:
        parts.append(number[start : start + size])
        start += size
    return "-".join(parts)


def _rng(rng: random.Random | None) -> random.Random:
    return rng if rng is not None else _SYSTEM_RANDOM


def new_tier_account_id(rng: random.Random | None = None) -> str:
    """A fresh ``TA-DDDD-DDDD-DDDD``."""
    return "TA-" + _digits(_rng(rng), (4, 4, 4))


def new_vendor_id(rng: random.Random | None = None) -> str:
    """A fresh ``VA-DDD-DDD``."""
    return "VA-" + _digits(_rng(rng), (3, 3))


def new_provider_id(rng: random.Random | None = None) -> str:
    """A fresh ``PA-DDD-DDD``."""
    return "PA-" + _digits(_rng(rng), (3, 3))


def new_user_id(rng: random.Random | None = None) -> str:
    """A fresh ``UR-DDD-DDD-DDD``."""
    return "UR-" + _digits(_rng(rng), (3, 3, 3))


def new_product_id(rng: random.Random | None = None) -> str:
    """A fresh ``PRD-DDD-DDD-DDD``."""
    return "PRD-" + _digits(_rng(rng), (3, 3, 3))


def new_subscription_id(rng: random.Random | None = None) -> str:
    """A fresh ``AS-DDDD-DDDD-DDDD``."""
    return "AS-" + _digits(_rng(rng), (4, 4, 4))


def new_tier_config_id(rng: random.Random | None = None) -> str:
    """A fresh ``TC-DDD-DDD-DDD``."""
    return "TC-" + _digits(_rng(rng), (3, 3, 3))


def new_hub_id(rng: random.Random | None = None) -> str:
    """A fresh ``HB-DDDD-DDDD`` (never the ``HB-0000-0000`` placeholder)."""
    while (hub := "HB-" + _digits(_rng(rng), (4, 4))) == NO_HUB_ID:
        pass
    return hub


def new_marketplace_id(rng: random.Random | None = None) -> str:
    """A fresh ``MP-DDDDD``."""
    return "MP-" + _digits(_rng(rng), (5,))


def id_digits(object_id: str) -> str:
    """The digit groups of an id without its prefix: ``AS-1234-5678-9012`` → ``1234-5678-9012``."""
    _, _, rest = object_id.partition("-")
    return rest


def tier_account_digits(account_id: str) -> str:
    """The twelve digits of a tier account id as ``DDDD-DDDD-DDDD``, legacy ``TA-0-`` included."""
    rest = id_digits(account_id)
    return rest[2:] if rest.startswith("0-") else rest


def tier_account_request_id(account_id: str, version: int, sequence: int) -> str:
    """``TAR-<account digits>-<version:03d>-<sequence:03d>``."""
    return f"TAR-{tier_account_digits(account_id)}-{version:03d}-{sequence:03d}"


def fulfillment_request_id(subscription_id: str, sequence: int) -> str:
    """``PR-<subscription digits>-<sequence:03d>``."""
    return f"PR-{id_digits(subscription_id)}-{sequence:03d}"


def tier_config_request_id(config_id: str, sequence: int) -> str:
    """``TCR-<tier config digits>-<sequence:03d>``."""
    return f"TCR-{id_digits(config_id)}-{sequence:03d}"


def is_tier_account_id(text: str) -> bool:
    """True for ``TA-DDDD-DDDD-DDDD`` and the legacy ``TA-0-DDDD-DDDD-DDDD``."""
    return TIER_ACCOUNT_ID.match(text) is not None
