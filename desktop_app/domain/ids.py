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


# How many ids of each kind there are: the numbers the formatters below take are below it.
TIER_ACCOUNT_NUMBERS: Final = 10**12
SUBSCRIPTION_NUMBERS: Final = 10**12
USER_NUMBERS: Final = 10**9
PRODUCT_NUMBERS: Final = 10**9
TIER_CONFIG_NUMBERS: Final = 10**9
HUB_NUMBERS: Final = 10**8
OPERATOR_NUMBERS: Final = 10**6
MARKETPLACE_NUMBERS: Final = 10**5


def _groups_4_4_4(prefix: str, number: int) -> str:
    digits = f"{number:012d}"
    return f"{prefix}-{digits[:4]}-{digits[4:8]}-{digits[8:]}"


def _groups_3_3_3(prefix: str, number: int) -> str:
    digits = f"{number:09d}"
    return f"{prefix}-{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def _groups_3_3(prefix: str, number: int) -> str:
    digits = f"{number:06d}"
    return f"{prefix}-{digits[:3]}-{digits[3:]}"


def tier_account_id(number: int) -> str:
    """``TA-DDDD-DDDD-DDDD`` of ``number`` (below ``TIER_ACCOUNT_NUMBERS``)."""
    return _groups_4_4_4("TA", number)


def subscription_id(number: int) -> str:
    """``AS-DDDD-DDDD-DDDD`` of ``number`` (below ``SUBSCRIPTION_NUMBERS``)."""
    return _groups_4_4_4("AS", number)


def user_id(number: int) -> str:
    """``UR-DDD-DDD-DDD`` of ``number`` (below ``USER_NUMBERS``)."""
    return _groups_3_3_3("UR", number)


def product_id(number: int) -> str:
    """``PRD-DDD-DDD-DDD`` of ``number`` (below ``PRODUCT_NUMBERS``)."""
    return _groups_3_3_3("PRD", number)


def tier_config_id(number: int) -> str:
    """``TC-DDD-DDD-DDD`` of ``number`` (below ``TIER_CONFIG_NUMBERS``)."""
    return _groups_3_3_3("TC", number)


def vendor_id(number: int) -> str:
    """``VA-DDD-DDD`` of ``number`` (below ``OPERATOR_NUMBERS``)."""
    return _groups_3_3("VA", number)


def provider_id(number: int) -> str:
    """``PA-DDD-DDD`` of ``number`` (below ``OPERATOR_NUMBERS``)."""
    return _groups_3_3("PA", number)


def hub_id(number: int) -> str:
    """``HB-DDDD-DDDD`` of ``number`` (below ``HUB_NUMBERS``; 0 gives ``NO_HUB_ID``)."""
    return f"HB-{number // 10_000:04d}-{number % 10_000:04d}"


def marketplace_id(number: int) -> str:
    """``MP-DDDDD`` of ``number`` (below ``MARKETPLACE_NUMBERS``)."""
    return f"MP-{number:05d}"


def _rng(rng: random.Random | None) -> random.Random:
    return rng if rng is not None else _SYSTEM_RANDOM


def new_tier_account_id(rng: random.Random | None = None) -> str:
    """A fresh ``TA-DDDD-DDDD-DDDD``."""
    return tier_account_id(_rng(rng).randrange(TIER_ACCOUNT_NUMBERS))


def new_vendor_id(rng: random.Random | None = None) -> str:
    """A fresh ``VA-DDD-DDD``."""
    return vendor_id(_rng(rng).randrange(OPERATOR_NUMBERS))


def new_provider_id(rng: random.Random | None = None) -> str:
    """A fresh ``PA-DDD-DDD``."""
    return provider_id(_rng(rng).randrange(OPERATOR_NUMBERS))


def new_user_id(rng: random.Random | None = None) -> str:
    """A fresh ``UR-DDD-DDD-DDD``."""
    return user_id(_rng(rng).randrange(USER_NUMBERS))


def new_product_id(rng: random.Random | None = None) -> str:
    """A fresh ``PRD-DDD-DDD-DDD``."""
    return product_id(_rng(rng).randrange(PRODUCT_NUMBERS))


def new_subscription_id(rng: random.Random | None = None) -> str:
    """A fresh ``AS-DDDD-DDDD-DDDD``."""
    return subscription_id(_rng(rng).randrange(SUBSCRIPTION_NUMBERS))


def new_tier_config_id(rng: random.Random | None = None) -> str:
    """A fresh ``TC-DDD-DDD-DDD``."""
    return tier_config_id(_rng(rng).randrange(TIER_CONFIG_NUMBERS))


def new_hub_id(rng: random.Random | None = None) -> str:
    """A fresh ``HB-DDDD-DDDD`` (never the ``HB-0000-0000`` placeholder)."""
    while (hub := hub_id(_rng(rng).randrange(HUB_NUMBERS))) == NO_HUB_ID:
        pass
    return hub


def new_marketplace_id(rng: random.Random | None = None) -> str:
    """A fresh ``MP-DDDDD``."""
    return marketplace_id(_rng(rng).randrange(MARKETPLACE_NUMBERS))


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
