import random

import pytest

from desktop_app.domain import ids


@pytest.mark.parametrize(
    ("make", "pattern"),
    [
        (ids.new_tier_account_id, ids.TIER_ACCOUNT_ID),
        (ids.new_vendor_id, ids.VENDOR_ID),
        (ids.new_provider_id, ids.PROVIDER_ID),
        (ids.new_user_id, ids.USER_ID),
        (ids.new_product_id, ids.PRODUCT_ID),
        (ids.new_subscription_id, ids.SUBSCRIPTION_ID),
        (ids.new_tier_config_id, ids.TIER_CONFIG_ID),
        (ids.new_hub_id, ids.HUB_ID),
        (ids.new_marketplace_id, ids.MARKETPLACE_ID),
    ],
)
def test_generated_ids_have_the_platform_format(make, pattern):
    rng = random.Random(7)
    for _ in range(200):
        assert pattern.match(make(rng))


def test_same_seed_same_ids():
    assert ids.new_tier_account_id(random.Random(1)) == ids.new_tier_account_id(random.Random(1))


def test_request_id_carries_account_digits_version_and_sequence():
    assert ids.tier_account_request_id("TA-6458-9737-0065", 4, 1) == "TAR-6458-9737-0065-004-001"
    assert ids.TIER_ACCOUNT_REQUEST_ID.match("TAR-6458-9737-0065-004-001")


def test_legacy_account_ids_are_accepted_and_keep_their_twelve_digits():
    assert ids.is_tier_account_id("TA-0-1234-5678-9012")
    assert ids.tier_account_request_id("TA-0-1234-5678-9012", 2, 3) == "TAR-1234-5678-9012-002-003"
    assert not ids.is_tier_account_id("TA-1234-5678")
    assert not ids.is_tier_account_id("ta-1234-5678-9012")


def test_derived_ids():
    assert ids.fulfillment_request_id("AS-1111-2222-3333", 7) == "PR-1111-2222-3333-007"
    assert ids.tier_config_request_id("TC-111-222-333", 12) == "TCR-111-222-333-012"
    assert ids.FULFILLMENT_REQUEST_ID.match("PR-1111-2222-3333-007")
    assert ids.TIER_CONFIG_REQUEST_ID.match("TCR-111-222-333-012")


def test_new_hub_never_returns_the_none_placeholder():
    class Zeros(random.Random):
        calls = 0

        def randrange(self, *args, **kwargs):  # type: ignore[override]
            self.calls += 1
            return 0 if self.calls <= 8 else 1

    assert ids.new_hub_id(Zeros()) != ids.NO_HUB_ID


@pytest.mark.parametrize(
    ("format_id", "numbers", "pattern", "zero", "last"),
    [
        (
            ids.tier_account_id,
            ids.TIER_ACCOUNT_NUMBERS,
            ids.TIER_ACCOUNT_ID,
            "TA-0000-0000-0000",
            "TA-9999-9999-9999",
        ),
        (
            ids.subscription_id,
            ids.SUBSCRIPTION_NUMBERS,
            ids.SUBSCRIPTION_ID,
            "AS-0000-0000-0000",
            "AS-9999-9999-9999",
        ),
        (ids.user_id, ids.USER_NUMBERS, ids.USER_ID, "UR-000-000-000", "UR-999-999-999"),
        (ids.product_id, ids.PRODUCT_NUMBERS, ids.PRODUCT_ID, "PRD-000-000-000", "PRD-999-999-999"),
        (
            ids.tier_config_id,
            ids.TIER_CONFIG_NUMBERS,
            ids.TIER_CONFIG_ID,
            "TC-000-000-000",
            "TC-999-999-999",
        ),
        (ids.vendor_id, ids.OPERATOR_NUMBERS, ids.VENDOR_ID, "VA-000-000", "VA-999-999"),
        (ids.provider_id, ids.OPERATOR_NUMBERS, ids.PROVIDER_ID, "PA-000-000", "PA-999-999"),
        (ids.hub_id, ids.HUB_NUMBERS, ids.HUB_ID, ids.NO_HUB_ID, "HB-9999-9999"),
        (ids.marketplace_id, ids.MARKETPLACE_NUMBERS, ids.MARKETPLACE_ID, "MP-00000", "MP-99999"),
    ],
)
def test_an_id_is_formatted_from_its_number(format_id, numbers, pattern, zero, last):
    assert format_id(0) == zero
    assert format_id(numbers - 1) == last
    rng = random.Random(3)
    for number in (rng.randrange(numbers) for _ in range(500)):
        made = format_id(number)
        assert pattern.match(made)
        assert int(ids.id_digits(made).replace("-", "")) == number


def test_a_fresh_id_is_the_format_of_a_drawn_number():
    for seed in range(20):
        assert ids.new_tier_account_id(random.Random(seed)) == ids.tier_account_id(
            random.Random(seed).randrange(ids.TIER_ACCOUNT_NUMBERS)
        )
        assert ids.new_marketplace_id(random.Random(seed)) == ids.marketplace_id(
            random.Random(seed).randrange(ids.MARKETPLACE_NUMBERS)
        )
